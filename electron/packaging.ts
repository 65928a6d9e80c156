import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Which files Forge copies into the package. Everything the app runs is bundled into .vite/build, except
 * native modules, which must come from node_modules together with what they require at run time.
 * Pure Node (no 'electron' import), used by forge.config.ts and unit-tested.
 */

/** Loaded by hub.js from node_modules, never bundled: they carry compiled binaries. */
export const NATIVE_EXTERNALS: readonly string[] = ['better-sqlite3', '@node-rs/argon2'];

interface PackageJson {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Node's lookup: the nearest node_modules/<name> walking up from the requiring package. */
function findPackageDir(name: string, fromDir: string, rootDir: string): string | null {
  let dir = fromDir;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.resolve(dir) === path.resolve(rootDir)) return null;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * The installed packages the given roots need at run time, as paths relative to projectDir
 * ("node_modules/bindings", "node_modules/@node-rs/argon2-win32-x64-msvc", ...). Optional dependencies
 * count when installed: that is how @node-rs/argon2 ships the binary for this platform. Install-time
 * helpers (better-sqlite3's prebuild-install) are kept on purpose: Forge rebuilds natives for Electron
 * inside the package, and prebuild-install lets that download a prebuilt binary instead of compiling.
 */
export function runtimeDependencyDirs(roots: readonly string[], projectDir: string): string[] {
  const found = new Set<string>();
  const visit = (name: string, fromDir: string, optional: boolean) => {
    const dir = findPackageDir(name, fromDir, projectDir);
    if (dir === null) {
      if (optional) return;
      throw new Error(`runtime dependency ${name} is not installed (needed from ${fromDir})`);
    }
    const relative = path.relative(projectDir, dir).split(path.sep).join('/');
    if (found.has(relative)) return;
    found.add(relative);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) visit(dep, dir, true);
  };
  for (const root of roots) visit(root, projectDir, false);
  return [...found].sort();
}

/**
 * An ignore function for @electron/packager: keep package.json, the Vite output and the listed
 * node_modules folders (and the directories leading to them); drop everything else — sources, tests,
 * and the many dependencies already bundled into hub.js. Paths arrive as "/node_modules/x/...".
 */
export function packageIgnore(keptModuleDirs: readonly string[]): (file: string) => boolean {
  const kept = keptModuleDirs.map((dir) => `/${dir}`);
  return (file: string) => {
    if (!file) return false;
    const f = file.split(path.sep).join('/');
    if (f === '/package.json' || f === '/.vite' || f.startsWith('/.vite/')) return false;
    for (const dir of kept) {
      // Inside a kept package, or an ancestor folder on the way to one (/node_modules, /node_modules/@node-rs).
      if (f === dir || f.startsWith(`${dir}/`) || dir.startsWith(`${f}/`)) return false;
    }
    return true;
  };
}

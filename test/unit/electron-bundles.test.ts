import { fork } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { build } from 'vite';

/**
 * The bundles exactly as the desktop package carries them — main.js, preload.js and hub.js built by
 * Forge's Vite plugin from forge.config.ts — and the standalone hub started through the shell's launcher.
 * Electron's utilityProcess is replaced by child_process.fork (the same Node API surface the launcher
 * uses), since no Electron binary runs here.
 */
vi.mock('electron', () => ({
  utilityProcess: {
    fork: (entry: string, args: string[], options: { env?: NodeJS.ProcessEnv }) =>
      fork(entry, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] }),
  },
}));

const { HubStartFailure, startStandaloneHub } = await import('../../electron/standalone-hub.js');

const repo = fileURLToPath(new URL('../..', import.meta.url));
// Inside the repository, so hub.js resolves better-sqlite3 and @node-rs/argon2 from ./node_modules
// as it does from node_modules inside the package.
mkdirSync(path.join(repo, '.tmp'), { recursive: true });
const work = mkdtempSync(path.join(repo, '.tmp', 'electron-bundles-'));
const outDir = path.join(work, '.vite', 'build');

beforeAll(async () => {
  const { createJiti } = await import('jiti');
  const forgeConfig = (await createJiti(import.meta.url).import(path.join(repo, 'forge.config.ts'), { default: true })) as {
    plugins: { name: string; config?: unknown }[];
  };
  const vitePlugin = forgeConfig.plugins.find((plugin) => plugin.name === 'vite')!;
  const generatorModule = await import('@electron-forge/plugin-vite/dist/ViteConfig.js');
  type Generator = typeof generatorModule.default;
  const Generator = ((generatorModule.default as unknown as { default?: Generator }).default ?? generatorModule.default) as Generator;
  const pluginConfig = vitePlugin.config as ConstructorParameters<Generator>[0];
  expect(pluginConfig.build.map((entry) => entry.entry)).toEqual(['electron/main.ts', 'electron/preload.ts', 'server/main.ts']);
  for (const config of await new Generator(pluginConfig, repo, true).getBuildConfigs()) {
    await build({ ...config, configFile: false, logLevel: 'silent', build: { ...config.build, outDir, minify: false } });
  }
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Every module a bundle still loads at run time: its top-level ES imports, and for bundled CommonJS
 * code rolldown's `__require("x")` (the test builds unminified, so the helper keeps that name).
 */
function runtimeImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const found = new Set<string>();
  for (const m of code.matchAll(/^import\s+(?:[^;]*?\s+from\s+)?"([^"]+)";?$/gm)) found.add(m[1]!);
  for (const m of code.matchAll(/\b__require\("([^"]+)"\)/g)) found.add(m[1]!);
  return [...found].sort();
}

const isBuiltin = (id: string) => id.startsWith('node:') || builtinModules.includes(id);

describe('bundles', () => {
  it('main.js is an ES module that needs nothing but Electron and Node', () => {
    const main = path.join(outDir, 'main.js');
    expect(readFileSync(main, 'utf8')).toMatch(/^import /m);
    expect(runtimeImports(main).filter((id) => id !== 'electron' && !isBuiltin(id))).toEqual([]);
    expect(existsSync(path.join(outDir, 'first-run', 'index.html'))).toBe(true);
  });

  it('preload.js is one self-contained script exposing only the version and print', () => {
    const preload = readFileSync(path.join(outDir, 'preload.js'), 'utf8');
    expect(preload).not.toMatch(/^\s*import\s/m);
    // CommonJS: the one require is Electron's (a sandboxed preload may not load anything else).
    expect([...preload.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1])).toEqual(['electron']);
    const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string };
    expect(preload).toContain(pkg.version);
    expect(preload).toContain('exposeInMainWorld');
    expect(preload).not.toContain('ipcRenderer');
  });

  it('hub.js leaves only the native modules to node_modules, and carries its migrations', () => {
    const chunks = readdirSync(outDir).filter((f) => f.endsWith('.js') && f !== 'main.js' && f !== 'preload.js');
    const external = new Set(
      chunks.flatMap((f) => runtimeImports(path.join(outDir, f))).filter((id) => !isBuiltin(id) && !id.startsWith('./')),
    );
    expect([...external].sort()).toEqual(['@node-rs/argon2', 'better-sqlite3']);
    const journal = JSON.parse(readFileSync(path.join(outDir, 'migrations', 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    expect(journal.entries.length).toBeGreaterThan(0);
  });
});

describe('standalone hub', () => {
  it('starts the bundled hub on a random loopback port, with its migrations, and stops it', async () => {
    const dataDir = path.join(work, 'data');
    const died = vi.fn();
    const hub = await startStandaloneHub({ entry: path.join(outDir, 'hub.js'), dataDir, onUnexpectedExit: died });
    expect(hub.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const health = (await (await fetch(`${hub.origin}/api/health`)).json()) as { ok: boolean; schema: string | null };
    expect(health.ok).toBe(true);
    // The migrations copied next to hub.js were found and applied.
    expect(health.schema).toMatch(/^\d{4}_/);
    const status = await fetch(`${hub.origin}/api/op/setup.status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(status.status).toBe(200);

    await hub.stop();
    await expect(fetch(`${hub.origin}/api/health`)).rejects.toThrow();
    expect(died).not.toHaveBeenCalled();
  }, 60_000);

  it('reports a hub that exits before listening, with its error output', async () => {
    const broken = path.join(work, 'broken.mjs');
    writeFileSync(broken, "console.error('数据库来自更新的版本'); process.exit(1);\n");
    mkdirSync(path.join(work, 'data2'), { recursive: true });
    const error = await startStandaloneHub({ entry: broken, dataDir: path.join(work, 'data2'), onUnexpectedExit: () => {} }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HubStartFailure);
    expect((error as Error).message).toContain('退出码 1');
    expect((error as Error).message).toContain('数据库来自更新的版本');
  }, 30_000);

  it('tells the shell when a running hub dies', async () => {
    const flaky = path.join(work, 'flaky.mjs');
    writeFileSync(
      flaky,
      "console.log('http://127.0.0.1:45678'); setTimeout(() => { console.error('磁盘已满'); process.exit(7); }, 200);\n",
    );
    const died = new Promise<[number, string]>((resolve) => {
      void startStandaloneHub({ entry: flaky, dataDir: work, onUnexpectedExit: (code, stderr) => resolve([code, stderr]) });
    });
    const [code, stderr] = await died;
    expect(code).toBe(7);
    expect(stderr).toContain('磁盘已满');
  }, 30_000);
});

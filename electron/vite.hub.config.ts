import { cpSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { NATIVE_EXTERNALS } from './packaging.js';

/**
 * The standalone hub (server/main.ts) as ES modules, .vite/build/hub.js (plus tongcai-worker.js, the worker
 * thread of heavy operations such as the dictionary import, and the chunks they share), run by the desktop
 * shell in a utilityProcess. Built as a Forge "main" target so Forge bundles it with main.js and preload.js.
 *
 * Native modules stay outside the bundle: they are loaded from node_modules in the package (unpacked from
 * the asar by AutoUnpackNativesPlugin, better-sqlite3 rebuilt for Electron's ABI).
 *
 * The bundle keeps `import.meta.url`, so files the hub finds relative to its own modules are copied to
 * where those lookups land once everything is one file in .vite/build:
 *   db/migrate.ts   MIGRATIONS_DIR = <dir of module>/migrations      → .vite/build/migrations
 *   server/renderer-files.ts  <dir of module>/../dist/renderer      → .vite/dist/renderer
 */

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

function copyHubAssets(): Plugin {
  return {
    name: 'tongcai:copy-hub-assets',
    writeBundle(options) {
      if (!options.dir) return;
      cpSync(path.join(repoRoot, 'db', 'migrations'), path.join(options.dir, 'migrations'), { recursive: true });
      const renderer = path.join(repoRoot, 'dist', 'renderer');
      const target = path.resolve(options.dir, '..', 'dist', 'renderer');
      rmSync(target, { recursive: true, force: true });
      if (existsSync(path.join(renderer, 'index.html'))) {
        cpSync(renderer, target, { recursive: true });
      } else {
        // The hub then answers with its "run npm run build" page instead of failing to start.
        this.warn('dist/renderer 不存在：请先运行 npm run build，否则打包后的界面为空');
      }
    },
  };
}

export default defineConfig({
  build: {
    // The hub, and the worker thread it starts for heavy operations (core/worker/off-thread.ts looks for
    // tongcai-worker.js beside its own chunk). Shared modules land in chunks beside both.
    lib: {
      entry: { hub: 'server/main.ts', 'tongcai-worker': 'core/worker/entry.ts' },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    // server/main.ts ends with a top-level await.
    target: 'node20',
    sourcemap: true,
    // `rollupOptions` (not `rolldownOptions`), the key Forge's defaults use, so the two merge.
    rollupOptions: {
      // Bundled CommonJS dependencies call require() for Node built-ins; on 'node', rolldown backs those
      // calls with createRequire in the ES output instead of a stub that throws.
      platform: 'node',
      // An array, so Forge's mergeConfig appends it to its own list of Node built-ins instead of replacing it.
      external: NATIVE_EXTERNALS.map((name) => new RegExp(`^${name.replace(/[/.]/g, '\\$&')}(/|$)`)),
    },
  },
  plugins: [copyHubAssets()],
});

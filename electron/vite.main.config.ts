import { cpSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * The main process, merged by Forge's Vite plugin over its defaults (outDir .vite/build, electron and
 * Node built-ins external). Built as an ES module because package.json says "type": "module": a CommonJS
 * main.js would be loaded as ESM and fail. Electron ≥ 28 runs an ESM main process.
 */
const firstRunDir = fileURLToPath(new URL('./first-run', import.meta.url));

/** The first-run page is loaded with loadFile, so it must sit next to main.js inside the package. */
function copyFirstRunPage(): Plugin {
  return {
    name: 'tongcai:copy-first-run',
    writeBundle(options) {
      if (options.dir) cpSync(firstRunDir, `${options.dir}/first-run`, { recursive: true });
    },
  };
}

export default defineConfig({
  build: {
    lib: { entry: 'electron/main.ts', formats: ['es'], fileName: () => 'main.js' },
    sourcemap: true,
  },
  plugins: [copyFirstRunPage()],
});

import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';

/**
 * The preload, merged by Forge's Vite plugin over its defaults (one CommonJS file, preload.js). A sandboxed
 * preload is evaluated by Electron as a plain script, never by Node's module loader, so CommonJS is right
 * here even though package.json says "type": "module".
 */
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  define: { __TONGCAI_VERSION__: JSON.stringify(pkg.version) },
});

/**
 * Builds the standalone hub bundle the way the desktop package does (Forge's Vite plugin: its main-target
 * defaults merged with electron/vite.hub.config.ts), into a folder of our choosing, so the bundled hub and its
 * import worker (tongcai-worker.js) can be run and measured without Electron:
 *
 *   npx tsx scripts/bench/build-hub.ts .vite/bench-build
 *   npx tsx scripts/bench/event-loop.ts --hub .vite/bench-build/hub.js
 */
import { createRequire } from 'node:module';
import { build, loadConfigFromFile, type UserConfig } from 'vite';

const require = createRequire(import.meta.url);
const { getConfig } = require('@electron-forge/plugin-vite/dist/config/vite.main.config.js') as {
  getConfig: (env: unknown, user: UserConfig) => UserConfig;
};
const outDir = process.argv[2] ?? '.vite/bench-build';
const loaded = await loadConfigFromFile({ command: 'build', mode: 'production' }, 'electron/vite.hub.config.ts');
if (!loaded) throw new Error('electron/vite.hub.config.ts not found');
const forgeEnv = {
  root: process.cwd(),
  mode: 'production',
  command: 'build',
  forgeConfigSelf: { entry: 'server/main.ts', config: 'electron/vite.hub.config.ts', target: 'main' },
  forgeConfig: { renderer: [] },
};
const config = getConfig(forgeEnv, loaded.config);
await build({ ...config, build: { ...config.build, outDir, emptyOutDir: true }, configFile: false, logLevel: 'warn' });
console.log(`${outDir}/hub.js`);

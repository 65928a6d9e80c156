import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ForgeConfig } from '@electron-forge/shared-types';
import { MakerZIP } from '@electron-forge/maker-zip';
import { AutoUnpackNativesPlugin } from '@electron-forge/plugin-auto-unpack-natives';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { VitePlugin } from '@electron-forge/plugin-vite';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { NATIVE_EXTERNALS, packageIgnore, runtimeDependencyDirs } from './electron/packaging.js';

/**
 * Electron Forge: `npm start` (development), `npm run package`, `npm run make` (zip).
 * The Windows installer is electron-builder's job (electron-builder.yml, `npm run dist:win`).
 */
const projectDir = fileURLToPath(new URL('.', import.meta.url));

const config: ForgeConfig = {
  packagerConfig: {
    name: 'Tongcai',
    executableName: 'tongcai',
    appBundleId: 'cn.tongcai.desktop',
    appCopyright: '统采',
    asar: true,
    // The extension is added per platform (build/icon.ico on Windows).
    icon: 'build/icon',
    win32metadata: {
      CompanyName: '统采',
      FileDescription: '统采 — 县域医共体药品耗材统一采购',
      ProductName: '统采',
      InternalName: 'tongcai',
    },
    // Replaces the Vite plugin's default (keep only .vite/), which would leave out the native modules
    // hub.js loads from node_modules at run time.
    ignore: packageIgnore(runtimeDependencyDirs(NATIVE_EXTERNALS, projectDir)),
  },
  // Only better-sqlite3 is built against V8's ABI; @node-rs/argon2 is N-API and ships prebuilt binaries.
  // Note: `npm start` rebuilds it in ./node_modules for Electron; run `npm rebuild better-sqlite3` before
  // running the Node test suites again.
  rebuildConfig: { onlyModules: ['better-sqlite3'] },
  makers: [new MakerZIP({}, ['win32', 'linux', 'darwin'])],
  hooks: {
    // The hub serves the renderer; hub.js's build copies dist/renderer into the package, so build it first.
    generateAssets: async () => {
      const result = spawnSync('npm run build', { cwd: projectDir, shell: true, stdio: 'inherit' });
      if (result.status !== 0) throw new Error('界面构建失败（npm run build）');
    },
  },
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'electron/main.ts', config: 'electron/vite.main.config.ts', target: 'main' },
        { entry: 'electron/preload.ts', config: 'electron/vite.preload.config.ts', target: 'preload' },
        { entry: 'server/main.ts', config: 'electron/vite.hub.config.ts', target: 'main' },
      ],
      renderer: [],
    }),
    new AutoUnpackNativesPlugin({}),
    new FusesPlugin({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
    }),
  ],
};

export default config;

// Builds .vite/build (main.js, preload.js, hub.js and their copied assets) exactly as Electron Forge's
// Vite plugin does for `npm run package`, reusing forge.config.ts, so electron-builder packages the same
// bundles. Runs as electron-builder's beforePack hook (electron-builder.yml) or as `node build/bundle.mjs`.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';

const projectDir = fileURLToPath(new URL('..', import.meta.url));

export async function buildBundles() {
  const jiti = createJiti(import.meta.url);
  const forgeConfig = await jiti.import(path.join(projectDir, 'forge.config.ts'), { default: true });
  const vitePlugin = forgeConfig.plugins.find((plugin) => plugin.name === 'vite');
  if (!vitePlugin) throw new Error('forge.config.ts has no Vite plugin');
  const viteConfigModule = await import('@electron-forge/plugin-vite/dist/ViteConfig.js');
  // A CommonJS module: its `exports.default` arrives as `default.default`.
  const ViteConfigGenerator = viteConfigModule.default.default ?? viteConfigModule.default;
  const { build } = await import('vite');
  rmSync(path.join(projectDir, '.vite'), { recursive: true, force: true });
  const generator = new ViteConfigGenerator(vitePlugin.config, projectDir, true);
  for (const config of await generator.getBuildConfigs()) {
    await build({ configFile: false, logLevel: 'warn', ...config });
  }
}

export default async function beforePack() {
  await buildBundles();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildBundles();
}

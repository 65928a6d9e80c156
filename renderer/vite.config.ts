import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * The renderer is served by the hub from dist/renderer on the same origin as /api, so in development the
 * dev server proxies /api to a running hub (HUB_URL) and cookies stay first-party.
 */
export default defineConfig({
  root: rendererRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // The hub's CSP is script-src 'self': no inline script, not even Vite's modulepreload polyfill.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 4000,
  },
  server: {
    // core/api (the shared contracts) lives outside the renderer root.
    fs: { allow: [repoRoot] },
    proxy: { '/api': { target: process.env['HUB_URL'] ?? 'http://127.0.0.1:5174', changeOrigin: false } },
  },
});

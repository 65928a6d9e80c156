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
    // Each page is its own chunk (router.tsx loads them lazily); the libraries are split so that a page
    // fetches only what it uses and a new release of our code leaves the browser's copy of them valid:
    // react (with the router, react-query and i18n), zod (the contracts' schemas) and antd are needed by every
    // screen, AG Grid only by the pages with a grid.
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Higher priority claims a module first: react before the libraries that depend on it, or
          // ag-grid-react would pull react into the grid's chunk and every screen would load the grid.
          groups: [
            { name: 'ag-grid', test: /[\\/]node_modules[\\/](ag-grid-community|ag-grid-react|@ag-grid-community)[\\/]/, priority: 10 },
            {
              name: 'antd',
              test: /[\\/]node_modules[\\/](antd|@ant-design|@rc-component|rc-[\w-]+|dayjs|@emotion|stylis|compute-scroll-into-view|scroll-into-view-if-needed|throttle-debounce|json2mq|classnames|clsx)[\\/]/,
              priority: 20,
            },
            { name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]/, priority: 25 },
            {
              name: 'react',
              test: /[\\/]node_modules[\\/](react|react-dom|scheduler|@tanstack|i18next|react-i18next|html-parse-stringify|void-elements|use-sync-external-store)[\\/]/,
              priority: 30,
            },
          ],
        },
      },
    },
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // core/api (the shared contracts) lives outside the renderer root.
    fs: { allow: [repoRoot] },
    proxy: { '/api': { target: process.env['HUB_URL'] ?? 'http://127.0.0.1:5174', changeOrigin: false } },
  },
});

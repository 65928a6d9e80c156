import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './api-errors.js';

/** Vite's output for the renderer, relative to this file (server/ sits next to dist/ in the repo). */
export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../dist/renderer', import.meta.url));

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>统采</title></head>
<body><h1>统采中心服务正在运行</h1>
<p>尚未找到界面文件。请先在项目目录运行 <code>npm run build</code>，然后刷新本页。</p></body></html>`;

export function rendererIsBuilt(dir: string): boolean {
  return existsSync(path.join(dir, 'index.html'));
}

/**
 * Serves the built renderer on the hub's origin. Hashed files under assets/ are cached for good;
 * index.html never is, so upgrading the hub upgrades every window on its next load.
 */
export async function registerRenderer(app: FastifyInstance, dir: string): Promise<void> {
  if (!rendererIsBuilt(dir)) return;
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    cacheControl: false,
    setHeaders: (reply, filePath) => {
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
      reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}

/**
 * Everything no route answered: JSON for the API, index.html for client-side routes (SPA fallback),
 * and a plain 404 for a missing file, so a stale asset URL is not answered with HTML.
 */
export function notFoundHandler(dir: string) {
  // Decided once, as registerRenderer did: a build made later is picked up on the next start.
  const built = rendererIsBuilt(dir);
  return (request: FastifyRequest, reply: FastifyReply) => {
    const urlPath = request.url.split('?')[0] ?? '/';
    const isPage = (request.method === 'GET' || request.method === 'HEAD') && !urlPath.startsWith('/api/') && urlPath !== '/api';
    if (!isPage) return reply.code(404).send(errorBody('NOT_FOUND', '请求的接口不存在'));
    const lastSegment = urlPath.slice(urlPath.lastIndexOf('/') + 1);
    if (lastSegment.includes('.')) return reply.code(404).type('text/plain; charset=utf-8').send('文件不存在');
    if (!built) return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(NOT_BUILT_PAGE);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  };
}

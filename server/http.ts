import { registerGridExportRoute } from './routes/grid-export.js';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyHttpsOptions, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Server as HttpsServer, ServerOptions as HttpsServerOptions } from 'node:https';
import { contractByName } from '../core/api/index.js';
import { applyChineseValidationMessages } from '../core/api/zod-locale.js';
import { executeOperation } from '../core/registry.js';
import type { Db } from '../db/open.js';
import { currentSchema } from '../db/migrate.js';
import pkg from '../package.json' with { type: 'json' };
import { domainFailure, errorBody, frameworkFailure } from './api-errors.js';
import { DEFAULT_RENDERER_DIR, notFoundHandler, registerRenderer } from './renderer-files.js';
import { securityHeaders } from './security-headers.js';
import { LOOPBACK_NAMES, registerHostCheck } from './host-check.js';
import { registerCompression } from './compression.js';
import { applySession, readSessionToken } from './session-cookie.js';
import { attachmentDisposition, exportRows, xlsxStream } from './xlsx-export.js';
import { registerOperationRoutes } from './routes/operations.js';
import { hubOpenApiJson } from './openapi.js';

export interface AppOptions {
  /** Folder of the built renderer; defaults to dist/renderer. */
  staticDir?: string;
  /** Request logging (JSON lines on stdout); off by default. */
  log?: boolean;
  /** TLS certificate and key: the app then speaks https and marks its cookie Secure. */
  https?: Pick<HttpsServerOptions, 'cert' | 'key'>;
  /** The host names the hub answers to (server/host-check.ts); the loopback names by default. */
  hostNames?: readonly string[];
}

export const BODY_LIMIT = 10 * 1024 * 1024;

/**
 * The hub's HTTP face: every operation of the registry under POST /api/op/<name>, xlsx exports, health,
 * and the renderer on the same origin. No route knows any particular operation.
 */
export async function buildApp(db: Db, options: AppOptions = {}): Promise<FastifyInstance> {
  applyChineseValidationMessages();
  const secure = Boolean(options.https);
  const staticDir = options.staticDir ?? DEFAULT_RENDERER_DIR;
  const serverOptions: FastifyServerOptions = {
    logger: options.log ? { level: 'info' } : false,
    bodyLimit: BODY_LIMIT,
  };
  // Routes do not care which server carries them; one instance type keeps the rest of the hub simple.
  const app = (options.https
    ? Fastify({ ...serverOptions, https: options.https } as FastifyHttpsOptions<HttpsServer>)
    : Fastify(serverOptions)) as unknown as FastifyInstance;

  registerHostCheck(app, options.hostNames ?? LOOPBACK_NAMES, secure);
  await app.register(fastifyCookie);
  await registerCompression(app);

  // An empty body is an empty input (operations default it); anything else must be valid JSON.
  const strictJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if ((body as string).trim() === '') return done(null, undefined);
    strictJson(request, body as string, done);
  });

  const headers = securityHeaders(secure);
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(headers);
    return payload;
  });

  app.setErrorHandler((error, request, reply) => {
    const failure = frameworkFailure(error);
    if (failure.status >= 500) {
      request.log.error({ err: error }, 'request failed');
      if (!options.log) console.error('[tongcai] request failed:', error);
    }
    return reply.code(failure.status).type('application/json; charset=utf-8').send(failure.body);
  });
  app.setNotFoundHandler(notFoundHandler(staticDir));

  app.get('/api/health', async () => ({ ok: true, version: pkg.version, schema: currentSchema(db.$client) }));
  // The API described from the contracts (server/openapi.ts), public like the health check.
  app.get('/api/openapi.json', (_request, reply) => reply.type('application/json; charset=utf-8').send(hubOpenApiJson()));

  await registerOperationRoutes(app, db, secure);
  await registerGridExportRoute(app, db, secure);

  app.get<{ Params: { name: string }; Querystring: { input?: string } }>('/api/export/:name', async (request, reply) => {
    const spec = contractByName.get(request.params.name)?.export;
    if (!spec) return reply.code(404).send(errorBody('NOT_FOUND', `操作 ${request.params.name} 不支持导出`));
    let input: unknown = undefined;
    if (request.query.input !== undefined && request.query.input !== '') {
      try {
        input = JSON.parse(request.query.input);
      } catch {
        return reply.code(400).send(errorBody('VALIDATION', '导出条件不是有效的 JSON'));
      }
    }
    const result = await executeOperation(db, request.params.name, input, {
      sessionToken: readSessionToken(request),
      clientAddress: request.ip,
    });
    applySession(reply, result.session, secure);
    if (!result.ok) {
      const failure = domainFailure(result.error);
      return reply.code(failure.status).send(failure.body);
    }
    return reply
      .code(200)
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', attachmentDisposition(spec.filename, new Date()))
      .header('cache-control', 'no-store')
      .send(xlsxStream(spec, exportRows(spec, result.output)));
  });

  await registerRenderer(app, staticDir);
  return app;
}

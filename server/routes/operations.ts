/**
 * POST /api/op/<name>: every operation of the registry, mounted generically. No route knows any operation.
 *
 * - application/json: the body is the input.
 * - application/octet-stream, for operations that declare `upload`: the body is the file, the JSON input is in
 *   `?input=` and the file's name in `?filename=`. The caller is admitted (session, permission) before a byte
 *   of the body is read; the body goes to a temporary file, at most the contract's `maxBytes`.
 * - operations that declare `progress` answer NDJSON: progress lines, then `{done: true, ...output}` or an
 *   error body `{error: …}` as the last line.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { contractByName } from '../../core/api/index.js';
import { admit, executeOperation, type CallOptions, type CallResult } from '../../core/registry.js';
import type { Attachment } from '../../core/context.js';
import type { Db } from '../../db/open.js';
import { domainFailure, errorBody, INTERNAL_MESSAGE } from '../api-errors.js';
import { applySession, readSessionToken } from '../session-cookie.js';

const MB = 1024 * 1024;

interface OpQuery {
  input?: string;
  filename?: string;
}
type OpRequest = FastifyRequest<{ Params: { name: string }; Querystring: OpQuery }>;

/**
 * Passes bytes through up to `limit`, then drops the rest while still reading it: destroying the request
 * mid-body would leave the client's connection hanging, so it is drained and refused afterwards.
 */
function limitTo(limit: number): Transform & { over: () => boolean; seen: () => number } {
  let seen = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(null, seen > limit ? undefined : chunk);
    },
  });
  return Object.assign(stream, { over: () => seen > limit, seen: () => seen });
}

const contentType = (request: FastifyRequest) => (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
const filenameOf = (request: OpRequest) => path.basename(String(request.query.filename ?? '').trim()) || '未命名文件';

function send(reply: FastifyReply, result: CallResult, secure: boolean): FastifyReply {
  applySession(reply, result.session, secure);
  if (!result.ok) {
    const failure = domainFailure(result.error);
    return reply.code(failure.status).send(failure.body);
  }
  return reply.code(200).type('application/json; charset=utf-8').send(JSON.stringify(result.output));
}

/** The JSON input of an upload, from the query string. */
function queryInput(request: OpRequest): { ok: true; input: unknown } | { ok: false } {
  const raw = request.query.input;
  if (raw === undefined || raw === '') return { ok: true, input: undefined };
  try {
    return { ok: true, input: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

/**
 * Runs an operation and streams its progress as NDJSON: the status is 200 from the first line on, so the
 * outcome is the last line.
 */
function streamed(reply: FastifyReply, run: (options: Pick<CallOptions, 'onProgress'>) => Promise<CallResult>, done: () => Promise<void>): FastifyReply {
  const out = new PassThrough();
  const line = (value: unknown) => out.write(`${JSON.stringify(value)}\n`);
  run({ onProgress: line })
    .then((result) => line(result.ok ? { done: true, ...(result.output as object) } : domainFailure(result.error).body))
    .catch((error: unknown) => {
      console.error('[tongcai] streamed operation failed:', error);
      line(errorBody('INTERNAL', INTERNAL_MESSAGE));
    })
    .finally(() => {
      out.end();
      void done();
    });
  return reply.code(200).type('application/x-ndjson; charset=utf-8').header('cache-control', 'no-store').send(out);
}

export async function registerOperationRoutes(app: FastifyInstance, db: Db, secure: boolean): Promise<void> {
  await app.register(async (scope) => {
    // An upload's body stays a stream: the caller is admitted before a byte of it is read.
    scope.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

    scope.post<{ Params: { name: string }; Querystring: OpQuery }>(
      '/api/op/:name',
      {
        // A cross-site form or no-cors fetch cannot send these types without a preflight we never grant.
        onRequest: async (request, reply) => {
          const type = contentType(request);
          if (type !== 'application/json' && type !== 'application/octet-stream') {
            return reply.code(415).send(errorBody('VALIDATION', '请求须为 JSON（Content-Type: application/json）或文件（application/octet-stream）'));
          }
          // Before the body is parsed: a file sent as JSON is refused as such, not as broken JSON.
          if (type === 'application/json' && contractByName.get((request.params as { name: string }).name)?.upload) {
            return reply.code(415).send(errorBody('VALIDATION', '请直接上传文件内容（Content-Type: application/octet-stream）'));
          }
        },
      },
      async (request, reply) => {
        const base = { sessionToken: readSessionToken(request), clientAddress: request.ip };
        if (contentType(request) === 'application/json') {
          const result = await executeOperation(db, request.params.name, request.body, base);
          return send(reply, result, secure);
        }
        return upload(request, reply, base);
      },
    );

    async function upload(request: OpRequest, reply: FastifyReply, base: CallOptions): Promise<FastifyReply> {
      const admission = admit(db, request.params.name, base, new Date());
      if (!admission.ok) return send(reply, admission, secure);
      const limit = admission.contract.upload?.maxBytes;
      if (limit === undefined) return reply.code(415).send(errorBody('VALIDATION', '此操作不接受文件，请以 JSON 提交'));
      const input = queryInput(request);
      if (!input.ok) return reply.code(400).send(errorBody('VALIDATION', '参数 input 不是有效的 JSON'));

      const dir = await mkdtemp(path.join(tmpdir(), 'tongcai-upload-'));
      const cleanup = () => rm(dir, { recursive: true, force: true });
      const file = path.join(dir, 'upload.bin');
      const limiter = limitTo(limit);
      try {
        await pipeline(request.body as Readable, limiter, createWriteStream(file));
      } catch (error) {
        await cleanup();
        throw error;
      }
      if (limiter.over()) {
        await cleanup();
        return reply.code(413).send(errorBody('VALIDATION', `文件过大（上限 ${limit / MB} MB）`));
      }
      const attachment: Attachment = { path: file, filename: filenameOf(request), size: limiter.seen() };
      const run = (extra: Pick<CallOptions, 'onProgress'> = {}) => executeOperation(db, request.params.name, input.input, { ...base, attachment, ...extra });
      if (admission.contract.progress) return streamed(reply, run, cleanup);
      try {
        return send(reply, await run(), secure);
      } finally {
        await cleanup();
      }
    }
  });
}

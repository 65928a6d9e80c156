/**
 * Raw file uploads, the two HTTP routes that are not registry operations: a spreadsheet body is bytes, not
 * JSON. Both check the session and permission through the core (authorize) before reading the body.
 *
 *   POST /api/upload?filename=…             formulary xlsx/csv (≤ 20 MB) → {uploadId}; then formularyImport.* ops
 *   POST /api/import/dictionary?filename=…  NHSA workbook (≤ 200 MB) → NDJSON progress lines, then the summary
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorize } from '../../core/auth/authorize.js';
import type { Actor } from '../../core/context.js';
import { importDictionary } from '../../core/dictionary/import.js';
import { DomainError } from '../../core/errors.js';
import { readTable } from '../../core/imports/table.js';
import { storeUpload, UPLOAD_LIMIT_BYTES } from '../../core/imports/uploads.js';
import type { Db } from '../../db/open.js';
import { domainFailure, errorBody } from '../api-errors.js';
import { readSessionToken } from '../session-cookie.js';

export const DICTIONARY_LIMIT_BYTES = 200 * 1024 * 1024;
const MB = 1024 * 1024;

class TooLarge extends Error {}

/**
 * Passes bytes through up to `limit`, then drops the rest while still reading it: destroying the request
 * mid-body would leave the client's connection hanging, so it is drained and refused afterwards.
 */
function limitTo(limit: number): Transform & { over: () => boolean } {
  let seen = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(null, seen > limit ? undefined : chunk);
    },
  });
  return Object.assign(stream, { over: () => seen > limit });
}

/** Pipes the body through the limit into `sink`; TooLarge once it is all read, if it was too much. */
async function receive(body: Readable, limit: number, sink: NodeJS.WritableStream | ((source: AsyncIterable<Buffer>) => Promise<void>)): Promise<void> {
  const limiter = limitTo(limit);
  await pipeline(body, limiter, sink as NodeJS.WritableStream);
  if (limiter.over()) throw new TooLarge();
}

async function readAll(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await receive(body, limit, async (source) => {
    for await (const chunk of source) chunks.push(chunk);
  });
  return Buffer.concat(chunks);
}

interface UploadQuery {
  filename?: string;
  edition?: string;
}

const filenameOf = (request: FastifyRequest<{ Querystring: UploadQuery }>) => path.basename(String(request.query.filename ?? '').trim()) || '未命名文件';

function fail(reply: FastifyReply, error: unknown, limit: number): FastifyReply {
  if (error instanceof TooLarge) return reply.code(413).send(errorBody('VALIDATION', `文件过大（上限 ${limit / MB} MB）`));
  if (error instanceof DomainError) {
    const failure = domainFailure(error);
    return reply.code(failure.status).send(failure.body);
  }
  throw error;
}

export async function registerImportRoutes(app: FastifyInstance, db: Db): Promise<void> {
  await app.register(async (scope) => {
    // The body stays a stream: the handler checks the session before reading a byte of it.
    scope.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));
    scope.addHook('onRequest', async (request, reply) => {
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/octet-stream') {
        return reply.code(415).send(errorBody('VALIDATION', '请直接上传文件内容（Content-Type: application/octet-stream）'));
      }
    });

    scope.post<{ Querystring: UploadQuery }>('/api/upload', async (request, reply) => {
      try {
        const actor = authorize(db, readSessionToken(request), 'formulary.manage');
        const filename = filenameOf(request);
        const bytes = await readAll(request.body as Readable, UPLOAD_LIMIT_BYTES);
        const table = await readTable(bytes, filename);
        return { uploadId: storeUpload(db, actor, filename, table, new Date()) };
      } catch (error) {
        return fail(reply, error, UPLOAD_LIMIT_BYTES);
      }
    });

    scope.post<{ Querystring: UploadQuery }>('/api/import/dictionary', async (request, reply) => {
      let dir: string | null = null;
      const cleanup = () => (dir ? rm(dir, { recursive: true, force: true }) : Promise.resolve());
      let file: string;
      let actor: Actor;
      try {
        actor = authorize(db, readSessionToken(request), 'dictionary.manage');
        dir = await mkdtemp(path.join(tmpdir(), 'tongcai-dictionary-'));
        file = path.join(dir, 'upload.xlsx');
        await receive(request.body as Readable, DICTIONARY_LIMIT_BYTES, createWriteStream(file));
      } catch (error) {
        await cleanup();
        return fail(reply, error, DICTIONARY_LIMIT_BYTES);
      }
      // From here the status is 200 and each line is a JSON object: progress, then {done} or {error}.
      const out = new PassThrough();
      const line = (value: unknown) => out.write(`${JSON.stringify(value)}\n`);
      importDictionary(db, actor, file, { filename: filenameOf(request), edition: request.query.edition, onProgress: line })
        .then((result) => line({ done: true, ...result }))
        .catch((error: unknown) => {
          if (error instanceof DomainError) line(domainFailure(error).body);
          else {
            console.error('[tongcai] dictionary import failed:', error);
            line(errorBody('INTERNAL', '系统内部错误，已记录，请联系管理员'));
          }
        })
        .finally(() => {
          out.end();
          void cleanup();
        });
      return reply.code(200).type('application/x-ndjson; charset=utf-8').header('cache-control', 'no-store').send(out);
    });
  });
}

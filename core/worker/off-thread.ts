/**
 * Operations too heavy for the hub's event loop (the 270,000-row dictionary import: seconds of xlsx parsing,
 * a large diff, a long write) run in a worker thread with their own SQLite connection, through the same
 * registry pipeline (core/registry.ts `runAdmitted`): the same scope checks, the one transaction with its
 * audit entries, the output contract. The main thread has already admitted the caller and parsed the input;
 * progress events come back as messages, in order, before the result.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { CallOptions } from '../registry.js';
import type { Actor } from '../context.js';
import type { Db } from '../../db/open.js';
import type { WorkerCall, WorkerMessage, WorkerResult } from './protocol.js';

const HERE = import.meta.url;

/**
 * The worker's entry: from source (tsx, vitest) a plain-JS bootstrap that loads entry.ts through tsx; in the
 * bundled hub (electron/vite.hub.config.ts) the bundled `tongcai-worker.js` beside the hub's own chunks.
 */
function workerEntry(): URL {
  if (/\.[cm]?ts$/.test(new URL(HERE).pathname)) return new URL('./boot.mjs', HERE);
  return new URL('./tongcai-worker.js', HERE);
}

/** A file database the worker can open too; an in-memory one cannot be shared. */
function fileOf(db: Db): string | null {
  const { name, memory } = db.$client;
  return memory || !name || name === ':memory:' ? null : name;
}

export interface OffThreadCall {
  name: string;
  input: unknown;
  actor: Actor | null;
  options: CallOptions;
  now: Date;
}

/**
 * Runs an admitted call in a worker thread and resolves with its result (`session` left to the caller), or
 * with null when it cannot run there (an in-memory database, a worker that does not start) so the caller
 * runs it on its own connection instead.
 */
export async function runInWorker(db: Db, call: OffThreadCall): Promise<WorkerResult | null> {
  const file = fileOf(db);
  if (!file) return null;
  const entry = workerEntry();
  if (!existsSync(entry)) {
    console.error(`[tongcai] ${call.name}: worker entry ${entry.href} is missing; running on the main thread`);
    return null;
  }
  const { options } = call;
  const message: WorkerCall = {
    file,
    name: call.name,
    input: call.input,
    actor: call.actor,
    now: call.now.toISOString(),
    ...(options.clientAddress !== undefined ? { clientAddress: options.clientAddress } : {}),
    ...(options.attachment ? { attachment: options.attachment } : {}),
  };
  return new Promise((resolve) => {
    let started = false;
    let settled = false;
    const settle = (value: WorkerResult | null) => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    const internal = (): WorkerResult => ({
      ok: false,
      error: { code: 'INTERNAL', message: '系统内部错误，已记录，请联系管理员' },
    });
    const worker = new Worker(entry, { workerData: { call: message } });
    worker.once('online', () => (started = true));
    worker.on('message', (data: WorkerMessage) => {
      if (data.type === 'progress') options.onProgress?.(data.event);
      else settle(data.result);
    });
    worker.once('error', (error) => {
      console.error(`[tongcai] ${call.name} failed in its worker:`, error);
      // A worker that never ran leaves the call to the main thread; one that failed midway is a failed call.
      settle(started ? internal() : null);
    });
    worker.once('exit', (code) => {
      if (!settled) console.error(`[tongcai] ${call.name}: worker exited (${code}) without a result`);
      settle(internal());
    });
  });
}

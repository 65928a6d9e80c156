import type { Actor, Attachment } from '../context.js';
import type { ErrorCode, FieldProblem } from '../errors.js';

/** What the hub's main thread hands the worker: an admitted caller and a parsed input. */
export interface WorkerCall {
  /** The database file; the worker opens its own connection to it. */
  file: string;
  name: string;
  input: unknown;
  actor: Actor | null;
  /** ISO time of the call: the one instant every timestamp of it carries. */
  now: string;
  clientAddress?: string;
  attachment?: Attachment;
}

/** A call's outcome as it crosses back: the registry's CallResult without the session cookie part. */
export type WorkerResult =
  { ok: true; output: unknown } | { ok: false; error: { code: ErrorCode; message: string; fields?: FieldProblem[] } };

export type WorkerMessage = { type: 'progress'; event: Record<string, unknown> } | { type: 'done'; result: WorkerResult };

import { prepared } from '../../db/statements.js';
import type { OperationContext } from '../context.js';
import { invalid } from '../errors.js';

/**
 * 请求号 — idempotent posting. A posting command carries the client's `requestId` (core/api/documents.ts
 * `requestIdSchema`); its handler wraps the posting in `once`, first thing inside the transaction:
 *
 *   run: (ctx, input) => once(ctx, { requestId: input.requestId, documentId: input.id }, () => postReceipt(ctx, input))
 *
 * The first call runs `work` and stores its result (JSON) in `document_requests` in the same transaction, so a
 * rolled-back posting leaves no request behind and may be retried with the same id. A second call with the same
 * id, operation, document and caller — a double click, a retry after a timeout — writes nothing and returns the
 * stored result, before any state or version check (the retry carries the version the first call consumed).
 * The same id for another operation, another document or another caller is a VALIDATION error on `requestId`.
 * The result must survive JSON (plain data, as an operation's output does).
 */
export interface RequestKey {
  requestId: string;
  /** The document the command acts on (null for a command that creates one). */
  documentId: number | null;
}

/** Contexts whose operation returned a stored result: the registry lets them finish without an audit entry. */
const replays = new WeakSet<OperationContext>();

/** The operation answered a repeated request with its first result and wrote nothing. */
export function isReplay(ctx: OperationContext): boolean {
  return replays.has(ctx);
}

interface StoredRequest {
  operation: string;
  actorName: string;
  actorUserId: number | null;
  documentId: number | null;
  result: string;
}

export function once<T>(ctx: OperationContext, key: RequestKey, work: () => T): T {
  const actor = ctx.actor;
  if (!actor) throw new Error('once needs a caller');
  const actorUserId = actor.kind === 'user' ? actor.userId : null;
  const stored = prepared(
    ctx.db.$client,
    `SELECT operation, actor_name AS actorName, actor_user_id AS actorUserId, document_id AS documentId, result
     FROM document_requests WHERE request_id = ?`,
  ).get(key.requestId) as StoredRequest | undefined;
  if (stored) {
    if (stored.operation !== ctx.operation || stored.documentId !== key.documentId) {
      throw invalid('requestId', `请求号 ${key.requestId} 已用于另一项操作或另一张单据，请为新的请求生成新的请求号`);
    }
    if (stored.actorUserId !== actorUserId || stored.actorName !== actor.username) {
      throw invalid('requestId', `请求号 ${key.requestId} 已由其他用户使用，请为新的请求生成新的请求号`);
    }
    replays.add(ctx);
    return JSON.parse(stored.result) as T;
  }
  const result = work();
  prepared(
    ctx.db.$client,
    `INSERT INTO document_requests (request_id, operation, actor_name, actor_user_id, document_id, result, created_at)
     VALUES (@requestId, @operation, @actorName, @actorUserId, @documentId, @result, @createdAt)`,
  ).run({
    requestId: key.requestId,
    operation: ctx.operation,
    actorName: actor.username,
    actorUserId,
    documentId: key.documentId,
    result: JSON.stringify(result ?? null),
    createdAt: ctx.now.toISOString(),
  });
  return result;
}

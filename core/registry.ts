import type { z } from 'zod';
import { contractByName, contracts, applyChineseValidationMessages, type OperationContract, type OperationName } from './api/index.js';
import type { Db } from '../db/open.js';
import type { Actor, Attachment, AuditRecord, OperationContext, SystemActor } from './context.js';
import { DomainError, type ErrorCode, type FieldProblem } from './errors.js';
import type { Handler, HandlerMap, PhasedHandler, SyncHandler } from './handler.js';
import { actorHas, callerScope, checkInputScope, checkOutputScope, redactOutput } from './scope.js';
import { appendAuditEntry } from './audit/chain.js';
import { isReplay } from './documents/requests.js';
import { resolveSession } from './auth/sessions.js';
import { forgetCachedReads } from './read-cache.js';
import { inTransaction } from './transaction.js';
import { runInWorker } from './worker/off-thread.js';
import { auditHandlers } from './audit/operations.js';
import { authHandlers } from './auth/operations.js';
import { setupHandlers } from './setup/operations.js';
import { unitHandlers } from './units/operations.js';
import { userHandlers } from './users/operations.js';
import { formularyHandlers } from './formulary/operations.js';
import { dictionaryHandlers } from './dictionary/operations.js';
import { importHandlers } from './imports/operations.js';
import { supplierHandlers } from './suppliers/operations.js';
import { stockHandlers } from './stock/operations.js';
import { purchaseOrderHandlers } from './purchasing/operations.js';
import { receivingHandlers } from './receiving/operations.js';
import { adjustmentHandlers } from './stock/adjustments/operations.js';
import { requisitionHandlers } from './distribution/requisitions/operations.js';
import { shipmentHandlers } from './distribution/shipments/operations.js';
import { memberStockHandlers } from './distribution/member-stock/operations.js';
import { recallHandlers } from './distribution/recalls/operations.js';
import { invoiceHandlers } from './finance/invoices/operations.js';
import { payableHandlers } from './finance/payables/operations.js';
import { booksHandlers } from './finance/books/operations.js';
import { voucherHandlers } from './finance/vouchers/operations.js';
import { platformHandlers } from './platform/operations.js';
import { platformImportHandlers } from './platform/imports/operations.js';
import { medinsHandlers } from './medins/operations.js';
import { vbpHandlers } from './vbp/operations.js';
import { ledgerHandlers } from './ledger/operations.js';
import { alertHandlers } from './alerts/operations.js';
import { reportHandlers } from './reports/operations.js';

const modules: Partial<HandlerMap>[] = [
  setupHandlers,
  authHandlers,
  userHandlers,
  unitHandlers,
  auditHandlers,
  formularyHandlers,
  dictionaryHandlers,
  importHandlers,
  supplierHandlers,
  stockHandlers,
  purchaseOrderHandlers,
  receivingHandlers,
  adjustmentHandlers,
  requisitionHandlers,
  shipmentHandlers,
  memberStockHandlers,
  recallHandlers,
  invoiceHandlers,
  payableHandlers,
  booksHandlers,
  voucherHandlers,
  platformHandlers,
  platformImportHandlers,
  medinsHandlers,
  vbpHandlers,
  ledgerHandlers,
  alertHandlers,
  reportHandlers,
];

/** Merges the modules' handlers, refusing a duplicate or a handler without a contract. */
function buildRegistry(): Map<string, Handler<OperationName>> {
  const registry = new Map<string, Handler<OperationName>>();
  for (const module of modules) {
    for (const [name, handler] of Object.entries(module)) {
      if (registry.has(name)) throw new Error(`operation ${name} has two handlers`);
      if (!contractByName.has(name)) throw new Error(`handler ${name} has no contract in core/api`);
      registry.set(name, handler as Handler<OperationName>);
    }
  }
  return registry;
}

const registry = buildRegistry();

/** Contracts no module implements yet; test/unit/registry.test.ts requires this to be empty. */
export const unimplementedOperations = (): string[] => contracts.map((c) => c.name).filter((n) => !registry.has(n));
// Every hub process validates through this module, so its zod messages are Chinese wherever it runs.
applyChineseValidationMessages();

export interface CallOptions {
  /** The raw session token from the cookie, if any. */
  sessionToken?: string | undefined;
  /** The hub acting for itself (the CLI, the demo seed). Only the hub's own code sets this, never HTTP. */
  system?: SystemActor;
  clientAddress?: string;
  now?: Date;
  /** The file of an operation that declares `upload`. */
  attachment?: Attachment;
  /** Progress events of an operation that declares `progress`. */
  onProgress?: (event: Record<string, unknown>) => void;
}

export type CallResult =
  | { ok: true; output: unknown; session: OperationContext['session']; actor: Actor | null }
  | { ok: false; error: { code: ErrorCode; message: string; fields?: FieldProblem[] }; session: OperationContext['session'] };

type Failure = Extract<CallResult, { ok: false }>;

export function zodProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Operations a user holding a one-time password may still call. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['auth.me', 'auth.changePassword', 'auth.logout', 'setup.status']);

const failure = (session: OperationContext['session'], code: ErrorCode, message: string, fields?: FieldProblem[]): Failure => ({
  ok: false,
  error: fields ? { code, message, fields } : { code, message },
  session,
});

/** Who is calling, and may they call this at all: the same checks for HTTP, uploads and the CLI. */
export type Admission = Admitted | Failure;
export interface Admitted {
  ok: true;
  contract: OperationContract;
  handler: Handler<OperationName>;
  actor: Actor | null;
  session: OperationContext['session'];
}

/**
 * The first steps of every call, before any input is read: find the operation, resolve the caller (a session
 * token, or the hub's own system actor), check the one-time-password rule and the permission. The HTTP
 * adapter calls this alone before it reads an uploaded file's body; executeOperation calls it first.
 */
export function admit(db: Db, name: string, options: CallOptions, now: Date): Admission {
  const contract = contractByName.get(name) as OperationContract | undefined;
  if (!contract || !registry.has(name)) return failure({}, 'NOT_FOUND', `没有名为 ${name} 的操作`);
  const actor: Actor | null = options.system ?? (options.sessionToken ? resolveSession(db, options.sessionToken, now) : null);
  const admission = admitActor(name, actor);
  if (!admission.ok && admission.error.code === 'UNAUTHENTICATED')
    return { ...admission, session: { clear: Boolean(options.sessionToken) } };
  return admission;
}

/**
 * The access checks of `admit` for a caller already resolved: the one-time-password rule and the permission.
 * The import worker runs them again on the actor the hub's main thread admitted.
 */
export function admitActor(name: string, actor: Actor | null): Admission {
  const session: OperationContext['session'] = {};
  const contract = contractByName.get(name) as OperationContract | undefined;
  const handler = registry.get(name);
  if (!contract || !handler) return failure(session, 'NOT_FOUND', `没有名为 ${name} 的操作`);
  if (contract.access !== 'public') {
    if (!actor) return failure(session, 'UNAUTHENTICATED', '请先登录（或登录已超时）');
    if (actor.kind === 'user' && actor.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(name)) {
      return failure(session, 'PASSWORD_CHANGE_REQUIRED', '请先修改初始密码');
    }
    if (typeof contract.access === 'object' && !actorHas(actor, contract.access.permission)) {
      return failure(session, 'FORBIDDEN', `没有权限：${contract.title}`);
    }
  }
  return { ok: true, contract, handler, actor, session };
}

const isPhased = (handler: Handler<OperationName>): handler is PhasedHandler<OperationName, unknown> => typeof handler === 'object';

/**
 * Runs one operation for one caller: admit the caller, parse the input, check the declared scope, run the
 * handler (its slow `prepare` first, outside any transaction, for phased handlers) and then its writes in one
 * transaction with its audit entries, check the output and its scope, remove restricted fields. Every outcome
 * is a value, never a throw, and nothing internal (stack, SQL) leaves in it.
 */
export async function executeOperation(db: Db, name: string, rawInput: unknown, options: CallOptions = {}): Promise<CallResult> {
  const now = options.now ?? new Date();
  const admission = admit(db, name, options, now);
  if (!admission.ok) return admission;
  const { contract, handler, session } = admission;

  const parsed = contract.input.safeParse(rawInput ?? {});
  if (!parsed.success) return failure(session, 'VALIDATION', '输入有误，请检查标出的字段', zodProblems(parsed.error));
  if (contract.upload && !options.attachment) return failure(session, 'VALIDATION', '请上传文件');
  if (isPhased(handler) && handler.thread === 'worker') {
    // The same pipeline from here on, in a worker thread with its own connection (core/worker/).
    const result = await runInWorker(db, { name, input: parsed.data, actor: admission.actor, options, now });
    if (result)
      return result.ok ? { ok: true, output: result.output, session, actor: admission.actor } : { ok: false, error: result.error, session };
  }
  return runAdmitted(db, admission, parsed.data, options, now);
}

/**
 * The rest of a call once its caller is admitted and its input parsed: the declared scope of the input, the
 * handler (`prepare` outside the transaction, then the writes in one transaction with the audit entries),
 * the output's contract and scope, restricted fields removed. `executeOperation` runs it on the hub's
 * connection, the import worker (core/worker/entry.ts) on its own.
 */
export async function runAdmitted(db: Db, admission: Admitted, input: unknown, options: CallOptions, now: Date): Promise<CallResult> {
  const { contract, handler, actor, session } = admission;
  const name = contract.name;
  const fail = (code: ErrorCode, message: string, fields?: FieldProblem[]) => failure(session, code, message, fields);
  const sqlite = db.$client;
  const audits: AuditRecord[] = [];
  const rollbackWork: ((db: Db) => void)[] = [];
  const scope = callerScope(db, actor);
  const ctx: OperationContext = {
    db,
    now,
    actor,
    scope,
    clientAddress: options.clientAddress ?? (actor?.kind === 'system' ? actor.name : ''),
    operation: name,
    audit: (record) => audits.push(record),
    session,
    onRollback: (work) => rollbackWork.push(work),
    attachment: options.attachment ?? null,
    progress: options.onProgress ? options.onProgress : () => undefined,
  };

  const body = (prepared: unknown) => {
    checkInputScope(db, contract, input, scope);
    const output = isPhased(handler)
      ? handler.run(ctx, input as never, prepared)
      : (handler as SyncHandler<OperationName>)(ctx, input as never);
    const checked = contract.output.safeParse(output);
    if (!checked.success) throw new Error(`${name} returned output that breaks its contract: ${checked.error.message}`);
    checkOutputScope(contract, checked.data, scope);
    if (contract.mutates && audits.length === 0 && !isReplay(ctx)) throw new Error(`${name} changed state without an audit entry`);
    for (const record of audits) appendAuditEntry(sqlite, auditEntry(record, actor, name, now));
    return checked.data;
  };

  try {
    let prepared: unknown = undefined;
    if (isPhased(handler)) {
      // Refuse out-of-scope ids before the slow part, too; the transaction checks again.
      checkInputScope(db, contract, input, scope);
      prepared = await handler.prepare(ctx, input as never);
    }
    const output = inTransaction(sqlite, contract.mutates, () => body(prepared));
    return { ok: true, output: redactOutput(contract, output, actor), session, actor };
  } catch (error) {
    forgetCachedReads(sqlite);
    for (const work of rollbackWork) sqlite.transaction(() => work(db)).immediate();
    if (error instanceof DomainError) return fail(error.code, error.message, error.fields);
    reportInternalError(name, error);
    return fail('INTERNAL', '系统内部错误，已记录，请联系管理员');
  }
}

/** The audit row of one record: a user, the login's `as`, or the system actor by its name. */
function auditEntry(record: AuditRecord, actor: Actor | null, operation: string, now: Date) {
  const base = { at: now.toISOString(), operation, target: record.target, summary: JSON.stringify(record.summary) };
  if (record.as) return { ...base, userId: record.as.userId, username: record.as.username, unitId: record.as.unitId };
  if (actor?.kind === 'user') return { ...base, userId: actor.userId, username: actor.username, unitId: actor.unitId };
  return { ...base, userId: null, username: actor?.username ?? '', unitId: null };
}

function reportInternalError(operation: string, error: unknown): void {
  console.error(`[tongcai] ${operation} failed:`, error);
}

import type { z } from 'zod';
import { contractByName, contracts, roleHas, applyChineseValidationMessages, type OperationName } from './api/index.js';
import type { Db } from '../db/open.js';
import type { Actor, AuditRecord, OperationContext } from './context.js';
import { DomainError, type ErrorCode, type FieldProblem } from './errors.js';
import type { Handler, HandlerMap } from './handler.js';
import { appendAuditEntry } from './audit/chain.js';
import { resolveSession } from './auth/sessions.js';
import { auditHandlers } from './audit/operations.js';
import { authHandlers } from './auth/operations.js';
import { setupHandlers } from './setup/operations.js';
import { unitHandlers } from './units/operations.js';
import { userHandlers } from './users/operations.js';
import { formularyHandlers } from './formulary/operations.js';
import { dictionaryHandlers } from './dictionary/operations.js';
import { importHandlers } from './imports/operations.js';

const modules: Partial<HandlerMap>[] = [
  setupHandlers,
  authHandlers,
  userHandlers,
  unitHandlers,
  auditHandlers,
  formularyHandlers,
  dictionaryHandlers,
  importHandlers,
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
  clientAddress?: string;
  now?: Date;
}

export type CallResult =
  | { ok: true; output: unknown; session: OperationContext['session']; actor: Actor | null }
  | { ok: false; error: { code: ErrorCode; message: string; fields?: FieldProblem[] }; session: OperationContext['session'] };

export function zodProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Operations a user holding a one-time password may still call. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['auth.me', 'auth.changePassword', 'auth.logout', 'setup.status']);

/**
 * Runs one operation for one caller: parse the input, resolve the session, check access, run the handler
 * in one transaction with its audit entries, check the output. Every outcome is a value, never a throw,
 * and nothing internal (stack, SQL) leaves in it.
 */
export function executeOperation(db: Db, name: string, rawInput: unknown, options: CallOptions = {}): CallResult {
  const session: OperationContext['session'] = {};
  const fail = (code: ErrorCode, message: string, fields?: FieldProblem[]): CallResult => ({
    ok: false,
    error: fields ? { code, message, fields } : { code, message },
    session,
  });
  const contract = contractByName.get(name);
  const handler = registry.get(name);
  if (!contract || !handler) return fail('NOT_FOUND', `没有名为 ${name} 的操作`);

  const now = options.now ?? new Date();
  const sqlite = db.$client;
  const actor = options.sessionToken ? resolveSession(db, options.sessionToken, now) : null;

  if (contract.access !== 'public') {
    if (!actor) return { ...fail('UNAUTHENTICATED', '请先登录（或登录已超时）'), session: { clear: Boolean(options.sessionToken) } };
    if (actor.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(name)) {
      return fail('PASSWORD_CHANGE_REQUIRED', '请先修改初始密码');
    }
    if (typeof contract.access === 'object' && !roleHas(actor.role, contract.access.permission)) {
      return fail('FORBIDDEN', `没有权限：${contract.title}`);
    }
  }

  const parsed = contract.input.safeParse(rawInput ?? {});
  if (!parsed.success) return fail('VALIDATION', '输入有误，请检查标出的字段', zodProblems(parsed.error));

  const audits: AuditRecord[] = [];
  const rollbackWork: ((db: Db) => void)[] = [];
  const ctx: OperationContext = {
    db,
    now,
    actor,
    clientAddress: options.clientAddress ?? '',
    operation: name,
    audit: (record) => audits.push(record),
    session,
    onRollback: (work) => rollbackWork.push(work),
  };

  const run = sqlite.transaction(() => {
    const output = handler(ctx, parsed.data as never);
    const checked = contract.output.safeParse(output);
    if (!checked.success) throw new Error(`${name} returned output that breaks its contract: ${checked.error.message}`);
    if (contract.mutates && audits.length === 0) throw new Error(`${name} changed state without an audit entry`);
    for (const record of audits) {
      const who = record.as ?? actor;
      appendAuditEntry(sqlite, {
        at: now.toISOString(),
        userId: who?.userId ?? null,
        username: who?.username ?? '',
        unitId: who?.unitId ?? null,
        operation: name,
        target: record.target,
        summary: JSON.stringify(record.summary),
      });
    }
    return checked.data;
  });

  try {
    const output = contract.mutates ? run.immediate() : run.deferred();
    return { ok: true, output, session, actor };
  } catch (error) {
    for (const work of rollbackWork) sqlite.transaction(() => work(db)).immediate();
    if (error instanceof DomainError) return fail(error.code, error.message, error.fields);
    reportInternalError(name, error);
    return fail('INTERNAL', '系统内部错误，已记录，请联系管理员');
  }
}

function reportInternalError(operation: string, error: unknown): void {
  console.error(`[tongcai] ${operation} failed:`, error);
}

import type Database from 'better-sqlite3';
import { roleHas, type Permission, type Role } from '../api/roles.js';
import { appendAuditEntry } from '../audit/chain.js';
import { DomainError } from '../errors.js';

/**
 * Who runs an import that does not go through executeOperation (a streamed HTTP upload, the CLI). The CLI
 * is the administrator at the hub's console: a system actor with no user row (`role: null`).
 */
export interface ImportActor {
  userId: number | null;
  username: string;
  unitId: number | null;
  role: Role | null;
}

export const CLI_ACTOR: ImportActor = { userId: null, username: 'cli', unitId: null, role: null };

/** Refuses a signed-in user whose role lacks the permission; the system actor may do everything. */
export function assertPermitted(actor: ImportActor, permission: Permission, what: string): void {
  if (actor.role !== null && !roleHas(actor.role, permission)) throw new DomainError('FORBIDDEN', `没有权限：${what}`);
}

/** One audit entry in the caller's transaction, for work outside the operation registry. */
export function auditAs(
  sqlite: Database.Database,
  actor: ImportActor,
  entry: { at: string; operation: string; target: string; summary: Record<string, unknown> },
): void {
  appendAuditEntry(sqlite, {
    at: entry.at,
    userId: actor.userId,
    username: actor.username,
    unitId: actor.unitId,
    operation: entry.operation,
    target: entry.target,
    summary: JSON.stringify(entry.summary),
  });
}

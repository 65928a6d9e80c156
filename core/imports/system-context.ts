import { ROLE_PERMISSIONS } from '../api/roles.js';
import type { Db } from '../../db/open.js';
import type { AuditRecord, OperationContext } from '../context.js';
import { auditAs, type ImportActor } from './actor.js';

/**
 * Runs formulary writes for the system actor (the CLI at the hub's console) the way executeOperation runs
 * them for a user: one IMMEDIATE transaction, its audit entries appended inside it, rollback work after a
 * failure. The formulary helpers read only `ctx.actor.username` (versions' and prices' "by"), so the actor
 * they see carries the system's name; its user id 0 is never written — audit entries get null.
 */
export function runAsSystem<T>(db: Db, actor: ImportActor, operation: string, work: (ctx: OperationContext) => T, now = new Date()): T {
  const audits: AuditRecord[] = [];
  const rollbackWork: ((db: Db) => void)[] = [];
  const ctx: OperationContext = {
    db,
    now,
    actor: {
      userId: 0,
      username: actor.username,
      role: 'pharmacy_officer',
      unitId: actor.unitId ?? 0,
      permissions: ROLE_PERMISSIONS.pharmacy_officer,
      mustChangePassword: false,
      sessionTokenHash: '',
    },
    clientAddress: 'cli',
    operation,
    audit: (record) => audits.push(record),
    session: {},
    onRollback: (w) => rollbackWork.push(w),
  };
  const sqlite = db.$client;
  try {
    return sqlite
      .transaction(() => {
        const result = work(ctx);
        for (const record of audits) auditAs(sqlite, actor, { at: now.toISOString(), operation, target: record.target, summary: record.summary });
        return result;
      })
      .immediate();
  } catch (error) {
    for (const w of rollbackWork) sqlite.transaction(() => w(db)).immediate();
    throw error;
  }
}

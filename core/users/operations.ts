import { asc, eq } from 'drizzle-orm';
import { users } from '../../db/schema.js';
import { closeSessionsOfUser } from '../auth/sessions.js';
import { generateOneTimePassword, hashPassword } from '../auth/passwords.js';
import { conflict, invalid } from '../errors.js';
import type { HandlerMap } from '../handler.js';
import { diffFields } from '../audit/diff.js';
import { getUnitRow } from '../units/queries.js';
import { requireActor } from '../scope.js';
import { findUserByUsername, getUserRow, toUser } from './queries.js';
import type { Db } from '../../db/open.js';
import type { Role } from '../api/roles.js';

/** A user must belong to an active unit; a member pharmacist to a unit that is not the lead hospital. */
function checkAssignment(db: Db, role: Role, unitId: number): void {
  const unit = getUnitRow(db, unitId, 'unitId');
  if (unit.active !== 1) throw invalid('unitId', '所选单位已停用');
  if (role === 'member_pharmacist' && unit.isLead === 1) throw invalid('unitId', '成员单位药师须属于成员单位，而非总医院');
}

/** A fresh one-time password and its hash, made before the transaction. */
async function oneTimePasswordHash(): Promise<{ oneTimePassword: string; passwordHash: string }> {
  const oneTimePassword = generateOneTimePassword();
  return { oneTimePassword, passwordHash: await hashPassword(oneTimePassword) };
}

export const userHandlers: HandlerMap<'user.list' | 'user.create' | 'user.update' | 'user.resetPassword'> = {
  'user.list': (ctx, { includeInactive }) => {
    const rows = ctx.db.select().from(users).orderBy(asc(users.username)).all();
    return { users: rows.filter((r) => includeInactive || r.active === 1).map((r) => toUser(ctx.db, r, ctx.now)) };
  },

  // Hashing the one-time password happens in `prepare`, off the event loop; the transaction only writes.
  'user.create': {
    prepare: oneTimePasswordHash,
    run(ctx, input, { oneTimePassword, passwordHash }) {
      if (findUserByUsername(ctx.db, input.username)) throw conflict('用户名已存在', [{ path: 'username', message: '用户名已存在' }]);
      checkAssignment(ctx.db, input.role, input.unitId);
      const at = ctx.now.toISOString();
      const row = ctx.db
        .insert(users)
        .values({
          username: input.username,
          displayName: input.displayName,
          role: input.role,
          unitId: input.unitId,
          passwordHash,
          mustChangePassword: 1,
          createdAt: at,
          updatedAt: at,
        })
        .returning()
        .get();
      ctx.audit({
        target: `user:${row.username}`,
        summary: { created: { username: row.username, displayName: row.displayName, role: row.role, unitId: row.unitId } },
      });
      return { user: toUser(ctx.db, row, ctx.now), oneTimePassword };
    },
  },

  'user.update': (ctx, input) => {
    const actor = requireActor(ctx);
    const before = getUserRow(ctx.db, input.id);
    if (actor.kind === 'user' && before.id === actor.userId && (!input.active || input.role !== before.role)) {
      throw invalid(input.active ? 'role' : 'active', '不能停用自己或修改自己的角色');
    }
    checkAssignment(ctx.db, input.role, input.unitId);
    const row = ctx.db
      .update(users)
      .set({
        displayName: input.displayName,
        role: input.role,
        unitId: input.unitId,
        active: input.active ? 1 : 0,
        updatedAt: ctx.now.toISOString(),
      })
      .where(eq(users.id, input.id))
      .returning()
      .get()!;
    // A changed role, unit or deactivation takes effect at once, not at the next login.
    if (row.role !== before.role || row.unitId !== before.unitId || row.active !== before.active) closeSessionsOfUser(ctx.db, row.id);
    const changes = diffFields(before, row, ['displayName', 'role', 'unitId', 'active']);
    ctx.audit({ target: `user:${row.username}`, summary: { changes } });
    return { user: toUser(ctx.db, row, ctx.now) };
  },

  'user.resetPassword': {
    prepare: oneTimePasswordHash,
    run(ctx, { id }, { oneTimePassword, passwordHash }) {
      const before = getUserRow(ctx.db, id);
      const row = ctx.db
        .update(users)
        .set({
          passwordHash,
          mustChangePassword: 1,
          failedAttempts: 0,
          lockedUntil: null,
          updatedAt: ctx.now.toISOString(),
        })
        .where(eq(users.id, before.id))
        .returning()
        .get()!;
      closeSessionsOfUser(ctx.db, row.id);
      ctx.audit({ target: `user:${row.username}`, summary: { passwordReset: true, unlocked: before.lockedUntil !== null } });
      return { user: toUser(ctx.db, row, ctx.now), oneTimePassword };
    },
  },
};

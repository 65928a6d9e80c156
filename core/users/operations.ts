import { prepared } from '../../db/statements.js';
import { closeSessionsOfUser } from '../auth/sessions.js';
import { generateOneTimePassword, hashPassword } from '../auth/passwords.js';
import { conflict, invalid } from '../errors.js';
import type { HandlerMap } from '../handler.js';
import { diffFields } from '../audit/diff.js';
import { getUnitRow } from '../units/queries.js';
import { inUnits, requireActor } from '../scope.js';
import { allUserRows, findUserByUsername, getUserRow, toUser } from './queries.js';
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
    const rows = allUserRows(ctx.db).filter((r) => (includeInactive || r.active === 1) && inUnits(ctx.scope, r.unitId));
    return { users: rows.map((r) => toUser(ctx.db, r, ctx.now)) };
  },

  // Hashing the one-time password happens in `prepare`, off the event loop; the transaction only writes.
  'user.create': {
    prepare: oneTimePasswordHash,
    run(ctx, input, { oneTimePassword, passwordHash }) {
      if (findUserByUsername(ctx.db, input.username)) throw conflict('用户名已存在', [{ path: 'username', message: '用户名已存在' }]);
      checkAssignment(ctx.db, input.role, input.unitId);
      const at = ctx.now.toISOString();
      const { id } = prepared(
        ctx.db.$client,
        `INSERT INTO users (username, display_name, role, unit_id, password_hash, must_change_password, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
      ).get(input.username, input.displayName, input.role, input.unitId, passwordHash, at, at) as { id: number };
      const row = getUserRow(ctx.db, id);
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
    prepared(ctx.db.$client, 'UPDATE users SET display_name = ?, role = ?, unit_id = ?, active = ?, updated_at = ? WHERE id = ?').run(
      input.displayName,
      input.role,
      input.unitId,
      input.active ? 1 : 0,
      ctx.now.toISOString(),
      input.id,
    );
    const row = getUserRow(ctx.db, input.id);
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
      prepared(
        ctx.db.$client,
        'UPDATE users SET password_hash = ?, must_change_password = 1, failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?',
      ).run(passwordHash, ctx.now.toISOString(), before.id);
      const row = getUserRow(ctx.db, before.id);
      closeSessionsOfUser(ctx.db, row.id);
      ctx.audit({ target: `user:${row.username}`, summary: { passwordReset: true, unlocked: before.lockedUntil !== null } });
      return { user: toUser(ctx.db, row, ctx.now), oneTimePassword };
    },
  },
};

import { prepared } from '../../db/statements.js';
import { appendAuditEntry } from '../audit/chain.js';
import { DomainError, invalid } from '../errors.js';
import type { HandlerMap } from '../handler.js';
import { findUserByUsername, findUserRow, getUserRow, isLocked, toSessionUser, type UserRow } from '../users/queries.js';
import type { OperationContext } from '../context.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.js';
import { AUTH_POLICY } from './policy.js';
import { loginThrottle } from './login-throttle.js';
import { closeSession, closeSessionsOfUser, openSession } from './sessions.js';
import { requireUser } from '../scope.js';

const WRONG_CREDENTIALS = '用户名或密码错误';

/** What a login's slow part found: whether the password matched the hash it was checked against. */
interface LoginCheck {
  /** The hash the password was checked against; null for an unknown username. */
  checkedHash: string | null;
  passwordOk: boolean;
}

const unitActive = (ctx: OperationContext, unitId: number) =>
  (prepared(ctx.db.$client, 'SELECT active FROM units WHERE id = ?').get(unitId) as { active: number } | undefined)?.active === 1;

/**
 * A failed login, counted and audited after the rollback so it sticks although the call fails. A failure while
 * the account is locked is audited but does not move the lock: the lock ends when it said it would.
 */
function recordFailure(ctx: OperationContext, row: UserRow, reason: 'password' | 'inactive'): void {
  ctx.onRollback((db) => {
    const current = findUserRow(db, row.id) ?? row;
    const lockedNow = isLocked(current, ctx.now);
    const summary: Record<string, unknown> = { result: 'failed', from: ctx.clientAddress };
    if (reason === 'inactive') summary.reason = 'inactive';
    if (reason === 'password' && !lockedNow) {
      const attempts = current.failedAttempts + 1;
      const lock = attempts >= AUTH_POLICY.lockoutThreshold;
      const lockedUntil = lock ? new Date(ctx.now.getTime() + AUTH_POLICY.lockoutMs).toISOString() : null;
      prepared(db.$client, 'UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?').run(lock ? 0 : attempts, lockedUntil, row.id);
      Object.assign(summary, { attempts, locked: lock });
    } else if (reason === 'password') {
      Object.assign(summary, { whileLocked: true });
    }
    appendAuditEntry(db.$client, {
      at: ctx.now.toISOString(),
      userId: row.id,
      username: row.username,
      unitId: row.unitId,
      operation: 'auth.login',
      target: `user:${row.username}`,
      summary: JSON.stringify(summary),
    });
  });
}

export const authHandlers: HandlerMap<'auth.login' | 'auth.logout' | 'auth.me' | 'auth.changePassword'> = {
  /**
   * No oracle: an unknown user, a wrong password, a locked or a deactivated account all cost one password check
   * and answer the same 401 用户名或密码错误. Only with the right password does the hub say why it refuses.
   * The check runs in `prepare`, off the event loop and paced by client address (login-throttle.ts).
   */
  'auth.login': {
    async prepare(ctx, { username, password }): Promise<LoginCheck> {
      const row = findUserByUsername(ctx.db, username);
      const checkedHash = row?.passwordHash ?? null;
      const passwordOk = await loginThrottle(ctx.db).check(ctx.clientAddress, ctx.now, () =>
        verifyPassword(checkedHash ?? DUMMY_HASH, password),
      );
      return { checkedHash, passwordOk: passwordOk && checkedHash !== null };
    },
    run(ctx, { username }, { checkedHash, passwordOk }) {
      const row = findUserByUsername(ctx.db, username);
      if (!row) throw new DomainError('UNAUTHENTICATED', WRONG_CREDENTIALS);
      // The password changed between the check and now: the check says nothing about the new one.
      if (!passwordOk || row.passwordHash !== checkedHash) {
        recordFailure(ctx, row, 'password');
        throw new DomainError('UNAUTHENTICATED', WRONG_CREDENTIALS);
      }
      if (isLocked(row, ctx.now)) {
        const minutes = Math.ceil((Date.parse(row.lockedUntil!) - ctx.now.getTime()) / 60_000);
        throw new DomainError('LOCKED', `连续登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试或联系管理员`);
      }
      if (row.active !== 1 || !unitActive(ctx, row.unitId)) {
        recordFailure(ctx, row, 'inactive');
        throw new DomainError('UNAUTHENTICATED', '该账号已停用，请联系管理员');
      }
      prepared(ctx.db.$client, 'UPDATE users SET failed_attempts = 0, locked_until = NULL, last_login_at = ? WHERE id = ?').run(ctx.now.toISOString(), row.id);
      ctx.session.issue = openSession(ctx.db, row.id, ctx.now, ctx.clientAddress);
      ctx.audit({
        target: `user:${row.username}`,
        summary: { result: 'ok', from: ctx.clientAddress },
        as: { userId: row.id, username: row.username, unitId: row.unitId },
      });
      return { user: toSessionUser(ctx.db, { ...row, lastLoginAt: ctx.now.toISOString() }) };
    },
  },

  'auth.logout': (ctx) => {
    const actor = requireUser(ctx);
    closeSession(ctx.db, actor.sessionTokenHash);
    ctx.session.clear = true;
    ctx.audit({ target: `user:${actor.username}`, summary: {} });
    return { ok: true as const };
  },

  'auth.me': (ctx) => {
    const actor = requireUser(ctx);
    return { user: toSessionUser(ctx.db, getUserRow(ctx.db, actor.userId)) };
  },

  /** Check and hash off the event loop; the transaction only writes what they found. */
  'auth.changePassword': {
    async prepare(ctx, { currentPassword, newPassword }): Promise<{ checkedHash: string; newHash: string }> {
      const actor = requireUser(ctx);
      const row = getUserRow(ctx.db, actor.userId);
      if (!(await verifyPassword(row.passwordHash, currentPassword))) throw invalid('currentPassword', '当前密码不正确');
      return { checkedHash: row.passwordHash, newHash: await hashPassword(newPassword) };
    },
    run(ctx, _input, { checkedHash, newHash }) {
      const actor = requireUser(ctx);
      const row = getUserRow(ctx.db, actor.userId);
      if (row.passwordHash !== checkedHash) throw invalid('currentPassword', '密码刚刚已被修改，请重新输入当前密码');
      prepared(ctx.db.$client, 'UPDATE users SET password_hash = ?, must_change_password = 0, updated_at = ? WHERE id = ?').run(newHash, ctx.now.toISOString(), row.id);
      // Other sessions of this user end: whoever else knew the old password is signed out.
      closeSessionsOfUser(ctx.db, row.id, actor.sessionTokenHash);
      ctx.audit({ target: `user:${row.username}`, summary: { passwordChanged: true } });
      return { ok: true as const };
    },
  },
};

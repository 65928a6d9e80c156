import { eq } from 'drizzle-orm';
import { users } from '../../db/schema.js';
import { appendAuditEntry } from '../audit/chain.js';
import { DomainError, invalid } from '../errors.js';
import type { HandlerMap } from '../handler.js';
import { findUserByUsername, getUserRow, isLocked, toSessionUser } from '../users/queries.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.js';
import { AUTH_POLICY } from './policy.js';
import { closeSession, closeSessionsOfUser, openSession } from './sessions.js';
import { requireUser } from '../scope.js';

const WRONG_CREDENTIALS = '用户名或密码错误';

export const authHandlers: HandlerMap<'auth.login' | 'auth.logout' | 'auth.me' | 'auth.changePassword'> = {
  'auth.login': (ctx, { username, password }) => {
    const row = findUserByUsername(ctx.db, username);
    if (!row) {
      verifyPassword(DUMMY_HASH, password); // same time as a real check: no username probing by timing
      throw new DomainError('UNAUTHENTICATED', WRONG_CREDENTIALS);
    }
    if (isLocked(row, ctx.now)) {
      const until = new Date(row.lockedUntil!);
      const minutes = Math.ceil((until.getTime() - ctx.now.getTime()) / 60_000);
      throw new DomainError('LOCKED', `连续登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试或联系管理员`);
    }
    if (!verifyPassword(row.passwordHash, password)) {
      // Counted after the rollback, so the failure sticks although the call fails.
      ctx.onRollback((db) => {
        const attempts = row.failedAttempts + 1;
        const lock = attempts >= AUTH_POLICY.lockoutThreshold;
        const lockedUntil = lock ? new Date(ctx.now.getTime() + AUTH_POLICY.lockoutMs).toISOString() : null;
        db.update(users)
          .set({ failedAttempts: lock ? 0 : attempts, lockedUntil })
          .where(eq(users.id, row.id))
          .run();
        appendAuditEntry(db.$client, {
          at: ctx.now.toISOString(),
          userId: row.id,
          username: row.username,
          unitId: row.unitId,
          operation: 'auth.login',
          target: `user:${row.username}`,
          summary: JSON.stringify({ result: 'failed', attempts, locked: lock, from: ctx.clientAddress }),
        });
      });
      throw new DomainError('UNAUTHENTICATED', WRONG_CREDENTIALS);
    }
    if (row.active !== 1) throw new DomainError('UNAUTHENTICATED', '该账号已停用，请联系管理员');
    ctx.db
      .update(users)
      .set({ failedAttempts: 0, lockedUntil: null, lastLoginAt: ctx.now.toISOString() })
      .where(eq(users.id, row.id))
      .run();
    ctx.session.issue = openSession(ctx.db, row.id, ctx.now, ctx.clientAddress);
    ctx.audit({
      target: `user:${row.username}`,
      summary: { result: 'ok', from: ctx.clientAddress },
      as: { userId: row.id, username: row.username, unitId: row.unitId },
    });
    return { user: toSessionUser(ctx.db, { ...row, lastLoginAt: ctx.now.toISOString() }) };
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

  'auth.changePassword': (ctx, { currentPassword, newPassword }) => {
    const actor = requireUser(ctx);
    const row = getUserRow(ctx.db, actor.userId);
    if (!verifyPassword(row.passwordHash, currentPassword)) throw invalid('currentPassword', '当前密码不正确');
    ctx.db
      .update(users)
      .set({ passwordHash: hashPassword(newPassword), mustChangePassword: 0, updatedAt: ctx.now.toISOString() })
      .where(eq(users.id, row.id))
      .run();
    // Other sessions of this user end: whoever else knew the old password is signed out.
    closeSessionsOfUser(ctx.db, row.id, actor.sessionTokenHash);
    ctx.audit({ target: `user:${row.username}`, summary: { passwordChanged: true } });
    return { ok: true as const };
  },
};

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUTH_POLICY } from '../../core/auth/policy.js';
import * as passwords from '../../core/auth/passwords.js';
import { ADMIN_PASSWORD, call, initialised, login, ok, userWithSession } from '../support/db.js';
import { hashToken } from '../../core/auth/sessions.js';
import type { Db } from '../../db/open.js';

// Count password verifications: every login attempt must cost exactly one, whatever the account's state.
vi.mock('../../core/auth/passwords.js', async (importOriginal) => {
  const original = await importOriginal<typeof passwords>();
  return { ...original, verifyPassword: vi.fn(original.verifyPassword) };
});
const verifications = () => vi.mocked(passwords.verifyPassword).mock.calls.length;

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
beforeEach(() => vi.mocked(passwords.verifyPassword).mockClear());

const t0 = Date.parse('2026-06-01T01:00:00.000Z');
const at = (minutes: number) => new Date(t0 + minutes * 60_000);

async function community() {
  const env = await initialised();
  cleanups.push(env.dispose);
  const lead = (await ok(env.db, 'unit.list', {}, { sessionToken: env.admin })).units[0]!;
  const township = (
    await ok(env.db, 'unit.create', { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' }, { sessionToken: env.admin })
  ).unit;
  const locked = await userWithSession(env.db, env.admin, { username: 'suoding', displayName: '锁定', role: 'finance', unitId: lead.id });
  const inactive = await userWithSession(env.db, env.admin, {
    username: 'tingyong',
    displayName: '停用',
    role: 'auditor',
    unitId: lead.id,
  });
  const member = await userWithSession(env.db, env.admin, {
    username: 'xiangzhen',
    displayName: '乡镇',
    role: 'member_pharmacist',
    unitId: township.id,
  });
  await ok(
    env.db,
    'user.update',
    { id: inactive.userId, displayName: '停用', role: 'auditor', unitId: lead.id, active: false },
    { sessionToken: env.admin },
  );
  await ok(env.db, 'unit.setActive', { id: township.id, active: false }, { sessionToken: env.admin });
  // Lock `suoding` at t0.
  for (let i = 0; i < AUTH_POLICY.lockoutThreshold; i++)
    await call(env.db, 'auth.login', { username: 'suoding', password: `Wrong${i}pass` }, { now: at(0) });
  return { ...env, locked, inactive, member };
}

/** A login's answer as a client sees it: ok, or code and message. */
async function answer(db: Db, username: string, password: string, minutes = 1) {
  const before = verifications();
  const result = await call(db, 'auth.login', { username, password }, { now: at(minutes), clientAddress: '10.0.0.8' });
  return {
    verified: verifications() - before,
    outcome: result.ok ? 'ok' : { code: result.error.code, message: result.error.message, fields: result.error.fields },
  };
}

describe('auth.login gives attackers no oracle', () => {
  it('answers a locked, a deactivated, a deactivated unit’s and an unknown account exactly as a wrong password, at the cost of one check each', async () => {
    const { db } = await community();
    const wrongPassword = { code: 'UNAUTHENTICATED', message: '用户名或密码错误', fields: undefined };
    const answers = {
      wrong: await answer(db, 'admin', 'Not-the-password1'),
      unknown: await answer(db, 'nobody', 'Not-the-password1'),
      locked: await answer(db, 'suoding', 'Not-the-password1'),
      inactive: await answer(db, 'tingyong', 'Not-the-password1'),
      inactiveUnit: await answer(db, 'xiangzhen', 'Not-the-password1'),
    };
    for (const [name, a] of Object.entries(answers)) expect(a, name).toEqual({ verified: 1, outcome: wrongPassword });
  });

  it('says why only to whoever gives the right password', async () => {
    const { db, locked, inactive, member } = await community();
    const lockedRight = await answer(db, 'suoding', locked.password, 1);
    expect(lockedRight.verified).toBe(1);
    expect(lockedRight.outcome).toMatchObject({ code: 'LOCKED', message: expect.stringMatching(/锁定，请 14 分钟后再试/) });
    for (const [username, password] of [
      ['tingyong', inactive.password],
      ['xiangzhen', member.password],
    ] as const) {
      const a = await answer(db, username, password);
      expect(a, username).toEqual({
        verified: 1,
        outcome: { code: 'UNAUTHENTICATED', message: '该账号已停用，请联系管理员', fields: undefined },
      });
    }
    // Once the lock has run out, the right password gets in.
    expect((await answer(db, 'suoding', locked.password, AUTH_POLICY.lockoutMs / 60_000 + 1)).outcome).toBe('ok');
  });

  it('counts failures towards the lockout and audits every one, also while locked or deactivated; a lock is not extended', async () => {
    const { db } = await community();
    const state = (username: string) =>
      db.$client.prepare('SELECT failed_attempts AS attempts, locked_until AS lockedUntil FROM users WHERE username = ?').get(username);
    const audits = (username: string) =>
      (
        db.$client.prepare("SELECT summary FROM audit_log WHERE operation = 'auth.login' AND username = ? ORDER BY seq").all(username) as {
          summary: string;
        }[]
      ).map((r) => JSON.parse(r.summary) as Record<string, unknown>);
    const lockedUntil = at(AUTH_POLICY.lockoutMs / 60_000).toISOString();
    expect(state('suoding')).toEqual({ attempts: 0, lockedUntil });
    await answer(db, 'suoding', 'Not-the-password1', 5);
    expect(state('suoding')).toEqual({ attempts: 0, lockedUntil });
    expect(audits('suoding').at(-1)).toEqual({ result: 'failed', whileLocked: true, from: '10.0.0.8' });
    expect(audits('suoding').filter((s) => s.locked === true)).toHaveLength(1);

    await answer(db, 'tingyong', 'Not-the-password1');
    expect(state('tingyong')).toMatchObject({ attempts: 1 });
    expect(audits('tingyong').at(-1)).toEqual({ result: 'failed', attempts: 1, locked: false, from: '10.0.0.8' });
  });
});

describe('sessions', () => {
  it('end 12 hours after sign-in however busy they are', async () => {
    const { db } = await community();
    const token = await login(db, 'admin', ADMIN_PASSWORD, at(0));
    const lifetimeMinutes = AUTH_POLICY.absoluteLifetimeMs / 60_000;
    expect(lifetimeMinutes).toBe(12 * 60);
    // Used every 20 minutes (never idle), it still ends at 12 hours.
    for (let m = 20; m <= lifetimeMinutes; m += 20)
      expect((await call(db, 'auth.me', {}, { sessionToken: token, now: at(m) })).ok, `minute ${m}`).toBe(true);
    const after = await call(db, 'auth.me', {}, { sessionToken: token, now: at(lifetimeMinutes + 1) });
    expect(!after.ok && after.error.code).toBe('UNAUTHENTICATED');
    expect(db.$client.prepare('SELECT count(*) AS n FROM sessions WHERE token_hash = ?').get(hashToken(token))).toEqual({ n: 0 });
  });
});

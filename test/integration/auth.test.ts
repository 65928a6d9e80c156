import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, call, freshDb, initialised, login, ok, SETUP_INPUT, setupInput, userWithSession } from '../support/db.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
async function setup() {
  const env = await initialised();
  cleanups.push(env.dispose);
  return env;
}

describe('setup wizard', () => {
  it('creates the community, lead hospital, central store and administrator together, once', async () => {
    const { db, dispose } = freshDb();
    cleanups.push(dispose);
    expect(await ok(db, 'setup.status', {})).toEqual({ initialized: false, communityName: null });
    await ok(db, 'setup.initialize', setupInput(db));
    expect(await ok(db, 'setup.status', {})).toEqual({ initialized: true, communityName: '清源县医疗健康集团' });
    const token = await login(db, 'admin', ADMIN_PASSWORD);
    const { units } = await ok(db, 'unit.list', {}, { sessionToken: token });
    expect(units).toHaveLength(1);
    expect(units[0]).toMatchObject({ name: '清源县人民医院', isLead: true, level: 'county', storeCount: 1 });
    const { stores } = await ok(db, 'store.list', {}, { sessionToken: token });
    expect(stores).toMatchObject([{ code: 'ZXYK', name: '中心药库', isCentral: true }]);
    const again = await call(db, 'setup.initialize', { ...SETUP_INPUT, setupCode: 'ABCDE-FGHJK' });
    expect(again.ok).toBe(false);
    expect(!again.ok && again.error.code).toBe('CONFLICT');
  });

  it('reports every bad field of the wizard at once, in Chinese, and writes nothing', async () => {
    const { db, dispose } = freshDb();
    cleanups.push(dispose);
    const result = await call(db, 'setup.initialize', {
      ...setupInput(db),
      community: { ...SETUP_INPUT.community, name: '  ', bankAccountNo: '12ab' },
      leadUnit: { ...SETUP_INPUT.leadUnit, uscc: '91350100M000100Y44' },
      admin: { username: 'Admin', displayName: '王', password: 'short' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION');
    const paths = [...new Set(result.error.fields!.map((f) => f.path))].sort();
    expect(paths).toEqual(['admin.password', 'admin.username', 'community.bankAccountNo', 'community.name', 'leadUnit.uscc']);
    expect(result.error.fields!.find((f) => f.path === 'leadUnit.uscc')!.message).toContain('统一社会信用代码');
    expect(db.$client.prepare('SELECT count(*) AS n FROM units').get()).toEqual({ n: 0 });
  });

  it('has no default password: nobody can log in before setup', async () => {
    const { db, dispose } = freshDb();
    cleanups.push(dispose);
    for (const [u, p] of [['admin', 'admin'], ['admin', 'admin123'], ['root', 'root']]) {
      const r = await call(db, 'auth.login', { username: u, password: p });
      expect(r.ok).toBe(false);
    }
  });
});

describe('sessions and passwords', () => {
  it('logs in, answers auth.me, logs out and then refuses the old token', async () => {
    const { db, admin } = await setup();
    expect((await ok(db, 'auth.me', {}, { sessionToken: admin })).user).toMatchObject({ username: 'admin', role: 'admin', unitName: '清源县人民医院' });
    const out = await call(db, 'auth.logout', {}, { sessionToken: admin });
    expect(out.ok && out.session.clear).toBe(true);
    const after = await call(db, 'auth.me', {}, { sessionToken: admin });
    expect(!after.ok && after.error.code).toBe('UNAUTHENTICATED');
  });

  it('stores argon2id hashes and only token hashes', async () => {
    const { db, admin } = await setup();
    const row = db.$client.prepare("SELECT password_hash AS h FROM users WHERE username = 'admin'").get() as { h: string };
    expect(row.h.startsWith('$argon2id$')).toBe(true);
    const tokens = db.$client.prepare('SELECT token_hash AS t FROM sessions').all() as { t: string }[];
    expect(tokens.map((t) => t.t)).not.toContain(admin);
  });

  it('closes a session idle for more than 30 minutes', async () => {
    const { db } = await setup();
    const t0 = new Date('2026-11-24T08:00:00Z');
    const token = await login(db, 'admin', ADMIN_PASSWORD, t0);
    expect((await call(db, 'auth.me', {}, { sessionToken: token, now: new Date('2026-11-24T08:29:00Z') })).ok).toBe(true);
    // Use refreshed the idle clock at 08:29.
    expect((await call(db, 'auth.me', {}, { sessionToken: token, now: new Date('2026-11-24T08:58:00Z') })).ok).toBe(true);
    const late = await call(db, 'auth.me', {}, { sessionToken: token, now: new Date('2026-11-24T09:29:00Z') });
    expect(!late.ok && late.error.code).toBe('UNAUTHENTICATED');
  });

  it('locks an account for 15 minutes after 5 failed logins, and counts failures although each call fails', async () => {
    const { db } = await setup();
    const t0 = new Date('2026-11-24T08:00:00Z');
    for (let i = 0; i < 5; i++) {
      const r = await call(db, 'auth.login', { username: 'admin', password: 'wrong-password1' }, { now: t0 });
      expect(!r.ok && r.error.code).toBe('UNAUTHENTICATED');
    }
    const locked = await call(db, 'auth.login', { username: 'admin', password: ADMIN_PASSWORD }, { now: new Date('2026-11-24T08:10:00Z') });
    expect(!locked.ok && locked.error.code).toBe('LOCKED');
    expect(!locked.ok && locked.error.message).toContain('锁定');
    expect((await call(db, 'auth.login', { username: 'admin', password: ADMIN_PASSWORD }, { now: new Date('2026-11-24T08:15:01Z') })).ok).toBe(true);
    // Failed attempts are in the audit log.
    const failures = db.$client.prepare("SELECT count(*) AS n FROM audit_log WHERE operation = 'auth.login' AND summary LIKE '%failed%'").get();
    expect(failures).toEqual({ n: 5 });
  });

  it('a successful login resets the failure count', async () => {
    const { db } = await setup();
    for (let i = 0; i < 4; i++) await call(db, 'auth.login', { username: 'admin', password: 'nope-nope1' });
    await login(db, 'admin', ADMIN_PASSWORD);
    for (let i = 0; i < 4; i++) await call(db, 'auth.login', { username: 'admin', password: 'nope-nope1' });
    expect((await call(db, 'auth.login', { username: 'admin', password: ADMIN_PASSWORD })).ok).toBe(true);
  });

  it('a one-time password must be changed before anything else; the change ends other sessions', async () => {
    const { db, admin, } = await setup();
    const { units } = await ok(db, 'unit.list', {}, { sessionToken: admin });
    const { user, oneTimePassword } = await ok(db, 'user.create', { username: 'kuguan', displayName: '李库管', role: 'storekeeper', unitId: units[0]!.id }, { sessionToken: admin });
    expect(oneTimePassword).toMatch(/^(?=.*[A-Za-z])(?=.*\d).{12}$/);
    const first = await login(db, 'kuguan', oneTimePassword);
    const second = await login(db, 'kuguan', oneTimePassword);
    expect((await ok(db, 'auth.me', {}, { sessionToken: first })).user.mustChangePassword).toBe(true);
    const blocked = await call(db, 'unit.list', {}, { sessionToken: first });
    expect(!blocked.ok && blocked.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const wrong = await call(db, 'auth.changePassword', { currentPassword: 'nope', newPassword: 'Newpass2026' }, { sessionToken: first });
    expect(!wrong.ok && wrong.error.fields).toEqual([{ path: 'currentPassword', message: '当前密码不正确' }]);
    await ok(db, 'auth.changePassword', { currentPassword: oneTimePassword, newPassword: 'Newpass2026' }, { sessionToken: first });
    expect((await ok(db, 'unit.list', {}, { sessionToken: first })).units.length).toBe(1);
    expect((await call(db, 'auth.me', {}, { sessionToken: second })).ok).toBe(false);
    expect((await call(db, 'auth.login', { username: 'kuguan', password: oneTimePassword })).ok).toBe(false);
    expect(user.mustChangePassword).toBe(true);
  });

  it('an administrator resets a password and unlocks the account', async () => {
    const { db, admin } = await setup();
    const leadId = (await ok(db, 'unit.list', {}, { sessionToken: admin })).units[0]!.id;
    const { userId } = await userWithSession(db, admin, { username: 'caiwu', displayName: '赵财务', role: 'finance', unitId: leadId });
    for (let i = 0; i < 5; i++) await call(db, 'auth.login', { username: 'caiwu', password: 'wrong-pass1' });
    expect((await ok(db, 'user.list', {}, { sessionToken: admin })).users.find((u) => u.id === userId)!.locked).toBe(true);
    const { oneTimePassword, user } = await ok(db, 'user.resetPassword', { id: userId }, { sessionToken: admin });
    expect(user.locked).toBe(false);
    expect((await call(db, 'auth.login', { username: 'caiwu', password: oneTimePassword })).ok).toBe(true);
  });

  it('a deactivated user cannot log in and loses open sessions at once', async () => {
    const { db, admin } = await setup();
    const leadId = (await ok(db, 'unit.list', {}, { sessionToken: admin })).units[0]!.id;
    const { token, userId, password } = await userWithSession(db, admin, { username: 'shenji', displayName: '孙审计', role: 'auditor', unitId: leadId });
    await ok(db, 'user.update', { id: userId, displayName: '孙审计', role: 'auditor', unitId: leadId, active: false }, { sessionToken: admin });
    expect((await call(db, 'auth.me', {}, { sessionToken: token })).ok).toBe(false);
    const r = await call(db, 'auth.login', { username: 'shenji', password });
    expect(!r.ok && r.error.message).toContain('停用');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, callOp, initializeHub, login, sessionCookie, startTestHub, type TestHub } from './helpers.js';

describe('sign-in over HTTP', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
    await initializeHub(hub);
  });
  afterAll(() => hub.dispose());

  it('sets an HttpOnly, SameSite=Strict session cookie on login, not Secure over http', async () => {
    const res = await callOp(hub, 'auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ username: 'admin', role: 'admin', mustChangePassword: false });
    const line = res.setCookie.find((c) => c.startsWith('tongcai_session='))!;
    expect(line).toBeDefined();
    expect(line).toMatch(/;\s*HttpOnly/i);
    expect(line).toMatch(/;\s*SameSite=Strict/i);
    expect(line).toMatch(/;\s*Path=\//i);
    expect(line).not.toMatch(/;\s*Secure/i);
    expect(line.split(';')[0]!.length).toBeGreaterThan('tongcai_session='.length + 20);

    const me = await callOp(hub, 'auth.me', {}, sessionCookie(res));
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('admin');
  });

  it('answers 401 without a session and with a made-up one', async () => {
    const none = await callOp(hub, 'unit.list', {});
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('UNAUTHENTICATED');
    expect(none.body.error.message).toMatch(/登录/);

    const forged = await callOp(hub, 'unit.list', {}, 'tongcai_session=not-a-real-token');
    expect(forged.status).toBe(401);
    // The stale cookie is cleared so the browser stops sending it.
    expect(forged.setCookie.some((c) => /^tongcai_session=;/.test(c) && /Expires=Thu, 01 Jan 1970/i.test(c))).toBe(true);
  });

  it('clears the cookie on logout and the session stops working', async () => {
    const cookie = await login(hub, ADMIN.username, ADMIN.password);
    const out = await callOp(hub, 'auth.logout', {}, cookie);
    expect(out.status).toBe(200);
    expect(out.setCookie.some((c) => /^tongcai_session=;/.test(c))).toBe(true);
    const after = await callOp(hub, 'auth.me', {}, cookie);
    expect(after.status).toBe(401);
  });

  it('refuses a second setup with 409', async () => {
    const again = await callOp(hub, 'setup.initialize', {
      setupCode: 'ABCDE-FGHJK',
      community: { name: '另一个', institutionCode: 'H51000000002', bankName: '银行', bankAccountName: '户名', bankAccountNo: '12345678' },
      leadUnit: { code: 'X1', name: '某医院' },
      centralStore: { code: 'X2', name: '药库' },
      admin: { username: 'root', displayName: '管理员', password: 'Another-pass-1' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
  });
});

describe('lockout', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
    await initializeHub(hub);
  });
  afterAll(() => hub.dispose());

  it('locks the account after 5 failed logins: the 6th, with the right password, gets 423', async () => {
    for (let i = 1; i <= 5; i++) {
      const res = await callOp(hub, 'auth.login', { username: ADMIN.username, password: `wrong-password-${i}` });
      expect(res.status, `attempt ${i}`).toBe(401);
      expect(res.body.error.message).toBe('用户名或密码错误');
      expect(res.setCookie.some((c) => c.startsWith('tongcai_session=') && !c.startsWith('tongcai_session=;'))).toBe(false);
    }
    const sixth = await callOp(hub, 'auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect(sixth.status).toBe(423);
    expect(sixth.body.error.code).toBe('LOCKED');
    expect(sixth.body.error.message).toMatch(/锁定/);
    expect(sixth.setCookie.filter((c) => !c.startsWith('tongcai_session=;'))).toEqual([]);
  });
});

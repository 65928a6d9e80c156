import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTH_POLICY } from '../../core/auth/policy.js';
import { ADMIN_PASSWORD, login as apiLogin, ok, setupInput } from '../support/db.js';
import { openApp, type AppUnderTest } from './support/app.js';
import { chooseOption, expectText, gridRows, login } from './support/ui.js';

let app: AppUnderTest;

beforeEach(async () => {
  app = await openApp();
  // These tests start from an initialised community; the wizard itself is covered by onboarding.test.ts.
  await ok(app.hub.db, 'setup.initialize', setupInput(app.hub.db));
  const admin = await apiLogin(app.hub.db, 'admin', ADMIN_PASSWORD);
  await ok(app.hub.db, 'unit.create', { code: 'LSZ', name: '柳树镇卫生院', kind: 'township_hospital' }, { sessionToken: admin });
});

afterEach(async () => {
  await app?.close();
});

describe('unit form against the hub', () => {
  it("shows the hub's field errors on the fields and offers only township-level parents to a village clinic", async () => {
    const { page, screenshot } = app;
    await page.goto('/');
    await login(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL('**/units');
    await expect.poll(() => gridRows(page, 'units-grid').count()).toBe(2);

    await page.getByRole('button', { name: '新增单位' }).click();
    await page.getByLabel('编码', { exact: true }).fill('QY-XRMYY'); // the general hospital's code: only the hub knows
    await page.getByLabel('名称', { exact: true }).fill('柳树村卫生室');
    await chooseOption(page, '类型', '村卫生室');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    // The schema itself wants a parent for a village clinic, before anything is sent.
    await expectText(page.locator('#parentId_help'), '村卫生室须隶属于一个乡镇卫生院或社区卫生服务中心');

    await page.getByLabel('上级单位', { exact: true }).click();
    const parents = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    // The options render a moment after the click: wait for them rather than read an empty list.
    await expect.poll(() => parents.allTextContents()).toEqual(['LSZ 柳树镇卫生院']);
    await parents.first().click();
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await expectText(page.locator('#code_help'), '单位编码 QY-XRMYY 已被使用');
    await screenshot('20-unit-form-server-error');

    await page.getByLabel('编码', { exact: true }).fill('LSC');
    await expect.poll(() => page.locator('#code_help').count()).toBe(0);
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => gridRows(page, 'units-grid').count()).toBe(3);
    await expectText(page.locator('[data-testid="units-grid"] .ag-row', { hasText: '柳树村卫生室' }), /村卫生室.*村.*柳树镇卫生院/);
    expect(app.pageErrors).toEqual([]);
  });
});

describe('login lockout', () => {
  it("shows the hub's locked-account message after repeated failures", async () => {
    const { page, screenshot } = app;
    // Signed out, an address asks for the login and remembers where it was going.
    await page.goto('/units');
    await page.waitForURL(/\/login\?redirect=%2Funits$/);
    for (let attempt = 1; attempt <= AUTH_POLICY.lockoutThreshold; attempt++) {
      await login(page, 'admin', `Wrong${attempt}pass`);
      // A failed attempt empties the password field: that is the sign the hub has answered this one.
      await expect.poll(() => page.getByLabel('密码', { exact: true }).inputValue()).toBe('');
      await expectText(page.getByTestId('login-error'), '用户名或密码错误');
    }
    await login(page, 'admin', ADMIN_PASSWORD);
    await expectText(page.getByTestId('login-error'), /账号已锁定，请 \d+ 分钟后再试/);
    await screenshot('21-login-locked');
    expect(page.url()).toMatch(/\/login\?/);
    expect(app.pageErrors).toEqual([]);
  });
});

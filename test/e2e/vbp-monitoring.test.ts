import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, login as apiLogin, ok, setupInput, userWithSession } from '../support/db.js';
import { seedVbpFixture } from '../integration/vbp-support.js';
import { openApp, type AppUnderTest } from './support/app.js';
import { expectText, login } from './support/ui.js';

let app: AppUnderTest;

beforeEach(async () => {
  app = await openApp();
});

afterEach(async () => {
  await app?.close();
});

/** The lead hospital, two townships with a user each way, and the 集采 fixture of the integration tests. */
async function seed() {
  const db = app.hub.db;
  await ok(db, 'setup.initialize', setupInput(db));
  const admin = { sessionToken: await apiLogin(db, 'admin', ADMIN_PASSWORD) };
  const lead = (await ok(db, 'unit.list', {}, admin)).units.find((u) => u.isLead)!;
  const centralStore = (await ok(db, 'store.list', { unitId: lead.id }, admin)).stores[0]!.id;
  const a = (await ok(db, 'unit.create', { code: 'QSZ', name: '青石镇卫生院', kind: 'township_hospital' }, admin)).unit;
  const b = (await ok(db, 'unit.create', { code: 'BSZ', name: '白沙镇卫生院', kind: 'township_hospital' }, admin)).unit;
  const storeOf = async (unitId: number) => (await ok(db, 'store.list', { unitId }, admin)).stores[0]!.id;
  const officer = await userWithSession(db, admin.sessionToken, { username: 'yaoshi', displayName: '李药师', role: 'pharmacy_officer', unitId: lead.id });
  const member = await userWithSession(db, admin.sessionToken, { username: 'qingshi', displayName: '赵晓梅', role: 'member_pharmacist', unitId: a.id });
  seedVbpFixture(db, { leadId: lead.id, centralStore, unitA: { id: a.id, store: await storeOf(a.id) }, unitB: { id: b.id, store: await storeOf(b.id) } });
  return { officer: { username: 'yaoshi', password: officer.password }, member: { username: 'qingshi', password: member.password } };
}

async function setAsOf(date: string) {
  // antd puts the test id on the picker's input or on its wrapper, depending on the version.
  const input = app.page.locator('input[data-testid="vbp-asof"], [data-testid="vbp-asof"] input').first();
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

describe('集采监测', () => {
  it('the officer reads completion against time, expands the units, traces a figure and changes the margin; a member sees their own unit', async () => {
    const { page, screenshot } = app;
    const people = await seed();
    await page.goto('/');
    await login(page, people.officer.username, people.officer.password);
    await page.goto('/vbp-monitoring');
    await setAsOf('2026-07-01');
    const table = page.getByTestId('vbp-table');
    await expectText(table, /氨氯地平片[\s\S]*58\.3% \/ 49\.8%[\s\S]*二甲双胍片[\s\S]*5\.4% \/ 25\.2%/);
    // Expand both products' unit rows.
    const collapsed = table.locator('.ant-table-row-expand-icon-collapsed');
    while ((await collapsed.count()) > 0) await collapsed.first().click();
    await expectText(page.getByTestId('vbp-units-JC0001'), /青石镇卫生院[\s\S]*34\.5% \/ 49\.8%[\s\S]*落后[\s\S]*白沙镇卫生院[\s\S]*正常/);
    await expectText(page.locator('.ant-card').first(), /19242\.00/);
    await screenshot('vbp-01-monitoring');

    await page.getByTestId('vbp-trace-JC0001-QSZ').click();
    const drawer = page.getByTestId('vbp-trace-drawer');
    await expectText(drawer, /合计 2,520 片/);
    await expect.poll(async () => await drawer.locator('.ant-table-tbody .ant-table-row').count()).toBe(2);
    await screenshot('vbp-02-trace');
    await drawer.locator('.ant-drawer-close').click();

    await page.getByTestId('vbp-behind-only').click();
    await expectText(table, /青石镇卫生院|二甲双胍片/);
    await page.getByTestId('vbp-settings').click();
    const margin = page.getByTestId('vbp-margin');
    await margin.fill('20');
    await page.locator('#vbp-settings-save').click();
    await expectText(page.locator('.ant-card').first(), /落后阈值 20 个百分点/);
    // At 20 points only 二甲双胍片's 青石镇 row is behind.
    await expect.poll(async () => (await table.textContent()) ?? '').not.toContain('氨氯地平片');
    await expectText(table, /二甲双胍片/);
    expect(app.pageErrors).toEqual([]);

    // The item form carries the two new terms next to the agreed price, both per the purchase unit.
    await page.goto('/formulary');
    await page.getByRole('button', { name: '申请新增品种' }).click();
    await page.getByLabel('最小制剂单位').fill('片');
    await page.getByRole('button', { name: '添加包装层级' }).click();
    await page.getByLabel('单位 1').fill('盒');
    await page.getByLabel('含下一级数量 1').fill('28');
    const modal = page.locator('.ant-modal');
    await modal.getByText('集采中选品种').click();
    await modal.getByLabel('协议年度起始日').fill('2026-04-01');
    await modal.getByLabel('集采前参考价（元）').fill('28.00');
    await modal.getByLabel('协议年度起始日').scrollIntoViewIfNeeded();
    await screenshot('vbp-04-item-form');
    await modal.getByRole('button', { name: /取\s*消/ }).click();
    // The item's detail states the agreed and reference prices per 盒 (the purchase unit), the volume in 片.
    await page.locator('a', { hasText: '二甲双胍片' }).first().click();
    const detail = page.getByTestId('item-drawer').locator('.ant-drawer-body');
    await expectText(detail, /中选价（元）\s*1\.50 元\/盒[\s\S]*约定年采购量\s*10950 片[\s\S]*集采前参考价（元）\s*6\.00 元\/盒[\s\S]*协议年度起始日\s*2026-04-01/);
    await detail.getByText('协议年度起始日').scrollIntoViewIfNeeded();
    await screenshot('vbp-05-item-detail');
    await page.locator('.ant-drawer-close').click();

    // A member pharmacist: their own unit's rows only, and no settings.
    await page.context().clearCookies();
    await page.goto('/');
    await login(page, people.member.username, people.member.password);
    await page.goto('/vbp-monitoring');
    await setAsOf('2026-07-01');
    await expectText(page.getByTestId('vbp-units-JC0001'), /青石镇卫生院/);
    expect(await page.getByTestId('vbp-units-JC0001').textContent()).not.toContain('白沙镇卫生院');
    expect(await page.getByTestId('vbp-settings').count()).toBe(0);
    await screenshot('vbp-03-member');
    expect(app.pageErrors).toEqual([]);
  });
});

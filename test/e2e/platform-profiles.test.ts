import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, ok } from '../support/db.js';
import { supplierInput } from '../support/suppliers.js';
import { seedReceiving, type ReceivingPeople } from './receiving-support.js';
import { openApp, type AppUnderTest } from './support/app.js';
import { expectText, login } from './support/ui.js';

let app: AppUnderTest;
let people: ReceivingPeople;

beforeEach(async () => {
  app = await openApp();
  people = await seedReceiving(app.hub.db);
});

afterEach(async () => {
  await app?.close();
});

/** An approved platform order on `national`: 阿莫西林 10 boxes from a distributor with its national code. */
async function platformOrder() {
  const db = app.hub.db;
  const o = { sessionToken: people.officer };
  const supplierId = (await ok(db, 'supplier.create', supplierInput(8, { name: '清源平台配送有限公司', platformCodes: [{ profile: 'national', code: 'PS-8' }] }), o)).supplier.id;
  await ok(db, 'formulary.setPlatformIds', { itemId: people.amoxId, platformIds: [{ profile: 'national', productId: 'HL-AMOX' }] }, o);
  const { order } = await ok(db, 'purchaseOrder.create', { supplierId, storeId: people.centralStoreId, platformProfile: 'national', lines: [{ itemId: people.amoxId, quantity: 240, priceMicro: 12_000_000 }] }, o);
  return (await ok(db, 'purchaseOrder.approve', { id: order.id }, o)).order;
}

describe('platform profiles and exports', () => {
  it('the administrator edits a column title, sees the validation error on its row, fixes it and saves; the storekeeper exports the orders', async () => {
    const { page, screenshot } = app;
    const order = await platformOrder();
    await page.goto('/');
    await login(page, 'admin', ADMIN_PASSWORD);
    await page.goto('/platform-profiles');
    await expectText(page.getByTestId('platform-profiles'), /国家医保招采平台（TPS）[\s\S]*四川省药械集中采购平台/);
    await screenshot('pp1-profiles');
    await page.getByTestId('open-profile-national').click();
    await page.getByTestId('profile-coner-name').fill('周库管');
    await page.getByTestId('profile-coner-tel').fill('0571-88880000');
    await page.getByRole('button', { name: '添加收货地址' }).click();
    await page.getByTestId('profile-address-0').locator('.ant-select').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '中心药库' }).click();
    await page.getByPlaceholder('平台收货地址ID').fill('ADDR-1');
    await page.getByTestId('profile-tab-orders_out').click();
    // The second column takes the first one's title: refused, on its row.
    await page.getByTestId('column-title-orders_out-1').fill('medinsCode');
    await page.getByTestId('profile-validate').click();
    await expectText(page.getByTestId('column-problem-orders_out-1'), /列标题「medinsCode」出现了两次/);
    await expectText(page.getByTestId('profile-problems'), /配置有 1 处问题/);
    await screenshot('pp2-profile-problem');
    await page.getByTestId('column-title-orders_out-1').fill('计划总金额');
    await page.getByTestId('profile-save').click();
    await expectText(page.locator('.ant-message'), /平台配置已保存（第 1 版）/);
    const saved = (await ok(app.hub.db, 'platformProfile.get', { name: 'national' }, { sessionToken: people.keeper.token })).profile;
    expect(saved.version).toBe(1);
    expect(saved.exchanges.orders_out.columns[1]).toEqual({ title: '计划总金额', field: 'planSumamt' });
    expect(saved.account).toMatchObject({ conerName: '周库管', addresses: [{ storeId: people.centralStoreId, addrId: 'ADDR-1' }] });

    await page.getByTestId('main-menu').waitFor();
    await page.goto('/');
    await page.evaluate(() => localStorage.clear());
    await page.context().clearCookies();
    await page.goto('/');
    await login(page, people.keeper.username, people.keeper.password);
    await page.goto('/platform-exports');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-run').click()]);
    expect(download.suggestedFilename()).toMatch(/^采购订单-national-\d{8}-\d{8}-\d{14}\.xlsx$/);
    await expectText(page.getByTestId('export-done'), /已导出 1 行/);
    await screenshot('pp3-exports');
    const logged = (await ok(app.hub.db, 'platformExchange.list', { limit: 5 }, { sessionToken: people.keeper.token })).exchanges;
    expect(logged[0]).toMatchObject({ exchange: 'orders_out', rowCount: 1, summary: expect.objectContaining({ documents: [order.number] }) });

    // Receipt confirmations: none came from a platform shipment yet — refused, the reason listed.
    await page.getByTestId('export-kind').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '收货确认' }).click();
    await page.getByTestId('export-run').click();
    await expectText(page.getByTestId('export-refusal'), /不能导出，共 1 处原因[\s\S]*没有来自平台配送明细/);
    await screenshot('pp4-export-refused');
    expect(app.pageErrors).toEqual([]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, type AppUnderTest } from './support/app.js';
import { ADMIN_PASSWORD, login as apiLogin, ok } from '../support/db.js';
import { balanceOf, receiveForTest } from '../support/adjustments.js';
import { supplierInput } from '../support/suppliers.js';
import { expectText, login } from './support/ui.js';
import { addedItem, openPage, seedPeople, type FormularyPeople } from './formulary-support.js';

let app: AppUnderTest;
let people: FormularyPeople;

beforeEach(async () => {
  app = await openApp();
  people = await seedPeople(app.hub.db);
});

afterEach(async () => {
  await app?.close();
});

describe('报损 with a second person', () => {
  it("a member pharmacist drafts and submits a loss of their own store's batch; the pharmacy officer approves it and the stock goes", async () => {
    const { page, screenshot } = app;
    const db = app.hub.db;
    const officer = { sessionToken: await apiLogin(db, people.officer.username, people.officer.password) };
    const admin = { sessionToken: await apiLogin(db, 'admin', ADMIN_PASSWORD) };
    const township = (await ok(db, 'unit.list', {}, admin)).units.find((u) => u.code === 'LSZ')!;
    const storeId = (await ok(db, 'store.list', { unitId: township.id }, admin)).stores[0]!.id;
    const itemId = await addedItem(db, officer, {
      kind: 'add',
      reason: '测试',
      item: {
        genericName: '阿莫西林胶囊',
        spec: '0.25g',
        manufacturer: '华北制药股份有限公司',
        approvalNo: '国药准字H13023964',
        category: 'western',
        baseUnit: '粒',
        packs: [{ unit: '盒', factor: 24 }],
        purchaseUnit: '盒',
        issueUnit: '盒',
        levels: { county: true, township: true, village: false },
      },
    });
    const supplierId = (await ok(db, 'supplier.create', supplierInput(31), officer)).supplier.id;
    const batchId = receiveForTest(db, { itemId, storeId, quantity: 48, supplierId, batchNo: '240915' });

    await page.goto('/');
    await login(page, people.pharmacist.username, people.pharmacist.password);
    await openPage(page, '退货与报损');
    await page.waitForURL('**/stock-adjustments');
    await page.getByTestId('adjustment-new').click();
    await page.getByText('新建报损单', { exact: true }).click();
    await page.getByTestId('adjustment-reason').fill('库房漏水，外包装受潮');
    await page.locator('.ant-drawer [data-testid="adjustment-lines"] .ant-select').first().click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await page.locator('.ant-drawer [data-testid="adjustment-lines"] .ant-input-number-input').first().fill('60');
    await page.getByTestId('adjustment-save').click();
    // More than is on hand: refused on the line, in Chinese.
    await expectText(page.locator('.ant-drawer [data-testid="adjustment-lines"] .ant-typography-danger').first(), /库存不足.*可用 48/);
    await screenshot('7x-loss-refused');
    await page.locator('.ant-drawer [data-testid="adjustment-lines"] .ant-input-number-input').first().fill('12');
    await page.getByTestId('adjustment-save').click();
    await page.waitForURL(/\/stock-adjustments\/\d+$/);
    await page.getByTestId('adjustment-submit').click();
    await expectText(page.locator('.ant-tag').filter({ hasText: '待审批' }).first(), '待审批');
    const url = page.url();

    // The officer, in another window, approves it.
    const context = await app.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: app.hub.url });
    const second = await context.newPage();
    await second.goto('/');
    await login(second, people.officer.username, people.officer.password);
    await second.waitForTimeout(500);
    await second.goto(url);
    await second.getByTestId('adjustment-approve').click();
    await second.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await expectText(second.locator('.ant-tag').filter({ hasText: '已审批' }).first(), '已审批');
    await second.waitForTimeout(400);
    await second.screenshot({ path: 'test-results/screenshots/7x-loss-approved.png', fullPage: true });
    await context.close();
    expect(balanceOf(db, batchId, storeId)).toBe(36);
    expect(app.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});

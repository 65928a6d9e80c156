import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeLocationId } from '../../core/stock/ledger.js';
import { ADMIN_PASSWORD, login as apiLogin, ok } from '../support/db.js';
import { receiveForTest } from '../support/adjustments.js';
import { moveStock } from '../support/stock.js';
import { supplierInput } from '../support/suppliers.js';
import { openApp, type AppUnderTest } from './support/app.js';
import { expectText, gridRows, login } from './support/ui.js';
import { addedItem, seedPeople, type FormularyPeople } from './formulary-support.js';

let app: AppUnderTest;
let people: FormularyPeople;

beforeEach(async () => {
  app = await openApp();
  people = await seedPeople(app.hub.db);
});

afterEach(async () => {
  await app?.close();
});

describe('召回控制台', () => {
  it('the pharmacy officer traces a batch held at two units, freezes it and sees the returns it made', async () => {
    const { page, screenshot } = app;
    const db = app.hub.db;
    const officer = { sessionToken: await apiLogin(db, people.officer.username, people.officer.password) };
    const admin = { sessionToken: await apiLogin(db, 'admin', ADMIN_PASSWORD) };
    const units = (await ok(db, 'unit.list', {}, admin)).units;
    const lead = units.find((u) => u.isLead)!;
    const township = units.find((u) => u.code === 'LSZ')!;
    const central = (await ok(db, 'store.list', { unitId: lead.id }, admin)).stores[0]!.id;
    const memberStore = (await ok(db, 'store.list', { unitId: township.id }, admin)).stores[0]!.id;
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
        levels: { county: true, township: true, village: true },
      },
    });
    const supplierId = (await ok(db, 'supplier.create', supplierInput(41), officer)).supplier.id;
    // 240 boxes' worth into the central store; 48 sent on to 柳树镇卫生院.
    const batchId = receiveForTest(db, { itemId, storeId: central, quantity: 240, supplierId, batchNo: '250612' });
    moveStock(db, [{ itemId, batchId, fromLocationId: storeLocationId(db, central), toLocationId: storeLocationId(db, memberStore), quantity: 48, changeType: '102' }]);

    await page.goto('/');
    await login(page, people.officer.username, people.officer.password);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto('/recalls');
    await page.getByTestId('item-picker').first().click();
    await page.keyboard.type('amxl');
    await page.locator('[data-testid=item-picker-option]:visible').first().waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('recall-batch-no').fill('250612');
    await page.getByTestId('recall-trace').click();
    await expect.poll(() => gridRows(page, 'recall-holders').count(), { timeout: 10_000 }).toBe(2);
    await expectText(gridRows(page, 'recall-holders').nth(0), /中心药库.*250612.*正常.*192/);
    await expectText(gridRows(page, 'recall-holders').nth(1), /柳树镇卫生院.*250612.*48/);
    await screenshot('80-recall-trace');
    // The code destinations and the reserving documents export as CSV (the holders through recall.trace's xlsx).
    await page.getByRole('tab', { name: /追溯码去向/ }).click();
    const codesDownload = page.waitForEvent('download');
    await page.getByTestId('recall-codes-export').click();
    expect((await codesDownload).suggestedFilename()).toMatch(/^追溯码去向_.+_250612\.xlsx$/);
    await page.getByRole('tab', { name: /占用该批号的单据/ }).click();
    const reservationsDownload = page.waitForEvent('download');
    await page.getByTestId('recall-reservations-export').click();
    expect((await reservationsDownload).suggestedFilename()).toMatch(/^占用单据_.+_250612\.xlsx$/);
    await page.getByRole('tab', { name: /持有位置/ }).click();

    await page.getByTestId('recall-freeze').click();
    await expectText(page.getByRole('dialog'), /为 1 个成员库房生成召回退库单.*退货单草稿/);
    await page.getByTestId('recall-reason').fill('药监局通报：溶出度不合格');
    await page.getByTestId('recall-notice').fill('YJ2026-118');
    await screenshot('81-recall-freeze-confirm');
    await page.getByTestId('recall-freeze-ok').click();
    await page.getByTestId('recall-created').waitFor();
    const documents = page.locator('[data-testid="recall-documents"] tbody tr.ant-table-row');
    await expect.poll(() => documents.count(), { timeout: 10_000 }).toBe(2);
    await expectText(documents.nth(0), /退库单.*TK\d{4}-\d{6}.*已批准.*柳树镇卫生院.*48粒/);
    await expectText(documents.nth(1), /退货单.*TH\d{4}-\d{6}.*草稿.*清源医药有限公司41.*192粒/);
    // The trace now shows the batch recalled everywhere and the recall open.
    await expectText(gridRows(page, 'recall-holders').nth(1), /召回/);
    await expectText(page.locator('.ant-alert-warning').first(), /已在召回中：ZH\d{4}-\d{6}/);
    await screenshot('82-recall-created');

    // The recall's own page: frozen batches, documents, what members still hold, 结束召回 needing a reason.
    await page.getByRole('button', { name: '打开召回单' }).click();
    await page.waitForURL(/\/recalls\/\d+$/);
    await expectText(page.getByTestId('recall-member-left'), '48粒');
    await screenshot('83-recall-detail');
    // Everything available was ordered back when it was frozen: 补发 has nothing to add.
    await page.getByTestId('recall-order-returns').click();
    await expectText(page.locator('.ant-message').first(), /没有需要补发的库存/);
    await page.getByTestId('recall-close').click();
    await expectText(page.getByRole('dialog'), /须填写结束原因/);
    await screenshot('84-recall-close');
    await page.locator('.ant-modal-footer .ant-btn-default').click();
    // The 召回单 prints: the batch and why, what was frozen, who holds it now, the documents made, the signatures.
    const recallUrl = page.url();
    await page.goto(recallUrl.replace('/recalls/', '/print/recalls/'));
    const recallSheet = page.getByTestId('recall-print');
    await expectText(recallSheet, '药品召回单');
    await expectText(recallSheet, /ZH\d{4}-\d{6}/);
    await expectText(recallSheet, '250612');
    await expectText(recallSheet, /召回原因：药监局通报.溶出度不合格/);
    await expectText(recallSheet, 'YJ2026-118');
    await expectText(recallSheet, /退库单TK\d{4}-\d{6}已批准柳树镇卫生院/);
    await expectText(recallSheet, /退货单TH\d{4}-\d{6}草稿/);
    await expectText(recallSheet, /药事部.*质量负责人/);
    await screenshot('84b-recall-print');

    // The list on the console, and the 退库单 link opens the return.
    await page.goto('/recalls');
    await expect.poll(() => gridRows(page, 'recalls-grid').count(), { timeout: 10_000 }).toBe(1);
    await expectText(gridRows(page, 'recalls-grid').first(), /ZH\d{4}-\d{6}.*召回中.*阿莫西林胶囊.*250612/);
    await screenshot('85-recall-list');
    // From the list to the recall, and on to the 退库单 it made.
    await gridRows(page, 'recalls-grid').first().locator('a').first().click();
    await page.waitForURL(/\/recalls\/\d+$/);
    await page.locator('[data-testid="recall-documents"] a', { hasText: /^TK/ }).click();
    await page.waitForURL(/\/member-returns\/\d+$/);
    await expectText(page.locator('body'), /TK\d{4}-\d{6}/);
    // The 退库单's lines name the batch's status by its label, not the enum.
    await expectText(page.getByTestId('shipment-line-batch-status').first(), '召回');
    expect(await page.locator('body').innerText()).not.toMatch(/\brecalled\b/);
    await screenshot('85b-recall-member-return');
  });

  it('近效期调剂 lists a member batch expiring soon with who else uses the item', async () => {
    const { page, screenshot } = app;
    const db = app.hub.db;
    const officer = { sessionToken: await apiLogin(db, people.officer.username, people.officer.password) };
    const admin = { sessionToken: await apiLogin(db, 'admin', ADMIN_PASSWORD) };
    const township = (await ok(db, 'unit.list', {}, admin)).units.find((u) => u.code === 'LSZ')!;
    const other = (await ok(db, 'unit.create', { code: 'BSZ', name: '白沙镇卫生院', kind: 'township_hospital' }, admin)).unit;
    const storeA = (await ok(db, 'store.list', { unitId: township.id }, admin)).stores[0]!.id;
    const storeB = (await ok(db, 'store.list', { unitId: other.id }, admin)).stores[0]!.id;
    const itemId = await addedItem(db, officer, {
      kind: 'add',
      reason: '测试',
      item: {
        genericName: '硝苯地平控释片',
        spec: '30mg',
        manufacturer: '拜耳医药保健有限公司',
        approvalNo: '国药准字J20180067',
        category: 'western',
        baseUnit: '片',
        packs: [{ unit: '盒', factor: 7 }],
        purchaseUnit: '盒',
        issueUnit: '盒',
        levels: { county: true, township: true, village: true },
      },
    }, 'R2');
    const supplierId = (await ok(db, 'supplier.create', supplierInput(42), officer)).supplier.id;
    const soon = new Date(Date.now() + 50 * 86_400_000).toISOString().slice(0, 10);
    receiveForTest(db, { itemId, storeId: storeA, quantity: 140, supplierId, batchNo: 'NX2501', expiry: soon });
    const used = receiveForTest(db, { itemId, storeId: storeB, quantity: 300, supplierId, batchNo: 'NX2502', expiry: '2028-06-30' });
    moveStock(db, [{ itemId, batchId: used, fromLocationId: storeLocationId(db, storeB), toLocationId: null, quantity: 270, changeType: '107' }]);

    await page.goto('/');
    await login(page, people.officer.username, people.officer.password);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto('/redistribution');
    await expect.poll(() => gridRows(page, 'redistribution-grid').count(), { timeout: 10_000 }).toBe(1);
    await expectText(gridRows(page, 'redistribution-grid').first(), /柳树镇卫生院.*硝苯地平控释片.*NX2501.*白沙镇卫生院 90\/30/);
    await screenshot('86-redistribution');
    await page.getByTestId('redistribution-start').click();
    await expect.poll(() => page.getByRole('dialog').locator('input').last().inputValue()).toBe('调往白沙镇卫生院');
    await screenshot('87-redistribution-start');
    await page.getByTestId('redistribution-ok').click();
    await expectText(page.locator('.ant-modal-confirm-title'), /已生成调剂退库单 TK\d{4}-\d{6}/);
    await screenshot('88-redistribution-started');
  });
});

import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, login as apiLogin, ok } from '../support/db.js';
import { balanceOf, receiveForTest } from '../support/adjustments.js';
import { supplierInput } from '../support/suppliers.js';
import { openApp, type AppUnderTest } from './support/app.js';
import { expectText, login } from './support/ui.js';
import { addedItem, openPage, seedPeople, type FormularyPeople } from './formulary-support.js';

let app: AppUnderTest;
let people: FormularyPeople;
const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-e2e-member-stock-'));

beforeEach(async () => {
  app = await openApp();
  people = await seedPeople(app.hub.db);
});

afterEach(async () => {
  await app?.close();
});

async function xlsx(name: string, rows: (string | number)[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('发药汇总');
  for (const row of rows) sheet.addRow(row);
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));
  return file;
}

describe('member stock', () => {
  it('a member pharmacist counts a stocktake with one difference and posts it, then imports a consumption xlsx and posts it', async () => {
    const { page, screenshot } = app;
    const db = app.hub.db;
    const officer = { sessionToken: await apiLogin(db, people.officer.username, people.officer.password) };
    const admin = { sessionToken: await apiLogin(db, 'admin', ADMIN_PASSWORD) };
    const township = (await ok(db, 'unit.list', {}, admin)).units.find((u) => u.code === 'LSZ')!;
    const storeId = (await ok(db, 'store.list', { unitId: township.id }, admin)).stores[0]!.id;
    const item = {
      genericName: '阿莫西林胶囊',
      spec: '0.25g',
      manufacturer: '华北制药股份有限公司',
      approvalNo: '国药准字H13023964',
      category: 'western' as const,
      baseUnit: '粒',
      packs: [{ unit: '盒', factor: 24 }],
      purchaseUnit: '盒',
      issueUnit: '盒',
      levels: { county: true, township: true, village: false },
    };
    const itemId = await addedItem(db, officer, { kind: 'add', reason: '测试', item });
    const code = (db.$client.prepare('SELECT code FROM formulary_items WHERE id = ?').get(itemId) as { code: string }).code;
    const supplierId = (await ok(db, 'supplier.create', supplierInput(41), officer)).supplier.id;
    const early = receiveForTest(db, { itemId, storeId, quantity: 48, supplierId, batchNo: '240915', expiry: '2027-09-30' });
    const late = receiveForTest(db, { itemId, storeId, quantity: 72, supplierId, batchNo: '250301', expiry: '2028-02-29' });

    await page.goto('/');
    await login(page, people.pharmacist.username, people.pharmacist.password);
    await openPage(page, '盘点');
    await page.waitForURL('**/stocktakes');
    await page.getByTestId('stocktake-new').click();
    await page.locator('#stocktake-create').click();
    await page.waitForURL(/\/stocktakes\/\d+$/);
    const grid = page.getByTestId('stocktake-grid');
    await expectText(grid, '240915');
    await screenshot('80-stocktake-opened');
    // The filter finds lines by batch (and by name or pinyin, the hidden column included in the quick filter).
    await page.getByTestId('stocktake-filter').locator('input').fill('250301');
    await expect.poll(async () => await grid.locator('.ag-row').count()).toBe(1);
    await page.getByTestId('stocktake-filter').locator('input').fill('amxl');
    await expect.poll(async () => await grid.locator('.ag-row').count()).toBe(2);
    await page.getByTestId('stocktake-filter').locator('input').fill('blf');
    await expect.poll(async () => await grid.locator('.ag-row').count()).toBe(0);
    await page.getByTestId('stocktake-filter').locator('input').fill('');
    await expect.poll(async () => await grid.locator('.ag-row').count()).toBe(2);
    // Keyboard first: type the count, Enter moves down to the next line.
    await grid.locator('.ag-row[row-index="0"] [col-id="countedQuantity"]').click();
    await page.keyboard.type('46');
    await page.keyboard.press('Enter');
    await page.keyboard.type('72');
    await page.keyboard.press('Enter');
    await grid.locator('.ag-row[row-index="0"] [col-id="reason"]').click();
    await page.keyboard.type('拆零破损 2 粒未报损');
    await page.keyboard.press('Enter');
    await expectText(page.getByTestId('stocktake-progress'), '2/2');
    await expectText(grid.locator('.ag-row[row-index="0"] [col-id="difference"]'), '−2');
    await screenshot('80-stocktake-counted');
    await page.getByTestId('stocktake-show-book').click();
    await screenshot('81-stocktake-blind');
    await page.getByTestId('stocktake-show-book').click();
    await page.getByTestId('stocktake-post').click();
    await expectText(page.locator('.ant-modal-body').last(), '盘损 2');
    await screenshot('82-stocktake-post-confirm');
    await page.locator('#stocktake-post-confirm').click();
    await expectText(page.locator('.ant-tag').filter({ hasText: '已过账' }).first(), '已过账');
    await screenshot('83-stocktake-posted');
    expect(balanceOf(db, early, storeId)).toBe(46);
    expect(balanceOf(db, late, storeId)).toBe(72);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /导出 Excel/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^盘点单PD\d{4}-\d{6}\.xlsx$/);
    // A real workbook of the grid as shown: its headers, and the batches as rows.
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await file.path())!);
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).map(String).join('|')).toMatch(/批号/);
    expect(sheet.rowCount).toBeGreaterThan(1);
    const stocktakeUrl = page.url();
    await page.goto(stocktakeUrl.replace('/stocktakes/', '/print/stocktakes/'));
    await expectText(page.getByTestId('stocktake-print'), '盘点表');
    await screenshot('84-stocktake-print');

    // 消耗出库 from the HIS export: a bad file first (row and column named, nothing created), then the good one.
    await page.goto('/consumptions');
    await page.getByTestId('consumption-import').click();
    const bad = await xlsx('bad.xlsx', [
      ['药品编码', '药品名称', '数量', '单位'],
      [code, '阿莫西林胶囊', 1.5, '盒'],
      ['YP404', '未知', 3, ''],
    ]);
    await page.locator('.ant-modal input[type="file"]').setInputFiles(bad);
    await page.locator('#consumption-import-run').click();
    await expectText(page.getByTestId('consumption-import-problems'), '不是整数');
    await expectText(page.getByTestId('consumption-import-problems'), '未知的药品编码「YP404」（未知）');
    await screenshot('85-consumption-import-errors');
    const good = await xlsx('11月门诊发药.xlsx', [
      ['柳树镇卫生院 2026年11月 门诊药品消耗'],
      ['药品编码', '药品名称', '数量', '单位'],
      [code, '阿莫西林胶囊', 2, '盒'],
    ]);
    await page.locator('.ant-modal input[type="file"]').setInputFiles(good);
    await page.locator('#consumption-import-run').click();
    await page.waitForURL(/\/consumptions\/\d+$/);
    await expectText(page.getByTestId('consumption-lines'), '48 粒');
    await page.getByTestId('consumption-post').click();
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await expectText(page.locator('.ant-tag').filter({ hasText: '已过账' }).first(), '已过账');
    // First expiry first: 46 of 240915, then 2 of 250301.
    await expectText(page.getByTestId('consumption-lines'), '240915 · 2027-09-30 · 46 粒');
    await expectText(page.getByTestId('consumption-lines'), '250301 · 2028-02-29 · 2 粒');
    await screenshot('86-consumption-posted');
    // The 消耗出库单 prints: the batches each line took, the total in figures and words, the signatures.
    const consumptionUrl = page.url();
    await page.goto(consumptionUrl.replace('/consumptions/', '/print/consumptions/'));
    const consumptionSheet = page.getByTestId('consumption-print');
    await expectText(consumptionSheet, '消耗出库单');
    await expectText(consumptionSheet, /CK\d{4}-\d{6}/);
    await expectText(consumptionSheet, '240915（2027-09-30）× 46粒');
    await expectText(consumptionSheet, '250301（2028-02-29）× 2粒');
    await expectText(consumptionSheet, /金额大写：[零壹贰叁肆伍陆柒捌玖拾佰仟万]+元/);
    await expectText(consumptionSheet, /制单人.*审核人.*发药人/);
    await screenshot('86b-consumption-print');
    await page.goto(consumptionUrl);
    await expectText(page.getByTestId('consumption-lines'), '240915 · 2027-09-30 · 46 粒');
    expect(balanceOf(db, early, storeId)).toBe(0);
    expect(balanceOf(db, late, storeId)).toBe(70);
    await page.goto('/consumptions');
    await expectText(page.getByTestId('consumptions-grid'), '11月门诊发药.xlsx');
    await screenshot('87-consumptions');

    // A batch that expires within the month arrives: 近效期 on the unit's alerts.
    const soon = new Date(Date.now() + 25 * 86_400_000).toISOString().slice(0, 10);
    receiveForTest(db, { itemId, storeId, quantity: 10, supplierId, batchNo: '231101', expiry: soon });
    await page.goto('/stock-alerts');
    await expectText(page.getByTestId('stock-alerts-grid'), '阿莫西林胶囊');
    await screenshot('88-stock-alerts');
    await page.goto('/stocktakes');
    await screenshot('89-stocktakes');
    await page.goto('/stock');
    await screenshot('89-my-stock');
    expect(app.pageErrors).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a typed consumption over what is on hand is refused on its line, corrected in the draft and posted; the officer reads every unit’s alerts', async () => {
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
        genericName: '布洛芬缓释胶囊',
        spec: '0.3g',
        manufacturer: '中美天津史克制药有限公司',
        approvalNo: '国药准字H10900089',
        category: 'western',
        baseUnit: '粒',
        packs: [{ unit: '盒', factor: 20 }],
        purchaseUnit: '盒',
        issueUnit: '盒',
        levels: { county: true, township: true, village: true },
      },
    }, 'R2');
    const supplierId = (await ok(db, 'supplier.create', supplierInput(42), officer)).supplier.id;
    const batch = receiveForTest(db, { itemId, storeId, quantity: 40, supplierId, batchNo: 'IBU-2411', expiry: '2028-06-30' });

    await page.goto('/');
    await login(page, people.pharmacist.username, people.pharmacist.password);
    await openPage(page, '消耗出库');
    await page.getByTestId('consumption-new').click();
    await page.locator('.ant-drawer .ant-segmented-item', { hasText: '科室领用' }).click();
    await page.locator('.ant-drawer .ant-form-item', { hasText: '科室' }).locator('input').last().fill('住院部');
    await page.locator('.ant-drawer [data-testid="consumption-edit-lines"] .ant-select').first().click();
    await page.keyboard.type('blf');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await page.locator('.ant-drawer [data-testid="consumption-edit-lines"] .ant-input-number-input').first().fill('50');
    await page.getByTestId('consumption-save').click();
    await page.waitForURL(/\/consumptions\/\d+$/);
    await page.getByTestId('consumption-post').click();
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await expectText(page.getByTestId('consumption-problems'), '库存不足：可用 40 粒（正常、未过期批次），需要 50 粒');
    await screenshot('90-consumption-shortage');
    await page.getByTestId('consumption-edit').click();
    await page.locator('[data-testid="consumption-edit-lines"] .ant-input-number-input').first().fill('30');
    await page.getByTestId('consumption-update').click();
    await expectText(page.getByTestId('consumption-lines'), '30 粒');
    await page.getByTestId('consumption-post').click();
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await expectText(page.locator('.ant-tag').filter({ hasText: '已过账' }).first(), '已过账');
    await expectText(page.getByTestId('consumption-lines'), 'IBU-2411 · 2028-06-30 · 30 粒');
    await screenshot('91-consumption-edited-posted');
    expect(balanceOf(db, batch, storeId)).toBe(10);

    // A batch within the month and 10 粒 left of a 10-a-month item (the minimum is one month at a township: not below).
    receiveForTest(db, { itemId, storeId, quantity: 5, supplierId, batchNo: 'IBU-SOON', expiry: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10) });
    const context = await app.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: app.hub.url });
    const second = await context.newPage();
    await second.goto('/');
    await login(second, people.officer.username, people.officer.password);
    // Signed in and landed before going on (a goto racing the landing's redirect can lose the page).
    await second.getByTestId('main-menu').waitFor();
    await second.goto('/stock-alerts');
    await expectText(second.getByTestId('stock-alerts-grid'), '柳树镇卫生院');
    await second.waitForTimeout(300);
    await second.screenshot({ path: 'test-results/screenshots/92-stock-alerts-officer.png', fullPage: true });
    await context.close();
    expect(app.pageErrors).toEqual([]);
  });
});

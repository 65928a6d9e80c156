import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNTS } from '../../core/api/index.js';
import { addMonths } from '../../core/distribution/shipments/eligibility.js';
import { SUGGESTED_ACCOUNT_CODES } from '../../core/finance/vouchers/settings.js';
import { communityDate } from '../../core/time.js';
import { ADMIN_PASSWORD, login as apiLogin, ok, userWithSession } from '../support/db.js';
import { approvedRequisitionForTest } from '../support/distribution.js';
import { newItem, stock } from '../support/shipments.js';
import { openApp, type AppUnderTest } from './support/app.js';
import { expectText, login } from './support/ui.js';
import { seedPeople, type FormularyPeople } from './formulary-support.js';

let app: AppUnderTest;
let people: FormularyPeople;

beforeEach(async () => {
  app = await openApp();
  people = await seedPeople(app.hub.db);
});

afterEach(async () => {
  await app?.close();
});

const MONTH = communityDate(new Date()).slice(0, 7);

/**
 * Through the operations: 10 boxes (12.50 ¥ a box of 24) in the central store; 柳树镇卫生院 (the pharmacist 赵晓梅's
 * unit) with a budget of 10,000.00 for the year; one approved requisition of 2 boxes allocated, shipped by the
 * storekeeper and signed for by the pharmacist (its books are charged 25.00 this month), a second of 1 box approved
 * and not shipped (committed). Finance (刘芳) and an auditor (审计) at the lead hospital.
 */
async function booksOfTheMonth() {
  const db = app.hub.db;
  const admin = await apiLogin(db, 'admin', ADMIN_PASSWORD);
  const a = { sessionToken: admin };
  const units = (await ok(db, 'unit.list', {}, a)).units;
  const lead = units.find((u) => u.isLead)!;
  const township = units.find((u) => u.code === 'LSZ')!;
  const centralStore = (await ok(db, 'store.list', { unitId: lead.id }, a)).stores[0]!.id;
  const townshipStore = (await ok(db, 'store.list', { unitId: township.id }, a)).stores[0]!.id;
  const keeper = await userWithSession(db, admin, { username: 'kuguan', displayName: '周库管', role: 'storekeeper', unitId: lead.id });
  const caiwu = await userWithSession(db, admin, { username: 'caiwu', displayName: '刘芳', role: 'finance', unitId: lead.id });
  const shenji = await userWithSession(db, admin, { username: 'shenji', displayName: '孙审计', role: 'auditor', unitId: lead.id });
  const pharmacist = { sessionToken: await apiLogin(db, people.pharmacist.username, people.pharmacist.password) };
  const itemId = newItem(db);
  stock(db, { itemId, storeId: centralStore, quantity: 240, batchNo: 'V2611', expiry: addMonths(communityDate(new Date()), 20) });
  const year = Number(MONTH.slice(0, 4));
  await ok(
    db,
    'budget.set',
    { unitId: township.id, year, amountMicro: 10_000_000_000, overRule: 'warn', note: '' },
    { sessionToken: caiwu.token },
  );

  const shipped = approvedRequisitionForTest(db, { unitId: township.id, storeId: townshipStore, lines: [{ itemId, quantity: 48 }] });
  const k = { sessionToken: keeper.token };
  const { shipment } = await ok(db, 'shipment.allocate', { requisitionId: shipped.id }, k);
  await ok(db, 'shipment.ship', { id: shipment.id, requestId: 'e2e-vouchers-ship' }, k);
  await ok(db, 'shipment.confirm', { id: shipment.id, requestId: 'e2e-vouchers-confirm' }, pharmacist);
  approvedRequisitionForTest(db, { unitId: township.id, storeId: townshipStore, lines: [{ itemId, quantity: 24 }] });

  /** 会计科目对照 as finance would save it on /finance-settings: the suggested 政府会计制度 codes. */
  const mapAccounts = () =>
    ok(
      db,
      'accountMap.save',
      {
        accounts: ACCOUNTS.map((account) => ({ account, ...SUGGESTED_ACCOUNT_CODES[account] })),
        unitOverrides: [],
        auxiliary: { supplierSource: 'uscc', supplierCodes: [], unitSource: 'code', unitCodes: [] },
      },
      { sessionToken: caiwu.token },
    );
  return { lead, township, centralStore, caiwu, shenji, mapAccounts };
}

/** Rows of an xlsx (header first) as arrays of cell values. */
async function xlsxRows(file: string): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

async function exportXlsx(app_: AppUnderTest): Promise<{ name: string; rows: unknown[][] }> {
  const { page } = app_;
  await page.getByTestId('vouchers-export').click();
  await expectText(page.locator('.ant-modal-title'), /记账凭证/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('vouchers-download').click()]);
  return { name: download.suggestedFilename(), rows: await xlsxRows((await download.path())!) };
}

describe('记账凭证', () => {
  it('finance sees the month not exportable until the accounts are mapped, then balanced vouchers of the centre and of a member, exports the xlsx and changes the month in the address', async () => {
    const { page, screenshot } = app;
    const { township, caiwu, mapAccounts } = await booksOfTheMonth();
    await page.goto('/');
    await login(page, 'caiwu', caiwu.password);
    await page.goto(`/vouchers?month=${MONTH}`);

    // Nothing mapped yet: the accounts used are named, the export is refused, finance is sent to the map.
    await expectText(page.getByTestId('vouchers-unmapped'), /库存物资/);
    await expect(page.getByTestId('vouchers-export').isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: /去设置会计科目对照/ }).getAttribute('href')).resolves.toBe('/finance-settings');
    await screenshot('v1-vouchers-unmapped');

    await mapAccounts();
    await page.reload();
    await expectText(page.getByTestId('vouchers-balance'), '借贷平衡');
    await expect(page.getByTestId('vouchers-unmapped').count()).resolves.toBe(0);
    const debit = await page.getByTestId('vouchers-debit').textContent();
    expect(debit).not.toBe('0.00');
    expect(await page.getByTestId('vouchers-credit').textContent()).toBe(debit);
    await expectText(page.getByTestId('vouchers-table'), /1302/);
    await screenshot('v2-vouchers-centre');

    // The member's books: 库存物品 debited 25.00 against 内部往来 with the lead hospital as 辅助核算.
    await page.getByTestId('vouchers-unit').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '柳树镇卫生院' }).click();
    await expectText(page.getByTestId('vouchers-table'), /柳树镇|调拨/);
    await expectText(page.getByTestId('vouchers-debit'), '25.00');
    await expectText(page.getByTestId('vouchers-credit'), '25.00');
    await expectText(page.getByTestId('vouchers-balance'), '借贷平衡');
    await expectText(page.getByTestId('vouchers-table'), /往来单位：/);
    await screenshot('v3-vouchers-member');
    const noSideways = await page.evaluate(() => {
      const body = document.querySelector('[data-testid="vouchers-table"] .ant-table-body') as HTMLElement | null;
      return body ? body.scrollWidth <= body.clientWidth + 1 && document.documentElement.scrollWidth <= window.innerWidth : false;
    });
    expect(noSideways).toBe(true);

    const file = await exportXlsx(app);
    expect(file.name).toBe(`记账凭证-LSZ-${MONTH}.xlsx`);
    const [header, ...lines] = file.rows;
    const code = header!.indexOf('科目编码');
    expect(code).toBeGreaterThanOrEqual(0);
    const debitCol = header!.findIndex((h) => typeof h === 'string' && h.startsWith('借方'));
    const inventory = lines.find((r) => r[code] === '1302');
    expect(inventory, JSON.stringify(file.rows)).toBeDefined();
    expect(Number(inventory![debitCol])).toBe(25);
    expect(township.code).toBe('LSZ');

    // A month picked is written back to the address (a shared link opens the same month).
    await page.getByTestId('vouchers-month').click();
    const previous = Number(MONTH.slice(5, 7)) === 1 ? '12月' : `${Number(MONTH.slice(5, 7)) - 1}月`;
    await page.locator('.ant-picker-dropdown:visible .ant-picker-cell-inner', { hasText: new RegExp(`^${previous}$`) }).click();
    await page.waitForURL(/month=\d{4}-\d{2}/);
    expect(new URL(page.url()).searchParams.get('month')).not.toBe(MONTH);
    await expectText(page.getByTestId('vouchers-balance'), '本月没有分录');
    expect(app.pageErrors).toEqual([]);
  });

  it('the auditor reads and exports the same month with nothing to change', async () => {
    const { page, screenshot } = app;
    const { shenji, township, centralStore, mapAccounts } = await booksOfTheMonth();
    await mapAccounts();
    // A month of 26 vouchers at the centre (25 more goods-in slips): two pages, the page still fits the screen.
    for (let i = 1; i <= 25; i += 1)
      stock(app.hub.db, { itemId: newItem(app.hub.db), storeId: centralStore, quantity: 24 * i, batchNo: `A${i}`, expiry: '2029-06-30' });
    await page.goto('/');
    await login(page, 'shenji', shenji.password);
    await page.goto(`/vouchers?month=${MONTH}`);
    await expectText(page.getByTestId('vouchers-balance'), '借贷平衡');
    await expectText(page.getByTestId('vouchers-summary'), /凭证 27 张/);
    const fits = await page.evaluate(() => ({
      page: document.documentElement.scrollHeight <= window.innerHeight && document.documentElement.scrollWidth <= window.innerWidth,
      pager: (document.querySelector('.ant-pagination') as HTMLElement).getBoundingClientRect().bottom <= window.innerHeight,
    }));
    expect(fits).toEqual({ page: true, pager: true });
    await screenshot('v4-vouchers-auditor');
    // Read-only: the only action is the export; no link to the settings.
    const buttons = (await page.locator('.ant-layout-content button').allTextContents()).map((s) => s.replace(/\s/g, ''));
    expect(buttons.filter((b) => b !== '')).toEqual(['导出凭证']);
    await expect(page.getByRole('link', { name: /会计科目对照|导出格式/ }).count()).resolves.toBe(0);
    const file = await exportXlsx(app);
    expect(file.name).toMatch(new RegExp(`^记账凭证-.+-${MONTH}\\.xlsx$`));
    expect(file.rows.length).toBeGreaterThan(1);

    // 预算执行: the centre picks a unit (here from its row of the year's budgets) and reads it month by month.
    await page.goto('/budgets');
    await page.getByTestId(`budget-months-${township.id}`).click();
    await expectText(page.getByTestId('execution-unit'), /柳树镇卫生院/);
    await expectText(page.locator(`[data-testid="execution-table"] tr[data-row-key="${Number(MONTH.slice(5, 7))}"]`), /25\.00/);
    await screenshot('v6-budget-execution-centre');
    expect(app.pageErrors).toEqual([]);
  });
});

describe('预算执行（按月）', () => {
  it('the member pharmacist opens 预算执行 on their own unit: this month’s committed and actual', async () => {
    const { page, screenshot } = app;
    const { township } = await booksOfTheMonth();
    await page.goto('/');
    await login(page, people.pharmacist.username, people.pharmacist.password);
    await page.goto('/budgets');
    await expectText(page.getByTestId('execution-unit'), township.name);
    const month = Number(MONTH.slice(5, 7));
    const row = page.locator(`[data-testid="execution-table"] tr[data-row-key="${month}"]`);
    await expectText(row, /本月/);
    const cells = (await row.locator('td').allTextContents()).map((s) => s.trim());
    // 累计预算, 已承诺 (1 box not shipped), 本月执行 (2 boxes signed for), 累计执行, 可用.
    expect(cells.slice(2, 4)).toEqual(['12.50', '25.00']);
    expect(cells[4]).toBe('25.00');
    expect(cells[5]).toBe('9,962.50');
    await screenshot('v5-budget-execution-member');
    // The annual tab shows their unit only.
    await page.getByRole('tab', { name: '年度预算' }).click();
    await expectText(page.getByTestId('budgets-grid'), /柳树镇卫生院/);
    expect(app.pageErrors).toEqual([]);
  });
});

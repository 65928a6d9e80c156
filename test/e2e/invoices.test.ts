import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok } from '../support/db.js';
import { supplierInput } from '../support/suppliers.js';
import { openApp, type AppUnderTest } from './support/app.js';
import { financeCommunity } from './support/finance.js';
import { expectText, gridRows, login } from './support/ui.js';
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

/** A drug (挂网价 13.00/盒), a supplier, an order at 12.50/盒 and its posted receipt of 2 盒; two finance users. */
async function buying() {
  const db = app.hub.db;
  const { officer, central, keeper, caiwu, shenhe, itemId } = await financeCommunity(db, people, 13_000_000);
  const supplierId = (await ok(db, 'supplier.create', supplierInput(51), officer)).supplier.id;
  const { order } = await ok(db, 'purchaseOrder.create', { supplierId, storeId: central, lines: [{ itemId, quantity: 48, priceMicro: 12_500_000 }] }, officer);
  await ok(db, 'purchaseOrder.approve', { id: order.id }, officer);
  const kuguan = { sessionToken: keeper.token };
  const { receipt } = await ok(
    db,
    'receipt.create',
    {
      supplierId,
      storeId: central,
      orderId: order.id,
      lines: [{ itemId, orderLineId: order.lines[0]!.id, batchNo: '251101', expiry: '2028-09', quantity: 48, priceMicro: 12_500_000, traceCodes: [], manufacturerInvoiceNo: '44000000000000000001' }],
    },
    kuguan,
  );
  const posted = (await ok(db, 'receipt.post', { id: receipt.id, requestId: 'e2e-invoice-receipt-1' }, kuguan)).receipt;
  const receiptLineId = posted.lines[0]!.id;
  return { db, supplierId, receiptLineId, receiptNumber: posted.number, caiwu, shenhe };
}

describe('发票与三单匹配', () => {
  it('finance registers an invoice with a price exception, the second finance user approves the exception with a reason, and the invoice is approved', async () => {
    const { page, screenshot } = app;
    const { receiptLineId, caiwu, shenhe } = await buying();

    // 刘芳 registers the invoice: 2 盒 invoiced at 25.60 against an order price of 12.50 a box.
    await page.goto('/');
    await login(page, 'caiwu', caiwu.password);
    await page.goto('/invoices/new');
    await page.getByTestId('invoice-supplier').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '清源医药有限公司51' }).first().click();
    await page.getByTestId(`invoice-add-${receiptLineId}`).click();
    await page.getByTestId('invoice-number').fill('25442000000000012345');
    await page.getByTestId(`invoice-line-amount-${receiptLineId}`).fill('25.60');
    await expectText(page.getByTestId('invoice-live-exception').first(), /价格与订单不符.*发票单价 12\.80 元\/盒/);
    await expectText(page.getByTestId('invoice-total'), /价税合计 25\.60 元/);
    await screenshot('90-invoice-register');
    await page.getByTestId('invoice-save').click();
    await page.waitForURL(/\/invoices\/\d+$/);
    await expectText(page.getByTestId('invoice-blocked'), /1 项匹配例外未处理/);
    await expectText(page.getByTestId('invoice-exception-reason').first(), /订单.*价 12\.50 元\/盒/);
    // The registrar may not approve its exception: there is no button for it, and approval is disabled.
    expect(await page.getByTestId('invoice-approve-exception-1-price_order').count()).toBe(0);
    await expect.poll(() => page.getByTestId('invoice-approve').isDisabled()).toBe(true);
    await screenshot('91-invoice-detail-exception');
    const invoiceUrl = new URL(page.url()).pathname;

    // 张敏, the second finance user, sees it in the list, approves the exception with a reason, then the invoice.
    await page.context().clearCookies();
    await page.goto('/');
    await login(page, 'caiwu.shenhe', shenhe.password);
    await page.goto('/invoices');
    await expect.poll(() => gridRows(page, 'invoices-grid').count(), { timeout: 10_000 }).toBe(1);
    await expectText(gridRows(page, 'invoices-grid').first(), /FP\d{4}-\d{6}.*已登记.*1.*清源医药有限公司51.*数电票.*25442000000000012345.*25\.60/);
    await screenshot('92-invoice-list');
    await page.goto(invoiceUrl);
    await page.getByTestId('invoice-approve-exception-1-price_order').click();
    await page.getByTestId('invoice-exception-reason-input').fill('供应商调价，已签补充协议');
    // The dialog, with the exception's reason and the approver's (also lets antd's opening motion finish).
    await screenshot('92b-invoice-approve-exception');
    await page.getByTestId('invoice-exception-ok').click();
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });
    await expectText(page.getByTestId('invoice-exception-1-price_order'), /张敏 审批：供应商调价,已签补充协议/);
    await page.getByTestId('invoice-approve').click();
    await page.getByTestId('invoice-approve-ok').click();
    await expectText(page.locator('.ant-card-head').first(), /已审核/);
    await expectText(page.locator('.ant-card', { hasText: '应付款' }).last(), /25\.60/);
    await screenshot('93-invoice-approved');

    // After a return, the supplier's red-letter invoice offsets one box of it; approving it settles the blue payable.
    await page.getByTestId('invoice-red').click();
    await page.getByTestId('invoice-red-number').fill('25442000000000012346');
    await page.locator('.ant-modal .ant-input-number-input').first().fill('24');
    await expect.poll(() => page.locator('.ant-modal input[value="12.80"]').count()).toBe(1);
    await screenshot('93b-invoice-red');
    await page.getByTestId('invoice-red-ok').click();
    await page.waitForURL((url) => url.pathname !== invoiceUrl && /\/invoices\/\d+$/.test(url.pathname));
    await expectText(page.getByTestId('invoice-lines'), /-24 片.*-12\.80/);
    await page.getByTestId('invoice-approve').click();
    await page.getByTestId('invoice-approve-ok').click();
    await expectText(page.locator('.ant-card-head').first(), /已审核.*红字/);
    const settled = app.hub.db.$client.prepare("SELECT kind, amount_micro AS a FROM payable_settlements").all();
    expect(settled).toEqual([{ kind: 'red_invoice', a: 12_800_000 }]);
    expect(app.pageErrors).toEqual([]);
  });

  it('finance imports the invoice platform export: the preview names the bad row and column, a clean file registers its invoices', async () => {
    const { page, screenshot } = app;
    const { db, supplierId, receiptNumber, caiwu } = await buying();
    const uscc = (db.$client.prepare('SELECT uscc FROM suppliers WHERE id = ?').get(supplierId) as { uscc: string }).uscc;
    const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-e2e-invoices-'));
    const header = ['发票号码', '开票日期', '销方名称', '销方纳税人识别号', '货物或应税劳务名称', '规格型号', '单位', '数量', '金额', '税率', '税额', '价税合计'];
    const row = (number: string, name: string, quantity: number, total: string) => [number, '2026-11-20', '清源医药有限公司51', uscc, `*化学药品制剂*${name}`, '0.25g', '盒', quantity, '', '13%', '', total];
    const write = async (name: string, rows: (string | number)[][]) => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('发票明细');
      sheet.addRow(['数电票平台 发票明细导出']);
      sheet.addRow(header);
      for (const r of rows) sheet.addRow(r);
      const file = path.join(dir, name);
      await workbook.xlsx.writeFile(file);
      return file;
    };
    try {
      const bad = await write('发票导出-有误.xlsx', [row('25442000000000054321', '头孢呋辛酯片', 1, '12.50'), row('25442000000000054322', '布洛芬缓释胶囊', 1, '8.00')]);
      const good = await write('发票导出.xlsx', [row('25442000000000054321', '头孢呋辛酯片', 2, '25.00')]);
      await page.goto('/');
      await login(page, 'caiwu', caiwu.password);
      await page.goto('/invoices/import');
      await page.locator('.ant-upload input[type=file]').setInputFiles(bad);
      await expectText(page.getByTestId('invoice-import-problems'), /1 处错误.*第 4 行「货物或应税劳务名称」.*布洛芬缓释胶囊/);
      await expect.poll(() => page.getByTestId('invoice-import-commit').isDisabled()).toBe(true);
      await screenshot('94-invoice-import-preview');
      await page.goto('/invoices/import');
      await page.locator('.ant-upload input[type=file]').setInputFiles(good);
      await expectText(page.locator('.ant-alert-success'), /没有错误/);
      await expectText(page.locator('.ant-table-row', { hasText: '25442000000000054321' }).first(), new RegExp(`25442000000000054321.*清源医药有限公司51.*25\\.00`));
      await page.getByTestId('invoice-import-commit').click();
      await page.waitForURL(/\/invoices$/);
      await expectText(gridRows(page, 'invoices-grid').first(), /已登记.*25442000000000054321.*25\.00/);
      const imported = db.$client.prepare('SELECT source_file AS f FROM supplier_invoices').all();
      expect(imported).toEqual([{ f: '发票导出.xlsx' }]);
      expect(receiptNumber).toMatch(/^RK/);
      await screenshot('95-invoice-imported');
      expect(app.pageErrors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

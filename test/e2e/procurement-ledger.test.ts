import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { communityDate } from '../../core/time.js';
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

const BOX = 12_500_000;

/**
 * Through the operations, today: a drug at 12.50/盒; 李药师 orders 10 盒 and approves; 周库管 receives and posts; 刘芳
 * registers the invoice, 张敏 approves it; 刘芳 prepares the payment, 张敏 approves it, 刘芳 records the bank payment.
 */
async function purchase() {
  const db = app.hub.db;
  const community = await financeCommunity(db, people, BOX);
  const { officer, central, itemId } = community;
  const keeper = { sessionToken: community.keeper.token };
  const caiwu = { sessionToken: community.caiwu.token };
  const shenhe = { sessionToken: community.shenhe.token };
  const auditor = await community.user('shenji', '王审计', 'auditor');
  const supplierId = (await ok(db, 'supplier.create', supplierInput(51), officer)).supplier.id;
  const { order } = await ok(db, 'purchaseOrder.create', { supplierId, storeId: central, lines: [{ itemId, quantity: 240, priceMicro: BOX }] }, officer);
  await ok(db, 'purchaseOrder.approve', { id: order.id }, officer);
  const { receipt } = await ok(
    db,
    'receipt.create',
    {
      supplierId,
      storeId: central,
      orderId: order.id,
      lines: [{ itemId, orderLineId: order.lines[0]!.id, batchNo: 'PB1', expiry: '2029-09', quantity: 240, priceMicro: BOX, traceCodes: [], manufacturerInvoiceNo: '44000000000000000001' }],
    },
    keeper,
  );
  const posted = (await ok(db, 'receipt.post', { id: receipt.id, requestId: 'e2e-ledger-receipt' }, keeper)).receipt;
  const { invoice } = await ok(
    db,
    'invoice.register',
    { supplierId, number: '26442000000000000001', date: communityDate(new Date()), amountMicro: 10 * BOX, taxRateBp: 1300, lines: [{ receiptLineId: posted.lines[0]!.id, quantity: 240, amountMicro: 10 * BOX }] },
    caiwu,
  );
  const payableId = (await ok(db, 'invoice.approve', { id: invoice.id }, shenhe)).payables[0]!.id;
  const { batch } = await ok(db, 'paymentBatch.create', { lines: [{ payableId, amountMicro: 10 * BOX }], requestId: 'e2e-ledger-batch' }, caiwu);
  await ok(db, 'paymentBatch.approve', { id: batch.id, requestId: 'e2e-ledger-approve' }, shenhe);
  await ok(db, 'paymentBatch.recordPaid', { id: batch.id, bankReference: 'ICBC20261203001', paidOn: communityDate(new Date()), requestId: 'e2e-ledger-paid' }, caiwu);
  return { auditor, batchNumber: batch.number };
}

describe('采购台账与完整性检查', () => {
  it('the auditor reads the ledger (who did each step), opens a payment’s trail with its audit entries, exports it, and runs the integrity checks', async () => {
    const { page, screenshot } = app;
    const { auditor, batchNumber } = await purchase();
    await page.goto('/');
    await login(page, 'shenji', auditor.password);
    await page.goto('/procurement-ledger');

    // This month: the order, the receipt, the invoice and the payment, one row each.
    await expect.poll(() => gridRows(page, 'ledger-grid').count(), { timeout: 10_000 }).toBe(4);
    await expectText(gridRows(page, 'ledger-grid').filter({ hasText: '订单' }), /已完成.*头孢呋辛酯片 0\.25g.*240片.*125\.00.*李药师.*李药师/);
    await expectText(gridRows(page, 'ledger-grid').filter({ hasText: '入库' }), /已验收.*周库管.*验收入库 周库管/);
    await expectText(gridRows(page, 'ledger-grid').filter({ hasText: '发票' }), /已审核.*刘芳.*张敏/);
    await expectText(page.getByTestId('ledger-summary'), /共 4 行 · 订单 125\.00 元 · 入库 125\.00 元 · 发票 125\.00 元 · 付款 125\.00 元/);
    await screenshot('ledger-01-procurement');

    // The kind filter.
    await page.getByTestId('ledger-kind').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '付款' }).click();
    await expect.poll(() => gridRows(page, 'ledger-grid').count()).toBe(1);
    await expectText(gridRows(page, 'ledger-grid').first(), new RegExp(`${batchNumber}/1.*已付款.*刘芳.*张敏.*付款 刘芳`));

    // The payment's trail: its steps and its audit entries.
    await gridRows(page, 'ledger-grid').first().click();
    const drawer = page.getByTestId('ledger-trace');
    await expectText(drawer, new RegExp(`单据留痕 · ${batchNumber}`));
    await expectText(drawer, /创建.*草稿.*审核.*已审核.*登记付款.*已付款/);
    await expectText(drawer, /张敏（caiwu\.shenhe）/);
    await expectText(page.getByTestId('ledger-trace-audit'), /第 \d+ 条.*caiwu.*校验哈希.*在审计日志中查看/);
    await screenshot('ledger-02-trace');
    await page.locator('.ant-drawer-close').click();

    // The export is the xlsx of the contract's columns.
    const href = await page.getByTestId('ledger-export').getAttribute('href');
    const response = await page.request.get(href!);
    expect(response.status()).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await response.body()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('采购台账')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('类别');
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(1).value).toBe('付款');

    // 完整性检查: all three pass.
    await page.goto('/integrity');
    await expectText(page.getByTestId('integrity-last-run'), /本次尚未运行/);
    await page.getByTestId('integrity-run').click();
    await expectText(page.getByTestId('integrity-outcome'), /三项检查全部通过/);
    for (const key of ['audit', 'stock', 'books']) await expectText(page.getByTestId(`integrity-${key}`), /通过/);
    await expectText(page.getByTestId('integrity-last-run'), /上次运行：\d{4}-\d{2}-\d{2}/);
    await screenshot('ledger-03-integrity');
    expect(app.pageErrors).toEqual([]);
  }, 120_000);
});

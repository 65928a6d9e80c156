import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtinProfiles } from '../../core/platform/builtin.js';
import { writeExchange } from '../../core/platform/codec.js';
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
 * Through the operations: a drug at 12.50/盒, a small supplier (中小企业) and a large one, each with a bank account;
 * per supplier an order, its posted receipt and the invoice registered by 刘芳 (caiwu) and approved by 张敏
 * (caiwu.shenhe) — payables of 4 盒 (SME) and 8 盒 (large). The SME's goods were received and accepted 75 days ago (due
 * 30 days after delivery: 45 days ago), so its payable is overdue and accrues statutory late interest.
 */
async function payables() {
  const db = app.hub.db;
  const { officer, central, keeper, caiwu, shenhe, itemId } = await financeCommunity(db, people, BOX);
  const smeId = (await ok(db, 'supplier.create', supplierInput(51), officer)).supplier.id;
  const largeId = (
    await ok(
      db,
      'supplier.create',
      supplierInput(7, { sme: false, name: '国药控股清源医药有限公司', bankAccountName: '国药控股清源医药有限公司' }),
      officer,
    )
  ).supplier.id;
  const kuguan = { sessionToken: keeper.token };
  let seq = 0;
  /** `daysAgo`: received and accepted that many days ago (the operations run at that moment). */
  const invoiced = async (supplierId: number, boxes: number, daysAgo = 0): Promise<number> => {
    const then = { ...kuguan, now: new Date(Date.now() - daysAgo * 86_400_000) };
    const { order } = await ok(
      db,
      'purchaseOrder.create',
      { supplierId, storeId: central, lines: [{ itemId, quantity: boxes * 24, priceMicro: BOX }] },
      officer,
    );
    await ok(db, 'purchaseOrder.approve', { id: order.id }, officer);
    const { receipt } = await ok(
      db,
      'receipt.create',
      {
        supplierId,
        storeId: central,
        orderId: order.id,
        lines: [
          {
            itemId,
            orderLineId: order.lines[0]!.id,
            batchNo: `PB${++seq}`,
            expiry: '2029-09',
            quantity: boxes * 24,
            priceMicro: BOX,
            traceCodes: [],
            manufacturerInvoiceNo: '44000000000000000001',
          },
        ],
      },
      then,
    );
    const posted = (await ok(db, 'receipt.post', { id: receipt.id, requestId: `e2e-pay-receipt-${seq}` }, then)).receipt;
    const { invoice } = await ok(
      db,
      'invoice.register',
      {
        supplierId,
        number: `2644200000000000${String(seq).padStart(4, '0')}`,
        date: '2026-11-20',
        amountMicro: boxes * BOX,
        taxRateBp: 1300,
        lines: [{ receiptLineId: posted.lines[0]!.id, quantity: boxes * 24, amountMicro: boxes * BOX }],
      },
      { sessionToken: caiwu.token },
    );
    const approved = await ok(db, 'invoice.approve', { id: invoice.id }, { sessionToken: shenhe.token });
    return approved.payables[0]!.id;
  };
  const smePayable = await invoiced(smeId, 4, 75);
  const largePayable = await invoiced(largeId, 8);
  return { db, smePayable, largePayable, largeId, caiwu, shenhe };
}

describe('应付款与付款单', () => {
  it('finance sees ageing and the overdue SME payable, builds a batch with a partial amount, a second finance user approves, the preparer exports the GBK bank file and records payment line by line, reverses one', async () => {
    const { page, screenshot } = app;
    const { db, smePayable, largePayable, caiwu, shenhe } = await payables();

    // 刘芳: the payables, ageing by supplier; the SME's payable is overdue (red), in the 61–90 bucket, with interest.
    await page.goto('/');
    await login(page, 'caiwu', caiwu.password);
    await page.goto('/payables');
    await expect.poll(() => gridRows(page, 'payables-grid').count(), { timeout: 10_000 }).toBe(2);
    await expectText(page.getByTestId('payables-stats'), /未付合计150\.00.*已逾期50\.00/);
    await page.getByTestId('payables-tab-ageing').click();
    const smeAgeing = page.locator('[data-testid="payables-ageing"] .ant-table-row', { hasText: '清源医药有限公司51' });
    // 未付 50.00 | 0–30 0.00 | 31–60 0.00 | 61–90 50.00 | >90 0.00 | 7日内 0.00 | 30日内 0.00 | 已逾期 50.00 | 利息 1.12(5).
    await expectText(smeAgeing, /^清源医药有限公司51 中小企业50\.000\.000\.0050\.000\.000\.000\.0050\.001\.1[23]/);
    await screenshot('96a-payables-ageing');
    await page.getByTestId('payables-tab-list').click();
    const smeRow = gridRows(page, 'payables-grid').filter({ hasText: '清源医药有限公司51' });
    // Due date, days overdue, open, interest, and the rule that set the due date.
    await expectText(smeRow, /中小企业2644200000000000000\d头孢呋辛酯片.*\d{4}-\d{2}-\d{2}4550\.001\.1[23]中小企业：交付后30日内/);
    const { rows } = await ok(db, 'payable.list', {}, { sessionToken: caiwu.token });
    const sme = rows.find((r) => r.id === smePayable)!;
    // 50.00 yuan × 0.05 % a day × 45 days = 1.125 yuan of statutory interest on the SME's payable.
    expect(sme).toMatchObject({ overdueDays: 45, interestMicro: 1_125_000, status: 'open' });
    expect(rows.find((r) => r.id === largePayable)).toMatchObject({ overdueDays: 0, interestMicro: 0 });
    await screenshot('96-payables');

    // Tick both, 加入付款单: the builder opens with them; pay the large supplier 60.00 of 100.00.
    await page.getByTestId(`payable-pick-${smePayable}`).check();
    await page.getByTestId(`payable-pick-${largePayable}`).check();
    await page.getByTestId('payables-add-to-batch').click();
    await page.waitForURL(/\/payment-batches$/);
    await expectText(page.getByTestId('builder-total'), /已选 2 笔，合计 150\.00 元/);
    await page.getByTestId(`builder-amount-${largePayable}`).fill('60');
    await page.getByTestId(`builder-amount-${largePayable}`).blur();
    await expectText(page.getByTestId('builder-total'), /已选 2 笔，合计 110\.00 元/);
    await expectText(page.locator('[data-testid="builder-lines"] .ant-table-row', { hasText: '国药控股' }), /部分付款/);
    await screenshot('97-payment-batch-builder');
    await page.getByTestId('builder-save').click();
    await expectText(page.locator('.ant-drawer-title'), /付款单 FK\d{4}-\d{6}.*草稿/);
    const number = /FK\d{4}-\d{6}/.exec((await page.locator('.ant-drawer-title').textContent())!)![0];
    // The preparer's approval is refused by the hub (two-person rule), in Chinese.
    await page.getByTestId('batch-approve').click();
    await expectText(page.locator('.ant-message-notice').last(), new RegExp(`付款单 ${number} 由您编制或修改，须由另一名财务人员审核`));
    await screenshot('98-payment-batch-draft');

    // 张敏 approves.
    await page.context().clearCookies();
    await page.goto('/');
    await login(page, 'caiwu.shenhe', shenhe.password);
    await page.goto('/payment-batches');
    await expectText(gridRows(page, 'batches-grid').first(), new RegExp(`${number}.*草稿.*2.*2.*110\\.00.*0\\.00.*caiwu`));
    await gridRows(page, 'batches-grid').first().click();
    await page.getByTestId('batch-approve').click();
    await expectText(page.locator('.ant-drawer-title'), /已审核/);
    await expectText(page.locator('.ant-drawer-body .ant-descriptions'), /caiwu\.shenhe/);

    // 刘芳 exports the bank file as CSV in GBK, then records the payment line by line.
    await page.context().clearCookies();
    await page.goto('/');
    await login(page, 'caiwu', caiwu.password);
    await page.goto('/payment-batches');
    await gridRows(page, 'batches-grid').first().click();
    await page.getByTestId('batch-export').click();
    // The dialog's opening motion can swallow a first click: click until the radio is checked.
    const choose = async (label: string) => {
      const radio = page.locator('.ant-modal .ant-radio-wrapper', { hasText: label });
      await expect
        .poll(async () => {
          await radio.click();
          return radio.evaluate((el) => el.classList.contains('ant-radio-wrapper-checked'));
        })
        .toBe(true);
    };
    await choose('CSV');
    await choose('GBK');
    await screenshot('99-payment-batch-export');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^银行付款-${number}-.*\\.csv$`));
    const bytes = readFileSync((await download.path())!);
    expect(bytes.toString('utf8')).not.toContain('国药控股');
    const csv = new TextDecoder('gbk').decode(bytes).trim().split('\r\n');
    expect(csv).toHaveLength(3);
    expect(csv.slice(1).join('\n')).toContain('国药控股清源医药有限公司');
    expect(csv.slice(1).some((l) => l.includes('60.00') || l.includes(',6000,'))).toBe(true);
    expect(csv.slice(1).some((l) => l.includes('50.00') || l.includes(',5000,'))).toBe(true);

    // Line 1 alone (部分付款), then the rest (已付款).
    const lines = page.locator('[data-testid="batch-lines"] .ant-table-tbody .ant-table-row');
    await lines.first().locator('.ant-checkbox-input').check();
    await page.getByTestId('batch-record-paid').click();
    await page.getByTestId('pay-reference').fill('ICBC20261203001');
    await page.getByTestId('pay-ok').click();
    await expectText(page.locator('.ant-drawer-title'), /部分付款/);
    await expectText(lines.first(), /已付.*ICBC20261203001/);
    await page.getByTestId('batch-record-paid').click();
    await page.getByTestId('pay-reference').fill('ICBC20261203002');
    await page.getByTestId('pay-ok').click();
    await expectText(page.locator('.ant-drawer-title'), /已付款/);
    await expectText(page.locator('.ant-drawer-body .ant-descriptions'), /110\.00.*110\.00/);
    const paid = db.$client
      .prepare(`SELECT payable_id AS p, amount_micro AS a, reference AS r FROM payable_settlements WHERE kind = 'bank' ORDER BY payable_id`)
      .all();
    expect(paid).toEqual(
      [
        { p: smePayable, a: 4 * BOX, r: 'ICBC20261203001' },
        { p: largePayable, a: 60_000_000, r: 'ICBC20261203002' },
      ].sort((x, y) => x.p - y.p),
    );
    await screenshot('99b-payment-batch-paid');

    // The bank returned line 2: reverse it with a reason (the hub keeps it with a half-width comma); the batch is 部分付款
    // again and the payable open again.
    await page.getByTestId('batch-reverse-2').click();
    await page.getByTestId('reason-input').fill('账号有误，银行退票');
    await page.getByTestId('reason-ok').click();
    await expectText(page.locator('.ant-drawer-title'), /部分付款/);
    await expectText(lines.nth(1), /已冲销 60\.00 元：账号有误,银行退票/);
    const line2 = (
      await ok(
        db,
        'paymentBatch.get',
        { id: (db.$client.prepare('SELECT id FROM documents WHERE number = ?').get(number) as { id: number }).id },
        { sessionToken: caiwu.token },
      )
    ).batch.lines[1]!;
    const reopened = (await ok(db, 'payable.get', { id: line2.payableId }, { sessionToken: caiwu.token })).payable;
    expect(reopened.openMicro).toBe(line2.payableId === largePayable ? 8 * BOX : 4 * BOX);
    await screenshot('99c-payment-batch-reversed');
    expect(app.pageErrors).toEqual([]);
  });

  it('finance records a 医保基金直接结算 against the fund statement, then builds a batch by supplier and cancels it with a reason', async () => {
    const { page, screenshot } = app;
    const { db, smePayable, caiwu } = await payables();
    await page.goto('/');
    await login(page, 'caiwu', caiwu.password);
    await page.goto('/payables');
    await expect.poll(() => gridRows(page, 'payables-grid').count(), { timeout: 10_000 }).toBe(2);
    await page.getByTestId(`payable-pick-${smePayable}`).check();
    await page.getByTestId('payables-settle-insurance').click();
    await page.getByTestId(`insurance-amount-${smePayable}`).fill('30');
    await page.getByTestId(`insurance-amount-${smePayable}`).blur();
    await page.getByTestId('insurance-reference').fill('YB202611-0087');
    await expectText(page.getByTestId('insurance-ok'), /登记结算 30\.00 元/);
    await screenshot('99d-payables-insurance');
    await page.getByTestId('insurance-ok').click();
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });
    // Open 20.00 of 50.00; still overdue, the interest accruing on the 20.00 left.
    await expectText(gridRows(page, 'payables-grid').filter({ hasText: '清源医药有限公司51' }), /\d{4}-\d{2}-\d{2}4520\.00/);
    expect((await ok(db, 'payable.get', { id: smePayable }, { sessionToken: caiwu.token })).payable).toMatchObject({
      paidMicro: 30_000_000,
      openMicro: 20_000_000,
      status: 'open',
    });
    const settled = db.$client.prepare(`SELECT kind, amount_micro AS a, reference AS r FROM payable_settlements`).all();
    expect(settled).toEqual([{ kind: 'insurance', a: 30_000_000, r: 'YB202611-0087' }]);

    // A batch by supplier: 新建付款单, the large supplier only, load, tick all; saved, then cancelled with a reason.
    await page.goto('/payment-batches');
    await page.getByTestId('batch-new').click();
    await page.getByTestId('builder-suppliers').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '国药控股清源医药有限公司' }).first().click();
    await page.keyboard.press('Escape');
    await page.getByTestId('builder-suggest').click();
    const candidates = page.locator('[data-testid="builder-lines"] .ant-table-tbody .ant-table-row');
    await expect.poll(() => candidates.count()).toBe(1);
    await expectText(candidates.first(), /国药控股清源医药有限公司.*默认账期.*100\.00.*100\.00/);
    await page.locator('[data-testid="builder-lines"] .ant-table-thead .ant-checkbox-input').check();
    await expectText(page.getByTestId('builder-total'), /已选 1 笔，合计 100\.00 元/);
    await page.getByTestId('builder-save').click();
    await expectText(page.locator('.ant-drawer-title'), /付款单 FK\d{4}-\d{6}.*草稿/);
    await page.getByTestId('batch-cancel').click();
    await page.getByTestId('reason-input').fill('本月资金计划调整');
    await page.getByTestId('reason-ok').click();
    await expectText(page.locator('.ant-drawer-title'), /已作废/);
    const batches = db.$client.prepare(`SELECT state FROM documents WHERE type = 'payment_batch'`).all();
    expect(batches).toEqual([{ state: 'cancelled' }]);
    expect(app.pageErrors).toEqual([]);
  });

  it('finance imports the platform’s settlement statement, sees it reconciled and closes the payable by 医保基金直接结算 from it', async () => {
    const { page, screenshot } = app;
    const { db, largePayable, largeId, caiwu } = await payables();
    db.$client.prepare("INSERT INTO supplier_platform_codes (supplier_id, profile, code) VALUES (?, 'national', 'PS7007')").run(largeId);
    const today = communityDate(new Date());
    const file = path.join(tmpdir(), `结算单-${process.pid}.xlsx`);
    const national = builtinProfiles().find((p) => p.name === 'national')!;
    writeFileSync(file, await writeExchange(national, 'settlements_in', [{ payOrdId: 'YB202612001', delventpCode: 'PS7007', shppAmt: 8 * BOX, retnAmt: 0, periodFrom: today, periodTo: today }], 'xlsx'));

    await page.goto('/');
    await login(page, 'caiwu', caiwu.password);
    await page.goto('/platform-imports');
    await page.getByTestId('import-exchange').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '结算单' }).click();
    const input = page.locator('input[type=file]:not([disabled])');
    await input.waitFor({ state: 'attached' });
    await input.setInputFiles(file);
    await expectText(page.getByTestId('import-changes'), /YB202612001.*平台结算 100\.00 元.*一致/);
    await page.getByTestId('import-commit').click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByTestId('settle-statements').waitFor();
    await screenshot('platform-settlement-reconciled');
    await page.getByTestId('settle-statement').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }).click();
    await expectText(page.getByTestId('settle-done'), '已结清 100.00 元');
    await screenshot('platform-settlement-settled');
    const payable = (await ok(db, 'payable.get', { id: largePayable }, { sessionToken: caiwu.token })).payable;
    expect(payable.amountMicro - payable.paidMicro).toBe(0);
    expect(app.pageErrors).toEqual([]);
  });
});

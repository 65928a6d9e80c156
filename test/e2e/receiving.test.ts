import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, ok } from '../support/db.js';
import { openApp, type AppUnderTest } from './support/app.js';
import { login } from './support/ui.js';
import { approvedOrder, seedReceiving, traceCodes, type ReceivingPeople } from './receiving-support.js';

let app: AppUnderTest;
let people: ReceivingPeople;

beforeEach(async () => {
  app = await openApp();
  people = await seedReceiving(app.hub.db);
});

afterEach(async () => {
  await app?.close();
});

describe('receiving and acceptance', () => {
  it('receives an order in two batches with scanned trace codes and a GS1 string, posts it and prints the record', async () => {
    const { page, screenshot, hub } = app;
    // The order, placed and approved by the pharmacy officer: 4 boxes of 阿莫西林 (traced per box) and 3 of insulin.
    const order = await approvedOrder(hub.db, people, people.centralStoreId, [
      { itemId: people.amoxId, quantity: 96, priceMicro: 12_500_000 },
      { itemId: people.coldId, quantity: 3, priceMicro: 45_800_000 },
    ]);

    await page.goto('/');
    await login(page, people.keeper.username, people.keeper.password);
    // The storekeeper's first screen: what is arriving.
    await page.waitForURL('**/receipts');
    await page.getByTestId('rk-arrivals').getByText(order.number).waitFor();
    await screenshot('70-receiving-arrivals');

    // 收货: a draft prefilled with what is outstanding.
    await page.getByTestId('rk-receive').first().click();
    await page.getByTestId('receipt-editor').waitFor();
    const batch = page.getByTestId('rk-batch');
    const expiry = page.getByTestId('rk-expiry');
    const qty = page.getByTestId('rk-qty');
    await expect.poll(() => batch.count()).toBe(2);
    // 阿莫西林 arrives in two batches of 2 boxes each.
    await batch.nth(0).fill('A2601');
    await expiry.nth(0).fill('2028-09');
    await qty.nth(0).fill('2');
    await page.getByRole('button', { name: '拆分批号' }).first().click();
    await expect.poll(() => batch.count()).toBe(3);
    await batch.nth(1).fill('A2602');
    await expiry.nth(1).fill('有效期至2028年12月');
    await qty.nth(1).fill('2');
    // The scanner types into the scan box: four boxes' codes, then the insulin's GS1 UDI.
    const scan = page.getByTestId('rk-scan');
    for (const code of traceCodes(people.amoxPrefix, 1, 4)) {
      await scan.fill(code);
      await scan.press('Enter');
    }
    await expect(page.getByTestId('rk-scan-notice').textContent()).resolves.toContain('第 2 行');
    await scan.fill('(01)06901234567892(10)C2611(11)260105(17)270700');
    await scan.press('Enter');
    await expect.poll(() => batch.nth(2).inputValue()).toBe('C2611');
    await page.getByTestId('rk-temp').fill('4.5');
    await page.getByTestId('rk-deliveryNoteNo').fill('SX20261202-01');
    await screenshot('71-receiving-scanned');
    await page.getByTestId('rk-create').click();
    await page.waitForURL(/\/receipts\/\d+$/);
    const receiptId = Number(page.url().split('/').pop());
    await page.getByTestId('rk-post').waitFor();
    await screenshot('72-receiving-draft');

    // 验收入库.
    await page.getByTestId('rk-post').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: /确\s*定/ }).click();
    await page.getByTestId('rk-posted-lines').waitFor();
    await screenshot('73-receiving-posted');

    const { receipt } = await ok(hub.db, 'receipt.get', { id: receiptId }, { sessionToken: people.keeper.token });
    expect(receipt.state).toBe('posted');
    expect(receipt.lines.map((l) => [l.batchNo, l.expiry, l.acceptedQuantity, l.traceCodeCount])).toEqual([
      ['A2601', '2028-09-30', 48, 2],
      ['A2602', '2028-12-31', 48, 2],
      ['C2611', '2027-07-31', 3, 0],
    ]);
    expect(receipt.lines[2]).toMatchObject({ productionDate: '2026-01-05', arrivalTempTenths: 45, deliveryNoteNo: 'SX20261202-01' });
    const after = await ok(hub.db, 'purchaseOrder.get', { id: order.id }, { sessionToken: people.officer });
    expect(after.order.state).toBe('completed');

    // The distributor's invoice arrives after the goods: 补录发票号 on the posted record.
    await page.getByTestId('rk-invoices').click();
    await page.getByTestId('rk-inv-distributorInvoiceNo-1').fill('24362000000000000101');
    await page.getByTestId('rk-inv-manufacturerInvoiceNo-1').fill('44012345');
    await screenshot('73b-receiving-invoices');
    await page.locator('.ant-modal').getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(async () => page.getByTestId('rk-posted-lines').textContent()).toContain('24362000000000000101 / 44012345');
    const invoiced = await ok(hub.db, 'receipt.get', { id: receiptId }, { sessionToken: people.keeper.token });
    expect([invoiced.receipt.lines[0]!.distributorInvoiceNo, invoiced.receipt.lines[0]!.manufacturerInvoiceNo]).toEqual(['24362000000000000101', '44012345']);

    // The 药品购进验收记录, A4 landscape.
    await page.goto(`/print/receipts/${receiptId}`);
    await page.getByTestId('receipt-print').waitFor();
    await expect(page.getByTestId('receipt-print').textContent()).resolves.toContain('壹佰捌拾柒元肆角整');
    await expect(page.getByTestId('receipt-print-codes').textContent()).resolves.toContain(traceCodes(people.amoxPrefix, 1, 1)[0]);
    await screenshot('74-receiving-print');
    expect(app.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  }, 120_000);

  it('shows the hub refusal on the line and field: a trace code already received', async () => {
    const { page, screenshot, hub } = app;
    const k = { sessionToken: people.keeper.token };
    const [code] = traceCodes(people.amoxPrefix, 500, 1);
    const first = (await ok(hub.db, 'receipt.create', { supplierId: people.supplierId, storeId: people.centralStoreId, unplannedReason: '补货', lines: [{ itemId: people.amoxId, batchNo: 'X1', expiry: '2028-09', quantity: 24, priceMicro: 12_500_000, traceCodes: [code!] }] }, k)).receipt;
    await ok(hub.db, 'receipt.post', { id: first.id, requestId: 'e2e-first-post' }, k);
    const draft = (await ok(hub.db, 'receipt.create', { supplierId: people.supplierId, storeId: people.centralStoreId, unplannedReason: '补货', lines: [{ itemId: people.amoxId, batchNo: 'X2', expiry: '2028-09', quantity: 48, priceMicro: 12_500_000, traceCodes: traceCodes(people.amoxPrefix, 501, 1) }] }, k)).receipt;

    await page.goto('/');
    await login(page, people.keeper.username, people.keeper.password);
    await page.waitForURL('**/receipts');
    await page.goto(`/receipts/${draft.id}`);
    const scan = page.getByTestId('rk-scan');
    await scan.waitFor();
    await scan.fill(code!);
    await scan.press('Enter');
    await page.getByTestId('rk-post').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(() => page.getByTestId('rk-codes').first().textContent()).toContain('2 / 应 2');
    await page.locator('.tc-field-error, .ant-btn-dangerous[data-testid="rk-codes"]').first().waitFor();
    await expect(page.getByTestId('rk-lines').textContent()).resolves.toContain('已于 RK');
    await screenshot('75-receiving-refused');
  }, 120_000);

  it('lets the pharmacy officer record why a short-expiry batch may be accepted; the storekeeper then posts it', async () => {
    const { page, screenshot, hub } = app;
    const k = { sessionToken: people.keeper.token };
    // 2 months left: below the 6-month minimum for 西药.
    const soon = new Date(Date.now() + 62 * 86_400_000).toISOString().slice(0, 7);
    const draft = (
      await ok(hub.db, 'receipt.create', {
        supplierId: people.supplierId,
        storeId: people.centralStoreId,
        unplannedReason: '急救补货',
        lines: [{ itemId: people.amoxId, batchNo: 'S1', expiry: soon, quantity: 24, priceMicro: 12_500_000, traceCodes: traceCodes(people.amoxPrefix, 700, 1) }],
      }, k)
    ).receipt;
    const refused = await call(hub.db, 'receipt.post', { id: draft.id, requestId: 'e2e-short-1' }, k);
    expect(!refused.ok && refused.error.fields?.[0]?.path).toBe('lines.0.expiry');

    // The officer (no stock.receive) reads the draft and records the reason.
    await page.context().addCookies([{ name: 'tongcai_session', value: people.officer, url: hub.url }]);
    await page.goto(`/receipts/${draft.id}`);
    await page.getByTestId('rk-short-expiry').waitFor();
    await expect(page.getByTestId('rk-post').count()).resolves.toBe(0);
    await page.getByTestId('rk-short-1').click();
    await page.getByTestId('rk-short-reason').fill('急救用药先用近效期批号');
    await page.locator('.ant-modal').getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(async () => page.getByTestId('rk-short-expiry').textContent()).toContain('急救用药先用近效期批号');
    await screenshot('76-receiving-short-expiry');

    const posted = await ok(hub.db, 'receipt.post', { id: draft.id, requestId: 'e2e-short-2' }, k);
    expect(posted.receipt.status).toBe('posted');
    expect(app.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpInput } from '../../core/api/index.js';
import { ledgerQuery } from '../../core/ledger/procurement.js';
import { communityDate } from '../../core/time.js';
import { call, ok } from '../support/db.js';
import { payablesCommunity, type PayablesCommunity } from './payables-support.js';

/**
 * 采购台账: one row per line of every order, receipt, invoice and payment batch in the period, with who took each step
 * of its document and when; every filter; each row traced to its audit entries; read-only and centre-only.
 */
let env: PayablesCommunity;
let today = '';
const BOX = 12_500_000;
let sentOrderId = 0;
let batchId = 0;
let payableIds: number[] = [];

const auditCount = () => (env.db.$client.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
const ledger = (input: Partial<OpInput<'ledger.procurement'>>, who = env.auditor) =>
  ok(env.db, 'ledger.procurement', { from: '2026-01-01', to: today, ...input } as OpInput<'ledger.procurement'>, who);

beforeAll(async () => {
  env = await payablesCommunity();
  today = communityDate(new Date());
  // 10 boxes of the plain drug: order (李药师 makes and approves), receipt (周库管), invoice (刘芳 registers, 张敏 approves).
  payableIds = await env.invoiced({ packs: [10] });
  // 4 boxes of the 集采 drug from the large supplier.
  await env.invoiced({ supplierId: env.largeId, itemId: env.vbpId, packs: [4] });
  // A sent order nobody has received yet.
  const officer = { sessionToken: env.officer };
  const { order } = await ok(env.db, 'purchaseOrder.create', { supplierId: env.smeId, storeId: env.townshipStoreId, lines: [{ itemId: env.drugId, quantity: 48, priceMicro: BOX }] }, officer);
  await ok(env.db, 'purchaseOrder.approve', { id: order.id }, officer);
  await ok(env.db, 'purchaseOrder.send', { id: order.id }, officer);
  sentOrderId = order.id;
  // A payment batch for the first payable: 刘芳 prepares, 张敏 approves, 刘芳 records the bank payment.
  const { batch } = await ok(env.db, 'paymentBatch.create', { lines: [{ payableId: payableIds[0]!, amountMicro: 10 * BOX }], requestId: env.requestId() }, env.caiwu);
  batchId = batch.id;
  await ok(env.db, 'paymentBatch.approve', { id: batch.id, requestId: env.requestId() }, env.shenhe);
  await ok(env.db, 'paymentBatch.recordPaid', { id: batch.id, bankReference: 'ICBC20261201001', paidOn: today, requestId: env.requestId() }, env.caiwu);
}, 120_000);
afterAll(() => env?.dispose());

describe('ledger.procurement', () => {
  it('lists every line of the four documents with its kind, number, date, unit, supplier, item, 集采 flag, amounts and who/when', async () => {
    const out = await ledger({});
    expect(out.total).toBe(8);
    const kinds = out.rows.map((r) => r.kindLabel).sort();
    expect(kinds).toEqual(['付款', '入库', '入库', '发票', '发票', '订单', '订单', '订单'].sort());

    const firstOrder = out.rows.find((r) => r.kind === 'order' && r.itemId === env.drugId && r.quantity === 240)!;
    expect(firstOrder).toMatchObject({
      documentNumber: expect.stringMatching(/^CG\d{4}-\d{6}$/),
      stateLabel: '已完成',
      date: today,
      unitId: env.leadId,
      supplierId: env.smeId,
      itemName: '头孢呋辛酯片',
      spec: '0.25g',
      vbp: false,
      baseUnit: '片',
      priceMicro: BOX,
      amountMicro: 10 * BOX,
      amountText: '125.00',
      createdBy: '李药师',
      approvedBy: '李药师',
      finalStep: '发送',
      finalBy: null,
    });
    expect(firstOrder.approvedAt! >= firstOrder.createdAt!).toBe(true);

    const sent = out.rows.find((r) => r.documentId === sentOrderId)!;
    expect(sent).toMatchObject({ stateLabel: '已发送', unitId: env.townshipId, quantity: 48, amountMicro: 2 * BOX, finalStep: '发送', finalBy: '李药师' });
    expect(sent.finalAt).not.toBeNull();

    const receipt = out.rows.find((r) => r.kind === 'receipt' && r.itemId === env.drugId)!;
    expect(receipt).toMatchObject({ stateLabel: '已验收', quantity: 240, amountMicro: 10 * BOX, createdBy: '周库管', approvedBy: null, finalStep: '验收入库', finalBy: '周库管' });

    const invoice = out.rows.find((r) => r.kind === 'invoice' && r.itemId === env.drugId)!;
    expect(invoice).toMatchObject({ date: '2026-11-20', stateLabel: '已审核', quantity: 240, priceMicro: null, amountMicro: 10 * BOX, createdBy: '刘芳', approvedBy: '张敏', finalStep: '' });

    const payment = out.rows.find((r) => r.kind === 'payment')!;
    expect(payment).toMatchObject({ documentId: batchId, stateLabel: '已付款', supplierId: env.smeId, itemId: env.drugId, quantity: null, amountMicro: 10 * BOX, createdBy: '刘芳', approvedBy: '张敏', finalStep: '付款', finalBy: '刘芳' });
    expect(payment.finalAt).not.toBeNull();

    // 集采 follows the order line (and the payable for payments).
    expect(out.rows.filter((r) => r.itemId === env.vbpId).every((r) => r.vbp)).toBe(true);
    expect(out.totals).toEqual({ order: 16 * BOX, receipt: 14 * BOX, invoice: 14 * BOX, payment: 10 * BOX });
    // Ordered by date, then kind: the November invoices come first.
    expect(out.rows[0]!.kind).toBe('invoice');
  });

  it('filters by period, unit, supplier, item, 集采 flag and kind, and pages', async () => {
    expect((await ledger({ from: '2026-11-01', to: '2026-11-30' })).rows.map((r) => r.kind)).toEqual(['invoice', 'invoice']);
    expect((await ledger({ from: '2025-01-01', to: '2025-12-31' })).total).toBe(0);
    expect((await ledger({ unitId: env.townshipId })).rows.map((r) => r.documentId)).toEqual([sentOrderId]);
    const large = await ledger({ supplierId: env.largeId });
    expect(large.total).toBe(3);
    expect(large.rows.every((r) => r.supplierId === env.largeId && r.itemId === env.vbpId)).toBe(true);
    expect((await ledger({ itemId: env.vbpId })).total).toBe(3);
    expect((await ledger({ vbp: true })).total).toBe(3);
    expect((await ledger({ vbp: false })).total).toBe(5);
    expect((await ledger({ kind: 'order' })).rows.map((r) => r.kindLabel)).toEqual(['订单', '订单', '订单']);
    expect((await ledger({ kind: 'payment' })).total).toBe(1);
    expect((await ledger({ kind: 'receipt', vbp: true, supplierId: env.largeId })).total).toBe(1);
    const all = (await ledger({})).rows.map((r) => `${r.documentNumber}/${r.lineNo}`);
    const p1 = await ledger({ page: 1, pageSize: 3 });
    const p3 = await ledger({ page: 3, pageSize: 3 });
    expect(p1).toMatchObject({ total: 8, page: 1, pageSize: 3 });
    expect(p1.rows.map((r) => `${r.documentNumber}/${r.lineNo}`)).toEqual(all.slice(0, 3));
    expect(p3.rows.map((r) => `${r.documentNumber}/${r.lineNo}`)).toEqual(all.slice(6));
    expect(p3.totals).toEqual(p1.totals);
  });

  it('refuses a bad period in Chinese with the field path', async () => {
    const missing = await call(env.db, 'ledger.procurement', { to: today }, env.auditor);
    expect(missing.ok === false && missing.error.fields?.find((f) => f.path === 'from')?.message).toBe('请填写起始日期');
    const backwards = await call(env.db, 'ledger.procurement', { from: '2026-12-01', to: '2026-11-01' }, env.auditor);
    expect(backwards.ok === false && backwards.error.fields?.find((f) => f.path === 'to')?.message).toBe('截止日期不能早于起始日期');
    const impossible = await call(env.db, 'ledger.procurement', { from: '2026-11-01', to: '2026-11-31' }, env.auditor);
    expect(impossible.ok === false && impossible.error.fields?.find((f) => f.path === 'to')?.message).toBe('截止日期不是有效日期');
  });

  it('reads through indexes: documents by type, lines by document, never a scan of a line table', () => {
    const filters: Parameters<typeof ledgerQuery>[0][] = [
      { from: '2026-01-01', to: '2026-12-31' },
      { from: '2026-01-01', to: '2026-12-31', supplierId: env.smeId },
      { from: '2026-01-01', to: '2026-12-31', itemId: env.drugId, vbp: true },
    ];
    for (const filter of filters) {
      const { union, params } = ledgerQuery(filter);
      const plan = (env.db.$client.prepare(`EXPLAIN QUERY PLAN ${union}`).all(params) as { detail: string }[]).map((p) => p.detail);
      const scans = plan.filter((d) => /^SCAN /.test(d));
      expect(scans, plan.join('\n')).toEqual([]);
      // Each kind starts from an index (documents by type, or the supplier's / item's index) and reaches its lines by theirs.
      expect(plan.filter((d) => /^SEARCH (d|l|r|si|rl) USING INDEX /.test(d)).length, plan.join('\n')).toBeGreaterThanOrEqual(4);
    }
  });
});

describe('ledger.trace', () => {
  it("returns a document's lifecycle steps and its audit entries, oldest first", async () => {
    const row = (await ledger({ kind: 'payment' })).rows[0]!;
    const trace = await ok(env.db, 'ledger.trace', { documentId: row.documentId }, env.auditor);
    expect(trace.document).toMatchObject({ id: batchId, number: row.documentNumber, typeLabel: '付款单', stateLabel: '已付款', createdBy: '刘芳' });
    expect(trace.events.map((e) => [e.transitionLabel, e.toStateLabel])).toEqual([
      ['创建', '草稿'],
      ['审核', '已审核'],
      ['登记付款', '已付款'],
    ]);
    expect(trace.events[1]!.actorName).toBe('张敏（caiwu.shenhe）');
    const ops = trace.audit.map((a) => a.operation);
    expect(ops).toEqual(expect.arrayContaining(['paymentBatch.create', 'paymentBatch.approve', 'paymentBatch.recordPaid']));
    expect(trace.audit.every((a) => a.target === `payment_batch:${row.documentNumber}`)).toBe(true);
    expect(trace.audit.map((a) => a.seq)).toEqual([...trace.audit.map((a) => a.seq)].sort((a, b) => a - b));
    expect(trace.audit.find((a) => a.operation === 'paymentBatch.approve')).toMatchObject({ username: 'caiwu.shenhe', operationTitle: expect.any(String), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const receipt = (await ledger({ kind: 'receipt', supplierId: env.smeId })).rows[0]!;
    const rt = await ok(env.db, 'ledger.trace', { documentId: receipt.documentId }, { sessionToken: env.officer });
    expect(rt.audit.map((a) => a.operation)).toEqual(expect.arrayContaining(['receipt.create', 'receipt.post']));
  });

  it('is not found for a document outside the ledger or one that does not exist', async () => {
    const other = env.db.$client.prepare("SELECT id FROM documents WHERE type NOT IN ('purchase_order', 'receipt', 'supplier_invoice', 'payment_batch') LIMIT 1").get() as { id: number } | undefined;
    const missing = await call(env.db, 'ledger.trace', { documentId: 999_999 }, env.auditor);
    expect(missing.ok === false && missing.error.code).toBe('NOT_FOUND');
    if (other) {
      const refused = await call(env.db, 'ledger.trace', { documentId: other.id }, env.auditor);
      expect(refused.ok === false && refused.error.code).toBe('NOT_FOUND');
    }
  });
});

describe('who may read it', () => {
  it('the auditor, the officer and finance read; a member pharmacist and a storekeeper are refused; nothing is written', async () => {
    const before = auditCount();
    const documents = (env.db.$client.prepare('SELECT COUNT(*) AS n FROM documents').get() as { n: number }).n;
    const input = { from: '2026-01-01', to: today };
    for (const who of [env.auditor, { sessionToken: env.officer }, env.caiwu]) {
      expect((await call(env.db, 'ledger.procurement', input, who)).ok).toBe(true);
      expect((await call(env.db, 'ledger.trace', { documentId: batchId }, who)).ok).toBe(true);
    }
    for (const who of [{ sessionToken: env.township }, { sessionToken: env.keeper.token }]) {
      const refused = await call(env.db, 'ledger.procurement', input, who);
      expect(refused.ok === false && refused.error.code).toBe('FORBIDDEN');
      const trace = await call(env.db, 'ledger.trace', { documentId: batchId }, who);
      expect(trace.ok === false && trace.error.code).toBe('FORBIDDEN');
    }
    const anonymous = await call(env.db, 'ledger.procurement', input, {});
    expect(anonymous.ok === false && anonymous.error.code).toBe('UNAUTHENTICATED');
    expect(auditCount()).toBe(before);
    expect((env.db.$client.prepare('SELECT COUNT(*) AS n FROM documents').get() as { n: number }).n).toBe(documents);
  });
});

/**
 * 采购台账 on a year of purchasing, at the operation level: ledger.procurement for one month (first page of 100 rows,
 * with the count and the per-kind totals over every page), for the whole year (first page) and for one supplier over
 * the year, and the whole month as the xlsx export reads it (pageSize 10,000) — against the raw limit measured in the
 * same run: the same UNION query run bare through a prepared statement (count + page), with no validation, names,
 * who/when or output check. Target: a month's first page ≤ 300 ms; the ratio to the raw query is reported.
 *
 *   npx tsx scripts/bench/procurement-ledger.ts [--months 12] [--orders 20] [--lines 10] [--runs 5]
 *
 * The year is made through the operations (not timed), each month at its own date (`now`): per month `orders`
 * approved orders of `lines` items (two suppliers alternating), each received and posted, invoiced and approved,
 * and one payment batch of the month's payables prepared, approved and paid. With the defaults: 2,400 lines of each
 * kind, 9,600 ledger rows, plus the audit log and document events the operations write.
 */
import { performance } from 'node:perf_hooks';
import { ledgerQuery } from '../../core/ledger/procurement.js';
import type { OpInput } from '../../core/api/index.js';
import { ok } from '../../test/support/db.js';
import { addApproved, amoxicillin } from '../../test/integration/formulary-fixtures.js';
import { payablesCommunity } from '../../test/integration/payables-support.js';
import { arg, median } from './support.js';

const MONTHS = arg('months', 12);
const ORDERS = arg('orders', 20);
const LINES = arg('lines', 10);
const RUNS = arg('runs', 5);
const BOX = 12_500_000;
const TARGET_MS = 300;
const YEAR = 2025;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

async function year() {
  const env = await payablesCommunity();
  const officer = { sessionToken: env.officer };
  const keeper = { sessionToken: env.keeper.token };
  const items: number[] = [];
  for (let i = 0; i < LINES; i++) {
    const id = await addApproved(
      { ...env, auditor: env.auditor.sessionToken },
      amoxicillin({ genericName: `基准药品${i + 1}片`, dosageForm: '片剂', spec: `${i + 1}mg`, insuranceCode: '', standardCode: '', approvalNo: `国药准字H2099${pad(i, 4)}`, baseUnit: '片', antibacterialTier: '' }),
      `BENCH-${i}`,
    );
    await ok(env.db, 'formulary.setPrice', { itemId: id, kind: 'listed', priceMicro: BOX, effectiveFrom: '2020-01-01' }, officer);
    items.push(id);
  }
  let invoiceSeq = 0;
  let request = 0;
  for (let m = 1; m <= MONTHS; m++) {
    const payables: number[] = [];
    for (let o = 0; o < ORDERS; o++) {
      const now = new Date(Date.UTC(YEAR, m - 1, 1 + (o % 25), 2, 0, o));
      const supplierId = o % 2 === 0 ? env.smeId : env.largeId;
      const as = <T extends { sessionToken: string }>(who: T) => ({ ...who, now });
      const { order } = await ok(env.db, 'purchaseOrder.create', { supplierId, storeId: env.centralStoreId, lines: items.map((itemId) => ({ itemId, quantity: 48, priceMicro: BOX })) }, as(officer));
      await ok(env.db, 'purchaseOrder.approve', { id: order.id }, as(officer));
      const { receipt } = await ok(
        env.db,
        'receipt.create',
        {
          supplierId,
          storeId: env.centralStoreId,
          orderId: order.id,
          arrivedOn: now.toISOString().slice(0, 10),
          lines: order.lines.map((l, i) => ({ itemId: l.itemId, orderLineId: l.id, batchNo: `B${m}-${o}-${i}`, expiry: '2029-09', quantity: 48, priceMicro: BOX, traceCodes: [], manufacturerInvoiceNo: '44000000000000000001' })),
        } as OpInput<'receipt.create'>,
        as(keeper),
      );
      const posted = (await ok(env.db, 'receipt.post', { id: receipt.id, requestId: `bench-ledger-${++request}` }, as(keeper))).receipt;
      const { invoice } = await ok(
        env.db,
        'invoice.register',
        {
          supplierId,
          number: `2599${pad(++invoiceSeq, 16)}`,
          date: now.toISOString().slice(0, 10),
          amountMicro: posted.lines.length * 2 * BOX,
          taxRateBp: 1300,
          lines: posted.lines.map((l) => ({ receiptLineId: l.id, quantity: 48, amountMicro: 2 * BOX })),
        },
        as(env.caiwu),
      );
      payables.push(...(await ok(env.db, 'invoice.approve', { id: invoice.id }, as(env.shenhe))).payables.map((p) => p.id));
    }
    const now = new Date(Date.UTC(YEAR, m - 1, 27, 3));
    const { batch } = await ok(env.db, 'paymentBatch.create', { lines: payables.map((payableId) => ({ payableId, amountMicro: 2 * BOX })), requestId: `bench-ledger-${++request}` }, { ...env.caiwu, now });
    await ok(env.db, 'paymentBatch.approve', { id: batch.id, requestId: `bench-ledger-${++request}` }, { ...env.shenhe, now });
    await ok(env.db, 'paymentBatch.recordPaid', { id: batch.id, bankReference: `ICBC${YEAR}${pad(m)}`, paidOn: now.toISOString().slice(0, 10), requestId: `bench-ledger-${++request}` }, { ...env.caiwu, now });
  }
  return env;
}

async function main() {
  const setupStarted = performance.now();
  const env = await year();
  const c = env.db.$client;
  const count = (table: string) => (c.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  console.log(
    `fixture: ${count('purchase_order_lines')} order, ${count('receipt_lines')} receipt, ${count('supplier_invoice_lines')} invoice, ${count('payment_batch_lines')} payment lines; ${count('audit_log')} audit entries; in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
  );
  c.exec('ANALYZE');
  const mid = pad(Math.ceil(MONTHS / 2));
  const midEnd = new Date(Date.UTC(YEAR, Math.ceil(MONTHS / 2), 0)).toISOString().slice(0, 10);
  const cases: { label: string; input: OpInput<'ledger.procurement'> }[] = [
    { label: 'month, page 1', input: { from: `${YEAR}-${mid}-01`, to: midEnd, page: 1, pageSize: 100 } },
    { label: 'year, page 1', input: { from: `${YEAR}-01-01`, to: `${YEAR}-12-31`, page: 1, pageSize: 100 } },
    { label: 'year, one supplier, last page', input: { from: `${YEAR}-01-01`, to: `${YEAR}-12-31`, supplierId: env.largeId, page: 20, pageSize: 100 } },
    { label: 'month, export (10,000)', input: { from: `${YEAR}-${mid}-01`, to: midEnd, page: 1, pageSize: 10_000 } },
  ];
  let failed = false;
  for (const { label, input } of cases) {
    const { union, params } = ledgerQuery(input);
    const countRaw = c.prepare(`SELECT COUNT(*) AS n FROM (${union})`);
    const pageRaw = c.prepare(`SELECT * FROM (${union}) ORDER BY date, rank, number, lineNo LIMIT @limit OFFSET @offset`);
    const raw: number[] = [];
    const op: number[] = [];
    let rows = 0;
    let total = 0;
    // Warm: the statements are prepared once per connection, in both columns.
    countRaw.get(params);
    await ok(env.db, 'ledger.procurement', input, env.auditor);
    for (let run = 0; run < RUNS; run++) {
      const r0 = performance.now();
      countRaw.get(params);
      pageRaw.all({ ...params, limit: input.pageSize, offset: (input.page! - 1) * input.pageSize! });
      raw.push(performance.now() - r0);
      const t0 = performance.now();
      const out = await ok(env.db, 'ledger.procurement', input, env.auditor);
      op.push(performance.now() - t0);
      rows = out.rows.length;
      total = out.total;
    }
    const ms = median(op);
    const limit = median(raw);
    const target = label.startsWith('month, page') ? TARGET_MS : Infinity;
    if (ms > target) failed = true;
    console.log(
      `${label.padEnd(32)} ${String(rows).padStart(5)} of ${String(total).padStart(5)} rows: ${ms.toFixed(1)} ms (raw query ${limit.toFixed(1)} ms, ratio ${(ms / limit).toFixed(2)})${Number.isFinite(target) ? ` target ≤ ${target} ms ${ms <= target ? 'ok' : 'MISSED'}` : ''}`,
    );
  }
  const trace0 = performance.now();
  const someDoc = (c.prepare(`SELECT id FROM documents WHERE type = 'receipt' ORDER BY id LIMIT 1`).get() as { id: number }).id;
  const trace = await ok(env.db, 'ledger.trace', { documentId: someDoc }, env.auditor);
  console.log(`ledger.trace of the year's first receipt: ${trace.audit.length} audit entries in ${(performance.now() - trace0).toFixed(1)} ms (audit_log has no index on target: reads the log since the document)`);
  env.dispose();
  if (failed) process.exitCode = 1;
}

await main();

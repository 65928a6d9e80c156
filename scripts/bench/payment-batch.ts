/**
 * 付款单 of 2,000 open payables, end to end at the operation level: paymentBatch.suggest (every open payable with
 * what is still available), paymentBatch.create (2,000 lines, each checked against what is open and committed
 * elsewhere), paymentBatch.approve by a second finance user (the two-person rule, every line re-checked) and
 * paymentBatch.exportBankFile (xlsx through the 工商银行 profile) — against the raw limit measured in the same run:
 * the bare prepared statements of the same reads and writes (the open payables with their settled and committed
 * sums, a document with 2,000 lines, its approval, the lines joined to the suppliers' bank details) and the same
 * xlsx written with exceljs directly. Targets: ≤ 2 s, ratio reported.
 *
 *   npx tsx scripts/bench/payment-batch.ts [--payables 2000] [--suppliers 20] [--runs 3]
 *
 * The payables are made through the operations (not timed): per supplier (中小企业, each with a bank account) an
 * approved order, its posted receipt of one box per line, the invoice registered by caiwu and approved by
 * caiwu.shenhe. Each run's batch is cancelled afterwards (not timed), so every run sees the same 2,000 open payables.
 */
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import type { OperationName, OpInput, OpOutput } from '../../core/api/index.js';
import type { Db } from '../../db/open.js';
import { initialised, ok, userWithSession } from '../../test/support/db.js';
import { supplierInput } from '../../test/support/suppliers.js';
import { arg, median } from './support.js';

const PAYABLES = arg('payables', 2000);
const SUPPLIERS = arg('suppliers', 20);
const RUNS = arg('runs', 3);
const BOX = 12_500_000;
const TARGET_MS = 2000;

async function community() {
  const env = await initialised();
  const { db, admin } = env;
  const lead = (await ok(db, 'unit.list', {}, { sessionToken: admin })).units.find((u) => u.isLead)!;
  const central = (await ok(db, 'store.list', { unitId: lead.id }, { sessionToken: admin })).stores[0]!.id;
  const user = async (username: string, displayName: string, role: OpInput<'user.create'>['role']) => ({
    sessionToken: (await userWithSession(db, admin, { username, displayName, role, unitId: lead.id })).token,
  });
  const officer = await user('yaoshi', '李药师', 'pharmacy_officer');
  const keeper = await user('kuguan', '周库管', 'storekeeper');
  const caiwu = await user('caiwu', '刘芳', 'finance');
  const shenhe = await user('caiwu.shenhe', '张敏', 'finance');
  const { request } = await ok(
    db,
    'changeRequest.propose',
    {
      kind: 'add',
      reason: '基准',
      item: {
        genericName: '头孢呋辛酯片',
        spec: '0.25g',
        manufacturer: '华北制药股份有限公司',
        approvalNo: '国药准字H13023964',
        category: 'western',
        baseUnit: '片',
        packs: [{ unit: '盒', factor: 24 }],
        purchaseUnit: '盒',
        issueUnit: '盒',
        levels: { county: true, township: true, village: true },
      },
    },
    officer,
  );
  const itemId = (
    await ok(db, 'changeRequest.decide', { id: request.id, approve: true, resolutionNo: 'B1', resolutionDate: '2026-03-01' }, officer)
  ).request.itemId!;
  await ok(db, 'formulary.setPrice', { itemId, kind: 'listed', priceMicro: BOX, effectiveFrom: '2026-01-01' }, officer);
  const perSupplier = Math.ceil(PAYABLES / SUPPLIERS);
  let made = 0;
  let seq = 0;
  for (let s = 0; s < SUPPLIERS && made < PAYABLES; s++) {
    const supplierId = (await ok(db, 'supplier.create', supplierInput(100 + s), officer)).supplier.id;
    const n = Math.min(perSupplier, PAYABLES - made);
    const { order } = await ok(
      db,
      'purchaseOrder.create',
      { supplierId, storeId: central, lines: [{ itemId, quantity: n * 24, priceMicro: BOX }] },
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
        lines: Array.from({ length: n }, () => ({
          itemId,
          orderLineId: order.lines[0]!.id,
          batchNo: `PB${++seq}`,
          expiry: '2029-09',
          quantity: 24,
          priceMicro: BOX,
          traceCodes: [],
          manufacturerInvoiceNo: '44000000000000000001',
        })),
      },
      keeper,
    );
    const posted = (await ok(db, 'receipt.post', { id: receipt.id, requestId: `bench-pay-receipt-${s}` }, keeper)).receipt;
    const { invoice } = await ok(
      db,
      'invoice.register',
      {
        supplierId,
        number: `26442000${String(s + 1).padStart(12, '0')}`,
        date: '2026-11-20',
        amountMicro: n * BOX,
        taxRateBp: 1300,
        lines: posted.lines.map((l) => ({ receiptLineId: l.id, quantity: 24, amountMicro: BOX })),
      },
      caiwu,
    );
    await ok(db, 'invoice.approve', { id: invoice.id }, shenhe);
    made += n;
  }
  return { env, db, caiwu, shenhe };
}

/** The bare limit: the same reads and writes with prepared statements, and the same xlsx with exceljs directly. */
async function bare(db: Db, run: number, profile: OpOutput<'bankProfile.list'>['profiles'][number]): Promise<number> {
  const c = db.$client;
  const at = new Date().toISOString();
  const open = c.prepare(
    `SELECT p.id, p.supplier_id AS supplierId, p.amount_micro
              - COALESCE((SELECT SUM(s.amount_micro) FROM payable_settlements s WHERE s.payable_id = p.id), 0)
              - COALESCE((SELECT SUM(bl.amount_micro) FROM payment_batch_lines bl JOIN documents bd ON bd.id = bl.document_id
                           WHERE bl.payable_id = p.id AND bd.state <> 'cancelled'), 0) AS available
       FROM payables p JOIN suppliers su ON su.id = p.supplier_id ORDER BY p.due_on, p.id`,
  );
  const doc = c.prepare(
    `INSERT INTO documents (type, series, year, seq, number, state, version, posted, created_at, created_by, updated_at, updated_by)
     VALUES ('bench_baseline', 'QT', 2025, ?, ?, 'draft', 1, 0, ?, 'bench', ?, 'bench') RETURNING id`,
  );
  const line = c.prepare(
    `INSERT INTO payment_batch_lines (document_id, line_no, payable_id, supplier_id, amount_micro, purpose) VALUES (?, ?, ?, ?, ?, '药品货款')`,
  );
  const state = c.prepare(`UPDATE documents SET state = ?, version = version + 1, updated_at = ? WHERE id = ?`);
  const lines = c.prepare(
    `SELECT bl.line_no AS lineNo, bl.amount_micro AS amountMicro, bl.purpose, su.name, su.bank_account_name AS accountName, su.bank_account_no AS accountNo, su.bank_name AS bankName
       FROM payment_batch_lines bl JOIN suppliers su ON su.id = bl.supplier_id WHERE bl.document_id = ? ORDER BY bl.line_no`,
  );
  const started = performance.now();
  const rows = open.all() as { id: number; supplierId: number; available: number }[];
  const docId = c
    .transaction(() => {
      const { id } = doc.get(900_000 + run, `QT2025-${String(900_000 + run).padStart(6, '0')}`, at, at) as { id: number };
      rows.forEach((r, i) => line.run(id, i + 1, r.id, r.supplierId, r.available));
      return id;
    })
    .immediate();
  c.transaction(() => {
    open.all(); // the approval re-checks every line
    state.run('approved', at, docId);
  }).immediate();
  const out = lines.all(docId) as {
    lineNo: number;
    amountMicro: number;
    purpose: string;
    name: string;
    accountName: string;
    accountNo: string;
    bankName: string;
  }[];
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('bench');
  sheet.addRow(profile.columns.map((col) => col.header));
  for (const l of out) sheet.addRow([l.lineNo, l.accountNo, l.accountName || l.name, l.bankName, '', l.amountMicro / 1_000_000, l.purpose]);
  await workbook.xlsx.writeBuffer();
  const ms = performance.now() - started;
  state.run('cancelled', at, docId);
  return ms;
}

async function main() {
  const setupStarted = performance.now();
  const { env, db, caiwu, shenhe } = await community();
  const open = (db.$client.prepare(`SELECT COUNT(*) AS n FROM payables`).get() as { n: number }).n;
  console.log(`fixture: ${open} open payables of ${SUPPLIERS} suppliers in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`);
  const { profiles } = await ok(db, 'bankProfile.list', {}, caiwu);
  const profile = profiles[0]!;
  const totals: number[] = [];
  const bares: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      bares.push(await bare(db, run, profile));
      const step: Record<string, number> = {};
      const time = async <N extends OperationName>(label: string, name: N, input: OpInput<N>, as: { sessionToken: string }) => {
        const t0 = performance.now();
        const out = await ok(db, name, input, as);
        step[label] = Math.round(performance.now() - t0);
        return out;
      };
      const started = performance.now();
      const { lines } = await time('suggest', 'paymentBatch.suggest', { limit: 10_000 }, caiwu);
      if (lines.length !== PAYABLES) throw new Error(`suggest offered ${lines.length} payables, expected ${PAYABLES}`);
      const { batch } = await time(
        'create',
        'paymentBatch.create',
        { lines: lines.map((l) => ({ payableId: l.payableId, amountMicro: l.availableMicro })), note: `基准 ${run + 1}` },
        caiwu,
      );
      const approved = await time('approve', 'paymentBatch.approve', { id: batch.id, version: batch.version }, shenhe);
      const file = await time('export', 'paymentBatch.exportBankFile', { id: batch.id, profileId: profile.id, format: 'xlsx' }, caiwu);
      totals.push(performance.now() - started);
      if (approved.batch.status !== 'approved' || file.lineCount !== PAYABLES || file.totalMicro !== PAYABLES * BOX)
        throw new Error(`unexpected result: ${approved.batch.status}, ${file.lineCount} lines, ${file.totalMicro}`);
      await ok(db, 'paymentBatch.cancel', { id: batch.id, reason: '基准：释放应付款' }, caiwu);
      console.log(`run ${run + 1}: ${totals.at(-1)!.toFixed(0)} ms (${JSON.stringify(step)}), bare ${bares.at(-1)!.toFixed(0)} ms`);
    }
    const total = median(totals);
    const base = median(bares);
    console.log(
      JSON.stringify({
        payables: PAYABLES,
        suppliers: SUPPLIERS,
        totalMs: Math.round(total),
        bareMs: Math.round(base),
        ratio: Number((total / base).toFixed(2)),
        targetMs: TARGET_MS,
        withinTarget: total <= TARGET_MS,
      }),
    );
  } finally {
    env.dispose();
  }
}

await main();

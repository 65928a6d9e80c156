import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOKS_TRIGGERS, verifyBooks, type BooksProblemKind } from '../../core/finance/books/verify.js';
import { lineAmountMicro } from '../../core/api/money.js';
import { communityDate } from '../../core/time.js';
import { ok } from '../support/db.js';
import { approvedRequisitionForTest } from '../support/distribution.js';
import { booksCheck, payablesCommunity, type PayablesCommunity } from './payables-support.js';

/**
 * `books verify` after a realistic month: invoices from two suppliers, a return to the supplier offset by a red-letter
 * invoice, a payment batch paid with one line reversed, a 医保基金直接结算, a shipment confirmed by the member and a
 * member return, the member's statement issued and the month going on after it (a running month is not confirmed
 * until it ends) — nothing found, the overtaken statement a note. Then each kind of damage, done inside a transaction rolled back afterwards, is named.
 */
let env: PayablesCommunity;
let today = '';
let month = '';
const BOX = 12_500_000;
const cost = (quantity: number) => lineAmountMicro(quantity, { priceMicro: BOX, packFactor: 24 });
let villageStatement = 0;

beforeAll(async () => {
  env = await payablesCommunity();
  const { db } = env;
  today = communityDate(new Date());
  month = today.slice(0, 7);
  const keeper = { sessionToken: env.keeper.token };
  const member = { sessionToken: env.township };
  const sme = await env.invoiced({ packs: [10, 4] });
  const large = await env.invoiced({ supplierId: env.largeId, packs: [8] });
  const vbp = await env.invoiced({ itemId: env.vbpId, packs: [6] });

  // 退货 of one box of the large supplier's receipt, and its red-letter invoice settling the blue payable.
  const blue = db.$client.prepare('SELECT p.invoice_id AS invoiceId, p.receipt_line_id AS receiptLineId, rl.batch_id AS batchId FROM payables p JOIN receipt_lines rl ON rl.id = p.receipt_line_id WHERE p.id = ?').get(large[0]!) as {
    invoiceId: number;
    receiptLineId: number;
    batchId: number;
  };
  const { adjustment } = await ok(db, 'stockAdjustment.create', { kind: 'return', storeId: env.centralStoreId, reason: '破损退货', lines: [{ itemId: env.drugId, batchId: blue.batchId, quantity: 24 }] }, keeper);
  await ok(db, 'stockAdjustment.post', { id: adjustment.id, version: adjustment.version, requestId: env.requestId() }, keeper);
  const { invoice: red } = await ok(
    db,
    'invoice.register',
    { supplierId: env.largeId, number: `26442000009${String(process.pid % 1000).padStart(3, '0')}000001`, date: today, redOfId: blue.invoiceId, lines: [{ receiptLineId: blue.receiptLineId, quantity: -24, amountMicro: -BOX }] },
    env.caiwu,
  );
  await ok(db, 'invoice.approve', { id: red.id, requestId: env.requestId() }, env.shenhe);

  // A batch across both suppliers, a partial amount, paid, one line reversed; the 集采 line settled by 医保.
  const { batch } = await ok(
    db,
    'paymentBatch.create',
    { lines: [{ payableId: sme[0]!, amountMicro: 4 * BOX }, { payableId: sme[1]!, amountMicro: 4 * BOX }, { payableId: large[0]!, amountMicro: 7 * BOX }], requestId: env.requestId() },
    env.caiwu,
  );
  await ok(db, 'paymentBatch.approve', { id: batch.id, version: batch.version, requestId: env.requestId() }, env.shenhe);
  const paid = (await ok(db, 'paymentBatch.recordPaid', { id: batch.id, bankReference: 'ICBC20261203001', paidOn: today, requestId: env.requestId() }, env.caiwu)).batch;
  await ok(db, 'paymentBatch.reverseLine', { lineId: paid.lines[1]!.id, reason: '银行退票', requestId: env.requestId() }, env.caiwu);
  await ok(db, 'payable.settleInsurance', { lines: [{ payableId: vbp[0]!, amountMicro: 6 * BOX }], statementReference: 'YB2026120001', settledOn: today, requestId: env.requestId() }, env.caiwu);

  // Two boxes of the 集采 drug to 青石, confirmed; half a box returned to the centre.
  const ship = async (quantity: number) => {
    const requisition = approvedRequisitionForTest(db, { unitId: env.townshipId, storeId: env.townshipStoreId, lines: [{ itemId: env.vbpId, quantity }] });
    const { shipment } = await ok(db, 'shipment.allocate', { requisitionId: requisition.id }, keeper);
    await ok(db, 'shipment.ship', { id: shipment.id, requestId: env.requestId() }, keeper);
    await ok(db, 'shipment.confirm', { id: shipment.id, requestId: env.requestId() }, member);
  };
  await ship(48);
  const held = db.$client.prepare('SELECT sb.batch_id AS batchId FROM stock_balances sb JOIN stock_locations l ON l.id = sb.location_id WHERE l.store_id = ? AND sb.quantity > 0').get(env.townshipStoreId) as {
    batchId: number;
  };
  const { shipment: back } = await ok(db, 'memberReturn.create', { storeId: env.townshipStoreId, reason: 'overstock', lines: [{ batchId: held.batchId, quantity: 12 }], note: '' }, member);
  await ok(db, 'memberReturn.submit', { id: back.id, version: back.version }, member);
  await ok(db, 'memberReturn.approve', { id: back.id, version: back.version + 1 }, { sessionToken: env.officer });
  await ok(db, 'memberReturn.ship', { id: back.id, requestId: env.requestId() }, member);
  await ok(db, 'shipment.confirm', { id: back.id, requestId: env.requestId() }, keeper);

  // The month's statement issued to the member (confirmed only once the month is over); the village's (empty) too.
  const issued = await ok(db, 'settlement.issue', { unitId: env.townshipId, month, requestId: env.requestId() }, env.caiwu);
  expect(issued.statement.status).toBe('issued');
  villageStatement = (await ok(db, 'settlement.issue', { unitId: env.villageId, month, requestId: env.requestId() }, env.caiwu)).statement.id;
  // The month goes on after the issue: one more box to 青石.
  await ship(24);
}, 180_000);
afterAll(() => env?.dispose());

/** Damage done inside a transaction, verified, then rolled back (the next test starts from the intact books). */
function damaged(work: (db: PayablesCommunity['db']['$client']) => void): { kinds: BooksProblemKind[]; messages: string[] } {
  const db = env.db.$client;
  db.exec('BEGIN');
  try {
    work(db);
    const result = verifyBooks(db);
    expect(result.ok).toBe(false);
    return { kinds: result.problems.map((p) => p.kind), messages: result.problems.map((p) => p.message) };
  } finally {
    db.exec('ROLLBACK');
  }
}

function leadId(): number {
  return (env.db.$client.prepare('SELECT id FROM units WHERE is_lead = 1').get() as { id: number }).id;
}

/** A journal entry written straight in (inserts pass the triggers); lines [account, debit, credit, extra columns]. */
function writeEntry(
  db: PayablesCommunity['db']['$client'],
  input: { unitId: number; bookedOn?: string; lines: { account: string; debit?: number; credit?: number; unitId?: number; counterUnitId?: number; supplierId?: number }[] },
): number {
  const bookedOn = input.bookedOn ?? today;
  const { id } = db
    .prepare(`INSERT INTO journal_entries (unit_id, booked_on, month, kind, summary, at, actor_name) VALUES (?, ?, ?, 'adjustment', '手工补记', ?, 'someone') RETURNING id`)
    .get(input.unitId, bookedOn, bookedOn.slice(0, 7), new Date().toISOString()) as { id: number };
  input.lines.forEach((l, i) =>
    db
      .prepare(
        `INSERT INTO journal_lines (entry_id, line_no, unit_id, month, kind, account, debit_micro, credit_micro, supplier_id, counter_unit_id) VALUES (?, ?, ?, ?, 'adjustment', ?, ?, ?, ?, ?)`,
      )
      .run(id, i + 1, l.unitId ?? input.unitId, bookedOn.slice(0, 7), l.account, l.debit ?? 0, l.credit ?? 0, l.supplierId ?? null, l.counterUnitId ?? null),
  );
  return id;
}

describe('books verify after a realistic month', () => {
  it('finds nothing; the issued statement the month went on past is a note, not a problem', async () => {
    const result = verifyBooks(env.db.$client);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.checked).toMatchObject({ triggers: BOOKS_TRIGGERS.length, statements: 2, months: 1 });
    expect(result.checked.entries).toBeGreaterThan(10);
    expect(result.notes).toEqual([expect.objectContaining({ kind: 'statement_changed_since_issue', unitId: env.townshipId, month })]);
    expect(booksCheck(env)).toEqual({ unbalanced: [], mismatched: [] });
    // The member's month as its statement shows it, the centre's side equal to the fen.
    const view = await ok(env.db, 'settlement.statement', { unitId: env.townshipId, month }, env.caiwu);
    expect(view).toMatchObject({ receivedMicro: cost(48) + cost(24), returnedMicro: cost(12), centreReceivedMicro: cost(48) + cost(24), centreReturnedMicro: cost(12), balanced: true, changedSinceIssue: true });
  });

  it('names an unbalanced entry, an entry without lines, lines of another unit and a back-dated entry', () => {
    const lead = leadId();
    expect(damaged((db) => writeEntry(db, { unitId: lead, lines: [{ account: 'bank', debit: 100 }, { account: 'other_in', credit: 90 }] })).kinds).toEqual(['entry_unbalanced']);
    expect(damaged((db) => writeEntry(db, { unitId: lead, lines: [] })).kinds).toEqual(['entry_empty']);
    expect(
      damaged((db) => writeEntry(db, { unitId: lead, lines: [{ account: 'bank', debit: 100, unitId: env.villageId }, { account: 'other_in', credit: 100, unitId: env.villageId }] })).kinds,
    ).toEqual(['entry_line_mismatch']);
    const backDated = damaged((db) => writeEntry(db, { unitId: lead, bookedOn: '2025-06-30', lines: [{ account: 'bank', debit: 100 }, { account: 'other_in', credit: 100 }] }));
    expect(backDated.kinds).toEqual(['entry_date_mismatch']);
    expect(backDated.messages[0]).toMatch(/记账日期 2025-06-30 与其写入时间 .+（\d{4}-\d{2}-\d{2}）不符：分录不能倒填日期/);
  });

  it('names a payable settled beyond its amount, and the 应付账款 that no longer agrees', () => {
    const payable = env.db.$client.prepare('SELECT id, amount_micro AS amount FROM payables WHERE supplier_id = ? ORDER BY id LIMIT 1').get(env.smeId) as { id: number; amount: number };
    const { kinds } = damaged((db) =>
      db
        .prepare(`INSERT INTO payable_settlements (payable_id, kind, amount_micro, settled_on, reference, at, actor_name) VALUES (?, 'insurance', ?, ?, 'YB-X', ?, 'someone')`)
        .run(payable.id, payable.amount, today, new Date().toISOString()),
    );
    expect(kinds).toEqual(['payable_mismatch', 'payable_over_settled']);
    expect(damaged((db) => writeEntry(db, { unitId: leadId(), lines: [{ account: 'accounts_payable', debit: 100 }, { account: 'bank', credit: 100 }] })).kinds).toEqual(['payable_unassigned']);
  });

  it('names 库存物资 that no longer follows the stock ledger', () => {
    const { kinds, messages } = damaged((db) => writeEntry(db, { unitId: leadId(), lines: [{ account: 'inventory', debit: 10_000 }, { account: 'other_in', credit: 10_000 }] }));
    expect(kinds).toEqual(['inventory_mismatch']);
    expect(messages[0]).toMatch(/的库存物资在账上为 .+ 元，按库存移动（批次成本）应为 .+ 元$/);
  });

  it('names a one-sided 内部往来: the mirror and the member’s unbalanced month', () => {
    const { kinds } = damaged((db) =>
      writeEntry(db, { unitId: leadId(), lines: [{ account: 'interunit', debit: 10_000, counterUnitId: env.villageId }, { account: 'bank', credit: 10_000 }] }),
    );
    expect(kinds).toEqual(['interunit_mirror', 'statement_unbalanced']);
    expect(damaged((db) => writeEntry(db, { unitId: leadId(), lines: [{ account: 'interunit', debit: 10_000 }, { account: 'bank', credit: 10_000 }] })).kinds).toEqual(['interunit_unassigned']);
  });

  it('names an issued statement whose figures were changed with nothing booked since', () => {
    const { kinds, messages } = damaged((db) =>
      db.prepare('UPDATE settlement_statements SET received_micro = 10000, closing_micro = 10000 WHERE document_id = ?').run(villageStatement),
    );
    expect(kinds).toEqual(['statement_mismatch']);
    expect(messages[0]).toMatch(/内部结算单 JS\d{4}-\d{6}（待确认）与账簿不符，且出具后没有新的记账：本月领入单上 0\.01 元、按账簿 0\.00 元；期末单上 0\.01 元、按账簿 0\.00 元$/);
  });

  it('names a missing or rewritten trigger', () => {
    expect(damaged((db) => db.exec('DROP TRIGGER payable_settlements_no_delete')).kinds).toEqual(['trigger_missing']);
    const rewritten = damaged((db) => {
      db.exec('DROP TRIGGER journal_entries_no_delete');
      db.exec('CREATE TRIGGER journal_entries_no_delete BEFORE DELETE ON journal_entries BEGIN SELECT 1; END');
    });
    expect(rewritten.messages).toEqual(['触发器 journal_entries_no_delete 已被改写，不再拒绝修改']);
    // And after the rollbacks, the books are whole again.
    expect(verifyBooks(env.db.$client).ok).toBe(true);
  });
});

import { prepared } from '../../../db/statements.js';
import { PAYMENT_BATCH_STATES, type PaymentBatchState } from '../../api/finance.js';
import { formatYuan } from '../../api/money.js';
import type { OperationContext } from '../../context.js';
import { applyTransition, checkVersion, createDocument, documentEvents, loadDocument, reviseDocument } from '../../documents/lifecycle.js';
import { conflict, DomainError, forbidden, notFound } from '../../errors.js';
import { communityDate } from '../../time.js';
import { paymentBatchType } from '../document-types.js';
import { bookSettlements, recordSettlement, reverseSettlement } from './settle.js';

/**
 * 付款单 (FK). A draft's lines are written whole (create, update); a payable may be in several batches, but never
 * for more than is open and not already held by unpaid lines of other batches that are not cancelled — checked
 * line by line in the command's one transaction. Approval is a second finance user (never the one who made or
 * edited the draft). Recording the bank's payment settles each line (kind bank) and books one entry: Dr 应付账款 per
 * supplier / Cr 银行存款. A paid line is only undone by a reversing settlement with a reason and a red-ink entry;
 * the payable reopens and the line may be paid again (the bank returned it, the account is corrected).
 */
export interface BatchLineInput {
  payableId: number;
  amountMicro: number;
  purpose?: string;
}

interface LineRow {
  id: number;
  lineNo: number;
  payableId: number;
  supplierId: number;
  supplierName: string;
  supplierUscc: string;
  bankName: string;
  bankAccountName: string;
  bankAccountNo: string;
  invoiceNumber: string;
  itemName: string;
  dueOn: string;
  amountMicro: number;
  purpose: string;
  paidMicro: number;
}

const LINES_SQL = `
  SELECT bl.id, bl.line_no AS lineNo, bl.payable_id AS payableId, bl.supplier_id AS supplierId, s.name AS supplierName, s.uscc AS supplierUscc,
         s.bank_name AS bankName, s.bank_account_name AS bankAccountName, s.bank_account_no AS bankAccountNo,
         i.invoice_code || i.invoice_no AS invoiceNumber,
         fi.generic_name || CASE WHEN fi.spec = '' THEN '' ELSE ' ' || fi.spec END AS itemName,
         p.due_on AS dueOn, bl.amount_micro AS amountMicro, bl.purpose,
         COALESCE((SELECT SUM(x.amount_micro) FROM payable_settlements x WHERE x.payment_line_id = bl.id), 0) AS paidMicro
    FROM payment_batch_lines bl
    JOIN payables p ON p.id = bl.payable_id
    JOIN suppliers s ON s.id = bl.supplier_id
    JOIN supplier_invoices i ON i.document_id = p.invoice_id
    JOIN formulary_items fi ON fi.id = p.item_id
   WHERE bl.document_id = ?
   ORDER BY bl.line_no`;

export function batchLines(ctx: OperationContext, batchId: number): LineRow[] {
  return prepared(ctx.db.$client, LINES_SQL).all(batchId) as LineRow[];
}

function batchState(state: string): PaymentBatchState {
  if (!(PAYMENT_BATCH_STATES as readonly string[]).includes(state)) throw new Error(`payment batch state ${state}`);
  return state as PaymentBatchState;
}

export function batchDetail(ctx: OperationContext, id: number) {
  const doc = loadDocument(ctx.db, paymentBatchType, id);
  const header = prepared(ctx.db.$client, 'SELECT note FROM payment_batches WHERE document_id = ?').get(id) as { note: string } | undefined;
  const rows = batchLines(ctx, id);
  const settlements = prepared(
    ctx.db.$client,
    `SELECT x.id, x.payment_line_id AS lineId, x.amount_micro AS amountMicro, x.settled_on AS settledOn, x.reference, x.reverses_id AS reversesId,
            x.reason, x.at, x.actor_name AS actorName
       FROM payable_settlements x JOIN payment_batch_lines bl ON bl.id = x.payment_line_id
      WHERE bl.document_id = ? ORDER BY x.id`,
  ).all(id) as { id: number; lineId: number; amountMicro: number; settledOn: string; reference: string; reversesId: number | null; reason: string; at: string; actorName: string }[];
  const reversed = new Set(settlements.filter((s) => s.reversesId !== null).map((s) => s.reversesId!));
  const events = documentEvents(ctx.db, id);
  const approval = [...events].reverse().find((e) => e.transition === 'approve');
  const lines = rows.map((r) => {
    const mine = settlements.filter((s) => s.lineId === r.id);
    const standing = mine.find((s) => s.reversesId === null && !reversed.has(s.id)) ?? null;
    return {
      id: r.id,
      lineNo: r.lineNo,
      payableId: r.payableId,
      supplierId: r.supplierId,
      supplierName: r.supplierName,
      bankName: r.bankName,
      bankAccountName: r.bankAccountName,
      bankAccountNo: r.bankAccountNo,
      invoiceNumber: r.invoiceNumber,
      itemName: r.itemName,
      dueOn: r.dueOn,
      amountMicro: r.amountMicro,
      purpose: r.purpose,
      paidMicro: r.paidMicro,
      status: r.paidMicro > 0 ? ('paid' as const) : ('unpaid' as const),
      paidOn: standing?.settledOn ?? null,
      bankReference: standing?.reference ?? null,
      settlementId: standing?.id ?? null,
      reversals: mine.filter((s) => s.reversesId !== null).map((s) => ({ id: s.id, amountMicro: s.amountMicro, reason: s.reason, at: s.at, actorName: s.actorName })),
    };
  });
  return {
    id: doc.id,
    number: doc.number,
    status: batchState(doc.state),
    statusLabel: doc.stateLabel,
    version: doc.version,
    note: header?.note ?? '',
    totalMicro: rows.reduce((a, r) => a + r.amountMicro, 0),
    paidMicro: rows.reduce((a, r) => a + r.paidMicro, 0),
    lineCount: rows.length,
    supplierCount: new Set(rows.map((r) => r.supplierId)).size,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt,
    approvedBy: approval?.actorName ?? null,
    approvedAt: approval?.at ?? null,
    lines,
    events: events.map((e) => ({ transition: e.transition, toState: e.toState, actorName: e.actorName, at: e.at, reason: e.reason })),
  };
}

/** What a payable has open, and what unpaid lines of batches other than `exceptBatchId` (not cancelled) hold of it. */
export function availability(ctx: OperationContext, payableId: number, exceptBatchId: number | null) {
  return prepared(
    ctx.db.$client,
    `SELECT p.id, p.supplier_id AS supplierId, p.amount_micro AS amountMicro,
            COALESCE((SELECT SUM(x.amount_micro) FROM payable_settlements x WHERE x.payable_id = p.id), 0) AS settledMicro,
            COALESCE((SELECT SUM(bl.amount_micro - COALESCE((SELECT SUM(y.amount_micro) FROM payable_settlements y WHERE y.payment_line_id = bl.id), 0))
                        FROM payment_batch_lines bl JOIN documents bd ON bd.id = bl.document_id
                       WHERE bl.payable_id = p.id AND bd.state <> 'cancelled' AND bl.document_id IS NOT @except), 0) AS committedMicro
       FROM payables p WHERE p.id = @id`,
  ).get({ id: payableId, except: exceptBatchId }) as { id: number; supplierId: number; amountMicro: number; settledMicro: number; committedMicro: number } | undefined;
}

function writeLines(ctx: OperationContext, batchId: number, lines: readonly BatchLineInput[]): void {
  const seen = new Set<number>();
  const insert = prepared(
    ctx.db.$client,
    `INSERT INTO payment_batch_lines (document_id, line_no, payable_id, supplier_id, amount_micro, purpose) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  lines.forEach((line, index) => {
    const path = `lines.${index}`;
    if (seen.has(line.payableId)) throw new DomainError('VALIDATION', `第 ${index + 1} 行：应付款重复`, [{ path: `${path}.payableId`, message: '应付款重复' }]);
    seen.add(line.payableId);
    const a = availability(ctx, line.payableId, batchId);
    if (!a) throw new DomainError('VALIDATION', `第 ${index + 1} 行：应付款不存在`, [{ path: `${path}.payableId`, message: '应付款不存在' }]);
    const open = a.amountMicro - a.settledMicro;
    const available = open - Math.max(0, a.committedMicro);
    if (line.amountMicro > available) {
      const message =
        a.committedMicro > 0
          ? `第 ${index + 1} 行：应付款未付 ${formatYuan(open)} 元，其中 ${formatYuan(a.committedMicro)} 元已在其他付款单中，本单最多付 ${formatYuan(Math.max(0, available))} 元`
          : `第 ${index + 1} 行：付款金额 ${formatYuan(line.amountMicro)} 元超过未付金额 ${formatYuan(open)} 元`;
      throw new DomainError('CONFLICT', message, [{ path: `${path}.amountMicro`, message }]);
    }
    insert.run(batchId, index + 1, line.payableId, a.supplierId, line.amountMicro, line.purpose ?? '');
  });
}

export function createBatch(ctx: OperationContext, input: { lines: readonly BatchLineInput[]; note: string }) {
  const doc = createDocument(ctx, paymentBatchType);
  prepared(ctx.db.$client, 'INSERT INTO payment_batches (document_id, note) VALUES (?, ?)').run(doc.id, input.note);
  writeLines(ctx, doc.id, input.lines);
  return batchDetail(ctx, doc.id);
}

export function updateBatch(ctx: OperationContext, input: { id: number; version: number; lines: readonly BatchLineInput[]; note: string }) {
  const doc = loadDocument(ctx.db, paymentBatchType, input.id);
  if (doc.state !== 'draft') throw conflict(`付款单 ${doc.number} 当前为「${doc.stateLabel}」，只有草稿可以修改`);
  checkVersion(ctx.db, paymentBatchType, doc, input.version);
  prepared(ctx.db.$client, 'DELETE FROM payment_batch_lines WHERE document_id = ?').run(doc.id);
  prepared(ctx.db.$client, 'UPDATE payment_batches SET note = ? WHERE document_id = ?').run(input.note, doc.id);
  writeLines(ctx, doc.id, input.lines);
  reviseDocument(ctx, paymentBatchType, doc, input.version, { lines: input.lines.length });
  return batchDetail(ctx, doc.id);
}

/** Two-person rule: whoever made or edited the draft may not approve it. */
export function approveBatch(ctx: OperationContext, input: { id: number; version?: number }) {
  const doc = loadDocument(ctx.db, paymentBatchType, input.id);
  const actor = ctx.actor;
  if (!actor) throw forbidden();
  const preparers = prepared(
    ctx.db.$client,
    `SELECT DISTINCT actor_name AS name, actor_user_id AS userId FROM document_events WHERE document_id = ? AND transition IN ('create', 'edit')`,
  ).all(doc.id) as { name: string; userId: number | null }[];
  const actorUserId = actor.kind === 'user' ? actor.userId : null;
  if (preparers.some((p) => (actorUserId !== null && p.userId === actorUserId) || p.name === actor.username)) {
    throw forbidden(`付款单 ${doc.number} 由您编制或修改，须由另一名财务人员审核（双人复核）`);
  }
  if (doc.state === 'draft') {
    for (const line of batchLines(ctx, doc.id)) {
      if (line.bankAccountNo.trim() === '') throw conflict(`供应商「${line.supplierName}」未登记收款银行账号，请先在供应商资料中填写后再审核`);
      // Other batches may have been approved or paid since this draft was made: check again.
      const a = availability(ctx, line.payableId, doc.id)!;
      const available = a.amountMicro - a.settledMicro - Math.max(0, a.committedMicro);
      if (line.amountMicro > available) throw conflict(`第 ${line.lineNo} 行：应付款可付金额已变为 ${formatYuan(Math.max(0, available))} 元，请修改付款单`);
    }
  }
  applyTransition(ctx, paymentBatchType, { id: doc.id, version: input.version ?? doc.version, transition: 'approve' });
  return batchDetail(ctx, doc.id);
}

export function cancelBatch(ctx: OperationContext, input: { id: number; version?: number; reason: string }) {
  const doc = loadDocument(ctx.db, paymentBatchType, input.id);
  const transition = doc.state === 'approved' ? 'cancel_approved' : 'cancel';
  applyTransition(ctx, paymentBatchType, { id: doc.id, version: input.version ?? doc.version, transition, reason: input.reason });
  return batchDetail(ctx, doc.id);
}

/** Records the bank's payment of the unpaid lines named (all of them when none are named). */
export function recordPaid(ctx: OperationContext, input: { id: number; bankReference: string; paidOn: string; lineIds?: readonly number[]; version?: number }) {
  const doc = loadDocument(ctx.db, paymentBatchType, input.id);
  if (!['approved', 'partly_paid'].includes(doc.state)) throw conflict(`付款单 ${doc.number} 当前为「${doc.stateLabel}」，只有已审核或部分付款的付款单可以登记付款`);
  if (input.version !== undefined) checkVersion(ctx.db, paymentBatchType, doc, input.version);
  const lines = batchLines(ctx, doc.id);
  const byId = new Map(lines.map((l) => [l.id, l]));
  let targets: LineRow[];
  if (input.lineIds) {
    targets = input.lineIds.map((lineId, index) => {
      const line = byId.get(lineId);
      if (!line) throw new DomainError('VALIDATION', `付款行 ${lineId} 不属于付款单 ${doc.number}`, [{ path: `lineIds.${index}`, message: '不属于该付款单' }]);
      if (line.paidMicro > 0) throw conflict(`第 ${line.lineNo} 行已登记付款`);
      return line;
    });
  } else {
    targets = lines.filter((l) => l.paidMicro === 0);
  }
  if (targets.length === 0) throw conflict(`付款单 ${doc.number} 没有待登记的付款行`);
  for (const line of targets) {
    recordSettlement(ctx, {
      payableId: line.payableId,
      kind: 'bank',
      amountMicro: line.amountMicro,
      settledOn: input.paidOn,
      reference: input.bankReference,
      documentId: doc.id,
      paymentLineId: line.id,
      book: false,
    });
  }
  bookSettlements(ctx, 'bank', doc.id, `付款单 ${doc.number} 付款 ${input.bankReference}`, targets);
  const paidIds = new Set(targets.map((t) => t.id));
  const allPaid = lines.every((l) => l.paidMicro > 0 || paidIds.has(l.id));
  applyTransition(ctx, paymentBatchType, { id: doc.id, version: doc.version, transition: allPaid ? 'pay' : 'pay_part', reason: input.bankReference });
  return batchDetail(ctx, doc.id);
}

/** Reverses a paid line: a negative settlement with the reason, a red-ink entry naming the payment's entry. */
export function reverseLine(ctx: OperationContext, input: { lineId: number; reason: string }) {
  const line = prepared(ctx.db.$client, 'SELECT document_id AS documentId, line_no AS lineNo FROM payment_batch_lines WHERE id = ?').get(input.lineId) as
    | { documentId: number; lineNo: number }
    | undefined;
  if (!line) throw notFound('付款行');
  const doc = loadDocument(ctx.db, paymentBatchType, line.documentId);
  const standing = prepared(
    ctx.db.$client,
    `SELECT x.id, x.at FROM payable_settlements x
      WHERE x.payment_line_id = ? AND x.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM payable_settlements r WHERE r.reverses_id = x.id)
      ORDER BY x.id DESC LIMIT 1`,
  ).get(input.lineId) as { id: number; at: string } | undefined;
  if (!standing) throw conflict(`付款单 ${doc.number} 第 ${line.lineNo} 行尚未付款，无需冲销`);
  const entry = prepared(
    ctx.db.$client,
    `SELECT id FROM journal_entries WHERE document_id = ? AND kind = 'payment' AND reverses_entry_id IS NULL AND at = ? ORDER BY id LIMIT 1`,
  ).get(doc.id, standing.at) as { id: number } | undefined;
  reverseSettlement(ctx, { settlementId: standing.id, reason: input.reason, settledOn: communityDate(ctx.now), reversesEntryId: entry?.id ?? null });
  applyTransition(ctx, paymentBatchType, { id: doc.id, version: doc.version, transition: 'pay_part', reason: `冲销第 ${line.lineNo} 行：${input.reason}` });
  return batchDetail(ctx, doc.id);
}


export function listBatches(ctx: OperationContext, input: { status?: PaymentBatchState; page: number; pageSize: number }) {
  const where = `d.type = 'payment_batch'${input.status ? ' AND d.state = @status' : ''}`;
  const filter = input.status ? { status: input.status } : {};
  const total = (ctx.db.$client.prepare(`SELECT COUNT(*) AS n FROM documents d WHERE ${where}`).get(filter) as { n: number }).n;
  const ids = ctx.db.$client
    .prepare(`SELECT d.id FROM documents d WHERE ${where} ORDER BY d.id DESC LIMIT @limit OFFSET @offset`)
    .all({ ...filter, limit: input.pageSize, offset: (input.page - 1) * input.pageSize }) as { id: number }[];
  const batches = ids.map(({ id }) => {
    const { lines: _lines, events: _events, ...summary } = batchDetail(ctx, id);
    return summary;
  });
  return { batches, total, page: input.page, pageSize: input.pageSize };
}

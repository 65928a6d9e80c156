import { prepared } from '../../../db/statements.js';
import type { InvoiceMedium } from '../../api/finance.js';
import type { InvoiceDetail, InvoiceException, InvoiceLine } from '../../api/invoices.js';
import { formatYuan, lineAmountMicro, MICRO_PER_FEN } from '../../api/money.js';
import type { OperationContext } from '../../context.js';
import { applyTransition, checkVersion, createDocument, loadDocument, reviseDocument } from '../../documents/lifecycle.js';
import { conflict, DomainError, forbidden, invalid, type FieldProblem } from '../../errors.js';
import { communityDate } from '../../time.js';
import { leadUnitId, postEntry, type EntryLineInput } from '../books/journal.js';
import { supplierInvoiceType } from '../document-types.js';
import { createPayables } from '../payables/create.js';
import { recordSettlement } from '../payables/settle.js';
import { loadFacts, type ReceiptLineFacts } from './match.js';
import { matchLines, readInvoice, type LineToMatch } from './read.js';

/** An invoice as typed (or imported): the contract's fields after parsing. */
export interface InvoiceDraft {
  supplierId: number;
  medium: InvoiceMedium;
  code: string;
  number: string;
  date: string;
  amountMicro?: number | undefined;
  amountExTaxMicro?: number | undefined;
  taxMicro?: number | undefined;
  taxRateBp: number;
  redOfId?: number | null | undefined;
  note: string;
  lines: readonly { receiptLineId: number; quantity: number; amountMicro: number; note: string }[];
  sourceFile?: string;
}

export interface CheckedDraft {
  numberKey: string;
  amountMicro: number;
  amountExTaxMicro: number;
  taxMicro: number;
  redOfId: number | null;
  facts: Map<number, ReceiptLineFacts>;
  problems: FieldProblem[];
  /** The registered invoice that already has this number, as a sentence. */
  duplicate: string | null;
}

/** 金额 without tax from 价税合计 at a rate, to the fen (half away from zero). */
export function exTaxOf(amountMicro: number, taxRateBp: number): number {
  const negative = amountMicro < 0;
  const n = BigInt(Math.abs(amountMicro)) * 10000n;
  const d = BigInt(10000 + taxRateBp) * BigInt(MICRO_PER_FEN);
  const fen = (2n * n + d) / (2n * d);
  const micro = Number(fen * BigInt(MICRO_PER_FEN));
  return negative && micro !== 0 ? -micro : micro;
}

const STATE_LABELS: Record<string, string> = { registered: '已登记', approved: '已审核', voided: '已作废' };

/**
 * Every rule of a draft that is not a match exception, with each problem on its field path: the number not registered
 * before, the receipt lines posted receipts of the supplier (once each), signs (a red-letter invoice is ≤ 0 and offsets
 * lines of its approved blue invoice), the header total equal to the lines' and 金额 + 税额 = 价税合计.
 */
export function checkDraft(ctx: OperationContext, draft: InvoiceDraft, documentId: number | null): CheckedDraft {
  const db = ctx.db.$client;
  const problems: FieldProblem[] = [];
  const numberKey = `${draft.code}${draft.number}`;
  let duplicate: string | null = null;
  const existing = prepared(
    db,
    `SELECT d.id, d.number, d.state, s.name AS supplierName, si.issued_on AS issuedOn FROM supplier_invoices si JOIN documents d ON d.id = si.document_id
     JOIN suppliers s ON s.id = si.supplier_id WHERE si.number_key = ?`,
  ).get(numberKey) as { id: number; number: string; state: string; supplierName: string; issuedOn: string } | undefined;
  if (existing && existing.id !== documentId) {
    duplicate = `发票号码 ${draft.code ? `${draft.code} ` : ''}${draft.number} 已登记为 ${existing.number}（${existing.supplierName}，开票日期 ${existing.issuedOn}，${STATE_LABELS[existing.state] ?? existing.state}），同一张发票不能重复登记`;
    problems.push({ path: 'number', message: duplicate });
  }
  const supplier = prepared(db, 'SELECT id, name FROM suppliers WHERE id = ?').get(draft.supplierId) as { id: number; name: string } | undefined;
  if (!supplier) problems.push({ path: 'supplierId', message: '供应商不存在' });

  const redOfId = draft.redOfId ?? null;
  const red = redOfId !== null;
  let blueLines = new Set<number>();
  if (red) {
    const blue = prepared(
      db,
      `SELECT d.state, si.supplier_id AS supplierId, si.red_of_id AS redOfId, si.invoice_no AS number FROM documents d JOIN supplier_invoices si ON si.document_id = d.id WHERE d.id = ?`,
    ).get(redOfId) as { state: string; supplierId: number; redOfId: number | null; number: string } | undefined;
    if (!blue) problems.push({ path: 'redOfId', message: '红字发票对应的蓝字发票不存在' });
    else if (blue.redOfId !== null) problems.push({ path: 'redOfId', message: `发票 ${blue.number} 本身是红字发票，红字发票须对应蓝字发票` });
    else if (blue.supplierId !== draft.supplierId) problems.push({ path: 'redOfId', message: `蓝字发票 ${blue.number} 不是该供应商的发票` });
    else if (blue.state !== 'approved') problems.push({ path: 'redOfId', message: `蓝字发票 ${blue.number} 当前为「${STATE_LABELS[blue.state] ?? blue.state}」，只能对已审核的蓝字发票开具红字发票` });
    blueLines = new Set((prepared(db, 'SELECT receipt_line_id AS id FROM supplier_invoice_lines WHERE document_id = ?').all(redOfId) as { id: number }[]).map((r) => r.id));
  }

  const facts = loadFacts(ctx.db, draft.lines.map((l) => l.receiptLineId));
  const seen = new Map<number, number>();
  draft.lines.forEach((line, i) => {
    const at = (field: string) => `lines.${i}.${field}`;
    const f = facts.get(line.receiptLineId);
    if (!f) problems.push({ path: at('receiptLineId'), message: '验收明细不存在' });
    else {
      if (supplier && f.supplierId !== draft.supplierId) problems.push({ path: at('receiptLineId'), message: `验收单 ${f.receiptNumber} 不是该供应商的到货，不能开在这张发票上` });
      if (f.receiptState !== 'posted' && !(red && f.receiptState === 'reversed')) {
        problems.push({ path: at('receiptLineId'), message: `验收单 ${f.receiptNumber} 尚未验收入库（或已冲销），不能开票` });
      }
      if (red && redOfId !== null && !blueLines.has(line.receiptLineId)) {
        problems.push({ path: at('receiptLineId'), message: `${f.itemName} 批号 ${f.batchNo} 不在蓝字发票上，红字发票只能冲减蓝字发票的明细` });
      }
    }
    if (seen.has(line.receiptLineId)) problems.push({ path: at('receiptLineId'), message: `与第 ${seen.get(line.receiptLineId)! + 1} 行是同一验收明细，请合并为一行` });
    else seen.set(line.receiptLineId, i);
    if (red) {
      if (line.quantity > 0) problems.push({ path: at('quantity'), message: '红字发票的数量应为负数' });
      if (line.amountMicro > 0) problems.push({ path: at('amountMicro'), message: '红字发票的金额应为负数或 0' });
    } else {
      if (line.quantity < 0) problems.push({ path: at('quantity'), message: '数量应大于 0（退货冲减请登记红字发票）' });
      if (line.amountMicro < 0) problems.push({ path: at('amountMicro'), message: '金额不能为负（退货冲减请登记红字发票）' });
    }
  });
  const linesTotal = draft.lines.reduce((s, l) => s + l.amountMicro, 0);
  if (draft.amountMicro !== undefined && draft.amountMicro !== linesTotal) {
    problems.push({ path: 'amountMicro', message: `价税合计 ${formatYuan(draft.amountMicro)} 元与明细合计 ${formatYuan(linesTotal)} 元不符` });
  }
  const amountMicro = linesTotal;
  let taxMicro: number;
  let amountExTaxMicro: number;
  if (draft.taxMicro !== undefined && draft.amountExTaxMicro !== undefined) {
    taxMicro = draft.taxMicro;
    amountExTaxMicro = draft.amountExTaxMicro;
    if (taxMicro + amountExTaxMicro !== amountMicro) {
      problems.push({ path: 'taxMicro', message: `金额 ${formatYuan(amountExTaxMicro)} 元 + 税额 ${formatYuan(taxMicro)} 元不等于价税合计 ${formatYuan(amountMicro)} 元` });
    }
  } else if (draft.taxMicro !== undefined) {
    taxMicro = draft.taxMicro;
    amountExTaxMicro = amountMicro - taxMicro;
  } else if (draft.amountExTaxMicro !== undefined) {
    amountExTaxMicro = draft.amountExTaxMicro;
    taxMicro = amountMicro - amountExTaxMicro;
  } else {
    amountExTaxMicro = exTaxOf(amountMicro, draft.taxRateBp);
    taxMicro = amountMicro - amountExTaxMicro;
  }
  if (red && amountMicro > 0) problems.push({ path: 'amountMicro', message: '红字发票的价税合计应为负数' });
  return { numberKey, amountMicro, amountExTaxMicro, taxMicro, redOfId, facts, problems, duplicate };
}

function refuse(checked: CheckedDraft): void {
  if (checked.problems.length === 0) return;
  if (checked.duplicate) throw new DomainError('CONFLICT', checked.duplicate, checked.problems);
  const shown = checked.problems.slice(0, 3).map((p) => p.message).join('；');
  throw new DomainError('VALIDATION', checked.problems.length > 3 ? `${shown}……（共 ${checked.problems.length} 处）` : shown, checked.problems);
}

/** What registering would show: lines and exceptions of the draft, without writing. */
export function previewDraft(ctx: OperationContext, draft: InvoiceDraft, documentId: number | null) {
  const checked = checkDraft(ctx, draft, documentId);
  const lines: LineToMatch[] = draft.lines.map((l, i) => ({ id: null, lineNo: i + 1, receiptLineId: l.receiptLineId, quantity: l.quantity, amountMicro: l.amountMicro, note: l.note }));
  const { lines: matched, exceptions } = matchLines(ctx.db, lines, { documentId, redOfId: checked.redOfId, match: true, approvals: [], facts: checked.facts });
  return {
    lines: matched,
    exceptions,
    problems: checked.problems,
    totals: {
      amountMicro: checked.amountMicro,
      amountExTaxMicro: checked.amountExTaxMicro,
      taxMicro: checked.taxMicro,
      receiptValueMicro: matched.reduce((s, l) => s + l.receiptValueMicro, 0),
    },
  };
}

function writeHeader(ctx: OperationContext, documentId: number, draft: InvoiceDraft, checked: CheckedDraft, insert: boolean): void {
  const params = {
    documentId,
    supplierId: draft.supplierId,
    medium: draft.medium,
    code: draft.code,
    number: draft.number,
    numberKey: checked.numberKey,
    issuedOn: draft.date,
    amountMicro: checked.amountMicro,
    amountExTaxMicro: checked.amountExTaxMicro,
    taxMicro: checked.taxMicro,
    taxRateBp: draft.taxRateBp,
    redOfId: checked.redOfId,
    sourceFile: draft.sourceFile ?? '',
    note: draft.note,
  };
  prepared(
    ctx.db.$client,
    insert
      ? `INSERT INTO supplier_invoices (document_id, supplier_id, medium, invoice_code, invoice_no, number_key, issued_on, amount_micro, amount_ex_tax_micro,
           tax_micro, tax_rate_bp, red_of_id, source_file, note)
         VALUES (@documentId, @supplierId, @medium, @code, @number, @numberKey, @issuedOn, @amountMicro, @amountExTaxMicro, @taxMicro, @taxRateBp, @redOfId,
           @sourceFile, @note)`
      : `UPDATE supplier_invoices SET supplier_id = @supplierId, medium = @medium, invoice_code = @code, invoice_no = @number, number_key = @numberKey,
           issued_on = @issuedOn, amount_micro = @amountMicro, amount_ex_tax_micro = @amountExTaxMicro, tax_micro = @taxMicro, tax_rate_bp = @taxRateBp,
           red_of_id = @redOfId, note = @note WHERE document_id = @documentId`,
  ).run(params);
}

const INSERT_LINE = `INSERT INTO supplier_invoice_lines (document_id, line_no, receipt_line_id, quantity, amount_micro, note)
  VALUES (@documentId, @lineNo, @receiptLineId, @quantity, @amountMicro, @note)`;

/** 登记发票: the rules, then the FP document, its header and lines, one audit entry. */
export function registerInvoice(ctx: OperationContext, draft: InvoiceDraft): InvoiceDetail {
  const checked = checkDraft(ctx, draft, null);
  refuse(checked);
  const document = createDocument(ctx, supplierInvoiceType, {});
  writeHeader(ctx, document.id, draft, checked, true);
  const insert = prepared(ctx.db.$client, INSERT_LINE);
  draft.lines.forEach((l, i) => insert.run({ documentId: document.id, lineNo: i + 1, receiptLineId: l.receiptLineId, quantity: l.quantity, amountMicro: l.amountMicro, note: l.note }));
  const invoice = readInvoice(ctx.db, document.id);
  ctx.audit({
    target: `supplier_invoice:${document.number}`,
    summary: {
      registered: { supplierId: draft.supplierId, medium: draft.medium, code: draft.code, number: draft.number, date: draft.date, amountMicro: checked.amountMicro, lines: draft.lines.length, redOfId: checked.redOfId },
      exceptions: invoice.exceptions.map((e) => ({ lineNo: e.lineNo, kind: e.kind })),
    },
  });
  return invoice;
}

function requireRegistered(ctx: OperationContext, id: number, action: string) {
  const document = loadDocument(ctx.db, supplierInvoiceType, id);
  if (document.state !== 'registered') throw conflict(`发票 ${document.number} 当前为「${document.stateLabel}」，不能${action}（仅已登记的发票可以${action}）`);
  return document;
}

/**
 * 修改发票 (registered only, version-checked). Lines are matched to the stored ones by receipt line: one that keeps its
 * quantity and amount keeps its id and any exception approval; a changed or removed line that a second person has
 * approved an exception of is refused (the approval was for those figures).
 */
export function updateInvoice(ctx: OperationContext, id: number, version: number, draft: InvoiceDraft): InvoiceDetail {
  const document = requireRegistered(ctx, id, '修改');
  checkVersion(ctx.db, supplierInvoiceType, document, version);
  const checked = checkDraft(ctx, draft, id);
  const db = ctx.db.$client;
  const stored = prepared(db, 'SELECT id, line_no AS lineNo, receipt_line_id AS receiptLineId, quantity, amount_micro AS amountMicro FROM supplier_invoice_lines WHERE document_id = ?').all(id) as {
    id: number;
    lineNo: number;
    receiptLineId: number;
    quantity: number;
    amountMicro: number;
  }[];
  const approved = new Set((prepared(db, 'SELECT DISTINCT invoice_line_id AS id FROM invoice_exception_approvals WHERE document_id = ?').all(id) as { id: number }[]).map((r) => r.id));
  const byReceiptLine = new Map(stored.map((l) => [l.receiptLineId, l]));
  const kept = new Set<number>();
  draft.lines.forEach((line, i) => {
    const old = byReceiptLine.get(line.receiptLineId);
    if (!old) return;
    kept.add(old.id);
    if (approved.has(old.id) && (old.quantity !== line.quantity || old.amountMicro !== line.amountMicro)) {
      checked.problems.push({ path: `lines.${i}.quantity`, message: `第 ${old.lineNo} 行的匹配例外已由第二人审批，不能再改数量或金额` });
    }
  });
  for (const old of stored) {
    if (!kept.has(old.id) && approved.has(old.id)) checked.problems.push({ path: 'lines', message: `第 ${old.lineNo} 行的匹配例外已由第二人审批，不能删除该行` });
  }
  refuse(checked);
  writeHeader(ctx, id, draft, checked, false);
  // Line numbers move: park the kept ones out of the way of the unique (document, line_no) first.
  prepared(db, 'UPDATE supplier_invoice_lines SET line_no = -id WHERE document_id = ?').run(id);
  for (const old of stored) if (!kept.has(old.id)) prepared(db, 'DELETE FROM supplier_invoice_lines WHERE id = ?').run(old.id);
  const insert = prepared(db, INSERT_LINE);
  const change = prepared(db, 'UPDATE supplier_invoice_lines SET line_no = @lineNo, quantity = @quantity, amount_micro = @amountMicro, note = @note WHERE id = @id');
  draft.lines.forEach((l, i) => {
    const old = byReceiptLine.get(l.receiptLineId);
    const row = { lineNo: i + 1, quantity: l.quantity, amountMicro: l.amountMicro, note: l.note };
    if (old) change.run({ ...row, id: old.id });
    else insert.run({ ...row, documentId: id, receiptLineId: l.receiptLineId });
  });
  reviseDocument(ctx, supplierInvoiceType, document, version, { number: draft.number, amountMicro: checked.amountMicro, lines: draft.lines.length });
  return readInvoice(ctx.db, id);
}

export function voidInvoice(ctx: OperationContext, id: number, version: number, reason: string): InvoiceDetail {
  requireRegistered(ctx, id, '作废');
  applyTransition(ctx, supplierInvoiceType, { id, version, transition: 'void', reason });
  return readInvoice(ctx.db, id);
}

/** 例外审批: a second person (never the registrar) approves one exception of one line with a reason; 两票制 never. */
export function approveException(ctx: OperationContext, input: { invoiceId: number; lineId: number; kind: InvoiceException['kind']; reason: string }): InvoiceDetail {
  const document = requireRegistered(ctx, input.invoiceId, '审批例外');
  const actor = ctx.actor!;
  const userId = actor.kind === 'user' ? actor.userId : null;
  const registrar = prepared(ctx.db.$client, 'SELECT created_by_user_id AS userId FROM documents WHERE id = ?').get(input.invoiceId) as { userId: number | null };
  if (userId !== null && registrar.userId === userId) throw forbidden(`发票 ${document.number} 由您登记，匹配例外须由另一位财务人员审批（两人审批）`);
  if (input.kind === 'two_invoice') throw invalid('kind', '两票制例外不能审批通过：须由库管在验收单上补录生产企业发票号');
  const invoice = readInvoice(ctx.db, input.invoiceId);
  const line = invoice.lines.find((l) => l.id === input.lineId);
  if (!line) throw invalid('lineId', '该行不属于此发票');
  const exception = line.exceptions.find((e) => e.kind === input.kind);
  if (!exception) throw invalid('kind', `第 ${line.lineNo} 行没有「${invoice.exceptions.find((e) => e.kind === input.kind)?.label ?? input.kind}」例外`);
  if (exception.approved) throw conflict(`第 ${line.lineNo} 行的「${exception.label}」已由 ${exception.approvedBy} 审批`);
  prepared(
    ctx.db.$client,
    `INSERT INTO invoice_exception_approvals (document_id, invoice_line_id, kind, reason, approved_by, approved_by_user_id, at)
     VALUES (@documentId, @lineId, @kind, @reason, @by, @userId, @at)`,
  ).run({ documentId: input.invoiceId, lineId: input.lineId, kind: input.kind, reason: input.reason, by: actor.username, userId, at: ctx.now.toISOString() });
  ctx.audit({
    target: `supplier_invoice:${document.number}`,
    summary: { approvedException: { lineNo: line.lineNo, kind: input.kind, reason: input.reason, exception: exception.reason } },
  });
  return readInvoice(ctx.db, input.invoiceId);
}

/**
 * The receipt value of each line for the journal: cumulative over the approved invoices of the receipt line, so that a
 * line invoiced in parts clears 应付暂估 to the fen of what the receipt booked (Σ of the parts = the value of the whole).
 */
function receiptValues(lines: readonly InvoiceLine[], facts: Map<number, ReceiptLineFacts>, documentId: number): number[] {
  return lines.map((l) => {
    const f = facts.get(l.receiptLineId)!;
    const before = f.invoiceLines.filter((x) => x.documentId !== documentId && x.state === 'approved').reduce((s, x) => s + x.quantity, 0);
    const cost = { priceMicro: f.priceMicro, packFactor: f.packFactor };
    return lineAmountMicro(before + l.quantity, cost) - lineAmountMicro(before, cost);
  });
}

/**
 * 审核发票: refused while an exception is open; then posted, with its payables (blue) or the red_invoice settlements
 * of the blue invoice's open payables (red), and its journal entry in the lead hospital's books: Dr 应付暂估 (receipt
 * value) ± 采购价差 / Cr 应付账款 (invoice amount) — in red ink for a red-letter invoice.
 */
export function approveInvoice(ctx: OperationContext, id: number, version: number | undefined): { invoice: InvoiceDetail; payables: { id: number }[]; journalEntryId: number | null } {
  const document = requireRegistered(ctx, id, '审核');
  const before = readInvoice(ctx.db, id);
  const open = before.exceptions.filter((e) => !e.approved);
  if (open.length > 0) {
    const fields = open.map((e) => ({ path: `lines.${e.lineNo - 1}`, message: `第 ${e.lineNo} 行${e.label}：${e.reason}` }));
    const shown = open.slice(0, 3).map((e) => `第 ${e.lineNo} 行${e.label}`).join('；');
    throw conflict(`发票 ${before.number} 有 ${open.length} 项匹配例外未处理（${shown}），须更正发票、补录生产企业发票或由第二人审批后才能审核`, fields);
  }
  const unitId = leadUnitId(ctx);
  if (unitId === null) throw conflict('未设置牵头医院，无法记账');
  applyTransition(ctx, supplierInvoiceType, { id, version: version ?? document.version, transition: 'approve' });
  const red = before.redOfId !== null;
  const facts = loadFacts(ctx.db, before.lines.map((l) => l.receiptLineId));
  const values = receiptValues(before.lines, facts, id);
  const valueTotal = values.reduce((s, v) => s + v, 0);
  const amount = before.lines.reduce((s, l) => s + l.amountMicro, 0);
  const variance = amount - valueTotal;
  const lines: EntryLineInput[] = before.lines.map((l, i) => ({ account: 'grni', debitMicro: values[i]!, supplierId: before.supplierId, itemCategory: l.category as EntryLineInput['itemCategory'] }));
  // Blue: a positive variance is a debit, a negative one a credit. Red ink mirrors the blue entry it offsets.
  if (variance !== 0) {
    const debit = red ? variance < 0 : variance > 0;
    lines.push(debit ? { account: 'price_variance', debitMicro: variance, supplierId: before.supplierId } : { account: 'price_variance', creditMicro: -variance, supplierId: before.supplierId });
  }
  lines.push({ account: 'accounts_payable', creditMicro: amount, supplierId: before.supplierId });
  const entry = postEntry(ctx, {
    unitId,
    kind: red ? 'red_invoice' : 'invoice',
    documentId: id,
    summary: `${red ? '红字发票' : '发票'} ${before.code ? `${before.code}-` : ''}${before.number} ${before.supplierName}（${document.number}）`,
    lines,
  });
  let payables: { id: number }[] = [];
  if (!red) payables = createPayables(ctx, id);
  else settleBlue(ctx, before, id);
  ctx.audit({
    target: `supplier_invoice:${document.number}`,
    summary: { approved: { amountMicro: amount, receiptValueMicro: valueTotal, varianceMicro: variance, payables: payables.length, journalEntryId: entry?.id ?? null } },
  });
  return { invoice: readInvoice(ctx.db, id), payables, journalEntryId: entry?.id ?? null };
}

/**
 * A red-letter invoice settles (kind red_invoice, no journal entry: its own red entry already reduced 应付账款) the
 * blue invoice's open payable of each receipt line, then the blue invoice's other open payables, then the supplier's
 * other open ones by due date; beyond what is open the approval is refused (the supplier would owe a refund).
 */
function settleBlue(ctx: OperationContext, invoice: InvoiceDetail, id: number): void {
  const db = ctx.db.$client;
  const openPayables = prepared(
    db,
    `SELECT p.id, p.invoice_id AS invoiceId, p.receipt_line_id AS receiptLineId,
       p.amount_micro - COALESCE((SELECT SUM(s.amount_micro) FROM payable_settlements s WHERE s.payable_id = p.id), 0) AS openMicro
     FROM payables p WHERE p.supplier_id = ? ORDER BY (p.invoice_id = ?) DESC, p.due_on, p.id`,
  ).all(invoice.supplierId, invoice.redOfId) as { id: number; invoiceId: number; receiptLineId: number; openMicro: number }[];
  const left = new Map(openPayables.map((p) => [p.id, p.openMicro]));
  const settledOn = communityDate(ctx.now);
  const reference = `红字发票 ${invoice.code ? `${invoice.code}-` : ''}${invoice.number}`;
  const total = invoice.lines.reduce((s, l) => s + Math.abs(l.amountMicro), 0);
  const available = openPayables.reduce((s, p) => s + Math.max(0, p.openMicro), 0);
  if (total > available) {
    throw conflict(`红字发票金额 ${formatYuan(total)} 元超出该供应商未付应付款 ${formatYuan(available)} 元：蓝字发票已付款的部分须由供应商退款，不能以红字发票冲减`);
  }
  for (const line of invoice.lines) {
    let rest = Math.abs(line.amountMicro);
    const order = [
      ...openPayables.filter((p) => p.invoiceId === invoice.redOfId && p.receiptLineId === line.receiptLineId),
      ...openPayables.filter((p) => !(p.invoiceId === invoice.redOfId && p.receiptLineId === line.receiptLineId)),
    ];
    for (const p of order) {
      if (rest === 0) break;
      const can = Math.min(rest, left.get(p.id) ?? 0);
      if (can <= 0) continue;
      recordSettlement(ctx, { payableId: p.id, kind: 'red_invoice', amountMicro: can, settledOn, reference, documentId: id });
      left.set(p.id, (left.get(p.id) ?? 0) - can);
      rest -= can;
    }
  }
}

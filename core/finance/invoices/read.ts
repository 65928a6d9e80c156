import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import { INVOICE_MEDIUM_LABELS, MATCH_EXCEPTION_LABELS, type InvoiceMedium, type InvoiceState, type MatchExceptionKind } from '../../api/finance.js';
import type { InvoiceableLine, InvoiceDetail, InvoiceException, InvoiceLine, InvoiceSummary } from '../../api/invoices.js';
import { lineAmountMicro } from '../../api/money.js';
import { PRICE_KIND_LABELS } from '../../api/labels.js';
import type { OperationContext } from '../../context.js';
import { documentEvents } from '../../documents/lifecycle.js';
import { notFound } from '../../errors.js';
import { supplierInvoiceType } from '../document-types.js';
import { financeSettings } from '../settings.js';
import { evaluateLine, FACTS_SQL, factsOf, invoicedElsewhere, loadFacts, unitPriceOf, type BlueLine, type ReceiptLineFacts } from './match.js';

/** One line as the match reads it: stored, or a draft's (id null). */
export interface LineToMatch {
  id: number | null;
  lineNo: number;
  receiptLineId: number;
  quantity: number;
  amountMicro: number;
  note: string;
}

interface Approval {
  invoiceLineId: number;
  kind: MatchExceptionKind;
  reason: string;
  approvedBy: string;
  at: string;
}

/**
 * The lines of an invoice (or a draft) with their facts and exceptions. `match` false: an approved or voided invoice,
 * whose exceptions are history — only the approved ones are shown, as they were decided.
 */
export function matchLines(
  db: Db,
  lines: readonly LineToMatch[],
  options: { documentId: number | null; redOfId: number | null; match: boolean; approvals: readonly Approval[]; facts?: Map<number, ReceiptLineFacts> },
): { lines: InvoiceLine[]; exceptions: InvoiceException[] } {
  const facts = options.facts ?? loadFacts(db, lines.map((l) => l.receiptLineId));
  const toleranceMicro = financeSettings(db).priceToleranceMicro;
  const out: InvoiceLine[] = [];
  const all: InvoiceException[] = [];
  for (const line of lines) {
    const f = facts.get(line.receiptLineId);
    if (!f) continue;
    let blue: BlueLine | null = null;
    if (options.redOfId !== null) {
      const lines = f.invoiceLines.filter((l) => l.documentId === options.redOfId);
      const otherReds = f.invoiceLines.filter((l) => l.redOfId === options.redOfId && l.documentId !== options.documentId).reduce((s, l) => s + Math.abs(l.quantity), 0);
      const quantity = lines.reduce((s, l) => s + l.quantity, 0);
      blue = { quantity, amountMicro: lines.reduce((s, l) => s + l.amountMicro, 0), left: quantity - otherReds };
    }
    const found = options.match ? evaluateLine({ quantity: line.quantity, amountMicro: line.amountMicro, redOfId: options.redOfId }, f, { documentId: options.documentId, toleranceMicro }, blue) : [];
    const approvals = line.id === null ? [] : options.approvals.filter((a) => a.invoiceLineId === line.id);
    const exceptions: InvoiceException[] = options.match
      ? found.map((e) => {
          const approval = approvals.find((a) => a.kind === e.kind);
          return exceptionOf(line, e.kind, e.reason, approval);
        })
      : approvals.map((a) => exceptionOf(line, a.kind, '', a));
    all.push(...exceptions);
    const elsewhere = invoicedElsewhere(f, options.documentId);
    out.push({
      id: line.id,
      lineNo: line.lineNo,
      receiptLineId: line.receiptLineId,
      receiptId: f.receiptId,
      receiptNumber: f.receiptNumber,
      receiptState: f.receiptState,
      acceptedOn: f.acceptedOn,
      orderId: f.orderId,
      orderNumber: f.orderNumber,
      orderLineId: f.orderLineId,
      itemId: f.itemId,
      itemCode: f.itemCode,
      itemName: f.itemName,
      spec: f.spec,
      manufacturer: f.manufacturer,
      category: f.category,
      batchNo: f.batchNo,
      baseUnit: f.baseUnit,
      packUnit: f.packUnit,
      packFactor: f.packFactor,
      quantity: line.quantity,
      amountMicro: line.amountMicro,
      unitPriceMicro: unitPriceOf(line.quantity, line.amountMicro, f.packFactor),
      receiptPriceMicro: f.priceMicro,
      orderPriceMicro: f.orderPrice ? unitPriceOf(f.orderPrice.packFactor, f.orderPrice.priceMicro, f.packFactor) : null,
      ceilingMicro: f.ceiling ? unitPriceOf(f.ceiling.packFactor, f.ceiling.priceMicro, f.packFactor) : null,
      ceilingLabel: f.ceiling ? PRICE_KIND_LABELS[f.ceiling.kind] : null,
      vbpPriceMicro: f.vbpPrice ? unitPriceOf(f.vbpPrice.packFactor, f.vbpPrice.priceMicro, f.packFactor) : null,
      acceptedQuantity: f.accepted,
      returnedQuantity: f.returned,
      invoicedElsewhere: elsewhere,
      openQuantity: f.accepted - f.returned - elsewhere,
      receiptValueMicro: lineAmountMicro(line.quantity, { priceMicro: f.priceMicro, packFactor: f.packFactor }),
      twoInvoiceRequired: f.twoInvoiceRequired,
      manufacturerInvoiceNo: f.manufacturerInvoiceNo,
      note: line.note,
      exceptions,
    });
  }
  return { lines: out, exceptions: all };
}

function exceptionOf(line: LineToMatch, kind: MatchExceptionKind, reason: string, approval: Approval | undefined): InvoiceException {
  return {
    lineId: line.id,
    lineNo: line.lineNo,
    receiptLineId: line.receiptLineId,
    kind,
    label: MATCH_EXCEPTION_LABELS[kind],
    reason,
    approvable: kind !== 'two_invoice',
    approved: approval !== undefined,
    approvedBy: approval?.approvedBy ?? null,
    approvedAt: approval?.at ?? null,
    approvalReason: approval?.reason ?? null,
  };
}

const HEADER_SQL = `SELECT d.id, d.number AS documentNumber, d.state AS status, d.version, d.created_by AS createdBy, d.created_at AS createdAt,
    d.created_by_user_id AS createdByUserId, d.updated_by AS updatedBy, d.updated_at AS updatedAt,
    si.medium, si.invoice_code AS code, si.invoice_no AS number, si.supplier_id AS supplierId, s.name AS supplierName, si.issued_on AS date,
    si.amount_micro AS amountMicro, si.amount_ex_tax_micro AS amountExTaxMicro, si.tax_micro AS taxMicro, si.tax_rate_bp AS taxRateBp,
    si.red_of_id AS redOfId, (SELECT b.invoice_no FROM supplier_invoices b WHERE b.document_id = si.red_of_id) AS redOfNumber,
    si.source_file AS sourceFile, si.note,
    (SELECT count(*) FROM supplier_invoice_lines l WHERE l.document_id = d.id) AS lineCount
  FROM documents d JOIN supplier_invoices si ON si.document_id = d.id JOIN suppliers s ON s.id = si.supplier_id`;

type HeaderRow = Omit<InvoiceSummary, 'mediumLabel' | 'stateLabel' | 'red' | 'openExceptionCount' | 'exceptionCount'> & { createdByUserId: number | null };

function toSummary(row: HeaderRow, exceptions: readonly InvoiceException[]): InvoiceSummary {
  const { createdByUserId: _u, ...rest } = row;
  return {
    ...rest,
    mediumLabel: INVOICE_MEDIUM_LABELS[row.medium as InvoiceMedium],
    stateLabel: supplierInvoiceType.states[row.status as InvoiceState]?.label ?? row.status,
    red: row.redOfId !== null,
    openExceptionCount: exceptions.filter((e) => !e.approved).length,
    exceptionCount: exceptions.length,
  };
}

function storedLines(db: Db, id: number): LineToMatch[] {
  return prepared(
    db.$client,
    `SELECT id, line_no AS lineNo, receipt_line_id AS receiptLineId, quantity, amount_micro AS amountMicro, note
     FROM supplier_invoice_lines WHERE document_id = ? ORDER BY line_no`,
  ).all(id) as LineToMatch[];
}

function approvalsOf(db: Db, id: number): Approval[] {
  return prepared(
    db.$client,
    // The approver by name (张敏) where they are a user; the system actor by its own name.
    `SELECT a.invoice_line_id AS invoiceLineId, a.kind, a.reason, COALESCE(u.display_name, a.approved_by) AS approvedBy, a.at
     FROM invoice_exception_approvals a LEFT JOIN users u ON u.id = a.approved_by_user_id WHERE a.document_id = ? ORDER BY a.id`,
  ).all(id) as Approval[];
}

function header(db: Db, id: number): HeaderRow {
  const row = prepared(db.$client, `${HEADER_SQL} WHERE d.id = ? AND d.type = 'supplier_invoice'`).get(id) as HeaderRow | undefined;
  if (!row) throw notFound('发票');
  return row;
}

/** The exceptions of a stored invoice as they stand now (registered: computed; otherwise the approved ones). */
export function invoiceExceptions(db: Db, id: number): InvoiceException[] {
  const row = header(db, id);
  return matchLines(db, storedLines(db, id), { documentId: id, redOfId: row.redOfId, match: row.status === 'registered', approvals: approvalsOf(db, id) }).exceptions;
}

export function readInvoice(db: Db, id: number): InvoiceDetail {
  const row = header(db, id);
  const stored = storedLines(db, id);
  const { lines, exceptions } = matchLines(db, stored, { documentId: id, redOfId: row.redOfId, match: row.status === 'registered', approvals: approvalsOf(db, id) });
  const payables = prepared(
    db.$client,
    `SELECT id, invoice_line_id AS invoiceLineId, amount_micro AS amountMicro, due_on AS dueOn, rule FROM payables WHERE invoice_id = ? ORDER BY id`,
  ).all(id) as InvoiceDetail['payables'];
  const journalEntryIds = (prepared(db.$client, 'SELECT id FROM journal_entries WHERE document_id = ? ORDER BY id').all(id) as { id: number }[]).map((r) => r.id);
  const redInvoices = prepared(
    db.$client,
    `SELECT d.id, si.invoice_no AS number, d.state AS status, si.amount_micro AS amountMicro FROM supplier_invoices si JOIN documents d ON d.id = si.document_id
     WHERE si.red_of_id = ? ORDER BY d.id`,
  ).all(id) as InvoiceDetail['redInvoices'];
  const receiptValueMicro = lines.reduce((s, l) => s + l.receiptValueMicro, 0);
  return {
    ...toSummary(row, exceptions),
    createdByUserId: row.createdByUserId,
    lines,
    exceptions,
    totals: {
      amountMicro: lines.reduce((s, l) => s + l.amountMicro, 0),
      receiptValueMicro,
      varianceMicro: lines.reduce((s, l) => s + l.amountMicro, 0) - receiptValueMicro,
      quantity: lines.reduce((s, l) => s + l.quantity, 0),
    },
    payables,
    journalEntryIds,
    redInvoices,
    events: documentEvents(db, id).map((e) => ({ version: e.version, transition: e.transition, toState: e.toState, actorName: e.actorName, at: e.at, reason: e.reason })),
  };
}

export interface InvoiceFilter {
  supplierId?: number | undefined;
  status?: InvoiceState | undefined;
  exceptionsOnly: boolean;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

/** The invoices, newest first, paged; exceptions are counted for the registered ones (the only ones that have open ones). */
export function listInvoices(db: Db, filter: InvoiceFilter): { rows: InvoiceSummary[]; total: number } {
  const where = [`d.type = 'supplier_invoice'`];
  const params: Record<string, unknown> = {};
  if (filter.supplierId !== undefined) {
    where.push('si.supplier_id = @supplierId');
    params.supplierId = filter.supplierId;
  }
  const status = filter.exceptionsOnly ? 'registered' : filter.status;
  if (status !== undefined) {
    where.push('d.state = @status');
    params.status = status;
  }
  if (filter.q) {
    where.push(`(si.invoice_no LIKE @q OR si.invoice_code LIKE @q OR d.number LIKE @q OR s.name LIKE @q)`);
    params.q = `%${filter.q.replace(/[%_]/g, '')}%`;
  }
  const whereSql = `WHERE ${where.join(' AND ')}`;
  const exceptionsOf = (r: HeaderRow) => (r.status === 'registered' ? invoiceExceptions(db, r.id) : []);
  if (filter.exceptionsOnly) {
    const all = (prepared(db.$client, `${HEADER_SQL} ${whereSql} ORDER BY d.id DESC`).all(params) as HeaderRow[])
      .map((r) => toSummary(r, exceptionsOf(r)))
      .filter((r) => r.openExceptionCount > 0);
    return { rows: all.slice((filter.page - 1) * filter.pageSize, filter.page * filter.pageSize), total: all.length };
  }
  const total = (prepared(db.$client, `SELECT count(*) AS n FROM documents d JOIN supplier_invoices si ON si.document_id = d.id JOIN suppliers s ON s.id = si.supplier_id ${whereSql}`).get(params) as { n: number }).n;
  const rows = prepared(db.$client, `${HEADER_SQL} ${whereSql} ORDER BY d.id DESC LIMIT @limit OFFSET @offset`).all({
    ...params,
    limit: filter.pageSize,
    offset: (filter.page - 1) * filter.pageSize,
  }) as HeaderRow[];
  return { rows: rows.map((r) => toSummary(r, exceptionsOf(r))), total };
}

/** A supplier's accepted receipt lines that may still be invoiced (accepted − returned − invoiced > 0), oldest first. */
export function invoiceableLines(ctx: OperationContext, input: { supplierId: number; receiptId?: number | undefined; q?: string | undefined }): InvoiceableLine[] {
  const where = [`r.supplier_id = @supplierId`, `d.state = 'posted'`, `l.accepted_quantity > 0`];
  const params: Record<string, unknown> = { supplierId: input.supplierId };
  if (input.receiptId !== undefined) {
    where.push('l.document_id = @receiptId');
    params.receiptId = input.receiptId;
  }
  if (input.q) {
    where.push(`(i.generic_name LIKE @q OR i.code LIKE @q OR i.pinyin_initials LIKE @q OR l.batch_no LIKE @q OR d.number LIKE @q)`);
    params.q = `%${input.q.replace(/[%_]/g, '')}%`;
  }
  const rows = prepared(ctx.db.$client, `${FACTS_SQL} WHERE ${where.join(' AND ')} ORDER BY l.id LIMIT 2000`).all(params) as Parameters<typeof factsOf>[1];
  const facts = factsOf(ctx.db, rows);
  const out: InvoiceableLine[] = [];
  for (const f of facts.values()) {
    const invoiced = invoicedElsewhere(f, null);
    const open = f.accepted - f.returned - invoiced;
    if (open <= 0) continue;
    out.push({
      receiptLineId: f.receiptLineId,
      receiptId: f.receiptId,
      receiptNumber: f.receiptNumber,
      arrivedOn: f.arrivedOn,
      acceptedOn: f.acceptedOn,
      orderId: f.orderId,
      orderNumber: f.orderNumber,
      itemId: f.itemId,
      itemCode: f.itemCode,
      itemName: f.itemName,
      spec: f.spec,
      manufacturer: f.manufacturer,
      category: f.category,
      batchNo: f.batchNo,
      expiry: f.expiry,
      baseUnit: f.baseUnit,
      packUnit: f.packUnit,
      packFactor: f.packFactor,
      priceMicro: f.priceMicro,
      orderPriceMicro: f.orderPrice ? unitPriceOf(f.orderPrice.packFactor, f.orderPrice.priceMicro, f.packFactor) : null,
      acceptedQuantity: f.accepted,
      returnedQuantity: f.returned,
      invoicedQuantity: invoiced,
      openQuantity: open,
      openAmountMicro: lineAmountMicro(open, { priceMicro: f.priceMicro, packFactor: f.packFactor }),
      twoInvoiceRequired: f.twoInvoiceRequired,
      manufacturerInvoiceNo: f.manufacturerInvoiceNo,
    });
  }
  return out;
}

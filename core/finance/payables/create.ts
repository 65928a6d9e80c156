import { prepared } from '../../../db/statements.js';
import type { OperationContext } from '../../context.js';
import { conflict } from '../../errors.js';
import { communityDate } from '../../time.js';
import { financeSettings } from '../settings.js';
import { dueDate } from './due-rules.js';

interface InvoiceLineSource {
  invoiceLineId: number;
  supplierId: number;
  receiptLineId: number;
  itemId: number;
  amountMicro: number;
  arrivedOn: string;
  postedAt: string | null;
  orderVbp: number | null;
  itemVbp: string | null;
  sme: number;
  termDays: number | null;
  fromAcceptance: number | null;
  interestRateBp: number | null;
}

/**
 * 应付款 of an approved supplier invoice, in the caller's transaction (invoice.approve): one per positive line, to the
 * invoice's supplier, due by rule (./due-rules.ts) from the receipt's 到货 (arrived_on) and 验收 (the receipt's
 * posting, as a community date) dates, the item's 集采 flag (the order line's, or the formulary item's 集采 terms),
 * the supplier's 中小企业 flag and its supplier_terms. A red-letter (negative) line makes none: it settles the blue
 * invoice's payables (kind red_invoice) instead. Idempotent per invoice line (the unique index refuses a second).
 */
export function createPayables(ctx: OperationContext, invoiceDocumentId: number): { id: number }[] {
  const db = ctx.db.$client;
  const settings = financeSettings(ctx.db);
  const rows = prepared(
    db,
    `SELECT l.id AS invoiceLineId, i.supplier_id AS supplierId, l.receipt_line_id AS receiptLineId, rl.item_id AS itemId,
            l.amount_micro AS amountMicro, r.arrived_on AS arrivedOn,
            (SELECT e.at FROM document_events e WHERE e.document_id = rl.document_id AND e.to_state = 'posted' ORDER BY e.id LIMIT 1) AS postedAt,
            ol.vbp AS orderVbp, fi.vbp AS itemVbp, s.sme AS sme,
            t.term_days AS termDays, t.from_acceptance AS fromAcceptance, t.interest_rate_bp AS interestRateBp
       FROM supplier_invoice_lines l
       JOIN supplier_invoices i ON i.document_id = l.document_id
       JOIN receipt_lines rl ON rl.id = l.receipt_line_id
       JOIN receipts r ON r.document_id = rl.document_id
       JOIN formulary_items fi ON fi.id = rl.item_id
       JOIN suppliers s ON s.id = i.supplier_id
       LEFT JOIN purchase_order_lines ol ON ol.id = rl.order_line_id
       LEFT JOIN supplier_terms t ON t.supplier_id = i.supplier_id
      WHERE l.document_id = ? AND l.amount_micro > 0
      ORDER BY l.line_no`,
  ).all(invoiceDocumentId) as InvoiceLineSource[];
  const insert = prepared(
    db,
    `INSERT INTO payables (invoice_id, invoice_line_id, supplier_id, receipt_line_id, item_id, amount_micro, delivered_on, accepted_on,
                           due_on, rule, rule_days, vbp, sme, interest_rate_bp, created_at)
     VALUES (@invoiceId, @invoiceLineId, @supplierId, @receiptLineId, @itemId, @amountMicro, @deliveredOn, @acceptedOn,
             @dueOn, @rule, @ruleDays, @vbp, @sme, @interestRateBp, @createdAt)
     ON CONFLICT (invoice_line_id) DO NOTHING RETURNING id`,
  );
  const created: { id: number }[] = [];
  for (const row of rows) {
    const deliveredOn = row.arrivedOn.slice(0, 10);
    if (!row.postedAt) throw conflict(`发票行对应的入库验收单尚未验收，不能生成应付款（入库明细 ${row.receiptLineId}）`);
    const acceptedOn = communityDate(new Date(row.postedAt));
    const vbp = row.orderVbp === 1 || (row.itemVbp !== null && row.itemVbp !== '' && row.itemVbp !== 'null');
    const sme = row.sme === 1;
    const terms = row.termDays === null && row.fromAcceptance === null ? null : { termDays: row.termDays, fromAcceptance: row.fromAcceptance === 1 };
    const due = dueDate({ deliveredOn, acceptedOn: acceptedOn < deliveredOn ? deliveredOn : acceptedOn, vbp, sme, terms }, settings);
    const result = insert.get({
      invoiceId: invoiceDocumentId,
      invoiceLineId: row.invoiceLineId,
      supplierId: row.supplierId,
      receiptLineId: row.receiptLineId,
      itemId: row.itemId,
      amountMicro: row.amountMicro,
      deliveredOn,
      acceptedOn: acceptedOn < deliveredOn ? deliveredOn : acceptedOn,
      dueOn: due.dueOn,
      rule: due.rule,
      ruleDays: due.ruleDays,
      vbp: vbp ? 1 : 0,
      sme: sme ? 1 : 0,
      interestRateBp: sme ? row.interestRateBp : null,
      createdAt: ctx.now.toISOString(),
    }) as { id: number } | undefined;
    if (result) created.push({ id: result.id });
  }
  return created;
}

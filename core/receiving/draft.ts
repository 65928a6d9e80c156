import { prepared } from '../../db/statements.js';
import type { OperationContext } from '../context.js';
import { createDocument } from '../documents/lifecycle.js';
import { conclusionOf } from './post.js';
import { receiptType } from './receipt-type.js';
import { checkReceipt, type DraftReceipt, type ResolvedLine } from './rules.js';

/**
 * Writing a receipt draft: the header and lines as the acceptance rules resolved them. `receipt.create` and the
 * platform's shipment import (core/platform/imports/shipments.ts) both create drafts through `createReceiptDraft`,
 * so the same rules, number series, event and audit entry apply; the import needs only the line ids back, not the
 * whole receipt read again (20,000 lines).
 */
export function createReceiptDraft(ctx: OperationContext, draft: DraftReceipt): CreatedDraft {
  return writeReceiptDraft(ctx, draft, checkReceipt(ctx, draft, { stage: 'draft', posterUserId: null }).lines);
}

export interface CreatedDraft {
  id: number;
  number: string;
  lineIds: number[];
}

/**
 * Writes a draft whose lines `checkReceipt` (stage draft) resolved against the database as it is now — in this
 * transaction, or in a read that nothing has written after (the shipment import's preview, proven by its
 * database stamp). Anything else goes through `createReceiptDraft`.
 */
export function writeReceiptDraft(ctx: OperationContext, draft: DraftReceipt, lines: readonly ResolvedLine[]): CreatedDraft {
  const document = createDocument(ctx, receiptType, {});
  writeHeader(ctx, document.id, draft, true);
  return { id: document.id, number: document.number, lineIds: writeLines(ctx, document.id, lines) };
}

export function writeHeader(ctx: OperationContext, documentId: number, draft: DraftReceipt, insert: boolean): void {
  const params = { documentId, ...draft, lines: undefined };
  delete params.lines;
  prepared(
    ctx.db.$client,
    insert
      ? `INSERT INTO receipts (document_id, supplier_id, store_id, order_id, unplanned_reason, arrived_on, note)
         VALUES (@documentId, @supplierId, @storeId, @orderId, @unplannedReason, @arrivedOn, @note)`
      : `UPDATE receipts SET supplier_id = @supplierId, store_id = @storeId, order_id = @orderId, unplanned_reason = @unplannedReason,
           arrived_on = @arrivedOn, note = @note WHERE document_id = @documentId`,
  ).run(params);
}

/** Inserts a draft's lines (line_no from 1, in order) and returns their ids in the same order. */
export function writeLines(ctx: OperationContext, documentId: number, lines: readonly ResolvedLine[]): number[] {
  // Positional parameters and lastInsertRowid: this runs once per line of a 20,000-line platform import.
  const insert = prepared(
    ctx.db.$client,
    `INSERT INTO receipt_lines (document_id, line_no, order_line_id, item_id, batch_no, production_date, expiry, arrived_quantity, accepted_quantity,
       rejected_quantity, reject_reason, price_micro, pack_unit, pack_factor, delivery_note_no, distributor_invoice_no, manufacturer_invoice_no,
       trace_codes, arrival_temp_tenths, conclusion, short_expiry_reason, second_inspector_user_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return lines.map(
    (l, i) =>
      insert.run(
        documentId,
        i + 1,
        l.orderLineId,
        l.itemId,
        l.batchNo,
        l.productionDate,
        l.expiry,
        l.arrived,
        l.accepted,
        l.rejected,
        l.rejectReason,
        l.priceMicro,
        l.packUnit,
        l.packFactor,
        l.deliveryNoteNo,
        l.distributorInvoiceNo,
        l.manufacturerInvoiceNo,
        JSON.stringify(l.traceCodes),
        l.arrivalTempTenths,
        conclusionOf(l.accepted, l.rejected),
        l.shortExpiryReason,
        l.secondInspectorUserId,
      ).lastInsertRowid as number,
  );
}

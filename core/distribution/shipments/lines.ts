import { prepared } from '../../../db/statements.js';
import { lineAmountMicro } from '../../api/money.js';
import type { OperationContext } from '../../context.js';
import { changeReservation } from '../../stock/ledger.js';

/**
 * The lines of a shipment (调拨 or 退库) and the reservations they hold. A line is one batch; its amount is the
 * batch's own cost (零差率: the centre adds no margin), rounded once per line by the money rule. While the
 * shipment is unshipped (已配货; a return's 草稿 / 待审核 / 已批准) every line reserves its quantity at the sending
 * store's location, so `stock verify` can check Σ lines = reserved.
 */
export interface NewLine {
  requisitionLineId: number | null;
  itemId: number;
  batchId: number;
  quantity: number;
  nearMinimum: boolean;
  swapReason?: string;
  /** Where a refusal of this line's reservation is reported (`lines.3.quantity`). */
  path: string;
}

export interface StoredLine {
  id: number;
  lineNo: number;
  requisitionLineId: number | null;
  itemId: number;
  batchId: number;
  quantity: number;
  amountMicro: number;
}

/** The amount of `quantity` base units of a batch at its cost. */
export function batchAmount(ctx: OperationContext, batchId: number, quantity: number): number {
  const cost = prepared(ctx.db.$client, 'SELECT cost_micro AS priceMicro, cost_pack_factor AS packFactor FROM stock_batches WHERE id = ?').get(batchId) as {
    priceMicro: number;
    packFactor: number;
  };
  return lineAmountMicro(quantity, cost);
}

/** Writes the lines after the existing ones and reserves each at `locationId`, in the caller's transaction. */
export function writeLines(ctx: OperationContext, documentId: number, locationId: number, lines: readonly NewLine[]): void {
  const next = (prepared(ctx.db.$client, 'SELECT COALESCE(MAX(line_no), 0) AS n FROM shipment_lines WHERE document_id = ?').get(documentId) as { n: number }).n;
  const insert = prepared(
    ctx.db.$client,
    `INSERT INTO shipment_lines (document_id, line_no, requisition_line_id, item_id, batch_id, quantity, amount_micro, near_minimum, swap_reason)
     VALUES (@documentId, @lineNo, @requisitionLineId, @itemId, @batchId, @quantity, @amountMicro, @nearMinimum, @swapReason)`,
  );
  lines.forEach((line, i) => {
    changeReservation(ctx, { batchId: line.batchId, locationId, delta: line.quantity, path: line.path });
    insert.run({
      documentId,
      lineNo: next + i + 1,
      requisitionLineId: line.requisitionLineId,
      itemId: line.itemId,
      batchId: line.batchId,
      quantity: line.quantity,
      amountMicro: batchAmount(ctx, line.batchId, line.quantity),
      nearMinimum: line.nearMinimum ? 1 : 0,
      swapReason: line.swapReason ?? '',
    });
  });
}

export function storedLines(ctx: OperationContext, documentId: number): StoredLine[] {
  return prepared(
    ctx.db.$client,
    `SELECT id, line_no AS lineNo, requisition_line_id AS requisitionLineId, item_id AS itemId, batch_id AS batchId, quantity, amount_micro AS amountMicro
     FROM shipment_lines WHERE document_id = ? ORDER BY line_no`,
  ).all(documentId) as StoredLine[];
}

/** Releases every line's reservation at `locationId` (cancelled, rejected, shipped). */
export function releaseLines(ctx: OperationContext, documentId: number, locationId: number): StoredLine[] {
  const lines = storedLines(ctx, documentId);
  for (const line of lines) changeReservation(ctx, { batchId: line.batchId, locationId, delta: -line.quantity });
  return lines;
}

/** Releases the reservations and removes the lines of an unposted shipment (a draft return rewritten whole). */
export function dropLines(ctx: OperationContext, documentId: number, locationId: number): void {
  releaseLines(ctx, documentId, locationId);
  prepared(ctx.db.$client, 'DELETE FROM shipment_lines WHERE document_id = ?').run(documentId);
}

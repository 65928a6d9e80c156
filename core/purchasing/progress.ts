import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import type { OperationContext } from '../context.js';
import { applyTransition, loadDocument } from '../documents/lifecycle.js';
import { DomainError } from '../errors.js';
import { purchaseOrderType, type PurchaseOrderState } from './order-type.js';

/**
 * How far a purchase order has been received — shared with receiving (core/receiving/), which posts receipts
 * against order lines and then calls `refreshOrderProgress` in the same transaction.
 *
 * Received = Σ accepted_quantity of the receipt lines naming the order line, over receipts whose document is in
 * state `posted`. A reversed receipt moves to `reversed` (its reversal document has no lines of its own), so it
 * simply stops counting. Quantities in base units; price per the line's purchase pack.
 */
export interface OrderLineProgress {
  id: number;
  lineNo: number;
  itemId: number;
  itemCode: string;
  genericName: string;
  dosageForm: string;
  spec: string;
  manufacturer: string;
  category: string;
  baseUnit: string;
  packUnit: string;
  packFactor: number;
  priceMicro: number;
  vbp: boolean;
  ordered: number;
  received: number;
  /** ordered − received, never below zero (an over-delivery accepted on purpose leaves 0). */
  outstanding: number;
}

/** The receipt states whose lines count as received (a draft does not; a reversed receipt no longer does). */
const COUNTED_RECEIPT_STATE = 'posted';

const RECEIVED_SQL = `SELECT rl.order_line_id AS orderLineId, SUM(rl.accepted_quantity) AS received
  FROM receipt_lines rl JOIN documents d ON d.id = rl.document_id
  WHERE rl.order_line_id IN (SELECT id FROM purchase_order_lines WHERE document_id = @orderId) AND d.state = @state
  GROUP BY rl.order_line_id`;

/** Received base units per order line id of one order. */
export function receivedByLine(db: Db, orderId: number): Map<number, number> {
  const rows = prepared(db.$client, RECEIVED_SQL).all({ orderId, state: COUNTED_RECEIPT_STATE }) as {
    orderLineId: number;
    received: number;
  }[];
  return new Map(rows.map((r) => [r.orderLineId, r.received]));
}

/** The order's lines with ordered, received and outstanding quantities, in line order. */
export function orderLinesForReceiving(db: Db, orderId: number): OrderLineProgress[] {
  const rows = prepared(
    db.$client,
    `SELECT l.id, l.line_no AS lineNo, l.item_id AS itemId, i.code AS itemCode, i.generic_name AS genericName, i.dosage_form AS dosageForm,
       i.spec, i.manufacturer, i.category, i.base_unit AS baseUnit, l.pack_unit AS packUnit, l.pack_factor AS packFactor,
       l.price_micro AS priceMicro, l.vbp, l.quantity AS ordered
     FROM purchase_order_lines l JOIN formulary_items i ON i.id = l.item_id
     WHERE l.document_id = ? ORDER BY l.line_no`,
  ).all(orderId) as (Omit<OrderLineProgress, 'vbp' | 'received' | 'outstanding'> & { vbp: number })[];
  const received = receivedByLine(db, orderId);
  return rows.map((row) => {
    const got = received.get(row.id) ?? 0;
    return { ...row, vbp: row.vbp === 1, received: got, outstanding: Math.max(0, row.ordered - got) };
  });
}

const RECEIVABLE: readonly PurchaseOrderState[] = ['approved', 'sent', 'partly_received'];

/**
 * Refuses (VALIDATION on `path`) receiving against an order that is not 已审核 / 已发送 / 部分到货 — a draft, a
 * completed, cancelled or discarded order — or that does not exist.
 */
export function assertOrderReceivable(db: Db, orderId: number, path: string): void {
  const row = prepared(db.$client, `SELECT number, state FROM documents WHERE id = ? AND type = ?`).get(orderId, purchaseOrderType.type) as
    { number: string; state: PurchaseOrderState } | undefined;
  const refuse = (message: string) => new DomainError('VALIDATION', message, [{ path, message }]);
  if (!row) throw refuse('采购订单不存在');
  if (!RECEIVABLE.includes(row.state)) {
    const label = purchaseOrderType.states[row.state]?.label ?? row.state;
    throw refuse(`采购订单 ${row.number} 当前为「${label}」，不能收货（仅已审核、已发送或部分到货的订单可以收货）`);
  }
}

export type OrderProgress = 'none' | 'part' | 'all';

/** Nothing, part or all of the order received (all = every line received ≥ ordered). */
export function orderProgress(lines: readonly Pick<OrderLineProgress, 'ordered' | 'received'>[]): OrderProgress {
  if (lines.length > 0 && lines.every((l) => l.received >= l.ordered)) return 'all';
  return lines.some((l) => l.received > 0) ? 'part' : 'none';
}

/**
 * After a receipt against the order posts or is reversed (same transaction, the receiver's context): moves the
 * order to 部分到货 (`receive_part`) or 已完成 (`receive_all`) when its received state changed, with the order's
 * current version. Returns the transition taken, or null.
 *
 * - all lines received → `receive_all` (unless already 已完成);
 * - some received → `receive_part` (unless already 部分到货); a reversal that reopens a 已完成 order takes it back
 *   to 部分到货;
 * - nothing received (a reversal of the only receipt): an open order stays as it is — 部分到货 keeps its label,
 *   the lines show 0 received and everything outstanding — but a 已完成 order is reopened as 部分到货, so it can
 *   be received again.
 * A cancelled or discarded order is left alone (receiving refuses it anyway; a reversal after 撤销 changes
 * only its received quantities).
 */
export function refreshOrderProgress(ctx: OperationContext, orderId: number): 'receive_part' | 'receive_all' | null {
  const order = loadDocument(ctx.db, purchaseOrderType, orderId);
  const state = order.state as PurchaseOrderState;
  if (state === 'draft' || state === 'cancelled' || state === 'discarded') return null;
  const progress = orderProgress(orderLinesForReceiving(ctx.db, orderId));
  const transition =
    progress === 'all'
      ? state === 'completed'
        ? null
        : 'receive_all'
      : progress === 'part'
        ? state === 'partly_received'
          ? null
          : 'receive_part'
        : state === 'completed'
          ? 'receive_part'
          : null;
  if (transition) applyTransition(ctx, purchaseOrderType, { id: orderId, version: order.version, transition });
  return transition;
}

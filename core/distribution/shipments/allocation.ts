import { prepared } from '../../../db/statements.js';
import type { RequisitionState } from '../../api/distribution.js';
import type { OperationContext } from '../../context.js';
import { createDocument, loadDocument } from '../../documents/lifecycle.js';
import { conflict } from '../../errors.js';
import { transitLocationFor } from '../../stock/ledger.js';
import { requisitionType, shipmentType } from '../document-types.js';
import { refreshRequisitionProgress } from '../requisition-progress.js';
import { backOrders } from '../requisitions/progress.js';
import { batchesAt, fefoBatches, ineligibility, shelfLifeRule, type ShelfLifeRule } from './eligibility.js';
import { writeLines, type NewLine } from './lines.js';
import { centralStore } from './places.js';

/**
 * 配货 by FEFO (first expiry, first out): for every back-order line of an approved requisition (what `backOrders`
 * says is still owed), the central store's eligible batches of the item in order of expiry, then batch id, each
 * taken up to what is available (on hand − reserved). What is taken is reserved at once in the same transaction,
 * and write transactions are serialised, so two storekeepers allocating a scarce batch to two units cannot
 * over-allocate: the second sees the first's reservation. What cannot be filled is listed as unfilled, with why,
 * and stays a back-order.
 */
export interface Unfilled {
  requisitionLineId: number;
  itemId: number;
  itemName: string;
  quantity: number;
  reason: string;
}

const ALLOCATABLE: readonly RequisitionState[] = ['approved', 'allocated', 'shipped', 'received'];

/** Why an item's shortfall could not be filled, from its batches at the central store. */
function shortfallReason(ctx: OperationContext, itemId: number, locationId: number, rule: ShelfLifeRule, baseUnit: string, filled: number): string {
  const batches = batchesAt(ctx.db, itemId, locationId);
  if (batches.length === 0) return '中心药库无库存';
  // What could not be used, and why: ineligible batches by reason, and what other allocations hold.
  const parts: string[] = [];
  const byReason = new Map<string, number>();
  let reserved = 0;
  for (const b of batches) {
    const why = ineligibility(rule, b);
    if (why) byReason.set(why, (byReason.get(why) ?? 0) + b.quantity);
    else reserved += b.reserved;
  }
  for (const [why, q] of byReason) parts.push(`${q}${baseUnit}${why}`);
  if (reserved > 0) parts.push(`${reserved}${baseUnit}已被其他调拨单预留`);
  const head = `中心药库可配 ${filled}${baseUnit}`;
  return parts.length ? `${head}；另有 ${parts.join('，')}` : `${head}，库存不足`;
}

export function allocate(ctx: OperationContext, requisitionId: number): { shipmentId: number; unfilled: Unfilled[] } {
  const requisition = loadDocument(ctx.db, requisitionType, requisitionId);
  if (!ALLOCATABLE.includes(requisition.state as RequisitionState)) {
    throw conflict(`请领单 ${requisition.number} 当前为「${requisition.stateLabel}」，不能配货（仅已审核、部分配货或部分发出的请领单可以配货）`, [
      { path: 'requisitionId', message: `请领单当前为「${requisition.stateLabel}」` },
    ]);
  }
  const header = prepared(ctx.db.$client, 'SELECT unit_id AS unitId, store_id AS storeId FROM requisitions WHERE document_id = ?').get(requisitionId) as {
    unitId: number;
    storeId: number;
  };
  const owed = backOrders(ctx.db, requisitionId);
  if (owed.length === 0) throw conflict(`请领单 ${requisition.number} 没有待配的欠货`, [{ path: 'requisitionId', message: '没有待配的欠货' }]);
  const central = centralStore(ctx.db);
  const rule = shelfLifeRule(ctx.db, header.unitId, ctx.now);
  const itemInfo = prepared(ctx.db.$client, 'SELECT generic_name AS name, spec, base_unit AS baseUnit FROM formulary_items WHERE id = ?');
  const lines: NewLine[] = [];
  const unfilled: Unfilled[] = [];
  for (const line of owed) {
    let left = line.quantity;
    for (const batch of fefoBatches(ctx.db, line.itemId, central.locationId, rule)) {
      const take = Math.min(left, batch.available);
      lines.push({
        requisitionLineId: line.requisitionLineId,
        itemId: line.itemId,
        batchId: batch.batchId,
        quantity: take,
        nearMinimum: batch.expiry < rule.nearExpiry,
        path: 'requisitionId',
      });
      left -= take;
      if (left === 0) break;
    }
    if (left > 0) {
      const item = itemInfo.get(line.itemId) as { name: string; spec: string; baseUnit: string };
      unfilled.push({
        requisitionLineId: line.requisitionLineId,
        itemId: line.itemId,
        itemName: `${item.name} ${item.spec}`,
        quantity: left,
        reason: shortfallReason(ctx, line.itemId, central.locationId, rule, item.baseUnit, line.quantity - left),
      });
    }
  }
  if (lines.length === 0) {
    const message = `请领单 ${requisition.number} 的欠货都无法配货：${unfilled.map((u) => `${u.itemName}（${u.reason}）`).join('；')}`;
    throw conflict(message, [{ path: 'requisitionId', message }]);
  }
  const document = createDocument(ctx, shipmentType);
  prepared(
    ctx.db.$client,
    `INSERT INTO shipments (document_id, kind, requisition_id, from_store_id, to_store_id, member_unit_id, transit_location_id, return_reason, recall_id, reship_of_id, note)
     VALUES (@id, 'transfer', @requisitionId, @from, @to, @unitId, @transit, '', NULL, NULL, '')`,
  ).run({ id: document.id, requisitionId, from: central.storeId, to: header.storeId, unitId: header.unitId, transit: transitLocationFor(ctx, header.unitId) });
  writeLines(ctx, document.id, central.locationId, lines);
  ctx.audit({
    target: `${shipmentType.type}:${document.number}`,
    summary: {
      requisition: requisition.number,
      lines: lines.map((l) => ({ requisitionLineId: l.requisitionLineId, batchId: l.batchId, quantity: l.quantity, nearMinimum: l.nearMinimum })),
      unfilled: unfilled.map((u) => ({ requisitionLineId: u.requisitionLineId, quantity: u.quantity })),
    },
  });
  refreshRequisitionProgress(ctx, requisitionId);
  return { shipmentId: document.id, unfilled };
}

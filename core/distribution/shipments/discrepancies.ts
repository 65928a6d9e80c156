import { prepared } from '../../../db/statements.js';
import { DISCREPANCY_RESOLUTION_LABELS, type DiscrepancyKind, type DiscrepancyResolution, type DiscrepancyStatus } from '../../api/distribution.js';
import type { Actor, OperationContext } from '../../context.js';
import { conflict, DomainError, forbidden, invalid, notFound } from '../../errors.js';
import { postMoves, type MoveInput } from '../../stock/ledger.js';
import { shipmentHeader } from './header.js';

/**
 * 签收差异 resolved by the pharmacy officer (distribution.resolve). A short or damaged quantity sits in the
 * receiving side's in-transit location until then:
 * - `found` (已找到): in transit → receiving store (101);
 * - `returned` (退回发货方): in transit → sending store (101);
 * - `reshipped` (重新发货): in transit → sending store (101), and the quantity is owed again — `backOrders` adds
 *   resolved 重新发货 quantities, so the next allocation of the requisition ships it on a new 调拨单;
 * - `write_off` (报损): 报损待审批 until a second person (stock.approve, not the one who asked) approves it, which
 *   posts 105 out of transit; a rejection sends it back to open.
 * An excess (多发) was never booked: `excess_accepted` moves it from the sending store to the receiving store as
 * a 102 / 101 pair through the in-transit location — each side's ledger then shows its own 调拨出 / 调拨入 (the
 * sender's stock must have it); `excess_returned` moves nothing (the surplus goes back as it came).
 * Every move carries the shipment's document id and the line id: the ledger card of a shipment tells it all.
 */
interface Row {
  id: number;
  documentId: number;
  lineId: number;
  kind: DiscrepancyKind;
  quantity: number;
  status: DiscrepancyStatus;
  resolution: DiscrepancyResolution | null;
  requestedBy: string | null;
  requestedByUserId: number | null;
  itemId: number;
  batchId: number;
  number: string;
}

function load(ctx: OperationContext, id: number): Row {
  const row = prepared(
    ctx.db.$client,
    `SELECT x.id, x.document_id AS documentId, x.shipment_line_id AS lineId, x.kind, x.quantity, x.status, x.resolution, x.requested_by AS requestedBy,
       x.requested_by_user_id AS requestedByUserId, l.item_id AS itemId, l.batch_id AS batchId, d.number
     FROM shipment_discrepancies x JOIN shipment_lines l ON l.id = x.shipment_line_id JOIN documents d ON d.id = x.document_id WHERE x.id = ?`,
  ).get(id) as Row | undefined;
  if (!row) throw notFound('签收差异');
  return row;
}

const MISSING: readonly DiscrepancyResolution[] = ['found', 'returned', 'reshipped', 'write_off'];
const EXCESS: readonly DiscrepancyResolution[] = ['excess_accepted', 'excess_returned'];

export function resolveDiscrepancy(ctx: OperationContext, input: { id: number; resolution: DiscrepancyResolution; note: string }): void {
  const row = load(ctx, input.id);
  if (row.status !== 'open') throw conflict(`该差异当前为「${row.status === 'resolved' ? '已处理' : '报损待审批'}」，不能再处理`);
  const allowed = row.kind === 'excess' ? EXCESS : MISSING;
  if (!allowed.includes(input.resolution)) {
    throw invalid('resolution', `${row.kind === 'excess' ? '多发' : '短少或破损'}差异只能${allowed.map((r) => DISCREPANCY_RESOLUTION_LABELS[r]).join('、')}`);
  }
  const header = shipmentHeader(ctx.db, row.documentId);
  if (input.resolution === 'reshipped' && header.kind !== 'transfer') throw invalid('resolution', '退库单的差异不能重新发货，请选择退回发货方或报损');
  const actor = ctx.actor!;
  const at = ctx.now.toISOString();
  const move = (from: number | null, to: number | null, changeType: MoveInput['changeType']): MoveInput => ({
    itemId: row.itemId,
    batchId: row.batchId,
    fromLocationId: from,
    toLocationId: to,
    quantity: row.quantity,
    changeType,
    documentId: row.documentId,
    documentLineId: row.lineId,
    path: 'resolution',
  });
  if (input.resolution === 'write_off') {
    prepared(
      ctx.db.$client,
      `UPDATE shipment_discrepancies SET status = 'pending_write_off', resolution = 'write_off', resolution_note = @note, requested_by = @by,
         requested_by_user_id = @userId, requested_at = @at WHERE id = @id`,
    ).run({ id: row.id, note: input.note, by: actor.username, userId: actor.kind === 'user' ? actor.userId : null, at });
  } else {
    if (input.resolution === 'found') postMoves(ctx, [move(header.transitLocationId, header.toLocationId, '101')]);
    if (input.resolution === 'returned' || input.resolution === 'reshipped') postMoves(ctx, [move(header.transitLocationId, header.fromLocationId, '101')]);
    if (input.resolution === 'excess_accepted') {
      try {
        postMoves(ctx, [move(header.fromLocationId, header.transitLocationId, '102'), move(header.transitLocationId, header.toLocationId, '101')]);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'VALIDATION') throw new DomainError('CONFLICT', `发货方库存不足，不能确认多发：${error.message}`, error.fields);
        throw error;
      }
    }
    prepared(
      ctx.db.$client,
      `UPDATE shipment_discrepancies SET status = 'resolved', resolution = @resolution, resolution_note = @note, resolved_by = @by, resolved_at = @at WHERE id = @id`,
    ).run({ id: row.id, resolution: input.resolution, note: input.note, by: actor.username, at });
  }
  ctx.audit({ target: `discrepancy:${row.id}`, summary: { shipment: row.number, kind: row.kind, quantity: row.quantity, resolution: input.resolution, note: input.note } });
}

/** The second person: not the one who asked for the write-off (by user, or by name for the hub's system actors). */
export function isSameActor(actor: Actor, other: { name: string | null; userId: number | null }): boolean {
  return actor.kind === 'user' ? other.userId === actor.userId : other.userId === null && other.name === actor.username;
}

function pendingWriteOff(ctx: OperationContext, id: number): Row {
  const row = load(ctx, id);
  if (row.status !== 'pending_write_off') throw conflict(`该差异当前为「${row.status === 'resolved' ? '已处理' : '待处理'}」，没有待审批的报损`);
  return row;
}

export function approveWriteOff(ctx: OperationContext, input: { id: number; note: string }): void {
  const row = pendingWriteOff(ctx, input.id);
  const actor = ctx.actor!;
  if (isSameActor(actor, { name: row.requestedBy, userId: row.requestedByUserId })) {
    throw forbidden(`差异报损须由申请人（${row.requestedBy}）以外的第二人审批`);
  }
  const header = shipmentHeader(ctx.db, row.documentId);
  postMoves(ctx, [
    {
      itemId: row.itemId,
      batchId: row.batchId,
      fromLocationId: header.transitLocationId,
      toLocationId: null,
      quantity: row.quantity,
      changeType: '105',
      documentId: row.documentId,
      documentLineId: row.lineId,
      path: 'id',
    },
  ]);
  const at = ctx.now.toISOString();
  prepared(
    ctx.db.$client,
    `UPDATE shipment_discrepancies SET status = 'resolved', resolved_by = @by, resolved_at = @at,
       resolution_note = CASE WHEN @note = '' THEN resolution_note ELSE resolution_note || '；审批：' || @note END WHERE id = @id`,
  ).run({ id: row.id, by: actor.username, at, note: input.note });
  ctx.audit({ target: `discrepancy:${row.id}`, summary: { shipment: row.number, approved: 'write_off', quantity: row.quantity, note: input.note } });
}

export function rejectWriteOff(ctx: OperationContext, input: { id: number; reason: string }): void {
  const row = pendingWriteOff(ctx, input.id);
  prepared(
    ctx.db.$client,
    `UPDATE shipment_discrepancies SET status = 'open', resolution = NULL, requested_by = NULL, requested_by_user_id = NULL, requested_at = NULL,
       resolution_note = @note WHERE id = @id`,
  ).run({ id: row.id, note: `报损被驳回：${input.reason}` });
  ctx.audit({ target: `discrepancy:${row.id}`, summary: { shipment: row.number, rejected: 'write_off', reason: input.reason } });
}

import { prepared } from '../../../db/statements.js';
import type { OperationContext } from '../../context.js';
import { applyTransition, checkVersion, loadDocument, type DocumentHeader } from '../../documents/lifecycle.js';
import { conflict, DomainError, invalid } from '../../errors.js';
import { changeReservation } from '../../stock/ledger.js';
import { shipmentType } from '../document-types.js';
import { refreshRequisitionProgress } from '../requisition-progress.js';
import { batchesAt, ineligibility, shelfLifeRule } from './eligibility.js';
import { shipmentHeader, type ShipmentHeader } from './header.js';
import { batchAmount, releaseLines } from './lines.js';

/** 拣货: the swap picker, 换批 and 取消配货 of an allocated transfer. */

/** An allocated transfer at the version the caller read. */
function allocatedTransfer(ctx: OperationContext, id: number, version: number | undefined, action: string): { header: ShipmentHeader; document: DocumentHeader } {
  const header = shipmentHeader(ctx.db, id);
  if (header.kind !== 'transfer') throw conflict('这是退库单，不是调拨单', [{ path: 'id', message: '这是退库单，不是调拨单' }]);
  const document = loadDocument(ctx.db, shipmentType, id);
  if (document.state !== 'allocated') throw conflict(`调拨单 ${document.number} 当前为「${document.stateLabel}」，不能${action}（仅已配货的调拨单可以${action}）`);
  if (version !== undefined) checkVersion(ctx.db, shipmentType, document, version);
  return { header, document };
}

interface LineRow {
  id: number;
  itemId: number;
  batchId: number;
  quantity: number;
}

function lineOf(ctx: OperationContext, shipmentId: number, lineId: number): LineRow {
  const line = prepared(ctx.db.$client, 'SELECT id, item_id AS itemId, batch_id AS batchId, quantity FROM shipment_lines WHERE id = ? AND document_id = ?').get(lineId, shipmentId) as
    | LineRow
    | undefined;
  if (!line) throw invalid('lineId', '该行不属于这张调拨单');
  return line;
}

export function eligibleBatches(ctx: OperationContext, id: number, lineId: number) {
  const { header } = allocatedTransfer(ctx, id, undefined, '换批');
  const line = lineOf(ctx, id, lineId);
  const rule = shelfLifeRule(ctx.db, header.memberUnitId, ctx.now);
  return batchesAt(ctx.db, line.itemId, header.fromLocationId).map((b) => {
    const why = ineligibility(rule, b);
    const current = b.batchId === line.batchId;
    // The line's own reservation is available to itself.
    const available = b.available + (current ? line.quantity : 0);
    return {
      batchId: b.batchId,
      batchNo: b.batchNo,
      expiry: b.expiry,
      status: b.status,
      quantity: b.quantity,
      reserved: b.reserved,
      available,
      nearMinimum: why === '' && b.expiry < rule.nearExpiry,
      eligible: why === '' && available >= line.quantity,
      reason: why || (available < line.quantity ? `可用 ${available}，不足 ${line.quantity}` : ''),
      current,
    };
  });
}

/** 换批: the line takes another eligible batch with enough available; the reservation moves with it. */
export function swapBatch(ctx: OperationContext, input: { id: number; version: number; lineId: number; batchId: number; reason: string }): void {
  const { header, document } = allocatedTransfer(ctx, input.id, input.version, '换批');
  const line = lineOf(ctx, input.id, input.lineId);
  if (line.batchId === input.batchId) throw invalid('batchId', '所选批次就是该行当前的批次');
  const batch = prepared(ctx.db.$client, 'SELECT item_id AS itemId, batch_no AS batchNo, expiry, status FROM stock_batches WHERE id = ?').get(input.batchId) as
    | { itemId: number; batchNo: string; expiry: string; status: 'normal' | 'on_hold' | 'recalled' }
    | undefined;
  if (!batch || batch.itemId !== line.itemId) throw invalid('batchId', '所选批次不是该行的品种');
  const rule = shelfLifeRule(ctx.db, header.memberUnitId, ctx.now);
  const why = ineligibility(rule, batch);
  if (why) throw invalid('batchId', `批号 ${batch.batchNo} 不能配送到该单位：${why}`);
  changeReservation(ctx, { batchId: line.batchId, locationId: header.fromLocationId, delta: -line.quantity });
  changeReservation(ctx, { batchId: input.batchId, locationId: header.fromLocationId, delta: line.quantity, path: 'batchId' });
  prepared(
    ctx.db.$client,
    'UPDATE shipment_lines SET batch_id = @batchId, amount_micro = @amount, near_minimum = @near, swap_reason = @reason WHERE id = @id',
  ).run({ id: line.id, batchId: input.batchId, amount: batchAmount(ctx, input.batchId, line.quantity), near: batch.expiry < rule.nearExpiry ? 1 : 0, reason: input.reason });
  // The version goes up with an event that says which batch replaced which, and why.
  const actor = ctx.actor!;
  const at = ctx.now.toISOString();
  const changed = prepared(ctx.db.$client, 'UPDATE documents SET version = version + 1, updated_at = @at, updated_by = @by WHERE id = @id AND version = @version AND posted = 0').run({
    at,
    by: actor.username,
    id: input.id,
    version: input.version,
  });
  if (changed.changes !== 1) throw new DomainError('CONFLICT', '调拨单已被修改，请刷新后重试', [{ path: 'version', message: '调拨单已被修改，请刷新后重试' }]);
  const from = prepared(ctx.db.$client, 'SELECT batch_no AS batchNo FROM stock_batches WHERE id = ?').get(line.batchId) as { batchNo: string };
  prepared(
    ctx.db.$client,
    `INSERT INTO document_events (document_id, version, transition, from_state, to_state, actor_name, actor_user_id, at, reason)
     VALUES (@id, @version, 'swap', 'allocated', 'allocated', @by, @userId, @at, @reason)`,
  ).run({
    id: input.id,
    version: input.version + 1,
    by: actor.username,
    userId: actor.kind === 'user' ? actor.userId : null,
    at,
    reason: `第 ${lineNo(ctx, line.id)} 行 批号 ${from.batchNo} → ${batch.batchNo}：${input.reason}`,
  });
  ctx.audit({
    target: `${shipmentType.type}:${document.number}`,
    summary: { transition: 'swap', version: input.version + 1, lineId: line.id, fromBatchId: line.batchId, toBatchId: input.batchId, reason: input.reason },
  });
}

const lineNo = (ctx: OperationContext, id: number) => (prepared(ctx.db.$client, 'SELECT line_no AS n FROM shipment_lines WHERE id = ?').get(id) as { n: number }).n;

/** 取消配货: every reservation released, the transfer 已取消, the requisition's state follows. */
export function cancelTransfer(ctx: OperationContext, input: { id: number; version: number; reason: string }): void {
  const { header } = allocatedTransfer(ctx, input.id, input.version, '取消');
  releaseLines(ctx, input.id, header.fromLocationId);
  applyTransition(ctx, shipmentType, { id: input.id, version: input.version, transition: 'cancel', reason: input.reason });
  if (header.requisitionId !== null) refreshRequisitionProgress(ctx, header.requisitionId);
}

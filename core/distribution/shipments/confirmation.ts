import { prepared } from '../../../db/statements.js';
import type { DiscrepancyKind } from '../../api/distribution.js';
import type { OperationContext } from '../../context.js';
import { applyTransition, checkVersion, loadDocument } from '../../documents/lifecycle.js';
import { conflict, DomainError, forbidden, type FieldProblem } from '../../errors.js';
import { postMoves, type MoveInput } from '../../stock/ledger.js';
import { refreshRequisitionProgress } from '../requisition-progress.js';
import { shipmentHeader, typeOfKind } from './header.js';
import { storedLines } from './lines.js';

/**
 * 签收, one code path for both kinds: a transfer is confirmed by the receiving member unit, a return by the central
 * store's storekeeper (a member never confirms its own return; the centre's storekeeper never confirms a transfer
 * for a member). Line by line: as shipped, short, damaged or excess, each difference with a reason.
 *
 * `receivedQuantity` is what physically arrived (damaged boxes included); `damagedQuantity` of those arrived
 * unusable. What arrived in good order — min(received, shipped) − damaged — moves in transit → receiving store
 * (101). The rest of what was shipped stays in transit as open discrepancies: `short` (shipped − received) and
 * `damaged`. Anything beyond what was shipped is an `excess` discrepancy and is booked only when resolved.
 */
export interface ConfirmLine {
  id: number;
  receivedQuantity: number;
  damagedQuantity: number;
  reason: string;
}

export function confirmShipment(ctx: OperationContext, input: { id: number; version?: number; lines?: ConfirmLine[] }): void {
  const header = shipmentHeader(ctx.db, input.id);
  const docType = typeOfKind(header.kind);
  const document = loadDocument(ctx.db, docType, input.id);
  if (document.state !== 'shipped') throw conflict(`${docType.label} ${document.number} 当前为「${document.stateLabel}」，不能签收（仅已发出的单据可以签收）`);
  const confined = ctx.scope.units !== null;
  if (header.kind === 'return' && confined) throw forbidden(`退库单 ${document.number} 由中心药库库管员签收`);
  if (header.kind === 'transfer' && ctx.actor?.kind === 'user' && !confined && ctx.actor.unitId !== header.memberUnitId) {
    throw forbidden(`调拨单 ${document.number} 由收货单位签收`);
  }
  if (input.version !== undefined) checkVersion(ctx.db, docType, document, input.version);
  const lines = storedLines(ctx, input.id);
  const given = new Map<number, { line: ConfirmLine; index: number }>();
  const problems: FieldProblem[] = [];
  (input.lines ?? []).forEach((line, index) => {
    if (!lines.some((l) => l.id === line.id)) problems.push({ path: `lines.${index}.id`, message: '该行不属于这张单据' });
    else if (given.has(line.id)) problems.push({ path: `lines.${index}.id`, message: '同一行只能签收一次' });
    else given.set(line.id, { line, index });
  });
  const actor = ctx.actor!;
  const at = ctx.now.toISOString();
  const receipts: { lineId: number; received: number; damaged: number; reason: string }[] = [];
  const discrepancies: { lineId: number; kind: DiscrepancyKind; quantity: number; reason: string }[] = [];
  const moves: MoveInput[] = [];
  for (const line of lines) {
    const entry = given.get(line.id);
    const received = entry?.line.receivedQuantity ?? line.quantity;
    const damaged = entry?.line.damagedQuantity ?? 0;
    const reason = entry?.line.reason.trim() ?? '';
    const path = (field: string) => `lines.${entry?.index ?? 0}.${field}`;
    const arrivedOfShipped = Math.min(received, line.quantity);
    if (damaged > arrivedOfShipped) {
      problems.push({ path: path('damagedQuantity'), message: `第 ${line.lineNo} 行破损数量不能超过实收数量（发货 ${line.quantity}）` });
      continue;
    }
    if ((received !== line.quantity || damaged > 0) && reason === '') {
      problems.push({ path: path('reason'), message: `第 ${line.lineNo} 行实收与发货不符（发货 ${line.quantity}，实收 ${received}${damaged ? `，破损 ${damaged}` : ''}），请填写差异原因` });
      continue;
    }
    receipts.push({ lineId: line.id, received, damaged, reason });
    const good = arrivedOfShipped - damaged;
    if (good > 0) {
      moves.push({
        itemId: line.itemId,
        batchId: line.batchId,
        fromLocationId: header.transitLocationId,
        toLocationId: header.toLocationId,
        quantity: good,
        changeType: '101',
        documentId: input.id,
        documentLineId: line.id,
        path: path('receivedQuantity'),
      });
    }
    if (received < line.quantity) discrepancies.push({ lineId: line.id, kind: 'short', quantity: line.quantity - received, reason });
    if (damaged > 0) discrepancies.push({ lineId: line.id, kind: 'damaged', quantity: damaged, reason });
    if (received > line.quantity) discrepancies.push({ lineId: line.id, kind: 'excess', quantity: received - line.quantity, reason });
  }
  if (problems.length > 0) throw new DomainError('VALIDATION', problems[0]!.message, problems);
  const insertReceipt = prepared(
    ctx.db.$client,
    `INSERT INTO shipment_receipts (shipment_line_id, document_id, received_quantity, damaged_quantity, reason, at, actor_name)
     VALUES (@lineId, @documentId, @received, @damaged, @reason, @at, @by)`,
  );
  for (const r of receipts) insertReceipt.run({ ...r, documentId: input.id, at, by: actor.username });
  const insertDiscrepancy = prepared(
    ctx.db.$client,
    `INSERT INTO shipment_discrepancies (document_id, shipment_line_id, kind, quantity, reason, opened_at, opened_by, status)
     VALUES (@documentId, @lineId, @kind, @quantity, @reason, @at, @by, 'open')`,
  );
  for (const d of discrepancies) insertDiscrepancy.run({ ...d, documentId: input.id, at, by: actor.username });
  applyTransition(ctx, docType, { id: input.id, version: document.version, transition: 'receive' });
  if (moves.length > 0) postMoves(ctx, moves);
  ctx.audit({
    target: `${docType.type}:${document.number}`,
    summary: { confirmed: receipts.map((r) => ({ lineId: r.lineId, received: r.received, damaged: r.damaged })), discrepancies: discrepancies.map((d) => ({ lineId: d.lineId, kind: d.kind, quantity: d.quantity })) },
  });
  if (header.kind === 'transfer' && header.requisitionId !== null) refreshRequisitionProgress(ctx, header.requisitionId);
}

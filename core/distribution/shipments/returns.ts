import { prepared } from '../../../db/statements.js';
import type { MemberReturnReason } from '../../api/distribution.js';
import type { OperationContext } from '../../context.js';
import { applyTransition, checkVersion, createDocument, loadDocument, reviseDocument } from '../../documents/lifecycle.js';
import { conflict, DomainError, type FieldProblem } from '../../errors.js';
import { storeLocationId, transitLocationFor } from '../../stock/ledger.js';
import { memberReturnType } from '../document-types.js';
import { shipmentHeader } from './header.js';
import { dropLines, releaseLines, writeLines, type NewLine } from './lines.js';
import { centralStore, storeInfo } from './places.js';

/**
 * 退库单 (TK): stock a member store sends back to the central store. Its lines are batches on hand in the member
 * store, reserved there from the moment the document is written (so nobody issues what is about to leave) and
 * released when it ships, is rejected or voided. Any batch status may go back — a 冻结 or 召回 batch is exactly what
 * a recall returns. It travels through the centre's in-transit location (`transitLocationFor(lead unit)`), and the
 * central store's storekeeper confirms it with `shipment.confirm`, the one confirmation path of both kinds.
 */
export interface ReturnLineInput {
  batchId: number;
  quantity: number;
}

export interface ReturnDraft {
  storeId: number;
  reason: MemberReturnReason;
  recallId?: number | null;
  lines: readonly ReturnLineInput[];
  note?: string;
}

interface BatchOnHand {
  itemId: number;
  batchNo: string;
  itemName: string;
  baseUnit: string;
  quantity: number | null;
  reserved: number | null;
}

/** Every line's batch must be on hand in the store with enough available (summed over lines of one batch). */
export function resolveReturnLines(ctx: OperationContext, storeId: number, lines: readonly ReturnLineInput[], releasedByDocument: number | null = null): NewLine[] {
  const location = storeLocationId(ctx.db, storeId);
  const problems: FieldProblem[] = [];
  const taken = new Map<number, number>();
  const resolved: NewLine[] = [];
  const read = prepared(
    ctx.db.$client,
    `SELECT b.item_id AS itemId, b.batch_no AS batchNo, i.generic_name AS itemName, i.base_unit AS baseUnit, sb.quantity, sb.reserved
     FROM stock_batches b JOIN formulary_items i ON i.id = b.item_id
     LEFT JOIN stock_balances sb ON sb.batch_id = b.id AND sb.location_id = @location WHERE b.id = @batchId`,
  );
  // A draft being rewritten gives back its own reservations first.
  const ownReserved = (batchId: number) =>
    releasedByDocument === null
      ? 0
      : (prepared(ctx.db.$client, 'SELECT COALESCE(SUM(quantity), 0) AS n FROM shipment_lines WHERE document_id = ? AND batch_id = ?').get(releasedByDocument, batchId) as { n: number }).n;
  lines.forEach((line, i) => {
    const batch = read.get({ location, batchId: line.batchId }) as BatchOnHand | undefined;
    if (!batch) {
      problems.push({ path: `lines.${i}.batchId`, message: '所选批次不存在' });
      return;
    }
    if (batch.quantity === null || batch.quantity === 0) {
      problems.push({ path: `lines.${i}.batchId`, message: `${batch.itemName} 批号 ${batch.batchNo} 不在本库房库存中` });
      return;
    }
    const available = batch.quantity - (batch.reserved ?? 0) + ownReserved(line.batchId) - (taken.get(line.batchId) ?? 0);
    if (line.quantity > available) {
      problems.push({ path: `lines.${i}.quantity`, message: `${batch.itemName} 批号 ${batch.batchNo} 可用 ${Math.max(available, 0)}${batch.baseUnit}，退库 ${line.quantity}${batch.baseUnit} 超出可用数量` });
      return;
    }
    taken.set(line.batchId, (taken.get(line.batchId) ?? 0) + line.quantity);
    resolved.push({ requisitionLineId: null, itemId: batch.itemId, batchId: line.batchId, quantity: line.quantity, nearMinimum: false, path: `lines.${i}.quantity` });
  });
  if (problems.length > 0) throw new DomainError('VALIDATION', problems[0]!.message, problems);
  return resolved;
}

/** Writes a new 退库单 (草稿) of a member store with its lines reserved; returns the document. */
export function writeReturn(ctx: OperationContext, draft: ReturnDraft): { id: number; number: string } {
  const store = storeInfo(ctx.db, draft.storeId);
  if (store.isCentral) throw new DomainError('VALIDATION', '中心药库不能退库给自己', [{ path: 'storeId', message: '中心药库不能退库给自己' }]);
  if (!store.active) throw new DomainError('VALIDATION', `库房「${store.name}」已停用`, [{ path: 'storeId', message: `库房「${store.name}」已停用` }]);
  if (draft.lines.length === 0) throw new DomainError('VALIDATION', '至少需要一行', [{ path: 'lines', message: '至少需要一行' }]);
  const lines = resolveReturnLines(ctx, draft.storeId, draft.lines);
  const central = centralStore(ctx.db);
  const document = createDocument(ctx, memberReturnType);
  prepared(
    ctx.db.$client,
    `INSERT INTO shipments (document_id, kind, requisition_id, from_store_id, to_store_id, member_unit_id, transit_location_id, return_reason, recall_id, reship_of_id, note)
     VALUES (@id, 'return', NULL, @from, @to, @unitId, @transit, @reason, @recallId, NULL, @note)`,
  ).run({
    id: document.id,
    from: draft.storeId,
    to: central.storeId,
    unitId: store.unitId,
    transit: transitLocationFor(ctx, central.unitId),
    reason: draft.reason,
    recallId: draft.recallId ?? null,
    note: draft.note ?? '',
  });
  writeLines(ctx, document.id, storeLocationId(ctx.db, draft.storeId), lines);
  ctx.audit({
    target: `${memberReturnType.type}:${document.number}`,
    summary: { storeId: draft.storeId, reason: draft.reason, recallId: draft.recallId ?? null, lines: lines.map((l) => ({ batchId: l.batchId, quantity: l.quantity })) },
  });
  return { id: document.id, number: document.number };
}

/**
 * The centre orders a return itself — a recall (召回) or a redistribution (调剂) — in the caller's transaction: the
 * 退库单 with its rows and reservations at the member store, then the `direct` transition (草稿 → 已批准, permission
 * stock.recall): the member pharmacist only ships it. Called by the recalls module.
 */
export function createCentreReturn(
  ctx: OperationContext,
  input: { storeId: number; reason: 'recall' | 'redistribution'; recallId?: number | null; lines: { batchId: number; quantity: number }[]; note?: string },
): { id: number; number: string } {
  const created = writeReturn(ctx, { storeId: input.storeId, reason: input.reason, recallId: input.recallId ?? null, lines: input.lines, note: input.note ?? '' });
  applyTransition(ctx, memberReturnType, { id: created.id, version: 1, transition: 'direct', reason: input.reason === 'recall' ? '召回' : '调剂' });
  return created;
}

/** A return in one of `states`, at the version the caller read. */
function returnIn(ctx: OperationContext, id: number, version: number, states: readonly string[], action: string) {
  const header = shipmentHeader(ctx.db, id);
  if (header.kind !== 'return') throw conflict('这是调拨单，不是退库单', [{ path: 'id', message: '这是调拨单，不是退库单' }]);
  const document = loadDocument(ctx.db, memberReturnType, id);
  if (!states.includes(document.state)) throw conflict(`退库单 ${document.number} 当前为「${document.stateLabel}」，不能${action}`);
  checkVersion(ctx.db, memberReturnType, document, version);
  return { header, document };
}

/** A draft rewritten whole: its reservations given back, the lines checked and reserved again, the version up one. */
export function updateReturn(ctx: OperationContext, input: { id: number; version: number; reason: MemberReturnReason; lines: ReturnLineInput[]; note: string }): void {
  const { header, document } = returnIn(ctx, input.id, input.version, ['draft'], '修改（仅草稿可以修改）');
  const lines = resolveReturnLines(ctx, header.fromStoreId, input.lines, input.id);
  dropLines(ctx, input.id, header.fromLocationId);
  writeLines(ctx, input.id, header.fromLocationId, lines);
  prepared(ctx.db.$client, 'UPDATE shipments SET return_reason = @reason, note = @note WHERE document_id = @id').run({ id: input.id, reason: input.reason, note: input.note });
  reviseDocument(ctx, memberReturnType, document, input.version, {
    reason: input.reason,
    lines: lines.map((l) => ({ batchId: l.batchId, quantity: l.quantity })),
  });
}

export function transitionReturn(ctx: OperationContext, input: { id: number; version: number; reason?: string }, transition: 'submit' | 'approve'): void {
  returnIn(ctx, input.id, input.version, memberReturnType.transitions[transition].from, memberReturnType.transitions[transition].label);
  applyTransition(ctx, memberReturnType, { id: input.id, version: input.version, transition, reason: input.reason || null });
}

/** 驳回 / 作废: the reservations at the member store are released; nothing moved. */
export function closeReturn(ctx: OperationContext, input: { id: number; version: number; reason: string }, transition: 'reject' | 'cancel'): void {
  const { header } = returnIn(ctx, input.id, input.version, memberReturnType.transitions[transition].from, memberReturnType.transitions[transition].label);
  releaseLines(ctx, input.id, header.fromLocationId);
  applyTransition(ctx, memberReturnType, { id: input.id, version: input.version, transition, reason: input.reason });
}

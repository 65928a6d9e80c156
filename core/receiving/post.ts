import { prepared } from '../../db/statements.js';
import type { Receipt, ReceiptConclusion } from '../api/receiving.js';
import type { OperationContext } from '../context.js';
import { applyTransition, checkVersion, loadDocument, reverseDocument } from '../documents/lifecycle.js';
import { conflict, DomainError } from '../errors.js';
import { refreshOrderProgress } from '../purchasing/progress.js';
import { batchFor, postMoves, reverseMovesOf, storeLocationId, type MoveInput } from '../stock/ledger.js';
import { readReceipt } from './read.js';
import { receiptType } from './receipt-type.js';
import { checkReceipt, reasonKey, type DraftLine, type DraftReceipt } from './rules.js';

export const conclusionOf = (accepted: number, rejected: number): ReceiptConclusion =>
  rejected === 0 ? 'accepted' : accepted === 0 ? 'rejected' : 'partial';

interface StoredLine {
  id: number;
  itemId: number;
  orderLineId: number | null;
  batchNo: string;
  expiry: string;
  productionDate: string | null;
  accepted: number;
  rejected: number;
  arrived: number;
  rejectReason: string;
  priceMicro: number;
  packUnit: string;
  traceCodes: string;
  deliveryNoteNo: string;
  distributorInvoiceNo: string;
  manufacturerInvoiceNo: string;
  arrivalTempTenths: number | null;
  shortExpiryReason: string;
  secondInspectorUserId: number | null;
}

/** A saved draft as the rules read it, with its line ids in line order. */
export function storedDraft(ctx: OperationContext, id: number): { draft: DraftReceipt; lineIds: number[] } {
  const header = prepared(
    ctx.db.$client,
    `SELECT supplier_id AS supplierId, store_id AS storeId, order_id AS orderId, unplanned_reason AS unplannedReason, arrived_on AS arrivedOn, note
     FROM receipts WHERE document_id = ?`,
  ).get(id) as Omit<DraftReceipt, 'lines'>;
  const rows = prepared(
    ctx.db.$client,
    `SELECT id, item_id AS itemId, order_line_id AS orderLineId, batch_no AS batchNo, expiry, production_date AS productionDate,
       accepted_quantity AS accepted, rejected_quantity AS rejected, arrived_quantity AS arrived, reject_reason AS rejectReason,
       price_micro AS priceMicro, pack_unit AS packUnit, trace_codes AS traceCodes, delivery_note_no AS deliveryNoteNo,
       distributor_invoice_no AS distributorInvoiceNo, manufacturer_invoice_no AS manufacturerInvoiceNo, arrival_temp_tenths AS arrivalTempTenths,
       short_expiry_reason AS shortExpiryReason, second_inspector_user_id AS secondInspectorUserId
     FROM receipt_lines WHERE document_id = ? ORDER BY line_no`,
  ).all(id) as StoredLine[];
  const lines: DraftLine[] = rows.map(({ id: _id, traceCodes, ...rest }) => ({ ...rest, traceCodes: JSON.parse(traceCodes) as string[] }));
  return { draft: { ...header, lines }, lineIds: rows.map((r) => r.id) };
}

/** The short-expiry reasons the officer recorded on a stored draft. */
export function recordedReasons(draft: DraftReceipt): Map<string, string> {
  return new Map(draft.lines.filter((l) => l.shortExpiryReason !== '').map((l) => [reasonKey(l.itemId, l.batchNo), l.shortExpiryReason]));
}

export function requireDraft(ctx: OperationContext, id: number, action: string, version?: number) {
  const document = loadDocument(ctx.db, receiptType, id);
  if (document.state !== 'draft') throw conflict(`入库验收单 ${document.number} 当前为「${document.stateLabel}」，不能${action}（仅草稿可以${action}）`);
  if (version !== undefined) checkVersion(ctx.db, receiptType, document, version);
  return document;
}

function personName(ctx: OperationContext, userId: number | null): string {
  if (userId === null) return ctx.actor?.username ?? '';
  const row = prepared(ctx.db.$client, 'SELECT display_name AS name FROM users WHERE id = ?').get(userId) as { name: string } | undefined;
  return row?.name ?? '';
}

/**
 * 验收入库, in the operation's one transaction: every rule again, then the batches, the moves (108, from
 * outside into the store's location) and balances, the trace codes, the items' learned 药品标识码, the
 * lines' inspectors and batches, the lifecycle transition and the order's progress.
 */
export function postReceipt(ctx: OperationContext, id: number, version: number | undefined): Receipt {
  const document = requireDraft(ctx, id, '验收入库', version);
  const { draft, lineIds } = storedDraft(ctx, id);
  const posterUserId = ctx.actor?.kind === 'user' ? ctx.actor.userId : null;
  const { lines } = checkReceipt(ctx, draft, { stage: 'post', posterUserId, recordedReasons: recordedReasons(draft) });

  const db = ctx.db.$client;
  const locationId = storeLocationId(ctx.db, draft.storeId);
  const inspectorName = personName(ctx, posterUserId);
  const secondNames = new Map<number, string>();
  const lineUpdates: unknown[] = [];
  const moves: MoveInput[] = [];
  const codes: [string, number, number, number][] = [];
  const learned = new Map<number, string>();
  lines.forEach((line, i) => {
    const lineId = lineIds[i]!;
    let batchId: number | null = null;
    if (line.accepted > 0) {
      batchId = batchFor(ctx, {
        itemId: line.itemId,
        batchNo: line.batchNo,
        productionDate: line.productionDate,
        expiry: line.expiry,
        costMicro: line.priceMicro,
        costUnit: line.packUnit,
        costPackFactor: line.packFactor,
        supplierId: draft.supplierId,
      });
      moves.push({
        itemId: line.itemId,
        batchId,
        fromLocationId: null,
        toLocationId: locationId,
        quantity: line.accepted,
        changeType: '108',
        documentId: id,
        documentLineId: lineId,
        path: `lines.${i}.quantity`,
      });
      for (const code of line.traceCodes) codes.push([code, line.itemId, batchId, lineId]);
      if (line.learnPrefix) learned.set(line.itemId, line.learnPrefix);
    }
    let secondName = '';
    if (line.secondInspectorUserId !== null) {
      secondName = secondNames.get(line.secondInspectorUserId) ?? personName(ctx, line.secondInspectorUserId);
      secondNames.set(line.secondInspectorUserId, secondName);
    }
    lineUpdates.push([lineId, batchId, secondName, conclusionOf(line.accepted, line.rejected), line.orderLineId, line.packUnit, line.packFactor]);
  });
  // Every line's batch, inspectors and conclusion in one statement.
  prepared(
    db,
    `UPDATE receipt_lines SET batch_id = u.value ->> 1, inspector_name = @inspectorName, inspector_user_id = @inspectorUserId,
       second_inspector_name = u.value ->> 2, conclusion = u.value ->> 3, order_line_id = u.value ->> 4, pack_unit = u.value ->> 5,
       pack_factor = u.value ->> 6
     FROM json_each(@lines) u WHERE receipt_lines.id = u.value ->> 0`,
  ).run({ lines: JSON.stringify(lineUpdates), inspectorName, inspectorUserId: posterUserId });
  postMoves(ctx, moves);
  if (codes.length > 0) {
    // One statement for every code; the unique index (code, while not reversed) is the last guard.
    prepared(
      db,
      `INSERT INTO trace_codes (code, item_id, batch_id, document_id, document_line_id, at)
       SELECT value ->> 0, value ->> 1, value ->> 2, @documentId, value ->> 3, @at FROM json_each(@codes)`,
    ).run({ codes: JSON.stringify(codes), documentId: id, at: ctx.now.toISOString() });
  }
  const learn = prepared(db, `UPDATE formulary_items SET trace_prefix = @prefix WHERE id = @itemId AND trace_prefix = ''`);
  for (const [itemId, prefix] of learned) {
    if (learn.run({ itemId, prefix }).changes === 1) {
      const code = (prepared(db, 'SELECT code FROM formulary_items WHERE id = ?').get(itemId) as { code: string }).code;
      ctx.audit({ target: `item:${code}`, summary: { tracePrefix: { from: '', to: prefix }, learnedFrom: document.number } });
    }
  }
  const current = loadDocument(ctx.db, receiptType, id);
  applyTransition(ctx, receiptType, { id, version: current.version, transition: 'post' });
  if (draft.orderId !== null) refreshOrderProgress(ctx, draft.orderId);
  ctx.audit({
    target: `receipt:${document.number}`,
    summary: { posted: { lines: lines.length, moves: moves.length, traceCodes: codes.length, orderId: draft.orderId, storeId: draft.storeId } },
  });
  return readReceipt(ctx.db, id);
}

/**
 * 冲销: the reversing receipt's moves take the stock back out (refused when it has been issued since), its trace
 * codes are released (they may be received again), and the order's received quantities go back.
 */
export function reverseReceipt(ctx: OperationContext, input: { id: number; version?: number | undefined; reason: string }): { receipt: Receipt; reversal: Receipt } {
  const document = loadDocument(ctx.db, receiptType, input.id);
  const orderId = (prepared(ctx.db.$client, 'SELECT order_id AS orderId FROM receipts WHERE document_id = ?').get(input.id) as { orderId: number | null } | undefined)
    ?.orderId ?? null;
  const { reversal } = reverseDocument(ctx, receiptType, { id: input.id, version: input.version ?? document.version, reason: input.reason }, (rev, original) => {
    try {
      reverseMovesOf(ctx, original.id, rev.id);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'VALIDATION') {
        const message = `入库验收单 ${original.number} 的药品入库后已有出库或占用，不能冲销：${error.message}。请改为办理退货`;
        throw new DomainError('VALIDATION', message, [{ path: 'id', message }]);
      }
      throw error;
    }
    const released = prepared(ctx.db.$client, `UPDATE trace_codes SET reversed_document_id = ? WHERE document_id = ? AND reversed_document_id IS NULL`).run(
      rev.id,
      original.id,
    );
    ctx.audit({ target: `receipt:${rev.number}`, summary: { reverses: original.number, releasedTraceCodes: released.changes } });
  });
  if (orderId !== null) refreshOrderProgress(ctx, orderId);
  return { receipt: readReceipt(ctx.db, input.id), reversal: readReceipt(ctx.db, reversal.id) };
}

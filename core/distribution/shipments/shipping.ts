import { prepared } from '../../../db/statements.js';
import type { ShipmentKind } from '../../api/distribution.js';
import { baseUnitsPer, type PackLevel } from '../../api/packs.js';
import type { OperationContext } from '../../context.js';
import { applyTransition, checkVersion, loadDocument, type TransitionDeclaration } from '../../documents/lifecycle.js';
import { conflict, DomainError, type FieldProblem } from '../../errors.js';
import { postMoves } from '../../stock/ledger.js';
import { refreshRequisitionProgress } from '../requisition-progress.js';
import { shipmentHeader, typeOfKind } from './header.js';
import { releaseLines, storedLines } from './lines.js';

/**
 * 发货 (a transfer by the storekeeper, a return by the member pharmacist): the reservations are released and the
 * stock moves sending store → the receiving side's in-transit location (102) per line, carrying the boxes' 追溯码 —
 * scanned at shipping, or else, for a traced item (formulary_items.trace_pack), the batch's codes still at the
 * sending store assigned in order for `quantity / trace_pack` boxes. The codes are written before the transition:
 * `shipment_line_codes` refuses rows once the shipment is posted.
 */
export interface ShipInput {
  id: number;
  version?: number;
  lines?: { id: number; traceCodes: string[] }[];
}

/** Codes of a batch at a store: received into it, or arrived by a received shipment, and not sent on since. */
const CODES_AT_STORE = `SELECT code FROM (
    SELECT tc.code, tc.id AS ord FROM trace_codes tc JOIN receipts r ON r.document_id = tc.document_id
    WHERE tc.batch_id = @batchId AND r.store_id = @storeId AND tc.reversed_document_id IS NULL
    UNION ALL
    SELECT c.code, 1e12 + c.id AS ord FROM shipment_line_codes c JOIN shipment_lines l ON l.id = c.shipment_line_id
      JOIN shipments s ON s.document_id = c.document_id JOIN documents d ON d.id = c.document_id
    WHERE l.batch_id = @batchId AND s.to_store_id = @storeId AND d.state = 'received')
  WHERE code NOT IN (
    SELECT c.code FROM shipment_line_codes c JOIN shipment_lines l ON l.id = c.shipment_line_id
      JOIN shipments s ON s.document_id = c.document_id JOIN documents d ON d.id = c.document_id
    WHERE l.batch_id = @batchId AND s.from_store_id = @storeId AND d.state <> 'cancelled')
  ORDER BY ord LIMIT @limit`;

export function shipShipment(ctx: OperationContext, kind: ShipmentKind, input: ShipInput): void {
  const header = shipmentHeader(ctx.db, input.id);
  if (header.kind !== kind) {
    const message = kind === 'transfer' ? '这是退库单，请在退库单中发出' : '这是调拨单，不是退库单';
    throw conflict(message, [{ path: 'id', message }]);
  }
  const docType = typeOfKind(kind);
  const document = loadDocument(ctx.db, docType, input.id);
  const declared = (docType.transitions as Record<string, TransitionDeclaration<string>>).ship!;
  if (!declared.from.includes(document.state)) {
    throw conflict(`${docType.label} ${document.number} 当前为「${document.stateLabel}」，不能发出`);
  }
  if (input.version !== undefined) checkVersion(ctx.db, docType, document, input.version);
  const lines = storedLines(ctx, input.id);
  const byId = new Map(lines.map((l) => [l.id, l]));
  const problems: FieldProblem[] = [];
  const scanned = new Map<number, string[]>();
  const seen = new Set<string>();
  (input.lines ?? []).forEach((given, i) => {
    if (!byId.has(given.id)) problems.push({ path: `lines.${i}.id`, message: '该行不属于这张单据' });
    given.traceCodes.forEach((code, j) => {
      if (seen.has(code)) problems.push({ path: `lines.${i}.traceCodes.${j}`, message: `追溯码 ${code} 重复` });
      seen.add(code);
    });
    scanned.set(given.id, given.traceCodes);
  });
  const itemOf = prepared(ctx.db.$client, 'SELECT base_unit AS baseUnit, packs, trace_pack AS tracePack FROM formulary_items WHERE id = ?');
  const codesAt = prepared(ctx.db.$client, CODES_AT_STORE);
  const codes: { lineId: number; code: string }[] = [];
  lines.forEach((line) => {
    const item = itemOf.get(line.itemId) as { baseUnit: string; packs: string; tracePack: string };
    const per = item.tracePack === '' ? null : baseUnitsPer(item.baseUnit, JSON.parse(item.packs) as PackLevel[], item.tracePack);
    const boxes = per ? Math.floor(line.quantity / per) : 0;
    const given = scanned.get(line.id);
    if (given) {
      if (per && given.length > boxes) {
        const i = (input.lines ?? []).findIndex((l) => l.id === line.id);
        problems.push({ path: `lines.${i}.traceCodes`, message: `第 ${line.lineNo} 行只有 ${boxes} ${item.tracePack}，扫码 ${given.length} 个` });
      }
      for (const code of given) codes.push({ lineId: line.id, code });
      return;
    }
    if (boxes === 0) return;
    for (const row of codesAt.all({ batchId: line.batchId, storeId: header.fromStoreId, limit: boxes }) as { code: string }[]) codes.push({ lineId: line.id, code: row.code });
  });
  if (problems.length > 0) throw new DomainError('VALIDATION', problems[0]!.message, problems);
  releaseLines(ctx, input.id, header.fromLocationId);
  const insertCode = prepared(ctx.db.$client, 'INSERT INTO shipment_line_codes (document_id, shipment_line_id, code) VALUES (?, ?, ?)');
  for (const c of codes) insertCode.run(input.id, c.lineId, c.code);
  applyTransition(ctx, docType, { id: input.id, version: document.version, transition: 'ship' });
  postMoves(
    ctx,
    lines.map((line, i) => ({
      itemId: line.itemId,
      batchId: line.batchId,
      fromLocationId: header.fromLocationId,
      toLocationId: header.transitLocationId,
      quantity: line.quantity,
      changeType: '102' as const,
      documentId: input.id,
      documentLineId: line.id,
      path: `lines.${i}.quantity`,
    })),
  );
  if (header.requisitionId !== null) refreshRequisitionProgress(ctx, header.requisitionId);
}

import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import { MEMBER_RETURN_STATE_LABELS, SHIPMENT_STATE_LABELS } from '../../api/distribution.js';
import type { RecallTrace } from '../../api/recalls.js';
import { BATCH_STATUS_LABELS, CHANGE_TYPES, type BatchStatus, type ChangeType } from '../../api/stock.js';
import { invalid } from '../../errors.js';

/**
 * 召回追溯 of one item's 批号: every batch row of it (different costs or suppliers make several), where each is
 * now, what came in and went out of the community, which 追溯码 went where, and the shipment lines that reserve it.
 * One query per measure, each walking an index from the batch ids (stock_batches_item_batch_idx, the stock_balances
 * primary key, stock_moves_batch_idx, trace_codes_batch_idx, shipment_line_codes_code_idx, shipment_lines_batch_idx),
 * so the cost follows the batch's own history, never the ledger's size (scripts/bench/recall-trace.ts).
 */

/** The statements, by name, so the test can EXPLAIN each one. */
export const TRACE_SQL = {
  item: `SELECT id, code, generic_name AS name, spec, manufacturer, base_unit AS baseUnit FROM formulary_items WHERE id = ?`,
  batches: `SELECT b.id AS batchId, b.batch_no AS batchNo, b.expiry, b.production_date AS productionDate, b.status, b.cost_micro AS costMicro,
      b.cost_unit AS costUnit, b.supplier_id AS supplierId, sp.name AS supplierName
    FROM stock_batches b LEFT JOIN suppliers sp ON sp.id = b.supplier_id
    WHERE b.item_id = @itemId AND b.batch_no = @batchNo ORDER BY b.id`,
  holders: `SELECT sb.batch_id AS batchId, sb.location_id AS locationId, sb.quantity, sb.reserved, l.kind, l.name AS locationName, l.unit_id AS unitId,
      u.name AS unitName, l.store_id AS storeId, s.name AS storeName, COALESCE(s.is_central, 0) AS central
    FROM stock_balances sb
    JOIN stock_locations l ON l.id = sb.location_id
    JOIN units u ON u.id = l.unit_id
    LEFT JOIN stores s ON s.id = l.store_id
    WHERE sb.batch_id IN (SELECT value FROM json_each(@batchIds)) AND sb.quantity > 0
    ORDER BY central DESC, l.kind, u.id, sb.batch_id`,
  // Moves with one end outside the community: in from a supplier or a count, out to a patient, supplier or write-off.
  flows: `SELECT m.change_type AS changeType, (m.from_location_id IS NULL) AS incoming, SUM(m.quantity) AS quantity
    FROM stock_moves m
    WHERE m.batch_id IN (SELECT value FROM json_each(@batchIds)) AND (m.from_location_id IS NULL OR m.to_location_id IS NULL)
    GROUP BY m.change_type, incoming`,
  codes: `SELECT tc.code, tc.batch_id AS batchId,
      COALESCE(r.store_id, (SELECT l.store_id FROM stock_moves m JOIN stock_locations l ON l.id = m.to_location_id
        WHERE m.document_id = tc.document_id AND m.batch_id = tc.batch_id AND m.from_location_id IS NULL LIMIT 1)) AS storeId
    FROM trace_codes tc LEFT JOIN receipts r ON r.document_id = tc.document_id
    WHERE tc.batch_id IN (SELECT value FROM json_each(@batchIds)) AND tc.reversed_document_id IS NULL
    ORDER BY tc.id`,
  // Shipments that carried the codes, oldest first: the last one (by the carrying line) is where a code went.
  shippedCodes: `SELECT c.code, c.id AS codeRowId, sh.to_store_id AS storeId, d.id AS shipmentId, d.number AS shipmentNumber, d.state
    FROM shipment_line_codes c
    JOIN shipment_lines l ON l.id = c.shipment_line_id
    JOIN shipments sh ON sh.document_id = c.document_id
    JOIN documents d ON d.id = c.document_id
    WHERE c.code IN (SELECT value FROM json_each(@codes)) AND l.batch_id IN (SELECT value FROM json_each(@batchIds)) AND d.state IN ('shipped', 'received')
    ORDER BY c.id`,
  reservations: `SELECT d.id AS shipmentId, d.number AS shipmentNumber, sh.kind, d.state, l.id AS lineId, l.batch_id AS batchId, l.quantity,
      fs.name AS fromStoreName, ts.name AS toStoreName, sh.member_unit_id AS memberUnitId, u.name AS memberUnitName, sh.recall_id AS recallId
    FROM shipment_lines l
    JOIN shipments sh ON sh.document_id = l.document_id
    JOIN documents d ON d.id = l.document_id
    JOIN stores fs ON fs.id = sh.from_store_id
    JOIN stores ts ON ts.id = sh.to_store_id
    JOIN units u ON u.id = sh.member_unit_id
    WHERE l.batch_id IN (SELECT value FROM json_each(@batchIds))
      AND ((sh.kind = 'transfer' AND d.state = 'allocated') OR (sh.kind = 'return' AND d.state IN ('draft', 'submitted', 'approved')))
    ORDER BY d.id, l.line_no`,
  openRecall: `SELECT d.id, d.number FROM recalls r JOIN documents d ON d.id = r.document_id
    WHERE r.item_id = @itemId AND r.batch_no = @batchNo AND d.state = 'open' ORDER BY d.id LIMIT 1`,
  stores: `SELECT s.id, s.name, s.unit_id AS unitId, u.name AS unitName FROM stores s JOIN units u ON u.id = s.unit_id WHERE s.id IN (SELECT value FROM json_each(@ids))`,
} as const;

interface BatchRow {
  batchId: number;
  batchNo: string;
  expiry: string;
  productionDate: string | null;
  status: BatchStatus;
  costMicro: number;
  costUnit: string;
  supplierId: number | null;
  supplierName: string | null;
}

interface HolderRow {
  batchId: number;
  locationId: number;
  quantity: number;
  reserved: number;
  kind: 'store' | 'transit';
  locationName: string;
  unitId: number;
  unitName: string;
  storeId: number | null;
  storeName: string | null;
  central: number;
}

const typeLabel = (t: string) => CHANGE_TYPES[t as ChangeType] ?? t;

/** The item and its batches of that 批号, or VALIDATION (Chinese, on the field) when there are none. */
export function tracedBatches(db: Db, itemId: number, batchNo: string): { item: RecallTrace['item']; batches: BatchRow[] } {
  const item = prepared(db.$client, TRACE_SQL.item).get(itemId) as RecallTrace['item'] | undefined;
  if (!item) throw invalid('itemId', '所选品种不存在');
  const batches = prepared(db.$client, TRACE_SQL.batches).all({ itemId, batchNo }) as BatchRow[];
  if (batches.length === 0) throw invalid('batchNo', `「${item.name}」没有批号 ${batchNo} 的入库记录，请核对批号`);
  return { item, batches };
}

export function traceBatch(db: Db, itemId: number, batchNo: string): RecallTrace {
  const { item, batches } = tracedBatches(db, itemId, batchNo);
  const batchIds = JSON.stringify(batches.map((b) => b.batchId));
  const byBatch = new Map(batches.map((b) => [b.batchId, b]));

  const holderRows = prepared(db.$client, TRACE_SQL.holders).all({ batchIds }) as HolderRow[];

  const flows = prepared(db.$client, TRACE_SQL.flows).all({ batchIds }) as { changeType: string; incoming: number; quantity: number }[];
  const receivedByType = flows.filter((f) => f.incoming === 1 && f.quantity !== 0).map((f) => ({ changeType: f.changeType, label: typeLabel(f.changeType), quantity: f.quantity }));
  const consumedByType = flows.filter((f) => f.incoming === 0 && f.quantity !== 0).map((f) => ({ changeType: f.changeType, label: typeLabel(f.changeType), quantity: f.quantity }));

  // Where each received code is: the store of its receipt, unless a shipped shipment carried it on since.
  const codeRows = prepared(db.$client, TRACE_SQL.codes).all({ batchIds }) as { code: string; batchId: number; storeId: number | null }[];
  const shipped = codeRows.length
    ? (prepared(db.$client, TRACE_SQL.shippedCodes).all({ batchIds, codes: JSON.stringify(codeRows.map((c) => c.code)) }) as {
        code: string;
        storeId: number;
        shipmentId: number;
        shipmentNumber: string;
        state: string;
      }[])
    : [];
  const lastShipment = new Map(shipped.map((s) => [s.code, s]));
  const storeIds = new Set<number>();
  for (const c of codeRows) if (c.storeId !== null) storeIds.add(c.storeId);
  for (const s of shipped) storeIds.add(s.storeId);
  const stores = new Map(
    (prepared(db.$client, TRACE_SQL.stores).all({ ids: JSON.stringify([...storeIds]) }) as { id: number; name: string; unitId: number; unitName: string }[]).map((s) => [s.id, s]),
  );
  const codes = codeRows.map((c) => {
    const last = lastShipment.get(c.code);
    const storeId = last ? last.storeId : c.storeId;
    const store = storeId === null ? undefined : stores.get(storeId);
    const received = c.storeId === null ? undefined : stores.get(c.storeId);
    return {
      code: c.code,
      batchId: c.batchId,
      receivedStoreId: c.storeId,
      receivedStoreName: received?.name ?? null,
      unitId: store?.unitId ?? null,
      unitName: store?.unitName ?? null,
      storeId: storeId ?? null,
      storeName: store?.name ?? null,
      inTransit: last?.state === 'shipped',
      shipmentId: last?.shipmentId ?? null,
      shipmentNumber: last?.shipmentNumber ?? null,
    };
  });

  // A code is listed on the holder where it now is: a store, or the receiving unit's in-transit location.
  const codesAt = new Map<string, string[]>();
  for (const c of codes) {
    if (c.unitId === null) continue;
    const key = c.inTransit ? `${c.batchId}:transit:${c.unitId}` : `${c.batchId}:store:${c.storeId}`;
    codesAt.set(key, [...(codesAt.get(key) ?? []), c.code]);
  }
  const holders = holderRows.map((h) => {
    const batch = byBatch.get(h.batchId)!;
    const key = h.kind === 'transit' ? `${h.batchId}:transit:${h.unitId}` : `${h.batchId}:store:${h.storeId}`;
    return {
      unitId: h.unitId,
      unitName: h.unitName,
      storeId: h.storeId,
      storeName: h.storeName,
      locationId: h.locationId,
      locationName: h.locationName,
      kind: h.kind,
      central: h.central === 1,
      batchId: h.batchId,
      batchNo: batch.batchNo,
      expiry: batch.expiry,
      batchStatus: batch.status,
      batchStatusLabel: BATCH_STATUS_LABELS[batch.status],
      supplierId: batch.supplierId,
      supplierName: batch.supplierName,
      quantity: h.quantity,
      reserved: h.reserved,
      traceCodes: codesAt.get(key) ?? [],
    };
  });

  const reservations = (
    prepared(db.$client, TRACE_SQL.reservations).all({ batchIds }) as {
      shipmentId: number;
      shipmentNumber: string;
      kind: 'transfer' | 'return';
      state: string;
      lineId: number;
      batchId: number;
      quantity: number;
      fromStoreName: string;
      toStoreName: string;
      memberUnitId: number;
      memberUnitName: string;
      recallId: number | null;
    }[]
  ).map((r) => ({
    ...r,
    stateLabel:
      r.kind === 'transfer'
        ? (SHIPMENT_STATE_LABELS as Record<string, string>)[r.state] ?? r.state
        : (MEMBER_RETURN_STATE_LABELS as Record<string, string>)[r.state] ?? r.state,
  }));

  const onHand = holders.filter((h) => h.kind === 'store').reduce((n, h) => n + h.quantity, 0);
  const inTransit = holders.filter((h) => h.kind === 'transit').reduce((n, h) => n + h.quantity, 0);
  const received = receivedByType.reduce((n, f) => n + f.quantity, 0);
  const open = prepared(db.$client, TRACE_SQL.openRecall).get({ itemId, batchNo }) as { id: number; number: string } | undefined;
  return {
    item,
    batchNo,
    batches: batches.map((b) => ({ ...b, statusLabel: BATCH_STATUS_LABELS[b.status] })),
    holders,
    totals: {
      received,
      onHand,
      inTransit,
      consumed: received - onHand - inTransit,
      receivedByType,
      consumedByType,
      holderCount: holders.length,
      unitCount: new Set(holders.map((h) => h.unitId)).size,
    },
    codes,
    reservations,
    openRecallId: open?.id ?? null,
    openRecallNumber: open?.number ?? null,
  };
}

import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import type { Adjustment, AdjustmentBatch, AdjustmentLine, AdjustmentState, AdjustmentSummary } from '../../api/adjustments.js';
import { ADJUSTMENT_KIND_LABELS } from '../../api/labels.js';
import { formatYuan, lineAmountMicro } from '../../api/money.js';
import type { AdjustmentKind, BatchStatus } from '../../api/stock.js';
import type { CallerScope } from '../../context.js';
import { documentEvents, REVERSAL_POSTED, type StateDeclaration, type TransitionDeclaration } from '../../documents/lifecycle.js';
import { notFound } from '../../errors.js';
import { ADJUSTMENT_MOVES, ADJUSTMENT_TYPES } from '../adjustment-types.js';

/** Reads of 退货/报损/其他出入库单: one document with its lines and events, a list, and a store's batches on hand. */

interface HeaderRow {
  id: number;
  number: string;
  type: string;
  kind: AdjustmentKind;
  state: AdjustmentState;
  version: number;
  posted: number;
  reversesId: number | null;
  reversesNumber: string | null;
  reversedById: number | null;
  reversedByNumber: string | null;
  storeId: number;
  storeName: string;
  unitId: number;
  unitName: string;
  supplierId: number | null;
  supplierName: string | null;
  reason: string;
  note: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

const HEADER_SELECT = `SELECT d.id, d.number, d.type, a.kind, d.state, d.version, d.posted, d.reverses_id AS reversesId, r.number AS reversesNumber,
    rb.id AS reversedById, rb.number AS reversedByNumber, a.store_id AS storeId, s.name AS storeName, s.unit_id AS unitId, u.name AS unitName,
    a.supplier_id AS supplierId, sp.name AS supplierName, a.reason, a.note, d.created_at AS createdAt,
    COALESCE(cu.display_name, d.created_by) AS createdBy, d.updated_at AS updatedAt, COALESCE(uu.display_name, d.updated_by) AS updatedBy
  FROM stock_adjustments a
  JOIN documents d ON d.id = a.document_id
  JOIN stores s ON s.id = a.store_id
  JOIN units u ON u.id = s.unit_id
  LEFT JOIN suppliers sp ON sp.id = a.supplier_id
  LEFT JOIN documents r ON r.id = d.reverses_id
  LEFT JOIN documents rb ON rb.reverses_id = d.id
  LEFT JOIN users cu ON cu.id = d.created_by_user_id
  LEFT JOIN users uu ON uu.username = d.updated_by`;

interface LineRow {
  id: number;
  documentId: number;
  lineNo: number;
  itemId: number;
  itemName: string;
  spec: string;
  manufacturer: string;
  baseUnit: string;
  purchaseUnit: string;
  packs: string;
  batchId: number | null;
  lineBatchNo: string;
  lineExpiry: string | null;
  lineCost: number | null;
  batchNo: string | null;
  expiry: string | null;
  productionDate: string | null;
  batchStatus: BatchStatus | null;
  costMicro: number | null;
  costUnit: string | null;
  costPackFactor: number | null;
  quantity: number;
  reason: string;
}

const LINE_SELECT = `SELECT l.id, l.document_id AS documentId, l.line_no AS lineNo, l.item_id AS itemId, i.generic_name AS itemName, i.spec,
    i.manufacturer, i.base_unit AS baseUnit, i.purchase_unit AS purchaseUnit, i.packs, l.batch_id AS batchId, l.batch_no AS lineBatchNo,
    l.expiry AS lineExpiry, l.cost_micro AS lineCost, b.batch_no AS batchNo, b.expiry, b.production_date AS productionDate, b.status AS batchStatus,
    b.cost_micro AS costMicro, b.cost_unit AS costUnit, b.cost_pack_factor AS costPackFactor, l.quantity, l.reason
  FROM stock_adjustment_lines l JOIN formulary_items i ON i.id = l.item_id LEFT JOIN stock_batches b ON b.id = l.batch_id`;

/** Base units in one purchase pack of an item (1 when it is bought in its base unit). */
export function purchasePackFactor(baseUnit: string, packsJson: string, purchaseUnit: string): number {
  if (purchaseUnit === baseUnit) return 1;
  const packs = JSON.parse(packsJson) as { unit: string; factor: number }[];
  let factor = 1;
  for (const pack of packs) {
    factor *= pack.factor;
    if (pack.unit === purchaseUnit) return factor;
  }
  return 1;
}

function toLine(row: LineRow): AdjustmentLine {
  // A line of a new batch (其他入库 before posting) shows what was typed; once posted it names its batch.
  const costMicro = row.costMicro ?? row.lineCost;
  const costUnit = row.costUnit ?? row.purchaseUnit;
  const costPackFactor = row.costPackFactor ?? purchasePackFactor(row.baseUnit, row.packs, row.purchaseUnit);
  return {
    id: row.id,
    lineNo: row.lineNo,
    itemId: row.itemId,
    itemName: row.itemName,
    spec: row.spec,
    manufacturer: row.manufacturer,
    baseUnit: row.baseUnit,
    batchId: row.batchId,
    batchNo: row.batchNo ?? row.lineBatchNo,
    expiry: row.expiry ?? row.lineExpiry,
    productionDate: row.productionDate,
    batchStatus: row.batchStatus,
    costMicro,
    costUnit,
    costPackFactor,
    quantity: row.quantity,
    amountMicro: costMicro === null ? null : lineAmountMicro(row.quantity, { priceMicro: costMicro, packFactor: costPackFactor }),
    reason: row.reason,
  };
}

function toSummary(row: HeaderRow, lines: AdjustmentLine[]): AdjustmentSummary {
  const docType = ADJUSTMENT_TYPES[row.kind];
  const totalMicro = lines.reduce((sum, l) => sum + (l.amountMicro ?? 0), 0);
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    kindLabel: ADJUSTMENT_KIND_LABELS[row.kind],
    typeLabel: docType.label,
    state: row.state,
    stateLabel: (docType.states as Record<string, StateDeclaration>)[row.state]?.label ?? row.state,
    version: row.version,
    posted: row.posted === 1,
    reversesId: row.reversesId,
    reversesNumber: row.reversesNumber,
    reversedById: row.reversedById,
    reversedByNumber: row.reversedByNumber,
    storeId: row.storeId,
    storeName: row.storeName,
    unitId: row.unitId,
    unitName: row.unitName,
    supplierId: row.supplierId,
    supplierName: row.supplierName,
    reason: row.reason,
    note: row.note,
    lineCount: lines.length,
    totalQuantity: lines.reduce((sum, l) => sum + l.quantity, 0),
    totalMicro,
    totalYuan: formatYuan(totalMicro),
    changeType: ADJUSTMENT_MOVES[row.kind].changeType,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

/** The document's kind, or NOT_FOUND (any other document is not an adjustment). */
export function adjustmentKindOf(db: Db, id: number): AdjustmentKind {
  const row = prepared(db.$client, 'SELECT kind FROM stock_adjustments WHERE document_id = ?').get(id) as { kind: AdjustmentKind } | undefined;
  if (!row) throw notFound('单据');
  return row.kind;
}

export function readAdjustment(db: Db, id: number): Adjustment {
  const header = prepared(db.$client, `${HEADER_SELECT} WHERE a.document_id = ?`).get(id) as HeaderRow | undefined;
  if (!header) throw notFound('单据');
  const lines = (prepared(db.$client, `${LINE_SELECT} WHERE l.document_id = ? ORDER BY l.line_no`).all(id) as LineRow[]).map(toLine);
  const docType = ADJUSTMENT_TYPES[header.kind];
  const transitions = docType.transitions as Record<string, TransitionDeclaration<string>>;
  const names: Record<string, string> = { create: '新建', edit: '修改', [REVERSAL_POSTED]: '冲销过账' };
  // People by their display name (the events keep the username they acted under).
  const displayNames = new Map(
    (prepared(db.$client, 'SELECT DISTINCT e.actor_name AS username, u.display_name AS name FROM document_events e JOIN users u ON u.id = e.actor_user_id WHERE e.document_id = ?').all(id) as {
      username: string;
      name: string;
    }[]).map((r) => [r.username, r.name]),
  );
  const events = documentEvents(db, id).map((e) => ({
    ...e,
    actorName: displayNames.get(e.actorName) ?? e.actorName,
    transitionLabel: transitions[e.transition]?.label ?? names[e.transition] ?? e.transition,
  }));
  return { ...toSummary(header, lines), lines, events };
}

export function listAdjustments(
  db: Db,
  scope: CallerScope,
  filter: { kind?: AdjustmentKind | undefined; state?: AdjustmentState | undefined; storeId?: number | undefined; query?: string | undefined; limit: number },
): AdjustmentSummary[] {
  const query = filter.query?.trim() ? `%${filter.query.trim()}%` : null;
  const headers = prepared(
    db.$client,
    `${HEADER_SELECT}
     WHERE (@kind IS NULL OR a.kind = @kind) AND (@state IS NULL OR d.state = @state) AND (@storeId IS NULL OR a.store_id = @storeId)
       AND (@units IS NULL OR s.unit_id IN (SELECT value FROM json_each(@units)))
       AND (@query IS NULL OR d.number LIKE @query OR a.reason LIKE @query OR sp.name LIKE @query)
     ORDER BY d.id DESC LIMIT @limit`,
  ).all({
    kind: filter.kind ?? null,
    state: filter.state ?? null,
    storeId: filter.storeId ?? null,
    units: scope.units === null ? null : JSON.stringify(scope.units),
    query,
    limit: filter.limit,
  }) as HeaderRow[];
  if (headers.length === 0) return [];
  const byDocument = new Map<number, AdjustmentLine[]>();
  const rows = prepared(db.$client, `${LINE_SELECT} WHERE l.document_id IN (SELECT value FROM json_each(?)) ORDER BY l.document_id, l.line_no`).all(
    JSON.stringify(headers.map((h) => h.id)),
  ) as LineRow[];
  for (const row of rows) byDocument.set(row.documentId, [...(byDocument.get(row.documentId) ?? []), toLine(row)]);
  return headers.map((h) => toSummary(h, byDocument.get(h.id) ?? []));
}

/** Batches with stock in a store (quantity > 0), earliest expiry first. */
export function batchesInStore(db: Db, storeId: number, filter: { itemId?: number | undefined; query?: string | undefined }): AdjustmentBatch[] {
  const query = filter.query?.trim() ? `%${filter.query.trim()}%` : null;
  return prepared(
    db.$client,
    `SELECT b.id AS batchId, b.item_id AS itemId, i.generic_name AS itemName, i.spec, i.manufacturer, i.base_unit AS baseUnit, b.batch_no AS batchNo,
       b.expiry, b.production_date AS productionDate, b.status, b.supplier_id AS supplierId, sp.name AS supplierName, b.cost_micro AS costMicro,
       b.cost_unit AS costUnit, b.cost_pack_factor AS costPackFactor, bal.quantity, bal.reserved, bal.quantity - bal.reserved AS available,
       l.store_id AS storeId, l.unit_id AS unitId
     FROM stock_locations l
     JOIN stock_balances bal ON bal.location_id = l.id
     JOIN stock_batches b ON b.id = bal.batch_id
     JOIN formulary_items i ON i.id = b.item_id
     LEFT JOIN suppliers sp ON sp.id = b.supplier_id
     WHERE l.store_id = @storeId AND bal.quantity > 0 AND (@itemId IS NULL OR bal.item_id = @itemId)
       AND (@query IS NULL OR i.generic_name LIKE @query OR b.batch_no LIKE @query OR i.pinyin_initials LIKE @query)
     ORDER BY b.expiry, i.generic_name, b.batch_no`,
  ).all({ storeId, itemId: filter.itemId ?? null, query }) as AdjustmentBatch[];
}

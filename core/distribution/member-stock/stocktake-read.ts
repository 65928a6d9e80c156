import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import type { StocktakeState } from '../../api/distribution.js';
import type { ItemCategory } from '../../api/formulary.js';
import { ITEM_CATEGORY_LABELS } from '../../api/labels.js';
import type { Stocktake, StocktakeLine, StocktakeSummary } from '../../api/member-stock.js';
import { formatYuan, lineAmountMicro } from '../../api/money.js';
import type { CallerScope } from '../../context.js';
import { documentEvents, type StateDeclaration } from '../../documents/lifecycle.js';
import { notFound } from '../../errors.js';
import { stocktakeType } from '../document-types.js';
import { labelledEvents } from './revise.js';

/** Reads of 盘点单: one sheet with its lines (book, counted, difference, moves since the snapshot), and a list. */

interface HeaderRow {
  id: number;
  number: string;
  state: StocktakeState;
  version: number;
  posted: number;
  storeId: number;
  storeName: string;
  unitId: number;
  unitName: string;
  locationId: number;
  category: string;
  note: string;
  snapshotAt: string;
  snapshotMoveId: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

const HEADER_SELECT = `SELECT d.id, d.number, d.state, d.version, d.posted, t.store_id AS storeId, s.name AS storeName, s.unit_id AS unitId,
    u.name AS unitName, l.id AS locationId, t.category, t.note, t.snapshot_at AS snapshotAt, t.snapshot_move_id AS snapshotMoveId,
    d.created_at AS createdAt, COALESCE(cu.display_name, d.created_by) AS createdBy, d.updated_at AS updatedAt,
    COALESCE(uu.display_name, d.updated_by) AS updatedBy
  FROM stocktakes t
  JOIN documents d ON d.id = t.document_id
  JOIN stores s ON s.id = t.store_id
  JOIN units u ON u.id = s.unit_id
  JOIN stock_locations l ON l.store_id = t.store_id
  LEFT JOIN users cu ON cu.id = d.created_by_user_id
  LEFT JOIN users uu ON uu.username = d.updated_by`;

interface LineRow {
  id: number;
  documentId: number;
  lineNo: number;
  itemId: number;
  itemCode: string;
  itemName: string;
  spec: string;
  manufacturer: string;
  baseUnit: string;
  pinyin: string;
  category: string;
  batchId: number;
  batchNo: string;
  expiry: string;
  costMicro: number;
  costUnit: string;
  costPackFactor: number;
  bookQuantity: number;
  countedQuantity: number | null;
  reason: string;
}

const LINE_SELECT = `SELECT l.id, l.document_id AS documentId, l.line_no AS lineNo, l.item_id AS itemId, i.code AS itemCode, i.generic_name AS itemName,
    i.spec, i.manufacturer, i.base_unit AS baseUnit, i.pinyin_initials || ' ' || i.pinyin_full AS pinyin, i.category, l.batch_id AS batchId,
    b.batch_no AS batchNo, b.expiry, b.cost_micro AS costMicro, b.cost_unit AS costUnit, b.cost_pack_factor AS costPackFactor,
    l.book_quantity AS bookQuantity, l.counted_quantity AS countedQuantity, l.reason
  FROM stocktake_lines l JOIN formulary_items i ON i.id = l.item_id JOIN stock_batches b ON b.id = l.batch_id`;

/** The signed value of a difference at the batch's cost, each side rounded as a line amount. */
export function differenceMicro(difference: number, cost: { costMicro: number; costPackFactor: number }): number {
  const amount = lineAmountMicro(Math.abs(difference), { priceMicro: cost.costMicro, packFactor: cost.costPackFactor });
  return difference < 0 ? -amount : amount;
}

/**
 * Net base units of each batch moved in or out of the location after the snapshot, the stocktake's own moves left
 * out; for a posted sheet only the moves before its posting (what happened while counting).
 */
export function movedSinceSnapshot(db: Db, header: { id: number; locationId: number; snapshotMoveId: number }): Map<number, number> {
  const rows = prepared(
    db.$client,
    `SELECT batch_id AS batchId, SUM(CASE WHEN to_location_id = @loc THEN quantity ELSE -quantity END) AS net FROM stock_moves
     WHERE id > @snapshot AND (to_location_id = @loc OR from_location_id = @loc) AND document_id <> @id
       AND id < COALESCE((SELECT MIN(id) FROM stock_moves WHERE document_id = @id), 9223372036854775807)
     GROUP BY batch_id`,
  ).all({ loc: header.locationId, snapshot: header.snapshotMoveId, id: header.id }) as { batchId: number; net: number }[];
  return new Map(rows.map((r) => [r.batchId, r.net]));
}

function toSummary(row: HeaderRow, lines: readonly Pick<LineRow, 'bookQuantity' | 'countedQuantity' | 'costMicro' | 'costPackFactor'>[]): StocktakeSummary {
  let counted = 0;
  let differences = 0;
  let gainQuantity = 0;
  let lossQuantity = 0;
  let gainMicro = 0;
  let lossMicro = 0;
  for (const line of lines) {
    if (line.countedQuantity === null) continue;
    counted += 1;
    const difference = line.countedQuantity - line.bookQuantity;
    if (difference === 0) continue;
    differences += 1;
    const value = differenceMicro(difference, line);
    if (difference > 0) {
      gainQuantity += difference;
      gainMicro += value;
    } else {
      lossQuantity -= difference;
      lossMicro -= value;
    }
  }
  return {
    id: row.id,
    number: row.number,
    state: row.state,
    stateLabel: (stocktakeType.states as Record<string, StateDeclaration>)[row.state]?.label ?? row.state,
    version: row.version,
    posted: row.posted === 1,
    storeId: row.storeId,
    storeName: row.storeName,
    unitId: row.unitId,
    unitName: row.unitName,
    category: row.category,
    categoryLabel: row.category ? (ITEM_CATEGORY_LABELS[row.category as ItemCategory] ?? row.category) : '全部',
    note: row.note,
    snapshotAt: row.snapshotAt,
    snapshotMoveId: row.snapshotMoveId,
    lineCount: lines.length,
    countedCount: counted,
    differenceCount: differences,
    gainQuantity,
    lossQuantity,
    gainMicro,
    lossMicro,
    netYuan: formatYuan(gainMicro - lossMicro),
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

/** The sheet's header, or NOT_FOUND. */
export function stocktakeHeader(db: Db, id: number): HeaderRow {
  const header = prepared(db.$client, `${HEADER_SELECT} WHERE t.document_id = ?`).get(id) as HeaderRow | undefined;
  if (!header) throw notFound('盘点单');
  return header;
}

export function stocktakeLines(db: Db, id: number): LineRow[] {
  return prepared(db.$client, `${LINE_SELECT} WHERE l.document_id = ? ORDER BY l.line_no`).all(id) as LineRow[];
}

export function readStocktake(db: Db, id: number): Stocktake {
  const header = stocktakeHeader(db, id);
  const rows = stocktakeLines(db, id);
  const moved = movedSinceSnapshot(db, header);
  const current = new Map(
    (prepared(db.$client, 'SELECT batch_id AS batchId, quantity FROM stock_balances WHERE location_id = ? AND batch_id IN (SELECT batch_id FROM stocktake_lines WHERE document_id = ?)').all(
      header.locationId,
      id,
    ) as { batchId: number; quantity: number }[]).map((r) => [r.batchId, r.quantity]),
  );
  const lines: StocktakeLine[] = rows.map((row) => {
    const difference = row.countedQuantity === null ? null : row.countedQuantity - row.bookQuantity;
    return {
      id: row.id,
      lineNo: row.lineNo,
      itemId: row.itemId,
      itemCode: row.itemCode,
      itemName: row.itemName,
      spec: row.spec,
      manufacturer: row.manufacturer,
      baseUnit: row.baseUnit,
      pinyin: row.pinyin,
      category: row.category,
      batchId: row.batchId,
      batchNo: row.batchNo,
      expiry: row.expiry,
      costMicro: row.costMicro,
      costUnit: row.costUnit,
      costPackFactor: row.costPackFactor,
      bookQuantity: row.bookQuantity,
      countedQuantity: row.countedQuantity,
      difference,
      differenceMicro: difference === null ? null : differenceMicro(difference, row),
      reason: row.reason,
      movedSinceSnapshot: moved.get(row.batchId) ?? 0,
      currentQuantity: current.get(row.batchId) ?? 0,
    };
  });
  return { ...toSummary(header, rows), lines, events: labelledEvents(db, stocktakeType, documentEvents(db, id), id) };
}

export function listStocktakes(
  db: Db,
  scope: CallerScope,
  filter: { state?: StocktakeState | undefined; storeId?: number | undefined; query?: string | undefined; limit: number; offset: number },
): { stocktakes: StocktakeSummary[]; total: number } {
  const where = `WHERE (@state IS NULL OR d.state = @state) AND (@storeId IS NULL OR t.store_id = @storeId)
      AND (@query IS NULL OR d.number LIKE @query OR t.note LIKE @query)
      AND (@units IS NULL OR s.unit_id IN (SELECT value FROM json_each(@units)))`;
  const params = {
    state: filter.state ?? null,
    storeId: filter.storeId ?? null,
    query: filter.query?.trim() ? `%${filter.query.trim()}%` : null,
    units: scope.units === null ? null : JSON.stringify(scope.units),
  };
  const { total } = prepared(db.$client, `SELECT count(*) AS total FROM stocktakes t JOIN documents d ON d.id = t.document_id JOIN stores s ON s.id = t.store_id ${where}`).get(
    params,
  ) as { total: number };
  const headers = prepared(db.$client, `${HEADER_SELECT} ${where} ORDER BY d.id DESC LIMIT @limit OFFSET @offset`).all({
    ...params,
    limit: filter.limit,
    offset: filter.offset,
  }) as HeaderRow[];
  const lines = new Map<number, Pick<LineRow, 'bookQuantity' | 'countedQuantity' | 'costMicro' | 'costPackFactor'>[]>();
  if (headers.length > 0) {
    const rows = prepared(
      db.$client,
      `SELECT l.document_id AS documentId, l.book_quantity AS bookQuantity, l.counted_quantity AS countedQuantity, b.cost_micro AS costMicro,
         b.cost_pack_factor AS costPackFactor
       FROM stocktake_lines l JOIN stock_batches b ON b.id = l.batch_id WHERE l.document_id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(headers.map((h) => h.id))) as (Pick<LineRow, 'bookQuantity' | 'countedQuantity' | 'costMicro' | 'costPackFactor'> & { documentId: number })[];
    for (const row of rows) {
      const list = lines.get(row.documentId);
      if (list) list.push(row);
      else lines.set(row.documentId, [row]);
    }
  }
  return { stocktakes: headers.map((h) => toSummary(h, lines.get(h.id) ?? [])), total };
}

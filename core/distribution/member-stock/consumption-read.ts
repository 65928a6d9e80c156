import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import { CONSUMPTION_TARGET_LABELS, type ConsumptionState, type ConsumptionTarget } from '../../api/distribution.js';
import type { Consumption, ConsumptionLine, ConsumptionSummary } from '../../api/member-stock.js';
import { formatYuan, lineAmountMicro } from '../../api/money.js';
import type { CallerScope } from '../../context.js';
import { documentEvents, type StateDeclaration } from '../../documents/lifecycle.js';
import { notFound } from '../../errors.js';
import { consumptionType } from '../document-types.js';
import { labelledEvents } from './revise.js';

/** Reads of 消耗出库单: one document with its lines and the batches each took (from its moves), and a list. */

interface HeaderRow {
  id: number;
  number: string;
  state: ConsumptionState;
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
  periodFrom: string;
  periodTo: string;
  target: ConsumptionTarget;
  department: string;
  sourceFile: string;
  note: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

const HEADER_SELECT = `SELECT d.id, d.number, d.state, d.version, d.posted, d.reverses_id AS reversesId, r.number AS reversesNumber,
    rb.id AS reversedById, rb.number AS reversedByNumber, c.store_id AS storeId, s.name AS storeName, s.unit_id AS unitId, u.name AS unitName,
    c.period_from AS periodFrom, c.period_to AS periodTo, c.target, c.department, c.source_file AS sourceFile, c.note,
    d.created_at AS createdAt, COALESCE(cu.display_name, d.created_by) AS createdBy, d.updated_at AS updatedAt,
    COALESCE(uu.display_name, d.updated_by) AS updatedBy
  FROM consumptions c
  JOIN documents d ON d.id = c.document_id
  JOIN stores s ON s.id = c.store_id
  JOIN units u ON u.id = s.unit_id
  LEFT JOIN documents r ON r.id = d.reverses_id
  LEFT JOIN documents rb ON rb.reverses_id = d.id
  LEFT JOIN users cu ON cu.id = d.created_by_user_id
  LEFT JOIN users uu ON uu.username = d.updated_by`;

interface LineRow {
  id: number;
  lineNo: number;
  itemId: number;
  itemCode: string;
  itemName: string;
  spec: string;
  manufacturer: string;
  baseUnit: string;
  pinyin: string;
  quantity: number;
}

interface MoveRow {
  documentId: number;
  lineNo: number;
  batchId: number;
  batchNo: string;
  expiry: string;
  quantity: number;
  costMicro: number;
  costPackFactor: number;
}

/**
 * The moves of the documents, by the line number of the line they were posted for — a 冲销单's moves name its
 * original's lines (reverseMovesOf keeps the line id), whose numbers its own copied lines share.
 */
function movesOf(db: Db, ids: readonly number[]): MoveRow[] {
  if (ids.length === 0) return [];
  return prepared(
    db.$client,
    `SELECT m.document_id AS documentId, l.line_no AS lineNo, m.batch_id AS batchId, b.batch_no AS batchNo, b.expiry, m.quantity,
       b.cost_micro AS costMicro, b.cost_pack_factor AS costPackFactor
     FROM stock_moves m JOIN consumption_lines l ON l.id = m.document_line_id JOIN stock_batches b ON b.id = m.batch_id
     WHERE m.document_id IN (SELECT value FROM json_each(?)) ORDER BY m.id`,
  ).all(JSON.stringify(ids)) as MoveRow[];
}

const amountOf = (m: MoveRow) => lineAmountMicro(Math.abs(m.quantity), { priceMicro: m.costMicro, packFactor: m.costPackFactor });

function toSummary(row: HeaderRow, lines: readonly { quantity: number }[], totalMicro: number): ConsumptionSummary {
  return {
    id: row.id,
    number: row.number,
    state: row.state,
    stateLabel: (consumptionType.states as Record<string, StateDeclaration>)[row.state]?.label ?? row.state,
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
    periodFrom: row.periodFrom,
    periodTo: row.periodTo,
    target: row.target,
    targetLabel: CONSUMPTION_TARGET_LABELS[row.target],
    department: row.department,
    sourceFile: row.sourceFile,
    note: row.note,
    lineCount: lines.length,
    totalQuantity: lines.reduce((sum, l) => sum + l.quantity, 0),
    totalMicro,
    totalYuan: formatYuan(totalMicro),
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

export function consumptionHeader(db: Db, id: number): HeaderRow {
  const header = prepared(db.$client, `${HEADER_SELECT} WHERE c.document_id = ?`).get(id) as HeaderRow | undefined;
  if (!header) throw notFound('消耗出库单');
  return header;
}

export function consumptionLines(db: Db, id: number): LineRow[] {
  return prepared(
    db.$client,
    `SELECT l.id, l.line_no AS lineNo, l.item_id AS itemId, i.code AS itemCode, i.generic_name AS itemName, i.spec, i.manufacturer,
       i.base_unit AS baseUnit, i.pinyin_initials || ' ' || i.pinyin_full AS pinyin, l.quantity
     FROM consumption_lines l JOIN formulary_items i ON i.id = l.item_id WHERE l.document_id = ? ORDER BY l.line_no`,
  ).all(id) as LineRow[];
}

export function readConsumption(db: Db, id: number): Consumption {
  const header = consumptionHeader(db, id);
  const rows = consumptionLines(db, id);
  const byLine = new Map<number, MoveRow[]>();
  for (const move of movesOf(db, [id])) {
    const list = byLine.get(move.lineNo);
    if (list) list.push(move);
    else byLine.set(move.lineNo, [move]);
  }
  const lines: ConsumptionLine[] = rows.map((row) => {
    const batches = (byLine.get(row.lineNo) ?? []).map((m) => ({ batchId: m.batchId, batchNo: m.batchNo, expiry: m.expiry, quantity: Math.abs(m.quantity), amountMicro: amountOf(m) }));
    return { ...row, batches, amountMicro: batches.reduce((sum, b) => sum + b.amountMicro, 0) };
  });
  const total = lines.reduce((sum, l) => sum + l.amountMicro, 0);
  return { ...toSummary(header, rows, total), lines, events: labelledEvents(db, consumptionType, documentEvents(db, id), id) };
}

export function listConsumptions(
  db: Db,
  scope: CallerScope,
  filter: { state?: ConsumptionState | undefined; storeId?: number | undefined; query?: string | undefined; limit: number; offset: number },
): { consumptions: ConsumptionSummary[]; total: number } {
  const where = `WHERE (@state IS NULL OR d.state = @state) AND (@storeId IS NULL OR c.store_id = @storeId)
      AND (@query IS NULL OR d.number LIKE @query OR c.department LIKE @query OR c.source_file LIKE @query OR c.note LIKE @query)
      AND (@units IS NULL OR s.unit_id IN (SELECT value FROM json_each(@units)))`;
  const params = {
    state: filter.state ?? null,
    storeId: filter.storeId ?? null,
    query: filter.query?.trim() ? `%${filter.query.trim()}%` : null,
    units: scope.units === null ? null : JSON.stringify(scope.units),
  };
  const { total } = prepared(db.$client, `SELECT count(*) AS total FROM consumptions c JOIN documents d ON d.id = c.document_id JOIN stores s ON s.id = c.store_id ${where}`).get(
    params,
  ) as { total: number };
  const headers = prepared(db.$client, `${HEADER_SELECT} ${where} ORDER BY d.id DESC LIMIT @limit OFFSET @offset`).all({
    ...params,
    limit: filter.limit,
    offset: filter.offset,
  }) as HeaderRow[];
  const ids = headers.map((h) => h.id);
  const quantities = new Map<number, { quantity: number }[]>();
  if (ids.length > 0) {
    const rows = prepared(db.$client, 'SELECT document_id AS documentId, quantity FROM consumption_lines WHERE document_id IN (SELECT value FROM json_each(?))').all(
      JSON.stringify(ids),
    ) as { documentId: number; quantity: number }[];
    for (const row of rows) {
      const list = quantities.get(row.documentId);
      if (list) list.push(row);
      else quantities.set(row.documentId, [row]);
    }
  }
  const totals = new Map<number, number>();
  for (const move of movesOf(db, ids)) totals.set(move.documentId, (totals.get(move.documentId) ?? 0) + amountOf(move));
  return { consumptions: headers.map((h) => toSummary(h, quantities.get(h.id) ?? [], totals.get(h.id) ?? 0)), total };
}

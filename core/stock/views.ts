import { DOCUMENT_SERIES, type DocumentSeries } from '../api/documents.js';
import { formatYuan, lineAmountMicro } from '../api/money.js';
import { formatPacks, formatQuantity, type PackLevel } from '../api/packs.js';
import {
  BATCH_STATUS_LABELS,
  CHANGE_TYPE_CODES,
  CHANGE_TYPES,
  type BatchStatus,
  type ChangeType,
  type LedgerRow,
  type LocationKind,
  type NearExpiryRow,
  type OnHandGrouping,
  type OnHandRow,
} from '../api/stock.js';
import type { OpOutput, OpParsedInput } from '../api/index.js';
import type { CallerScope, OperationContext } from '../context.js';
import { notFound } from '../errors.js';
import { addMonths, communityDate } from '../time.js';
import { prepared } from '../../db/statements.js';
import { stockSettings } from './settings.js';

/**
 * Every 3502 change type as an SQL list: `m.change_type IN ${ALL_CHANGE_TYPES_SQL} AND m.at >= …` walks the
 * (change_type, at) index type by type, so a period's moves are read without reading the history before it.
 */
export const ALL_CHANGE_TYPES_SQL = `(${CHANGE_TYPE_CODES.map((c) => `'${c}'`).join(',')})`;

/*
 * The reads of the stock ledger. Balances come from `stock_balances` (indexed by item and location), never by
 * summing moves; an item's ledger card pages its moves newest first through the (location, item, id) indexes
 * and computes the running balance from the page and the current balance, so no read grows with history.
 */

interface BalanceRow {
  itemId: number;
  itemCode: string;
  itemName: string;
  tradeName: string;
  spec: string;
  manufacturer: string;
  baseUnit: string;
  packs: string;
  batchId: number;
  batchNo: string;
  expiry: string;
  productionDate: string | null;
  batchStatus: BatchStatus;
  costMicro: number;
  costUnit: string;
  costPackFactor: number;
  locationId: number;
  locationKind: LocationKind;
  locationName: string;
  storeId: number | null;
  storeName: string | null;
  unitId: number;
  unitName: string;
  quantity: number;
  reserved: number;
}

/** The balance and batch columns; the item's and the location's come from one small read each (see balanceRows). */
const BALANCE_COLUMNS = `sb.item_id AS itemId, sb.location_id AS locationId, sb.quantity, sb.reserved, b.id AS batchId, b.batch_no AS batchNo, b.expiry,
  b.production_date AS productionDate, b.status AS batchStatus, b.cost_micro AS costMicro, b.cost_unit AS costUnit, b.cost_pack_factor AS costPackFactor`;
type ItemInfo = Pick<BalanceRow, 'itemId' | 'itemCode' | 'itemName' | 'tradeName' | 'spec' | 'manufacturer' | 'baseUnit' | 'packs'> & { pinyin: string };
type LocationInfo = Pick<BalanceRow, 'locationId' | 'locationKind' | 'locationName' | 'storeId' | 'storeName' | 'unitId' | 'unitName'>;

const packCache = new Map<string, PackLevel[]>();
function packsOf(json: string): PackLevel[] {
  let packs = packCache.get(json);
  if (!packs) {
    packs = JSON.parse(json) as PackLevel[];
    if (packCache.size > 10_000) packCache.clear();
    packCache.set(json, packs);
  }
  return packs;
}

function itemColumnsOf(row: Pick<BalanceRow, 'itemId' | 'itemCode' | 'itemName' | 'tradeName' | 'spec' | 'manufacturer' | 'baseUnit' | 'packs'>) {
  const packs = packsOf(row.packs);
  return {
    itemId: row.itemId,
    itemCode: row.itemCode,
    itemName: row.itemName,
    tradeName: row.tradeName,
    spec: row.spec,
    manufacturer: row.manufacturer,
    baseUnit: row.baseUnit,
    packs,
    packText: formatPacks(row.baseUnit, packs),
  };
}

/** One (batch, location) balance as a row, valued at the batch's cost and rounded to the fen (the money rule). */
function batchRow(row: BalanceRow): OnHandRow {
  const item = itemColumnsOf(row);
  const valueMicro = lineAmountMicro(row.quantity, { priceMicro: row.costMicro, packFactor: row.costPackFactor });
  // Every field written out (no spread): V8 builds this 35-field object on one hidden class, ~50× faster.
  return {
    itemId: item.itemId,
    itemCode: item.itemCode,
    itemName: item.itemName,
    tradeName: item.tradeName,
    spec: item.spec,
    manufacturer: item.manufacturer,
    baseUnit: item.baseUnit,
    packs: item.packs,
    packText: item.packText,
    batchId: row.batchId,
    batchNo: row.batchNo,
    expiry: row.expiry,
    productionDate: row.productionDate,
    batchStatus: row.batchStatus,
    batchStatusText: BATCH_STATUS_LABELS[row.batchStatus],
    batches: 1,
    locationId: row.locationId,
    locationKind: row.locationKind,
    locationName: row.locationName,
    storeId: row.storeId,
    storeName: row.storeName,
    unitId: row.unitId,
    unitName: row.unitName,
    quantity: row.quantity,
    reserved: row.reserved,
    available: row.quantity - row.reserved,
    quantityText: formatQuantity(item.baseUnit, item.packs, row.quantity),
    costMicro: row.costMicro,
    costUnit: row.costUnit,
    costPackFactor: row.costPackFactor,
    valueMicro,
    valueText: formatYuan(valueMicro),
  };
}

/** Adds a batch row into a group row (item / location / unit); the group keeps the earliest expiry. */
function addInto(group: OnHandRow, row: OnHandRow, statuses: Set<BatchStatus>): void {
  group.quantity += row.quantity;
  group.reserved += row.reserved;
  group.available += row.available;
  group.valueMicro += row.valueMicro;
  group.batches += 1;
  if (row.expiry !== null && (group.expiry === null || row.expiry < group.expiry)) group.expiry = row.expiry;
  if (row.batchStatus && row.batchStatus !== 'normal') statuses.add(row.batchStatus);
  if (group.unitId !== row.unitId) {
    group.unitId = null;
    group.unitName = null;
  }
  if (group.locationId !== row.locationId) {
    group.locationId = null;
    group.locationKind = null;
    group.locationName = null;
    group.storeId = null;
    group.storeName = null;
  }
}

function groupRows(rows: OnHandRow[], by: OnHandGrouping, scope: CallerScope): OnHandRow[] {
  if (by === 'batch') return rows;
  // A unit-confined caller's item rows stay per unit, so every row they see belongs to one of their units.
  const keyOf =
    by === 'location'
      ? (r: OnHandRow) => `${r.itemId}:${r.locationId}`
      : by === 'unit' || scope.units !== null
        ? (r: OnHandRow) => `${r.itemId}:${r.unitId}`
        : (r: OnHandRow) => String(r.itemId);
  const groups = new Map<string, { row: OnHandRow; statuses: Set<BatchStatus> }>();
  for (const row of rows) {
    const key = keyOf(row);
    const found = groups.get(key);
    if (!found) {
      const statuses = new Set<BatchStatus>(row.batchStatus && row.batchStatus !== 'normal' ? [row.batchStatus] : []);
      const group: OnHandRow = { ...row, batchId: null, batchNo: null, productionDate: null, batchStatus: null, costMicro: null, costUnit: null, costPackFactor: null };
      if (by === 'unit' || by === 'item') Object.assign(group, { locationId: null, locationKind: null, locationName: null, storeId: null, storeName: null });
      groups.set(key, { row: group, statuses });
      continue;
    }
    addInto(found.row, row, found.statuses);
  }
  return [...groups.values()].map(({ row, statuses }) => ({
    ...row,
    batchStatusText: [...statuses].map((s) => BATCH_STATUS_LABELS[s]).join('、'),
    quantityText: formatQuantity(row.baseUnit, row.packs, row.quantity),
    valueText: formatYuan(row.valueMicro),
  }));
}

interface BalanceFilter {
  itemId?: number | undefined;
  storeId?: number | undefined;
  unitId?: number | undefined;
  status?: BatchStatus | undefined;
  includeZero?: boolean;
  q?: string | undefined;
  /** Only batches expiring on or before this date. */
  expiryUpTo?: string;
}

/**
 * The balances matching the filter, with their batch, item and location. The balances are read through
 * (item_id, location_id) or (location_id, item_id) with their batch; the item and location columns — the same
 * for hundreds of balances — are read once per distinct item and location and joined here.
 */
function balanceRows(ctx: OperationContext, filter: BalanceFilter, order: 'item' | 'expiry'): BalanceRow[] {
  const sqlite = ctx.db.$client;
  const params: Record<string, unknown> = {};
  const where: string[] = [];
  const add = (condition: string, key: string, value: unknown) => {
    if (value === undefined || value === '') return;
    where.push(condition);
    params[key] = value;
  };
  add('sb.item_id = @itemId', 'itemId', filter.itemId);
  add('sb.location_id = (SELECT id FROM stock_locations WHERE store_id = @storeId)', 'storeId', filter.storeId);
  add('sb.location_id IN (SELECT id FROM stock_locations WHERE unit_id = @unitId)', 'unitId', filter.unitId);
  add('b.status = @status', 'status', filter.status);
  add('b.expiry <= @expiryUpTo', 'expiryUpTo', filter.expiryUpTo);
  if (filter.q) {
    where.push(
      `(sb.item_id IN (SELECT id FROM formulary_items i WHERE i.code LIKE @q ESCAPE '\\' OR i.generic_name LIKE @q ESCAPE '\\' OR i.trade_name LIKE @q ESCAPE '\\'
          OR i.pinyin_initials LIKE @qPrefix ESCAPE '\\' OR i.pinyin_full LIKE @qPrefix ESCAPE '\\') OR b.batch_no LIKE @q ESCAPE '\\')`,
    );
    const escaped = filter.q.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase();
    params.q = `%${escaped}%`;
    params.qPrefix = `${escaped}%`;
  }
  if (!filter.includeZero) where.push('sb.quantity > 0');
  if (ctx.scope.units !== null) {
    where.push('sb.location_id IN (SELECT id FROM stock_locations WHERE unit_id IN (SELECT value FROM json_each(@scopeUnits)))');
    params.scopeUnits = JSON.stringify(ctx.scope.units);
  }
  const sql = `SELECT ${BALANCE_COLUMNS} FROM stock_balances sb JOIN stock_batches b ON b.id = sb.batch_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
  const balances = prepared(sqlite, sql).all(params) as (Omit<BalanceRow, keyof ItemInfo | keyof LocationInfo> & { itemId: number; locationId: number })[];
  if (balances.length === 0) return [];

  const itemIds = [...new Set(balances.map((r) => r.itemId))];
  const items = new Map(
    (
      prepared(
        sqlite,
        `SELECT id AS itemId, code AS itemCode, generic_name AS itemName, trade_name AS tradeName, spec, manufacturer, base_unit AS baseUnit, packs,
           pinyin_full AS pinyin FROM formulary_items WHERE id IN (SELECT value FROM json_each(?))`,
      ).all(JSON.stringify(itemIds)) as ItemInfo[]
    ).map((i) => [i.itemId, i]),
  );
  const locationIds = [...new Set(balances.map((r) => r.locationId))];
  const locations = new Map(
    (
      prepared(
        sqlite,
        `SELECT l.id AS locationId, l.kind AS locationKind, l.name AS locationName, l.store_id AS storeId, s.name AS storeName, l.unit_id AS unitId, u.name AS unitName
         FROM stock_locations l LEFT JOIN stores s ON s.id = l.store_id JOIN units u ON u.id = l.unit_id WHERE l.id IN (SELECT value FROM json_each(?))`,
      ).all(JSON.stringify(locationIds)) as LocationInfo[]
    ).map((l) => [l.locationId, l]),
  );
  // Fields written out rather than spread: see batchRow.
  const rows = balances.map((r): BalanceRow & { pinyin: string } => {
    const item = items.get(r.itemId)!;
    const location = locations.get(r.locationId)!;
    return {
      itemId: r.itemId,
      itemCode: item.itemCode,
      itemName: item.itemName,
      tradeName: item.tradeName,
      spec: item.spec,
      manufacturer: item.manufacturer,
      baseUnit: item.baseUnit,
      packs: item.packs,
      pinyin: item.pinyin,
      batchId: r.batchId,
      batchNo: r.batchNo,
      expiry: r.expiry,
      productionDate: r.productionDate,
      batchStatus: r.batchStatus,
      costMicro: r.costMicro,
      costUnit: r.costUnit,
      costPackFactor: r.costPackFactor,
      locationId: r.locationId,
      locationKind: location.locationKind,
      locationName: location.locationName,
      storeId: location.storeId,
      storeName: location.storeName,
      unitId: location.unitId,
      unitName: location.unitName,
      quantity: r.quantity,
      reserved: r.reserved,
    };
  });
  const byItem = (x: BalanceRow & { pinyin: string }, y: BalanceRow & { pinyin: string }) =>
    compare(x.pinyin, y.pinyin) || x.itemId - y.itemId || x.unitId - y.unitId || compare(x.locationKind, y.locationKind) || x.locationId - y.locationId;
  rows.sort(
    order === 'item'
      ? (x, y) => byItem(x, y) || compare(x.expiry, y.expiry) || x.batchId - y.batchId
      : (x, y) => compare(x.expiry, y.expiry) || byItem(x, y) || x.batchId - y.batchId,
  );
  return rows;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** stock.onHand: balances per (batch, location), or grouped, valued at batch cost; paged after grouping. */
export function onHand(ctx: OperationContext, input: OpParsedInput<'stock.onHand'>): OpOutput<'stock.onHand'> {
  const balances = balanceRows(ctx, input, 'item');
  const rows = groupRows(balances.map(batchRow), input.by, ctx.scope);
  let quantity = 0;
  let valueMicro = 0;
  const items = new Set<number>();
  for (const row of rows) {
    quantity += row.quantity;
    valueMicro += row.valueMicro;
    items.add(row.itemId);
  }
  const start = (input.page - 1) * input.pageSize;
  return {
    rows: rows.slice(start, start + input.pageSize),
    total: rows.length,
    page: input.page,
    pageSize: input.pageSize,
    totals: { quantity, valueMicro, valueText: formatYuan(valueMicro), items: items.size },
  };
}

/* ───────────── near expiry ───────────── */

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
export const bandLabel = (withinMonths: number | null) => (withinMonths === null ? '已过期' : `≤${withinMonths}个月`);

/**
 * stock.nearExpiry: batches with stock whose 有效期至 falls within `months` of today, each in the smallest
 * threshold band it falls within (≤1 / ≤3 / ≤6 months by default), and those already expired (有效期至 before
 * today: the expiry date is the last day of use).
 */
export function nearExpiry(ctx: OperationContext, input: OpParsedInput<'stock.nearExpiry'>): OpOutput<'stock.nearExpiry'> {
  const thresholds = [...stockSettings(ctx.db).nearExpiryMonths].sort((a, b) => b - a);
  const months = input.months ?? thresholds[0] ?? 6;
  const today = communityDate(ctx.now);
  const ascending = [...new Set([...thresholds.filter((t) => t <= months), months])].sort((a, b) => a - b);
  const limits = ascending.map((t) => ({ months: t, upTo: addMonths(today, t) }));
  const balances = balanceRows(ctx, { storeId: input.storeId, unitId: input.unitId, expiryUpTo: limits.at(-1)!.upTo }, 'expiry');
  const bands = new Map<number | null, { withinMonths: number | null; label: string; rows: number; valueMicro: number }>();
  if (input.includeExpired) bands.set(null, { withinMonths: null, label: bandLabel(null), rows: 0, valueMicro: 0 });
  for (const limit of limits) bands.set(limit.months, { withinMonths: limit.months, label: bandLabel(limit.months), rows: 0, valueMicro: 0 });
  const rows: NearExpiryRow[] = [];
  for (const balance of balances) {
    const expired = balance.expiry < today;
    if (expired && !input.includeExpired) continue;
    const withinMonths = expired ? null : limits.find((l) => balance.expiry <= l.upTo)!.months;
    const row = Object.assign(batchRow(balance), { daysLeft: daysBetween(today, balance.expiry), withinMonths, bandLabel: bandLabel(withinMonths) }) as NearExpiryRow;
    rows.push(row);
    const band = bands.get(withinMonths)!;
    band.rows += 1;
    band.valueMicro += row.valueMicro;
  }
  return {
    rows,
    thresholds,
    today,
    months,
    bands: [...bands.values()].map((b) => ({ ...b, valueText: formatYuan(b.valueMicro) })),
  };
}

/* ───────────── the ledger card (流水账) ───────────── */

interface MoveRow {
  moveId: number;
  at: string;
  documentId: number;
  documentNumber: string;
  series: DocumentSeries;
  changeType: ChangeType;
  reversesMoveId: number | null;
  batchId: number;
  batchNo: string;
  expiry: string;
  fromLocationId: number | null;
  fromLocationName: string | null;
  fromUnitId: number | null;
  fromUnitName: string | null;
  toLocationId: number | null;
  toLocationName: string | null;
  toUnitId: number | null;
  toUnitName: string | null;
  quantity: number;
  actorName: string;
}

/**
 * The locations the card looks at: the chosen store's; else every location of the caller's units; else
 * (community-wide, no store) every location — `null`, read through the (item, id) index.
 */
function viewedLocations(ctx: OperationContext, storeId: number | undefined): { locations: number[] | null; store: { id: number; name: string; unitId: number } | null } {
  if (storeId !== undefined) {
    const store = prepared(
      ctx.db.$client,
      'SELECT s.id, s.name, s.unit_id AS unitId, l.id AS locationId FROM stores s JOIN stock_locations l ON l.store_id = s.id WHERE s.id = ?',
    ).get(storeId) as { id: number; name: string; unitId: number; locationId: number } | undefined;
    if (!store) throw notFound('库房不存在');
    return { locations: [store.locationId], store: { id: store.id, name: store.name, unitId: store.unitId } };
  }
  if (ctx.scope.units === null) return { locations: null, store: null };
  const rows = prepared(ctx.db.$client, 'SELECT id FROM stock_locations WHERE unit_id IN (SELECT value FROM json_each(?)) ORDER BY id').all(JSON.stringify(ctx.scope.units)) as {
    id: number;
  }[];
  return { locations: rows.map((r) => r.id), store: null };
}

const MOVE_COLUMNS = `m.id AS moveId, m.at, m.document_id AS documentId, d.number AS documentNumber, d.series, m.change_type AS changeType,
  m.reverses_move_id AS reversesMoveId, m.batch_id AS batchId, b.batch_no AS batchNo, b.expiry, m.from_location_id AS fromLocationId,
  lf.name AS fromLocationName, lf.unit_id AS fromUnitId, uf.name AS fromUnitName, m.to_location_id AS toLocationId, lt.name AS toLocationName,
  lt.unit_id AS toUnitId, ut.name AS toUnitName,
  m.quantity, m.actor_name AS actorName`;
const MOVE_JOINS = `JOIN documents d ON d.id = m.document_id
  JOIN stock_batches b ON b.id = m.batch_id
  LEFT JOIN stock_locations lf ON lf.id = m.from_location_id
  LEFT JOIN stock_locations lt ON lt.id = m.to_location_id
  LEFT JOIN units uf ON uf.id = lf.unit_id
  LEFT JOIN units ut ON ut.id = lt.unit_id`;

type WalkedMove = { id: number; fromLocationId: number | null; toLocationId: number | null; quantity: number };
const WALKED = 'id, from_location_id AS fromLocationId, to_location_id AS toLocationId, quantity';

/**
 * The item's moves touching the viewed locations, newest first, the first `limit` of them, with what the running
 * balance needs — read from the covering indexes alone (stock_moves_to_idx / _from_idx: location, item, id, other
 * end, quantity; stock_moves_item_idx for the community view). Each location is two index walks, which SQLite
 * merges in id order (a compound SELECT with ORDER BY) and stops at the limit: the cost is the page's depth, not
 * the item's history nor the table's size. UNION counts once a move within the view at both ends.
 */
function movesNewestFirst(ctx: OperationContext, itemId: number, locations: number[] | null, limit: number): WalkedMove[] {
  const sqlite = ctx.db.$client;
  if (locations === null) return prepared(sqlite, `SELECT ${WALKED} FROM stock_moves WHERE item_id = ? ORDER BY id DESC LIMIT ?`).all(itemId, limit) as WalkedMove[];
  if (locations.length === 0) return [];
  const walks = locations.map(
    (_, n) =>
      `SELECT ${WALKED} FROM stock_moves WHERE to_location_id = @l${n} AND item_id = @itemId UNION SELECT ${WALKED} FROM stock_moves WHERE from_location_id = @l${n} AND item_id = @itemId`,
  );
  const params: Record<string, number> = { itemId, limit };
  locations.forEach((location, n) => (params[`l${n}`] = location));
  return prepared(sqlite, `${walks.join(' UNION ')} ORDER BY id DESC LIMIT @limit`).all(params) as WalkedMove[];
}

/** stock.ledger: one page of an item's moves, newest first, with the running balance of the viewed locations. */
export function ledgerCard(ctx: OperationContext, input: OpParsedInput<'stock.ledger'>): OpOutput<'stock.ledger'> {
  const sqlite = ctx.db.$client;
  const item = prepared(
    sqlite,
    `SELECT id AS itemId, code AS itemCode, generic_name AS itemName, trade_name AS tradeName, spec, manufacturer, base_unit AS baseUnit, packs
     FROM formulary_items WHERE id = ?`,
  ).get(input.itemId) as Parameters<typeof itemColumnsOf>[0] | undefined;
  if (!item) throw notFound('品种不存在');
  const { locations, store } = viewedLocations(ctx, input.storeId);
  const viewed = locations === null ? null : new Set(locations);
  const inView = (id: number | null) => id !== null && (viewed === null || viewed.has(id));

  const currentBalance =
    locations === null
      ? (prepared(sqlite, 'SELECT COALESCE(SUM(quantity), 0) AS n FROM stock_balances WHERE item_id = ?').get(input.itemId) as { n: number }).n
      : (
          prepared(sqlite, 'SELECT COALESCE(SUM(quantity), 0) AS n FROM stock_balances WHERE item_id = ? AND location_id IN (SELECT value FROM json_each(?))').get(
            input.itemId,
            JSON.stringify(locations),
          ) as { n: number }
        ).n;

  const offset = (input.page - 1) * input.pageSize;
  // One more than the page tells whether older moves follow; the moves newer than the page give its start.
  const walked = movesNewestFirst(ctx, input.itemId, locations, offset + input.pageSize + 1);
  const fetchMoves = prepared(sqlite, `SELECT ${MOVE_COLUMNS} FROM stock_moves m ${MOVE_JOINS} WHERE m.id IN (SELECT value FROM json_each(?)) ORDER BY m.id DESC`);
  const effectOf = (m: Pick<MoveRow, 'fromLocationId' | 'toLocationId' | 'quantity'>) => {
    const into = inView(m.toLocationId);
    const outOf = inView(m.fromLocationId);
    return into && !outOf ? m.quantity : outOf && !into ? -m.quantity : 0;
  };
  let newer = 0;
  for (let i = 0; i < Math.min(offset, walked.length); i++) newer += effectOf(walked[i]!);
  // Only the page's own moves are read whole (document, batch, location names).
  const pageIds = walked.slice(offset, offset + input.pageSize).map((m) => m.id);
  const moves = pageIds.length ? (fetchMoves.all(JSON.stringify(pageIds)) as MoveRow[]) : [];

  let balance = currentBalance - newer;
  const rows: LedgerRow[] = moves.map((m) => {
    const quantity = effectOf(m);
    const internal = inView(m.fromLocationId) && inView(m.toLocationId);
    const row: LedgerRow = {
      moveId: m.moveId,
      at: m.at,
      documentId: m.documentId,
      documentNumber: m.documentNumber,
      documentTypeLabel: DOCUMENT_SERIES[m.series] ?? m.series,
      changeType: m.changeType,
      changeTypeLabel: CHANGE_TYPES[m.changeType],
      reversesMoveId: m.reversesMoveId,
      batchId: m.batchId,
      batchNo: m.batchNo,
      expiry: m.expiry,
      fromLocationId: m.fromLocationId,
      fromLocationName: m.fromLocationName,
      toLocationId: m.toLocationId,
      toLocationName: m.toLocationName,
      fromUnitName: m.fromUnitName,
      toUnitName: m.toUnitName,
      moved: m.quantity,
      quantity,
      inQuantity: quantity > 0 ? quantity : 0,
      outQuantity: quantity < 0 ? -quantity : 0,
      internal,
      balance,
      actorName: m.actorName,
      unitId: (inView(m.toLocationId) ? m.toUnitId : m.fromUnitId) ?? m.toUnitId!,
    };
    balance -= quantity;
    return row;
  });
  return {
    item: itemColumnsOf(item),
    store,
    rows,
    page: input.page,
    pageSize: input.pageSize,
    hasMore: walked.length > offset + input.pageSize,
    currentBalance,
    openingBalance: balance,
  };
}

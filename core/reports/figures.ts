import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import { lineAmountMicro } from '../api/money.js';
import type { UnitLevel } from '../api/units.js';
import { stockSettings } from '../stock/settings.js';
import { ALL_CHANGE_TYPES_SQL } from '../stock/views.js';
import type { MonthPeriod } from './period.js';
import { addMonths } from '../time.js';

/**
 * The stock side of the monthly report (月报), per unit, from the ledger alone: every figure is a sum over moves or
 * batch balances that `report.trace` lists line by line.
 *
 * - 进货 (inflow): what arrived in the unit's stores in the month — 108 商品采购入库 (the centre's purchases, a member's
 *   直配) and, for member units, 101 调拨入库 (goods from the centre; at the centre a 101 is a member's return, not a
 *   purchase). Reversals are negative moves of the same type, so they net out. Valued move by move at the batch's
 *   purchase cost (零差率), rounded to the fen per move like every document line.
 * - 目录内 (formulary): inflow of items that are 在用 and in the unit's level sub-catalogue — an item that reached a
 *   level it is not allowed at is counted outside.
 * - 基本药物 (essential): varieties (distinct items) and amount of inflow of items flagged essential.
 * - 网上采购 (on platform): inflow of batches first received on an order placed on the platform (channel `platform`);
 *   batches bought offline or in an emergency, received without an order, or entered as 其他入库 count outside.
 * - 院内制剂 (preparations): inflow of items of category `preparation`.
 * - 出库 (outflow): moves leaving the unit's stores for outside the unit (to a supplier, a patient, another unit's
 *   in-transit or store); moves between the unit's own stores do not count.
 * - 期初 / 期末 (opening / closing) stock value: the batch balances of the unit's stores at the month's start and end,
 *   derived from today's balances less the moves since (no running balance is stored anywhere).
 * - 近效期 / 过期 at month end: closing batches whose 有效期 is before the next month's first day (expired) or within
 *   the widest near-expiry threshold of the stock settings after it (default 6 months).
 * - 周转天数 (turnover days): average of opening and closing value ÷ (outflow ÷ days of the month).
 */

export interface UnitRow {
  unitId: number;
  unitCode: string;
  unitName: string;
  level: UnitLevel;
  isLead: boolean;
}

export interface StockFigures {
  inflowMicro: number;
  varieties: number;
  formularyMicro: number;
  essentialMicro: number;
  essentialVarieties: number;
  platformMicro: number;
  preparationMicro: number;
  preparationQuantity: number;
  outflowMicro: number;
  openingMicro: number;
  closingMicro: number;
  nearExpiryMicro: number;
  expiredMicro: number;
}

export const emptyStockFigures = (): StockFigures => ({
  inflowMicro: 0,
  varieties: 0,
  formularyMicro: 0,
  essentialMicro: 0,
  essentialVarieties: 0,
  platformMicro: 0,
  preparationMicro: 0,
  preparationQuantity: 0,
  outflowMicro: 0,
  openingMicro: 0,
  closingMicro: 0,
  nearExpiryMicro: 0,
  expiredMicro: 0,
});

const ALL_TYPES = ALL_CHANGE_TYPES_SQL;

/** A move's value at its batch's cost, rounded half away from zero to the fen — lineAmountMicro in SQL. */
export const MOVE_VALUE = `(CASE WHEN m.quantity >= 0
    THEN ((2 * m.quantity * b.cost_micro + b.cost_pack_factor * 10000) / (2 * b.cost_pack_factor * 10000)) * 10000
    ELSE -(((2 * -m.quantity * b.cost_micro + b.cost_pack_factor * 10000) / (2 * b.cost_pack_factor * 10000)) * 10000) END)`;

/** The moves counted as a unit's inflow (进货): 108 anywhere, 101 at member units. */
export const INFLOW_WHERE = `l.kind = 'store' AND (m.change_type = '108' OR (m.change_type = '101' AND u.is_lead = 0))`;

/** The moves counted as a unit's outflow (出库): leaving its stores for outside the unit. */
export const OUTFLOW_WHERE = `f.kind = 'store' AND (t.id IS NULL OR t.unit_id <> f.unit_id)`;

interface ItemFlags {
  essential: boolean;
  preparation: boolean;
  active: boolean;
  levels: Record<UnitLevel, boolean>;
}

function itemFlags(db: Db): Map<number, ItemFlags> {
  const rows = prepared(
    db.$client,
    `SELECT id, essential, category, status, level_county AS county, level_township AS township, level_village AS village FROM formulary_items`,
  ).all() as { id: number; essential: number; category: string; status: string; county: number; township: number; village: number }[];
  return new Map(
    rows.map((r) => [
      r.id,
      {
        essential: r.essential === 1,
        preparation: r.category === 'preparation',
        active: r.status === 'active',
        levels: { county: r.county === 1, township: r.township === 1, village: r.village === 1 },
      },
    ]),
  );
}

/** The channel of the order each batch was first received on ('' when received without an order). */
export function batchChannels(db: Db): Map<number, string> {
  const rows = prepared(
    db.$client,
    `SELECT rl.batch_id AS batchId, COALESCE(po.channel, '') AS channel FROM receipt_lines rl
       LEFT JOIN purchase_order_lines pl ON pl.id = rl.order_line_id
       LEFT JOIN purchase_orders po ON po.document_id = pl.document_id
      WHERE rl.batch_id IS NOT NULL ORDER BY rl.id DESC`,
  ).all() as { batchId: number; channel: string }[];
  // Descending, so the first receipt line of a batch is the one kept.
  return new Map(rows.map((r) => [r.batchId, r.channel]));
}

export interface BatchCost {
  itemId: number;
  expiry: string;
  costMicro: number;
  packFactor: number;
}

function batchCosts(db: Db, ids: readonly number[]): Map<number, BatchCost> {
  const out = new Map<number, BatchCost>();
  if (ids.length === 0) return out;
  const rows = prepared(
    db.$client,
    `SELECT id, item_id AS itemId, expiry, cost_micro AS costMicro, cost_pack_factor AS packFactor FROM stock_batches WHERE id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(ids)) as ({ id: number } & BatchCost)[];
  for (const r of rows) out.set(r.id, r);
  return out;
}

/** Batch quantities held in each unit's stores at `at`: today's balances less the moves at or after `at`. */
export function heldAt(db: Db, at: string): { unitId: number; batchId: number; quantity: number }[] {
  return prepared(
    db.$client,
    `WITH since AS (
        SELECT m.to_location_id AS loc, m.batch_id AS batchId, -SUM(m.quantity) AS q FROM stock_moves m
         WHERE m.change_type IN ${ALL_TYPES} AND m.at >= @at AND m.to_location_id IS NOT NULL GROUP BY 1, 2
        UNION ALL
        SELECT m.from_location_id, m.batch_id, SUM(m.quantity) FROM stock_moves m
         WHERE m.change_type IN ${ALL_TYPES} AND m.at >= @at AND m.from_location_id IS NOT NULL GROUP BY 1, 2
      ), held AS (
        SELECT location_id AS loc, batch_id AS batchId, quantity AS q FROM stock_balances WHERE quantity <> 0
        UNION ALL SELECT loc, batchId, q FROM since
      )
      SELECT l.unit_id AS unitId, h.batchId, SUM(h.q) AS quantity FROM held h JOIN stock_locations l ON l.id = h.loc
       WHERE l.kind = 'store' GROUP BY l.unit_id, h.batchId HAVING SUM(h.q) <> 0`,
  ).all({ at }) as { unitId: number; batchId: number; quantity: number }[];
}

export function activeUnits(db: Db): UnitRow[] {
  return (
    prepared(db.$client, `SELECT id AS unitId, code AS unitCode, name AS unitName, level, is_lead AS isLead FROM units WHERE active = 1 ORDER BY is_lead DESC, level, code`).all() as (Omit<
      UnitRow,
      'isLead'
    > & { isLead: number })[]
  ).map((u) => ({ ...u, isLead: u.isLead === 1 }));
}

/** The month's stock figures of every unit (those of `unitIds` only, when given). */
export function stockFigures(db: Db, period: MonthPeriod, units: readonly UnitRow[]): Map<number, StockFigures> {
  const byUnit = new Map(units.map((u) => [u.unitId, emptyStockFigures()]));
  const levelOf = new Map(units.map((u) => [u.unitId, u.level]));
  const items = itemFlags(db);
  const channels = batchChannels(db);

  const inflow = prepared(
    db.$client,
    `SELECT l.unit_id AS unitId, m.item_id AS itemId, m.batch_id AS batchId, SUM(m.quantity) AS quantity, SUM(${MOVE_VALUE}) AS valueMicro
       FROM stock_moves m JOIN stock_locations l ON l.id = m.to_location_id JOIN units u ON u.id = l.unit_id JOIN stock_batches b ON b.id = m.batch_id
      WHERE m.change_type IN ('101', '108') AND m.at >= @startAt AND m.at < @endAt AND ${INFLOW_WHERE}
      GROUP BY l.unit_id, m.batch_id`,
  ).all(period) as { unitId: number; itemId: number; batchId: number; quantity: number; valueMicro: number }[];
  const varieties = new Map<number, Map<number, number>>();
  for (const r of inflow) {
    const f = byUnit.get(r.unitId);
    const item = items.get(r.itemId);
    if (!f || !item) continue;
    f.inflowMicro += r.valueMicro;
    if (item.active && item.levels[levelOf.get(r.unitId)!]) f.formularyMicro += r.valueMicro;
    if (item.essential) f.essentialMicro += r.valueMicro;
    if (channels.get(r.batchId) === 'platform') f.platformMicro += r.valueMicro;
    if (item.preparation) {
      f.preparationMicro += r.valueMicro;
      f.preparationQuantity += r.quantity;
    }
    let net = varieties.get(r.unitId);
    if (!net) varieties.set(r.unitId, (net = new Map()));
    net.set(r.itemId, (net.get(r.itemId) ?? 0) + r.quantity);
  }
  // 品种数: items whose net inflow is not zero (a receipt reversed in the month leaves no variety behind).
  for (const [unitId, net] of varieties) {
    const f = byUnit.get(unitId)!;
    for (const [itemId, quantity] of net) {
      if (quantity === 0) continue;
      f.varieties += 1;
      if (items.get(itemId)!.essential) f.essentialVarieties += 1;
    }
  }

  const outflow = prepared(
    db.$client,
    `SELECT f.unit_id AS unitId, SUM(${MOVE_VALUE}) AS valueMicro
       FROM stock_moves m JOIN stock_locations f ON f.id = m.from_location_id LEFT JOIN stock_locations t ON t.id = m.to_location_id
       JOIN stock_batches b ON b.id = m.batch_id
      WHERE m.change_type IN ${ALL_TYPES} AND m.at >= @startAt AND m.at < @endAt AND ${OUTFLOW_WHERE}
      GROUP BY f.unit_id`,
  ).all(period) as { unitId: number; valueMicro: number }[];
  for (const r of outflow) {
    const f = byUnit.get(r.unitId);
    if (f) f.outflowMicro += r.valueMicro;
  }

  const opening = heldAt(db, period.startAt);
  const closing = heldAt(db, period.endAt);
  const costs = batchCosts(db, [...new Set([...opening, ...closing].map((h) => h.batchId))]);
  const value = (h: { batchId: number; quantity: number }) => {
    const c = costs.get(h.batchId)!;
    return lineAmountMicro(h.quantity, { priceMicro: c.costMicro, packFactor: c.packFactor });
  };
  for (const h of opening) {
    const f = byUnit.get(h.unitId);
    if (f) f.openingMicro += value(h);
  }
  const nearLimit = nearExpiryLimit(db, period);
  for (const h of closing) {
    const f = byUnit.get(h.unitId);
    if (!f) continue;
    const v = value(h);
    f.closingMicro += v;
    const expiry = costs.get(h.batchId)!.expiry;
    if (expiry < period.nextFirstDay) f.expiredMicro += v;
    else if (expiry < nearLimit) f.nearExpiryMicro += v;
  }
  return byUnit;
}

/** Batches expiring before this date (and not yet expired at month end) are near expiry. */
export function nearExpiryLimit(db: Db, period: MonthPeriod): string {
  const months = Math.max(...stockSettings(db).nearExpiryMonths, 0);
  return addMonths(period.nextFirstDay, months);
}

/** Turnover days: average stock ÷ daily outflow, one decimal; null when nothing went out. */
export function turnoverDays(f: Pick<StockFigures, 'openingMicro' | 'closingMicro' | 'outflowMicro'>, days: number): number | null {
  if (f.outflowMicro <= 0) return null;
  return Math.round(((f.openingMicro + f.closingMicro) / 2 / (f.outflowMicro / days)) * 10) / 10;
}

export function addStockFigures(into: StockFigures, f: StockFigures): void {
  for (const key of Object.keys(into) as (keyof StockFigures)[]) into[key] += f[key];
}

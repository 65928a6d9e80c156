import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import { DOCUMENT_SERIES, type DocumentSeries } from '../api/documents.js';
import { vbpTerms as vbpTermsSchema } from '../api/formulary.js';
import { lineAmountMicro, formatYuan } from '../api/money.js';
import { baseUnitsPer, type PackLevel } from '../api/packs.js';
import { CHANGE_TYPES, type ChangeType } from '../api/stock.js';
import { COMMUNITY_UTC_OFFSET_HOURS, dateStartInstant, nextDate } from '../time.js';

/**
 * 集采监测: how far each 中选 product (a formulary item with 集采 terms) and each member unit has come towards its
 * agreed annual volume, read from the stock ledger — nothing is stored.
 *
 * - The **agreement year** is the one containing `asOf`: from the terms' `yearStart` (or January 1 when the terms
 *   have none) to the day before its anniversary. Days are community dates; `asOf` counts as elapsed (a whole day).
 * - **Bought** (base units, moves dated in the agreement year up to the end of `asOf`):
 *   - community: 108 商品采购入库 into any store (central or 直配) minus 109 商品退货出库 to the supplier, from any store;
 *   - per unit: into the unit's own (non-central) stores — 101 调拨入库 (a shipment confirmed, 签收: goods in transit
 *     are not the unit's yet) and 108 直配 receipts — minus 102 调拨出库 out of them (退库 back to the centre) and 109
 *     returns to the supplier from them.
 *   Reversals (冲销) are moves of negated quantity, so they cancel what they reverse.
 * - **completion** = bought ÷ agreed, **elapsed** = elapsed days ÷ days of the year, both shown in basis points
 *   (floor); **behind** when elapsed − completion > the margin (percentage points, `vbp.settings`), decided exactly
 *   in integers; **projection** = floor(bought × days ÷ elapsed days) base units; **gap** = agreed − bought (not
 *   below 0).
 * - **Savings** (结余留用) = (reference price − agreed price) × bought, both prices per the item's purchase unit, by the
 *   money rule (`lineAmountMicro`: exact in integers, rounded half-up to the fen once per figure); null without a
 *   reference price. Totals add the rounded figures, so the printed rows add up.
 */

/* ───────────── settings ───────────── */

export interface VbpSettings {
  /** 落后阈值: percentage points by which the elapsed share may lead completion before a product or unit is behind. */
  marginPp: number;
}

export const VBP_SETTINGS_KEY = 'vbp.settings';
export const DEFAULT_VBP_SETTINGS: VbpSettings = { marginPp: 10 };

export function vbpSettings(db: Db): VbpSettings {
  const row = prepared(db.$client, 'SELECT value FROM hub_settings WHERE name = ?').get(VBP_SETTINGS_KEY) as { value: string } | undefined;
  if (!row) return DEFAULT_VBP_SETTINGS;
  return { ...DEFAULT_VBP_SETTINGS, ...(JSON.parse(row.value) as Partial<VbpSettings>) };
}

/** Saves the settings (whole), in the caller's transaction; the caller audits. */
export function saveVbpSettings(db: Db, settings: VbpSettings, now: Date): void {
  prepared(
    db.$client,
    `INSERT INTO hub_settings (name, value, updated_at) VALUES (@name, @value, @at)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run({ name: VBP_SETTINGS_KEY, value: JSON.stringify(settings), at: now.toISOString() });
}

/* ───────────── the agreement year ───────────── */

const DAY_MS = 86_400_000;
const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const shiftYear = (date: string, years: number): string => `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4)}`;

export interface AgreementYear {
  /** First day (YYYY-MM-DD). */
  start: string;
  /** Last day, inclusive. */
  end: string;
  days: number;
  /** Days from the start up to and including asOf, 0 before the start, at most `days`. */
  elapsedDays: number;
}

/** The agreement year that contains `asOf`; before the agreement's first start, its first year (nothing elapsed). */
export function agreementYear(yearStart: string | undefined, asOf: string): AgreementYear {
  let start: string;
  if (!yearStart) start = `${asOf.slice(0, 4)}-01-01`;
  else {
    start = `${asOf.slice(0, 4)}${yearStart.slice(4)}`;
    if (start > asOf) start = shiftYear(start, -1);
    if (start < yearStart) start = yearStart;
  }
  const next = shiftYear(start, 1);
  const days = dayNumber(next) - dayNumber(start);
  const elapsedDays = Math.min(days, Math.max(0, dayNumber(asOf) - dayNumber(start) + 1));
  return { start, end: new Date((dayNumber(next) - 1) * DAY_MS).toISOString().slice(0, 10), days, elapsedDays };
}

/** The UTC instant at which a community date begins (stock moves are stamped in UTC). */

/* ───────────── figures ───────────── */

export interface VbpFigures {
  /** 约定量 (base units). */
  agreed: number;
  /** 已采购量 (base units). */
  bought: number;
  /** bought ÷ agreed in basis points (floor); null without an agreed volume. */
  completionBp: number | null;
  /** The share of the agreement year elapsed, in basis points (floor). */
  elapsedBp: number;
  /** agreed − bought, not below 0. */
  gap: number;
  /** floor(bought × days ÷ elapsed days); null before the year starts. */
  projection: number | null;
  behind: boolean;
  /** 结余 in micro-yuan (fen-rounded), null without a reference price. */
  savingsMicro: number | null;
  /** bought × the agreed price (fen-rounded). */
  boughtAmountMicro: number;
}

export interface VbpUnitRow extends VbpFigures {
  unitId: number;
  unitCode: string;
  unitName: string;
}

export interface VbpProductRow extends VbpFigures {
  itemId: number;
  itemCode: string;
  itemName: string;
  spec: string;
  manufacturer: string;
  baseUnit: string;
  purchaseUnit: string;
  /** Base units per purchase unit: the pack both prices are per. */
  perPurchase: number;
  batch: string;
  agreedPriceMicro: number;
  referencePriceMicro: number | null;
  yearStart: string;
  yearEnd: string;
  /** The terms carry no yearStart: the calendar year is assumed. */
  calendarYear: boolean;
  agreedAmountMicro: number;
  units: VbpUnitRow[];
}

export interface VbpTotals {
  products: number;
  behindProducts: number;
  behindUnits: number;
  /** Σ agreed volume × agreed price over the products shown. */
  agreedAmountMicro: number;
  boughtAmountMicro: number;
  /** boughtAmount ÷ agreedAmount in basis points, null when nothing is agreed. */
  completionByAmountBp: number | null;
  savingsMicro: number;
}

export interface VbpMonitorResult {
  asOf: string;
  marginPp: number;
  products: VbpProductRow[];
  totals: VbpTotals;
}

export interface VbpMonitorOptions {
  /** The units the caller may see (null: all). */
  units: readonly number[] | null;
  unitId?: number | undefined;
  itemId?: number | undefined;
  behindOnly?: boolean | undefined;
  /** Overrides the saved margin. */
  marginPp?: number | undefined;
  /**
   * What the totals add up: the products' community figures (default), or the unit rows shown — for a
   * unit-confined caller or a chosen unit, so that their 结余 and completion are their own.
   */
  totalsOf?: 'community' | 'units' | undefined;
}

function figures(agreed: number, bought: number, year: AgreementYear, marginPp: number, prices: { agreed: number; reference: number | null; per: number }): VbpFigures {
  const { days, elapsedDays } = year;
  const A = BigInt(agreed);
  const B = BigInt(bought);
  const D = BigInt(days);
  const E = BigInt(elapsedDays);
  // elapsed − completion > margin ⇔ E/D − B/A > m/100 ⇔ 100·E·A − 100·B·D > m·D·A (A, D > 0)
  const behind = agreed > 0 && elapsedDays > 0 && 100n * E * A - 100n * B * D > BigInt(marginPp) * D * A;
  const diff = prices.reference === null ? null : prices.reference - prices.agreed;
  const savingsMicro =
    diff === null ? null : diff >= 0 ? lineAmountMicro(bought, { priceMicro: diff, packFactor: prices.per }) : -lineAmountMicro(bought, { priceMicro: -diff, packFactor: prices.per });
  return {
    agreed,
    bought,
    completionBp: agreed > 0 ? Number((B * 10_000n) / A) : null,
    elapsedBp: Number((E * 10_000n) / D),
    gap: Math.max(0, agreed - bought),
    projection: elapsedDays > 0 ? Number((B * D) / E) : null,
    behind,
    savingsMicro: savingsMicro === 0 ? 0 : savingsMicro,
    boughtAmountMicro: lineAmountMicro(bought, { priceMicro: prices.agreed, packFactor: prices.per }),
  };
}

interface ItemRow {
  itemId: number;
  itemCode: string;
  itemName: string;
  spec: string;
  manufacturer: string;
  baseUnit: string;
  purchaseUnit: string;
  packs: string;
  vbp: string;
}

/** The 中选 products: items whose 集采 terms parse (old terms without the issue-10 fields included). */
function vbpItems(db: Db, itemId?: number): (ItemRow & { terms: ReturnType<typeof vbpTermsSchema.parse>; perPurchase: number })[] {
  const rows = prepared(
    db.$client,
    `SELECT id AS itemId, code AS itemCode, generic_name AS itemName, spec, manufacturer, base_unit AS baseUnit, purchase_unit AS purchaseUnit, packs, vbp
     FROM formulary_items WHERE vbp IS NOT NULL AND vbp NOT IN ('', 'null') AND (@itemId IS NULL OR id = @itemId) ORDER BY code, id`,
  ).all({ itemId: itemId ?? null }) as ItemRow[];
  return rows.flatMap((row) => {
    const parsed = vbpTermsSchema.safeParse(JSON.parse(row.vbp));
    if (!parsed.success) return [];
    const perPurchase = baseUnitsPer(row.baseUnit, JSON.parse(row.packs) as PackLevel[], row.purchaseUnit) ?? 1;
    return [{ ...row, terms: parsed.data, perPurchase }];
  });
}

const COMMUNITY_BOUGHT = `
  SELECT COALESCE(SUM(CASE m.change_type WHEN '108' THEN m.quantity ELSE -m.quantity END), 0) AS bought
  FROM stock_moves m
  WHERE m.item_id = @itemId AND +m.change_type IN ('108', '109') AND m.at >= @from AND m.at < @to`;

/** The location a unit's move counts at: where 101 / 108 arrive, where 102 / 109 leave from. */
const UNIT_MOVES_FROM = `
  FROM stock_moves m
  JOIN stock_locations loc ON loc.id = CASE WHEN m.change_type IN ('101', '108') THEN m.to_location_id ELSE m.from_location_id END
  JOIN stores s ON s.id = loc.store_id AND s.is_central = 0
  WHERE m.item_id = @itemId AND m.change_type IN ('101', '102', '108', '109') AND m.at >= @from AND m.at < @to`;

const UNIT_BOUGHT = `
  SELECT s.unit_id AS unitId, SUM(CASE WHEN m.change_type IN ('101', '108') THEN m.quantity ELSE -m.quantity END) AS bought
  ${UNIT_MOVES_FROM}
  GROUP BY s.unit_id`;

/**
 * The two hot reads, for the query-plan test: each walks one item's moves by stock_moves_item_idx (a year of one
 * item), never every 108 of the year across items (the unary + keeps the planner off stock_moves_type_at_idx).
 */
export const VBP_BOUGHT_SQL = { community: COMMUNITY_BOUGHT, units: UNIT_BOUGHT } as const;

/** vbp.monitor's figures, as of a community date. */
export function vbpMonitor(db: Db, asOf: string, options: VbpMonitorOptions): VbpMonitorResult {
  const marginPp = options.marginPp ?? vbpSettings(db).marginPp;
  const unitNames = new Map(
    (prepared(db.$client, 'SELECT id, code, name FROM units ORDER BY id').all() as { id: number; code: string; name: string }[]).map((u) => [u.id, u]),
  );
  const visible = (unitId: number) => (options.units === null || options.units.includes(unitId)) && (options.unitId === undefined || options.unitId === unitId);
  const products: VbpProductRow[] = [];
  for (const item of vbpItems(db, options.itemId)) {
    const year = agreementYear(item.terms.yearStart, asOf);
    const window = { itemId: item.itemId, from: dateStartInstant(year.start), to: dateStartInstant(nextDate(asOf < year.start ? year.start : asOf)) };
    if (year.elapsedDays === 0) window.to = window.from;
    const prices = { agreed: item.terms.agreedPriceMicro, reference: item.terms.referencePriceMicro ?? null, per: item.perPurchase };
    const bought = (prepared(db.$client, COMMUNITY_BOUGHT).get(window) as { bought: number }).bought;
    const byUnit = new Map((prepared(db.$client, UNIT_BOUGHT).all(window) as { unitId: number; bought: number }[]).map((r) => [r.unitId, r.bought]));
    const agreedByUnit = new Map<number, number>();
    for (const v of item.terms.unitVolumes) agreedByUnit.set(v.unitId, (agreedByUnit.get(v.unitId) ?? 0) + v.volume);
    const unitIds = [...new Set([...agreedByUnit.keys(), ...byUnit.keys()])].filter(visible).sort((a, b) => a - b);
    let units: VbpUnitRow[] = unitIds
      .filter((id) => (agreedByUnit.get(id) ?? 0) > 0 || (byUnit.get(id) ?? 0) !== 0)
      .map((unitId) => ({
        unitId,
        unitCode: unitNames.get(unitId)?.code ?? '',
        unitName: unitNames.get(unitId)?.name ?? `#${unitId}`,
        ...figures(agreedByUnit.get(unitId) ?? 0, byUnit.get(unitId) ?? 0, year, marginPp, prices),
      }));
    const community = figures(item.terms.annualVolume, bought, year, marginPp, prices);
    if (options.behindOnly) {
      if (!community.behind && !units.some((u) => u.behind)) continue;
      units = units.filter((u) => u.behind);
    }
    products.push({
      itemId: item.itemId,
      itemCode: item.itemCode,
      itemName: item.itemName,
      spec: item.spec,
      manufacturer: item.manufacturer,
      baseUnit: item.baseUnit,
      purchaseUnit: item.purchaseUnit,
      perPurchase: item.perPurchase,
      batch: item.terms.batch,
      agreedPriceMicro: item.terms.agreedPriceMicro,
      referencePriceMicro: prices.reference,
      yearStart: year.start,
      yearEnd: year.end,
      calendarYear: item.terms.yearStart === undefined,
      agreedAmountMicro: lineAmountMicro(item.terms.annualVolume, { priceMicro: prices.agreed, packFactor: prices.per }),
      ...community,
      units,
    });
  }
  const sum = (pick: (p: VbpProductRow) => number) => products.reduce((n, p) => n + pick(p), 0);
  const byUnits = options.totalsOf === 'units';
  const unitSum = (p: VbpProductRow, pick: (u: VbpUnitRow) => number) => p.units.reduce((n, u) => n + pick(u), 0);
  const agreedAmountMicro = byUnits
    ? sum((p) => unitSum(p, (u) => lineAmountMicro(u.agreed, { priceMicro: p.agreedPriceMicro, packFactor: p.perPurchase })))
    : sum((p) => p.agreedAmountMicro);
  const boughtAmountMicro = byUnits ? sum((p) => unitSum(p, (u) => u.boughtAmountMicro)) : sum((p) => p.boughtAmountMicro);
  return {
    asOf,
    marginPp,
    products,
    totals: {
      products: products.length,
      behindProducts: byUnits ? products.filter((p) => p.units.some((u) => u.behind)).length : products.filter((p) => p.behind).length,
      behindUnits: sum((p) => p.units.filter((u) => u.behind).length),
      agreedAmountMicro,
      boughtAmountMicro,
      completionByAmountBp: agreedAmountMicro > 0 ? Number((BigInt(boughtAmountMicro) * 10_000n) / BigInt(agreedAmountMicro)) : null,
      savingsMicro: byUnits ? sum((p) => unitSum(p, (u) => u.savingsMicro ?? 0)) : sum((p) => p.savingsMicro ?? 0),
    },
  };
}

/* ───────────── the alerts' view ───────────── */

/** "42.5%" from basis points (one decimal, truncated like the figure). */
export const percentText = (bp: number | null): string => (bp === null ? '—' : `${Math.trunc(bp / 10) / 10}%`);

/** A product or unit behind its 集采 schedule, with figures ready for an alert's title and body. */
export interface VbpBehindEntry {
  kind: 'product' | 'unit';
  /** Stable per product, unit and agreement year, for de-duplicating alerts: `vbp:<itemId>:<unitId|all>:<yearStart>`. */
  key: string;
  itemId: number;
  itemCode: string;
  itemName: string;
  spec: string;
  batch: string;
  unitId: number | null;
  unitName: string | null;
  baseUnit: string;
  agreed: number;
  bought: number;
  gap: number;
  projection: number | null;
  completionBp: number;
  elapsedBp: number;
  marginPp: number;
  completionText: string;
  elapsedText: string;
  yearStart: string;
  yearEnd: string;
  /** e.g. 集采进度落后：氨氯地平片 5mg（清源县城关镇卫生院） */
  title: string;
  /** e.g. 第七批 协议年度 2026-01-01 至 2026-12-31：已完成 30%，时间已过 50%（落后超过 10 个百分点）；已采 3,000 / 10,000 片，预计年底 6,000 片 */
  detail: string;
  /** The page to open. */
  link: string;
}

const n = (v: number) => v.toLocaleString('en-US');

/** Every product and unit behind by more than the saved margin as of a community date (community-wide). */
export function vbpBehind(db: Db, asOf: string): VbpBehindEntry[] {
  const result = vbpMonitor(db, asOf, { units: null });
  const out: VbpBehindEntry[] = [];
  for (const p of result.products) {
    const rows: (VbpFigures & { unitId: number | null; unitName: string | null })[] = [{ ...p, unitId: null, unitName: null }, ...p.units];
    for (const r of rows) {
      if (!r.behind) continue;
      const completionBp = r.completionBp ?? 0;
      out.push({
        kind: r.unitId === null ? 'product' : 'unit',
        key: `vbp:${p.itemId}:${r.unitId ?? 'all'}:${p.yearStart}`,
        itemId: p.itemId,
        itemCode: p.itemCode,
        itemName: p.itemName,
        spec: p.spec,
        batch: p.batch,
        unitId: r.unitId,
        unitName: r.unitName,
        baseUnit: p.baseUnit,
        agreed: r.agreed,
        bought: r.bought,
        gap: r.gap,
        projection: r.projection,
        completionBp,
        elapsedBp: r.elapsedBp,
        marginPp: result.marginPp,
        completionText: percentText(completionBp),
        elapsedText: percentText(r.elapsedBp),
        yearStart: p.yearStart,
        yearEnd: p.yearEnd,
        title: `集采进度落后：${p.itemName} ${p.spec}${r.unitName ? `（${r.unitName}）` : ''}`,
        detail:
          `${p.batch} 协议年度 ${p.yearStart} 至 ${p.yearEnd}：已完成 ${percentText(completionBp)}，时间已过 ${percentText(r.elapsedBp)}（落后超过 ${result.marginPp} 个百分点）；` +
          `已采 ${n(r.bought)} / ${n(r.agreed)} ${p.baseUnit}，预计年底 ${r.projection === null ? '—' : n(r.projection)} ${p.baseUnit}`,
        link: '/vbp-monitoring',
      });
    }
  }
  return out;
}

/* ───────────── tracing a figure ───────────── */

export interface VbpTraceLine {
  moveId: number;
  at: string;
  /** Community date of the move. */
  date: string;
  changeType: ChangeType;
  changeTypeLabel: string;
  /** What the move adds to the figure (negative: a return, a 退库 or a reversal). */
  quantity: number;
  documentId: number;
  documentNumber: string;
  documentTypeLabel: string;
  documentLineId: number | null;
  batchNo: string;
  locationName: string;
  unitId: number;
  unitName: string;
  supplierName: string;
  amountMicro: number;
  reversal: boolean;
}

export interface VbpTrace {
  itemId: number;
  unitId: number | null;
  yearStart: string;
  yearEnd: string;
  asOf: string;
  total: number;
  lines: VbpTraceLine[];
}

interface TraceRow {
  moveId: number;
  at: string;
  changeType: ChangeType;
  quantity: number;
  sign: number;
  documentId: number;
  documentNumber: string;
  series: DocumentSeries;
  documentLineId: number | null;
  batchNo: string;
  locationName: string;
  unitId: number;
  unitName: string;
  supplierName: string | null;
  reversal: number;
}

const TRACE_COLUMNS = `m.id AS moveId, m.at, m.change_type AS changeType, m.quantity, m.document_id AS documentId, d.number AS documentNumber, d.series,
  m.document_line_id AS documentLineId, b.batch_no AS batchNo, loc.name AS locationName, loc.unit_id AS unitId, u.name AS unitName,
  sup.name AS supplierName, (m.reverses_move_id IS NOT NULL) AS reversal`;

/** The moves a figure of vbp.monitor was computed from: the community's (unitId null) or one unit's. */
export function vbpTrace(db: Db, asOf: string, itemId: number, unitId: number | null): VbpTrace | null {
  const item = vbpItems(db, itemId)[0];
  if (!item) return null;
  const year = agreementYear(item.terms.yearStart, asOf);
  const window = { itemId, from: dateStartInstant(year.start), to: year.elapsedDays === 0 ? dateStartInstant(year.start) : dateStartInstant(nextDate(asOf)) };
  const joins = `JOIN documents d ON d.id = m.document_id JOIN stock_batches b ON b.id = m.batch_id JOIN units u ON u.id = loc.unit_id
    LEFT JOIN suppliers sup ON sup.id = b.supplier_id`;
  const rows =
    unitId === null
      ? (prepared(
          db.$client,
          `SELECT ${TRACE_COLUMNS}, CASE m.change_type WHEN '108' THEN 1 ELSE -1 END AS sign
           FROM stock_moves m
           JOIN stock_locations loc ON loc.id = CASE m.change_type WHEN '108' THEN m.to_location_id ELSE m.from_location_id END
           ${joins}
           WHERE m.item_id = @itemId AND m.change_type IN ('108', '109') AND m.at >= @from AND m.at < @to
           ORDER BY m.at, m.id`,
        ).all(window) as TraceRow[])
      : (prepared(
          db.$client,
          `SELECT ${TRACE_COLUMNS}, CASE WHEN m.change_type IN ('101', '108') THEN 1 ELSE -1 END AS sign
           ${UNIT_MOVES_FROM.replace('WHERE', `${joins} WHERE s.unit_id = @unitId AND`)}
           ORDER BY m.at, m.id`,
        ).all({ ...window, unitId }) as TraceRow[]);
  const lines = rows.map((r): VbpTraceLine => {
    const quantity = r.sign * r.quantity;
    return {
      moveId: r.moveId,
      at: r.at,
      date: new Date(Date.parse(r.at) + COMMUNITY_UTC_OFFSET_HOURS * 3_600_000).toISOString().slice(0, 10),
      changeType: r.changeType,
      changeTypeLabel: CHANGE_TYPES[r.changeType],
      quantity,
      documentId: r.documentId,
      documentNumber: r.documentNumber,
      documentTypeLabel: DOCUMENT_SERIES[r.series] ?? r.series,
      documentLineId: r.documentLineId,
      batchNo: r.batchNo,
      locationName: r.locationName,
      unitId: r.unitId,
      unitName: r.unitName,
      supplierName: r.supplierName ?? '',
      amountMicro: lineAmountMicro(quantity, { priceMicro: item.terms.agreedPriceMicro, packFactor: item.perPurchase }),
      reversal: r.reversal === 1,
    };
  });
  return { itemId, unitId, yearStart: year.start, yearEnd: year.end, asOf, total: lines.reduce((s, l) => s + l.quantity, 0), lines };
}

/** "12.50 元" for texts. */
export const yuanText = (micro: number | null): string => (micro === null ? '—' : `${formatYuan(micro)} 元`);

import { prepared } from '../../../db/statements.js';
import type { RedistributionCandidate } from '../../api/recalls.js';
import type { OperationContext } from '../../context.js';
import { CONSUMPTION_SQL, monthsBefore } from '../../purchasing/suggestions.js';
import { stockSettings } from '../../stock/settings.js';
import { addMonths, communityDate } from '../../time.js';

/**
 * 近效期调剂: the centre sees batches at member stores that expire within the window and, for each, whether the
 * member will use it in time (its own average monthly consumption, the measure purchase suggestions use:
 * CONSUMPTION_SQL, 102/107 out of the store over the last 3 months) and which other units use the same item — so it
 * can take the stock back (`redistribution.start`, a 退库单 through createCentreReturn) and send it on to them through
 * the normal requisition and allocation flow.
 */
export const CONSUMPTION_MONTHS = 3;

const CANDIDATE_SQL = `SELECT l.unit_id AS unitId, u.name AS unitName, s.id AS storeId, s.name AS storeName, l.id AS locationId,
    b.item_id AS itemId, i.code AS itemCode, i.generic_name AS itemName, i.spec, i.manufacturer, i.base_unit AS baseUnit,
    b.id AS batchId, b.batch_no AS batchNo, b.expiry, sb.quantity AS onHand, sb.quantity - sb.reserved AS available
  FROM stock_batches b
  JOIN stock_balances sb ON sb.batch_id = b.id
  JOIN stock_locations l ON l.id = sb.location_id
  JOIN stores s ON s.id = l.store_id
  JOIN units u ON u.id = l.unit_id
  JOIN formulary_items i ON i.id = b.item_id
  WHERE b.expiry >= @today AND b.expiry <= @upTo AND b.status = 'normal' AND sb.quantity > 0 AND s.is_central = 0
    AND (@itemId IS NULL OR b.item_id = @itemId)
  ORDER BY b.expiry, u.id, b.id`;

const MEMBER_STORES_SQL = `SELECT s.id AS storeId, s.name AS storeName, s.unit_id AS unitId, u.name AS unitName, l.id AS locationId
  FROM stores s JOIN units u ON u.id = s.unit_id JOIN stock_locations l ON l.store_id = s.id
  WHERE s.is_central = 0 AND s.active = 1 ORDER BY u.id, s.id`;

/** What a store can use of an item: 正常, unexpired batches, less reserved (as purchase suggestions count it). */
const ON_HAND_SQL = `SELECT COALESCE(SUM(sb.quantity - sb.reserved), 0) AS n FROM stock_balances sb JOIN stock_batches b ON b.id = sb.batch_id
  WHERE sb.item_id = @itemId AND sb.location_id = @locationId AND b.status = 'normal' AND b.expiry >= @today`;

const round2 = (n: number) => Math.round(n * 100) / 100;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export function redistributionCandidates(ctx: OperationContext, input: { months?: number | undefined; itemId?: number | undefined }) {
  const db = ctx.db;
  const months = input.months ?? Math.max(...stockSettings(db).nearExpiryMonths);
  const today = communityDate(ctx.now);
  const upTo = addMonths(today, months);
  const rows = prepared(db.$client, CANDIDATE_SQL).all({ today, upTo, itemId: input.itemId ?? null }) as (Omit<
    RedistributionCandidate,
    'daysLeft' | 'avgMonthly' | 'monthsToUse' | 'surplusAtExpiry' | 'usedElsewhere' | 'usedElsewhereText'
  > & { locationId: number })[];
  if (rows.length === 0) return { rows: [], months, today, consumptionMonths: CONSUMPTION_MONTHS };

  const since = monthsBefore(ctx.now, CONSUMPTION_MONTHS);
  const stores = prepared(db.$client, MEMBER_STORES_SQL).all() as { storeId: number; storeName: string; unitId: number; unitName: string; locationId: number }[];
  const consumption = prepared(db.$client, CONSUMPTION_SQL);
  // Each member store's consumption per item, read once per store with the purchase suggestions' statement.
  const used = new Map<number, Map<number, number>>(
    stores.map((s) => [
      s.locationId,
      new Map((consumption.all({ since, locationId: s.locationId }) as { itemId: number; consumed: number }[]).map((r) => [r.itemId, Math.max(0, r.consumed)])),
    ]),
  );
  const onHand = prepared(db.$client, ON_HAND_SQL);
  const avgOf = (locationId: number, itemId: number) => (used.get(locationId)?.get(itemId) ?? 0) / CONSUMPTION_MONTHS;

  return {
    rows: rows.map(({ locationId, ...row }) => {
      const avgMonthly = avgOf(locationId, row.itemId);
      const daysLeft = daysBetween(today, row.expiry);
      const usableBeforeExpiry = Math.floor((avgMonthly * daysLeft) / 30.4375);
      const usedElsewhere = stores
        .filter((s) => s.locationId !== locationId && avgOf(s.locationId, row.itemId) > 0)
        .map((s) => {
          const avg = avgOf(s.locationId, row.itemId);
          const have = (onHand.get({ itemId: row.itemId, locationId: s.locationId, today }) as { n: number }).n;
          return { unitId: s.unitId, unitName: s.unitName, storeId: s.storeId, storeName: s.storeName, avgMonthly: round2(avg), onHand: have, monthsOfStock: round2(have / avg) };
        })
        .sort((a, b) => (a.monthsOfStock ?? 0) - (b.monthsOfStock ?? 0));
      return {
        ...row,
        daysLeft,
        avgMonthly: round2(avgMonthly),
        monthsToUse: avgMonthly > 0 ? round2(row.onHand / avgMonthly) : null,
        surplusAtExpiry: Math.max(0, row.onHand - usableBeforeExpiry),
        usedElsewhere,
        usedElsewhereText: usedElsewhere.map((u) => `${u.unitName} 月均${u.avgMonthly}${row.baseUnit} 库存${u.onHand}${row.baseUnit}`).join('；'),
      };
    }),
    months,
    today,
    consumptionMonths: CONSUMPTION_MONTHS,
  };
}

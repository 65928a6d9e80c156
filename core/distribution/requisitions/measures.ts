import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import type { PackCost } from '../../api/money.js';
import { consumedOutOf, monthsBefore, ON_HAND_SQL } from '../../purchasing/suggestions.js';
import { defaultPrice, perPack } from '../../purchasing/terms.js';
import { pricesInForce } from '../../formulary/prices.js';
import { storeLocationId } from '../../stock/ledger.js';
import { OWING_STATES, requisitionLineProgress } from './progress.js';

/**
 * The stock hints of a requesting store, per item, each one statement over all items (a 1,500-line requisition
 * reads them once, never per line):
 *   onHand = 正常, unexpired, less reserved, at the store;
 *   avgMonthly = 107 issues out of the store over the last CONSUMPTION_MONTHS months ÷ months (reversals net out);
 *   incoming = in transit to the unit + allocated to the store and not yet shipped;
 *   otherBackOrders = what the store's other open requisitions are still owed.
 */
export const CONSUMPTION_MONTHS = 3;
/** 107 其他出库: a member store's issues to patients and departments (消耗出库). */
export const MEMBER_CONSUMPTION_TYPES = ['107'] as const;

export interface StoreMeasures {
  onHand: Map<number, number>;
  consumed: Map<number, number>;
  incoming: Map<number, number>;
  otherBackOrders: Map<number, number>;
}

const TRANSIT_SQL = `SELECT b.item_id AS itemId, SUM(b.quantity) AS quantity FROM stock_balances b
  JOIN stock_locations l ON l.id = b.location_id WHERE l.kind = 'transit' AND l.unit_id = @unitId GROUP BY b.item_id`;

const ALLOCATED_TO_STORE_SQL = `SELECT sl.item_id AS itemId, SUM(sl.quantity) AS quantity FROM shipments s
  JOIN documents d ON d.id = s.document_id JOIN shipment_lines sl ON sl.document_id = s.document_id
  WHERE s.to_store_id = @storeId AND s.kind = 'transfer' AND d.state = 'allocated' GROUP BY sl.item_id`;

/** The store's open requisitions' lines with their progress figures (the back-order is computed in JS, once). */
const STORE_OPEN_LINES_SQL = `SELECT rl.item_id AS itemId, rl.approved_quantity AS approved, d.state,
    COALESCE((SELECT SUM(sl.quantity) FROM shipment_lines sl JOIN documents sd ON sd.id = sl.document_id
      WHERE sl.requisition_line_id = rl.id AND sd.state <> 'cancelled'), 0) AS allocated,
    COALESCE((SELECT SUM(x.quantity) FROM shipment_lines sl JOIN shipment_discrepancies x ON x.shipment_line_id = sl.id
      JOIN documents sd ON sd.id = sl.document_id
      WHERE sl.requisition_line_id = rl.id AND sd.state <> 'cancelled' AND x.status = 'resolved' AND x.resolution = 'reshipped'), 0) AS reshipped
  FROM requisitions r JOIN documents d ON d.id = r.document_id JOIN requisition_lines rl ON rl.document_id = r.document_id
  WHERE r.store_id = @storeId AND r.document_id <> @exclude AND d.state IN (SELECT value FROM json_each(@states))`;

const toMap = (rows: { itemId: number; quantity: number }[]) => new Map(rows.map((r) => [r.itemId, r.quantity]));

/** What a store (the central store) has available per item: 正常, unexpired, less reserved — one statement. */
export function centralAvailable(db: Db, storeId: number, today: string): Map<number, number> {
  const rows = prepared(db.$client, ON_HAND_SQL).all({ locationId: storeLocationId(db, storeId), today }) as { itemId: number; onHand: number }[];
  return new Map(rows.map((r) => [r.itemId, r.onHand]));
}

export function storeMeasures(db: Db, input: { storeId: number; unitId: number; now: Date; today: string; excludeRequisitionId?: number }): StoreMeasures {
  const locationId = storeLocationId(db, input.storeId);
  const onHand = new Map(
    (prepared(db.$client, ON_HAND_SQL).all({ locationId, today: input.today }) as { itemId: number; onHand: number }[]).map((r) => [r.itemId, r.onHand]),
  );
  const consumed = consumedOutOf(db, locationId, monthsBefore(input.now, CONSUMPTION_MONTHS), MEMBER_CONSUMPTION_TYPES);
  const incoming = toMap(prepared(db.$client, TRANSIT_SQL).all({ unitId: input.unitId }) as { itemId: number; quantity: number }[]);
  for (const [itemId, quantity] of toMap(prepared(db.$client, ALLOCATED_TO_STORE_SQL).all({ storeId: input.storeId }) as { itemId: number; quantity: number }[])) {
    incoming.set(itemId, (incoming.get(itemId) ?? 0) + quantity);
  }
  const otherBackOrders = new Map<number, number>();
  const open = prepared(db.$client, STORE_OPEN_LINES_SQL).all({
    storeId: input.storeId,
    exclude: input.excludeRequisitionId ?? 0,
    states: JSON.stringify(OWING_STATES),
  }) as { itemId: number; approved: number | null; state: string; allocated: number; reshipped: number }[];
  for (const line of open) {
    const { backOrder } = requisitionLineProgress({ ...line, shipped: 0, received: 0 });
    if (backOrder > 0) otherBackOrders.set(line.itemId, (otherBackOrders.get(line.itemId) ?? 0) + backOrder);
  }
  return { onHand, consumed, incoming, otherBackOrders };
}

/**
 * 建议请领量: enough for `targetMonths` of average monthly consumption, less what is on hand, coming and already
 * owed, rounded UP to whole issue packs (as 采购建议 rounds to purchase packs); never negative.
 */
export function suggestedQuantity(input: { avgMonthly: number; targetMonths: number; onHand: number; incoming: number; otherBackOrders: number; issuePackFactor: number }): number {
  const raw = input.targetMonths * input.avgMonthly - input.onHand - input.incoming - input.otherBackOrders;
  if (raw <= 0) return 0;
  // A tiny epsilon keeps float noise (200.00000000003) from becoming one pack more.
  return Math.ceil(raw / input.issuePackFactor - 1e-9) * input.issuePackFactor;
}

/** The per-item hints for one item, from the store's measures. */
export function hintsFor(measures: StoreMeasures, itemId: number) {
  const consumed = Math.max(0, measures.consumed.get(itemId) ?? 0);
  return {
    onHand: measures.onHand.get(itemId) ?? 0,
    avgMonthly: Math.round((consumed / CONSUMPTION_MONTHS) * 100) / 100,
    incoming: measures.incoming.get(itemId) ?? 0,
    otherBackOrders: measures.otherBackOrders.get(itemId) ?? 0,
  };
}

/**
 * The estimated cost of a quantity not yet shipped (a back-order, a requisition's value), per item: the batch
 * FEFO would pick at the central store (正常, unexpired, available), else the item's latest batch, else its
 * purchase price in force (集采 first, as an order line starts) per purchase pack; nothing known costs 0.
 * Amounts then go through the money rule (lineAmountMicro). `itemIds` null: every item.
 */
export function estimatedCosts(db: Db, input: { centralStoreId: number; today: string; itemIds: readonly number[] | null }): Map<number, PackCost> {
  const ids = input.itemIds === null ? null : JSON.stringify(input.itemIds);
  const filter = ids === null ? '1' : 'sb.item_id IN (SELECT value FROM json_each(@ids))';
  const params = { ids, today: input.today, locationId: storeLocationId(db, input.centralStoreId) };
  const costs = new Map<number, PackCost>();
  const fefo = prepared(
    db.$client,
    `SELECT itemId, priceMicro, packFactor FROM (
       SELECT sb.item_id AS itemId, sb.cost_micro AS priceMicro, sb.cost_pack_factor AS packFactor,
         ROW_NUMBER() OVER (PARTITION BY sb.item_id ORDER BY sb.expiry, sb.id) AS rn
       FROM stock_balances b JOIN stock_batches sb ON sb.id = b.batch_id
       WHERE b.location_id = @locationId AND sb.status = 'normal' AND sb.expiry >= @today AND b.quantity > b.reserved AND ${filter})
     WHERE rn = 1`,
  ).all(ids === null ? { locationId: params.locationId, today: params.today } : params) as { itemId: number; priceMicro: number; packFactor: number }[];
  for (const row of fefo) costs.set(row.itemId, { priceMicro: row.priceMicro, packFactor: row.packFactor });
  const latest = prepared(
    db.$client,
    `SELECT itemId, priceMicro, packFactor FROM (
       SELECT sb.item_id AS itemId, sb.cost_micro AS priceMicro, sb.cost_pack_factor AS packFactor,
         ROW_NUMBER() OVER (PARTITION BY sb.item_id ORDER BY sb.id DESC) AS rn FROM stock_batches sb WHERE ${filter})
     WHERE rn = 1`,
  ).all(ids === null ? {} : { ids }) as { itemId: number; priceMicro: number; packFactor: number }[];
  for (const row of latest) if (!costs.has(row.itemId)) costs.set(row.itemId, { priceMicro: row.priceMicro, packFactor: row.packFactor });
  const wanted = input.itemIds === null ? null : input.itemIds.filter((itemId) => !costs.has(itemId));
  if (wanted === null || wanted.length > 0) {
    const prices = pricesInForce(db, input.today);
    const items = prepared(
      db.$client,
      `SELECT id, vbp IS NOT NULL AS vbp, base_unit AS baseUnit, packs, purchase_unit AS purchaseUnit FROM formulary_items
       WHERE @ids IS NULL OR id IN (SELECT value FROM json_each(@ids))`,
    ).all({ ids: wanted === null ? null : JSON.stringify(wanted) }) as { id: number; vbp: number }[];
    for (const item of items) {
      if (costs.has(item.id)) continue;
      const price = defaultPrice(prices.get(item.id) ?? {}, item.vbp === 1);
      if (price) costs.set(item.id, { priceMicro: perPack(price, price.packFactor), packFactor: price.packFactor });
    }
  }
  return costs;
}

export const NO_COST: PackCost = { priceMicro: 0, packFactor: 1 };

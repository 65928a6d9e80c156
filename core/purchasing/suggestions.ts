import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import type { PackLevel } from '../api/packs.js';
import { baseUnitsPer } from '../api/packs.js';
import type { SuggestionRow } from '../api/purchasing.js';
import type { OperationContext } from '../context.js';
import { DomainError, invalid } from '../errors.js';
import { pricesInForce } from '../formulary/prices.js';
import { storeLocationId } from '../stock/ledger.js';
import { communityDate } from '../time.js';
import { openBackOrders } from '../distribution/requisitions/progress.js';
import { defaultPrice, lastOrderSupplier, perPack } from './terms.js';

/**
 * 采购建议 for a store (the central store by default), per active item:
 *   average monthly consumption = base units issued out of the store (3502 types 102 调拨出库 and 107 其他出库,
 *     moves leaving the store's location; reversing moves net out) over the last `months` months ÷ months;
 *   on hand = Σ (quantity − reserved) of the store's 正常, unexpired batches;
 *   on order = Σ outstanding of 已审核 / 已发送 / 部分到货 orders to the store;
 *   needs = what `purchaseNeeds` adds (member requisitions, issue 8).
 * With available = on hand + on order − needs: when available < minMonths × average, the suggestion is
 * maxMonths × average − available, rounded UP to whole purchase packs; otherwise nothing. The supplier is the
 * item's last order's (else its last batch's), the price the one an order line would start from.
 */
export interface PurchaseNeed {
  itemId: number;
  /** Base units. */
  quantity: number;
  /** Where the need comes from, as the officer reads it (e.g. 请领单 QL2026-000003 青石镇卫生院). */
  source: string;
}

/**
 * The seam for member requisitions: the back-orders (欠货) of every open requisition, per requisition and item,
 * when the store is the central store (members' stores buy nothing for others). They are returned whole: the
 * suggestion's `available = on hand + on order − needs` already nets the store's available stock, so what the
 * central store cannot cover from it becomes a suggestion to buy.
 */
export function purchaseNeeds(db: Db, storeId: number): PurchaseNeed[] {
  if (storeId !== centralStoreId(db)) return [];
  return openBackOrders(db).map((b) => ({ itemId: b.itemId, quantity: b.quantity, source: `请领单 ${b.number} ${b.unitName}` }));
}

/** Issue moves out of a location per item since an instant (stock_moves_type_at_idx), for fixed 3502 change types. */
export function consumptionSql(changeTypes: readonly string[]): string {
  const types = changeTypes.map((t) => `'${t.replace(/[^0-9]/g, '')}'`).join(', ');
  return `SELECT item_id AS itemId, SUM(quantity) AS consumed FROM stock_moves
  WHERE change_type IN (${types}) AND at >= @since AND from_location_id = @locationId GROUP BY item_id`;
}

/** Purchasing's consumption: 102 调拨出库 and 107 其他出库 out of the store. */
export const CONSUMPTION_SQL = consumptionSql(['102', '107']);

export const ON_HAND_SQL = `SELECT b.item_id AS itemId, SUM(b.quantity - b.reserved) AS onHand
  FROM stock_balances b JOIN stock_batches sb ON sb.id = b.batch_id
  WHERE b.location_id = @locationId AND sb.status = 'normal' AND sb.expiry >= @today GROUP BY b.item_id`;

const ON_ORDER_SQL = `SELECT l.item_id AS itemId,
    SUM(MAX(0, l.quantity - COALESCE((SELECT SUM(rl.accepted_quantity) FROM receipt_lines rl JOIN documents rd ON rd.id = rl.document_id
      WHERE rl.order_line_id = l.id AND rd.state = 'posted'), 0))) AS onOrder
  FROM purchase_orders p JOIN documents d ON d.id = p.document_id JOIN purchase_order_lines l ON l.document_id = p.document_id
  WHERE p.store_id = @storeId AND d.state IN ('approved', 'sent', 'partly_received') GROUP BY l.item_id`;

/**
 * Base units issued out of a location per item since an instant, for the given 3502 change types (purchasing:
 * 102 and 107 out of the central store; a member's requisition: 107, its issues to patients and departments).
 * Reversing moves carry negative quantities and net out. One statement for all items.
 */
export function consumedOutOf(db: Db, locationId: number, since: string, changeTypes: readonly string[]): Map<number, number> {
  const rows = prepared(db.$client, consumptionSql(changeTypes)).all({ since, locationId }) as { itemId: number; consumed: number }[];
  return new Map(rows.map((r) => [r.itemId, r.consumed]));
}

export function centralStoreId(db: Db): number {
  const row = prepared(db.$client, 'SELECT id FROM stores WHERE is_central = 1 ORDER BY id LIMIT 1').get() as { id: number } | undefined;
  if (!row) throw new DomainError('NOT_FOUND', '没有中心药库');
  return row.id;
}

/** The instant `months` calendar months before `now`. */
export function monthsBefore(now: Date, months: number): string {
  const since = new Date(now.getTime());
  since.setUTCMonth(since.getUTCMonth() - months);
  return since.toISOString();
}

export interface SuggestionOptions {
  storeId?: number | undefined;
  months: number;
  minMonths: number;
  maxMonths: number;
  all: boolean;
}

export function suggestions(ctx: OperationContext, options: SuggestionOptions) {
  const db = ctx.db;
  const storeId = options.storeId ?? centralStoreId(db);
  const store = prepared(db.$client, 'SELECT name FROM stores WHERE id = ?').get(storeId) as { name: string } | undefined;
  if (!store) throw invalid('storeId', '库房不存在');
  const locationId = storeLocationId(db, storeId);
  const today = communityDate(ctx.now);
  const since = monthsBefore(ctx.now, options.months);

  const consumed = consumedOutOf(db, locationId, since, ['102', '107']);
  const onHand = new Map(
    (prepared(db.$client, ON_HAND_SQL).all({ locationId, today }) as { itemId: number; onHand: number }[]).map((r) => [r.itemId, r.onHand]),
  );
  const onOrder = new Map(
    (prepared(db.$client, ON_ORDER_SQL).all({ storeId }) as { itemId: number; onOrder: number }[]).map((r) => [r.itemId, r.onOrder]),
  );
  const needs = new Map<number, PurchaseNeed[]>();
  for (const need of purchaseNeeds(db, storeId)) needs.set(need.itemId, [...(needs.get(need.itemId) ?? []), need]);

  const itemIds = new Set([...consumed.keys(), ...onHand.keys(), ...onOrder.keys(), ...needs.keys()]);
  const prices = pricesInForce(db, today);
  const itemSql = prepared(
    db.$client,
    `SELECT id, code, generic_name AS genericName, dosage_form AS dosageForm, spec, manufacturer, base_unit AS baseUnit, packs,
       purchase_unit AS purchaseUnit, vbp IS NOT NULL AS vbp, status FROM formulary_items WHERE id = ?`,
  );
  const lastBatchSupplier = prepared(
    db.$client,
    'SELECT supplier_id AS supplierId FROM stock_batches WHERE item_id = ? AND supplier_id IS NOT NULL ORDER BY id DESC LIMIT 1',
  );
  const supplierName = prepared(db.$client, 'SELECT name FROM suppliers WHERE id = ?');

  const rows: SuggestionRow[] = [];
  for (const itemId of [...itemIds].sort((a, b) => a - b)) {
    const item = itemSql.get(itemId) as
      | {
          id: number;
          code: string;
          genericName: string;
          dosageForm: string;
          spec: string;
          manufacturer: string;
          baseUnit: string;
          packs: string;
          purchaseUnit: string;
          vbp: number;
          status: string;
        }
      | undefined;
    if (!item || item.status !== 'active') continue;
    const packFactor = baseUnitsPer(item.baseUnit, JSON.parse(item.packs) as PackLevel[], item.purchaseUnit) ?? 1;
    const used = Math.max(0, consumed.get(itemId) ?? 0);
    const avgMonthly = used / options.months;
    const have = onHand.get(itemId) ?? 0;
    const coming = onOrder.get(itemId) ?? 0;
    const needSources = (needs.get(itemId) ?? []).map(({ quantity, source }) => ({ quantity, source }));
    const needed = needSources.reduce((sum, n) => sum + n.quantity, 0);
    const available = have + coming - needed;
    let suggested = 0;
    if (available < options.minMonths * avgMonthly || (avgMonthly === 0 && available < 0)) {
      const raw = (options.maxMonths * used) / options.months - available;
      // A tiny epsilon keeps 200.00000000003 (float division) from becoming one pack more.
      if (raw > 0) suggested = Math.ceil(raw / packFactor - 1e-9) * packFactor;
    }
    if (suggested === 0 && !options.all) continue;
    const vbp = item.vbp === 1;
    const start = defaultPrice(prices.get(itemId) ?? {}, vbp);
    let supplierId = lastOrderSupplier(db, itemId);
    let supplierSource: SuggestionRow['supplierSource'] = supplierId !== null ? 'order' : 'none';
    if (supplierId === null) {
      supplierId = (lastBatchSupplier.get(itemId) as { supplierId: number } | undefined)?.supplierId ?? null;
      if (supplierId !== null) supplierSource = 'batch';
    }
    rows.push({
      itemId,
      itemCode: item.code,
      genericName: item.genericName,
      dosageForm: item.dosageForm,
      spec: item.spec,
      manufacturer: item.manufacturer,
      baseUnit: item.baseUnit,
      packUnit: item.purchaseUnit,
      packFactor,
      consumed: used,
      avgMonthly: Math.round(avgMonthly * 100) / 100,
      onHand: have,
      onOrder: coming,
      needs: needed,
      needSources,
      monthsOfStock: avgMonthly > 0 ? Math.round((available / avgMonthly) * 100) / 100 : null,
      suggested,
      suggestedPacks: suggested / packFactor,
      supplierId,
      supplierName: supplierId !== null ? ((supplierName.get(supplierId) as { name: string } | undefined)?.name ?? '') : '',
      supplierSource,
      priceMicro: start ? perPack(start, packFactor) : null,
      priceKind: start?.kind ?? null,
      vbp,
    });
  }
  return {
    storeId,
    storeName: store.name,
    months: options.months,
    minMonths: options.minMonths,
    maxMonths: options.maxMonths,
    since,
    rows,
  };
}

import { prepared } from '../../../db/statements.js';
import type { OpOutput, OpParsedInput } from '../../api/index.js';
import { STOCK_ALERT_KIND_LABELS, type StockAlertKind, type StockAlertRow } from '../../api/member-stock.js';
import { formatQuantity, type PackLevel } from '../../api/packs.js';
import type { UnitLevel } from '../../api/units.js';
import type { OperationContext } from '../../context.js';
import type { HandlerMap } from '../../handler.js';
import { consumedOutOf, monthsBefore, ON_HAND_SQL } from '../../purchasing/suggestions.js';
import { nearExpiry } from '../../stock/views.js';
import { communityDate } from '../../time.js';
import { distributionSettings } from '../settings.js';

/**
 * 库存预警 per store of the caller's units: 近效期 and 已过期 batches (stock.nearExpiry's banding, up to the largest
 * near-expiry threshold of the stock settings) and 低于下限 items — available (正常, unexpired, less reserved) below
 * the average monthly issues of the last 3 months × `minStockMonths` of the unit's level. The issues are
 * purchasing's computation (`consumedOutOf`): 102 and 107 out of the central store, 107 (what patients and
 * departments took) out of a member's store, whose 102 out are returns to the centre.
 */

export const CONSUMPTION_MONTHS = 3;

interface StoreRow {
  storeId: number;
  storeName: string;
  unitId: number;
  unitName: string;
  level: UnitLevel;
  isCentral: number;
  locationId: number;
}

interface ItemRow {
  itemId: number;
  itemCode: string;
  itemName: string;
  spec: string;
  manufacturer: string;
  baseUnit: string;
  packs: string;
}

function belowMinimum(ctx: OperationContext, stores: readonly StoreRow[]): StockAlertRow[] {
  const settings = distributionSettings(ctx.db);
  const today = communityDate(ctx.now);
  const since = monthsBefore(ctx.now, CONSUMPTION_MONTHS);
  const item = prepared(
    ctx.db.$client,
    'SELECT id AS itemId, code AS itemCode, generic_name AS itemName, spec, manufacturer, base_unit AS baseUnit, packs FROM formulary_items WHERE id = ?',
  );
  const rows: StockAlertRow[] = [];
  for (const store of stores) {
    const months = settings.minStockMonths[store.level];
    if (!(months > 0)) continue;
    const consumed = consumedOutOf(ctx.db, store.locationId, since, store.isCentral ? ['102', '107'] : ['107']);
    const onHand = new Map((prepared(ctx.db.$client, ON_HAND_SQL).all({ locationId: store.locationId, today }) as { itemId: number; onHand: number }[]).map((r) => [r.itemId, r.onHand]));
    for (const [itemId, total] of consumed) {
      if (total <= 0) continue;
      const averageMonthly = total / CONSUMPTION_MONTHS;
      const minimum = Math.ceil(averageMonthly * months);
      const available = onHand.get(itemId) ?? 0;
      if (available >= minimum) continue;
      const info = item.get(itemId) as ItemRow;
      rows.push({
        kind: 'below_minimum',
        kindLabel: STOCK_ALERT_KIND_LABELS.below_minimum,
        unitId: store.unitId,
        unitName: store.unitName,
        storeId: store.storeId,
        storeName: store.storeName,
        itemId,
        itemCode: info.itemCode,
        itemName: info.itemName,
        spec: info.spec,
        manufacturer: info.manufacturer,
        baseUnit: info.baseUnit,
        batchId: null,
        batchNo: null,
        expiry: null,
        daysLeft: null,
        bandLabel: `下限 ${minimum}`,
        quantity: available,
        quantityText: formatQuantity(info.baseUnit, JSON.parse(info.packs) as PackLevel[], available),
        averageMonthly: Math.round(averageMonthly * 10) / 10,
        minimum,
        valueMicro: 0,
      });
    }
  }
  return rows;
}

function stockAlerts(ctx: OperationContext, input: OpParsedInput<'stockAlert.list'>): OpOutput<'stockAlert.list'> {
  const stores = prepared(
    ctx.db.$client,
    `SELECT s.id AS storeId, s.name AS storeName, s.unit_id AS unitId, u.name AS unitName, u.level, s.is_central AS isCentral, l.id AS locationId
     FROM stores s JOIN units u ON u.id = s.unit_id JOIN stock_locations l ON l.store_id = s.id
     WHERE (@storeId IS NULL OR s.id = @storeId) AND (@unitId IS NULL OR s.unit_id = @unitId)
       AND (@units IS NULL OR s.unit_id IN (SELECT value FROM json_each(@units)))
     ORDER BY s.is_central DESC, u.code, s.code`,
  ).all({ storeId: input.storeId ?? null, unitId: input.unitId ?? null, units: ctx.scope.units === null ? null : JSON.stringify(ctx.scope.units) }) as StoreRow[];
  const expiry = nearExpiry(ctx, { storeId: input.storeId, unitId: input.unitId, includeExpired: true });
  const expiryRows: StockAlertRow[] = expiry.rows.flatMap((r) => {
    // Goods in transit are nobody's shelf yet: the alerts are per store.
    if (r.storeId === null || r.unitId === null || r.batchId === null) return [];
    const kind: StockAlertKind = r.withinMonths === null ? 'expired' : 'near_expiry';
    return [
      {
        kind,
        kindLabel: STOCK_ALERT_KIND_LABELS[kind],
        unitId: r.unitId,
        unitName: r.unitName ?? '',
        storeId: r.storeId,
        storeName: r.storeName ?? '',
        itemId: r.itemId,
        itemCode: r.itemCode,
        itemName: r.itemName,
        spec: r.spec,
        manufacturer: r.manufacturer,
        baseUnit: r.baseUnit,
        batchId: r.batchId,
        batchNo: r.batchNo,
        expiry: r.expiry,
        daysLeft: r.daysLeft,
        bandLabel: r.bandLabel,
        quantity: r.quantity,
        quantityText: r.quantityText,
        averageMonthly: null,
        minimum: null,
        valueMicro: r.valueMicro,
      },
    ];
  });
  const all = [...expiryRows.filter((r) => r.kind === 'expired'), ...expiryRows.filter((r) => r.kind === 'near_expiry'), ...belowMinimum(ctx, stores)];
  const counts = { near_expiry: 0, expired: 0, below_minimum: 0 };
  for (const row of all) counts[row.kind] += 1;
  return { rows: input.kind ? all.filter((r) => r.kind === input.kind) : all, counts, nearExpiryMonths: expiry.months, consumptionMonths: CONSUMPTION_MONTHS, today: expiry.today };
}

export const stockAlertHandlers: HandlerMap<'stockAlert.list'> = {
  'stockAlert.list': stockAlerts,
};

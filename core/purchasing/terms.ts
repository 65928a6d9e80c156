import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import type { Price, PriceKind } from '../api/formulary.js';
import { baseUnitsPer, type PackLevel } from '../api/packs.js';
import type { OrderItemTerms } from '../api/purchasing.js';
import { priceInForce } from '../formulary/prices.js';

/**
 * What ordering one item involves, on a day and a platform profile: the purchase pack (prices are per it), the
 * price to prefill (集采价 for a 集采 item, else 议价, else 挂网价), the ceiling a price may not exceed without a
 * reason (挂网价; 限价 for consumables and reagents, falling back to 挂网价), the item's platform id and the
 * distributors the platform lists for it, and the platform's pack (the pack its 挂网价 is quoted in).
 */
export interface ItemRow {
  id: number;
  code: string;
  genericName: string;
  spec: string;
  manufacturer: string;
  status: string;
  category: string;
  baseUnit: string;
  packs: PackLevel[];
  purchaseUnit: string;
  vbpTerms: boolean;
  /** Level availability: 县 / 乡 / 村 sub-catalogues. */
  levels: { county: boolean; township: boolean; village: boolean };
}

export interface ItemTerms extends OrderItemTerms {
  item: ItemRow;
  ceilingPrice: Price | null;
}

export function loadItem(db: Db, itemId: number): ItemRow | null {
  const row = prepared(
    db.$client,
    `SELECT id, code, generic_name AS genericName, spec, manufacturer, status, category, base_unit AS baseUnit, packs,
       purchase_unit AS purchaseUnit, vbp IS NOT NULL AS vbpTerms, level_county AS c, level_township AS t, level_village AS v
     FROM formulary_items WHERE id = ?`,
  ).get(itemId) as
    (Omit<ItemRow, 'packs' | 'vbpTerms' | 'levels'> & { packs: string; vbpTerms: number; c: number; t: number; v: number }) | undefined;
  if (!row) return null;
  const { c, t, v, ...rest } = row;
  return {
    ...rest,
    packs: JSON.parse(row.packs) as PackLevel[],
    vbpTerms: row.vbpTerms === 1,
    levels: { county: c === 1, township: t === 1, village: v === 1 },
  };
}

export const isDevice = (category: string) => category === 'consumable' || category === 'reagent';

/** A price quoted per `price.packFactor` base units, restated per `packFactor` (rounded half-up; usually equal). */
export function perPack(price: Pick<Price, 'priceMicro' | 'packFactor'>, packFactor: number): number {
  if (price.packFactor === packFactor) return price.priceMicro;
  const n = BigInt(price.priceMicro) * BigInt(packFactor);
  const d = BigInt(price.packFactor);
  return Number((2n * n + d) / (2n * d));
}

/** Exactly: is `priceMicro` per `packFactor` above the ceiling (per its own pack)? */
export function aboveCeiling(priceMicro: number, packFactor: number, ceiling: Pick<Price, 'priceMicro' | 'packFactor'>): boolean {
  return BigInt(priceMicro) * BigInt(ceiling.packFactor) > BigInt(ceiling.priceMicro) * BigInt(packFactor);
}

export function ceilingOf(db: Db, itemId: number, category: string, date: string): Price | null {
  const listed = priceInForce(db, itemId, 'listed', date);
  return isDevice(category) ? (priceInForce(db, itemId, 'limit', date) ?? listed) : listed;
}

/** The price an order line starts from, and its kind. */
export function defaultPrice(prices: Partial<Record<PriceKind, Price | null>>, vbp: boolean): Price | null {
  return (vbp ? prices.vbp : null) ?? prices.negotiated ?? prices.listed ?? prices.limit ?? null;
}

export function platformIdOf(
  db: Db,
  itemId: number,
  profile: string,
): { productId: string; distributors: { name: string; code: string }[] } | null {
  if (!profile) return null;
  const row = prepared(
    db.$client,
    'SELECT product_id AS productId, distributors FROM item_platform_ids WHERE item_id = ? AND profile = ?',
  ).get(itemId, profile) as { productId: string; distributors: string } | undefined;
  return row ? { productId: row.productId, distributors: JSON.parse(row.distributors) as { name: string; code: string }[] } : null;
}

/** The supplier of the item's most recent order that was not discarded, or null. */
export function lastOrderSupplier(db: Db, itemId: number): number | null {
  const row = prepared(
    db.$client,
    `SELECT p.supplier_id AS supplierId FROM purchase_order_lines l JOIN documents d ON d.id = l.document_id
       JOIN purchase_orders p ON p.document_id = l.document_id
     WHERE l.item_id = ? AND d.state <> 'discarded' ORDER BY l.id DESC LIMIT 1`,
  ).get(itemId) as { supplierId: number } | undefined;
  return row?.supplierId ?? null;
}

export function itemTerms(db: Db, item: ItemRow, date: string, profile: string): ItemTerms {
  const packFactor = baseUnitsPer(item.baseUnit, item.packs, item.purchaseUnit) ?? 1;
  const prices = {
    listed: priceInForce(db, item.id, 'listed', date),
    limit: priceInForce(db, item.id, 'limit', date),
    negotiated: priceInForce(db, item.id, 'negotiated', date),
    vbp: priceInForce(db, item.id, 'vbp', date),
  };
  const start = defaultPrice(prices, item.vbpTerms);
  const ceiling = isDevice(item.category) ? (prices.limit ?? prices.listed) : prices.listed;
  const platform = platformIdOf(db, item.id, profile);
  return {
    item,
    itemId: item.id,
    status: item.status,
    category: item.category,
    baseUnit: item.baseUnit,
    packs: item.packs,
    packUnit: item.purchaseUnit,
    packFactor,
    priceMicro: start ? perPack(start, packFactor) : null,
    priceKind: start?.kind ?? null,
    ceilingMicro: ceiling ? perPack(ceiling, packFactor) : null,
    ceilingKind: ceiling?.kind ?? null,
    ceilingPrice: ceiling,
    vbp: item.vbpTerms,
    platformProductId: platform?.productId ?? '',
    platformPackFactor: prices.listed?.packFactor ?? packFactor,
    distributors: platform?.distributors ?? [],
    lastSupplierId: lastOrderSupplier(db, item.id),
  };
}

import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import { formatYuan } from '../api/money.js';
import { baseUnitsPer, type PackLevel } from '../api/packs.js';
import { PRICE_KINDS, type Price, type PriceKind } from '../api/formulary.js';
import { PRICE_KIND_LABELS } from '../api/labels.js';
import type { OperationContext } from '../context.js';
import { DomainError, notFound } from '../errors.js';


const PRICE_COLUMNS = `id, item_id AS itemId, kind, price_micro AS priceMicro, unit, pack_factor AS packFactor, effective_from AS effectiveFrom, note,
  recorded_at AS recordedAt, recorded_by AS recordedBy`;

type PriceRow = Price & { itemId: number };
const toPrice = ({ itemId: _itemId, ...price }: PriceRow): Price => price;

export type CurrentPrices = Record<PriceKind, Price | null>;
export const noPrices = (): CurrentPrices => ({ listed: null, limit: null, negotiated: null, vbp: null });

/** The statement behind `priceInForce` (parameters: item id, kind, date); exported so a test can EXPLAIN it. */
export const PRICE_IN_FORCE_SQL = `SELECT ${PRICE_COLUMNS} FROM item_prices WHERE item_id = ? AND kind = ? AND effective_from <= ?
     ORDER BY effective_from DESC, id DESC LIMIT 1`;

/** The price of one kind in force on `date`: the latest effective on or before it (item_prices_item_kind_idx). */
export function priceInForce(db: Db, itemId: number, kind: PriceKind, date: string): Price | null {
  const row = prepared(db.$client, PRICE_IN_FORCE_SQL).get(itemId, kind, date) as PriceRow | undefined;
  return row ? toPrice(row) : null;
}

/** Every item's prices in force on `date`, in one pass (for lists of thousands of items). */
export function pricesInForce(db: Db, date: string): Map<number, CurrentPrices> {
  const rows = prepared(
    db.$client,
    `SELECT ${PRICE_COLUMNS} FROM item_prices WHERE effective_from <= ? ORDER BY item_id, kind, effective_from, id`,
  ).all(date) as PriceRow[];
  const byItem = new Map<number, CurrentPrices>();
  for (const row of rows) {
    let prices = byItem.get(row.itemId);
    if (!prices) byItem.set(row.itemId, (prices = noPrices()));
    // Ordered ascending, so the last row of each kind is the one in force.
    if ((PRICE_KINDS as readonly string[]).includes(row.kind)) prices[row.kind] = toPrice(row);
  }
  return byItem;
}

/** The item's full price history, newest effective first; nothing is ever overwritten. */
export function priceHistory(db: Db, itemId: number): Price[] {
  const rows = prepared(db.$client, `SELECT ${PRICE_COLUMNS} FROM item_prices WHERE item_id = ? ORDER BY effective_from DESC, id DESC`).all(
    itemId,
  ) as PriceRow[];
  return rows.map(toPrice);
}

const KIND_TEXT: Readonly<Record<PriceKind, string>> = PRICE_KIND_LABELS;

export interface PriceInput {
  itemId: number;
  kind: PriceKind;
  priceMicro: number;
  /** YYYY-MM-DD */
  effectiveFrom: string;
  note: string;
}

/**
 * Appends a price (per the item's purchase unit). A negotiated price above the platform's ceiling —
 * 挂网价 for drugs, 限价 for consumables and reagents — needs a recorded reason in `note`.
 */
export function recordPrice(ctx: OperationContext, input: PriceInput): Price {
  const item = prepared(
    ctx.db.$client,
    'SELECT code, category, purchase_unit AS unit, base_unit AS baseUnit, packs FROM formulary_items WHERE id = ?',
  ).get(input.itemId) as { code: string; category: string; unit: string; baseUnit: string; packs: string } | undefined;
  if (!item) throw notFound('目录品种');
  const packFactor = baseUnitsPer(item.baseUnit, JSON.parse(item.packs) as PackLevel[], item.unit);
  if (packFactor === null) throw new Error(`item ${item.code}: purchase unit ${item.unit} is not one of its packs`);
  if (input.kind === 'negotiated' && input.note.trim() === '') {
    const device = item.category === 'consumable' || item.category === 'reagent';
    const ceilingKind: PriceKind = device ? 'limit' : 'listed';
    const ceiling =
      priceInForce(ctx.db, input.itemId, ceilingKind, input.effectiveFrom) ??
      (device ? priceInForce(ctx.db, input.itemId, 'listed', input.effectiveFrom) : null);
    if (ceiling && input.priceMicro > ceiling.priceMicro) {
      const message = `议价 ${formatYuan(input.priceMicro)} 元高于${KIND_TEXT[ceiling.kind]} ${formatYuan(ceiling.priceMicro)} 元，须填写说明`;
      throw new DomainError('VALIDATION', message, [{ path: 'note', message }]);
    }
  }
  const row = prepared(
    ctx.db.$client,
    `INSERT INTO item_prices (item_id, kind, price_micro, unit, pack_factor, effective_from, note, recorded_at, recorded_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${PRICE_COLUMNS}`,
  ).get(
    input.itemId,
    input.kind,
    input.priceMicro,
    item.unit,
    packFactor,
    input.effectiveFrom,
    input.note,
    ctx.now.toISOString(),
    ctx.actor?.username ?? '',
  ) as PriceRow;
  ctx.audit({
    target: `item:${item.code}`,
    summary: {
      price: {
        kind: input.kind,
        yuan: formatYuan(input.priceMicro),
        unit: item.unit,
        packFactor,
        effectiveFrom: input.effectiveFrom,
        note: input.note,
      },
    },
  });
  return toPrice(row);
}

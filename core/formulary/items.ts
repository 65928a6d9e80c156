/**
 * Formulary items (品规): reads with prices and platform ids, and the writes every path shares — the
 * change-request handlers and the spreadsheet import alike. Every write opens or joins a formulary version,
 * snapshots the item, audits and marks the search index stale. The row ↔ API mapping (booleans, JSON packs
 * and 集采 terms, level flags) is in item-rows.ts, which versions.ts shares without importing this module.
 */
import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import {
  PRICE_KINDS,
  type Item,
  type ItemCategory,
  type ItemFields,
  type ItemStatus,
  type LevelAvailability,
  type PlatformIdentity,
} from '../api/formulary.js';
import type { OperationContext } from '../context.js';
import { DomainError, notFound, type FieldProblem } from '../errors.js';
import { nextInSeries } from '../documents/numbering.js';
import { invalidateSearch, pinyinKeys } from '../search/index.js';
import { communityDate } from '../time.js';
import { noPrices, pricesInForce, priceInForce, type CurrentPrices } from './prices.js';
import { openVersion, snapshotItem } from './versions.js';
import { insertItemRow, itemFieldsOfRow, selectItemRows, updateItemRow, type ItemFilter, type ItemRow } from './item-rows.js';

export { itemFieldsOfRow, selectItemRows, type ItemFilter, type ItemRow };

/* ───────────── row ↔ API ───────────── */

const bit = (b: boolean) => (b ? 1 : 0);

/** Search keys stored beside the names: one per name (通用名, then 商品名), space-separated. */
export function pinyinColumns(fields: Pick<ItemFields, 'genericName' | 'tradeName'>): { pinyinInitials: string; pinyinFull: string } {
  const keys = [fields.genericName, fields.tradeName].filter((n) => n.trim() !== '').map(pinyinKeys);
  return { pinyinInitials: keys.map((k) => k.initials).join(' '), pinyinFull: keys.map((k) => k.full).join(' ') };
}

function columnsOf(fields: ItemFields) {
  const { packs, essential, highAlert, coldChain, highValue, vbp, levels, ...plain } = fields;
  return {
    ...plain,
    packs: JSON.stringify(packs),
    essential: bit(essential),
    highAlert: bit(highAlert),
    coldChain: bit(coldChain),
    highValue: bit(highValue),
    vbp: vbp ? JSON.stringify(vbp) : null,
    levelCounty: bit(levels.county),
    levelTownship: bit(levels.township),
    levelVillage: bit(levels.village),
    ...pinyinColumns(fields),
  };
}

export function platformIdsOf(db: Db, itemId: number): PlatformIdentity[] {
  const rows = prepared(
    db.$client,
    'SELECT profile, product_id AS productId, distributors FROM item_platform_ids WHERE item_id = ? ORDER BY profile',
  ).all(itemId) as { profile: string; productId: string; distributors: string }[];
  return rows.map((r) => ({
    profile: r.profile,
    productId: r.productId,
    distributors: JSON.parse(r.distributors) as PlatformIdentity['distributors'],
  }));
}

function allPlatformIds(db: Db): Map<number, PlatformIdentity[]> {
  const rows = prepared(
    db.$client,
    'SELECT item_id AS itemId, profile, product_id AS productId, distributors FROM item_platform_ids ORDER BY item_id, profile',
  ).all() as {
    itemId: number;
    profile: string;
    productId: string;
    distributors: string;
  }[];
  const byItem = new Map<number, PlatformIdentity[]>();
  for (const r of rows) {
    const list = byItem.get(r.itemId) ?? [];
    list.push({ profile: r.profile, productId: r.productId, distributors: JSON.parse(r.distributors) as PlatformIdentity['distributors'] });
    byItem.set(r.itemId, list);
  }
  return byItem;
}

export function toItem(row: ItemRow, prices: CurrentPrices, platformIds: PlatformIdentity[]): Item {
  return {
    ...itemFieldsOfRow(row),
    id: row.id,
    code: row.code,
    status: row.status as ItemStatus,
    currentPrices: prices,
    platformIds,
    pinyinInitials: row.pinyinInitials,
    version: row.version,
    updatedAt: row.updatedAt,
  };
}

/* ───────────── reads ───────────── */


/** The current formulary (or one level's view of it) with prices in force today and platform ids. */
export function listItems(db: Db, filter: ItemFilter = {}, now = new Date()): Item[] {
  const rows = selectItemRows(db, filter);
  const prices = pricesInForce(db, communityDate(now));
  const platforms = allPlatformIds(db);
  return rows.map((row) => toItem(row, prices.get(row.id) ?? noPrices(), platforms.get(row.id) ?? []));
}

export function getItemRow(db: Db, id: number): ItemRow {
  const [row] = selectItemRows(db, { id });
  if (!row) throw notFound('目录品种');
  return row;
}

export function currentPricesOf(db: Db, itemId: number, date: string): CurrentPrices {
  const prices = noPrices();
  for (const kind of PRICE_KINDS) prices[kind] = priceInForce(db, itemId, kind, date);
  return prices;
}

/** One item with its prices in force today; NOT_FOUND when absent. */
export function getItem(db: Db, id: number, now = new Date()): Item {
  const row = getItemRow(db, id);
  return toItem(row, currentPricesOf(db, id, communityDate(now)), platformIdsOf(db, id));
}

/** The item's fields as the item form and an import's diff see them. */
export function itemFieldsOf(db: Db, id: number): ItemFields {
  return itemFieldsOfRow(getItemRow(db, id));
}

/** The item holding this 医保代码, or null. */
export function findItemByInsuranceCode(db: Db, code: string): Item | null {
  if (!code) return null;
  const row = prepared(db.$client, 'SELECT id FROM formulary_items WHERE insurance_code = ?').get(code) as { id: number } | undefined;
  return row ? getItem(db, row.id) : null;
}

/** The item with this 通用名 + 规格 + 生产企业 (lowest id when several pack sizes share it), or null. */
export function findItemByIdentity(db: Db, identity: { genericName: string; spec: string; manufacturer: string }): Item | null {
  const row = prepared(
    db.$client,
    'SELECT id FROM formulary_items WHERE generic_name = ? AND spec = ? AND manufacturer = ? ORDER BY id LIMIT 1',
  ).get(identity.genericName, identity.spec, identity.manufacturer) as { id: number } | undefined;
  return row ? getItem(db, row.id) : null;
}

/* ───────────── writes ───────────── */

/**
 * Problems between the item and the rest of the database, all of them: a 医保代码 another item holds,
 * a producing unit or 集采 unit that does not exist. Paths are relative to the item.
 */
export function itemReferenceProblems(db: Db, fields: ItemFields, selfId: number | null): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (fields.insuranceCode) {
    const other = prepared(db.$client, 'SELECT id, code, generic_name AS name, spec FROM formulary_items WHERE insurance_code = ?').get(
      fields.insuranceCode,
    ) as { id: number; code: string; name: string; spec: string } | undefined;
    if (other && other.id !== selfId) {
      problems.push({
        path: 'insuranceCode',
        message: `医保代码 ${fields.insuranceCode} 已是目录品种 ${other.code}（${other.name} ${other.spec}）`,
      });
    }
  }
  const unitExists = (id: number) => prepared(db.$client, 'SELECT 1 FROM units WHERE id = ?').get(id) !== undefined;
  if (fields.preparationUnitId !== null && !unitExists(fields.preparationUnitId))
    problems.push({ path: 'preparationUnitId', message: '所选制剂单位不存在' });
  fields.vbp?.unitVolumes.forEach((v, i) => {
    if (!unitExists(v.unitId)) problems.push({ path: `vbp.unitVolumes.${i}.unitId`, message: '所选成员单位不存在' });
  });
  return problems;
}

function refuse(problems: FieldProblem[]): void {
  if (problems.length === 0) return;
  const duplicate = problems.find((p) => p.path === 'insuranceCode');
  throw new DomainError(duplicate ? 'CONFLICT' : 'VALIDATION', duplicate?.message ?? '输入有误，请检查标出的字段', problems);
}

/** 目录编码 prefix: YP 药品, HC 耗材与试剂, ZJ 院内制剂. */
const CODE_SERIES: Record<ItemCategory, string> = {
  western: 'YP',
  chinese_patent: 'YP',
  herbal: 'YP',
  consumable: 'HC',
  reagent: 'HC',
  preparation: 'ZJ',
};

/** `version`: a note opens a new version for this write alone; a number joins one already opened. */
export type VersionChoice = string | number;

function versionFor(ctx: OperationContext, choice: VersionChoice): number {
  return typeof choice === 'number' ? choice : openVersion(ctx, choice, null);
}

function itemsChanged(ctx: OperationContext): void {
  invalidateSearch(ctx.db, 'formulary');
  // An index rebuilt from this transaction's rows must not outlive its rollback.
  ctx.onRollback((db) => invalidateSearch(db, 'formulary'));
}

/** Adds an item with a new 目录编码. Fields must already have passed `itemFields`. */
export function createItem(ctx: OperationContext, fields: ItemFields, version?: VersionChoice): Item {
  refuse(itemReferenceProblems(ctx.db, fields, null));
  const series = CODE_SERIES[fields.category];
  const code = `${series}${String(nextInSeries(ctx.db, series, 0)).padStart(6, '0')}`;
  const v = versionFor(ctx, version ?? `新增品种：${fields.genericName} ${fields.spec}`);
  const at = ctx.now.toISOString();
  const id = insertItemRow(ctx.db, { ...columnsOf(fields), code, status: 'active', version: v, createdAt: at, updatedAt: at });
  snapshotItem(ctx, id, v);
  ctx.audit({ target: `item:${code}`, summary: { created: { ...fields, code }, version: v } });
  itemsChanged(ctx);
  return getItem(ctx.db, id, ctx.now);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The changed fields as {field: {from, to}}. */
export function diffItemFields(before: ItemFields, after: ItemFields): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after) as (keyof ItemFields)[]) {
    if (!same(before[key], after[key])) changes[key] = { from: before[key], to: after[key] };
  }
  return changes;
}

/** An item is in use once it has prices (later also document lines and stock): its pack is then fixed. */
export function itemInUse(db: Db, itemId: number): boolean {
  return (
    prepared(
      db.$client,
      `SELECT EXISTS (SELECT 1 FROM item_prices WHERE item_id = @id) OR EXISTS (SELECT 1 FROM stock_batches WHERE item_id = @id)
         OR EXISTS (SELECT 1 FROM purchase_order_lines WHERE item_id = @id) OR EXISTS (SELECT 1 FROM receipt_lines WHERE item_id = @id)
         OR EXISTS (SELECT 1 FROM stock_adjustment_lines WHERE item_id = @id) AS used`,
    ).get({ id: itemId }) as { used: number }
  ).used === 1;
}

/** The message on `packs` when an item in use would change its base unit or pack factors. */
export const PACKS_LOCKED_MESSAGE = '该品种已有价格、订单、入库或库存记录，最小制剂单位和包装系数不能再更改；不同的包装是新的品规，请新增品种';

/**
 * A different base unit or pack factor is a different 品规: once the item is in use, quantities and
 * prices recorded against the old pack would change meaning. Renaming a pack level is allowed.
 * (The database refuses it too: trigger formulary_items_packs_in_use.)
 */
export function packsLockedProblem(
  db: Db,
  itemId: number,
  before: Pick<ItemFields, 'baseUnit' | 'packs'>,
  after: Pick<ItemFields, 'baseUnit' | 'packs'>,
): FieldProblem | null {
  const factors = (f: Pick<ItemFields, 'packs'>) => f.packs.map((p) => p.factor);
  if (before.baseUnit === after.baseUnit && same(factors(before), factors(after))) return null;
  return itemInUse(db, itemId) ? { path: 'packs', message: PACKS_LOCKED_MESSAGE } : null;
}

/** Replaces an item's fields (its code and status stay). */
export function updateItem(ctx: OperationContext, id: number, fields: ItemFields, version?: VersionChoice): Item {
  const before = getItemRow(ctx.db, id);
  refuse(itemReferenceProblems(ctx.db, fields, id));
  const locked = packsLockedProblem(ctx.db, id, itemFieldsOfRow(before), fields);
  if (locked) throw new DomainError('VALIDATION', locked.message, [locked]);
  const changes = diffItemFields(itemFieldsOfRow(before), fields);
  const v = versionFor(ctx, version ?? `变更品种：${before.code} ${fields.genericName}`);
  updateItemRow(ctx.db, id, { ...columnsOf(fields), version: v, updatedAt: ctx.now.toISOString() });
  snapshotItem(ctx, id, v);
  ctx.audit({ target: `item:${before.code}`, summary: { changes, version: v } });
  itemsChanged(ctx);
  return getItem(ctx.db, id, ctx.now);
}

/** 暂停采购 / 恢复 / 停用: an item is never deleted, only its status changes. */
export function setItemStatus(ctx: OperationContext, id: number, status: ItemStatus, version?: VersionChoice): Item {
  const before = getItemRow(ctx.db, id);
  const v = versionFor(ctx, version ?? `品种状态：${before.code} ${status}`);
  updateItemRow(ctx.db, id, { status, version: v, updatedAt: ctx.now.toISOString() });
  snapshotItem(ctx, id, v);
  ctx.audit({ target: `item:${before.code}`, summary: { status: { from: before.status, to: status }, version: v } });
  itemsChanged(ctx);
  return getItem(ctx.db, id, ctx.now);
}

/** Which levels (县/乡/村) may stock and request the item. */
export function setItemLevels(ctx: OperationContext, id: number, levels: LevelAvailability, version?: VersionChoice): Item {
  const fields = itemFieldsOf(ctx.db, id);
  return updateItem(ctx, id, { ...fields, levels }, version);
}

/** Replaces the item's platform identities (per platform profile). */
export function setPlatformIds(ctx: OperationContext, id: number, platformIds: PlatformIdentity[]): Item {
  const before = getItemRow(ctx.db, id);
  const profiles = platformIds.map((p) => p.profile);
  const duplicates = profiles.flatMap((p, i) =>
    profiles.indexOf(p) !== i ? [{ path: `platformIds.${i}.profile`, message: `平台 ${p} 重复` }] : [],
  );
  if (duplicates.length) throw new DomainError('VALIDATION', '同一平台只能有一个产品ID', duplicates);
  const previous = platformIdsOf(ctx.db, id);
  prepared(ctx.db.$client, 'DELETE FROM item_platform_ids WHERE item_id = ?').run(id);
  const insert = prepared(ctx.db.$client, 'INSERT INTO item_platform_ids (item_id, profile, product_id, distributors) VALUES (?, ?, ?, ?)');
  for (const p of platformIds) insert.run(id, p.profile, p.productId, JSON.stringify(p.distributors));
  updateItemRow(ctx.db, id, { updatedAt: ctx.now.toISOString() });
  ctx.audit({ target: `item:${before.code}`, summary: { platformIds: { from: previous, to: platformIds } } });
  return getItem(ctx.db, id, ctx.now);
}

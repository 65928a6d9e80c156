import { prepared } from '../../../db/statements.js';
import { formatYuan } from '../../api/money.js';
import { baseUnitsPer, type PackLevel } from '../../api/packs.js';
import type { PlatformImportPreview } from '../../api/platform-imports.js';
import type { PlatformIdentity } from '../../api/formulary.js';
import type { OperationContext } from '../../context.js';
import { forbidden } from '../../errors.js';
import { platformIdsOf, setPlatformIds } from '../../formulary/items.js';
import { priceInForce, recordPrice } from '../../formulary/prices.js';
import { actorHas } from '../../scope.js';
import { communityDate } from '../../time.js';
import { logExchange, PlanBuilder, refuseRejected, type ReadFile } from './common.js';

/**
 * 挂网目录导入: each row is matched to a formulary item — by the item's platform id under the profile
 * (= `hospListId`), else by `prodCode` = the item's 医保代码 — or rejected. What it changes: a new 挂网价 (and, for
 * consumables and reagents, 限价) price row from today when the platform's price differs from the one in force
 * (appended by core/formulary/prices.ts, never an edit), and the item's platform id and distributors under the
 * profile. The platform's price is per its pack (`convrat` base units, when given); ours per the item's purchase
 * unit, so it is restated. Several rows of one item (one per distributor) must agree on the price.
 */

interface ItemRow {
  id: number;
  code: string;
  genericName: string;
  spec: string;
  category: string;
  insuranceCode: string;
  baseUnit: string;
  packs: string;
  purchaseUnit: string;
}

interface ItemChange {
  item: ItemRow;
  rows: number[];
  productId: string;
  distributors: Map<string, string>;
  prices: { kind: 'listed' | 'limit'; priceMicro: number; row: number }[];
  identity: PlatformIdentity | null;
}

export interface CataloguePlan {
  preview: PlatformImportPreview;
  items: ItemChange[];
}

const ITEM_SQL = `SELECT id, code, generic_name AS genericName, spec, category, insurance_code AS insuranceCode, base_unit AS baseUnit, packs,
  purchase_unit AS purchaseUnit FROM formulary_items`;

const isDevice = (category: string) => category === 'consumable' || category === 'reagent';
const itemText = (i: ItemRow) => `${i.code} ${i.genericName} ${i.spec}`;

export function planCatalogue(ctx: OperationContext, file: ReadFile): CataloguePlan {
  const plan = new PlanBuilder(file);
  const db = ctx.db.$client;
  const profile = file.profile.name;
  const today = communityDate(ctx.now);
  const byPlatform = new Map(
    (prepared(db, `${ITEM_SQL} i JOIN item_platform_ids p ON p.item_id = i.id WHERE p.profile = ?`).all(
      profile,
    ) as (ItemRow & { productId?: string })[]).map((r) => [r.id, r]),
  );
  const productIds = new Map(
    (prepared(db, 'SELECT item_id AS itemId, product_id AS productId FROM item_platform_ids WHERE profile = ?').all(profile) as { itemId: number; productId: string }[]).map(
      (r) => [r.productId, r.itemId],
    ),
  );
  const codes = [...new Set(plan.rows().map((r) => r.values.prodCode ?? '').filter((c) => c !== ''))];
  const byInsurance = new Map(
    (prepared(db, `${ITEM_SQL} WHERE insurance_code IN (SELECT value FROM json_each(?))`).all(JSON.stringify(codes)) as ItemRow[]).map((r) => [r.insuranceCode, r]),
  );
  const changes = new Map<number, ItemChange>();
  for (const r of plan.rows()) {
    const v = r.values;
    const row = r.rowNumber;
    const viaId = productIds.get(v.hospListId!);
    let item = viaId !== undefined ? byPlatform.get(viaId) : undefined;
    if (!item) item = byInsurance.get(v.prodCode!);
    if (!item) {
      plan.reject(row, 'hospListId', `本院目录ID ${v.hospListId} 不是任何目录品种在平台「${file.profile.label}」的编码，产品编码 ${v.prodCode} 也不是任何品种的医保代码`);
      continue;
    }
    const owner = productIds.get(v.hospListId!);
    if (owner !== undefined && owner !== item.id) {
      plan.reject(row, 'hospListId', `本院目录ID ${v.hospListId} 已是另一品种的平台编码`);
      continue;
    }
    const packs = JSON.parse(item.packs) as PackLevel[];
    const perPurchase = baseUnitsPer(item.baseUnit, packs, item.purchaseUnit) ?? 1;
    const convrat = v.convrat ? Number(v.convrat) : perPurchase;
    if (!(convrat > 0)) {
      plan.reject(row, 'convrat', '转换比须大于 0');
      continue;
    }
    const restate = (micro: number) => Math.round((micro * perPurchase) / convrat);
    let change = changes.get(item.id);
    if (change && change.productId !== v.hospListId) {
      plan.reject(row, 'hospListId', `${itemText(item)}在第 ${change.rows[0]} 行的本院目录ID是 ${change.productId}，同一品种只能有一个`);
      continue;
    }
    const prices: ItemChange['prices'] = [];
    if (v.pubonlnPric) prices.push({ kind: 'listed', priceMicro: restate(Number(v.pubonlnPric)), row });
    if (v.lmtpric && isDevice(item.category)) prices.push({ kind: 'limit', priceMicro: restate(Number(v.lmtpric)), row });
    const disagree = change ? prices.find((p) => change!.prices.some((q) => q.kind === p.kind && q.priceMicro !== p.priceMicro)) : undefined;
    if (disagree) {
      const other = change!.prices.find((q) => q.kind === disagree.kind)!;
      plan.reject(row, disagree.kind === 'listed' ? 'pubonlnPric' : 'lmtpric', `${itemText(item)}的价格与第 ${other.row} 行不同（${formatYuan(other.priceMicro)} 元）`);
      continue;
    }
    if (!change) {
      change = { item, rows: [], productId: v.hospListId!, distributors: new Map(), prices: [], identity: null };
      changes.set(item.id, change);
    }
    change.rows.push(row);
    for (const p of prices) if (!change.prices.some((q) => q.kind === p.kind)) change.prices.push(p);
    if (v.delventpCode) change.distributors.set(v.delventpCode, v.delventpName ?? '');
  }

  const items: ItemChange[] = [];
  let priceRows = 0;
  for (const change of changes.values()) {
    const { item } = change;
    const words: string[] = [];
    change.prices = change.prices.filter((p) => {
      const current = priceInForce(ctx.db, item.id, p.kind, today);
      if (current && current.priceMicro === p.priceMicro) return false;
      const label = p.kind === 'listed' ? '挂网价' : '限价';
      words.push(`${label} ${current ? `${formatYuan(current.priceMicro)} → ` : ''}${formatYuan(p.priceMicro)} 元/${item.purchaseUnit}（自 ${today}）`);
      return true;
    });
    const existing = platformIdsOf(ctx.db, item.id);
    const mine = existing.find((p) => p.profile === profile);
    const distributors =
      change.distributors.size > 0 ? [...change.distributors].map(([code, name]) => ({ code, name: name || code })) : (mine?.distributors ?? []);
    const sameDistributors =
      mine !== undefined &&
      mine.distributors.length === distributors.length &&
      distributors.every((d) => mine.distributors.some((m) => m.code === d.code && m.name === d.name));
    if (!mine || mine.productId !== change.productId || !sameDistributors) {
      change.identity = { profile, productId: change.productId, distributors };
      if (!mine || mine.productId !== change.productId) words.push(`平台编码 ${mine ? `${mine.productId} → ` : ''}${change.productId}`);
      if (!sameDistributors) words.push(`配送企业：${distributors.map((d) => d.name).join('、') || '（无）'}`);
    }
    if (words.length === 0) {
      plan.unchanged += change.rows.length;
      continue;
    }
    priceRows += change.prices.length;
    items.push(change);
    plan.change({ row: change.rows[0]!, key: change.productId, target: itemText(item), change: words.join('；'), group: '' });
  }
  return {
    preview: plan.preview({ items: items.length, prices: priceRows, platformIds: items.filter((i) => i.identity).length }),
    items,
  };
}

export function commitCatalogue(ctx: OperationContext, file: ReadFile) {
  if (!ctx.actor || !actorHas(ctx.actor, 'formulary.manage')) throw forbidden('导入挂网目录会改变目录价格和平台编码，需要目录维护权限');
  const plan = planCatalogue(ctx, file);
  refuseRejected(plan.preview);
  const today = communityDate(ctx.now);
  for (const change of plan.items) {
    for (const p of change.prices) {
      recordPrice(ctx, { itemId: change.item.id, kind: p.kind, priceMicro: p.priceMicro, effectiveFrom: today, note: `平台挂网目录导入（${file.profile.label}，${file.fileName}）` });
    }
    if (change.identity) {
      const others = platformIdsOf(ctx.db, change.item.id).filter((p) => p.profile !== change.identity!.profile);
      setPlatformIds(ctx, change.item.id, [...others, change.identity]);
    }
  }
  const exchangeId = logExchange(ctx, file.profile.name, 'catalogue_in', file.fileName, file.read.rows.length, plan.preview.counts);
  ctx.audit({ target: `platform:${file.profile.name}:catalogue_in`, summary: { file: file.fileName, exchangeId, ...plan.preview.counts } });
  return {
    preview: plan.preview,
    exchangeId,
    documents: plan.items.map((c) => ({ id: c.item.id, number: c.item.code, kind: 'item', label: `${c.item.genericName} ${c.item.spec}` })),
  };
}

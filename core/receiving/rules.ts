import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import { ITEM_CATEGORY_LABELS } from '../api/labels.js';
import type { ItemCategory, ItemStatus } from '../api/formulary.js';
import { baseUnitsPer, type PackLevel } from '../api/packs.js';
import type { OperationContext } from '../context.js';
import { DomainError, type FieldProblem } from '../errors.js';
import { actorHas } from '../scope.js';
import { assertOrderReceivable, orderLinesForReceiving, type OrderLineProgress } from '../purchasing/progress.js';
import { assertSupplierUsable } from '../suppliers/qualification.js';
import { stockSettings } from '../stock/settings.js';
import { addMonths, communityDate } from '../time.js';

/**
 * The acceptance rules of 入库验收, checked when a draft is saved (what can be known then) and all of them again
 * when it is posted, every problem with the field path it is about (`lines.3.traceCodes.7`) and a Chinese reason.
 *
 * - `draft`: the item is in the formulary and 在用; the supplier usable for the lines' categories today; the
 *   order receivable, of the same supplier and store, its line of the same item, and no more than outstanding;
 *   dates in order; the trace codes well formed, of the item's 药品标识码 (or one shared prefix not owned by
 *   another item while the item has none), not already received in the community, not twice in the receipt;
 *   a cold-chain temperature, when given, within the item's storage range; a second inspector, when named,
 *   an active user; a 近效期原因 only from the pharmacy officer.
 * - `post` adds what a saved draft may still lack: the code count matching the accepted quantity for items
 *   traced per box; the cold-chain temperature; 双人验收 for 麻醉 / 精一; the minimum remaining shelf life
 *   (stockSettings, per category) unless the officer recorded a reason.
 *
 * The trace-code checks are one query each over the whole receipt (json_each), not a lookup per code.
 */
export type Stage = 'draft' | 'post';

export interface DraftLine {
  itemId: number;
  orderLineId: number | null;
  batchNo: string;
  expiry: string;
  productionDate: string | null;
  accepted: number;
  rejected: number;
  arrived: number;
  rejectReason: string;
  priceMicro: number;
  packUnit: string | null;
  traceCodes: string[];
  deliveryNoteNo: string;
  distributorInvoiceNo: string;
  manufacturerInvoiceNo: string;
  arrivalTempTenths: number | null;
  shortExpiryReason: string;
  secondInspectorUserId: number | null;
}

export interface DraftReceipt {
  supplierId: number;
  storeId: number;
  orderId: number | null;
  unplannedReason: string;
  arrivedOn: string;
  note: string;
  lines: DraftLine[];
}

/** A line after the rules: its order line and pack resolved. */
export interface ResolvedLine extends DraftLine {
  orderLineId: number | null;
  packUnit: string;
  packFactor: number;
  /** Set when the line's prefix will be learned by posting (the item had none). */
  learnPrefix: string | null;
}

export interface ItemRow {
  id: number;
  code: string;
  genericName: string;
  spec: string;
  category: ItemCategory;
  status: ItemStatus;
  baseUnit: string;
  packs: PackLevel[];
  purchaseUnit: string;
  coldChain: boolean;
  storageTempMin: number | null;
  storageTempMax: number | null;
  controlledClass: string;
  tracePrefix: string;
  tracePack: string;
}

export function loadItems(db: Db, ids: readonly number[]): Map<number, ItemRow> {
  const rows = prepared(
    db.$client,
    `SELECT id, code, generic_name AS genericName, spec, category, status, base_unit AS baseUnit, packs, purchase_unit AS purchaseUnit,
       cold_chain AS coldChain, storage_temp_min AS storageTempMin, storage_temp_max AS storageTempMax, controlled_class AS controlledClass,
       trace_prefix AS tracePrefix, trace_pack AS tracePack
     FROM formulary_items WHERE id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify([...new Set(ids)])) as (Omit<ItemRow, 'packs' | 'coldChain'> & { packs: string; coldChain: number })[];
  return new Map(rows.map((r) => [r.id, { ...r, packs: JSON.parse(r.packs) as PackLevel[], coldChain: r.coldChain === 1 }]));
}

/** The receipt's items: those given, and the rest read. */
function itemsOf(db: Db, ids: readonly number[], given: ReadonlyMap<number, ItemRow> | undefined): Map<number, ItemRow> {
  if (!given) return loadItems(db, ids);
  const items = new Map<number, ItemRow>();
  const missing: number[] = [];
  for (const id of ids) {
    const item = given.get(id);
    if (item) items.set(id, item);
    else missing.push(id);
  }
  if (missing.length) for (const [id, item] of loadItems(db, missing)) items.set(id, item);
  return items;
}

const STATUS_TEXT: Record<ItemStatus, string> = { active: '在用', suspended: '暂停采购', retired: '停用' };
const DOUBLE_INSPECTION = new Set(['narcotic', 'psychotropic1']);
const CONTROLLED_TEXT: Record<string, string> = { narcotic: '麻醉药品', psychotropic1: '第一类精神药品' };
const MAX_PROBLEMS = 500;

const itemName = (item: ItemRow) => `${item.genericName} ${item.spec}`;
const tempText = (tenths: number) => `${(tenths / 10).toFixed(1)}℃`;

export interface CheckOptions {
  stage: Stage;
  /** The user who posts (the first inspector); null for the system actor. */
  posterUserId: number | null;
  /** Short-expiry reasons already recorded by the officer on the stored draft, by `${itemId}|${batchNo}`. */
  recordedReasons?: ReadonlyMap<string, string>;
  /**
   * Items already read in this transaction (loadItems), for a caller checking many receipts at once (a 配送明细
   * import: 40 receipts of 500 lines); items missing from it are read here.
   */
  items?: ReadonlyMap<number, ItemRow>;
}

export interface CheckResult {
  lines: ResolvedLine[];
  items: Map<number, ItemRow>;
  orderLines: Map<number, OrderLineProgress>;
}

export const reasonKey = (itemId: number, batchNo: string) => `${itemId}|${batchNo}`;

/** Checks a receipt against every rule of its stage; throws one VALIDATION carrying every problem found. */
export function checkReceipt(ctx: OperationContext, receipt: DraftReceipt, options: CheckOptions): CheckResult {
  const db = ctx.db;
  const problems: FieldProblem[] = [];
  const problem = (path: string, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ path, message });
  };
  const today = communityDate(ctx.now);
  const items = itemsOf(db, receipt.lines.map((l) => l.itemId), options.items);

  // The order: receivable, same supplier and store; its lines by id.
  const orderLines = new Map<number, OrderLineProgress>();
  if (receipt.orderId !== null) {
    try {
      assertOrderReceivable(db, receipt.orderId, 'orderId');
      const order = prepared(db.$client, 'SELECT supplier_id AS supplierId, store_id AS storeId FROM purchase_orders WHERE document_id = ?').get(receipt.orderId) as
        | { supplierId: number; storeId: number }
        | undefined;
      if (order && order.supplierId !== receipt.supplierId) problem('supplierId', '供货单位与采购订单的供应商不一致');
      if (order && order.storeId !== receipt.storeId) problem('storeId', '收货库房与采购订单的收货库房不一致（直配订单只能收入订单指定的库房）');
      for (const line of orderLinesForReceiving(db, receipt.orderId)) orderLines.set(line.id, line);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      for (const f of error.fields ?? [{ path: 'orderId', message: error.message }]) problem(f.path, f.message);
    }
  } else if (receipt.unplannedReason.trim() === '') {
    problem('unplannedReason', '没有采购订单的计划外到货须填写原因');
  }

  // The supplier, for the categories of the lines' items.
  const categories = [...new Set([...items.values()].map((i) => i.category))];
  try {
    assertSupplierUsable(db, receipt.supplierId, { categories, onDate: today, path: 'supplierId' });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    for (const f of error.fields ?? [{ path: 'supplierId', message: error.message }]) problem(f.path, f.message);
  }
  if (receipt.arrivedOn > today) problem('arrivedOn', `到货日期 ${receipt.arrivedOn} 晚于今天`);

  const settings = options.stage === 'post' ? stockSettings(db) : null;
  const isOfficer = ctx.actor !== null && actorHas(ctx.actor, 'purchase.approve');
  const resolved: ResolvedLine[] = [];
  const receivedOnOrderLine = new Map<number, number>();
  const inspectors = new Set<number>();
  for (const l of receipt.lines) if (l.secondInspectorUserId) inspectors.add(l.secondInspectorUserId);
  const users = new Map(
    (prepared(db.$client, 'SELECT id, display_name AS name, active FROM users WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify([...inspectors])) as {
      id: number;
      name: string;
      active: number;
    }[]).map((u) => [u.id, u]),
  );

  receipt.lines.forEach((line, i) => {
    const at = (field: string) => `lines.${i}.${field}`;
    const item = items.get(line.itemId);
    if (!item) {
      problem(at('itemId'), '该品种不在统一用药目录中');
      return;
    }
    if (item.status !== 'active') problem(at('itemId'), `${itemName(item)} 当前为「${STATUS_TEXT[item.status]}」，不能验收入库`);

    // The order line: given, or the first of the same item with something outstanding.
    let orderLineId = line.orderLineId;
    if (receipt.orderId === null) {
      if (orderLineId !== null) problem(at('orderLineId'), '计划外到货不能指定订单行');
      orderLineId = null;
    } else if (orderLines.size > 0) {
      if (orderLineId === null) {
        const same = [...orderLines.values()].filter((o) => o.itemId === line.itemId);
        const open = same.find((o) => o.outstanding - (receivedOnOrderLine.get(o.id) ?? 0) > 0) ?? same[0];
        if (!open) problem(at('itemId'), `采购订单中没有 ${itemName(item)}`);
        else orderLineId = open.id;
      } else {
        const orderLine = orderLines.get(orderLineId);
        if (!orderLine) problem(at('orderLineId'), '该订单行不属于此采购订单');
        else if (orderLine.itemId !== line.itemId) problem(at('itemId'), `品种与订单第 ${orderLine.lineNo} 行（${orderLine.genericName} ${orderLine.spec}）不符`);
      }
    }
    const orderLine = orderLineId !== null ? orderLines.get(orderLineId) : undefined;
    if (orderLine && orderLine.itemId === line.itemId) {
      const before = receivedOnOrderLine.get(orderLine.id) ?? 0;
      const after = before + line.accepted;
      receivedOnOrderLine.set(orderLine.id, after);
      if (after > orderLine.outstanding && line.accepted > 0) {
        problem(
          at('quantity'),
          `超出订单未到货数量：订单第 ${orderLine.lineNo} 行订购 ${orderLine.ordered}${item.baseUnit}，已到货 ${orderLine.received}${item.baseUnit}，` +
            `未到货 ${orderLine.outstanding}${item.baseUnit}，本单验收共 ${after}${item.baseUnit}`,
        );
      }
    }

    // The pack the price is per.
    const packUnit = line.packUnit || orderLine?.packUnit || item.purchaseUnit;
    const packFactor = baseUnitsPer(item.baseUnit, item.packs, packUnit);
    if (packFactor === null) problem(at('packUnit'), `${itemName(item)} 没有包装单位「${packUnit}」`);

    // Quantities and dates.
    if (line.arrived !== line.accepted + line.rejected) problem(at('arrivedQuantity'), `到货数量 ${line.arrived} 应等于验收合格 ${line.accepted} 加拒收 ${line.rejected}`);
    if (line.arrived <= 0) problem(at('quantity'), '到货数量须大于 0');
    if (line.rejected > 0 && line.rejectReason.trim() === '') problem(at('rejectReason'), '有拒收数量时须填写拒收原因');
    if (line.productionDate !== null) {
      if (line.productionDate > today) problem(at('productionDate'), `生产日期 ${line.productionDate} 晚于今天`);
      if (line.expiry <= line.productionDate) problem(at('expiry'), `有效期 ${line.expiry} 早于生产日期 ${line.productionDate}`);
    }
    if (line.expiry < today && line.accepted > 0) problem(at('expiry'), `该批号已于 ${line.expiry} 过期，不能验收入库`);

    // 近效期: only the officer's reason counts.
    const recorded = options.recordedReasons?.get(reasonKey(line.itemId, line.batchNo)) ?? '';
    if (line.shortExpiryReason !== '' && line.shortExpiryReason !== recorded && !isOfficer) {
      problem(at('shortExpiryReason'), '近效期验收的原因须由药事部（采购审核人）记录');
    }
    if (settings && line.accepted > 0 && line.expiry >= today) {
      const months = settings.minShelfLifeMonths[item.category];
      const limit = addMonths(today, months);
      if (line.expiry < limit && line.shortExpiryReason.trim() === '') {
        problem(
          at('expiry'),
          `有效期至 ${line.expiry}，剩余效期不足 ${months} 个月（${ITEM_CATEGORY_LABELS[item.category]}最短剩余效期，须在 ${limit} 之后），须由药事部记录原因后方可验收`,
        );
      }
    }

    // 冷链.
    if (line.arrivalTempTenths !== null && item.storageTempMin !== null && item.storageTempMax !== null && line.accepted > 0) {
      if (line.arrivalTempTenths < item.storageTempMin * 10 || line.arrivalTempTenths > item.storageTempMax * 10) {
        problem(at('arrivalTemp'), `到货温度 ${tempText(line.arrivalTempTenths)} 超出储存温度 ${item.storageTempMin}–${item.storageTempMax}℃，应拒收`);
      }
    }
    if (options.stage === 'post' && item.coldChain && line.arrivalTempTenths === null && line.accepted > 0) {
      problem(at('arrivalTemp'), `${itemName(item)} 为冷链品种，须记录到货温度`);
    }

    // 双人验收.
    if (line.secondInspectorUserId !== null) {
      const user = users.get(line.secondInspectorUserId);
      if (!user || user.active !== 1) problem(at('secondInspectorUserId'), '复核验收人须为在用的用户');
    }
    if (options.stage === 'post' && DOUBLE_INSPECTION.has(item.controlledClass) && line.accepted > 0) {
      if (line.secondInspectorUserId === null) problem(at('secondInspectorUserId'), `${CONTROLLED_TEXT[item.controlledClass]}须双人验收：请选择第二验收人`);
      else if (line.secondInspectorUserId === options.posterUserId) problem(at('secondInspectorUserId'), '双人验收的两位验收人须为不同的人');
    }

    // 追溯码 per box: the count must match the accepted quantity.
    if (options.stage === 'post' && item.tracePack !== '') {
      const per = baseUnitsPer(item.baseUnit, item.packs, item.tracePack);
      if (per !== null && line.traceCodes.length * per !== line.accepted) {
        problem(
          at('traceCodes'),
          `追溯码 ${line.traceCodes.length} 个 × 每${item.tracePack} ${per}${item.baseUnit} = ${line.traceCodes.length * per}${item.baseUnit}，与验收合格数量 ${line.accepted}${item.baseUnit} 不符`,
        );
      }
    }

    resolved.push({ ...line, orderLineId: orderLineId ?? null, packUnit, packFactor: packFactor ?? 1, learnPrefix: null });
  });

  checkTraceCodes(db, receipt.lines, items, resolved, problem);

  if (problems.length > 0) {
    const message = problems.length === 1 ? problems[0]!.message : `验收单有 ${problems.length} 处问题：${problems[0]!.message}`;
    throw new DomainError('VALIDATION', message, problems);
  }
  return { lines: resolved, items, orderLines };
}

/** The trace-code rules, over the whole receipt at once. */
function checkTraceCodes(
  db: Db,
  lines: readonly DraftLine[],
  items: ReadonlyMap<number, ItemRow>,
  resolved: ResolvedLine[],
  problem: (path: string, message: string) => void,
): void {
  const seen = new Map<string, [number, number]>();
  /** The prefix each item without one would learn, and where it was first seen. */
  const learning = new Map<number, { prefix: string; path: string }>();
  const all: string[] = [];
  lines.forEach((line, i) => {
    const item = items.get(line.itemId);
    if (!item) return;
    line.traceCodes.forEach((code, j) => {
      const path = `lines.${i}.traceCodes.${j}`;
      const first = seen.get(code);
      if (first) {
        problem(path, `追溯码 ${code} 在本单中重复（已在第 ${first[0] + 1} 行第 ${first[1] + 1} 个）`);
        return;
      }
      seen.set(code, [i, j]);
      all.push(code);
      if (!/^\d+$/.test(code)) {
        if (item.category !== 'consumable' && item.category !== 'reagent') problem(path, `药品追溯码应为 20 位数字：${code}`);
        return;
      }
      if (code.length !== 20) {
        problem(path, `追溯码应为 20 位数字（${code} 为 ${code.length} 位）`);
        return;
      }
      const prefix = code.slice(0, 7);
      if (item.tracePrefix !== '') {
        if (prefix !== item.tracePrefix) problem(path, `追溯码 ${code} 的药品标识码 ${prefix} 与 ${itemName(item)} 的 ${item.tracePrefix} 不符`);
        return;
      }
      const learned = learning.get(item.id);
      if (!learned) learning.set(item.id, { prefix, path });
      else if (learned.prefix !== prefix) problem(path, `追溯码 ${code} 的药品标识码 ${prefix} 与本单中 ${itemName(item)} 的其他追溯码（${learned.prefix}）不一致`);
    });
  });

  // A prefix to learn must belong to no other item, in the formulary or in this receipt.
  if (learning.size > 0) {
    const owners = prepared(
      db.$client,
      `SELECT id, generic_name AS genericName, spec, trace_prefix AS prefix FROM formulary_items
       WHERE trace_prefix IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify([...learning.values()].map((l) => l.prefix))) as { id: number; genericName: string; spec: string; prefix: string }[];
    const ownerOf = new Map(owners.map((o) => [o.prefix, o]));
    const claimed = new Map<string, number>();
    for (const [itemId, { prefix, path }] of learning) {
      const owner = ownerOf.get(prefix);
      if (owner && owner.id !== itemId) {
        problem(path, `药品标识码 ${prefix} 已属于品种 ${owner.genericName} ${owner.spec}，不是 ${itemName(items.get(itemId)!)}`);
        continue;
      }
      const other = claimed.get(prefix);
      if (other !== undefined) {
        problem(path, `药品标识码 ${prefix} 在本单中同时用于 ${itemName(items.get(other)!)} 和 ${itemName(items.get(itemId)!)}`);
        continue;
      }
      claimed.set(prefix, itemId);
    }
    lines.forEach((line, i) => {
      const learned = learning.get(line.itemId);
      if (learned && claimed.get(learned.prefix) === line.itemId && resolved[i]) resolved[i]!.learnPrefix = learned.prefix;
    });
  }

  // Received anywhere in the community already (not released by a reversal): one query.
  if (all.length > 0) {
    const taken = prepared(
      db.$client,
      `SELECT t.code, d.number FROM json_each(?) j JOIN trace_codes t ON t.code = j.value AND t.reversed_document_id IS NULL
       JOIN documents d ON d.id = t.document_id`,
    ).all(JSON.stringify(all)) as { code: string; number: string }[];
    for (const { code, number } of taken) {
      const [i, j] = seen.get(code)!;
      problem(`lines.${i}.traceCodes.${j}`, `追溯码 ${code} 已于 ${number} 验收入库，同一追溯码只能入库一次`);
    }
  }
}

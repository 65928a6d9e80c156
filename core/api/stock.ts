/** The stock ledger: vocabularies and contracts (operations are added below the vocabularies). */
import { z } from 'zod';
import { id } from './common.js';
import { ITEM_CATEGORIES } from './formulary.js';
import { defineOperation, type ExportSpec } from './operation.js';

/** 医保 3502 库存变更类型 inv_chg_type, with the names the 医保 interface uses. */
export const CHANGE_TYPES = {
  '101': '调拨入库',
  '102': '调拨出库',
  '103': '盘盈',
  '104': '盘损',
  '105': '销毁',
  '106': '其他入库',
  '107': '其他出库',
  '108': '商品采购入库',
  '109': '商品退货出库',
  '110': '赠药入库',
  '111': '赠药退回出库',
} as const;
export type ChangeType = keyof typeof CHANGE_TYPES;
export const CHANGE_TYPE_CODES = Object.keys(CHANGE_TYPES) as ChangeType[];

export const LOCATION_KINDS = ['store', 'transit'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

/** 正常 / 冻结 (on hold) / 召回 (recalled): only 正常 batches are issued. */
export const BATCH_STATUSES = ['normal', 'on_hold', 'recalled'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** 退货 (109) / 报损 (105) / 其他入库 (106) / 其他出库 (107). */
export const ADJUSTMENT_KINDS = ['return', 'loss', 'other_in', 'other_out'] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];


export const BATCH_STATUS_LABELS: Readonly<Record<BatchStatus, string>> = { normal: '正常', on_hold: '冻结', recalled: '召回' };
export const LOCATION_KIND_LABELS: Readonly<Record<LocationKind, string>> = { store: '库房', transit: '在途' };

/* ───────────── reads of the ledger: on hand, the ledger card (流水账), near expiry; the stock settings ───────────── */

const pageNo = z.number({ error: '页码必须是数字' }).int('页码必须是整数').min(1, '页码从 1 开始').default(1);
const pageSizeOf = (fallback: number, max: number) =>
  z.number({ error: '每页条数必须是数字' }).int('每页条数必须是整数').min(1, '每页至少 1 条').max(max, `每页最多 ${max} 条`).default(fallback);

/** How `stock.onHand` groups its rows: one per batch and location (default), per item, per item and location, per item and unit. */
export const ON_HAND_GROUPINGS = ['batch', 'item', 'location', 'unit'] as const;
export type OnHandGrouping = (typeof ON_HAND_GROUPINGS)[number];

const packLevels = z.array(z.object({ unit: z.string(), factor: z.number().int() }));

/** The item columns every stock row carries, so a grid shows and formats it without another call. */
const itemColumns = {
  itemId: z.number().int(),
  itemCode: z.string(),
  itemName: z.string(),
  tradeName: z.string(),
  spec: z.string(),
  manufacturer: z.string(),
  /** 最小制剂单位: every quantity is in it. */
  baseUnit: z.string(),
  /** Pack levels from the smallest up (core/api/packs.ts formats quantities with them). */
  packs: packLevels,
  /** e.g. "24片/盒" */
  packText: z.string(),
};

/**
 * A row of stock on hand. Grouped rows (`by` item/location/unit) leave the batch fields null except `expiry`,
 * the earliest expiry among the group's batches, and `batches`, how many batch rows they add up.
 */
export const onHandRow = z.object({
  ...itemColumns,
  batchId: z.number().int().nullable(),
  batchNo: z.string().nullable(),
  /** 有效期至 YYYY-MM-DD (the earliest of the group for grouped rows). */
  expiry: z.string().nullable(),
  productionDate: z.string().nullable(),
  batchStatus: z.enum(BATCH_STATUSES).nullable(),
  /** 正常 / 冻结 / 召回; for grouped rows the statuses present other than 正常, e.g. "冻结". */
  batchStatusText: z.string(),
  batches: z.number().int(),
  /** The location; null when grouped by item or unit. */
  locationId: z.number().int().nullable(),
  locationKind: z.enum(LOCATION_KINDS).nullable(),
  locationName: z.string().nullable(),
  /** The store; null for goods in transit (and when grouped by item or unit). */
  storeId: z.number().int().nullable(),
  storeName: z.string().nullable(),
  /** The unit that holds the stock (for goods in transit: the receiving unit); null only for a community-wide item row. */
  unitId: z.number().int().nullable(),
  unitName: z.string().nullable(),
  /** Base units on hand, reserved by allocations not yet shipped, and available (= quantity − reserved). */
  quantity: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  /** "4810 片（1 件 + 10 片）" */
  quantityText: z.string(),
  /** The batch's cost: micro-yuan per `costUnit` of `costPackFactor` base units (null for grouped rows). */
  costMicro: z.number().int().nullable(),
  costUnit: z.string().nullable(),
  costPackFactor: z.number().int().nullable(),
  /** Value at cost, micro-yuan: each (batch, location) line rounded to the fen (lineAmountMicro), grouped rows sum them. */
  valueMicro: z.number().int(),
  /** The value in yuan as text, "1234.50". */
  valueText: z.string(),
});
export type OnHandRow = z.infer<typeof onHandRow>;

const onHandColumns: ExportSpec['columns'] = [
  { key: 'itemCode', header: '目录编码', width: 12 },
  { key: 'itemName', header: '通用名', width: 22 },
  { key: 'spec', header: '规格', width: 14 },
  { key: 'manufacturer', header: '生产企业', width: 24 },
  { key: 'packText', header: '包装', width: 14 },
  { key: 'batchNo', header: '批号', width: 14 },
  { key: 'expiry', header: '有效期至', width: 12 },
  { key: 'batchStatusText', header: '批次状态', width: 8 },
  { key: 'unitName', header: '单位', width: 18 },
  { key: 'locationName', header: '库房/在途', width: 16 },
  { key: 'quantity', header: '数量(最小单位)', width: 12 },
  { key: 'baseUnit', header: '最小单位', width: 8 },
  { key: 'quantityText', header: '数量(含包装)', width: 24 },
  { key: 'reserved', header: '已分配', width: 10 },
  { key: 'available', header: '可用', width: 10 },
  { key: 'valueText', header: '金额(元)', width: 12 },
];

export const stockOnHand = defineOperation({
  name: 'stock.onHand',
  title: '查询库存',
  access: { permission: 'stock.read' },
  mutates: false,
  scope: { units: { input: [{ path: 'storeId', record: 'store' }, { path: 'unitId', record: 'unit' }], output: [{ rows: 'rows', unit: 'unitId' }] } },
  input: z
    .object({
      itemId: id.optional(),
      storeId: id.optional(),
      unitId: id.optional(),
      /** Only batches of this status (正常 / 冻结 / 召回). */
      status: z.enum(BATCH_STATUSES, { error: '批次状态应为正常、冻结或召回' }).optional(),
      /** Also the (batch, location) balances that have gone to zero. */
      includeZero: z.boolean().default(false),
      by: z.enum(ON_HAND_GROUPINGS, { error: '分组应为 batch、item、location 或 unit' }).default('batch'),
      /** Quick search: item code, name, pinyin initials or full pinyin, trade name, 批号. */
      q: z.string().trim().max(50, '搜索词不能超过 50 个字符').optional(),
      page: pageNo,
      pageSize: pageSizeOf(200, 10_000),
    })
    .default({ includeZero: false, by: 'batch', page: 1, pageSize: 200 }),
  output: z.object({
    rows: z.array(onHandRow),
    /** Rows in all pages. */
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    totals: z.object({
      /** Base units over every page; meaningful when one item is chosen. */
      quantity: z.number().int(),
      valueMicro: z.number().int(),
      valueText: z.string(),
      /** Distinct items in all pages. */
      items: z.number().int(),
    }),
  }),
  export: { rows: 'rows', sheet: '库存', filename: '库存', columns: onHandColumns },
});

/** A move on an item's ledger card (流水账), from the point of view of the chosen store (or of every store in scope). */
export const ledgerRow = z.object({
  moveId: z.number().int(),
  /** ISO time the move was posted. */
  at: z.string(),
  documentId: z.number().int(),
  documentNumber: z.string(),
  /** The document's kind, from its number series: 入库验收单, 退货单, 报损单… */
  documentTypeLabel: z.string(),
  changeType: z.enum(CHANGE_TYPE_CODES as [ChangeType, ...ChangeType[]]),
  changeTypeLabel: z.string(),
  /** A reversing move (冲销) names the move it reverses. */
  reversesMoveId: z.number().int().nullable(),
  batchId: z.number().int(),
  batchNo: z.string(),
  expiry: z.string(),
  fromLocationId: z.number().int().nullable(),
  /** null: from outside (a supplier, a count gain). */
  fromLocationName: z.string().nullable(),
  toLocationId: z.number().int().nullable(),
  /** null: to outside (a return to supplier, a loss, an issue). */
  toLocationName: z.string().nullable(),
  /** The units holding each end (store names repeat from unit to unit: 药房). */
  fromUnitName: z.string().nullable(),
  toUnitName: z.string().nullable(),
  /** Base units the move carried, as stored (negative for a reversing move). */
  moved: z.number().int(),
  /**
   * The change of the viewed balance, base units: + in, − out, 0 for an internal move (both ends within the
   * view, e.g. central store → member store when no store is chosen: the community's total does not change).
   */
  quantity: z.number().int(),
  inQuantity: z.number().int(),
  outQuantity: z.number().int(),
  internal: z.boolean(),
  /** The viewed balance after this move, base units. */
  balance: z.number().int(),
  actorName: z.string(),
  /** The unit of the viewed end of the move (to-location's unit for an inbound or internal move, else from-location's). */
  unitId: z.number().int(),
});
export type LedgerRow = z.infer<typeof ledgerRow>;

export const stockLedger = defineOperation({
  name: 'stock.ledger',
  title: '查询流水账',
  access: { permission: 'stock.read' },
  mutates: false,
  scope: { units: { input: [{ path: 'storeId', record: 'store' }], output: [{ rows: 'rows', unit: 'unitId' }] } },
  input: z.object({
    itemId: id,
    storeId: id.optional(),
    page: pageNo,
    pageSize: pageSizeOf(50, 10_000),
  }),
  output: z.object({
    item: z.object({ ...itemColumns }),
    store: z.object({ id: z.number().int(), name: z.string(), unitId: z.number().int() }).nullable(),
    rows: z.array(ledgerRow),
    page: z.number().int(),
    pageSize: z.number().int(),
    /** Whether older moves follow on the next page. */
    hasMore: z.boolean(),
    /** The viewed balance now (from stock_balances), base units. */
    currentBalance: z.number().int(),
    /** The viewed balance before the oldest move of this page. */
    openingBalance: z.number().int(),
  }),
  export: {
    rows: 'rows',
    sheet: '流水账',
    filename: '流水账',
    columns: [
      { key: 'at', header: '时间', width: 22 },
      { key: 'documentTypeLabel', header: '单据类型', width: 12 },
      { key: 'documentNumber', header: '单据号', width: 16 },
      { key: 'changeType', header: '变更类型代码', width: 10 },
      { key: 'changeTypeLabel', header: '变更类型', width: 14 },
      { key: 'batchNo', header: '批号', width: 14 },
      { key: 'expiry', header: '有效期至', width: 12 },
      { key: 'fromLocationName', header: '发出', width: 16 },
      { key: 'toLocationName', header: '接收', width: 16 },
      { key: 'inQuantity', header: '收入', width: 10 },
      { key: 'outQuantity', header: '发出数量', width: 10 },
      { key: 'balance', header: '结存', width: 10 },
      { key: 'actorName', header: '经办人', width: 14 },
    ],
  },
});

/** A batch with stock that has expired or expires within the largest threshold asked for. */
export const nearExpiryRow = onHandRow.extend({
  batchId: z.number().int(),
  batchNo: z.string(),
  expiry: z.string(),
  /** Days from today (community calendar) to the expiry; negative once expired. */
  daysLeft: z.number().int(),
  /** The smallest threshold (months) the expiry falls within; null = already expired. */
  withinMonths: z.number().int().nullable(),
  /** 已过期 / ≤1个月 / ≤3个月 / ≤6个月 */
  bandLabel: z.string(),
});
export type NearExpiryRow = z.infer<typeof nearExpiryRow>;

export const stockNearExpiry = defineOperation({
  name: 'stock.nearExpiry',
  title: '查询近效期库存',
  access: { permission: 'stock.read' },
  mutates: false,
  scope: { units: { input: [{ path: 'storeId', record: 'store' }, { path: 'unitId', record: 'unit' }], output: [{ rows: 'rows', unit: 'unitId' }] } },
  input: z
    .object({
      storeId: id.optional(),
      unitId: id.optional(),
      /** Months ahead; default the largest configured threshold. */
      months: z.number({ error: '月数必须是数字' }).int('月数必须是整数').min(1, '月数至少为 1').max(60, '月数最多 60').optional(),
      includeExpired: z.boolean().default(true),
    })
    .default({ includeExpired: true }),
  output: z.object({
    rows: z.array(nearExpiryRow),
    /** The thresholds in force, largest first, and today's date (community calendar). */
    thresholds: z.array(z.number().int()),
    today: z.string(),
    months: z.number().int(),
    bands: z.array(z.object({ withinMonths: z.number().int().nullable(), label: z.string(), rows: z.number().int(), valueMicro: z.number().int(), valueText: z.string() })),
  }),
  export: {
    rows: 'rows',
    sheet: '近效期',
    filename: '近效期库存',
    columns: [
      { key: 'bandLabel', header: '效期', width: 10 },
      { key: 'expiry', header: '有效期至', width: 12 },
      { key: 'daysLeft', header: '剩余天数', width: 10 },
      ...onHandColumns.filter((c) => c.key !== 'expiry' && c.key !== 'reserved' && c.key !== 'available'),
    ],
  },
});

const months = (label: string) => z.number({ error: `${label}必须是数字` }).int(`${label}必须是整数`).min(0, `${label}不能为负`).max(60, `${label}最多 60 个月`);

export const stockSettingsSchema = z.object({
  /** 最低剩余效期（月）per item category, checked at acceptance. */
  minShelfLifeMonths: z.record(z.enum(ITEM_CATEGORIES), months('最低剩余效期')),
  /** 近效期预警阈值（月）, largest first, e.g. [6, 3, 1]. */
  nearExpiryMonths: z.array(z.number().int()),
});

export const stockSettingsGet = defineOperation({
  name: 'stock.settings.get',
  title: '查看库存设置',
  access: { permission: 'stock.read' },
  mutates: false,
  scope: 'community',
  input: z.object({}).default({}),
  output: z.object({ settings: stockSettingsSchema }),
});

export const stockSettingsUpdate = defineOperation({
  name: 'stock.settings.update',
  title: '修改库存设置',
  access: { permission: 'stock.approve' },
  mutates: true,
  scope: 'centre',
  input: z.object({
    minShelfLifeMonths: z.partialRecord(z.enum(ITEM_CATEGORIES, { error: '未知的品种类别' }), months('最低剩余效期')).optional(),
    nearExpiryMonths: z
      .array(z.number({ error: '阈值必须是数字' }).int('阈值必须是整数').min(1, '阈值至少 1 个月').max(24, '阈值最多 24 个月'), { error: '请填写近效期阈值' })
      .min(1, '至少设置一个近效期阈值')
      .max(4, '近效期阈值最多 4 个')
      .refine((list) => new Set(list).size === list.length, '近效期阈值不能重复')
      .optional(),
  }),
  output: z.object({ settings: stockSettingsSchema }),
});

export const stockOperations = [stockOnHand, stockLedger, stockNearExpiry, stockSettingsGet, stockSettingsUpdate] as const;

import { z } from 'zod';
import { defineOperation } from './operation.js';
import { documentVersionSchema, requestIdSchema } from './documents.js';
import { id, optionalText, requiredText } from './common.js';
import { ITEM_CATEGORIES } from './formulary.js';
import { CONSUMPTION_STATES, CONSUMPTION_TARGETS, STOCKTAKE_STATES } from './distribution.js';

/**
 * Member stock: 盘点单 (PD), 消耗出库单 (CK) and stock alerts per unit. Vocabularies: ./distribution.ts. Both
 * document types work for any store (the central store's storekeeper counts too); a member pharmacist names only
 * their own unit's stores and documents (input `storeId` → store, `id` → stocktake / consumption).
 */

const events = z.array(
  z.object({
    version: z.number().int(),
    transition: z.string(),
    transitionLabel: z.string(),
    fromState: z.string().nullable(),
    toState: z.string(),
    actorName: z.string(),
    at: z.string(),
    reason: z.string().nullable(),
  }),
);

const itemColumns = {
  itemId: id,
  itemCode: z.string(),
  itemName: z.string(),
  spec: z.string(),
  manufacturer: z.string(),
  baseUnit: z.string(),
  /** Pinyin initials and full, for the count grid's filter. */
  pinyin: z.string(),
};

/* ───────────── 盘点单 ───────────── */

export const stocktakeLine = z.object({
  id,
  lineNo: z.number().int(),
  ...itemColumns,
  category: z.string(),
  batchId: id,
  batchNo: z.string(),
  expiry: z.string(),
  /** Cost per `costUnit` of `costPackFactor` base units. */
  costMicro: z.number().int(),
  costUnit: z.string(),
  costPackFactor: z.number().int(),
  /** 账面数: the batch's balance in the store at the snapshot. */
  bookQuantity: z.number().int(),
  /** 实盘数; null while not counted. */
  countedQuantity: z.number().int().nullable(),
  /** counted − book; null while not counted. */
  difference: z.number().int().nullable(),
  /** The difference valued at the batch's cost (lineAmountMicro), signed. */
  differenceMicro: z.number().int().nullable(),
  reason: z.string(),
  /** Net of the batch's moves in the store since the snapshot (issues negative), the stocktake's own excluded. */
  movedSinceSnapshot: z.number().int(),
  /** The balance now. */
  currentQuantity: z.number().int(),
});
export type StocktakeLine = z.infer<typeof stocktakeLine>;

export const stocktakeSummary = z.object({
  id,
  number: z.string(),
  state: z.enum(STOCKTAKE_STATES),
  stateLabel: z.string(),
  version: z.number().int(),
  posted: z.boolean(),
  storeId: id,
  storeName: z.string(),
  unitId: id,
  unitName: z.string(),
  /** '' = every category. */
  category: z.string(),
  categoryLabel: z.string(),
  note: z.string(),
  snapshotAt: z.string(),
  snapshotMoveId: z.number().int(),
  lineCount: z.number().int(),
  countedCount: z.number().int(),
  differenceCount: z.number().int(),
  /** 盘盈 / 盘损 in base units and their value at batch cost. */
  gainQuantity: z.number().int(),
  lossQuantity: z.number().int(),
  gainMicro: z.number().int(),
  lossMicro: z.number().int(),
  /** gain − loss in yuan as text, for the export. */
  netYuan: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type StocktakeSummary = z.infer<typeof stocktakeSummary>;

export const stocktake = stocktakeSummary.extend({ lines: z.array(stocktakeLine), events });
export type Stocktake = z.infer<typeof stocktake>;

const stocktakeOut = z.object({ stocktake });
const oneStocktake = { units: { input: [{ path: 'id', record: 'stocktake' }], output: [{ rows: 'stocktake', unit: 'unitId' }] } } as const;
const countedQuantity = z.number({ error: '实盘数必须是数字' }).int('实盘数须为整数（最小单位）').min(0, '实盘数不能为负');

export const stocktakeCreate = defineOperation({
  name: 'stocktake.create',
  title: '新建盘点单（快照账面数）',
  access: { permission: 'stock.adjust' },
  mutates: true,
  scope: { units: { input: [{ path: 'storeId', record: 'store' }], output: [{ rows: 'stocktake', unit: 'unitId' }] } },
  input: z.object({
    storeId: id,
    category: z.enum(ITEM_CATEGORIES, { error: '未知的品种类别' }).optional(),
    /** Only these items (e.g. a spot check of a few). */
    itemIds: z.array(id).max(2000, '一次最多盘点 2000 个品种').optional(),
    note: optionalText('备注', 500),
  }),
  output: stocktakeOut,
});

export const stocktakeCount = defineOperation({
  name: 'stocktake.count',
  title: '录入实盘数',
  access: { permission: 'stock.adjust' },
  mutates: true,
  scope: oneStocktake,
  input: z.object({
    id,
    version: documentVersionSchema,
    lines: z
      .array(z.object({ id, countedQuantity: countedQuantity.nullable(), reason: optionalText('差异原因', 200) }))
      .min(1, '至少录入一行')
      .max(20_000, '一次最多录入 20000 行'),
  }),
  output: stocktakeOut,
});

export const stocktakeAddLine = defineOperation({
  name: 'stocktake.addLine',
  title: '盘点单增加批次（盘点中发现）',
  access: { permission: 'stock.adjust' },
  mutates: true,
  scope: oneStocktake,
  input: z.object({ id, version: documentVersionSchema, batchId: id, countedQuantity: countedQuantity.nullable().default(null), reason: optionalText('差异原因', 200) }),
  output: stocktakeOut,
});

export const stocktakePost = defineOperation({
  name: 'stocktake.post',
  title: '盘点单过账（盘盈/盘损）',
  access: { permission: 'stock.adjust' },
  mutates: true,
  scope: oneStocktake,
  input: z.object({
    id,
    version: documentVersionSchema,
    requestId: requestIdSchema,
    /** Lines left uncounted are taken as counted = book (no difference), said explicitly. */
    uncountedAsBook: z.boolean().default(false),
  }),
  output: stocktakeOut,
});

export const stocktakeVoid = defineOperation({
  name: 'stocktake.void',
  title: '作废盘点单',
  access: { permission: 'stock.adjust' },
  mutates: true,
  scope: oneStocktake,
  input: z.object({ id, version: documentVersionSchema, reason: requiredText('作废原因', 200) }),
  output: stocktakeOut,
});

export const stocktakeGet = defineOperation({
  name: 'stocktake.get',
  title: '查看盘点单',
  access: { permission: 'stock.read' },
  mutates: false,
  scope: oneStocktake,
  input: z.object({ id }),
  output: stocktakeOut,
});

export const stocktakeList = defineOperation({
  name: 'stocktake.list',
  title: '查询盘点单',
  access: { permission: 'stock.read' },
  mutates: false,
  scope: { units: { input: [{ path: 'storeId', record: 'store' }], output: [{ rows: 'stocktakes', unit: 'unitId' }] } },
  input: z
    .object({
      state: z.enum(STOCKTAKE_STATES).optional(),
      storeId: id.optional(),
      /** 单号 or 备注. */
      query: z.string().trim().max(100).optional(),
      limit: z.number().int().min(1).max(5000).default(200),
      offset: z.number().int().min(0).default(0),
    })
    .default({ limit: 200, offset: 0 }),
  output: z.object({ stocktakes: z.array(stocktakeSummary), total: z.number().int() }),
  export: {
    rows: 'stocktakes',
    sheet: '盘点单',
    filename: '盘点单',
    columns: [
      { key: 'number', header: '单号', width: 16 },
      { key: 'stateLabel', header: '状态', width: 10 },
      { key: 'unitName', header: '单位', width: 18 },
      { key: 'storeName', header: '库房', width: 14 },
      { key: 'categoryLabel', header: '范围', width: 10 },
      { key: 'snapshotAt', header: '快照时间', width: 20 },
      { key: 'lineCount', header: '行数', width: 8 },
      { key: 'countedCount', header: '已盘', width: 8 },
      { key: 'differenceCount', header: '差异行', width: 8 },
      { key: 'gainQuantity', header: '盘盈数量', width: 10 },
      { key: 'lossQuantity', header: '盘损数量', width: 10 },
      { key: 'netYuan', header: '盈亏金额（元）', width: 14 },
      { key: 'note', header: '备注', width: 24 },
      { key: 'createdBy', header: '制单人', width: 12 },
      { key: 'updatedBy', header: '最后操作人', width: 12 },
    ],
  },
});

/* ───────────── 消耗出库单 ───────────── */

const isoDate = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}须为 YYYY-MM-DD`)
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), `${label}不是有效日期`);

const consumptionTarget = z.enum(CONSUMPTION_TARGETS, { error: '请选择去向（患者发药或科室领用）' });

export const consumptionLineInput = z.object({
  itemId: id,
  quantity: z.number({ error: '请填写数量' }).int('数量须为整数（最小单位）').positive('数量须大于 0').max(100_000_000, '数量过大'),
});

/** The header fields of a consumption. */
const consumptionHeader = {
  periodFrom: isoDate('起始日期'),
  periodTo: isoDate('截止日期'),
  target: consumptionTarget,
  department: optionalText('科室', 60),
};

/** Checked together: the period in order, a department named for 科室领用. */
function headerRules(v: { periodFrom: string; periodTo: string; target: string; department: string }, ctx: z.RefinementCtx): void {
  if (v.periodFrom > v.periodTo) ctx.addIssue({ code: 'custom', path: ['periodTo'], message: '截止日期不能早于起始日期' });
  if (v.target === 'department' && !v.department) ctx.addIssue({ code: 'custom', path: ['department'], message: '科室领用须填写科室' });
}

const consumptionLines = z.array(consumptionLineInput).min(1, '至少需要一行').max(2000, '一张单据最多 2000 行');

export const consumptionBatch = z.object({
  batchId: id,
  batchNo: z.string(),
  expiry: z.string(),
  quantity: z.number().int(),
  amountMicro: z.number().int(),
});

export const consumptionLine = z.object({
  id,
  lineNo: z.number().int(),
  ...itemColumns,
  quantity: z.number().int(),
  /** The batches the posting took, first expiry first (from its moves); empty before posting. */
  batches: z.array(consumptionBatch),
  amountMicro: z.number().int(),
});
export type ConsumptionLine = z.infer<typeof consumptionLine>;

export const consumptionSummary = z.object({
  id,
  number: z.string(),
  state: z.enum(CONSUMPTION_STATES),
  stateLabel: z.string(),
  version: z.number().int(),
  posted: z.boolean(),
  reversesId: id.nullable(),
  reversesNumber: z.string().nullable(),
  reversedById: id.nullable(),
  reversedByNumber: z.string().nullable(),
  storeId: id,
  storeName: z.string(),
  unitId: id,
  unitName: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  target: z.enum(CONSUMPTION_TARGETS),
  targetLabel: z.string(),
  department: z.string(),
  sourceFile: z.string(),
  note: z.string(),
  lineCount: z.number().int(),
  totalQuantity: z.number().int(),
  totalMicro: z.number().int(),
  totalYuan: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type ConsumptionSummary = z.infer<typeof consumptionSummary>;

export const consumption = consumptionSummary.extend({ lines: z.array(consumptionLine), events });
export type Consumption = z.infer<typeof consumption>;

const consumptionOut = z.object({ consumption });
const oneConsumption = { units: { input: [{ path: 'id', record: 'consumption' }], output: [{ rows: 'consumption', unit: 'unitId' }] } } as const;

export const consumptionCreate = defineOperation({
  name: 'consumption.create',
  title: '新建消耗出库单',
  access: { permission: 'stock.adjust' },
  mutates: true,
  scope: { units: { input: [{ path: 'storeId', record: 'store' }], output: [{ rows: 'consumption', unit: 'unitId' }] } },
  input: z.object({ storeId: id, ...consumptionHeader, lines: consumptionLines, note: optionalText('备注', 500) }).superRefine(headerRules),
  output: consumptionOut,
});

export const consumptionUpdate = defineOperation({
  name: 'consumption.update',
  title: '修改消耗出库单',
  access: { permission: 'stock.adjust' },
  mutates: true,
  scope: oneConsumption,
  input: z.object({ id, version: documentVersionSchema, ...consumptionHeader, lines: consumptionLines, note: optionalText('备注', 500) }).superRefine(headerRules),
  output: consumptionOut,
});

export const consumptionPost = defineOperation({
  name: 'consumption.post',
  title: '消耗出库单过账（先到期先出）',
  access: { permission: 'stock.adjust' },
  mutates: true,
  scope: oneConsumption,
  input: z.object({ id, version: documentVersionSchema, requestId: requestIdSchema }),
  output: consumptionOut,
});

export const consumptionVoid = defineOperation({
  name: 'consumption.void',
  title: '作废消耗出库单',
  access: { permission: 'stock.adjust' },
  mutates: true,
  scope: oneConsumption,
  input: z.object({ id, version: documentVersionSchema, reason: requiredText('作废原因', 200) }),
  output: consumptionOut,
});

export const consumptionReverse = defineOperation({
  name: 'consumption.reverse',
  title: '冲销消耗出库单',
  access: { permission: 'stock.adjust' },
  mutates: true,
  scope: oneConsumption,
  input: z.object({ id, version: documentVersionSchema, requestId: requestIdSchema, reason: requiredText('冲销原因', 200) }),
  output: z.object({ consumption, reversal: consumption }),
});

export const consumptionGet = defineOperation({
  name: 'consumption.get',
  title: '查看消耗出库单',
  access: { permission: 'stock.read' },
  mutates: false,
  scope: oneConsumption,
  input: z.object({ id }),
  output: consumptionOut,
});

export const consumptionList = defineOperation({
  name: 'consumption.list',
  title: '查询消耗出库单',
  access: { permission: 'stock.read' },
  mutates: false,
  scope: { units: { input: [{ path: 'storeId', record: 'store' }], output: [{ rows: 'consumptions', unit: 'unitId' }] } },
  input: z
    .object({
      state: z.enum(CONSUMPTION_STATES).optional(),
      storeId: id.optional(),
      /** 单号, 科室, 文件名 or 备注. */
      query: z.string().trim().max(100).optional(),
      limit: z.number().int().min(1).max(5000).default(200),
      offset: z.number().int().min(0).default(0),
    })
    .default({ limit: 200, offset: 0 }),
  output: z.object({ consumptions: z.array(consumptionSummary), total: z.number().int() }),
  export: {
    rows: 'consumptions',
    sheet: '消耗出库单',
    filename: '消耗出库单',
    columns: [
      { key: 'number', header: '单号', width: 16 },
      { key: 'stateLabel', header: '状态', width: 10 },
      { key: 'unitName', header: '单位', width: 18 },
      { key: 'storeName', header: '库房', width: 14 },
      { key: 'periodFrom', header: '起始日期', width: 12 },
      { key: 'periodTo', header: '截止日期', width: 12 },
      { key: 'targetLabel', header: '去向', width: 10 },
      { key: 'department', header: '科室', width: 12 },
      { key: 'lineCount', header: '品种数', width: 8 },
      { key: 'totalQuantity', header: '数量合计（最小单位）', width: 12 },
      { key: 'totalYuan', header: '金额（元）', width: 12 },
      { key: 'sourceFile', header: '导入文件', width: 24 },
      { key: 'reversesNumber', header: '冲销原单', width: 16 },
      { key: 'createdBy', header: '制单人', width: 12 },
      { key: 'createdAt', header: '制单时间', width: 20 },
    ],
  },
});

/** The largest consumption file accepted (a year of a township's HIS totals is far below this). */
export const CONSUMPTION_UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

/**
 * 导入 HIS 消耗: an xlsx or csv (UTF-8, BOM or GBK) of period totals, columns found by their header text — 药品编码
 * (our item code) or 医保代码, 名称 (optional), 数量, 单位 (the base unit or a pack unit; blank = base unit). Either
 * the whole draft is created or nothing: every bad row is a VALIDATION field `rows.<Excel row>.<column header>`.
 * Over HTTP: POST /api/op/consumption.import?filename=…&input=… with the file as the body.
 */
export const consumptionImport = defineOperation({
  name: 'consumption.import',
  title: '导入消耗出库单（Excel/CSV）',
  access: { permission: 'stock.adjust' },
  mutates: true,
  scope: { units: { input: [{ path: 'storeId', record: 'store' }], output: [{ rows: 'consumption', unit: 'unitId' }] } },
  upload: { maxBytes: CONSUMPTION_UPLOAD_LIMIT_BYTES },
  input: z.object({ storeId: id, ...consumptionHeader, note: optionalText('备注', 500) }).superRefine(headerRules),
  output: z.object({
    consumption,
    /** Rows read (data rows with a code), and the header row found. */
    rowCount: z.number().int(),
    headerRow: z.number().int(),
  }),
});

/* ───────────── 库存预警 ───────────── */

export const STOCK_ALERT_KINDS = ['near_expiry', 'expired', 'below_minimum'] as const;
export type StockAlertKind = (typeof STOCK_ALERT_KINDS)[number];
export const STOCK_ALERT_KIND_LABELS: Readonly<Record<StockAlertKind, string>> = { near_expiry: '近效期', expired: '已过期', below_minimum: '低于下限' };

export const stockAlertRow = z.object({
  kind: z.enum(STOCK_ALERT_KINDS),
  kindLabel: z.string(),
  unitId: id,
  unitName: z.string(),
  storeId: id,
  storeName: z.string(),
  itemId: id,
  itemCode: z.string(),
  itemName: z.string(),
  spec: z.string(),
  manufacturer: z.string(),
  baseUnit: z.string(),
  /** The batch (近效期 / 已过期); null for 低于下限, which is per item. */
  batchId: id.nullable(),
  batchNo: z.string().nullable(),
  expiry: z.string().nullable(),
  daysLeft: z.number().int().nullable(),
  /** ≤1个月 / 已过期 / 低于下限. */
  bandLabel: z.string(),
  /** Base units: the batch's on hand, or the item's available (正常, unexpired, less reserved). */
  quantity: z.number().int(),
  quantityText: z.string(),
  /** 低于下限: average monthly issues over the last 3 months and the minimum (× minStockMonths of the unit's level). */
  averageMonthly: z.number().nullable(),
  minimum: z.number().int().nullable(),
  valueMicro: z.number().int(),
});
export type StockAlertRow = z.infer<typeof stockAlertRow>;

export const stockAlertList = defineOperation({
  name: 'stockAlert.list',
  title: '查询库存预警（近效期、已过期、低于下限）',
  access: { permission: 'stock.read' },
  mutates: false,
  scope: { units: { input: [{ path: 'storeId', record: 'store' }, { path: 'unitId', record: 'unit' }], output: [{ rows: 'rows', unit: 'unitId' }] } },
  input: z
    .object({ unitId: id.optional(), storeId: id.optional(), kind: z.enum(STOCK_ALERT_KINDS).optional() })
    .default({}),
  output: z.object({
    rows: z.array(stockAlertRow),
    /** For the badge: rows per kind (before the kind filter). */
    counts: z.object({ near_expiry: z.number().int(), expired: z.number().int(), below_minimum: z.number().int() }),
    /** The near-expiry window in months (the largest band of the stock settings) and the consumption months. */
    nearExpiryMonths: z.number().int(),
    consumptionMonths: z.number().int(),
    today: z.string(),
  }),
  export: {
    rows: 'rows',
    sheet: '库存预警',
    filename: '库存预警',
    columns: [
      { key: 'kindLabel', header: '预警', width: 10 },
      { key: 'unitName', header: '单位', width: 18 },
      { key: 'storeName', header: '库房', width: 14 },
      { key: 'itemCode', header: '药品编码', width: 14 },
      { key: 'itemName', header: '名称', width: 22 },
      { key: 'spec', header: '规格', width: 12 },
      { key: 'manufacturer', header: '生产企业', width: 24 },
      { key: 'batchNo', header: '批号', width: 14 },
      { key: 'expiry', header: '有效期至', width: 12 },
      { key: 'bandLabel', header: '效期/下限', width: 10 },
      { key: 'quantityText', header: '数量', width: 18 },
      { key: 'averageMonthly', header: '月均消耗', width: 10 },
      { key: 'minimum', header: '下限', width: 10 },
    ],
  },
});

export const memberStockOperations = [
  stocktakeCreate,
  stocktakeCount,
  stocktakeAddLine,
  stocktakePost,
  stocktakeVoid,
  stocktakeGet,
  stocktakeList,
  consumptionCreate,
  consumptionUpdate,
  consumptionPost,
  consumptionVoid,
  consumptionReverse,
  consumptionGet,
  consumptionList,
  consumptionImport,
  stockAlertList,
] as const;

import { z } from 'zod';
import { defineOperation } from './operation.js';
import { documentVersionSchema } from './documents.js';
import { id, optionalText, requiredText } from './common.js';

/** 采购订单 and 采购建议: vocabularies and contracts (operations are added below the vocabularies). */

/** 平台采购 / 线下采购 / 应急采购: the last two need a reason and a second person's approval (网上采购率). */
export const ORDER_CHANNELS = ['platform', 'offline', 'emergency'] as const;
export type OrderChannel = (typeof ORDER_CHANNELS)[number];

/** The 采购订单 lifecycle states (core/purchasing/order-type.ts declares the machine; labels in labels.ts). */
export const ORDER_STATES = ['draft', 'approved', 'sent', 'partly_received', 'completed', 'cancelled', 'discarded'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/** Suggestions: 3 months of consumption by default; order when below 1 month of stock, up to 2 months. */
export const SUGGESTION_DEFAULTS = { months: 3, minMonths: 1, maxMonths: 2 } as const;

const micro = z
  .number({ error: '金额须为整数（微元）' })
  .int('金额须为整数（微元）')
  .nonnegative('金额不能为负')
  .max(Number.MAX_SAFE_INTEGER);
const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), '日期不存在');
/** Base units, a positive whole number. */
const quantity = z
  .number({ error: '数量须为整数' })
  .int('数量须为整数（最小单位）')
  .positive('数量须大于 0')
  .max(1_000_000_000, '数量过大');

/* ───────────── input ───────────── */

export const orderLineInput = z.object({
  itemId: id,
  /** Base units; a whole number of the item's purchase packs (and of the platform's pack when a profile is set). */
  quantity,
  /** Micro-yuan per the item's purchase pack. */
  priceMicro: micro,
  /** 集采 line; by default the item's 集采 flag. */
  vbp: z.boolean().optional(),
  /** Why the price is above the 挂网价 (限价 for consumables and reagents); required then. */
  priceReason: optionalText('超限价原因', 200),
  /** planDetlMemo */
  memo: optionalText('备注', 200),
});
export type OrderLineInput = z.input<typeof orderLineInput>;

export const orderFields = z.object({
  supplierId: id,
  /** The receiving store: the central store, or a member's store (直配). */
  storeId: id,
  channel: z.enum(ORDER_CHANNELS, { error: '请选择采购方式' }).default('platform'),
  /** Required for 线下 / 应急采购. */
  channelReason: optionalText('线下/应急采购原因', 300),
  /** The platform profile the order is placed on (e.g. national-tps); '' = none. */
  platformProfile: optionalText('平台配置', 40),
  expectedOn: z.union([z.literal('').transform(() => null), isoDate, z.null()]).default(null),
  note: optionalText('备注', 500),
  lines: z.array(orderLineInput).min(1, '至少填写一行明细').max(500, '一张订单最多 500 行'),
});
export type OrderFields = z.input<typeof orderFields>;

/* ───────────── output ───────────── */

export const orderFeedback = z.object({
  /** ordCode */
  orderCode: z.string(),
  /** ordDetlId */
  platformLineId: z.string(),
  lineState: z.string(),
  lineStateText: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string(),
});

export const orderLine = z.object({
  id,
  lineNo: z.number().int(),
  itemId: id,
  itemCode: z.string(),
  genericName: z.string(),
  tradeName: z.string(),
  dosageForm: z.string(),
  spec: z.string(),
  manufacturer: z.string(),
  approvalNo: z.string(),
  category: z.string(),
  baseUnit: z.string(),
  packs: z.array(z.object({ unit: z.string(), factor: z.number().int() })),
  /** Base units ordered. */
  quantity: z.number().int(),
  /** The purchase pack the price is per, and its factor (base units). */
  packUnit: z.string(),
  packFactor: z.number().int(),
  /** quantity ÷ packFactor (whole packs). */
  packQuantity: z.number(),
  priceMicro: z.number().int(),
  /** quantity × price ÷ factor, rounded to the fen. */
  amountMicro: z.number().int(),
  vbp: z.boolean(),
  /** The ceiling at ordering (挂网价, 限价 for consumables), per the purchase pack; null when none was set. */
  ceilingMicro: z.number().int().nullable(),
  priceReason: z.string(),
  platformProductId: z.string(),
  supplierPlatformCode: z.string(),
  /** In the platform's pack (the pack its 挂网价 is quoted in). */
  platformQuantity: z.number().int().nullable(),
  /** hospPurcDetlId */
  hospitalLineId: z.string(),
  memo: z.string(),
  received: z.number().int(),
  outstanding: z.number().int(),
  /** The latest the platform sent back for this line. */
  feedback: orderFeedback.nullable(),
});
export type OrderLine = z.infer<typeof orderLine>;

export const orderHeader = z.object({
  id,
  number: z.string(),
  /** The lifecycle state identifier (draft, approved, sent, partly_received, completed, cancelled, discarded). */
  status: z.enum(ORDER_STATES),
  state: z.enum(ORDER_STATES),
  stateLabel: z.string(),
  version: z.number().int(),
  posted: z.boolean(),
  /** The community date the order was made. */
  orderDate: z.string(),
  supplierId: id,
  supplierName: z.string(),
  supplierUscc: z.string(),
  storeId: id,
  storeName: z.string(),
  unitId: id,
  unitName: z.string(),
  /** 直配: the receiving store is a member's, not the central store. */
  direct: z.boolean(),
  channel: z.enum(ORDER_CHANNELS),
  channelReason: z.string(),
  platformProfile: z.string(),
  expectedOn: z.string().nullable(),
  note: z.string(),
  lineCount: z.number().int(),
  totalMicro: z.number().int(),
  /** The platform's ordCode, once recorded. */
  orderCode: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  /** Who approved it, when it has been (审核人). */
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
});
export type OrderHeader = z.infer<typeof orderHeader>;

export const order = orderHeader.extend({ lines: z.array(orderLine) });
export type Order = z.infer<typeof order>;

export const orderEvent = z.object({
  version: z.number().int(),
  transition: z.string(),
  transitionLabel: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  actorName: z.string(),
  at: z.string(),
  reason: z.string().nullable(),
});

/** One row of the orders grid and its export. */
export const orderRow = orderHeader.extend({
  channelText: z.string(),
  totalText: z.string(),
  directText: z.string(),
});
export type OrderRow = z.infer<typeof orderRow>;

const orderOutput = z.object({ order });
const orderScope = {
  units: { input: [{ path: 'id', record: 'purchaseOrder' as const }], output: [{ rows: 'order', unit: 'unitId' }] },
};

/* ───────────── operations ───────────── */

export const purchaseOrderCreate = defineOperation({
  name: 'purchaseOrder.create',
  title: '新建采购订单',
  access: { permission: 'purchase.manage' },
  mutates: true,
  scope: { units: { input: [{ path: 'storeId', record: 'store' }], output: [{ rows: 'order', unit: 'unitId' }] } },
  input: orderFields,
  output: orderOutput,
});

export const purchaseOrderUpdate = defineOperation({
  name: 'purchaseOrder.update',
  title: '修改采购订单（草稿）',
  access: { permission: 'purchase.manage' },
  mutates: true,
  scope: {
    units: {
      input: [
        { path: 'id', record: 'purchaseOrder' },
        { path: 'storeId', record: 'store' },
      ],
      output: [{ rows: 'order', unit: 'unitId' }],
    },
  },
  input: orderFields.extend({ id, version: documentVersionSchema }),
  output: orderOutput,
});

const transitionInput = z.object({
  id,
  /** The version the caller read; the current one when absent (scripts). */
  version: documentVersionSchema.optional(),
});

export const purchaseOrderApprove = defineOperation({
  name: 'purchaseOrder.approve',
  title: '审核采购订单',
  access: { permission: 'purchase.approve' },
  mutates: true,
  scope: orderScope,
  input: transitionInput,
  output: orderOutput,
});

export const purchaseOrderDiscard = defineOperation({
  name: 'purchaseOrder.discard',
  title: '作废采购订单（草稿）',
  access: { permission: 'purchase.manage' },
  mutates: true,
  scope: orderScope,
  input: transitionInput.extend({ reason: optionalText('作废原因', 300) }),
  output: orderOutput,
});

export const purchaseOrderSend = defineOperation({
  name: 'purchaseOrder.send',
  title: '发送采购订单',
  access: { permission: 'purchase.manage' },
  mutates: true,
  scope: orderScope,
  input: transitionInput,
  output: orderOutput,
});

export const purchaseOrderCancel = defineOperation({
  name: 'purchaseOrder.cancel',
  title: '撤销采购订单',
  access: { permission: 'purchase.manage' },
  mutates: true,
  scope: orderScope,
  input: transitionInput.extend({ reason: requiredText('撤销原因', 300) }),
  output: orderOutput,
});

export const purchaseOrderGet = defineOperation({
  name: 'purchaseOrder.get',
  title: '查看采购订单',
  access: { permission: 'purchase.read' },
  mutates: false,
  scope: orderScope,
  input: z.object({ id }),
  output: z.object({ order, events: z.array(orderEvent) }),
});

export const purchaseOrderList = defineOperation({
  name: 'purchaseOrder.list',
  title: '查询采购订单',
  access: { permission: 'purchase.read' },
  mutates: false,
  scope: {
    units: {
      input: [
        { path: 'storeId', record: 'store' },
        { path: 'unitId', record: 'unit' },
      ],
      output: [{ rows: 'orders', unit: 'unitId' }],
    },
  },
  input: z
    .object({
      state: z.enum(ORDER_STATES).optional(),
      /** Open orders: 已审核, 已发送, 部分到货 (what is still arriving). */
      open: z.boolean().optional(),
      supplierId: id.optional(),
      storeId: id.optional(),
      unitId: id.optional(),
      channel: z.enum(ORDER_CHANNELS).optional(),
      /** Order dates (community calendar), inclusive. */
      from: isoDate.optional(),
      to: isoDate.optional(),
      /** Number, supplier or store contains. */
      q: z.string().trim().max(60).optional(),
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(1).max(10_000).default(100),
    })
    .default({ page: 1, pageSize: 100 }),
  output: z.object({ orders: z.array(orderRow), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }),
  export: {
    rows: 'orders',
    sheet: '采购订单',
    filename: '采购订单',
    columns: [
      { key: 'number', header: '订单号', width: 16 },
      { key: 'orderDate', header: '订单日期', width: 12 },
      { key: 'stateLabel', header: '状态', width: 10 },
      { key: 'supplierName', header: '供应商', width: 28 },
      { key: 'storeName', header: '收货库房', width: 16 },
      { key: 'unitName', header: '收货单位', width: 20 },
      { key: 'directText', header: '直配', width: 6 },
      { key: 'channelText', header: '采购方式', width: 10 },
      { key: 'channelReason', header: '线下/应急原因', width: 24 },
      { key: 'lineCount', header: '品种数', width: 8 },
      { key: 'totalText', header: '金额(元)', width: 14 },
      { key: 'orderCode', header: '平台订单号', width: 18 },
      { key: 'createdBy', header: '编制人', width: 10 },
      { key: 'approvedBy', header: '审核人', width: 10 },
    ],
  },
});

export const purchaseOrderRecordPlatformFeedback = defineOperation({
  name: 'purchaseOrder.recordPlatformFeedback',
  title: '登记平台订单回执',
  access: { permission: 'purchase.manage' },
  mutates: true,
  scope: orderScope,
  input: z.object({
    id,
    /** ordCode */
    orderCode: requiredText('平台订单号', 64),
    lines: z
      .array(
        z
          .object({
            /** Our line, by id or by hospPurcDetlId as the platform echoes it. */
            lineId: id.optional(),
            hospitalLineId: z.string().trim().max(64).optional(),
            /** ordDetlId */
            platformLineId: optionalText('平台明细编号', 64),
            lineState: optionalText('明细状态', 20),
          })
          .refine((l) => l.lineId !== undefined || (l.hospitalLineId ?? '') !== '', {
            message: '请指明订单明细（lineId 或 hospitalLineId）',
          }),
      )
      .max(500)
      .default([]),
  }),
  output: orderOutput,
});

/** Platform order line states (one platform, the national TPS). Other platforms' codes show as they are. */
export const PLATFORM_LINE_STATES = { '1': '待发货', '2': '全部发货', '3': '部分发货', '4': '缺货', '5': '已撤销' } as const;

/** The terms of ordering an item: its purchase pack, the price to prefill, the ceiling, 集采, the platform id. */
export const orderItemTerms = z.object({
  itemId: id,
  status: z.string(),
  category: z.string(),
  baseUnit: z.string(),
  packs: z.array(z.object({ unit: z.string(), factor: z.number().int() })),
  packUnit: z.string(),
  packFactor: z.number().int(),
  /** 集采价 for a 集采 item, else 议价, else 挂网价 — per the purchase pack; null when the item has none. */
  priceMicro: z.number().int().nullable(),
  priceKind: z.string().nullable(),
  ceilingMicro: z.number().int().nullable(),
  ceilingKind: z.string().nullable(),
  vbp: z.boolean(),
  platformProductId: z.string(),
  /** The platform's pack factor (of its 挂网价), for platformQuantity. */
  platformPackFactor: z.number().int(),
  /** Distributors the platform lists for the item on the profile ([] = any). */
  distributors: z.array(z.object({ name: z.string(), code: z.string() })),
  /** The supplier of the item's last order, for a default. */
  lastSupplierId: z.number().int().nullable(),
});
export type OrderItemTerms = z.infer<typeof orderItemTerms>;

export const purchaseOrderItemTerms = defineOperation({
  name: 'purchaseOrder.itemTerms',
  title: '查询品种采购条件',
  access: { permission: 'purchase.manage' },
  mutates: false,
  scope: 'centre',
  input: z.object({ itemIds: z.array(id).min(1).max(500), platformProfile: optionalText('平台配置', 40) }),
  output: z.object({ terms: z.array(orderItemTerms) }),
});

/* ───────────── 采购建议 ───────────── */

/** An extra need for an item from outside the consumption average (member requisitions, issue 8). */
export const purchaseNeed = z.object({ quantity: z.number().int(), source: z.string() });

export const suggestionRow = z.object({
  itemId: id,
  itemCode: z.string(),
  genericName: z.string(),
  dosageForm: z.string(),
  spec: z.string(),
  manufacturer: z.string(),
  baseUnit: z.string(),
  packUnit: z.string(),
  packFactor: z.number().int(),
  /** Base units issued out of the store over the period, and per month. */
  consumed: z.number().int(),
  avgMonthly: z.number(),
  onHand: z.number().int(),
  onOrder: z.number().int(),
  /** Extra needs (member requisitions), summed, and where each came from. */
  needs: z.number().int(),
  needSources: z.array(purchaseNeed),
  /** Months of stock (on hand + on order − needs) at the average; null when nothing is consumed. */
  monthsOfStock: z.number().nullable(),
  /** Base units, whole purchase packs; 0 = no need to order. */
  suggested: z.number().int(),
  suggestedPacks: z.number().int(),
  supplierId: z.number().int().nullable(),
  supplierName: z.string(),
  /** Where the supplier came from: the item's last order or its last batch. */
  supplierSource: z.enum(['order', 'batch', 'none']),
  priceMicro: z.number().int().nullable(),
  priceKind: z.string().nullable(),
  vbp: z.boolean(),
});
export type SuggestionRow = z.infer<typeof suggestionRow>;

export const purchaseOrderSuggestions = defineOperation({
  name: 'purchaseOrder.suggestions',
  title: '采购建议',
  access: { permission: 'purchase.manage' },
  mutates: false,
  scope: { units: { input: [{ path: 'storeId', record: 'store' }] } },
  input: z
    .object({
      /** The central store when absent. */
      storeId: id.optional(),
      months: z.number().int().min(1, '统计月数至少 1').max(24, '统计月数最多 24').default(SUGGESTION_DEFAULTS.months),
      minMonths: z.number().min(0).max(24).default(SUGGESTION_DEFAULTS.minMonths),
      maxMonths: z.number().min(0.1).max(36).default(SUGGESTION_DEFAULTS.maxMonths),
      /** Every active item with consumption, stock or orders, not only those to order. */
      all: z.boolean().default(false),
    })
    .refine((s) => s.maxMonths >= s.minMonths, { message: '上限月数不能小于下限月数', path: ['maxMonths'] })
    .default({ months: 3, minMonths: 1, maxMonths: 2, all: false }),
  output: z.object({
    storeId: id,
    storeName: z.string(),
    months: z.number().int(),
    minMonths: z.number(),
    maxMonths: z.number(),
    since: z.string(),
    rows: z.array(suggestionRow),
  }),
});

export const purchaseOrderCreateFromSuggestions = defineOperation({
  name: 'purchaseOrder.createFromSuggestions',
  title: '由采购建议生成采购订单',
  access: { permission: 'purchase.manage' },
  mutates: true,
  scope: { units: { input: [{ path: 'storeId', record: 'store' }], output: [{ rows: 'orders', unit: 'unitId' }] } },
  input: z.object({
    storeId: id,
    platformProfile: optionalText('平台配置', 40),
    lines: z
      .array(z.object({ itemId: id, quantity, supplierId: id, priceMicro: micro, priceReason: optionalText('超限价原因', 200) }))
      .min(1, '请至少选择一行建议')
      .max(2000),
  }),
  output: z.object({ orders: z.array(order) }),
});

export const purchaseOrderOperations = [
  purchaseOrderCreate,
  purchaseOrderUpdate,
  purchaseOrderApprove,
  purchaseOrderDiscard,
  purchaseOrderSend,
  purchaseOrderCancel,
  purchaseOrderGet,
  purchaseOrderList,
  purchaseOrderRecordPlatformFeedback,
  purchaseOrderItemTerms,
  purchaseOrderSuggestions,
  purchaseOrderCreateFromSuggestions,
] as const;

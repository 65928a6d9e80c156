/** 召回 (ZH): trace a batch across the community, freeze it, make the returns; near-expiry redistribution (调剂). Vocabularies: ./distribution.ts. */
import { z } from 'zod';
import { id, optionalText, requiredText } from './common.js';
import { RECALL_STATES } from './distribution.js';
import { documentVersionSchema, requestIdSchema } from './documents.js';
import { defineOperation } from './operation.js';
import { BATCH_STATUSES } from './stock.js';

const batchNo = z
  .string({ error: '请填写批号' })
  .trim()
  .min(1, '请填写批号')
  .max(40, '批号不能超过 40 个字符');

/** One place that holds the batch: a store, or goods on their way to a unit (storeId null). */
export const recallHolder = z.object({
  unitId: id,
  unitName: z.string(),
  /** Null while in transit (在途). */
  storeId: id.nullable(),
  storeName: z.string().nullable(),
  locationId: id,
  locationName: z.string(),
  kind: z.enum(['store', 'transit']),
  /** The central store (中心药库): its stock goes back to the supplier (退货), a member's comes back to the centre (退库). */
  central: z.boolean(),
  batchId: id,
  batchNo: z.string(),
  expiry: z.string(),
  batchStatus: z.enum(BATCH_STATUSES),
  batchStatusLabel: z.string(),
  supplierId: id.nullable(),
  supplierName: z.string().nullable(),
  quantity: z.number().int(),
  reserved: z.number().int(),
  /** The 追溯码 last known at this place. */
  traceCodes: z.array(z.string()),
});
export type RecallHolder = z.infer<typeof recallHolder>;

export const recallTracedBatch = z.object({
  batchId: id,
  batchNo: z.string(),
  expiry: z.string(),
  productionDate: z.string().nullable(),
  status: z.enum(BATCH_STATUSES),
  statusLabel: z.string(),
  costMicro: z.number().int(),
  costUnit: z.string(),
  supplierId: id.nullable(),
  supplierName: z.string().nullable(),
});

/** Where a received 追溯码 is: the receiving store of its receipt, or the last shipment that carried it. */
export const recallCode = z.object({
  code: z.string(),
  batchId: id,
  /** The store that received it into the community. */
  receivedStoreId: id.nullable(),
  receivedStoreName: z.string().nullable(),
  /** Its last destination: the receiving store when never shipped, else the last shipped shipment's to-store. */
  unitId: id.nullable(),
  unitName: z.string().nullable(),
  storeId: id.nullable(),
  storeName: z.string().nullable(),
  /** True while the shipment that carries it is on its way (已发出). */
  inTransit: z.boolean(),
  shipmentId: id.nullable(),
  shipmentNumber: z.string().nullable(),
});

/** A shipment line (调拨 already allocated, or a 退库 not yet shipped) that reserves stock of the batch. */
export const recallReservation = z.object({
  shipmentId: id,
  shipmentNumber: z.string(),
  kind: z.enum(['transfer', 'return']),
  state: z.string(),
  stateLabel: z.string(),
  lineId: id,
  batchId: id,
  quantity: z.number().int(),
  fromStoreName: z.string(),
  toStoreName: z.string(),
  memberUnitId: id,
  memberUnitName: z.string(),
  /** Made by this recall (a 召回退库) rather than an allocation to swap. */
  recallId: id.nullable(),
});

export const recallTotals = z.object({
  /** Base units that came into the community (from outside: 108 purchase, 106 other in, 103 count gain…), reversals netted. */
  received: z.number().int(),
  onHand: z.number().int(),
  inTransit: z.number().int(),
  /** received − on hand − in transit: what left the community (consumed, issued, returned, written off). */
  consumed: z.number().int(),
  /** In and out of the community by 3502 change type. */
  receivedByType: z.array(z.object({ changeType: z.string(), label: z.string(), quantity: z.number().int() })),
  consumedByType: z.array(z.object({ changeType: z.string(), label: z.string(), quantity: z.number().int() })),
  holderCount: z.number().int(),
  unitCount: z.number().int(),
});

export const recallTrace = z.object({
  item: z.object({ id, code: z.string(), name: z.string(), spec: z.string(), manufacturer: z.string(), baseUnit: z.string() }),
  batchNo: z.string(),
  batches: z.array(recallTracedBatch),
  holders: z.array(recallHolder),
  totals: recallTotals,
  codes: z.array(recallCode),
  reservations: z.array(recallReservation),
  /** The open recall of this 批号, if any. */
  openRecallId: id.nullable(),
  openRecallNumber: z.string().nullable(),
});
export type RecallTrace = z.infer<typeof recallTrace>;

/** A document a recall made: a 退库单 (member store → centre) or a 退货单 draft (central store → supplier). */
export const recallDocument = z.object({
  id,
  number: z.string(),
  kind: z.enum(['member_return', 'stock_return']),
  kindLabel: z.string(),
  state: z.string(),
  stateLabel: z.string(),
  storeId: id,
  storeName: z.string(),
  unitId: id,
  unitName: z.string(),
  supplierName: z.string().nullable(),
  quantity: z.number().int(),
});
export type RecallDocument = z.infer<typeof recallDocument>;

export const recallFrozenBatch = z.object({
  batchId: id,
  batchNo: z.string(),
  expiry: z.string(),
  previousStatus: z.enum(BATCH_STATUSES),
  previousStatusLabel: z.string(),
  status: z.enum(BATCH_STATUSES),
  statusLabel: z.string(),
  /** On hand across the community when frozen. */
  quantity: z.number().int(),
});

export const recallSummary = z.object({
  id,
  number: z.string(),
  state: z.enum(RECALL_STATES),
  stateLabel: z.string(),
  version: z.number().int(),
  itemId: id,
  itemCode: z.string(),
  itemName: z.string(),
  spec: z.string(),
  manufacturer: z.string(),
  batchNo: z.string(),
  reason: z.string(),
  noticeNo: z.string(),
  batchCount: z.number().int(),
  /** On hand across the community when frozen. */
  frozenQuantity: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type RecallSummary = z.infer<typeof recallSummary>;

export const recallDetail = recallSummary.extend({
  batches: z.array(recallFrozenBatch),
  documents: z.array(recallDocument),
  /** Holders in member stores with stock left (what closing without a reason waits for). */
  memberStockLeft: z.number().int(),
  events: z.array(z.object({ version: z.number().int(), transition: z.string(), stateLabel: z.string(), actorName: z.string(), at: z.string(), reason: z.string().nullable() })),
});
export type RecallDetail = z.infer<typeof recallDetail>;

export const recallTraceOp = defineOperation({
  name: 'recall.trace',
  title: '召回追溯',
  access: { permission: 'stock.recall' },
  mutates: false,
  scope: 'centre',
  input: z.object({ itemId: id, batchNo }),
  output: recallTrace,
  export: {
    rows: 'holders',
    sheet: '追溯',
    filename: '批号追溯',
    columns: [
      { key: 'unitName', header: '单位', width: 18 },
      { key: 'storeName', header: '库房', width: 14 },
      { key: 'locationName', header: '位置', width: 18 },
      { key: 'batchNo', header: '批号', width: 14 },
      { key: 'expiry', header: '有效期至', width: 12 },
      { key: 'batchStatusLabel', header: '状态', width: 8 },
      { key: 'supplierName', header: '供应商', width: 24 },
      { key: 'quantity', header: '数量', width: 10 },
      { key: 'reserved', header: '已占用', width: 10 },
    ],
  },
});

export const recallCreate = defineOperation({
  name: 'recall.create',
  title: '冻结并召回',
  access: { permission: 'stock.recall' },
  mutates: true,
  scope: 'centre',
  input: z.object({
    itemId: id,
    batchNo,
    reason: requiredText('召回原因', 200),
    noticeNo: optionalText('召回通知编号', 60),
    requestId: requestIdSchema,
  }),
  output: z.object({
    recall: recallDetail,
    holders: z.array(recallHolder),
    frozen: z.array(recallFrozenBatch),
    documents: z.array(recallDocument),
    /** Stock the recall could not order back in this step (in transit, reserved, a batch without supplier), as sentences. */
    notes: z.array(z.string()),
  }),
});

export const recallGet = defineOperation({
  name: 'recall.get',
  title: '查看召回单',
  access: { permission: 'stock.recall' },
  mutates: false,
  scope: 'centre',
  input: z.object({ id }),
  output: z.object({ recall: recallDetail, trace: recallTrace }),
});

export const recallList = defineOperation({
  name: 'recall.list',
  title: '查询召回单',
  access: { permission: 'stock.recall' },
  mutates: false,
  scope: 'centre',
  input: z
    .object({
      state: z.enum(RECALL_STATES).optional(),
      itemId: id.optional(),
      /** Number, 批号, item or reason contains. */
      q: z.string().trim().max(60).optional(),
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(1).max(10_000).default(100),
    })
    .default({ page: 1, pageSize: 100 }),
  output: z.object({ recalls: z.array(recallSummary), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }),
  export: {
    rows: 'recalls',
    sheet: '召回单',
    filename: '召回单',
    columns: [
      { key: 'number', header: '召回单号', width: 16 },
      { key: 'stateLabel', header: '状态', width: 8 },
      { key: 'itemName', header: '品名', width: 24 },
      { key: 'spec', header: '规格', width: 12 },
      { key: 'manufacturer', header: '生产企业', width: 24 },
      { key: 'batchNo', header: '批号', width: 14 },
      { key: 'reason', header: '召回原因', width: 30 },
      { key: 'noticeNo', header: '通知编号', width: 16 },
      { key: 'frozenQuantity', header: '冻结数量', width: 10 },
      { key: 'createdAt', header: '发起时间', width: 20 },
      { key: 'createdBy', header: '发起人', width: 12 },
    ],
  },
});

export const recallOrderReturns = defineOperation({
  name: 'recall.orderReturns',
  title: '补发召回退库单',
  access: { permission: 'stock.recall' },
  mutates: true,
  scope: 'centre',
  input: z.object({ id }),
  output: z.object({
    recall: recallDetail,
    /** The documents made by this call (none when everything is already ordered back). */
    documents: z.array(recallDocument),
    notes: z.array(z.string()),
  }),
});

export const recallClose = defineOperation({
  name: 'recall.close',
  title: '结束召回',
  access: { permission: 'stock.recall' },
  mutates: true,
  scope: 'centre',
  input: z.object({ id, version: documentVersionSchema, reason: optionalText('结束原因', 200) }),
  output: z.object({ recall: recallDetail }),
});

/** Another unit that uses the item: its average monthly consumption and what it has. */
export const redistributionUser = z.object({
  unitId: id,
  unitName: z.string(),
  storeId: id,
  storeName: z.string(),
  avgMonthly: z.number(),
  onHand: z.number().int(),
  /** Months its own stock lasts at its consumption (null: no consumption). */
  monthsOfStock: z.number().nullable(),
});

export const redistributionCandidate = z.object({
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
  batchId: id,
  batchNo: z.string(),
  expiry: z.string(),
  daysLeft: z.number().int(),
  onHand: z.number().int(),
  available: z.number().int(),
  /** The member's own average monthly consumption (102/107 out of its store over 3 months). */
  avgMonthly: z.number(),
  /** Months it takes that member to use this batch (null: it uses none). */
  monthsToUse: z.number().nullable(),
  /** Left at expiry at that pace (base units), the part worth moving. */
  surplusAtExpiry: z.number().int(),
  usedElsewhere: z.array(redistributionUser),
  /** Other units, as text for the export. */
  usedElsewhereText: z.string(),
});
export type RedistributionCandidate = z.infer<typeof redistributionCandidate>;

export const redistributionCandidates = defineOperation({
  name: 'redistribution.candidates',
  title: '近效期调剂候选',
  access: { permission: 'stock.recall' },
  mutates: false,
  scope: 'centre',
  input: z
    .object({
      /** Months ahead; default the stock settings' largest near-expiry band. */
      months: z.number({ error: '月数必须是数字' }).int('月数必须是整数').min(1, '月数至少为 1').max(60, '月数最多 60').optional(),
      itemId: id.optional(),
    })
    .default({}),
  output: z.object({ rows: z.array(redistributionCandidate), months: z.number().int(), today: z.string(), consumptionMonths: z.number().int() }),
  export: {
    rows: 'rows',
    sheet: '近效期调剂',
    filename: '近效期调剂候选',
    columns: [
      { key: 'unitName', header: '单位', width: 18 },
      { key: 'storeName', header: '库房', width: 14 },
      { key: 'itemName', header: '品名', width: 24 },
      { key: 'spec', header: '规格', width: 12 },
      { key: 'batchNo', header: '批号', width: 14 },
      { key: 'expiry', header: '有效期至', width: 12 },
      { key: 'daysLeft', header: '剩余天数', width: 10 },
      { key: 'onHand', header: '库存', width: 10 },
      { key: 'avgMonthly', header: '月均消耗', width: 10 },
      { key: 'monthsToUse', header: '用完需月数', width: 10 },
      { key: 'surplusAtExpiry', header: '到期余量', width: 10 },
      { key: 'usedElsewhereText', header: '其他使用单位', width: 40 },
    ],
  },
});

export const redistributionStart = defineOperation({
  name: 'redistribution.start',
  title: '发起近效期调剂',
  access: { permission: 'stock.recall' },
  mutates: true,
  scope: 'centre',
  input: z.object({
    storeId: id,
    lines: z
      .array(z.object({ batchId: id, quantity: z.number({ error: '请填写数量' }).int('数量须为整数（最小单位）').positive('数量须大于 0') }))
      .min(1, '至少需要一行')
      .max(200, '一次最多 200 行'),
    note: optionalText('备注', 500),
  }),
  output: z.object({ document: recallDocument }),
});

export const recallOperations = [
  recallTraceOp,
  recallCreate,
  recallGet,
  recallList,
  recallOrderReturns,
  recallClose,
  redistributionCandidates,
  redistributionStart,
] as const;

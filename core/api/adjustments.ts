import { z } from 'zod';
import { defineOperation } from './operation.js';
import { documentVersionSchema, requestIdSchema } from './documents.js';
import { id, optionalText, requiredText } from './common.js';
import { ADJUSTMENT_KINDS, BATCH_STATUSES } from './stock.js';

/**
 * 退货单 (TH, 109 back to the supplier the batch came from), 报损单 (BS, 105, approved by a second person) and
 * 其他出入库单 (QT, 106 in / 107 out): one store, lines of batches, posted through the stock ledger.
 */

/** The states of the three document types (core/stock/adjustment-types.ts declares who moves them). */
export const ADJUSTMENT_STATES = ['draft', 'submitted', 'rejected', 'posted', 'voided', 'reversed', 'reversal'] as const;
export type AdjustmentState = (typeof ADJUSTMENT_STATES)[number];

const adjustmentKind = z.enum(ADJUSTMENT_KINDS, { error: '请选择单据类型（退货、报损、其他入库或其他出库）' });

/**
 * A line: a batch on hand in the store (退货, 报损, 其他出库, and 其他入库 of a batch already known), or — for 其他入库
 * of stock not yet in the ledger — the batch as printed: 批号, 有效期 (any printed form, see expiry.ts) and the cost
 * per the item's purchase pack. Quantities are base units.
 */
export const adjustmentLineInput = z.object({
  itemId: id,
  batchId: id.nullable().default(null),
  batchNo: optionalText('批号', 40),
  /** As printed: 2027-09-30, 2027-09, 202709, 有效期至2027年09月 … (only for a new batch). */
  expiry: optionalText('有效期', 40),
  /** Micro-yuan per the item's purchase pack (only for a new batch). */
  costMicro: z.number({ error: '成本单价必须是数字' }).int('成本单价须为整数（微元）').min(0, '成本单价不能为负').nullable().default(null),
  quantity: z.number({ error: '请填写数量' }).int('数量须为整数（最小单位）').positive('数量须大于 0'),
  reason: optionalText('原因', 200),
});
export type AdjustmentLineInput = z.input<typeof adjustmentLineInput>;

const lines = z.array(adjustmentLineInput).min(1, '至少需要一行').max(500, '一张单据最多 500 行');

export const adjustmentLine = z.object({
  id,
  lineNo: z.number().int(),
  itemId: id,
  itemName: z.string(),
  spec: z.string(),
  manufacturer: z.string(),
  baseUnit: z.string(),
  batchId: id.nullable(),
  batchNo: z.string(),
  expiry: z.string().nullable(),
  productionDate: z.string().nullable(),
  batchStatus: z.enum(BATCH_STATUSES).nullable(),
  /** Cost per `costUnit` of `costPackFactor` base units. */
  costMicro: z.number().int().nullable(),
  costUnit: z.string(),
  costPackFactor: z.number().int(),
  quantity: z.number().int(),
  amountMicro: z.number().int().nullable(),
  reason: z.string(),
});
export type AdjustmentLine = z.infer<typeof adjustmentLine>;

export const adjustmentSummary = z.object({
  id,
  number: z.string(),
  kind: z.enum(ADJUSTMENT_KINDS),
  kindLabel: z.string(),
  /** 退货单 / 报损单 / 其他出入库单 */
  typeLabel: z.string(),
  state: z.enum(ADJUSTMENT_STATES),
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
  supplierId: id.nullable(),
  supplierName: z.string().nullable(),
  reason: z.string(),
  note: z.string(),
  lineCount: z.number().int(),
  totalQuantity: z.number().int(),
  totalMicro: z.number().int(),
  /** The total in yuan as text (12.50), for the export. */
  totalYuan: z.string(),
  /** 3502 变更类型 of its moves (109, 105, 106, 107). */
  changeType: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type AdjustmentSummary = z.infer<typeof adjustmentSummary>;

export const adjustment = adjustmentSummary.extend({
  lines: z.array(adjustmentLine),
  events: z.array(
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
  ),
});
export type Adjustment = z.infer<typeof adjustment>;

const adjustmentOut = z.object({ adjustment });
const oneAdjustment = { units: { input: [{ path: 'id', record: 'stockAdjustment' }], output: [{ rows: 'adjustment', unit: 'unitId' }] } } as const;

export const adjustmentCreate = defineOperation({
  name: 'stockAdjustment.create',
  title: '新建退货/报损/其他出入库单',
  access: { permission: 'stock.adjust' },
  mutates: true,
  scope: { units: { input: [{ path: 'storeId', record: 'store' }], output: [{ rows: 'adjustment', unit: 'unitId' }] } },
  input: z.object({
    kind: adjustmentKind,
    storeId: id,
    /** 退货: the supplier the goods go back to (the batches' supplier; taken from them when left out). */
    supplierId: id.nullable().default(null),
    reason: requiredText('原因', 200),
    note: optionalText('备注', 500),
    lines,
  }),
  output: adjustmentOut,
});

export const adjustmentUpdate = defineOperation({
  name: 'stockAdjustment.update',
  title: '修改退货/报损/其他出入库单',
  access: { permission: 'stock.adjust' },
  mutates: true,
  scope: oneAdjustment,
  input: z.object({
    id,
    version: documentVersionSchema,
    supplierId: id.nullable().default(null),
    reason: requiredText('原因', 200),
    note: optionalText('备注', 500),
    lines,
  }),
  output: adjustmentOut,
});

export const adjustmentSubmit = defineOperation({
  name: 'stockAdjustment.submit',
  title: '提交报损单审批',
  access: { permission: 'stock.adjust' },
  mutates: true,
  scope: oneAdjustment,
  input: z.object({ id, version: documentVersionSchema }),
  output: adjustmentOut,
});

export const adjustmentApprove = defineOperation({
  name: 'stockAdjustment.approve',
  title: '审批报损单（过账）',
  access: { permission: 'stock.approve' },
  mutates: true,
  scope: oneAdjustment,
  input: z.object({ id, version: documentVersionSchema, requestId: requestIdSchema, reason: optionalText('审批意见', 200) }),
  output: adjustmentOut,
});

export const adjustmentReject = defineOperation({
  name: 'stockAdjustment.reject',
  title: '驳回报损单',
  access: { permission: 'stock.approve' },
  mutates: true,
  scope: oneAdjustment,
  input: z.object({ id, version: documentVersionSchema, reason: requiredText('驳回原因', 200) }),
  output: adjustmentOut,
});

export const adjustmentPost = defineOperation({
  name: 'stockAdjustment.post',
  title: '过账退货/其他出入库单',
  access: { permission: 'stock.adjust' },
  mutates: true,
  scope: oneAdjustment,
  input: z.object({ id, version: documentVersionSchema, requestId: requestIdSchema }),
  output: adjustmentOut,
});

export const adjustmentReverse = defineOperation({
  name: 'stockAdjustment.reverse',
  title: '冲销退货/报损/其他出入库单',
  access: { permission: 'stock.adjust' },
  mutates: true,
  scope: oneAdjustment,
  input: z.object({ id, version: documentVersionSchema, requestId: requestIdSchema, reason: requiredText('冲销原因', 200) }),
  output: z.object({ adjustment, reversal: adjustment }),
});

export const adjustmentVoid = defineOperation({
  name: 'stockAdjustment.void',
  title: '作废退货/报损/其他出入库单',
  access: { permission: 'stock.adjust' },
  mutates: true,
  scope: oneAdjustment,
  input: z.object({ id, version: documentVersionSchema, reason: requiredText('作废原因', 200) }),
  output: adjustmentOut,
});

export const adjustmentGet = defineOperation({
  name: 'stockAdjustment.get',
  title: '查看退货/报损/其他出入库单',
  access: { permission: 'stock.read' },
  mutates: false,
  scope: oneAdjustment,
  input: z.object({ id }),
  output: adjustmentOut,
});

export const adjustmentList = defineOperation({
  name: 'stockAdjustment.list',
  title: '查询退货/报损/其他出入库单',
  access: { permission: 'stock.read' },
  mutates: false,
  scope: { units: { input: [{ path: 'storeId', record: 'store' }], output: [{ rows: 'adjustments', unit: 'unitId' }] } },
  input: z
    .object({
      kind: z.enum(ADJUSTMENT_KINDS).optional(),
      state: z.enum(ADJUSTMENT_STATES).optional(),
      storeId: id.optional(),
      /** 单号, 原因 or 供应商. */
      query: z.string().trim().max(100).optional(),
      limit: z.number().int().min(1).max(5000).default(1000),
    })
    .default({ limit: 1000 }),
  output: z.object({ adjustments: z.array(adjustmentSummary) }),
  export: {
    rows: 'adjustments',
    sheet: '退货报损其他出入库',
    filename: '退货报损其他出入库单',
    columns: [
      { key: 'number', header: '单号', width: 16 },
      { key: 'kindLabel', header: '类型', width: 10 },
      { key: 'changeType', header: '变更类型', width: 10 },
      { key: 'stateLabel', header: '状态', width: 10 },
      { key: 'unitName', header: '单位', width: 18 },
      { key: 'storeName', header: '库房', width: 14 },
      { key: 'supplierName', header: '供应商', width: 26 },
      { key: 'reason', header: '原因', width: 30 },
      { key: 'lineCount', header: '行数', width: 8 },
      { key: 'totalQuantity', header: '数量合计（最小单位）', width: 12 },
      { key: 'totalYuan', header: '金额（元）', width: 12 },
      { key: 'createdBy', header: '制单人', width: 12 },
      { key: 'createdAt', header: '制单时间', width: 20 },
      { key: 'updatedBy', header: '最后操作人', width: 12 },
    ],
  },
});

export const adjustmentBatch = z.object({
  batchId: id,
  itemId: id,
  itemName: z.string(),
  spec: z.string(),
  manufacturer: z.string(),
  baseUnit: z.string(),
  batchNo: z.string(),
  expiry: z.string(),
  productionDate: z.string().nullable(),
  status: z.enum(BATCH_STATUSES),
  supplierId: id.nullable(),
  supplierName: z.string().nullable(),
  costMicro: z.number().int(),
  costUnit: z.string(),
  costPackFactor: z.number().int(),
  quantity: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  storeId: id,
  unitId: id,
});
export type AdjustmentBatch = z.infer<typeof adjustmentBatch>;

export const adjustmentBatches = defineOperation({
  name: 'stockAdjustment.batches',
  title: '查询库房在库批次（退货/报损/其他出库选批）',
  access: { permission: 'stock.read' },
  mutates: false,
  scope: { units: { input: [{ path: 'storeId', record: 'store' }], output: [{ rows: 'batches', unit: 'unitId' }] } },
  input: z.object({ storeId: id, itemId: id.optional(), query: z.string().trim().max(100).optional() }),
  output: z.object({ batches: z.array(adjustmentBatch) }),
});

export const adjustmentOperations = [
  adjustmentCreate,
  adjustmentUpdate,
  adjustmentSubmit,
  adjustmentApprove,
  adjustmentReject,
  adjustmentPost,
  adjustmentReverse,
  adjustmentVoid,
  adjustmentGet,
  adjustmentList,
  adjustmentBatches,
] as const;

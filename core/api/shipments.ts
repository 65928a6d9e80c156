/** 调拨单 (DB: allocation, pick list, shipping, 签收), 签收差异 and 退库单 (TK). Vocabularies: ./distribution.ts. */
import { z } from 'zod';
import { defineOperation } from './operation.js';
import { documentVersionSchema, requestIdSchema } from './documents.js';
import { id, optionalText, requiredText } from './common.js';
import { BATCH_STATUSES } from './stock.js';
import {
  DISCREPANCY_KINDS,
  DISCREPANCY_RESOLUTIONS,
  DISCREPANCY_STATUSES,
  MEMBER_RETURN_REASONS,
  SHIPMENT_KINDS,
} from './distribution.js';

/** Every state a shipment row can be in: a transfer's (调拨单) and a return's (退库单). */
export const SHIPMENT_ANY_STATES = ['draft', 'submitted', 'approved', 'rejected', 'allocated', 'shipped', 'received', 'cancelled'] as const;
export type ShipmentAnyState = (typeof SHIPMENT_ANY_STATES)[number];

const quantity = (label: string) => z.number({ error: `请填写${label}` }).int(`${label}须为整数（最小单位）`);

export const shipmentReceiptLine = z.object({
  receivedQuantity: z.number().int(),
  damagedQuantity: z.number().int(),
  reason: z.string(),
  at: z.string(),
  actorName: z.string(),
});

/** A pick-list / delivery-note line: one batch, its 货位 (the sending store), quantity in base units and packs. */
export const shipmentLine = z.object({
  id,
  lineNo: z.number().int(),
  requisitionLineId: id.nullable(),
  itemId: id,
  itemCode: z.string(),
  itemName: z.string(),
  spec: z.string(),
  manufacturer: z.string(),
  baseUnit: z.string(),
  /** The quantity in packs as read (2盒12粒). */
  quantityText: z.string(),
  batchId: id,
  batchNo: z.string(),
  expiry: z.string(),
  batchStatus: z.enum(BATCH_STATUSES),
  /** 货位: the store it is picked from. */
  location: z.string(),
  costMicro: z.number().int(),
  costUnit: z.string(),
  costPackFactor: z.number().int(),
  quantity: z.number().int(),
  amountMicro: z.number().int(),
  nearMinimum: z.boolean(),
  swapReason: z.string(),
  /** 追溯码 carried (written when it ships). */
  codeCount: z.number().int(),
  codes: z.array(z.string()),
  receipt: shipmentReceiptLine.nullable(),
});
export type ShipmentLine = z.infer<typeof shipmentLine>;

export const discrepancy = z.object({
  id,
  shipmentId: id,
  shipmentNumber: z.string(),
  shipmentKind: z.enum(SHIPMENT_KINDS),
  lineId: id,
  itemId: id,
  itemName: z.string(),
  spec: z.string(),
  baseUnit: z.string(),
  batchNo: z.string(),
  expiry: z.string(),
  kind: z.enum(DISCREPANCY_KINDS),
  kindLabel: z.string(),
  quantity: z.number().int(),
  amountMicro: z.number().int(),
  reason: z.string(),
  status: z.enum(DISCREPANCY_STATUSES),
  statusLabel: z.string(),
  resolution: z.enum(DISCREPANCY_RESOLUTIONS).nullable(),
  resolutionLabel: z.string().nullable(),
  resolutionNote: z.string(),
  openedAt: z.string(),
  openedBy: z.string(),
  requestedBy: z.string().nullable(),
  requestedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  fromStoreName: z.string(),
  toStoreName: z.string(),
  /** The member side (scope). */
  unitId: id,
  unitName: z.string(),
});
export type Discrepancy = z.infer<typeof discrepancy>;

export const shipmentSummary = z.object({
  id,
  number: z.string(),
  kind: z.enum(SHIPMENT_KINDS),
  kindLabel: z.string(),
  /** 调拨单 / 退库单 */
  typeLabel: z.string(),
  /** The state id (the same as `state`, the name other systems read). */
  status: z.enum(SHIPMENT_ANY_STATES),
  state: z.enum(SHIPMENT_ANY_STATES),
  stateLabel: z.string(),
  version: z.number().int(),
  requisitionId: id.nullable(),
  requisitionNumber: z.string().nullable(),
  fromStoreId: id,
  fromStoreName: z.string(),
  fromUnitName: z.string(),
  toStoreId: id,
  toStoreName: z.string(),
  toUnitName: z.string(),
  /** The member side: the receiving unit of a transfer, the sending unit of a return. */
  unitId: id,
  unitName: z.string(),
  returnReason: z.enum(MEMBER_RETURN_REASONS).nullable(),
  returnReasonLabel: z.string().nullable(),
  recallId: id.nullable(),
  reshipOfId: id.nullable(),
  note: z.string(),
  lineCount: z.number().int(),
  totalQuantity: z.number().int(),
  totalMicro: z.number().int(),
  totalYuan: z.string(),
  openDiscrepancies: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  shippedAt: z.string().nullable(),
  receivedAt: z.string().nullable(),
});
export type ShipmentSummary = z.infer<typeof shipmentSummary>;

export const shipmentEvent = z.object({
  version: z.number().int(),
  transition: z.string(),
  transitionLabel: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  actorName: z.string(),
  at: z.string(),
  reason: z.string().nullable(),
});

export const shipment = shipmentSummary.extend({
  lines: z.array(shipmentLine),
  discrepancies: z.array(discrepancy),
  events: z.array(shipmentEvent),
});
export type Shipment = z.infer<typeof shipment>;

const shipmentOut = z.object({ shipment });
const oneShipment = { units: { input: [{ path: 'id', record: 'shipment' }], output: [{ rows: 'shipment', unit: 'unitId' }] } } as const;

/** A back-order line that allocation could not fill (it stays a back-order), with why. */
export const unfilledLine = z.object({
  requisitionLineId: id,
  itemId: id,
  itemName: z.string(),
  quantity: z.number().int(),
  reason: z.string(),
});

export const shipmentAllocate = defineOperation({
  name: 'shipment.allocate',
  title: '配货（按近效期先出分配批次）',
  access: { permission: 'distribution.ship' },
  mutates: true,
  scope: 'centre',
  input: z.object({ requisitionId: id }),
  output: z.object({ shipment, unfilled: z.array(unfilledLine) }),
});

export const shipmentGet = defineOperation({
  name: 'shipment.get',
  title: '查看调拨单/退库单（拣货单）',
  access: { permission: 'requisition.read' },
  mutates: false,
  scope: oneShipment,
  input: z.object({ id }),
  output: shipmentOut,
});

export const shipmentList = defineOperation({
  name: 'shipment.list',
  title: '查询调拨单/退库单',
  access: { permission: 'requisition.read' },
  mutates: false,
  scope: {
    units: {
      input: [
        { path: 'unitId', record: 'unit' },
        { path: 'requisitionId', record: 'requisition' },
      ],
      output: [{ rows: 'shipments', unit: 'unitId' }],
    },
  },
  input: z
    .object({
      kind: z.enum(SHIPMENT_KINDS).optional(),
      states: z.array(z.enum(SHIPMENT_ANY_STATES)).max(10).optional(),
      unitId: id.optional(),
      requisitionId: id.optional(),
      /** For a member: incoming (transfers to my unit) or outgoing (my returns). */
      direction: z.enum(['incoming', 'outgoing']).optional(),
      /** 单号 or 单位. */
      query: z.string().trim().max(100).optional(),
      limit: z.number().int().min(1).max(5000).default(200),
      offset: z.number().int().min(0).default(0),
    })
    .default({ limit: 200, offset: 0 }),
  output: z.object({ shipments: z.array(shipmentSummary), total: z.number().int() }),
  export: {
    rows: 'shipments',
    sheet: '调拨退库',
    filename: '调拨单退库单',
    columns: [
      { key: 'number', header: '单号', width: 16 },
      { key: 'typeLabel', header: '类型', width: 10 },
      { key: 'stateLabel', header: '状态', width: 10 },
      { key: 'requisitionNumber', header: '请领单', width: 16 },
      { key: 'fromStoreName', header: '发货库房', width: 16 },
      { key: 'toStoreName', header: '收货库房', width: 16 },
      { key: 'unitName', header: '成员单位', width: 18 },
      { key: 'returnReasonLabel', header: '退库原因', width: 10 },
      { key: 'lineCount', header: '行数', width: 8 },
      { key: 'totalQuantity', header: '数量合计（最小单位）', width: 12 },
      { key: 'totalYuan', header: '金额（元）', width: 12 },
      { key: 'openDiscrepancies', header: '未处理差异', width: 10 },
      { key: 'createdBy', header: '制单人', width: 12 },
      { key: 'createdAt', header: '制单时间', width: 20 },
      { key: 'shippedAt', header: '发出时间', width: 20 },
      { key: 'receivedAt', header: '签收时间', width: 20 },
    ],
  },
});

export const queueRow = z.object({
  requisitionId: id,
  number: z.string(),
  state: z.string(),
  stateLabel: z.string(),
  unitId: id,
  unitName: z.string(),
  storeId: id,
  storeName: z.string(),
  approvedAt: z.string().nullable(),
  lineCount: z.number().int(),
  backOrderQuantity: z.number().int(),
});

export const shipmentQueue = defineOperation({
  name: 'shipment.queue',
  title: '待配货的请领单',
  access: { permission: 'distribution.ship' },
  mutates: false,
  scope: 'centre',
  input: z.object({}).default({}),
  output: z.object({ requisitions: z.array(queueRow) }),
  export: {
    rows: 'requisitions',
    sheet: '待配货',
    filename: '待配货请领单',
    columns: [
      { key: 'number', header: '请领单号', width: 16 },
      { key: 'unitName', header: '请领单位', width: 18 },
      { key: 'storeName', header: '收货库房', width: 16 },
      { key: 'stateLabel', header: '状态', width: 10 },
      { key: 'approvedAt', header: '审核时间', width: 20 },
      { key: 'lineCount', header: '欠货行数', width: 10 },
      { key: 'backOrderQuantity', header: '欠货数量（最小单位）', width: 14 },
    ],
  },
});

export const eligibleBatch = z.object({
  batchId: id,
  batchNo: z.string(),
  expiry: z.string(),
  status: z.enum(BATCH_STATUSES),
  quantity: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  nearMinimum: z.boolean(),
  eligible: z.boolean(),
  /** Why not, when not eligible. */
  reason: z.string(),
  current: z.boolean(),
});

export const shipmentEligibleBatches = defineOperation({
  name: 'shipment.eligibleBatches',
  title: '可换批次（拣货换批）',
  access: { permission: 'distribution.ship' },
  mutates: false,
  scope: 'centre',
  input: z.object({ id, lineId: id }),
  output: z.object({ batches: z.array(eligibleBatch) }),
});

export const shipmentSwapBatch = defineOperation({
  name: 'shipment.swapBatch',
  title: '拣货换批',
  access: { permission: 'distribution.ship' },
  mutates: true,
  scope: 'centre',
  input: z.object({ id, version: documentVersionSchema, lineId: id, batchId: id, reason: requiredText('换批原因', 200) }),
  output: shipmentOut,
});

export const shipmentCancel = defineOperation({
  name: 'shipment.cancel',
  title: '取消配货',
  access: { permission: 'distribution.ship' },
  mutates: true,
  scope: 'centre',
  input: z.object({ id, version: documentVersionSchema, reason: requiredText('取消原因', 200) }),
  output: shipmentOut,
});

const traceCode = z.string().trim().min(8, '追溯码至少 8 位').max(80, '追溯码最多 80 位');
const shipLines = z
  .array(z.object({ id, traceCodes: z.array(traceCode).max(5000, '一行最多 5000 个追溯码') }))
  .max(2000)
  .optional();

export const shipmentShip = defineOperation({
  name: 'shipment.ship',
  title: '发货（调拨出库）',
  access: { permission: 'distribution.ship' },
  mutates: true,
  scope: 'centre',
  input: z.object({ id, version: documentVersionSchema.optional(), requestId: requestIdSchema, lines: shipLines }),
  output: shipmentOut,
});

export const confirmLineInput = z.object({
  id,
  receivedQuantity: quantity('实收数量').min(0, '实收数量不能为负'),
  damagedQuantity: quantity('破损数量').min(0, '破损数量不能为负').default(0),
  reason: optionalText('差异原因', 200),
});

export const shipmentConfirm = defineOperation({
  name: 'shipment.confirm',
  title: '签收（调拨入库/退库入库）',
  access: { permission: 'stock.receive' },
  mutates: true,
  scope: oneShipment,
  input: z.object({
    id,
    version: documentVersionSchema.optional(),
    requestId: requestIdSchema.optional(),
    /** Lines not named arrived as shipped. */
    lines: z.array(confirmLineInput).max(2000).optional(),
  }),
  output: shipmentOut,
});

const discrepancyOut = z.object({ discrepancy });

export const discrepancyList = defineOperation({
  name: 'discrepancy.list',
  title: '查询签收差异',
  access: { permission: 'requisition.read' },
  mutates: false,
  scope: {
    units: {
      input: [
        { path: 'shipmentId', record: 'shipment' },
        { path: 'unitId', record: 'unit' },
      ],
      output: [{ rows: 'discrepancies', unit: 'unitId' }],
    },
  },
  input: z
    .object({
      /** Open (待处理 and 报损待审批) by default; `all` for every one. */
      status: z.enum([...DISCREPANCY_STATUSES, 'unresolved', 'all']).default('unresolved'),
      shipmentId: id.optional(),
      unitId: id.optional(),
      limit: z.number().int().min(1).max(5000).default(500),
    })
    .default({ status: 'unresolved', limit: 500 }),
  output: z.object({ discrepancies: z.array(discrepancy) }),
  export: {
    rows: 'discrepancies',
    sheet: '签收差异',
    filename: '签收差异',
    columns: [
      { key: 'shipmentNumber', header: '单号', width: 16 },
      { key: 'unitName', header: '成员单位', width: 18 },
      { key: 'itemName', header: '品名', width: 22 },
      { key: 'spec', header: '规格', width: 12 },
      { key: 'batchNo', header: '批号', width: 14 },
      { key: 'kindLabel', header: '差异类型', width: 10 },
      { key: 'quantity', header: '数量（最小单位）', width: 12 },
      { key: 'reason', header: '原因', width: 24 },
      { key: 'statusLabel', header: '状态', width: 12 },
      { key: 'resolutionLabel', header: '处理方式', width: 12 },
      { key: 'resolutionNote', header: '处理说明', width: 24 },
      { key: 'openedBy', header: '登记人', width: 12 },
      { key: 'openedAt', header: '登记时间', width: 20 },
    ],
  },
});

export const discrepancyResolve = defineOperation({
  name: 'discrepancy.resolve',
  title: '处理签收差异',
  access: { permission: 'distribution.resolve' },
  mutates: true,
  scope: 'centre',
  input: z.object({
    id,
    resolution: z.enum(DISCREPANCY_RESOLUTIONS, { error: '请选择处理方式' }),
    note: requiredText('处理说明', 200),
  }),
  output: discrepancyOut,
});

export const discrepancyApproveWriteOff = defineOperation({
  name: 'discrepancy.approveWriteOff',
  title: '审批差异报损',
  access: { permission: 'stock.approve' },
  mutates: true,
  scope: 'centre',
  input: z.object({ id, note: optionalText('审批意见', 200) }),
  output: discrepancyOut,
});

export const discrepancyRejectWriteOff = defineOperation({
  name: 'discrepancy.rejectWriteOff',
  title: '驳回差异报损',
  access: { permission: 'stock.approve' },
  mutates: true,
  scope: 'centre',
  input: z.object({ id, reason: requiredText('驳回原因', 200) }),
  output: discrepancyOut,
});

const returnLines = z
  .array(z.object({ batchId: id, quantity: quantity('数量').positive('数量须大于 0') }))
  .min(1, '至少需要一行')
  .max(500, '一张单据最多 500 行');
const returnReason = z.enum(MEMBER_RETURN_REASONS, { error: '请选择退库原因' });
const oneReturn = oneShipment;

export const memberReturnCreate = defineOperation({
  name: 'memberReturn.create',
  title: '新建退库单',
  access: { permission: 'stock.adjust' },
  mutates: true,
  scope: { units: { input: [{ path: 'storeId', record: 'store' }], output: [{ rows: 'shipment', unit: 'unitId' }] } },
  input: z.object({ storeId: id, reason: returnReason, lines: returnLines, note: optionalText('备注', 500) }),
  output: shipmentOut,
});

export const memberReturnUpdate = defineOperation({
  name: 'memberReturn.update',
  title: '修改退库单',
  access: { permission: 'stock.adjust' },
  mutates: true,
  scope: oneReturn,
  input: z.object({ id, version: documentVersionSchema, reason: returnReason, lines: returnLines, note: optionalText('备注', 500) }),
  output: shipmentOut,
});

export const memberReturnSubmit = defineOperation({
  name: 'memberReturn.submit',
  title: '提交退库单',
  access: { permission: 'stock.adjust' },
  mutates: true,
  scope: oneReturn,
  input: z.object({ id, version: documentVersionSchema }),
  output: shipmentOut,
});

export const memberReturnApprove = defineOperation({
  name: 'memberReturn.approve',
  title: '批准退库单',
  access: { permission: 'requisition.approve' },
  mutates: true,
  scope: oneReturn,
  input: z.object({ id, version: documentVersionSchema, note: optionalText('审批意见', 200) }),
  output: shipmentOut,
});

export const memberReturnReject = defineOperation({
  name: 'memberReturn.reject',
  title: '驳回退库单',
  access: { permission: 'requisition.approve' },
  mutates: true,
  scope: oneReturn,
  input: z.object({ id, version: documentVersionSchema, reason: requiredText('驳回原因', 200) }),
  output: shipmentOut,
});

export const memberReturnShip = defineOperation({
  name: 'memberReturn.ship',
  title: '发出退库单',
  access: { permission: 'stock.adjust' },
  mutates: true,
  scope: oneReturn,
  input: z.object({ id, version: documentVersionSchema.optional(), requestId: requestIdSchema, lines: shipLines }),
  output: shipmentOut,
});

export const memberReturnCancel = defineOperation({
  name: 'memberReturn.cancel',
  title: '作废退库单',
  access: { permission: 'stock.adjust' },
  mutates: true,
  scope: oneReturn,
  input: z.object({ id, version: documentVersionSchema, reason: requiredText('作废原因', 200) }),
  output: shipmentOut,
});

export const shipmentOperations = [
  shipmentAllocate,
  shipmentGet,
  shipmentList,
  shipmentQueue,
  shipmentEligibleBatches,
  shipmentSwapBatch,
  shipmentCancel,
  shipmentShip,
  shipmentConfirm,
  discrepancyList,
  discrepancyResolve,
  discrepancyApproveWriteOff,
  discrepancyRejectWriteOff,
  memberReturnCreate,
  memberReturnUpdate,
  memberReturnSubmit,
  memberReturnApprove,
  memberReturnReject,
  memberReturnShip,
  memberReturnCancel,
] as const;

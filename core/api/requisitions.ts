import { z } from 'zod';
import { defineOperation } from './operation.js';
import { documentVersionSchema } from './documents.js';
import { id, optionalText, requiredText } from './common.js';
import { BUDGET_RULES, REQUISITION_STATES } from './distribution.js';
import { UNIT_LEVELS } from './units.js';

/**
 * 请领单 (QL), budgets (全面预算) and the distribution settings. Vocabularies: ./distribution.ts.
 * Quantities are base units and whole issue packs (发放单位) of the item; money is micro-yuan.
 * `version` is optional on the stable commands (outside scripts send only `id`): checked when given.
 */

const optionalVersion = documentVersionSchema.optional();

const quantity = z.number({ error: '请填写数量' }).int('数量须为整数（最小单位）').positive('数量须大于 0');

export const requisitionLineInput = z.object({
  itemId: id,
  /** Base units, a whole number of the item's issue packs. */
  quantity,
  note: optionalText('备注', 200),
});

const requisitionLines = z.array(requisitionLineInput, { error: '请填写请领明细' }).min(1, '至少需要一行').max(3000, '一张请领单最多 3000 行');

const levels = z.enum(UNIT_LEVELS);

/** One line with its stock hints and its progress (requisitionLineProgress). */
export const requisitionLine = z.object({
  id,
  lineNo: z.number().int(),
  itemId: id,
  itemCode: z.string(),
  itemName: z.string(),
  spec: z.string(),
  manufacturer: z.string(),
  baseUnit: z.string(),
  packs: z.array(z.object({ unit: z.string(), factor: z.number().int() })),
  /** 发放单位 and its base units. */
  issueUnit: z.string(),
  issuePackFactor: z.number().int(),
  /** At the requesting store: 正常, unexpired, less reserved. */
  onHand: z.number().int(),
  /** Average monthly consumption (107 out of the store, last 3 months, reversals net out), base units. */
  avgMonthly: z.number(),
  /** In transit to the unit and allocated to its store, not yet arrived. */
  incoming: z.number().int(),
  /** Back-orders of the store's other requisitions. */
  otherBackOrders: z.number().int(),
  suggested: z.number().int(),
  /** What the central store could send now (正常, unexpired, less reserved): the centre's hint when approving. */
  centralAvailable: z.number().int(),
  requested: z.number().int(),
  approved: z.number().int().nullable(),
  approveReason: z.string(),
  allocated: z.number().int(),
  shipped: z.number().int(),
  received: z.number().int(),
  backOrder: z.number().int(),
  /** Estimated cost per `costPackFactor` base units (the batch FEFO would pick, else the latest, else the price). */
  costMicro: z.number().int(),
  costPackFactor: z.number().int(),
  /** (approved ?? requested) at the estimated cost. */
  amountMicro: z.number().int(),
  note: z.string(),
});
export type RequisitionLine = z.infer<typeof requisitionLine>;

export const requisitionSummary = z.object({
  id,
  number: z.string(),
  /** The state id (`approved` …), for scripts; `state` is the same. */
  status: z.enum(REQUISITION_STATES),
  state: z.enum(REQUISITION_STATES),
  stateLabel: z.string(),
  version: z.number().int(),
  posted: z.boolean(),
  unitId: id,
  unitName: z.string(),
  unitLevel: levels,
  storeId: id,
  storeName: z.string(),
  reviewUnitId: id.nullable(),
  reviewUnitName: z.string().nullable(),
  budgetYear: z.number().int(),
  note: z.string(),
  lineCount: z.number().int(),
  /** Σ line amounts (approved quantities once approved). */
  valueMicro: z.number().int(),
  valueYuan: z.string(),
  backOrderLines: z.number().int(),
  backOrderQuantity: z.number().int(),
  /** Lines the central store cannot cover now (what is still to send > its available stock): the centre's hint. */
  centralShortLines: z.number().int(),
  submittedAt: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type RequisitionSummary = z.infer<typeof requisitionSummary>;

/** A unit's budget for a year as it stands (budget.list rows; the requisition's panel). */
export const budgetRow = z.object({
  unitId: id,
  unitName: z.string(),
  unitLevel: levels,
  year: z.number().int(),
  /** Null: no budget set (remaining is then 0, never unlimited). */
  amountMicro: z.number().int().nullable(),
  overRule: z.enum(BUDGET_RULES),
  overRuleLabel: z.string(),
  /** `own`: the unit's budget says; `community`: no budget set, the community's budgetRule. */
  ruleSource: z.enum(['own', 'community']),
  note: z.string(),
  /** Approved, not yet shipped: back-orders at estimated cost + allocated shipment lines. */
  committedMicro: z.number().int(),
  /** Shipped to the unit in the year, less received returns from it. */
  actualMicro: z.number().int(),
  remainingMicro: z.number().int(),
  amountYuan: z.string(),
  committedYuan: z.string(),
  actualYuan: z.string(),
  remainingYuan: z.string(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type BudgetRow = z.infer<typeof budgetRow>;

const event = z.object({
  version: z.number().int(),
  transition: z.string(),
  transitionLabel: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  toStateLabel: z.string(),
  actorName: z.string(),
  at: z.string(),
  reason: z.string().nullable(),
});

export const requisition = requisitionSummary.extend({
  lines: z.array(requisitionLine),
  events: z.array(event),
  budget: budgetRow,
  shipments: z.array(
    z.object({ id, number: z.string(), state: z.string(), stateLabel: z.string(), lineCount: z.number().int(), amountMicro: z.number().int(), createdAt: z.string() }),
  ),
});
export type Requisition = z.infer<typeof requisition>;

const requisitionOut = z.object({ requisition });
/** A requisition over a `warn` budget goes through with this message (also in its event and audit entry). */
const withWarning = z.object({ requisition, budgetWarning: z.string().nullable() });
const oneRequisition = { units: { input: [{ path: 'id', record: 'requisition' }], output: [{ rows: 'requisition', unit: 'unitId' }] } } as const;
/** The township's review acts on its village clinics' requisitions (乡村一体化), not only its own unit's. */
const reviewedRequisition = {
  units: { input: [{ path: 'id', record: 'requisition' }], output: [{ rows: 'requisition', unit: 'unitId' }], reviewedUnits: true },
} as const;

export const requisitionCreate = defineOperation({
  name: 'requisition.create',
  title: '新建请领单',
  access: { permission: 'requisition.request' },
  mutates: true,
  scope: { units: { input: [{ path: 'storeId', record: 'store' }], output: [{ rows: 'requisition', unit: 'unitId' }] } },
  input: z.object({ storeId: id, note: optionalText('备注', 500), lines: requisitionLines }),
  output: requisitionOut,
});

export const requisitionUpdate = defineOperation({
  name: 'requisition.update',
  title: '修改请领单',
  access: { permission: 'requisition.request' },
  mutates: true,
  scope: oneRequisition,
  input: z.object({ id, version: documentVersionSchema, note: optionalText('备注', 500), lines: requisitionLines }),
  output: requisitionOut,
});

export const requisitionSubmit = defineOperation({
  name: 'requisition.submit',
  title: '提交请领单',
  access: { permission: 'requisition.request' },
  mutates: true,
  scope: oneRequisition,
  input: z.object({ id, version: optionalVersion }),
  output: withWarning,
});

export const requisitionReview = defineOperation({
  name: 'requisition.review',
  title: '乡镇审核村卫生室请领单',
  access: { permission: 'requisition.review' },
  mutates: true,
  scope: reviewedRequisition,
  input: z.object({ id, version: optionalVersion, reason: optionalText('审核意见', 200) }),
  output: requisitionOut,
});

export const requisitionSendBack = defineOperation({
  name: 'requisition.sendBack',
  title: '退回请领单修改',
  access: { permission: 'requisition.review' },
  mutates: true,
  scope: reviewedRequisition,
  input: z.object({ id, version: optionalVersion, reason: requiredText('退回原因', 200) }),
  output: requisitionOut,
});

export const requisitionApprove = defineOperation({
  name: 'requisition.approve',
  title: '审核请领单',
  access: { permission: 'requisition.approve' },
  mutates: true,
  scope: { units: { input: [{ path: 'id', record: 'requisition' }, { path: 'lines.id', record: 'requisitionLine' }], output: [{ rows: 'requisition', unit: 'unitId' }] } },
  input: z.object({
    id,
    version: optionalVersion,
    /** Lines not named are approved as requested. */
    lines: z
      .array(
        z.object({
          id,
          approvedQuantity: z.number({ error: '请填写核准数量' }).int('核准数量须为整数（最小单位）').min(0, '核准数量不能为负'),
          reason: optionalText('调整原因', 200),
        }),
      )
      .max(3000, '最多 3000 行')
      .default([]),
    reason: optionalText('审核意见', 200),
  }),
  output: withWarning,
});

export const requisitionReject = defineOperation({
  name: 'requisition.reject',
  title: '驳回请领单',
  access: { permission: 'requisition.approve' },
  mutates: true,
  scope: oneRequisition,
  input: z.object({ id, version: optionalVersion, reason: requiredText('驳回原因', 200) }),
  output: requisitionOut,
});

export const requisitionCancel = defineOperation({
  name: 'requisition.cancel',
  title: '撤销请领单',
  access: { permission: 'requisition.request' },
  mutates: true,
  scope: oneRequisition,
  input: z.object({ id, version: optionalVersion, reason: requiredText('撤销原因', 200) }),
  output: requisitionOut,
});

export const requisitionClose = defineOperation({
  name: 'requisition.close',
  title: '关闭请领单欠货',
  access: { permission: 'requisition.approve' },
  mutates: true,
  scope: oneRequisition,
  input: z.object({ id, version: optionalVersion, reason: requiredText('关闭原因', 200) }),
  output: requisitionOut,
});

export const requisitionGet = defineOperation({
  name: 'requisition.get',
  title: '查看请领单',
  access: { permission: 'requisition.read' },
  mutates: false,
  scope: oneRequisition,
  input: z.object({ id }),
  output: requisitionOut,
});

export const requisitionList = defineOperation({
  name: 'requisition.list',
  title: '查询请领单',
  access: { permission: 'requisition.read' },
  mutates: false,
  scope: { units: { input: [{ path: 'unitId', record: 'unit' }], output: [{ rows: 'requisitions', unit: 'unitId' }] } },
  input: z
    .object({
      states: z.array(z.enum(REQUISITION_STATES, { error: '未知的请领单状态' })).max(10).optional(),
      unitId: id.optional(),
      /** 单号, 单位 or 备注. */
      query: z.string().trim().max(100).optional(),
      limit: z.number().int().min(1).max(5000).default(500),
      offset: z.number().int().min(0).default(0),
    })
    .default({ limit: 500, offset: 0 }),
  output: z.object({ requisitions: z.array(requisitionSummary), total: z.number().int() }),
  export: {
    rows: 'requisitions',
    sheet: '请领单',
    filename: '请领单',
    columns: [
      { key: 'number', header: '单号', width: 16 },
      { key: 'stateLabel', header: '状态', width: 10 },
      { key: 'unitName', header: '请领单位', width: 18 },
      { key: 'storeName', header: '库房', width: 14 },
      { key: 'lineCount', header: '行数', width: 8 },
      { key: 'valueYuan', header: '金额（元）', width: 12 },
      { key: 'backOrderLines', header: '欠货行数', width: 10 },
      { key: 'submittedAt', header: '提交时间', width: 20 },
      { key: 'createdBy', header: '制单人', width: 12 },
      { key: 'note', header: '备注', width: 30 },
    ],
  },
});

export const requisitionSuggestion = z.object({
  unitId: id,
  storeId: id,
  itemId: id,
  itemCode: z.string(),
  itemName: z.string(),
  spec: z.string(),
  manufacturer: z.string(),
  baseUnit: z.string(),
  packs: z.array(z.object({ unit: z.string(), factor: z.number().int() })),
  issueUnit: z.string(),
  issuePackFactor: z.number().int(),
  onHand: z.number().int(),
  avgMonthly: z.number(),
  incoming: z.number().int(),
  otherBackOrders: z.number().int(),
  suggested: z.number().int(),
});
export type RequisitionSuggestion = z.infer<typeof requisitionSuggestion>;

export const requisitionSuggest = defineOperation({
  name: 'requisition.suggest',
  title: '请领建议（按建议填充）',
  access: { permission: 'requisition.read' },
  mutates: false,
  scope: { units: { input: [{ path: 'storeId', record: 'store' }], output: [{ rows: 'suggestions', unit: 'unitId' }] } },
  input: z.object({ storeId: id, itemIds: z.array(id).max(3000).optional() }),
  output: z.object({ targetMonths: z.number(), suggestions: z.array(requisitionSuggestion) }),
});

export const requisitionBackOrder = z.object({
  unitId: id,
  unitName: z.string(),
  requisitionId: id,
  number: z.string(),
  requisitionLineId: id,
  itemId: id,
  itemName: z.string(),
  spec: z.string(),
  baseUnit: z.string(),
  quantity: z.number().int(),
});

export const requisitionBackOrders = defineOperation({
  name: 'requisition.backOrders',
  title: '查询欠货',
  access: { permission: 'requisition.read' },
  mutates: false,
  scope: { units: { input: [{ path: 'unitId', record: 'unit' }], output: [{ rows: 'backOrders', unit: 'unitId' }] } },
  input: z.object({ unitId: id.optional() }).default({}),
  output: z.object({ backOrders: z.array(requisitionBackOrder) }),
  export: {
    rows: 'backOrders',
    sheet: '欠货',
    filename: '欠货明细',
    columns: [
      { key: 'unitName', header: '单位', width: 18 },
      { key: 'number', header: '请领单号', width: 16 },
      { key: 'itemName', header: '品名', width: 24 },
      { key: 'spec', header: '规格', width: 14 },
      { key: 'quantity', header: '欠货数量（最小单位）', width: 14 },
      { key: 'baseUnit', header: '单位', width: 8 },
    ],
  },
});

const year = z.number({ error: '请填写年度' }).int('年度须为整数').min(2000, '年度不能早于 2000').max(9999, '年度不能晚于 9999');

export const budgetSet = defineOperation({
  name: 'budget.set',
  title: '设置单位年度预算',
  access: { permission: 'budget.manage' },
  mutates: true,
  scope: 'centre',
  input: z.object({
    unitId: id,
    year,
    amountMicro: z.number({ error: '请填写预算金额' }).int('预算金额须为整数（微元）').min(0, '预算金额不能为负'),
    overRule: z.enum(BUDGET_RULES, { error: '超预算规则须为「禁止」或「提醒」' }),
    note: optionalText('备注', 200),
  }),
  output: z.object({ budget: budgetRow }),
});

export const budgetList = defineOperation({
  name: 'budget.list',
  title: '查询单位年度预算',
  access: { permission: 'budget.read' },
  mutates: false,
  scope: { units: { output: [{ rows: 'budgets', unit: 'unitId' }] } },
  input: z.object({ year: year.optional() }).default({}),
  output: z.object({ year: z.number().int(), budgets: z.array(budgetRow) }),
  export: {
    rows: 'budgets',
    sheet: '预算',
    filename: '单位年度预算',
    columns: [
      { key: 'unitName', header: '单位', width: 18 },
      { key: 'year', header: '年度', width: 8 },
      { key: 'amountYuan', header: '预算（元）', width: 14 },
      { key: 'overRuleLabel', header: '超预算规则', width: 12 },
      { key: 'committedYuan', header: '已承诺（元）', width: 14 },
      { key: 'actualYuan', header: '已执行（元）', width: 14 },
      { key: 'remainingYuan', header: '可用（元）', width: 14 },
      { key: 'note', header: '备注', width: 24 },
    ],
  },
});

const months = (label: string) => z.number({ error: `${label}必须是数字` }).min(0, `${label}不能为负`).max(24, `${label}最多 24 个月`);
const perLevel = (label: string) =>
  z.object({ county: months(`${label}（县级）`), township: months(`${label}（乡镇）`), village: months(`${label}（村）`) }, { error: `请填写${label}` });

export const distributionSettingsSchema = z.object({
  villageViaTownship: z.boolean({ error: '请选择村卫生室请领是否经乡镇审核' }),
  targetMonths: perLevel('建议请领月数'),
  minShelfLifeMonths: perLevel('最低剩余效期'),
  nearMinimumMonths: months('近下限月数'),
  minStockMonths: perLevel('库存下限月数'),
  budgetRule: z.enum(BUDGET_RULES, { error: '未设预算时的规则须为「禁止」或「提醒」' }),
});

export const distributionSettingsGet = defineOperation({
  name: 'distribution.settings.get',
  title: '查看配送设置',
  access: { permission: 'requisition.read' },
  mutates: false,
  scope: 'community',
  input: z.object({}).default({}),
  output: z.object({ settings: distributionSettingsSchema }),
});

export const distributionSettingsUpdate = defineOperation({
  name: 'distribution.settings.update',
  title: '修改配送设置',
  access: { permission: 'stock.approve' },
  mutates: true,
  scope: 'centre',
  input: distributionSettingsSchema.partial(),
  output: z.object({ settings: distributionSettingsSchema }),
});

export const requisitionOperations = [
  requisitionCreate,
  requisitionUpdate,
  requisitionSubmit,
  requisitionReview,
  requisitionSendBack,
  requisitionApprove,
  requisitionReject,
  requisitionCancel,
  requisitionClose,
  requisitionGet,
  requisitionList,
  requisitionSuggest,
  requisitionBackOrders,
  budgetSet,
  budgetList,
  distributionSettingsGet,
  distributionSettingsUpdate,
] as const;

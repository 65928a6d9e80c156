import { z } from 'zod';
import { id } from './common.js';
import { defineOperation } from './operation.js';
import { CHANGE_TYPE_CODES, type ChangeType } from './stock.js';

/** 集采监测：约定量完成进度、预测与结余 (issue 10). Figures are computed by core/vbp/monitoring.ts. */

const isoDate = z
  .string({ error: '请填写日期' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), '日期无效');

export const vbpSettingsSchema = z.object({
  /** 落后阈值（百分点）: behind when the elapsed share leads completion by more than this. */
  marginPp: z.number({ error: '落后阈值必须是数字' }).int('落后阈值须为整数个百分点').min(0, '落后阈值不能为负').max(100, '落后阈值最多 100 个百分点'),
});
export type VbpSettingsInput = z.infer<typeof vbpSettingsSchema>;

const figures = {
  /** 约定量 (base units). */
  agreed: z.number().int(),
  /** 已采购量 (base units). */
  bought: z.number().int(),
  /** bought ÷ agreed, basis points (floor); null without an agreed volume. */
  completionBp: z.number().int().nullable(),
  /** The share of the agreement year elapsed, basis points (floor). */
  elapsedBp: z.number().int(),
  /** agreed − bought, not below 0. */
  gap: z.number().int(),
  /** floor(bought × days ÷ elapsed days). */
  projection: z.number().int().nullable(),
  behind: z.boolean(),
  /** 结余 (micro-yuan, fen-rounded): (reference − agreed price) × bought; null without a reference price. */
  savingsMicro: z.number().int().nullable(),
  /** bought × agreed price. */
  boughtAmountMicro: z.number().int(),
};

export const vbpUnitRow = z.object({ unitId: id, unitCode: z.string(), unitName: z.string(), ...figures });
export type VbpUnitRowOut = z.infer<typeof vbpUnitRow>;

export const vbpProductRow = z.object({
  itemId: id,
  itemCode: z.string(),
  itemName: z.string(),
  spec: z.string(),
  manufacturer: z.string(),
  baseUnit: z.string(),
  purchaseUnit: z.string(),
  perPurchase: z.number().int(),
  batch: z.string(),
  /** Both per the purchase unit. */
  agreedPriceMicro: z.number().int(),
  referencePriceMicro: z.number().int().nullable(),
  yearStart: z.string(),
  yearEnd: z.string(),
  calendarYear: z.boolean(),
  agreedAmountMicro: z.number().int(),
  ...figures,
  /** The member units' rows: only the caller's own unit for a member pharmacist. */
  units: z.array(vbpUnitRow),
});
export type VbpProductRowOut = z.infer<typeof vbpProductRow>;

/** One row of the export: a product's community figures (unitId null), then each unit's. */
export const vbpExportRow = z.object({
  unitId: id.nullable(),
  scopeText: z.string(),
  itemCode: z.string(),
  itemName: z.string(),
  spec: z.string(),
  manufacturer: z.string(),
  batch: z.string(),
  yearText: z.string(),
  baseUnit: z.string(),
  agreed: z.number().int(),
  bought: z.number().int(),
  completionText: z.string(),
  elapsedText: z.string(),
  gap: z.number().int(),
  projection: z.number().int().nullable(),
  behindText: z.string(),
  agreedPriceText: z.string(),
  referencePriceText: z.string(),
  savingsText: z.string(),
});

/** The community's figures added over the products; for a member pharmacist or a chosen unit, the unit rows'. */
export const vbpTotals = z.object({
  products: z.number().int(),
  behindProducts: z.number().int(),
  behindUnits: z.number().int(),
  agreedAmountMicro: z.number().int(),
  boughtAmountMicro: z.number().int(),
  completionByAmountBp: z.number().int().nullable(),
  savingsMicro: z.number().int(),
});

export const vbpMonitor = defineOperation({
  name: 'vbp.monitor',
  title: '集采监测',
  access: { permission: 'vbp.read' },
  mutates: false,
  scope: { units: { input: [{ path: 'unitId', record: 'unit' }], output: [{ rows: 'products.units', unit: 'unitId' }, { rows: 'rows', unit: 'unitId' }] } },
  input: z
    .object({
      /** 截至日期 (community date); default today. */
      asOf: isoDate.optional(),
      unitId: id.optional(),
      itemId: id.optional(),
      behindOnly: z.boolean().default(false),
    })
    .default({ behindOnly: false }),
  output: z.object({
    asOf: z.string(),
    marginPp: z.number().int(),
    products: z.array(vbpProductRow),
    totals: vbpTotals,
    /** Flat rows for the xlsx export: a member pharmacist's hold only their own unit's rows. */
    rows: z.array(vbpExportRow),
  }),
  export: {
    rows: 'rows',
    sheet: '集采监测',
    filename: '集采监测',
    columns: [
      { key: 'scopeText', header: '范围', width: 18 },
      { key: 'itemCode', header: '目录编码', width: 12 },
      { key: 'itemName', header: '通用名', width: 20 },
      { key: 'spec', header: '规格', width: 12 },
      { key: 'manufacturer', header: '生产企业', width: 22 },
      { key: 'batch', header: '集采批次', width: 20 },
      { key: 'yearText', header: '协议年度', width: 24 },
      { key: 'baseUnit', header: '单位', width: 6 },
      { key: 'agreed', header: '约定量', width: 10 },
      { key: 'bought', header: '已采购量', width: 10 },
      { key: 'completionText', header: '完成率', width: 8 },
      { key: 'elapsedText', header: '时间进度', width: 8 },
      { key: 'gap', header: '剩余量', width: 10 },
      { key: 'projection', header: '预计全年', width: 10 },
      { key: 'behindText', header: '进度', width: 8 },
      { key: 'agreedPriceText', header: '中选价(元)', width: 14 },
      { key: 'referencePriceText', header: '参考价(元)', width: 14 },
      { key: 'savingsText', header: '结余(元)', width: 14 },
    ],
  },
});

export const vbpTraceLine = z.object({
  moveId: z.number().int(),
  at: z.string(),
  date: z.string(),
  changeType: z.enum(CHANGE_TYPE_CODES as [ChangeType, ...ChangeType[]]),
  changeTypeLabel: z.string(),
  /** What the line adds to the figure; negative for a return, a 退库 or a reversal. */
  quantity: z.number().int(),
  documentId: z.number().int(),
  documentNumber: z.string(),
  documentTypeLabel: z.string(),
  documentLineId: z.number().int().nullable(),
  batchNo: z.string(),
  locationName: z.string(),
  unitId: id,
  unitName: z.string(),
  supplierName: z.string(),
  /** quantity × the agreed price. */
  amountMicro: z.number().int(),
  reversal: z.boolean(),
});
export type VbpTraceLineOut = z.infer<typeof vbpTraceLine>;

export const vbpTrace = defineOperation({
  name: 'vbp.trace',
  title: '集采监测数据追溯',
  access: { permission: 'vbp.read' },
  mutates: false,
  scope: { units: { input: [{ path: 'unitId', record: 'unit' }], output: [{ rows: 'lines', unit: 'unitId' }] } },
  input: z.object({
    itemId: id,
    /** The unit whose figure to trace; absent: the community's (not for a member pharmacist). */
    unitId: id.optional(),
    asOf: isoDate.optional(),
  }),
  output: z.object({
    itemId: id,
    itemName: z.string(),
    spec: z.string(),
    baseUnit: z.string(),
    unitId: id.nullable(),
    yearStart: z.string(),
    yearEnd: z.string(),
    asOf: z.string(),
    /** Σ quantity: equals the `bought` figure it traces. */
    total: z.number().int(),
    lines: z.array(vbpTraceLine),
  }),
});

export const vbpSettingsGet = defineOperation({
  name: 'vbp.settings.get',
  title: '查看集采监测设置',
  access: { permission: 'vbp.read' },
  mutates: false,
  scope: 'community',
  input: z.object({}).default({}),
  output: z.object({ settings: vbpSettingsSchema, defaults: vbpSettingsSchema }),
});

export const vbpSettingsSave = defineOperation({
  name: 'vbp.settings.save',
  title: '修改集采监测设置',
  access: { permission: 'vbp.manage' },
  mutates: true,
  scope: 'centre',
  input: vbpSettingsSchema,
  output: z.object({ settings: vbpSettingsSchema }),
});

export const vbpOperations = [vbpMonitor, vbpTrace, vbpSettingsGet, vbpSettingsSave] as const;

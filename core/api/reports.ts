/**
 * 月报: the monthly monitoring report a community sends to the county health commission (../shared/docs/domain.md §7),
 * per member unit, per level and for the community, with every figure traceable to the lines it was computed from.
 * The figures' definitions (口径) are in core/reports/figures.ts and travel with the report (`definitions`).
 */
import { z } from 'zod';
import { id } from './common.js';
import { MONTH_PATTERN } from './finance.js';
import { defineOperation } from './operation.js';
import { UNIT_LEVELS } from './units.js';

const reportMonth = z.string({ error: '请选择月份' }).regex(MONTH_PATTERN, '月份格式应为 2026-11');
const micro = z.number().int();
/** A share in basis points (1 % = 100), null when there is nothing to divide by. */
const share = z.number().int().nullable();

export const REPORT_ROW_SCOPES = ['unit', 'level', 'community'] as const;

export const monthlyFigureRow = z.object({
  scope: z.enum(REPORT_ROW_SCOPES),
  /** The unit (scope `unit`), else null. */
  unitId: id.nullable(),
  unitCode: z.string(),
  /** The unit's name, the level's (县级 / 乡级 / 村级) or the community's. */
  name: z.string(),
  level: z.enum(UNIT_LEVELS).nullable(),
  unitCount: z.number().int(),
  /** 进货金额: 108 purchases, and 101 transfers in at member units, at batch cost. */
  inflowMicro: micro,
  /** 目录内: items 在用 and in the unit's level sub-catalogue. */
  formularyMicro: micro,
  formularyShareBp: share,
  varieties: z.number().int(),
  essentialVarieties: z.number().int(),
  essentialVarietyShareBp: share,
  essentialMicro: micro,
  essentialAmountShareBp: share,
  /** 网上采购: batches first received on a platform order. */
  platformMicro: micro,
  platformShareBp: share,
  /** 集采 at month end, over the 中选 products agreed for the unit (集采监测): agreed annual volume and bought so far in
   *  the agreement year, both valued at the agreed price so that products add up. */
  vbpAgreedMicro: micro,
  vbpBoughtMicro: micro,
  vbpCompletionBp: share,
  /** Share of the agreement year elapsed at month end (basis points). */
  vbpElapsedBp: share,
  vbpProductsBehind: z.number().int(),
  /** 预算执行 (member units): the year's budget, actual (shipped at cost, less returns) and committed. */
  budgetMicro: micro.nullable(),
  budgetActualMicro: micro,
  budgetCommittedMicro: micro,
  budgetExecutionBp: share,
  /** 院内制剂 received (member units) or bought (the centre). */
  preparationMicro: micro,
  preparationQuantity: z.number().int(),
  nearExpiryMicro: micro,
  expiredMicro: micro,
  openingMicro: micro,
  closingMicro: micro,
  outflowMicro: micro,
  turnoverDays: z.number().nullable(),
});
export type MonthlyFigureRow = z.infer<typeof monthlyFigureRow>;

export const monthlyPayments = z.object({
  /** 验收至付款平均天数 (weighted by amount) of the payments dated in the month, all and 集采. */
  averageDays: z.number().nullable(),
  vbpAverageDays: z.number().nullable(),
  paidMicro: micro,
  paidCount: z.number().int(),
  /** Open payables at month end, those overdue, those of small and medium suppliers overdue, interest accruing. */
  openMicro: micro,
  overdueMicro: micro,
  overdueCount: z.number().int(),
  smeOverdueMicro: micro,
  interestMicro: micro,
});
export type MonthlyPayments = z.infer<typeof monthlyPayments>;

export const monthlyReport = z.object({
  month: z.string(),
  firstDay: z.string(),
  lastDay: z.string(),
  units: z.array(monthlyFigureRow),
  /** Per level and for the community: empty / null for a unit-confined caller. */
  levels: z.array(monthlyFigureRow),
  community: monthlyFigureRow.nullable(),
  payments: monthlyPayments.nullable(),
  definitions: z.array(z.object({ figure: z.string(), label: z.string(), text: z.string() })),
});
export type MonthlyReport = z.infer<typeof monthlyReport>;

/** The figures a trace can list line by line. */
export const TRACE_FIGURES = ['inflow', 'formulary', 'essential', 'platform', 'preparation', 'outflow', 'nearExpiry', 'expired', 'closing'] as const;
export type TraceFigure = (typeof TRACE_FIGURES)[number];

export const reportMonthly = defineOperation({
  name: 'report.monthly',
  title: '月报',
  access: { permission: 'report.read' },
  mutates: false,
  scope: { units: { input: [{ path: 'unitId', record: 'unit' }], output: [{ rows: 'units', unit: 'unitId' }] } },
  input: z.object({ month: reportMonth, unitId: id.optional() }),
  output: monthlyReport,
});

export const reportMonthlyExport = defineOperation({
  name: 'report.monthlyExport',
  title: '导出月报',
  access: { permission: 'report.read' },
  mutates: false,
  scope: 'centre',
  input: z.object({ month: reportMonth }),
  output: z.object({ fileName: z.string(), contentBase64: z.string(), sheets: z.array(z.string()), unitCount: z.number().int() }),
});

export const traceLine = z.object({
  /** The move, or for balances (nearExpiry / expired / closing) the batch. */
  moveId: z.number().int().nullable(),
  at: z.string(),
  documentId: z.number().int().nullable(),
  documentNumber: z.string(),
  changeType: z.string(),
  itemId: id,
  itemCode: z.string(),
  itemName: z.string(),
  spec: z.string(),
  batchNo: z.string(),
  expiry: z.string(),
  quantity: z.number().int(),
  baseUnit: z.string(),
  valueMicro: micro,
});
export type TraceLine = z.infer<typeof traceLine>;

export const reportTrace = defineOperation({
  name: 'report.trace',
  title: '月报指标明细',
  access: { permission: 'report.read' },
  mutates: false,
  scope: { units: { input: [{ path: 'unitId', record: 'unit' }] } },
  input: z.object({
    month: reportMonth,
    unitId: id,
    figure: z.enum(TRACE_FIGURES, { error: '未知的指标' }),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(500).default(100),
  }),
  output: z.object({ lines: z.array(traceLine), total: z.number().int(), totalMicro: micro }),
});

export const reportOperations = [reportMonthly, reportMonthlyExport, reportTrace] as const;

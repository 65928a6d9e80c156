/**
 * 医保进销存上报 3501–3506 (issue 10): for a 定点 unit (units.insurance_code = its 定点医药机构编码) and a month or
 * date range, the records of each report built from the stock ledger, the rows that cannot be reported with
 * their reasons, and the files to send (JSON per report, one xlsx for review). Read-only: nothing is written.
 */
import { z } from 'zod';
import { id } from './common.js';
import { MONTH_PATTERN } from './finance.js';
import { defineOperation } from './operation.js';

export const MEDINS_REPORT_CODES = ['3501', '3502', '3503', '3504', '3505', '3506'] as const;
export type MedinsReportCode = (typeof MEDINS_REPORT_CODES)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const realDate = (s: string) => DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/** A month (2026-11), or a from/to date range of at most 366 days. */
const period = {
  month: z.string({ error: '月份格式应为 2026-11' }).regex(MONTH_PATTERN, '月份格式应为 2026-11').optional(),
  from: z.string({ error: '开始日期格式应为 2026-11-01' }).refine(realDate, '开始日期格式应为 2026-11-01').optional(),
  to: z.string({ error: '结束日期格式应为 2026-11-30' }).refine(realDate, '结束日期格式应为 2026-11-30').optional(),
};

type PeriodInput = { month?: string | undefined; from?: string | undefined; to?: string | undefined };
function checkPeriod(value: PeriodInput, ctx: z.RefinementCtx): void {
  if (value.month !== undefined) {
    if (value.from !== undefined || value.to !== undefined) ctx.addIssue({ code: 'custom', path: ['month'], message: '请选择月份或起止日期之一' });
    return;
  }
  if (value.from === undefined) ctx.addIssue({ code: 'custom', path: ['from'], message: '请选择月份，或填写开始日期' });
  if (value.to === undefined) ctx.addIssue({ code: 'custom', path: ['to'], message: '请选择月份，或填写结束日期' });
  if (value.from !== undefined && value.to !== undefined && realDate(value.from) && realDate(value.to)) {
    if (value.from > value.to) ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期' });
    else if ((Date.parse(value.to) - Date.parse(value.from)) / 86_400_000 > 366) ctx.addIssue({ code: 'custom', path: ['to'], message: '期间最长 366 天' });
  }
}

const reportList = z
  .array(z.enum(MEDINS_REPORT_CODES, { error: '报表须为 3501–3506' }), { error: '请选择报表' })
  .min(1, '至少选择一张报表')
  .max(6)
  .default([...MEDINS_REPORT_CODES]);

const unitRow = z.object({ unitId: id, code: z.string(), name: z.string(), insuranceCode: z.string(), isLead: z.boolean() });

export const medinsUnits = defineOperation({
  name: 'medins.units',
  title: '查看医保定点单位',
  access: { permission: 'medins.read' },
  mutates: false,
  scope: { units: { output: [{ rows: 'units', unit: 'unitId' }] } },
  input: z.object({}).default({}),
  output: z.object({ units: z.array(unitRow) }),
});

export const medinsField = z.object({
  name: z.string(),
  label: z.string(),
  type: z.enum(['text', 'number', 'date', 'datetime', 'list']),
  required: z.boolean(),
});

export const medinsSource = z.object({
  documentId: id.nullable(),
  documentNumber: z.string(),
  documentType: z.string(),
  lineNo: z.number().int().nullable(),
  moveId: id.nullable(),
});

export const medinsUnreportable = medinsSource.extend({
  report: z.enum(MEDINS_REPORT_CODES),
  itemCode: z.string(),
  itemName: z.string(),
  field: z.string(),
  label: z.string(),
  reason: z.string(),
});
export type MedinsUnreportableRow = z.infer<typeof medinsUnreportable>;

export const medinsRecordRow = medinsSource.extend({
  /** Field name → text; drugtracinfo as the codes joined by 、. */
  values: z.record(z.string(), z.string()),
  traceCodeCount: z.number().int(),
});

export const medinsReport = defineOperation({
  name: 'medins.report',
  title: '查看医保进销存上报数据',
  access: { permission: 'medins.read' },
  mutates: false,
  scope: { units: { input: [{ path: 'unitId', record: 'unit' }], output: [{ rows: 'unit', unit: 'unitId' }] } },
  input: z
    .object({
      unitId: id,
      ...period,
      reports: reportList,
      /** The report whose records are paged (the tab shown). */
      report: z.enum(MEDINS_REPORT_CODES, { error: '报表须为 3501–3506' }).default('3501'),
      page: z.number().int().min(1, '页码从 1 开始').default(1),
      pageSize: z.number().int().min(1).max(500, '每页最多 500 条').default(50),
    })
    .superRefine(checkPeriod),
  output: z.object({
    unit: unitRow,
    period: z.object({ from: z.string(), to: z.string(), label: z.string() }),
    inventoryBasis: z.enum(['stocktake', 'opening']),
    counts: z.array(z.object({ report: z.enum(MEDINS_REPORT_CODES), title: z.string(), node: z.string(), records: z.number().int(), unreportable: z.number().int() })),
    report: z.enum(MEDINS_REPORT_CODES),
    fields: z.array(medinsField),
    records: z.array(medinsRecordRow),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    /** Every row of the chosen reports that cannot be reported, with the field and the reason. */
    unreportable: z.array(medinsUnreportable),
    note: z.array(z.string()),
  }),
});

export const medinsExport = defineOperation({
  name: 'medins.export',
  title: '导出医保进销存上报文件',
  access: { permission: 'medins.read' },
  mutates: false,
  scope: { units: { input: [{ path: 'unitId', record: 'unit' }] } },
  input: z
    .object({
      unitId: id,
      ...period,
      /** json: the records of `report`; xlsx: one sheet per report of `reports`. */
      format: z.enum(['json', 'xlsx'], { error: '文件格式须为 json 或 xlsx' }),
      report: z.enum(MEDINS_REPORT_CODES, { error: '报表须为 3501–3506' }).default('3502'),
      reports: reportList,
      /** Write the reportable rows and leave out the rest (they are listed in the answer); otherwise any refuses the export. */
      skipUnreportable: z.boolean().default(false),
    })
    .superRefine(checkPeriod),
  output: z.object({
    fileName: z.string(),
    mimeType: z.string(),
    contentBase64: z.string(),
    records: z.number().int(),
    /** Rows left out (only with skipUnreportable). */
    skipped: z.array(medinsUnreportable),
  }),
});

export const medinsOperations = [medinsUnits, medinsReport, medinsExport] as const;

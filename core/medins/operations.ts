import type { MedinsReportCode } from '../api/medins.js';
import { DomainError } from '../errors.js';
import type { HandlerMap } from '../handler.js';
import { assertUnitAccess } from '../scope.js';
import { buildMedinsReports, medinsUnits, type MedinsBuild, type MedinsUnit, type Unreportable } from './build.js';
import { exportNote, reportFileName, reportJson, reportsXlsx, workbookFileName } from './export.js';
import { MEDINS_SPECS, hubFields } from './fields.js';
import { periodOf } from './period.js';

/** 医保进销存上报 3501–3506: read-only views and files built from the stock ledger (core/medins/build.ts). */
type MedinsOps = 'medins.units' | 'medins.report' | 'medins.export';

const unitRow = (u: MedinsUnit) => ({ unitId: u.id, code: u.code, name: u.name, insuranceCode: u.insuranceCode, isLead: u.isLead });

/** The refusal of an export while rows cannot be reported: every reason, before anything is written. */
export function unreportableError(rows: readonly Unreportable[]): DomainError {
  const shown = rows.slice(0, 20).map((u) => `${u.report} ${u.documentNumber}${u.lineNo === null ? '' : ` 第${u.lineNo}行`}：${u.reason}`);
  return new DomainError(
    'VALIDATION',
    `有 ${rows.length} 行不能上报，未导出：${shown.join('；')}${rows.length > shown.length ? ' …' : ''}`,
    rows.slice(0, 200).map((u) => ({ path: `${u.report}.${u.documentNumber}${u.lineNo === null ? '' : `.${u.lineNo}`}.${u.field}`, message: u.reason })),
  );
}

interface ExportFile {
  fileName: string;
  mimeType: string;
  contentBase64: string;
  records: number;
  skipped: Unreportable[];
}

export const medinsHandlers: HandlerMap<MedinsOps> = {
  'medins.units': (ctx) => ({ units: medinsUnits(ctx.db, ctx.scope.units).map(unitRow) }),

  'medins.report': (ctx, input) => {
    assertUnitAccess(ctx.scope, input.unitId);
    const reports = input.reports as MedinsReportCode[];
    const period = periodOf(input);
    const report = reports.includes(input.report) ? input.report : reports[0]!;
    const offset = (input.page - 1) * input.pageSize;
    const build = buildMedinsReports(ctx.db, input.unitId, period, reports, { report, offset, limit: input.pageSize });
    return {
      unit: unitRow(build.unit),
      period: { from: period.from, to: period.to, label: period.label },
      inventoryBasis: build.inventoryBasis,
      counts: reports.map((r) => ({
        report: r,
        title: MEDINS_SPECS[r].title,
        node: MEDINS_SPECS[r].node,
        records: build.counts[r],
        unreportable: build.unreportable.filter((u) => u.report === r).length,
      })),
      report,
      fields: hubFields(report).map((f) => ({ name: f.name, label: f.label, type: f.type, required: f.required })),
      records: build.records[report].map((r) => {
        const values: Record<string, string> = {};
        let traceCodeCount = 0;
        for (const [k, v] of Object.entries(r.data)) {
          if (Array.isArray(v)) {
            traceCodeCount = v.length;
            values[k] = v.map((x) => x.drug_trac_codg).join('、');
          } else values[k] = v;
        }
        return { ...r.source, values, traceCodeCount };
      }),
      total: build.counts[report],
      page: input.page,
      pageSize: input.pageSize,
      unreportable: build.unreportable,
      note: exportNote(build),
    };
  },

  // Read-only: the period is read in one snapshot, and the xlsx (exceljs is asynchronous) written before the
  // registry's transaction, which only hands the file back.
  'medins.export': {
    async prepare(ctx, input): Promise<ExportFile> {
      assertUnitAccess(ctx.scope, input.unitId);
      const reports = input.format === 'json' ? [input.report] : (input.reports as MedinsReportCode[]);
      const build: MedinsBuild = ctx.db.$client.transaction(() => buildMedinsReports(ctx.db, input.unitId, periodOf(input), reports))();
      const skipped = build.unreportable;
      if (skipped.length > 0 && !input.skipUnreportable) throw unreportableError(skipped);
      if (input.format === 'json') {
        return {
          fileName: reportFileName(input.report, build),
          mimeType: 'application/json; charset=utf-8',
          contentBase64: reportJson(build, input.report).toString('base64'),
          records: build.records[input.report].length,
          skipped,
        };
      }
      const content = await reportsXlsx(build, reports);
      return {
        fileName: workbookFileName(build),
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        contentBase64: content.toString('base64'),
        records: reports.reduce((n, r) => n + build.records[r].length, 0),
        skipped,
      };
    },
    run: (_ctx, _input, file: ExportFile) => file,
  },
};

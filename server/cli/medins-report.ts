import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MEDINS_REPORT_CODES, type MedinsReportCode } from '../../core/api/medins.js';
import { buildMedinsReports, type MedinsBuild } from '../../core/medins/build.js';
import { reportFileName, reportJson, reportsXlsx, workbookFileName } from '../../core/medins/export.js';
import { periodOf } from '../../core/medins/period.js';
import { DomainError } from '../../core/errors.js';
import { prepared } from '../../db/statements.js';
import { openExisting } from './database.js';
import type { CliIo, ExitCode } from './io.js';

export const MEDINS_USAGE = `  medins report --unit 单位编码 (--month 2026-11 | --from YYYY-MM-DD --to YYYY-MM-DD) --data 数据目录 --out 目录
                [--reports 3501,3502,…] [--skip-unreportable]
                                          生成该单位医保进销存 3501–3506 上报文件（每张报表一个 JSON，另加一个 xlsx），输出 JSON 摘要；
                                          有不能上报的行且未加 --skip-unreportable 时不写文件（退出码 2）并列出原因`;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Nothing written: the reasons on stderr, a JSON summary on stdout, exit 2. */
function refuse(io: CliIo, reasons: string[], extra: Record<string, unknown> = {}): ExitCode {
  for (const reason of reasons) io.err(reason);
  io.out(JSON.stringify({ written: false, reasons, ...extra }, null, 2));
  return 2;
}

/**
 * `medins report`: for a 定点 unit and a month (or date range), writes `3501-<unit>-<period>.json` … one file per
 * report (an array of `{infno, input: {<node>: {...}}}`), and `医保进销存-<unit>-<period>.xlsx` for review. The
 * period is read in one snapshot; rows that cannot be reported refuse the whole export unless --skip-unreportable.
 */
export async function medinsReportCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const sub = args[0];
  if (sub !== 'report') return refuse(io, [`未知的 medins 子命令：${sub ?? '（无）'}`, MEDINS_USAGE]);
  let values: { unit?: string; month?: string; from?: string; to?: string; data?: string; out?: string; reports?: string; 'skip-unreportable'?: boolean };
  try {
    values = parseArgs({
      args: args.slice(1),
      options: {
        unit: { type: 'string' },
        month: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        data: { type: 'string' },
        out: { type: 'string' },
        reports: { type: 'string' },
        'skip-unreportable': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return refuse(io, [`参数有误：${(error as Error).message}`, MEDINS_USAGE]);
  }
  const problems: string[] = [];
  if (!values.unit) problems.push('缺少 --unit 单位编码');
  if (!values.data) problems.push('缺少 --data 数据目录');
  if (!values.out) problems.push('缺少 --out 输出目录');
  if (values.month !== undefined) {
    if (!MONTH.test(values.month)) problems.push('--month 格式应为 2026-11');
    if (values.from !== undefined || values.to !== undefined) problems.push('--month 与 --from/--to 只能选一种');
  } else if (values.from === undefined || values.to === undefined) problems.push('缺少 --month，或 --from 与 --to');
  else if (!DATE.test(values.from) || !DATE.test(values.to)) problems.push('--from/--to 格式应为 YYYY-MM-DD');
  else if (values.from > values.to) problems.push('--to 不能早于 --from');
  const reports = (values.reports ?? MEDINS_REPORT_CODES.join(',')).split(',').map((r) => r.trim()) as MedinsReportCode[];
  const unknown = reports.filter((r) => !MEDINS_REPORT_CODES.includes(r));
  if (unknown.length) problems.push(`未知的报表：${unknown.join('、')}（可选 ${MEDINS_REPORT_CODES.join('、')}）`);
  if (problems.length) return refuse(io, problems);

  const db = openExisting(values.data!, { readonly: true });
  try {
    const unit = prepared(db.$client, 'SELECT id FROM units WHERE code = ?').get(values.unit) as { id: number } | undefined;
    if (!unit) return refuse(io, [`单位编码 ${values.unit} 不存在`]);
    const period = periodOf(values.month !== undefined ? { month: values.month } : { from: values.from, to: values.to });
    let build: MedinsBuild;
    try {
      build = db.$client.transaction(() => buildMedinsReports(db, unit.id, period, reports))();
    } catch (error) {
      if (error instanceof DomainError) return refuse(io, [error.message]);
      throw error;
    }
    const skipped = build.unreportable.map((u) => ({
      report: u.report,
      document: u.documentNumber,
      line: u.lineNo,
      item: `${u.itemCode} ${u.itemName}`,
      field: u.field,
      reason: u.reason,
    }));
    if (skipped.length > 0 && !values['skip-unreportable']) {
      return refuse(io, [`有 ${skipped.length} 行不能上报，未写入任何文件（加 --skip-unreportable 则只写可上报的行）：`, ...skipped.map((s) => `  ${s.report} ${s.document}${s.line === null ? '' : ` 第${s.line}行`}：${s.reason}`)], {
        unit: values.unit,
        period: period.label,
        unreportable: skipped,
      });
    }
    mkdirSync(values.out!, { recursive: true });
    const files = reports.map((report) => {
      const file = join(values.out!, reportFileName(report, build));
      writeFileSync(file, reportJson(build, report));
      return { report, file, records: build.records[report].length };
    });
    const xlsx = join(values.out!, workbookFileName(build));
    writeFileSync(xlsx, await reportsXlsx(build, reports));
    io.out(
      JSON.stringify(
        {
          written: true,
          unit: { code: build.unit.code, name: build.unit.name, insuranceCode: build.unit.insuranceCode },
          period: { from: period.from, to: period.to },
          inventoryBasis: build.inventoryBasis,
          files,
          xlsx,
          skipped,
        },
        null,
        2,
      ),
    );
    return 0;
  } finally {
    db.$client.close();
  }
}

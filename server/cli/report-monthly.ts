import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CliError, openExisting } from './database.js';
import type { CliIo, ExitCode } from './io.js';
import { cliCall } from './system-call.js';

/**
 * `report monthly --month 2026-11 --data DIR --out FILE.xlsx`: the month's 月报 workbook (report.monthlyExport, as the
 * hub's system actor), for a scheduled job on the hub's server. Prints a JSON summary (the file, its sheets, the
 * community's headline figures) and exits 0; exits 2 with the reasons when nothing was written.
 */
export async function reportCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const refuse = (...reasons: string[]): ExitCode => {
    io.err(JSON.stringify({ written: false, reasons }));
    return 2;
  };
  const [sub, ...rest] = args;
  if (sub !== 'monthly') return refuse(`未知的 report 子命令：${sub ?? '（无）'}（可用：monthly）`);
  let values: { month?: string; data?: string; out?: string };
  try {
    values = parseArgs({ args: rest, options: { month: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' } }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    return refuse(`参数有误：${(error as Error).message}`);
  }
  const missing = (['month', 'data', 'out'] as const).filter((k) => !values[k]).map((k) => `缺少 --${k}`);
  if (missing.length > 0) return refuse(...missing);
  let db;
  try {
    db = openExisting(values.data!);
  } catch (error) {
    return refuse((error as Error).message);
  }
  try {
    const file = await cliCall(db, 'report.monthlyExport', { month: values.month! });
    const report = await cliCall(db, 'report.monthly', { month: values.month! });
    writeFileSync(values.out!, Buffer.from(file.contentBase64, 'base64'));
    const c = report.community;
    io.out(
      JSON.stringify({
        written: true,
        month: report.month,
        file: values.out,
        sheets: file.sheets,
        units: file.unitCount,
        community: c && {
          inflowMicro: c.inflowMicro,
          formularyShareBp: c.formularyShareBp,
          essentialAmountShareBp: c.essentialAmountShareBp,
          platformShareBp: c.platformShareBp,
          vbpCompletionBp: c.vbpCompletionBp,
          nearExpiryMicro: c.nearExpiryMicro,
          expiredMicro: c.expiredMicro,
          turnoverDays: c.turnoverDays,
        },
        payments: report.payments,
      }),
    );
    return 0;
  } catch (error) {
    if (error instanceof CliError) return refuse(...error.message.split('\n').map((l) => l.trim()));
    return refuse(`写入失败：${(error as Error).message}`);
  } finally {
    db.$client.close();
  }
}

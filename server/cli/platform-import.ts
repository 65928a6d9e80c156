import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { PLATFORM_IMPORT_MAX_BYTES, type PlatformImportExchange, type PlatformImportPreview } from '../../core/api/platform-imports.js';
import { CliError, openExisting } from './database.js';
import type { CliIo, ExitCode } from './io.js';
import { cliCall } from './system-call.js';

export const PLATFORM_IMPORT_USAGE = `  platform import shipments|catalogue|order-feedback|settlements 文件 --profile 配置代号 --data 数据目录 [--dry-run]
                                          按平台配置导入平台文件（配送明细生成入库验收单草稿），输出 JSON 摘要；
                                          有被拒绝的行时不写入任何数据，退出码 2 并列出行、列和原因`;

const KINDS: Record<string, PlatformImportExchange> = {
  shipments: 'shipments_in',
  catalogue: 'catalogue_in',
  'order-feedback': 'order_feedback_in',
  settlements: 'settlements_in',
};

const summaryOf = (p: PlatformImportPreview) => ({
  profile: p.profile,
  exchange: p.exchange,
  fileName: p.fileName,
  rowCount: p.rowCount,
  changes: p.changes.length,
  unchanged: p.unchanged,
  counts: p.counts,
});

const reasonsOf = (p: PlatformImportPreview) => p.rejected.map((r) => ({ row: r.row, column: r.column, message: r.message }));

/**
 * `platform import KIND FILE --profile NAME --data DIR [--dry-run]`: the same registered operations as the
 * platform import page (platformImport.preview, then platformImport.commit), as the hub's system actor. Prints a
 * JSON summary and exits 0 (a dry run writes nothing); exits 2 with every rejected row (row, column, reason) when
 * nothing was written.
 */
export async function platformImportCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const refuse = (reasons: unknown[], extra: object = {}): ExitCode => {
    io.err(JSON.stringify({ written: false, ...extra, reasons }));
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { profile: { type: 'string' }, data: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    return refuse([`参数有误：${(error as Error).message}`]);
  }
  const { values, positionals } = parsed;
  const [kind, file, ...extra] = positionals;
  const exchange = kind ? KINDS[kind] : undefined;
  if (!exchange) return refuse([`未知的导入文件：${kind ?? '（无）'}（可用：${Object.keys(KINDS).join('、')}）`]);
  const missing = [...(file ? [] : ['缺少文件']), ...(['profile', 'data'] as const).filter((k) => !values[k]).map((k) => `缺少 --${k}`)];
  if (extra.length > 0) missing.push(`多余的参数：${extra.join(' ')}`);
  if (missing.length > 0) return refuse(missing);
  let content: Buffer;
  try {
    if (statSync(file!).size > PLATFORM_IMPORT_MAX_BYTES) return refuse([`文件不能超过 ${PLATFORM_IMPORT_MAX_BYTES / 1024 / 1024} MB`]);
    content = readFileSync(file!);
  } catch (error) {
    return refuse([`无法读取文件 ${file}：${(error as Error).message}`]);
  }
  let db;
  try {
    db = openExisting(values.data!);
  } catch (error) {
    return refuse([(error as Error).message]);
  }
  try {
    const input = { profile: values.profile!, exchange, fileName: basename(file!), contentBase64: content.toString('base64') };
    const preview = await cliCall(db, 'platformImport.preview', input);
    if (preview.rejected.length > 0) return refuse(reasonsOf(preview), { summary: summaryOf(preview) });
    if (values['dry-run']) {
      io.out(JSON.stringify({ written: false, dryRun: true, summary: summaryOf(preview), changes: preview.changes }));
      return 0;
    }
    // The commit plans again inside its transaction, so what is written is what the database holds then.
    const done = await cliCall(db, 'platformImport.commit', input);
    io.out(JSON.stringify({ written: true, exchangeId: done.exchangeId, summary: summaryOf(done), documents: done.documents }));
    return 0;
  } catch (error) {
    if (error instanceof CliError) return refuse(error.message.split('\n').map((l) => l.trim()));
    throw error;
  } finally {
    db.$client.close();
  }
}

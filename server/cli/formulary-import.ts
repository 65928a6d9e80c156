import { parseArgs } from 'node:util';
import type { OpOutput } from '../../core/api/index.js';
import { resolveMapping } from '../../core/imports/mappings.js';
import type { Db } from '../../db/open.js';
import { attachmentOf, UsageError } from './dictionary.js';
import { CliError, openExisting } from './database.js';
import type { CliIo, ExitCode } from './io.js';
import { cliCall } from './system-call.js';

const USAGE =
  '用法：formulary import 文件 --mapping 映射名称 --data 数据目录 --resolution 药事会决议号 --resolution-date YYYY-MM-DD [--dry-run] [--skip-rejected] [--reason 导入说明]';

type Source = { uploadId: number; sheet: string; headerRow: number; mapping: Record<string, number> };

/** The first sheet whose header row has every column the saved mapping names, as the import's source. */
async function sourceFor(db: Db, uploadId: number, mappingName: string): Promise<Source> {
  const { mappings } = await cliCall(db, 'importMapping.list', {});
  const saved = mappings.find((m) => m.name === mappingName);
  if (!saved) throw new CliError(`导入映射“${mappingName}”不存在`);
  const { sheets } = await cliCall(db, 'formularyImport.inspect', { uploadId });
  let firstProblem: unknown = null;
  for (const sheet of sheets) {
    const headerRow = saved.headerRow ?? sheet.headerRow;
    try {
      return { uploadId, sheet: sheet.name, headerRow, mapping: resolveMapping(saved.mapping, sheet.preview[headerRow - 1] ?? []) };
    } catch (error) {
      firstProblem ??= error;
    }
  }
  if (firstProblem instanceof Error) throw new CliError(firstProblem.message);
  throw new CliError('文件中没有工作表');
}

/**
 * `formulary import FILE --mapping NAME --data DIR --resolution NO --resolution-date YYYY-MM-DD [--dry-run] [--skip-rejected]`:
 * the same registered
 * operations as the import wizard (upload, inspect, preview, commit), run as the system actor `命令行 (cli)`.
 * Prints the preview as JSON; exit 0 on commit or dry run, 2 when rows were rejected and nothing was committed.
 */
export async function formularyImportCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      mapping: { type: 'string' },
      reason: { type: 'string' },
      resolution: { type: 'string' },
      'resolution-date': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'skip-rejected': { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const [sub, file, ...extra] = positionals;
  if (sub !== 'import' || !file || extra.length > 0 || !values.data || !values.mapping) throw new UsageError(USAGE);
  // The import is recorded as one batch 目录变更申请 under the 药事会 resolution that adopted the file.
  if (!values['dry-run'] && (!values.resolution || !values['resolution-date'])) {
    throw new UsageError(`导入目录须注明药事会决议：--resolution 决议号 --resolution-date YYYY-MM-DD\n${USAGE}`);
  }
  const attachment = attachmentOf(file);
  const db = openExisting(values.data);
  try {
    const report = (p: Pick<OpOutput<'formularyImport.preview'>, 'new' | 'changed' | 'unchanged' | 'rejected'>) =>
      io.out(JSON.stringify({ new: p.new, changed: p.changed, unchanged: p.unchanged, rejected: p.rejected }));
    const { uploadId } = await cliCall(db, 'formularyImport.upload', {}, { attachment });
    const source = await sourceFor(db, uploadId, values.mapping);
    const preview = await cliCall(db, 'formularyImport.preview', source);
    if (values['dry-run']) {
      report(preview);
      return 0;
    }
    if (preview.rejected.length > 0 && !values['skip-rejected']) {
      report(preview);
      io.err(`有 ${preview.rejected.length} 处被拒绝，未提交任何数据（可加 --skip-rejected 跳过被拒绝的行）`);
      return 2;
    }
    // The commit plans again inside its transaction, so what is committed is what the database holds then.
    const result = await cliCall(db, 'formularyImport.commit', {
      ...source,
      skipRejected: values['skip-rejected'],
      reason: values.reason ?? '命令行导入',
      resolutionNo: values.resolution ?? '',
      resolutionDate: values['resolution-date'] ?? '',
    });
    report(result);
    io.err(result.version === null ? '没有需要提交的变更' : `已提交为目录第 ${result.version} 版（目录变更申请 ${result.requestNumber}）`);
    return 0;
  } finally {
    db.$client.close();
  }
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CLI_ACTOR } from '../../core/imports/actor.js';
import { checkColumns, commitImport, planImport, type ImportSheet } from '../../core/imports/formulary.js';
import { getMapping, resolveMapping } from '../../core/imports/mappings.js';
import { runAsSystem } from '../../core/imports/system-context.js';
import { detectHeaderRow, readTable, type Table } from '../../core/imports/table.js';
import { DomainError } from '../../core/errors.js';
import { communityDate } from '../../core/formulary/prices.js';
import type { Db } from '../../db/open.js';
import { UsageError } from './dictionary.js';
import { CliError, openExisting } from './database.js';
import type { CliIo, ExitCode } from './io.js';

const USAGE = '用法：formulary import 文件 --mapping 映射名称 --data 数据目录 [--dry-run] [--skip-rejected] [--reason 导入说明]';

/** The first sheet whose header row has every column the saved mapping names. */
function sheetFor(table: Table, saved: { headerRow: number | null; mapping: Record<string, string> }): ImportSheet {
  let firstProblem: unknown = null;
  for (const sheet of table.sheets) {
    const headerRow = saved.headerRow ?? detectHeaderRow(sheet.rows);
    try {
      const columns = checkColumns(resolveMapping(saved.mapping, sheet.rows[headerRow - 1] ?? []));
      return { rows: sheet.rows, headerRow, columns };
    } catch (error) {
      firstProblem ??= error;
    }
  }
  throw firstProblem instanceof Error ? firstProblem : new CliError('文件中没有工作表');
}

function plan(db: Db, sheet: ImportSheet) {
  return planImport(db, sheet, communityDate(new Date()));
}

/**
 * `formulary import FILE --mapping NAME --data DIR [--dry-run] [--skip-rejected]`: prints the preview as
 * JSON; commits in one transaction unless it is a dry run or rows were rejected without --skip-rejected.
 * Exit 0 on commit or dry run, 2 when rows were rejected and nothing was committed.
 */
export async function formularyImportCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      mapping: { type: 'string' },
      reason: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'skip-rejected': { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const [sub, file, ...extra] = positionals;
  if (sub !== 'import' || !file || extra.length > 0 || !values.data || !values.mapping) throw new UsageError(USAGE);
  const filename = path.basename(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new CliError(`无法读取文件：${file}`);
  }
  const db = openExisting(values.data);
  try {
    const table = await readTable(bytes, filename);
    const sheet = sheetFor(table, getMapping(db, values.mapping));
    const report = (p: { new: number; changed: number; unchanged: number; rejected: unknown[] }) =>
      io.out(JSON.stringify({ new: p.new, changed: p.changed, unchanged: p.unchanged, rejected: p.rejected }));

    const preview = plan(db, sheet).preview;
    if (values['dry-run']) {
      report(preview);
      return 0;
    }
    if (preview.rejected.length > 0 && !values['skip-rejected']) {
      report(preview);
      io.err(`有 ${preview.rejected.length} 处被拒绝，未提交任何数据（可加 --skip-rejected 跳过被拒绝的行）`);
      return 2;
    }
    // The plan is rebuilt inside the write transaction, so what is committed is what the database holds now.
    const result = runAsSystem(db, CLI_ACTOR, 'formularyImport.commit', (ctx) => {
      const built = plan(db, sheet);
      return { preview: built.preview, ...commitImport(ctx, built, { filename, reason: values.reason ?? '命令行导入', skipRejected: values['skip-rejected'], target: `file:${filename}` }) };
    });
    report(result.preview);
    io.err(result.version === null ? '没有需要提交的变更' : `已提交为目录第 ${result.version} 版`);
    return 0;
  } catch (error) {
    if (error instanceof DomainError) throw new CliError([error.message, ...(error.fields ?? []).map((f) => `  ${f.path}：${f.message}`)].join('\n'));
    throw error;
  } finally {
    db.$client.close();
  }
}

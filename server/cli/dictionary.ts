import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CliError, openExisting } from './database.js';
import type { CliIo, ExitCode } from './io.js';
import { cliCall } from './system-call.js';

/**
 * `dictionary import FILE --data DIR [--edition NAME]`: progress on stderr, the summary as JSON on stdout.
 * Runs the registered operation `dictionary.import` as the system actor `命令行 (cli)`: whoever can run the
 * hub's console administers it.
 */
export async function dictionaryCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseArgs({ args, options: { data: { type: 'string' }, edition: { type: 'string' } }, allowPositionals: true, strict: true });
  const [sub, file, ...extra] = positionals;
  if (sub !== 'import' || !file || extra.length > 0 || !values.data) throw new UsageError('用法：dictionary import 文件.xlsx --data 数据目录 [--edition 版本名称]');
  const attachment = attachmentOf(file);
  const db = openExisting(values.data);
  try {
    const result = await cliCall(db, 'dictionary.import', values.edition ? { edition: values.edition } : {}, {
      attachment,
      onProgress: (p) => io.err(p.stage === 'read' ? `已读取 ${String(p.rows)} 行` : `正在写入 ${String(p.rows)} 行…`),
    });
    io.err(`导入完成：新增 ${result.added}，变更 ${result.changed}，未变 ${result.unchanged}，不再收录 ${result.gone}，拒绝 ${result.rejected.length}`);
    io.out(JSON.stringify(result));
    return 0;
  } finally {
    db.$client.close();
  }
}

/** A file named on the command line, as the attachment of an upload operation. */
export function attachmentOf(file: string): { path: string; filename: string; size: number } {
  try {
    return { path: path.resolve(file), filename: path.basename(file), size: statSync(file).size };
  } catch {
    throw new CliError(`无法读取文件：${file}`);
  }
}

/** Wrong arguments: the caller prints usage and exits 2. */
export class UsageError extends CliError {
  override name = 'UsageError';
}

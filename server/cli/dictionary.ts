import path from 'node:path';
import { parseArgs } from 'node:util';
import { importDictionary } from '../../core/dictionary/import.js';
import { CLI_ACTOR } from '../../core/imports/actor.js';
import { CliError, openExisting } from './database.js';
import type { CliIo, ExitCode } from './io.js';

/**
 * `dictionary import FILE --data DIR [--edition NAME]`: progress on stderr, the summary as JSON on stdout.
 * Runs as the system actor 'cli': whoever can run the hub's console administers it.
 */
export async function dictionaryCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseArgs({ args, options: { data: { type: 'string' }, edition: { type: 'string' } }, allowPositionals: true, strict: true });
  const [sub, file, ...extra] = positionals;
  if (sub !== 'import' || !file || extra.length > 0 || !values.data) throw new UsageError('用法：dictionary import 文件.xlsx --data 数据目录 [--edition 版本名称]');
  const db = openExisting(values.data);
  try {
    const result = await importDictionary(db, CLI_ACTOR, path.resolve(file), {
      filename: path.basename(file),
      edition: values.edition,
      onProgress: (p) => io.err(p.stage === 'read' ? `已读取 ${p.rows} 行` : `正在写入 ${p.rows} 行…`),
    });
    io.err(`导入完成：新增 ${result.added}，变更 ${result.changed}，未变 ${result.unchanged}，不再收录 ${result.gone}，拒绝 ${result.rejected.length}`);
    io.out(JSON.stringify(result));
    return 0;
  } finally {
    db.$client.close();
  }
}

/** Wrong arguments: the caller prints usage and exits 2. */
export class UsageError extends CliError {
  override name = 'UsageError';
}

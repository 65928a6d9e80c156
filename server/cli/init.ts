import { databasePath } from '../hub.js';
import { openMigrated } from './database.js';
import type { CliIo, ExitCode } from './io.js';

/** `init --data DIR`: an empty database at this build's schema; an existing one is brought up to date. */
export function initCommand(dataDir: string, io: CliIo): ExitCode {
  const { db, created, applied, schema } = openMigrated(dataDir);
  db.$client.close();
  const file = databasePath(dataDir);
  if (created) io.out(`已创建数据库：${file}（结构版本 ${schema}）`);
  else if (applied.length > 0) io.out(`数据库已升级：${file}（新应用 ${applied.length} 个迁移，结构版本 ${schema}）`);
  else io.out(`数据库已存在且为最新结构：${file}（结构版本 ${schema}）`);
  return 0;
}

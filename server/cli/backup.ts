import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { CliError, openExisting } from './database.js';
import type { CliIo, ExitCode } from './io.js';

/**
 * `backup --data DIR --out FILE`: SQLite's online backup, page by page, consistent while the hub keeps
 * writing (WAL). The copy is switched to a rollback journal so it is one self-contained file, then checked.
 */
export async function backupCommand(dataDir: string, outFile: string, io: CliIo): Promise<ExitCode> {
  if (existsSync(outFile)) throw new CliError(`目标文件已存在，不会覆盖：${outFile}`);
  const db = openExisting(dataDir, { readonly: true });
  try {
    await db.$client.backup(outFile);
  } finally {
    db.$client.close();
  }

  const copy = new Database(outFile);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }

  const check = new Database(outFile, { readonly: true, fileMustExist: true });
  try {
    const rows = check.pragma('integrity_check') as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (problems.length > 0) {
      io.err(`备份文件完整性检查未通过：${outFile}`);
      for (const p of problems.slice(0, 10)) io.err(`  ${p}`);
      return 1;
    }
    const audit = check.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number };
    io.out(`备份完成：${outFile}（${statSync(outFile).size} 字节，审计记录 ${audit.n} 条），完整性检查通过。`);
    return 0;
  } finally {
    check.close();
  }
}

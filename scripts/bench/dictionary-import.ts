/**
 * Dictionary import benchmark: a generated 270,000-row 总表 workbook, imported in full, against the raw
 * limits measured in the same run — (a) exceljs's streaming reader alone over the same file, (b) a bare
 * prepared better-sqlite3 insert of the same rows in one transaction. Target: c / (a + b) ≤ 1.5.
 *
 *   npx tsx scripts/bench/dictionary-import.ts [ROWS]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { OpOutput } from '../../core/api/index.js';
import { executeOperation } from '../../core/registry.js';
import { systemActor } from '../../core/system-actor.js';
import { migrate } from '../../db/migrate.js';
import { openDatabase, type Db } from '../../db/open.js';
import { DICTIONARY_COLUMNS } from '../../core/api/dictionary.js';
import { dictionaryRow, generatedRows, writeDictionaryXlsx } from './make-dictionary-xlsx.js';

const ROWS = Number(process.argv[2] ?? 270_000);
const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-bench-dict-'));
const seconds = (ms: number) => Number((ms / 1000).toFixed(2));

function freshDb(name: string): Db {
  const db = openDatabase(path.join(dir, `${name}.db`));
  migrate(db.$client);
  return db;
}

async function time(work: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

try {
  const file = path.join(dir, '医保药品分类与代码数据库.xlsx');
  const generateMs = await time(() => writeDictionaryXlsx(file, generatedRows(ROWS)));
  console.error(`generated ${ROWS} rows, ${(statSync(file).size / 1e6).toFixed(1)} MB, in ${seconds(generateMs)} s`);

  // (a) the streaming reader alone: every row's values touched, nothing else.
  let readRows = 0;
  const readMs = await time(async () => {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore' });
    for await (const sheet of reader) for await (const row of sheet) if ((row.values as unknown[]).length > 0) readRows++;
  });
  console.error(`(a) read ${readRows} rows in ${seconds(readMs)} s`);

  // (b) a bare prepared insert of the same rows, as text, in one transaction.
  const rows = Array.from({ length: ROWS }, (_, i) => dictionaryRow(i).map(String));
  const bare = freshDb('bare');
  const columns = DICTIONARY_COLUMNS.map(([key]) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
  const insert = bare.$client.prepare(
    `INSERT INTO dictionary_entries (${columns.join(', ')}, present, edition, updated_at) VALUES (${columns.map(() => '?').join(', ')}, 1, ?, ?)`,
  );
  const at = new Date().toISOString();
  const insertMs = await time(() => bare.$client.transaction(() => rows.forEach((r) => insert.run(...r, 'bench', at))).immediate());
  bare.$client.close();
  console.error(`(b) inserted ${ROWS} rows in ${seconds(insertMs)} s`);

  // (c) the real import into a fresh migrated database.
  const db = freshDb('import');
  let result: OpOutput<'dictionary.import'> | null = null;
  const attachment = { path: file, filename: path.basename(file), size: statSync(file).size };
  const importMs = await time(async () => {
    const call = await executeOperation(db, 'dictionary.import', {}, { system: systemActor('cli'), attachment });
    if (!call.ok) throw new Error(call.error.message);
    result = call.output as OpOutput<'dictionary.import'>;
  });
  db.$client.close();
  const r = result as unknown as OpOutput<'dictionary.import'>;
  console.error(`(c) import: added ${r.added}, rejected ${r.rejected.length}, in ${seconds(importMs)} s`);

  const ratio = importMs / (readMs + insertMs);
  console.table([
    { step: '(a) exceljs streaming read', seconds: seconds(readMs) },
    { step: '(b) bare prepared insert, one transaction', seconds: seconds(insertMs) },
    { step: '(c) importDictionary, fresh database', seconds: seconds(importMs) },
    { step: 'ratio c / (a + b)  (target ≤ 1.5)', seconds: Number(ratio.toFixed(3)) },
  ]);
  console.log(JSON.stringify({ rows: ROWS, readSeconds: seconds(readMs), insertSeconds: seconds(insertMs), importSeconds: seconds(importMs), ratio: Number(ratio.toFixed(3)), target: 1.5, ok: ratio <= 1.5 }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

import path from 'node:path';
import type { OperationContext } from '../context.js';
import { DomainError } from '../errors.js';
import { codeProblem, DICTIONARY_FIELDS, isDictionaryHeader, mapDictionaryHeader } from './columns.js';
import { streamDictionaryRows } from './read.js';
import { invalidateSearch } from '../search/index.js';

export type DictionaryProgress = { stage: 'read'; rows: number } | { stage: 'write'; rows: number };
export interface DictionaryRejection {
  row: number;
  column: string;
  reason: string;
}
export interface DictionaryImportResult {
  edition: string;
  added: number;
  changed: number;
  unchanged: number;
  gone: number;
  rejected: DictionaryRejection[];
  /** Columns of the 26 that this file does not have; they are stored empty. */
  missingColumns: string[];
}

const PROGRESS_EVERY = 5_000;
const HEADER_SEARCH_ROWS = 20;
const CODE_LABEL = '药品代码';

export interface Collected {
  /** Field values in DICTIONARY_COLUMNS order; [0] is the code. */
  rows: string[][];
  rejected: DictionaryRejection[];
  missing: string[];
  title: string;
}

/** Reads every row, keeping good ones and reporting each bad one with its row number: nothing is fatal yet. */
async function collect(source: AsyncIterable<string[]>, onProgress?: (progress: DictionaryProgress) => void): Promise<Collected> {
  let positions: number[] | null = null;
  let missing: string[] = [];
  const title: string[] = [];
  const rows: string[][] = [];
  const rejected: DictionaryRejection[] = [];
  const firstRowOf = new Map<string, number>();
  let rowNumber = 0;
  let read = 0;
  for await (const cells of source) {
    rowNumber++;
    if (cells.length === 0) continue;
    if (!positions) {
      if (isDictionaryHeader(cells)) ({ positions, missing } = mapDictionaryHeader(cells));
      else if (rowNumber >= HEADER_SEARCH_ROWS)
        throw new DomainError('VALIDATION', `前 ${HEADER_SEARCH_ROWS} 行中没有找到表头（应有“药品代码”列）`);
      else title.push(cells.filter(Boolean).join(' '));
      continue;
    }
    const fields = positions.map((p) => (p < 0 ? '' : (cells[p] ?? '')));
    const code = fields[0]!.replace(/\s+/g, '').toUpperCase();
    fields[0] = code;
    const problem = codeProblem(code);
    const first = firstRowOf.get(code);
    if (problem) rejected.push({ row: rowNumber, column: CODE_LABEL, reason: problem });
    else if (first !== undefined) rejected.push({ row: rowNumber, column: CODE_LABEL, reason: `药品代码 ${code} 与第 ${first} 行重复` });
    else {
      firstRowOf.set(code, rowNumber);
      rows.push(fields);
    }
    if (++read % PROGRESS_EVERY === 0) onProgress?.({ stage: 'read', rows: read });
  }
  if (!positions) throw new DomainError('VALIDATION', '文件中没有找到表头（应有“药品代码”列）');
  onProgress?.({ stage: 'read', rows: read });
  return { rows, rejected, missing, title: title.join(' ') };
}

/** "医保药品分类与代码数据库（2025年第3期）" → "2025年第3期"; else the file name without extension. */
export function editionOf(title: string, filename: string): string {
  const period = /(\d{4}\s*年\s*第\s*\d+\s*期)/.exec(title);
  if (period) return period[1]!.replace(/\s+/g, '');
  const base = path
    .basename(filename)
    .replace(/\.[^.]*$/, '')
    .trim();
  return base || '未命名版本';
}

const SEP = '\u0001';
const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const COLUMNS = DICTIONARY_FIELDS.map(snake);
const CONTENT_SQL = COLUMNS.join(` || char(1) || `);
const INSERT_SQL = `INSERT INTO dictionary_entries (${COLUMNS.join(', ')}, present, edition, updated_at) VALUES (${COLUMNS.map(() => '?').join(', ')}, 1, ?, ?)`;
const UPDATE_SQL = `UPDATE dictionary_entries SET ${COLUMNS.slice(1)
  .map((c) => `${c} = ?`)
  .join(', ')}, present = 1, edition = ?, updated_at = ? WHERE code = ?`;

/** Rows per multi-row INSERT: fewer statement runs in the write transaction (28 parameters a row). */
const INSERT_BATCH = 32;
const insertBatchSql = (rows: number) =>
  `INSERT INTO dictionary_entries (${COLUMNS.join(', ')}, present, edition, updated_at) VALUES ${Array.from(
    { length: rows },
    () => `(${COLUMNS.map(() => '?').join(', ')}, 1, ?, ?)`,
  ).join(', ')}`;

/**
 * What an import will write, worked out before its transaction (reading and comparing 270,000 stored rows
 * takes a second): the new rows, the changed rows, the codes coming back and the codes gone. `basis` is the
 * last import's id it was computed against; the transaction recomputes the plan if another import committed since.
 */
export interface DictionaryPlan {
  basis: number;
  inserts: string[][];
  updates: string[][];
  returning: string[];
  gone: string[];
  unchanged: number;
}

const lastImportId = (ctx: OperationContext) =>
  (ctx.db.$client.prepare('SELECT coalesce(max(id), 0) AS id FROM dictionary_imports').get() as { id: number }).id;

/** Compares the file's rows with the stored ones; reads only, so it can run before the transaction. */
export function planDictionary(ctx: OperationContext, collected: Collected): DictionaryPlan {
  const sqlite = ctx.db.$client;
  const basis = lastImportId(ctx);
  const plan: DictionaryPlan = { basis, inserts: [], updates: [], returning: [], gone: [], unchanged: 0 };
  const existing = new Map<string, { content: string; present: number }>();
  const stored = sqlite
    .prepare(`SELECT code, present, ${CONTENT_SQL} AS content FROM dictionary_entries`)
    .raw()
    .iterate() as IterableIterator<[string, number, string]>;
  for (const [code, present, content] of stored) existing.set(code, { content, present });
  for (const fields of collected.rows) {
    const code = fields[0]!;
    const before = existing.get(code);
    if (!before) {
      plan.inserts.push(fields);
      continue;
    }
    existing.delete(code);
    if (before.content !== fields.join(SEP)) plan.updates.push(fields);
    else if (before.present === 0) plan.returning.push(code);
    else plan.unchanged++;
  }
  // What is left was not in this edition.
  for (const [code, { present }] of existing) if (present === 1) plan.gone.push(code);
  return plan;
}

/**
 * The writes, inside the operation's one transaction: new codes inserted, changed rows updated, codes this
 * edition no longer lists marked gone (and brought back if they return), the edition recorded, one audit entry.
 * Runs the plan made before the transaction, unless another import committed since (then it plans again here).
 */
export function writeDictionary(
  ctx: OperationContext,
  collected: Collected,
  edition: string,
  filename: string,
  planned?: DictionaryPlan,
): Omit<DictionaryImportResult, 'rejected' | 'missingColumns'> {
  const sqlite = ctx.db.$client;
  const at = ctx.now.toISOString();
  const plan = planned && planned.basis === lastImportId(ctx) ? planned : planDictionary(ctx, collected);
  const insertOne = sqlite.prepare(INSERT_SQL);
  const insertMany = sqlite.prepare(insertBatchSql(INSERT_BATCH));
  const update = sqlite.prepare(UPDATE_SQL);
  const setPresent = sqlite.prepare('UPDATE dictionary_entries SET present = ?, updated_at = ? WHERE code = ?');
  const { inserts } = plan;
  const whole = inserts.length - (inserts.length % INSERT_BATCH);
  const batch: string[] = [];
  for (let i = 0; i < whole; i += INSERT_BATCH) {
    batch.length = 0;
    for (let j = i; j < i + INSERT_BATCH; j++) batch.push(...inserts[j]!, edition, at);
    insertMany.run(batch);
  }
  for (let i = whole; i < inserts.length; i++) insertOne.run(...inserts[i]!, edition, at);
  for (const fields of plan.updates) update.run(...fields.slice(1), edition, at, fields[0]);
  for (const code of plan.returning) setPresent.run(1, at, code);
  for (const code of plan.gone) setPresent.run(0, at, code);
  const counts = {
    added: inserts.length,
    changed: plan.updates.length + plan.returning.length,
    unchanged: plan.unchanged,
    gone: plan.gone.length,
  };
  sqlite
    .prepare(
      'INSERT INTO dictionary_imports (edition, filename, imported_at, imported_by, added, changed, unchanged, gone) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(edition, filename, at, ctx.actor?.username ?? '', counts.added, counts.changed, counts.unchanged, counts.gone);
  ctx.audit({ target: `dictionary:${edition}`, summary: { filename, edition, ...counts, rejected: collected.rejected.length } });
  invalidateSearch(ctx.db, 'dictionary');
  return { edition, ...counts };
}

/**
 * Reads the NHSA 医保药品分类与代码数据库 (sheet 总表) from an xlsx file, streamed, or from rows already read
 * (row 1 first, [] for blank rows): the slow part, before any transaction. Bad rows are reported, not fatal:
 * the NHSA file is the authority; a file with no good row or no header is refused.
 */
export async function readDictionary(
  source: AsyncIterable<string[]> | string,
  onProgress?: (progress: DictionaryProgress) => void,
): Promise<Collected> {
  const collected = await collect(typeof source === 'string' ? streamDictionaryRows(source) : source, onProgress);
  if (collected.rows.length === 0) {
    const fields = collected.rejected.slice(0, 100).map((r) => ({ path: `row.${r.row}`, message: `第 ${r.row} 行：${r.reason}` }));
    throw new DomainError('VALIDATION', '文件中没有可导入的药品代码行', fields);
  }
  return collected;
}

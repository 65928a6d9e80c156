import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import { FORMULARY_IMPORT_FIELDS } from '../api/imports.js';
import { DomainError, notFound, type FieldProblem } from '../errors.js';

export interface SavedMapping {
  name: string;
  headerRow: number | null;
  /** field → source header text */
  mapping: Record<string, string>;
  updatedAt: string;
}

type MappingRow = Omit<SavedMapping, 'mapping'> & { mapping: string };
const toMapping = (row: MappingRow): SavedMapping => ({ ...row, mapping: JSON.parse(row.mapping) as Record<string, string> });
const SELECT = 'SELECT name, header_row AS headerRow, mapping, updated_at AS updatedAt FROM import_mappings';

export function listMappings(db: Db): SavedMapping[] {
  return (prepared(db.$client, `${SELECT} ORDER BY name`).all() as MappingRow[]).map(toMapping);
}

export function getMapping(db: Db, name: string): SavedMapping {
  const row = prepared(db.$client, `${SELECT} WHERE name = ?`).get(name) as MappingRow | undefined;
  if (!row) throw notFound(`导入映射“${name}”`);
  return toMapping(row);
}

const KNOWN = new Set<string>(FORMULARY_IMPORT_FIELDS.map((f) => f.key));

export function saveMapping(db: Db, input: { name: string; headerRow: number | null; mapping: Record<string, string> }, now: Date): { mapping: SavedMapping; before: SavedMapping | null } {
  const problems: FieldProblem[] = Object.keys(input.mapping)
    .filter((key) => !KNOWN.has(key))
    .map((key) => ({ path: `mapping.${key}`, message: `未知的目录字段：${key}` }));
  if (problems.length) throw new DomainError('VALIDATION', '映射中有未知字段', problems);
  const before = (prepared(db.$client, `${SELECT} WHERE name = ?`).get(input.name) as MappingRow | undefined) ?? null;
  prepared(
    db.$client,
    `INSERT INTO import_mappings (name, header_row, mapping, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET header_row = excluded.header_row, mapping = excluded.mapping, updated_at = excluded.updated_at`,
  ).run(input.name, input.headerRow, JSON.stringify(input.mapping), now.toISOString());
  return { mapping: getMapping(db, input.name), before: before && toMapping(before) };
}

const squeeze = (text: string) => text.replace(/\s+/g, '');

/**
 * A saved mapping (field → header text) applied to a file's header row: field → column index. Every
 * header the file lacks is reported at once.
 */
export function resolveMapping(saved: Record<string, string>, header: readonly string[]): Record<string, number> {
  const labels = header.map(squeeze);
  const columns: Record<string, number> = {};
  const missing: FieldProblem[] = [];
  for (const [field, text] of Object.entries(saved)) {
    const at = labels.indexOf(squeeze(text));
    if (at < 0) missing.push({ path: `mapping.${field}`, message: `文件中没有“${text}”列` });
    else columns[field] = at;
  }
  if (missing.length) throw new DomainError('VALIDATION', `文件的表头与映射不符：${missing.map((m) => m.message).join('；')}`, missing);
  return columns;
}

import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import type { DictionaryEntry, DictionaryField } from '../api/dictionary.js';
import type { ItemFieldsInput } from '../api/formulary.js';
import { notFound } from '../errors.js';
import { DICTIONARY_FIELDS } from './columns.js';

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const ENTRY_COLUMNS = [...DICTIONARY_FIELDS.map((f) => `${snake(f)} AS ${f}`), 'present', 'edition', 'updated_at AS updatedAt'].join(', ');

type EntryRow = Record<DictionaryField, string> & { present: number; edition: string; updatedAt: string };
const toEntry = (row: EntryRow): DictionaryEntry => ({ ...row, present: row.present === 1 });

export function getEntry(db: Db, code: string): DictionaryEntry {
  const row = prepared(db.$client, `SELECT ${ENTRY_COLUMNS} FROM dictionary_entries WHERE code = ?`).get(code) as EntryRow | undefined;
  if (!row) throw notFound(`药品代码 ${code} `);
  return toEntry(row);
}

/** Entries by code, in one query per call (search hits). */
export function entriesByCode(db: Db, codes: readonly string[]): Map<string, DictionaryEntry> {
  if (codes.length === 0) return new Map();
  const rows = db.$client
    .prepare(`SELECT ${ENTRY_COLUMNS} FROM dictionary_entries WHERE code IN (${codes.map(() => '?').join(', ')})`)
    .all(...codes) as EntryRow[];
  return new Map(rows.map((r) => [r.code, toEntry(r)]));
}

/** Formulary items already carrying these 医保代码: code → item id. */
export function formularyIdsByInsuranceCode(db: Db, codes: readonly string[]): Map<string, number> {
  if (codes.length === 0) return new Map();
  const rows = db.$client
    .prepare(`SELECT id, insurance_code AS code FROM formulary_items WHERE insurance_code IN (${codes.map(() => '?').join(', ')})`)
    .all(...codes) as { id: number; code: string }[];
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** "24片/盒": how many base units make the smallest pack. */
export function packTextOf(entry: Pick<DictionaryEntry, 'minPackQuantity' | 'baseUnit' | 'packUnit'>): string {
  if (!entry.minPackQuantity && !entry.packUnit) return entry.baseUnit;
  return `${entry.minPackQuantity}${entry.baseUnit}/${entry.packUnit}`;
}

const CATEGORY_OF_LETTER: Record<string, ItemFieldsInput['category']> = { X: 'western', Z: 'chinese_patent', C: 'consumable' };

function insuranceClassOf(text: string): ItemFieldsInput['insuranceClass'] {
  if (text.includes('甲')) return 'A';
  if (text.includes('乙')) return 'B';
  if (text.includes('丙')) return 'C';
  return '';
}

/** The formulary item fields a dictionary row fills in, for the item form to start from. */
export function draftOf(entry: DictionaryEntry): ItemFieldsInput {
  const factor = Number(entry.minPackQuantity);
  const hasPack = entry.packUnit !== '' && entry.packUnit !== entry.baseUnit && Number.isInteger(factor) && factor > 0;
  return {
    genericName: entry.registeredName,
    tradeName: entry.tradeName,
    dosageForm: entry.dosageForm || entry.registeredDosageForm,
    spec: entry.spec || entry.registeredSpec,
    packMaterial: entry.packMaterial,
    manufacturer: entry.manufacturer,
    holder: entry.holder,
    approvalNo: entry.approvalNo,
    standardCode: entry.standardCode,
    insuranceCode: entry.code,
    category: CATEGORY_OF_LETTER[entry.code[0] ?? ''] ?? 'western',
    baseUnit: entry.baseUnit,
    packs: hasPack ? [{ unit: entry.packUnit, factor }] : [],
    purchaseUnit: hasPack ? entry.packUnit : entry.baseUnit,
    issueUnit: entry.baseUnit,
    insuranceClass: insuranceClassOf(entry.insuranceClass),
  };
}

/**
 * One mapped spreadsheet row → the item fields it states (only the mapped ones) and its prices, with every
 * cell that cannot be read reported against its source column.
 */
import { FORMULARY_IMPORT_FIELDS, type FormularyImportField } from '../api/imports.js';
import type { ItemFields, PriceKind } from '../api/formulary.js';
import {
  parseAntibacterialTier,
  parseCategory,
  parseControlledClass,
  parseDate,
  parseFactor,
  parseInsuranceClass,
  parseLevels,
  parsePrice,
  parseYesNo,
  type Converted,
} from './convert.js';

/** field → 0-based column index */
export type ColumnMap = Partial<Record<FormularyImportField, number>>;

export interface Rejection {
  row: number;
  column: string;
  reason: string;
}

export interface RowPrice {
  kind: PriceKind;
  priceMicro: number;
}

export interface StatedRow {
  row: number;
  /** Only what the file states; unmapped fields are absent. */
  patch: Partial<ItemFields>;
  prices: RowPrice[];
  effectiveFrom: string | null;
}

export const FIELD_LABEL = Object.fromEntries(FORMULARY_IMPORT_FIELDS.map((f) => [f.key, f.label])) as Record<FormularyImportField, string>;

const TEXT_FIELDS = [
  'genericName',
  'tradeName',
  'dosageForm',
  'spec',
  'packMaterial',
  'manufacturer',
  'holder',
  'approvalNo',
  'standardCode',
  'insuranceCode',
  'baseUnit',
] as const satisfies readonly (FormularyImportField & keyof ItemFields)[];

const PRICE_FIELDS: [FormularyImportField, PriceKind][] = [
  ['listedPrice', 'listed'],
  ['negotiatedPrice', 'negotiated'],
];

/** The source column's header text for a field, or the field's own label when it is not mapped. */
export function columnLabel(field: FormularyImportField, columns: ColumnMap, header: readonly string[]): string {
  const at = columns[field];
  return (at !== undefined && header[at]) || FIELD_LABEL[field];
}

/** Reads the mapped cells of one row; `rejections` gets one entry per unreadable cell. */
export function readRow(row: number, cells: readonly string[], columns: ColumnMap, header: readonly string[], rejections: Rejection[]): StatedRow {
  const cell = (field: FormularyImportField): string | undefined => {
    const at = columns[field];
    return at === undefined ? undefined : (cells[at] ?? '');
  };
  const read = <T>(field: FormularyImportField, convert: (text: string) => Converted<T>): T | undefined => {
    const text = cell(field);
    if (text === undefined) return undefined;
    const result = convert(text);
    if (result.ok) return result.value;
    rejections.push({ row, column: columnLabel(field, columns, header), reason: result.reason });
    return undefined;
  };

  const patch: Partial<ItemFields> = {};
  for (const field of TEXT_FIELDS) {
    const text = cell(field);
    if (text !== undefined) patch[field] = text;
  }
  const category = read('category', parseCategory);
  if (category) patch.category = category;
  for (const flag of ['essential', 'highAlert'] as const) {
    const value = read(flag, parseYesNo);
    if (value !== undefined) patch[flag] = value;
  }
  const insuranceClass = read('insuranceClass', parseInsuranceClass);
  if (insuranceClass !== undefined) patch.insuranceClass = insuranceClass;
  const controlledClass = read('controlledClass', parseControlledClass);
  if (controlledClass !== undefined) patch.controlledClass = controlledClass;
  const antibacterialTier = read('antibacterialTier', parseAntibacterialTier);
  if (antibacterialTier !== undefined) patch.antibacterialTier = antibacterialTier;
  const levels = read('levels', parseLevels);
  if (levels) patch.levels = levels;

  const packs = readPacks(row, columns, header, cell, read, rejections);
  if (packs) patch.packs = packs;

  const prices: RowPrice[] = [];
  for (const [field, kind] of PRICE_FIELDS) {
    const micro = read(field, (t) => parsePrice(t, FIELD_LABEL[field]));
    if (micro !== undefined && micro !== null) prices.push({ kind, priceMicro: micro });
  }
  const effectiveFrom = read('priceEffectiveFrom', (t) => parseDate(t, FIELD_LABEL.priceEffectiveFrom)) ?? null;
  return { row, patch, prices, effectiveFrom };
}

/** 最小包装 (factor × base unit) and 大包装 (factor × 最小包装); undefined when no pack column is mapped. */
function readPacks(
  row: number,
  columns: ColumnMap,
  header: readonly string[],
  cell: (field: FormularyImportField) => string | undefined,
  read: <T>(field: FormularyImportField, convert: (text: string) => Converted<T>) => T | undefined,
  rejections: Rejection[],
): ItemFields['packs'] | undefined {
  const levels: [FormularyImportField, FormularyImportField][] = [
    ['packFactor', 'packUnit'],
    ['outerFactor', 'outerUnit'],
  ];
  if (levels.every(([f, u]) => columns[f] === undefined && columns[u] === undefined)) return undefined;
  const packs: ItemFields['packs'] = [];
  for (const [factorField, unitField] of levels) {
    // undefined: the cell could not be read (already reported); null: no factor stated.
    const factor = columns[factorField] === undefined ? null : read(factorField, (t) => parseFactor(t, FIELD_LABEL[factorField]));
    const unit = (cell(unitField) ?? '').trim();
    if (factor === undefined) continue;
    if (unit === '' && factor === null) continue;
    const problem = (field: FormularyImportField, reason: string) => rejections.push({ row, column: columnLabel(field, columns, header), reason });
    if (unit === '') problem(unitField, `填写了${FIELD_LABEL[factorField]}，但缺少${FIELD_LABEL[unitField]}`);
    else if (factor === null) problem(factorField, `填写了${FIELD_LABEL[unitField]}，但缺少${FIELD_LABEL[factorField]}`);
    else if (packs.length === 0 && factorField === 'outerFactor') problem(unitField, '填写了大包装，但缺少最小包装');
    else packs.push({ unit, factor });
  }
  return packs;
}

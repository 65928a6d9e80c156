/**
 * The formulary import: a mapped sheet → a plan (new, changed field by field, unchanged, rejected with row,
 * source column and a Chinese reason), and the plan → one formulary version, all or nothing.
 */
import type { Db } from '../../db/open.js';
import { toHalfWidth } from '../api/codes.js';
import { FORMULARY_IMPORT_FIELDS, type FormularyImportField, type ImportPreview } from '../api/imports.js';
import { itemFields, type ItemFields, type PriceKind } from '../api/formulary.js';
import type { OperationContext } from '../context.js';
import { DomainError, type FieldProblem } from '../errors.js';
import { findItemByIdentity, findItemByInsuranceCode, itemFieldsOf, itemReferenceProblems, packsLockedProblem } from '../formulary/items.js';
import { priceHistory } from '../formulary/prices.js';
import { applyBatch } from '../formulary/batch.js';
import { categoryOfCode } from './convert.js';
import { displayValue, fieldLabel, PRICE_FIELD, PRICE_LABEL, priceText } from './display.js';
import { columnLabel, readRow, type ColumnMap, type Rejection, type RowPrice } from './rows.js';

export interface ImportSheet {
  rows: string[][];
  /** 1-based */
  headerRow: number;
  columns: ColumnMap;
}

type Change = ImportPreview['changedRows'][number]['changes'][number];

export interface PlannedRow {
  row: number;
  kind: 'new' | 'changed' | 'unchanged';
  itemId: number | null;
  fields: ItemFields;
  /** Prices to record: only those that differ from the latest recorded of their kind. */
  prices: (RowPrice & { effectiveFrom: string })[];
  changes: Change[];
}

export interface ImportPlan {
  preview: ImportPreview;
  rows: PlannedRow[];
}

const KNOWN_FIELDS = new Set<string>(FORMULARY_IMPORT_FIELDS.map((f) => f.key));
const REQUIRED = FORMULARY_IMPORT_FIELDS.filter((f) => f.required);

/** Every problem with the mapping itself, at once: unknown fields, required fields left unmapped. */
export function checkColumns(columns: Record<string, number>): ColumnMap {
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(columns)) if (!KNOWN_FIELDS.has(key)) problems.push({ path: `mapping.${key}`, message: `未知的目录字段：${key}` });
  for (const field of REQUIRED) if (columns[field.key] === undefined) problems.push({ path: `mapping.${field.key}`, message: `请为“${field.label}”选择对应的列` });
  if (problems.length) throw new DomainError('VALIDATION', '列映射不完整，请检查标出的字段', problems);
  return columns as ColumnMap;
}

/** A new item's fields before the file's cells are laid over them. */
const NEW_ITEM = itemFields.parse({
  genericName: '-',
  spec: '-',
  manufacturer: '-',
  category: 'herbal',
  baseUnit: '-',
  purchaseUnit: '-',
  issueUnit: '-',
});

/** Which source column a validation issue on an item field belongs to. */
const ISSUE_FIELD: Partial<Record<keyof ItemFields, FormularyImportField>> = { packs: 'packFactor', purchaseUnit: 'packUnit', issueUnit: 'baseUnit' };
function issueColumn(path: string, columns: ColumnMap, header: readonly string[]): string {
  const field = (ISSUE_FIELD[path as keyof ItemFields] ?? path) as FormularyImportField;
  if (KNOWN_FIELDS.has(field)) {
    // purchase/issue units come from whichever unit column the file has.
    if (field === 'packUnit' && columns.packUnit === undefined) return columnLabel('baseUnit', columns, header);
    return columnLabel(field, columns, header);
  }
  return fieldLabel(path);
}

const normaliseCode = (code: string) => toHalfWidth(code).replace(/\s+/g, '').toUpperCase();

/** The item a row stands for: by 医保代码, else by 通用名 + 规格 + 生产企业 unless that item has another code. */
function matchItem(db: Db, code: string, patch: Partial<ItemFields>): number | null {
  if (code) {
    const byCode = findItemByInsuranceCode(db, code);
    if (byCode) return byCode.id;
  }
  const identity = { genericName: (patch.genericName ?? '').trim(), spec: (patch.spec ?? '').trim(), manufacturer: (patch.manufacturer ?? '').trim() };
  const byIdentity = findItemByIdentity(db, identity);
  return byIdentity && (byIdentity.insuranceCode === '' || byIdentity.insuranceCode === code) ? byIdentity.id : null;
}

function latestPrice(db: Db, itemId: number | null, kind: PriceKind): number | null {
  if (itemId === null) return null;
  return priceHistory(db, itemId).find((p) => p.kind === kind)?.priceMicro ?? null;
}

/** Builds the plan. Reads only: the preview runs it without writing anything. */
export function planImport(db: Db, sheet: ImportSheet, today: string): ImportPlan {
  const { rows, headerRow, columns } = sheet;
  const header = rows[headerRow - 1] ?? [];
  const mapped = Object.values(columns) as number[];
  const rejected: Rejection[] = [];
  const planned: PlannedRow[] = [];
  const firstRowOfCode = new Map<string, number>();
  const firstRowOfItem = new Map<number, number>();
  const firstRowOfIdentity = new Map<string, number>();

  for (let r = headerRow + 1; r <= rows.length; r++) {
    const cells = rows[r - 1]!;
    if (mapped.every((at) => (cells[at] ?? '') === '')) continue;
    const problems: Rejection[] = [];
    const reject = (column: string, reason: string) => problems.push({ row: r, column, reason });
    const stated = readRow(r, cells, columns, header, problems);
    const code = normaliseCode(stated.patch.insuranceCode ?? '');
    if (stated.patch.insuranceCode !== undefined) stated.patch.insuranceCode = code;

    const firstWithCode = code ? firstRowOfCode.get(code) : undefined;
    if (firstWithCode !== undefined) reject(columnLabel('insuranceCode', columns, header), `医保代码 ${code} 与第 ${firstWithCode} 行重复`);
    else if (code) firstRowOfCode.set(code, r);

    if (!code) {
      const identity = [stated.patch.genericName, stated.patch.spec, stated.patch.manufacturer].map((t) => (t ?? '').trim()).join('\u0001');
      const firstWithIdentity = firstRowOfIdentity.get(identity);
      if (firstWithIdentity !== undefined) reject(columnLabel('genericName', columns, header), `与第 ${firstWithIdentity} 行的通用名、规格、生产企业相同`);
      else firstRowOfIdentity.set(identity, r);
    }

    const itemId = matchItem(db, code, stated.patch);
    const firstWithItem = itemId === null ? undefined : firstRowOfItem.get(itemId);
    if (firstWithItem !== undefined && firstWithCode === undefined) {
      reject(columnLabel('genericName', columns, header), `与第 ${firstWithItem} 行对应同一目录品种（通用名、规格、生产企业相同）`);
    } else if (itemId !== null) firstRowOfItem.set(itemId, r);

    const before = itemId === null ? null : itemFieldsOf(db, itemId);
    const merged: ItemFields = { ...(before ?? NEW_ITEM), ...stated.patch };
    if (stated.patch.category === undefined && !before) {
      const inferred = categoryOfCode(code);
      if (inferred) merged.category = inferred;
      else if (!problems.some((p) => p.column === columnLabel('category', columns, header))) {
        reject(columnLabel('category', columns, header), '无法确定类别：请填写类别，或填写以 X/Z/C 开头的医保代码');
      }
    }
    const units = [merged.baseUnit, ...merged.packs.map((p) => p.unit)];
    if (!before || !units.includes(merged.purchaseUnit)) merged.purchaseUnit = merged.packs[0]?.unit ?? merged.baseUnit;
    if (!before || !units.includes(merged.issueUnit)) merged.issueUnit = merged.baseUnit;

    const parsed = itemFields.safeParse(merged);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) reject(issueColumn(String(issue.path[0] ?? ''), columns, header), issue.message);
    } else {
      for (const p of itemReferenceProblems(db, parsed.data, itemId)) reject(issueColumn(p.path.split('.')[0]!, columns, header), p.message);
      const locked = before && itemId !== null ? packsLockedProblem(db, itemId, before, parsed.data) : null;
      if (locked) reject(issueColumn(before!.baseUnit !== parsed.data.baseUnit ? 'baseUnit' : 'packs', columns, header), locked.message);
    }

    const priceOf = (kind: PriceKind) => stated.prices.find((p) => p.kind === kind)?.priceMicro ?? null;
    const negotiated = priceOf('negotiated');
    const ceiling = priceOf('listed') ?? latestPrice(db, itemId, 'listed');
    if (negotiated !== null && ceiling !== null && negotiated > ceiling) {
      reject(
        columnLabel('negotiatedPrice', columns, header),
        `议价 ${priceText(negotiated)} 元高于挂网价 ${priceText(ceiling)} 元：须在品种页单独登记并填写说明`,
      );
    }

    if (problems.length > 0 || !parsed.success) {
      rejected.push(...dedupe(problems));
      continue;
    }
    const fields = parsed.data;
    const changes: Change[] = [];
    if (before) {
      for (const key of Object.keys(fields) as (keyof ItemFields)[]) {
        const from = displayValue(key, before[key], before);
        const to = displayValue(key, fields[key], fields);
        if (JSON.stringify(before[key]) !== JSON.stringify(fields[key])) changes.push({ field: key, label: fieldLabel(key), from, to });
      }
    }
    const prices: PlannedRow['prices'] = [];
    for (const { kind, priceMicro } of stated.prices) {
      const current = latestPrice(db, itemId, kind);
      if (current === priceMicro) continue;
      prices.push({ kind, priceMicro, effectiveFrom: stated.effectiveFrom ?? today });
      if (before) changes.push({ field: PRICE_FIELD[kind], label: PRICE_LABEL[kind], from: priceText(current), to: priceText(priceMicro) });
    }
    planned.push({ row: r, kind: before ? (changes.length ? 'changed' : 'unchanged') : 'new', itemId, fields, prices, changes });
  }
  return { rows: planned, preview: previewOf(planned, rejected) };
}

/** One reason per (column, reason): a converter and the schema may both object to the same cell. */
function dedupe(problems: Rejection[]): Rejection[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.column}\u0001${p.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function previewOf(rows: PlannedRow[], rejected: Rejection[]): ImportPreview {
  return {
    new: rows.filter((r) => r.kind === 'new').length,
    changed: rows.filter((r) => r.kind === 'changed').length,
    unchanged: rows.filter((r) => r.kind === 'unchanged').length,
    rejected,
    newRows: rows
      .filter((r) => r.kind === 'new')
      .map((r) => ({ row: r.row, genericName: r.fields.genericName, spec: r.fields.spec, manufacturer: r.fields.manufacturer, insuranceCode: r.fields.insuranceCode })),
    changedRows: rows
      .filter((r) => r.kind === 'changed')
      .map((r) => ({ row: r.row, itemId: r.itemId!, genericName: r.fields.genericName, changes: r.changes })),
  };
}

export interface CommitOptions {
  filename: string;
  reason: string;
  /** The 药事会 resolution that adopted the file. */
  resolutionNo: string;
  resolutionDate: string;
  skipRejected: boolean;
  /** What the audit entry names as the source, e.g. "upload:12". */
  target: string;
}

export interface CommitResult {
  committed: boolean;
  version: number | null;
  requestNumber: string | null;
}

/**
 * Writes the plan in the caller's transaction as ONE batch 目录变更申请 carrying the 药事会 resolution: one
 * formulary version for the whole file, every item created or updated in it, prices recorded, one request
 * row per item. Nothing at all when rows were rejected and the user did not choose to skip them. A file
 * with nothing new writes no request and no version.
 */
export function commitImport(ctx: OperationContext, plan: ImportPlan, options: CommitOptions): CommitResult {
  const { preview } = plan;
  const summary = { filename: options.filename, reason: options.reason, new: preview.new, changed: preview.changed, unchanged: preview.unchanged, rejected: preview.rejected.length };
  if (preview.rejected.length > 0 && !options.skipRejected) {
    ctx.audit({ target: options.target, summary: { ...summary, committed: false } });
    return { committed: false, version: null, requestNumber: null };
  }
  const work = plan.rows.filter((r) => r.kind !== 'unchanged' || r.prices.length > 0);
  if (work.length === 0) {
    ctx.audit({ target: options.target, summary: { ...summary, committed: true, version: null } });
    return { committed: true, version: null, requestNumber: null };
  }
  const { number, version } = applyBatch(ctx, {
    reason: `${options.reason}（导入 ${options.filename}）`,
    resolutionNo: options.resolutionNo,
    resolutionDate: options.resolutionDate,
    versionNote: `${options.reason}（导入 ${options.filename}）`,
    rows: work.map((row) => ({
      itemId: row.itemId,
      fields: row.fields,
      fieldsChanged: row.kind === 'changed' && hasFieldChanges(row),
      // 挂网价 notes its source; an 议价 above the ceiling was refused in the plan, so none needs a reason here.
      prices: row.prices.map((p) => ({ kind: p.kind, priceMicro: p.priceMicro, effectiveFrom: p.effectiveFrom, note: p.kind === 'negotiated' ? '' : `导入：${options.filename}` })),
      changes: row.itemId === null ? row.prices.map((p) => ({ field: PRICE_FIELD[p.kind], label: PRICE_LABEL[p.kind], from: '', to: priceText(p.priceMicro) })) : row.changes,
      sourceRow: row.row,
    })),
  });
  ctx.audit({ target: options.target, summary: { ...summary, committed: true, version, request: number } });
  return { committed: true, version, requestNumber: number };
}

const PRICE_FIELDS = new Set(Object.values(PRICE_FIELD));
const hasFieldChanges = (row: PlannedRow) => row.changes.some((c) => !PRICE_FIELDS.has(c.field));

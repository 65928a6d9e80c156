import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import { baseUnitsPer, type PackLevel } from '../../api/packs.js';
import { DomainError, type FieldProblem } from '../../errors.js';
import { detectHeaderRow, type Table } from '../../imports/table.js';
import type { ConsumptionLineInput } from './consumption-rules.js';

/**
 * 导入 HIS 消耗: the rows of an uploaded sheet (already read to text by core/imports/table.ts, which folds Excel's
 * floats, full-width characters and GBK csv) to consumption lines. Columns are found by their header text. Every
 * bad row is reported on `rows.<Excel row>.<column header>` with a Chinese reason; one bad row refuses the file.
 */

type Column = 'code' | 'insuranceCode' | 'name' | 'quantity' | 'unit';

const COLUMN_PATTERNS: [Column, RegExp][] = [
  ['insuranceCode', /医保/],
  ['code', /编码|代码|编号/],
  ['name', /名称|品名|药名/],
  ['quantity', /数量|消耗量|发药量/],
  ['unit', /单位/],
];

export const COLUMN_TITLES: Record<Column, string> = { code: '药品编码', insuranceCode: '医保代码', name: '名称', quantity: '数量', unit: '单位' };

/** Which column holds what, by the header's text (the first match of each; 医保代码 before a plain 编码). */
function findColumns(header: readonly string[]): Partial<Record<Column, number>> {
  const columns: Partial<Record<Column, number>> = {};
  header.forEach((raw, index) => {
    const text = raw.replace(/\s+/g, '');
    if (!text) return;
    const found = COLUMN_PATTERNS.find(([, pattern]) => pattern.test(text));
    if (found && columns[found[0]] === undefined) columns[found[0]] = index;
  });
  return columns;
}

export interface ImportedLines {
  lines: ConsumptionLineInput[];
  rowCount: number;
  headerRow: number;
  sheet: string;
}

interface ItemRow {
  id: number;
  name: string;
  spec: string;
  baseUnit: string;
  packs: string;
}

/** The lines of the first sheet that has a code and a quantity column, or VALIDATION with every problem. */
export function linesFromTable(db: Db, table: Table): ImportedLines {
  const candidates = table.sheets.map((sheet) => {
    const headerRow = detectHeaderRow(sheet.rows);
    return { sheet, headerRow, columns: findColumns(sheet.rows[headerRow - 1] ?? []) };
  });
  const chosen = candidates.find((c) => (c.columns.code !== undefined || c.columns.insuranceCode !== undefined) && c.columns.quantity !== undefined);
  if (!chosen) {
    const first = candidates[0];
    const problems: FieldProblem[] = [];
    if (!first || (first.columns.code === undefined && first.columns.insuranceCode === undefined)) {
      problems.push({ path: 'columns.药品编码', message: `找不到「药品编码」或「医保代码」列${first ? `（表头识别为第 ${first.headerRow} 行）` : ''}` });
    }
    if (!first || first.columns.quantity === undefined) problems.push({ path: 'columns.数量', message: '找不到「数量」列' });
    throw new DomainError('VALIDATION', `无法识别文件的列：${problems.map((p) => p.message).join('；')}`, problems);
  }
  const { sheet, headerRow, columns } = chosen;
  const header = sheet.rows[headerRow - 1]!;
  const title = (column: Column) => (columns[column] !== undefined ? header[columns[column]!]!.trim() || COLUMN_TITLES[column] : COLUMN_TITLES[column]);
  const byCode = prepared(db.$client, 'SELECT id, generic_name AS name, spec, base_unit AS baseUnit, packs FROM formulary_items WHERE code = ?');
  const byInsurance = prepared(db.$client, "SELECT id, generic_name AS name, spec, base_unit AS baseUnit, packs FROM formulary_items WHERE insurance_code = ? AND insurance_code <> '' LIMIT 2");
  const problems: FieldProblem[] = [];
  const reject = (row: number, column: Column, reason: string) => {
    const heading = title(column);
    problems.push({ path: `rows.${row}.${heading}`, message: `第 ${row} 行「${heading}」：${reason}` });
  };
  const lines: ConsumptionLineInput[] = [];
  const firstRowOf = new Map<number, number>();
  let rowCount = 0;
  for (let r = headerRow; r < sheet.rows.length; r++) {
    const cells = sheet.rows[r]!;
    const row = r + 1;
    const cell = (column: Column) => (columns[column] === undefined ? '' : (cells[columns[column]!] ?? '').trim());
    if (cells.every((c) => c.trim() === '')) continue;
    // A 合计 row at the foot of a report names no item, whichever column it starts in.
    if (/^[合总]\s*计/.test(cells.find((c) => c.trim())?.trim() ?? '')) continue;
    const code = cell('code');
    const insuranceCode = cell('insuranceCode');
    rowCount += 1;
    // The name is only for the report: it helps find the row an unknown code came from.
    const named = cell('name') ? `（${cell('name')}）` : '';
    let item: ItemRow | undefined;
    if (code) {
      item = byCode.get(code) as ItemRow | undefined;
      if (!item && !insuranceCode) reject(row, 'code', `未知的药品编码「${code}」${named}`);
    }
    if (!item && insuranceCode) {
      const found = byInsurance.all(insuranceCode) as ItemRow[];
      if (found.length > 1) reject(row, 'insuranceCode', `医保代码「${insuranceCode}」对应目录中多个品种，请改填药品编码`);
      else if (found.length === 0) reject(row, 'insuranceCode', `未知的医保代码「${insuranceCode}」${code ? `（药品编码「${code}」也不在目录中）` : named}`);
      else item = found[0];
    }
    if (!code && !insuranceCode) reject(row, columns.code !== undefined ? 'code' : 'insuranceCode', '缺少药品编码或医保代码');
    const quantityText = cell('quantity').replace(/,/g, '');
    let quantity: number | null = null;
    if (quantityText === '') reject(row, 'quantity', '缺少数量');
    else if (!/^-?\d+(\.\d+)?$/.test(quantityText)) reject(row, 'quantity', `「${quantityText}」不是数字`);
    else if (!/^-?\d+$/.test(quantityText)) reject(row, 'quantity', `「${quantityText}」不是整数`);
    else if (Number(quantityText) <= 0) reject(row, 'quantity', '数量须大于 0');
    else quantity = Number(quantityText);
    if (!item) continue;
    const unit = cell('unit');
    const packs = JSON.parse(item.packs) as PackLevel[];
    const per = unit === '' ? 1 : baseUnitsPer(item.baseUnit, packs, unit);
    if (per === null) {
      reject(row, 'unit', `未知的单位「${unit}」，${item.name} ${item.spec} 的单位为 ${[item.baseUnit, ...packs.map((p) => p.unit)].join('、')}`);
      continue;
    }
    if (firstRowOf.has(item.id)) {
      reject(row, columns.code !== undefined ? 'code' : 'insuranceCode', `${item.name} ${item.spec} 与第 ${firstRowOf.get(item.id)} 行重复，每个品种只填一行合计`);
      continue;
    }
    firstRowOf.set(item.id, row);
    if (quantity !== null) lines.push({ itemId: item.id, quantity: quantity * per });
  }
  if (rowCount === 0) problems.push({ path: 'rows', message: `第 ${headerRow} 行表头之下没有数据行` });
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).map((p) => p.message).join('；');
    throw new DomainError('VALIDATION', `导入文件有 ${problems.length} 处错误，未创建消耗出库单：${shown}${problems.length > 5 ? '……' : ''}`, problems);
  }
  return { lines, rowCount, headerRow, sheet: sheet.name };
}

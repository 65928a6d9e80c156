import ExcelJS from 'exceljs';
import { formatYuan, parseYuan } from '../api/money.js';
import type { PlatformExchange, PlatformField, PlatformProfile, PlatformValueMap } from '../api/platform.js';
import { serialDateText } from '../imports/cells.js';
import { readTable, type Sheet } from '../imports/table.js';
import { PLATFORM_EXCHANGE_LABELS, platformField } from './fields.js';
import { assertValidProfile } from './profile.js';

/**
 * The generic platform file codec: one exchange's rows written to, or read from, an xlsx or CSV file through a
 * profile's layout. Pure: no database. Values inside are canonical text per field type —
 *   text: trimmed text; int: "12"; money: micro-yuan as an integer ("12340000" = ¥12.34); date: "2026-11-03";
 *   coded fields: the internal value ('vbp', '1' …), which the profile's value map turns into the platform's code.
 * In the file: money is yuan (a number in xlsx, "12.34" in CSV), ints are numbers, dates YYYY-MM-DD.
 */
export type ExchangeValue = string | number | null | undefined;
export type ExchangeRow = Readonly<Record<string, ExchangeValue>>;
export type ExchangeFormat = 'xlsx' | 'csv';

export interface ExchangeReadRow {
  /** The file's row number as Excel shows it. */
  rowNumber: number;
  values: Record<string, string>;
}
export interface ExchangeReadProblem {
  row: number;
  /** The column title in the file ('' when the problem is not one column's). */
  column: string;
  field: string;
  message: string;
}
export interface ExchangeReadResult {
  sheetName: string;
  rows: ExchangeReadRow[];
  problems: ExchangeReadProblem[];
}

const mapOf = (maps: readonly PlatformValueMap[], field: string) => maps.find((m) => m.field === field);

/** A value as the canonical text of its field's type; throws (a caller's bug) when it is not one. */
export function canonicalValue(field: PlatformField, value: ExchangeValue): string {
  if (value === null || value === undefined || value === '') return '';
  const text = String(value).trim();
  switch (field.type) {
    case 'int':
    case 'money':
      if (!/^-?\d+$/.test(text)) throw new Error(`platform field ${field.field}: ${field.type} value ${text} is not an integer`);
      return String(Number(text));
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new Error(`platform field ${field.field}: date value ${text} is not YYYY-MM-DD`);
      return text;
    default:
      return text;
  }
}

function fileCode(field: PlatformField, map: PlatformValueMap | undefined, internal: string): string {
  if (internal === '' || !field.codes) return internal;
  if (!map) return internal;
  const entry = map.entries.find((e) => e.internal === internal);
  if (!entry) throw new Error(`platform field ${field.field}: no platform code for ${internal}`);
  return entry.file.trim();
}

/** The cells of one row, in the layout's column order (xlsx: numbers for int and money). */
function cellsOf(profile: PlatformProfile, exchange: PlatformExchange, row: ExchangeRow, format: ExchangeFormat): (string | number | null)[] {
  const layout = profile.exchanges[exchange];
  return layout.columns.map((column) => {
    const field = platformField(exchange, column.field)!;
    const value = canonicalValue(field, row[column.field]);
    if (value === '') return null;
    if (field.codes) return fileCode(field, mapOf(layout.valueMaps, field.field), value);
    if (field.type === 'money') return format === 'xlsx' ? Number(formatYuan(Number(value))) : formatYuan(Number(value));
    if (field.type === 'int') return format === 'xlsx' ? Number(value) : value;
    return value;
  });
}

const csvCell = (value: string | number | null): string => {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * One exchange's file: rows above the header row hold the profile's and the exchange's name (row 1) or are blank;
 * then the column titles; then one row per input row. CSV is UTF-8 with a BOM and CRLF line ends.
 */
export async function writeExchange(profile: PlatformProfile, exchange: PlatformExchange, rows: readonly ExchangeRow[], format: ExchangeFormat): Promise<Buffer> {
  assertValidProfile(profile);
  const layout = profile.exchanges[exchange];
  const titles = layout.columns.map((c) => c.title.trim());
  const body = rows.map((row) => cellsOf(profile, exchange, row, format));
  const caption = `${profile.label} ${PLATFORM_EXCHANGE_LABELS[exchange]}`;
  if (format === 'csv') {
    const above = Array.from({ length: layout.headerRow - 1 }, (_, i) => (i === 0 ? csvCell(caption) : ''));
    const lines = [...above, titles.map(csvCell).join(','), ...body.map((cells) => cells.map(csvCell).join(','))];
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '统采';
  const sheet = workbook.addWorksheet(layout.sheetName.trim(), { views: [{ state: 'frozen', ySplit: layout.headerRow }] });
  if (layout.headerRow > 1) sheet.getCell(1, 1).value = caption;
  const header = sheet.getRow(layout.headerRow);
  header.values = titles;
  header.font = { bold: true };
  layout.columns.forEach((column, i) => {
    const field = platformField(exchange, column.field)!;
    const col = sheet.getColumn(i + 1);
    col.width = Math.min(40, Math.max(10, column.title.length * 2 + 2, field.type === 'text' ? 16 : 12));
    if (field.type === 'money') col.numFmt = '0.00####';
  });
  body.forEach((cells, r) => {
    sheet.getRow(layout.headerRow + 1 + r).values = cells;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const squeeze = (title: string) => title.replace(/\s+/g, '').toLowerCase();

/** "2026/11/3", "20261103", "2026-11-03 00:00:00", an Excel serial → "2026-11-03"; null when it is no date. */
export function parseDateText(text: string): string | null {
  const serial = serialDateText(text);
  if (serial) return serial;
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?(?:[ T].*)?$/.exec(text.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? null : iso;
}

/** A cell's text as its field's canonical value, or the reason it is not one. */
function parseCell(field: PlatformField, map: PlatformValueMap | undefined, raw: string): { value: string } | { error: string } {
  const text = raw.trim();
  if (text === '') return { value: '' };
  if (field.codes) {
    if (map) {
      const entry = map.entries.find((e) => e.file.trim() === text);
      if (entry) return { value: entry.internal };
      return { error: `「${text}」不是配置中的平台代码（${map.entries.map((e) => e.file).join('、')}）` };
    }
    if (field.codes.some((c) => c.value === text)) return { value: text };
    return { error: `「${text}」不是已知的代码（${field.codes.map((c) => `${c.value} ${c.label}`).join('、')}）` };
  }
  switch (field.type) {
    case 'int': {
      const cleaned = text.replace(/[,，\s]/g, '').replace(/\.0+$/, '');
      return /^\d+$/.test(cleaned) ? { value: String(Number(cleaned)) } : { error: `「${text}」不是整数` };
    }
    case 'money': {
      const micro = parseYuan(text);
      return micro === null ? { error: `「${text}」不是金额（元，最多 6 位小数）` } : { value: String(micro) };
    }
    case 'date': {
      const iso = parseDateText(text);
      return iso ? { value: iso } : { error: `「${text}」不是日期（如 2026-11-03）` };
    }
    default:
      return { value: text };
  }
}

function pickSheet(sheets: readonly Sheet[], name: string): Sheet | undefined {
  return sheets.find((s) => s.name === name) ?? sheets.find((s) => squeeze(s.name) === squeeze(name)) ?? sheets[0];
}

/**
 * Reads one exchange's file through the profile: the sheet of the layout's name (else the first), the titles on
 * its header row matched to fields, each cell checked against its field's type and the value maps applied in
 * reverse. A required column missing is reported once; each bad or empty required cell on its row. Blank rows are
 * skipped; every other row is returned (with what it could read) so a caller can show every problem at once.
 */
export async function readExchange(profile: PlatformProfile, exchange: PlatformExchange, buffer: Uint8Array, fileName: string): Promise<ExchangeReadResult> {
  assertValidProfile(profile);
  const layout = profile.exchanges[exchange];
  const table = await readTable(buffer, fileName);
  const sheet = pickSheet(table.sheets, layout.sheetName.trim());
  const problems: ExchangeReadProblem[] = [];
  if (!sheet) return { sheetName: '', rows: [], problems: [{ row: 0, column: '', field: '', message: '文件中没有工作表' }] };
  const header = (sheet.rows[layout.headerRow - 1] ?? []).map(squeeze);
  const at = layout.columns.map((column) => {
    const index = header.indexOf(squeeze(column.title));
    return { column, field: platformField(exchange, column.field)!, index };
  });
  if (at.every((c) => c.index < 0)) {
    problems.push({
      row: layout.headerRow,
      column: '',
      field: '',
      message: `第 ${layout.headerRow} 行不是「${PLATFORM_EXCHANGE_LABELS[exchange]}」的表头（配置「${profile.label}」的列标题一个也没有找到）`,
    });
    return { sheetName: sheet.name, rows: [], problems };
  }
  for (const c of at) {
    if (c.index < 0 && c.field.required) {
      problems.push({ row: layout.headerRow, column: c.column.title, field: c.field.field, message: `缺少必填列「${c.column.title}」（${c.field.label}）` });
    }
  }
  const present = at.filter((c) => c.index >= 0);
  const rows: ExchangeReadRow[] = [];
  for (let r = layout.headerRow; r < sheet.rows.length; r++) {
    const cells = sheet.rows[r]!;
    if (cells.every((cell) => cell.trim() === '')) continue;
    const rowNumber = r + 1;
    const values: Record<string, string> = {};
    for (const c of at) values[c.field.field] = '';
    for (const c of present) {
      const parsed = parseCell(c.field, mapOf(layout.valueMaps, c.field.field), cells[c.index] ?? '');
      if ('error' in parsed) {
        problems.push({ row: rowNumber, column: c.column.title, field: c.field.field, message: `${c.column.title}：${parsed.error}` });
        continue;
      }
      values[c.field.field] = parsed.value;
      if (parsed.value === '' && c.field.required) {
        problems.push({ row: rowNumber, column: c.column.title, field: c.field.field, message: `${c.column.title}：必填，不能为空` });
      }
    }
    rows.push({ rowNumber, values });
  }
  return { sheetName: sheet.name, rows, problems };
}

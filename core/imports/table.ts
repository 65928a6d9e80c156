import ExcelJS from 'exceljs';
import { DomainError } from '../errors.js';
import { cellText, normaliseText, serialDateText, trimRow } from './cells.js';
import { decodeText, parseCsv } from './csv.js';
import { readXlsxDirect } from './xlsx-direct.js';

/**
 * A spreadsheet read to text: `rows[i]` is the file's row i + 1 (as the user sees it in Excel); a blank
 * row is [] so row numbers stay true. No database here: the result is stored with the upload.
 */
export interface Sheet {
  name: string;
  rows: string[][];
}
export interface Table {
  /** xlsx, or the CSV's detected encoding. */
  encoding: string;
  sheets: Sheet[];
}

const HEADER_SEARCH_ROWS = 20;

/** Looks like a column label: text that is not a number, a date, or a code. */
function isLabel(text: string): boolean {
  if (text === '' || text.length > 40) return false;
  if (/^[\d\s.,:/+%eE-]+$/.test(text)) return false;
  if (/^[A-Z]{1,3}[0-9A-Z]{6,}$/.test(text)) return false;
  return !/\d{6,}/.test(text);
}

/**
 * The 1-based row, among the first 20, with the most label-like cells: a title row (one merged cell) or
 * a blank line above the header loses to it, and data rows hold numbers and codes. Ties go to the first.
 */
export function detectHeaderRow(rows: string[][]): number {
  let best = 1;
  let bestScore = 0;
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    const score = rows[i]!.filter(isLabel).length;
    if (score > bestScore) {
      best = i + 1;
      bestScore = score;
    }
  }
  return best;
}

const DATE_HEADER = /日期|有效期|时间|date/i;

/** Below a header that names a date, Excel serial numbers become YYYY-MM-DD. */
export function convertDateColumns(rows: string[][], headerRow: number): void {
  const header = rows[headerRow - 1] ?? [];
  const dateColumns = header.flatMap((label, column) => (DATE_HEADER.test(label) ? [column] : []));
  if (dateColumns.length === 0) return;
  for (let r = headerRow; r < rows.length; r++) {
    const row = rows[r]!;
    for (const column of dateColumns) {
      const date = row[column] === undefined ? null : serialDateText(row[column]);
      if (date) row[column] = date;
    }
  }
}

function finishSheet(name: string, rows: string[][]): Sheet {
  convertDateColumns(rows, detectHeaderRow(rows));
  return { name, rows };
}

/** Through the direct reader (xlsx-direct.ts), or exceljs for what it leaves (the same text either way). */
async function readXlsx(bytes: Uint8Array): Promise<Sheet[]> {
  const direct = readXlsxDirect(bytes);
  if (direct) return direct.map((sheet) => finishSheet(sheet.name, sheet.rows));
  return readXlsxWithExceljs(bytes);
}

/** exceljs's in-memory load: every cell's value through cellText. */
export async function readXlsxWithExceljs(bytes: Uint8Array): Promise<Sheet[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new DomainError('VALIDATION', '无法读取该 xlsx 文件，文件可能已损坏或有密码保护');
  }
  return workbook.worksheets.map((worksheet) => {
    const rows: string[][] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        // A merged range keeps its value in the top-left cell only; exceljs repeats it on the others.
        cells[column - 1] = cell.type === ExcelJS.ValueType.Merge ? '' : cellText(cell.value);
      });
      while (rows.length < rowNumber - 1) rows.push([]);
      rows[rowNumber - 1] = trimRow(Array.from(cells, (c) => c ?? ''));
    });
    return finishSheet(worksheet.name, rows);
  });
}

function readCsv(bytes: Uint8Array, filename: string): Table {
  const { text, encoding } = decodeText(bytes);
  const rows = parseCsv(text).map((record) => trimRow(record.map(normaliseText)));
  const name = filename.replace(/\.[^.]*$/, '') || 'CSV';
  return { encoding, sheets: [finishSheet(name, rows)] };
}

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOle = (b: Uint8Array) => b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/** Reads an uploaded xlsx or CSV (told apart by content, not by name) to text cells. */
export async function readTable(bytes: Uint8Array, filename: string): Promise<Table> {
  if (bytes.length === 0) throw new DomainError('VALIDATION', '文件是空的');
  if (isOle(bytes)) throw new DomainError('VALIDATION', '不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV 后再导入');
  if (isZip(bytes)) return { encoding: 'xlsx', sheets: await readXlsx(bytes) };
  return readCsv(bytes, filename);
}

import ExcelJS from 'exceljs';
import { cellText, trimRow } from '../imports/cells.js';
import { DomainError } from '../errors.js';

const MAIN_SHEET = '总表';

/** Cells of one streamed row, 0-based, normalised. exceljs gives `values` 1-based and sparse. */
function rowCells(values: unknown): string[] {
  const source = values as unknown[];
  const cells: string[] = new Array<string>(Math.max(0, source.length - 1));
  for (let i = 1; i < source.length; i++) cells[i - 1] = cellText(source[i]);
  return trimRow(cells);
}

/**
 * The rows of sheet 总表 (or else the first sheet) of an xlsx, streamed with exceljs's WorkbookReader so
 * a 270,000-row workbook is never loaded whole. Yields every row from row 1, [] for blank ones, so the
 * position is the row number the user sees.
 */
export async function* streamDictionaryRows(file: string): AsyncGenerator<string[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let chosen = false;
  try {
    for await (const worksheet of reader) {
      const wanted = wantedSheet(reader);
      if (chosen || (wanted !== null && (worksheet as unknown as { name: string }).name !== wanted)) continue;
      chosen = true;
      let next = 1;
      for await (const row of worksheet) {
        for (; next < row.number; next++) yield [];
        yield rowCells(row.values);
        next = row.number + 1;
      }
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError('VALIDATION', `无法读取该 xlsx 文件：${error instanceof Error ? error.message : String(error)}`);
  }
  if (!chosen) throw new DomainError('VALIDATION', '文件中没有工作表');
}

/**
 * 总表 if the workbook has it, else its first sheet in tab order; null (take the first emitted) when the
 * zip holds the sheets before xl/workbook.xml and the names are not known yet.
 */
function wantedSheet(reader: ExcelJS.stream.xlsx.WorkbookReader): string | null {
  const sheets = (reader as unknown as { model?: { sheets?: { name: string }[] } }).model?.sheets ?? [];
  return sheets.find((s) => s.name === MAIN_SHEET)?.name ?? sheets[0]?.name ?? null;
}

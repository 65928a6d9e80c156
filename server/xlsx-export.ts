import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ExportSpec } from '../core/api/operation.js';

/** A cell value exceljs writes as the user expects: booleans as 是/否, missing as blank, objects as JSON. */
function cellValue(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}

/** Rows of an operation's output, as its export spec names them; a missing array is an empty sheet. */
export function exportRows(spec: ExportSpec, output: unknown): Record<string, unknown>[] {
  const rows = (output as Record<string, unknown> | null)?.[spec.rows];
  return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
}

/**
 * Streams an xlsx: Chinese headers, bold and frozen, with an autofilter over every column. The streaming
 * writer keeps memory flat for the large lists (audit log exports run to 100,000 rows).
 */
export function xlsxStream(spec: ExportSpec, rows: Record<string, unknown>[]): Readable {
  const stream = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = '统采';
  const sheet = workbook.addWorksheet(spec.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = spec.columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 16 }));
  sheet.getRow(1).font = { bold: true };
  if (spec.columns.length > 0) {
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: spec.columns.length } };
  }
  const write = async () => {
    sheet.getRow(1).commit();
    for (const row of rows) {
      const values: Record<string, string | number | null> = {};
      for (const c of spec.columns) values[c.key] = cellValue(row[c.key]);
      sheet.addRow(values).commit();
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => stream.destroy(error instanceof Error ? error : new Error(String(error))));
  return stream;
}

/** `审计日志-20261124.xlsx`, dated in the hub's local time, as Content-Disposition wants it (RFC 6266/5987). */
export function attachmentDisposition(baseName: string, now: Date): string {
  const date = `${now.getFullYear()}${String(now.getMonth() + 1).padStart(2, '0')}${String(now.getDate()).padStart(2, '0')}`;
  const name = `${baseName}-${date}.xlsx`;
  // Old clients that ignore filename* get a plain name rather than mangled Chinese.
  const asciiFallback = /^[\x20-\x7e]+$/.test(name) && !/["\\]/.test(name) ? name : `tongcai-export-${date}.xlsx`;
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`;
}

import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import type { DocumentSeries } from '../api/documents.js';

export { DOCUMENT_SERIES, DOCUMENT_SERIES_PREFIXES, type DocumentSeries } from '../api/documents.js';

/**
 * The next number of a series, gap-free: it is taken inside the command's transaction, so a rolled-back
 * command gives its number back. `year` 0 is a series that never restarts (目录编码 YP000123).
 */
export function nextInSeries(db: Db, series: string, year: number): number {
  const row = prepared(
    db.$client,
    `INSERT INTO number_series (series, year, last) VALUES (?, ?, 1)
     ON CONFLICT (series, year) DO UPDATE SET last = last + 1 RETURNING last`,
  ).get(series, year) as { last: number };
  return row.last;
}

/** A document number as printed: prefix, year, a dash and six digits (CG2026-000001). */
export function formatDocumentNumber(series: DocumentSeries, year: number, seq: number): string {
  return `${series}${year}-${String(seq).padStart(6, '0')}`;
}

/** The next document number of a declared series (core/api/documents.ts DOCUMENT_SERIES) and year. */
export function takeDocumentNumber(db: Db, series: DocumentSeries, year: number): { seq: number; number: string } {
  const seq = nextInSeries(db, series, year);
  return { seq, number: formatDocumentNumber(series, year, seq) };
}

/** A document number such as ML2026-000001. */
export function nextNumber(db: Db, series: DocumentSeries, year: number): string {
  return takeDocumentNumber(db, series, year).number;
}

import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';

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

/** A document number such as ML2026-000001: series, year, a dash and six digits. */
export function nextNumber(db: Db, series: string, year: number): string {
  return `${series}${year}-${String(nextInSeries(db, series, year)).padStart(6, '0')}`;
}

import { dateStartInstant } from '../time.js';

/**
 * A calendar month of the community (China time) as the instants stored in the ledger (ISO UTC): moves at or after
 * `startAt` and before `endAt` belong to it. `firstDay` / `lastDay` / `nextFirstDay` are community dates.
 */
export interface MonthPeriod {
  month: string;
  startAt: string;
  endAt: string;
  firstDay: string;
  lastDay: string;
  nextFirstDay: string;
  days: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function monthPeriod(month: string): MonthPeriod {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? { year: year + 1, m: 1 } : { year, m: m + 1 };
  const days = new Date(Date.UTC(next.year, next.m - 1, 0)).getUTCDate();
  const firstDay = `${year}-${pad(m)}-01`;
  const nextFirstDay = `${next.year}-${pad(next.m)}-01`;
  return {
    month,
    startAt: dateStartInstant(firstDay),
    endAt: dateStartInstant(nextFirstDay),
    firstDay,
    lastDay: `${year}-${pad(m)}-${pad(days)}`,
    nextFirstDay,
    days,
  };
}

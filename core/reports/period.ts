import { COMMUNITY_UTC_OFFSET_HOURS } from '../time.js';

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
  const instant = (y: number, mo: number) => new Date(Date.UTC(y, mo - 1, 1, -COMMUNITY_UTC_OFFSET_HOURS)).toISOString();
  const days = new Date(Date.UTC(next.year, next.m - 1, 0)).getUTCDate();
  return {
    month,
    startAt: instant(year, m),
    endAt: instant(next.year, next.m),
    firstDay: `${year}-${pad(m)}-01`,
    lastDay: `${year}-${pad(m)}-${pad(days)}`,
    nextFirstDay: `${next.year}-${pad(next.m)}-01`,
    days,
  };
}

/** `date` (YYYY-MM-DD) plus whole calendar months, clamped to the month's last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(Math.min(d, last))}`;
}

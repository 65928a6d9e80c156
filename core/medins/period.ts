import { monthPeriod } from '../reports/period.js';
import { COMMUNITY_UTC_OFFSET_HOURS, dateStartInstant, nextDate } from '../time.js';

/** A report period in community dates (China time), with the UTC instants the ledger stores: [startAt, endAt). */
export interface MedinsPeriod {
  from: string;
  to: string;
  /** 2026-11 for a whole month, else `from_to`. */
  label: string;
  startAt: string;
  endAt: string;
}

/** A month (its first to last day) or a date range, with the instants it spans. */
export function periodOf(input: { month?: string | undefined; from?: string | undefined; to?: string | undefined }): MedinsPeriod {
  if (input.month) {
    const month = monthPeriod(input.month);
    return { from: month.firstDay, to: month.lastDay, label: input.month, startAt: month.startAt, endAt: month.endAt };
  }
  const from = input.from!;
  const to = input.to!;
  return { from, to, label: `${from}_${to}`, startAt: dateStartInstant(from), endAt: dateStartInstant(nextDate(to)) };
}

/** An instant as the community's local `yyyy-MM-dd HH:mm:ss` (the 医保 datetime format). */
export function localDateTime(iso: string): string {
  return new Date(Date.parse(iso) + COMMUNITY_UTC_OFFSET_HOURS * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

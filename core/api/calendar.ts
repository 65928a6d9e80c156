/**
 * The community's calendar. Times are stored as ISO-8601 UTC instants; business dates — a price's
 * effective date, a document's date, the year of a document number, "today" for what is in force — are
 * the community's local date. Every community is in China, which keeps UTC+8 all year (no daylight
 * saving), so the offset is fixed rather than looked up in a time-zone database the hub may not have.
 */
export const COMMUNITY_UTC_OFFSET_HOURS = 8;

/** The community's calendar date (YYYY-MM-DD) at an instant. */
export function communityDate(now: Date): string {
  return new Date(now.getTime() + COMMUNITY_UTC_OFFSET_HOURS * 3600_000).toISOString().slice(0, 10);
}

/** The instant a community date begins, as the ledger stores instants (UTC ISO): 2026-11-01 → 2026-10-31T16:00:00.000Z. */
export function dateStartInstant(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - COMMUNITY_UTC_OFFSET_HOURS * 3600_000).toISOString();
}

/** The calendar date after `date` (YYYY-MM-DD). */
export function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** `date` (YYYY-MM-DD) plus whole calendar months, the day clamped to the month's last: 2026-08-31 + 6 → 2027-02-28. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The community's calendar year at an instant (document numbers run per year: ML2026-000001). */
export function communityYear(now: Date): number {
  return Number(communityDate(now).slice(0, 4));
}

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

/** The community's calendar year at an instant (document numbers run per year: ML2026-000001). */
export function communityYear(now: Date): number {
  return Number(communityDate(now).slice(0, 4));
}

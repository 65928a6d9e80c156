import { COMMUNITY_UTC_OFFSET_HOURS } from '../time.js';

/** A report period in community dates (China time), with the UTC instants the ledger stores: [startAt, endAt). */
export interface MedinsPeriod {
  from: string;
  to: string;
  /** 2026-11 for a whole month, else `from_to`. */
  label: string;
  startAt: string;
  endAt: string;
}

const pad = (v: number) => String(v).padStart(2, '0');

/** The UTC instant at which a community date begins. */
function dayStart(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, -COMMUNITY_UTC_OFFSET_HOURS)).toISOString();
}

function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

export function periodOf(input: { month?: string | undefined; from?: string | undefined; to?: string | undefined }): MedinsPeriod {
  if (input.month) {
    const [y, m] = input.month.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const from = `${y}-${pad(m)}-01`;
    const to = `${y}-${pad(m)}-${pad(last)}`;
    return { from, to, label: input.month, startAt: dayStart(from), endAt: dayStart(nextDay(to)) };
  }
  const from = input.from!;
  const to = input.to!;
  return { from, to, label: `${from}_${to}`, startAt: dayStart(from), endAt: dayStart(nextDay(to)) };
}

/** An instant as the community's local `yyyy-MM-dd HH:mm:ss` (the 医保 datetime format). */
export function localDateTime(iso: string): string {
  return new Date(Date.parse(iso) + COMMUNITY_UTC_OFFSET_HOURS * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

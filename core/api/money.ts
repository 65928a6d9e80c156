/**
 * Money is an integer of micro-yuan (10⁻⁶ ¥). These convert to and from the decimal text people type and
 * read, without ever passing through a float.
 */
export const MICRO_PER_YUAN = 1_000_000;

/** "12.5" / "12.500000" / "1,234.56" → micro-yuan, or null if it is not a non-negative amount with ≤ 6 decimals. */
export function parseYuan(text: string): number | null {
  const cleaned = text.replace(/[,，\s¥￥]/g, '');
  const match = /^(\d+)(?:\.(\d{0,6}))?$/.exec(cleaned);
  if (!match) return null;
  const micro = Number(match[1]) * MICRO_PER_YUAN + Number((match[2] ?? '').padEnd(6, '0'));
  return Number.isSafeInteger(micro) ? micro : null;
}

/** micro-yuan → "12.50" (at least 2, at most 6 decimals, trailing zeros beyond the fen dropped). */
export function formatYuan(micro: number): string {
  const sign = micro < 0 ? '-' : '';
  const abs = Math.abs(micro);
  const whole = Math.floor(abs / MICRO_PER_YUAN);
  const fraction = String(abs % MICRO_PER_YUAN).padStart(6, '0').replace(/0+$/, '').padEnd(2, '0');
  return `${sign}${whole}.${fraction}`;
}

/** A line amount, rounded half-up to the fen (0.01 ¥ = 10,000 micro-yuan). */
export function roundToFen(micro: number): number {
  const fen = 10_000;
  const rounded = Math.sign(micro) * Math.floor((Math.abs(micro) + fen / 2) / fen) * fen;
  // Never -0: a tiny refund rounds to a plain zero that compares and serialises like one.
  return rounded === 0 ? 0 : rounded;
}

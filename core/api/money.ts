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

/* ───────────── the money rule (every document line and total uses it) ───────────── */

/**
 * A cost is kept the way it was quoted: a price per the pack it was bought in (integer micro-yuan per pack)
 * plus that pack's factor (base units in one pack). It is never stored as a derived price per base unit,
 * which would have to be rounded: 12.50 ¥ per box of 24 is 0.5208333… ¥ per tablet.
 */
export interface PackCost {
  /** micro-yuan per pack */
  priceMicro: number;
  /** base units in one pack, ≥ 1 */
  packFactor: number;
}

/** One fen (0.01 ¥) in micro-yuan. */
export const MICRO_PER_FEN = 10_000;

/**
 * A line's amount in micro-yuan, a whole number of fen:
 *   quantity (base units) × priceMicro ÷ packFactor, computed exactly in integers (BigInt), then
 *   rounded half-up to the fen — once, here, per line. Half-up means half away from zero (四舍五入), so a
 *   reversing line (negative quantity) is exactly the negative of the line it reverses.
 * Throws on a non-integer or unsafe input, a negative price, a factor below 1, or an amount beyond
 * Number.MAX_SAFE_INTEGER micro-yuan.
 */
export function lineAmountMicro(quantityBase: number, cost: PackCost): number {
  if (!Number.isSafeInteger(quantityBase)) throw new RangeError(`quantity must be a whole number of base units: ${quantityBase}`);
  if (!Number.isSafeInteger(cost.priceMicro) || cost.priceMicro < 0) throw new RangeError(`price must be non-negative integer micro-yuan: ${cost.priceMicro}`);
  if (!Number.isSafeInteger(cost.packFactor) || cost.packFactor < 1) throw new RangeError(`pack factor must be a positive integer: ${cost.packFactor}`);
  const negative = quantityBase < 0;
  const numerator = BigInt(Math.abs(quantityBase)) * BigInt(cost.priceMicro);
  const denominator = BigInt(cost.packFactor) * BigInt(MICRO_PER_FEN);
  // floor((n + d/2) / d) without fractions: floor((2n + d) / 2d).
  const fen = (2n * numerator + denominator) / (2n * denominator);
  const micro = fen * BigInt(MICRO_PER_FEN);
  if (micro > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('line amount too large');
  const result = Number(micro);
  return negative && result !== 0 ? -result : result;
}

/** A document's total: the sum of its lines, each already rounded by lineAmountMicro — so printed lines add up. */
export function documentTotalMicro(lines: readonly { quantityBase: number; cost: PackCost }[]): number {
  let total = 0n;
  for (const line of lines) total += BigInt(lineAmountMicro(line.quantityBase, line.cost));
  if (total > BigInt(Number.MAX_SAFE_INTEGER) || total < -BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('document total too large');
  return Number(total);
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { documentTotalMicro, formatYuan, lineAmountMicro, MICRO_PER_FEN, MICRO_PER_YUAN, parseYuan, roundToFen } from '../../core/api/money.js';

describe('money in micro-yuan', () => {
  it('parses what people type, up to six decimals, and nothing else', () => {
    expect(parseYuan('12.5')).toBe(12_500_000);
    expect(parseYuan('1,234.56')).toBe(1_234_560_000);
    expect(parseYuan('￥ 0.000001')).toBe(1);
    expect(parseYuan('3')).toBe(3 * MICRO_PER_YUAN);
    for (const bad of ['', '-1', '1.2345678', 'abc', '1e3', '1.2.3']) expect(parseYuan(bad), bad).toBeNull();
  });

  it('formats with at least two and at most six decimals', () => {
    expect(formatYuan(12_500_000)).toBe('12.50');
    expect(formatYuan(1)).toBe('0.000001');
    expect(formatYuan(0)).toBe('0.00');
    expect(formatYuan(-1_230_000)).toBe('-1.23');
  });

  it('round-trips every amount exactly, never through a float', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (micro) => {
        expect(parseYuan(formatYuan(micro))).toBe(micro);
      }),
    );
    // 0.1 + 0.2 is the classic float trap; integer micro-yuan add exactly.
    expect(parseYuan('0.1')! + parseYuan('0.2')!).toBe(parseYuan('0.3'));
  });

  it('rounds a line amount half-up to the fen', () => {
    expect(roundToFen(12_344_999)).toBe(12_340_000);
    expect(roundToFen(12_345_000)).toBe(12_350_000);
    expect(roundToFen(5_000)).toBe(10_000);
    expect(roundToFen(4_999)).toBe(0);
    expect(roundToFen(-5_000)).toBe(-10_000);
    expect(Object.is(roundToFen(-1), 0)).toBe(true);
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (micro) => {
        const fen = roundToFen(micro);
        expect(Math.abs(fen % 10_000)).toBe(0);
        expect(Math.abs(fen - micro)).toBeLessThanOrEqual(5_000);
      }),
    );
  });
});

describe('the money rule: lines rounded half-up to the fen once each, totals the sum of rounded lines', () => {
  /** Independent reference: the exact amount as a fraction, rounded by comparing the remainder with half. */
  function referenceFen(quantity: bigint, price: bigint, factor: bigint): bigint {
    const sign = quantity < 0n ? -1n : 1n;
    const n = (quantity < 0n ? -quantity : quantity) * price; // micro-yuan × factor
    const d = factor * 10_000n; // per fen
    const whole = n / d;
    const rest = n % d;
    return sign * (2n * rest >= d ? whole + 1n : whole);
  }
  const cost = fc.record({ priceMicro: fc.integer({ min: 0, max: 1_000_000_000 }), packFactor: fc.integer({ min: 1, max: 100_000 }) });
  const quantity = fc.integer({ min: -1_000_000, max: 1_000_000 });

  it('computes quantity × price ÷ factor exactly and rounds half-up, as the BigInt reference does', () => {
    fc.assert(
      fc.property(quantity, cost, (q, c) => {
        const fen = referenceFen(BigInt(q), BigInt(c.priceMicro), BigInt(c.packFactor));
        expect(lineAmountMicro(q, c)).toBe(Number(fen * 10_000n) || 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('rounds exact halves up (away from zero), and a reversing line is the exact negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000 }), (fen, factor) => {
        // One whole pack priced at fen + ½ fen: the line is exactly fen + ½ fen.
        const cost = { priceMicro: fen * 10_000 + 5_000, packFactor: factor };
        expect(lineAmountMicro(factor, cost)).toBe((fen + 1) * 10_000);
        expect(lineAmountMicro(-factor, cost)).toBe(-(fen + 1) * 10_000);
      }),
    );
    fc.assert(
      fc.property(quantity, cost, (q, c) => {
        expect(lineAmountMicro(-q, c) + lineAmountMicro(q, c)).toBe(0);
      }),
    );
  });

  it('gets right what floating point gets wrong', () => {
    // 1.005 ¥ is 1.01 ¥ half-up; 1.005 * 100 in floating point is 100.49999999999999.
    expect(lineAmountMicro(1, { priceMicro: 1_005_000, packFactor: 1 })).toBe(1_010_000);
    // 12.50 ¥ per box of 24, 10 tablets: 5.208333… ¥ → 5.21 ¥; 7 tablets: 3.645833… → 3.65; 12 tablets: exactly 6.25.
    const box = { priceMicro: 12_500_000, packFactor: 24 };
    expect([10, 7, 12, 24, 0].map((q) => lineAmountMicro(q, box))).toEqual([5_210_000, 3_650_000, 6_250_000, 12_500_000, 0]);
    // Exactly half a fen rounds away from zero, both ways: 0.005 ¥ → 0.01 ¥, −0.005 ¥ → −0.01 ¥.
    expect(lineAmountMicro(1, { priceMicro: 5_000, packFactor: 1 })).toBe(10_000);
    expect(lineAmountMicro(-1, { priceMicro: 5_000, packFactor: 1 })).toBe(-10_000);
    expect(lineAmountMicro(1, { priceMicro: 4_999, packFactor: 1 })).toBe(0);
    expect(Object.is(lineAmountMicro(-1, { priceMicro: 4_999, packFactor: 1 }), 0)).toBe(true);
    // A product beyond 2^53 (where doubles skip integers) is still exact: 4,000,001 tablets at 9,999.999999 ¥ a case of 1,000.
    const big = { priceMicro: 9_999_999_999, packFactor: 1_000 };
    expect(4_000_001 * 9_999_999_999).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    // exactly 40,000,009.995999999 ¥ → 40,000,010.00 ¥
    expect(lineAmountMicro(4_000_001, big)).toBe(40_000_010_000_000);
    expect(lineAmountMicro(4_000_001, big)).toBe(Number(referenceFen(4_000_001n, 9_999_999_999n, 1_000n) * 10_000n));
  });

  it('refuses what is not an integer amount or quantity', () => {
    expect(() => lineAmountMicro(1.5, { priceMicro: 100, packFactor: 1 })).toThrow(RangeError);
    expect(() => lineAmountMicro(1, { priceMicro: 0.5, packFactor: 1 })).toThrow(RangeError);
    expect(() => lineAmountMicro(1, { priceMicro: -1, packFactor: 1 })).toThrow(RangeError);
    expect(() => lineAmountMicro(1, { priceMicro: 1, packFactor: 0 })).toThrow(RangeError);
    expect(() => lineAmountMicro(Number.MAX_SAFE_INTEGER, { priceMicro: Number.MAX_SAFE_INTEGER, packFactor: 1 })).toThrow(RangeError);
  });

  it('makes every line a whole number of fen, and the printed lines add up to the printed total', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ quantityBase: quantity, cost }), { maxLength: 40 }), (lines) => {
        const amounts = lines.map((l) => lineAmountMicro(l.quantityBase, l.cost));
        for (const a of amounts) expect(a % MICRO_PER_FEN === 0).toBe(true);
        const total = documentTotalMicro(lines);
        // What a reader adds up is the printed text of each line, to the fen.
        const printedSum = amounts.reduce((sum, a) => sum + BigInt(parseSigned(formatYuan(a))), 0n);
        expect(BigInt(parseSigned(formatYuan(total)))).toBe(printedSum);
        expect(BigInt(total)).toBe(amounts.reduce((s, a) => s + BigInt(a), 0n));
      }),
      { numRuns: 500 },
    );
  });

  it('has no floating-point arithmetic in the money module', () => {
    const source = readFileSync(fileURLToPath(new URL('../../core/api/money.ts', import.meta.url)), 'utf8');
    for (const banned of ['Math.round', 'parseFloat', 'toFixed', 'toPrecision', 'Number.parseFloat']) expect(source, banned).not.toContain(banned);
  });
});

/** "−1.23" → micro-yuan through the real parser (which takes only non-negative text). */
function parseSigned(text: string): number {
  const negative = text.startsWith('-');
  const micro = parseYuan(negative ? text.slice(1) : text);
  if (micro === null) throw new Error(`unparseable ${text}`);
  return negative ? -micro : micro;
}

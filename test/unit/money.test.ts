import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatYuan, MICRO_PER_YUAN, parseYuan, roundToFen } from '../../core/api/money.js';

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

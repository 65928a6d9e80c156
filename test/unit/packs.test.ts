import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baseUnitsPer, formatPacks, formatQuantity, splitIntoPacks, toBaseUnits, type PackLevel } from '../../core/api/packs.js';

const PACKS: PackLevel[] = [
  { unit: '盒', factor: 24 },
  { unit: '件', factor: 200 },
];

describe('pack levels', () => {
  it('converts each level to base units', () => {
    expect(baseUnitsPer('片', PACKS, '片')).toBe(1);
    expect(baseUnitsPer('片', PACKS, '盒')).toBe(24);
    expect(baseUnitsPer('片', PACKS, '件')).toBe(4800);
    expect(baseUnitsPer('片', PACKS, '箱')).toBeNull();
    expect(toBaseUnits('片', PACKS, 3, '盒')).toBe(72);
    expect(() => toBaseUnits('片', PACKS, 1, '箱')).toThrow();
  });

  it('splits base units into whole packs, largest first', () => {
    expect(splitIntoPacks('片', PACKS, 4810)).toEqual([
      { unit: '件', quantity: 1 },
      { unit: '盒', quantity: 0 },
      { unit: '片', quantity: 10 },
    ]);
    expect(splitIntoPacks('支', [], 7)).toEqual([{ unit: '支', quantity: 7 }]);
  });

  it('says the unit of every quantity it shows', () => {
    expect(formatQuantity('片', PACKS, 4810)).toBe('4810 片（1 件 + 10 片）');
    expect(formatQuantity('片', PACKS, 48)).toBe('48 片（2 盒）');
    expect(formatQuantity('片', PACKS, 10)).toBe('10 片');
    expect(formatQuantity('片', PACKS, 0)).toBe('0 片');
  });

  it('prints pack levels as a catalogue does', () => {
    expect(formatPacks('片', PACKS)).toBe('24片/盒，200盒/件');
    expect(formatPacks('袋', [])).toBe('袋');
  });

  it('round-trips: the packs a quantity splits into add back up to it', () => {
    const level = fc.record({ factor: fc.integer({ min: 1, max: 1000 }) });
    fc.assert(
      fc.property(fc.array(level, { maxLength: 3 }), fc.integer({ min: 0, max: 10_000_000 }), (factors, quantity) => {
        const packs = factors.map((f, i) => ({ unit: `L${i}`, factor: f.factor }));
        const parts = splitIntoPacks('B', packs, quantity);
        const total = parts.reduce((sum, p) => sum + toBaseUnits('B', packs, p.quantity, p.unit), 0);
        expect(total).toBe(quantity);
        // Every part but the largest is below one of the next level up.
        parts
          .slice(1)
          .forEach((p, i) =>
            expect(p.quantity * baseUnitsPer('B', packs, p.unit)!).toBeLessThan(baseUnitsPer('B', packs, parts[i]!.unit)!),
          );
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { communityDate, communityYear } from '../../core/time.js';

describe("the community's business date (China, UTC+8)", () => {
  it('turns over at 16:00 UTC, not at UTC midnight', () => {
    expect(communityDate(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
    expect(communityDate(new Date('2026-03-01T16:00:00.000Z'))).toBe('2026-03-02');
    // 00:30 in Beijing on New Year's Day is still the old year in UTC.
    expect(communityDate(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01-01');
    expect(communityYear(new Date('2025-12-31T16:30:00Z'))).toBe(2026);
    expect(communityYear(new Date('2025-12-31T15:30:00Z'))).toBe(2025);
  });

  it('agrees with the Asia/Shanghai calendar at every instant', () => {
    const shanghai = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    fc.assert(
      fc.property(fc.date({ min: new Date('1992-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (d) => {
        expect(communityDate(d)).toBe(shanghai.format(d));
      }),
      { numRuns: 2000 },
    );
  });
});

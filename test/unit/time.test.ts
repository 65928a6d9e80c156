import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, communityDate, communityYear, dateStartInstant, nextDate } from '../../core/time.js';

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

describe('community dates to instants and months', () => {
  it('starts a community date at 16:00 UTC the day before, and the instant reads back as that date', () => {
    expect(dateStartInstant('2026-11-01')).toBe('2026-10-31T16:00:00.000Z');
    expect(nextDate('2026-12-31')).toBe('2027-01-01');
    expect(nextDate('2028-02-28')).toBe('2028-02-29');
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const date = d.toISOString().slice(0, 10);
        const start = new Date(dateStartInstant(date));
        expect(communityDate(start)).toBe(date);
        expect(communityDate(new Date(start.getTime() - 1))).not.toBe(date);
        expect(dateStartInstant(nextDate(date))).toBe(new Date(start.getTime() + 86_400_000).toISOString());
      }),
    );
  });

  it('adds calendar months with the day clamped to the month end, forwards and backwards', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
    expect(addMonths('2026-03-31', -13)).toBe('2025-02-28');
    expect(addMonths('2026-11-03', 0)).toBe('2026-11-03');
  });
});

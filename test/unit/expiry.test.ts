import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expiryText, parseExpiry } from '../../core/api/expiry.js';

const date = (text: string) => {
  const parsed = parseExpiry(text);
  return parsed.ok ? parsed.date : `refused: ${parsed.reason}`;
};

describe('有效期 as printed, to a full date', () => {
  it('reads every form the issue lists, month-only meaning the last day of that month', () => {
    expect(date('2027-09-30')).toBe('2027-09-30');
    expect(date('2027-09')).toBe('2027-09-30');
    expect(date('202709')).toBe('2027-09-30');
    expect(date('2027.09')).toBe('2027-09-30');
    expect(date('2027/9')).toBe('2027-09-30');
    expect(date('有效期至2027年09月')).toBe('2027-09-30');
  });

  it('reads days, full-width digits, label words and the last day of February', () => {
    expect(date('20270930')).toBe('2027-09-30');
    expect(date('2027年9月3日')).toBe('2027-09-03');
    expect(date('２０２８．０２')).toBe('2028-02-29');
    expect(date('2027-02')).toBe('2027-02-28');
    expect(date('有效期至：2026.12.31')).toBe('2026-12-31');
    expect(date(' EXP 2030/1 ')).toBe('2030-01-31');
    expect(parseExpiry('2027-09')).toMatchObject({ monthOnly: true });
    expect(parseExpiry('2027-09-01')).toMatchObject({ monthOnly: false });
  });

  it('refuses what is not a date, with a Chinese reason', () => {
    expect(date('')).toBe('refused: 请填写有效期');
    expect(date('2027-13')).toBe('refused: 有效期月份 13 不正确');
    expect(date('2027-02-30')).toBe('refused: 2027年2月没有 30 日');
    expect(date('1899-01')).toBe('refused: 有效期年份 1899 不合理');
    expect(date('长期')).toMatch(/^refused: 无法识别有效期“长期”/);
    expect(date('27-09')).toMatch(/^refused: 无法识别/);
  });

  it('in a contract: the parsed date, or an issue with the reason on the field', () => {
    expect(expiryText.parse('2027.09')).toBe('2027-09-30');
    const result = expiryText.safeParse('2027-00');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('有效期月份 0 不正确');
  });

  it('property: every day and every month, written in each style, reads back to that day or the month end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
        const day = Math.min(d, last);
        const iso = `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        const monthEnd = `${y}-${String(m).padStart(2, '0')}-${last}`;
        for (const text of [iso, `${y}/${m}/${day}`, `${y}.${m}.${day}`, `${y}年${m}月${day}日`, iso.replaceAll('-', '')]) expect(date(text)).toBe(iso);
        for (const text of [`${y}-${String(m).padStart(2, '0')}`, `${y}/${m}`, `${y}.${m}`, `${y}年${m}月`, `有效期至${y}年${String(m).padStart(2, '0')}月`]) {
          expect(date(text)).toBe(monthEnd);
        }
      }),
    );
  });
});

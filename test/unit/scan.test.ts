import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readScan } from '../../core/api/scan.js';

/** A GTIN-14 with a correct GS1 check digit, computed here independently of core (weights 3,1,3,… from the right). */
function withCheckDigit(first13: string): string {
  const sum = first13
    .split('')
    .reverse()
    .reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return `${first13}${(10 - (sum % 10)) % 10}`;
}

const GS = '\u001d';
// A published GTIN-13 (EAN) in its GTIN-14 form: 6901234567892 → 06901234567892.
const GTIN = '06901234567892';

describe('what a barcode scanner typed', () => {
  it('a 20-digit 药品追溯码, with its 7-digit product prefix', () => {
    expect(readScan('81234560012345678901')).toEqual({ kind: 'trace', code: '81234560012345678901', productPrefix: '8123456' });
    // Typed in a Chinese input method: full-width digits, and the Enter the scanner adds.
    expect(readScan('８１２３４５６００１２３４５６７８９０１\r\n')).toMatchObject({ kind: 'trace', code: '81234560012345678901' });
    expect(readScan('8123456001234567890')).toEqual({ kind: 'invalid', reason: '追溯码应为 20 位数字（扫描到 19 位）' });
  });

  it('a GS1 UDI in brackets: GTIN, batch, dates (day 00 = month end) and serial', () => {
    expect(readScan(`(01)${GTIN}(11)250315(17)270900(10)B2503A(21)SN0001`)).toEqual({
      kind: 'udi',
      gtin: GTIN,
      batch: 'B2503A',
      production: '2025-03-15',
      expiry: '2027-09-30',
      serial: 'SN0001',
    });
  });

  it('a raw GS1 string with FNC1 (GS) after variable-length fields, and a symbology prefix', () => {
    expect(readScan(`]d201${GTIN}17280229` + `10LOT-7${GS}21X9`)).toEqual({
      kind: 'udi',
      gtin: GTIN,
      batch: 'LOT-7',
      production: null,
      expiry: '2028-02-29',
      serial: 'X9',
    });
  });

  it('refuses a wrong GTIN check digit, an impossible date and unknown identifiers, saying why', () => {
    expect(readScan('(01)06901234567893(17)270930')).toEqual({ kind: 'invalid', reason: 'GTIN 06901234567893 校验位不正确' });
    expect(readScan(`(01)${GTIN}(17)271331`)).toEqual({ kind: 'invalid', reason: '有效期 (17)的月份 13 不正确' });
    expect(readScan(`(01)${GTIN}(17)270231`)).toEqual({ kind: 'invalid', reason: '有效期 (17)的日期 31 不正确' });
    expect(readScan(`(01)${GTIN}(99)ABC`)).toEqual({ kind: 'invalid', reason: '不支持的 GS1 应用标识符 (99)' });
    expect(readScan('阿莫西林')).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/无法识别的条码/) });
    expect(readScan('  ')).toEqual({ kind: 'invalid', reason: '扫描内容为空' });
  });

  it('property: any valid GTIN with batch and expiry reads back the same, bracketed or raw', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{13}$/),
        fc.stringMatching(/^[A-Z0-9]{1,20}$/),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 1, max: 12 }),
        (first13, batch, yy, mm) => {
          const gtin = withCheckDigit(first13);
          const yymm = `${String(yy).padStart(2, '0')}${String(mm).padStart(2, '0')}`;
          const last = new Date(Date.UTC(2000 + yy, mm, 0)).getUTCDate();
          const expected = { kind: 'udi', gtin, batch, production: null, expiry: `${2000 + yy}-${yymm.slice(2)}-${last}`, serial: null };
          expect(readScan(`(01)${gtin}(17)${yymm}00(10)${batch}`)).toEqual(expected);
          expect(readScan(`01${gtin}17${yymm}0010${batch}`)).toEqual(expected);
        },
      ),
    );
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  isConsumableInsuranceCode,
  isDeviceRegistrationNo,
  isDrugApprovalNo,
  isDrugInsuranceCode,
  isStandardCode,
  isTraceCode,
  isValidGtin,
  isValidUscc,
  toHalfWidth,
  usccCheckChar,
} from '../../core/api/codes.js';
import { canonicalJson } from '../../core/audit/chain.js';

describe('USCC (GB 32100-2015)', () => {
  it('accepts real codes and rejects a changed check character', () => {
    // Published codes of well-known organisations.
    for (const code of ['91350100M000100Y43', '911100001000080343', '12100000400000624D']) {
      expect(isValidUscc(code)).toBe(true);
      const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
      expect(isValidUscc(wrong)).toBe(false);
    }
  });

  it('rejects forbidden letters and wrong lengths', () => {
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('91350100I000100Y43')).toBe(false); // I is not in the alphabet
    expect(isValidUscc('')).toBe(false);
  });

  it('any 17 valid characters plus their computed check character is valid', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY'.split('');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { minLength: 17, maxLength: 17 }), (chars) => {
        const first = chars.join('');
        const code = first + usccCheckChar(first)!;
        expect(isValidUscc(code)).toBe(true);
      }),
    );
  });
});

describe('toHalfWidth', () => {
  it('folds full-width digits, letters and the ideographic space', () => {
    expect(toHalfWidth('ＱＹ－０１\u3000')).toBe('QY-01 ');
  });
});

describe('canonicalJson', () => {
  it('is independent of key order at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });
});

describe('procurement code checks (domain brief §5)', () => {
  it('医保药品代码 and 耗材代码', () => {
    expect(isDrugInsuranceCode('XA01ABD075A002010100483')).toBe(true);
    expect(isDrugInsuranceCode('XA01ABD075A00201010048')).toBe(false);
    expect(isDrugInsuranceCode('ZA04BAA0114010102386')).toBe(true);
    expect(isConsumableInsuranceCode('C010101001000000123')).toBe(false); // 19 chars
    expect(isConsumableInsuranceCode('C01010100100000012345')).toBe(false); // 21 chars
    expect(isConsumableInsuranceCode('C0101010010000012345')).toBe(true);
  });

  it('批准文号, 注册证号, 本位码, 追溯码', () => {
    expect(isDrugApprovalNo('国药准字H20067255')).toBe(true);
    expect(isDrugApprovalNo('国药准字HJ20067255')).toBe(true);
    expect(isDrugApprovalNo('国药准字X20067255')).toBe(false);
    expect(isDeviceRegistrationNo('国械注准20193130123')).toBe(true);
    expect(isDeviceRegistrationNo('国械注准2019313012')).toBe(false);
    expect(isStandardCode('86900483000019')).toBe(true);
    expect(isStandardCode('8.69004830000190E+13')).toBe(false);
    expect(isTraceCode('81234560000000000001')).toBe(true);
  });

  it('GTIN check digit', () => {
    expect(isValidGtin('06901234567892')).toBe(true);
    expect(isValidGtin('06901234567893')).toBe(false);
    expect(isValidGtin('4006381333931')).toBe(true);
  });
});

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

/**
 * 统一社会信用代码 printed on business licences and in annual reports / public procurement notices. They are
 * data, not computed here: if the check in core/api/codes.ts were wrong, these would fail.
 */
const REAL_USCCS: Record<string, string> = {
  '914403001922038216': '华为技术有限公司',
  '9144030071526726XG': '腾讯科技（深圳）有限公司',
  '91330100799655058B': '阿里巴巴（中国）有限公司',
  '91110000802100433B': '北京百度网讯科技有限公司',
  '91110108551385082Q': '小米科技有限责任公司',
  '91110000710926094P': '中国石油化工股份有限公司',
  '91520000214434146R': '贵州茅台酒股份有限公司',
  '91440300192317458F': '比亚迪股份有限公司',
  '91350900587527783P': '宁德时代新能源科技股份有限公司',
  '91100000100003962T': '中国工商银行股份有限公司',
  '911100001000044477': '中国建设银行股份有限公司',
  '911000001000013428': '中国银行股份有限公司',
  '9144030010001686XA': '招商银行股份有限公司',
  '91440606722473344C': '美的集团股份有限公司',
  '9111000071093123XX': '国家电网有限公司',
  '12100000400000624D': '事业单位（登记管理部门 1 = 机构编制，类别 2 = 事业单位）',
};
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('USCC (GB 32100-2015)', () => {
  it('accepts real codes of well-known companies and institutions', () => {
    const codes = Object.keys(REAL_USCCS);
    expect(codes.length).toBeGreaterThanOrEqual(8);
    for (const code of codes) expect({ code, valid: isValidUscc(code) }).toEqual({ code, valid: true });
  });

  it('knows the check character of real codes', () => {
    expect(usccCheckChar('91440300192317458')).toBe('F');
    expect(usccCheckChar('9144030071526726X')).toBe('G');
    expect(usccCheckChar('9111000071093123X')).toBe('X');
    expect(usccCheckChar('12100000400000624')).toBe('D');
    expect(usccCheckChar('9144030019223821')).toBeNull(); // 16 characters
    expect(usccCheckChar('9144030019223821I')).toBeNull(); // I is not in the alphabet
  });

  it('rejects a real code with its check character replaced', () => {
    for (const code of Object.keys(REAL_USCCS)) {
      for (const other of ALPHABET) {
        if (other === code[17]) continue;
        expect(isValidUscc(code.slice(0, 17) + other)).toBe(false);
      }
    }
  });

  it('rejects a real code with any one character changed or two neighbours swapped', () => {
    // The weights are distinct and non-zero mod 31, so every single substitution and transposition is caught.
    const codes = Object.keys(REAL_USCCS);
    fc.assert(
      fc.property(
        fc.constantFrom(...codes),
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...ALPHABET),
        (code, at, replacement) => {
          fc.pre(code[at] !== replacement);
          expect(isValidUscc(code.slice(0, at) + replacement + code.slice(at + 1))).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...codes), fc.integer({ min: 0, max: 16 }), (code, at) => {
        fc.pre(code[at] !== code[at + 1]);
        const swapped = code.slice(0, at) + code[at + 1] + code[at] + code.slice(at + 2);
        expect(isValidUscc(swapped)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects the letters I, O, Z, S and V, lower case, and wrong lengths', () => {
    const huawei = '914403001922038216';
    for (const letter of ['I', 'O', 'Z', 'S', 'V']) {
      expect(isValidUscc(huawei.slice(0, 8) + letter + huawei.slice(9))).toBe(false);
      expect(isValidUscc(huawei.slice(0, 17) + letter)).toBe(false);
    }
    expect(isValidUscc('91330100799655058b')).toBe(false);
    expect(isValidUscc('91350900587527783')).toBe(false); // 17
    expect(isValidUscc('91350900587527783PP')).toBe(false); // 19
    expect(isValidUscc(' 91350900587527783P')).toBe(false);
    expect(isValidUscc('９１３５０９００５８７５２７７８３Ｐ')).toBe(false); // full width: fold first (toHalfWidth)
    expect(isValidUscc(toHalfWidth('９１３５０９００５８７５２７７８３Ｐ'))).toBe(true);
    expect(isValidUscc('')).toBe(false);
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

  it('GTIN check digit: published GTIN-8, -12, -13 and -14', () => {
    const real = [
      '96385074', // EAN-8
      '036000291452', // UPC-A
      '4006381333931', // EAN-13
      '5901234123457', // EAN-13, GS1's example
      '9780306406157', // ISBN-13 (Bookland EAN)
      '09506000134352', // GTIN-14, GS1 Digital Link's example
      '00012345600012', // GTIN-14, GS1 General Specifications' example
    ];
    for (const gtin of real) expect({ gtin, valid: isValidGtin(gtin) }).toEqual({ gtin, valid: true });
    // Mod 10 with weights 3 and 1 catches every single wrong digit.
    fc.assert(
      fc.property(fc.constantFrom(...real), fc.nat(13), fc.integer({ min: 0, max: 9 }), (gtin, at, digit) => {
        const i = at % gtin.length;
        fc.pre(gtin[i] !== String(digit));
        expect(isValidGtin(gtin.slice(0, i) + digit + gtin.slice(i + 1))).toBe(false);
      }),
      { numRuns: 300 },
    );
    expect(isValidGtin('4006381333932')).toBe(false);
    expect(isValidGtin('400638133393')).toBe(false); // 12 digits, check no longer matches
    expect(isValidGtin('40063813339311')).toBe(false);
    expect(isValidGtin('400638133393X')).toBe(false);
    expect(isValidGtin('9638507')).toBe(false); // 7 digits
    expect(isValidGtin('096385074')).toBe(false); // 9 digits is no GTIN length
  });
});

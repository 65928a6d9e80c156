import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidUscc, toHalfWidth, usccCheckChar } from '../../core/api/codes.js';
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

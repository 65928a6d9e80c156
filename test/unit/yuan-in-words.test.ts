import { describe, expect, it } from 'vitest';
import { yuanInWords } from '../../renderer/src/pages/print/yuanInWords.js';

/** yuan as fen → micro-yuan */
const y = (fen: number) => yuanInWords(fen * 10_000);

describe('金额大写 on printed orders', () => {
  it('writes yuan, jiao and fen with the zeros a cheque writer puts', () => {
    expect(y(123456)).toBe('壹仟贰佰叁拾肆元伍角陆分');
    expect(y(100000)).toBe('壹仟元整');
    expect(y(100500)).toBe('壹仟零伍元整');
    expect(y(120000)).toBe('壹仟贰佰元整');
    expect(y(100_000_000)).toBe('壹佰万元整');
    expect(y(100_010_000)).toBe('壹佰万零壹佰元整');
    expect(y(100_050_000)).toBe('壹佰万零伍佰元整');
    expect(y(1_234_567_800)).toBe('壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元整');
    expect(y(5)).toBe('伍分');
    expect(y(50)).toBe('伍角整');
    expect(y(105)).toBe('壹元零伍分');
    expect(y(0)).toBe('零元整');
  });
});

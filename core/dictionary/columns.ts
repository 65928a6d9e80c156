import { DICTIONARY_COLUMNS, type DictionaryField } from '../api/dictionary.js';
import { isDrugInsuranceCode } from '../api/codes.js';

export const DICTIONARY_FIELDS: readonly DictionaryField[] = DICTIONARY_COLUMNS.map(([key]) => key);

/** Header spellings seen across provinces besides the column's own label. */
const ALIASES: Partial<Record<DictionaryField, RegExp>> = {
  code: /^(医保|国家医保)?药品代码$/,
  // The class column is named after the catalogue year: 2024版甲乙类, 2025版甲乙类, 甲乙类.
  insuranceClass: /甲乙类/,
};

const squeeze = (text: string) => text.replace(/\s+/g, '');

/**
 * Where each dictionary column sits in this file's header row, matched by header text so that reordered
 * and extra columns do not matter. Columns the file lacks read as empty.
 */
export function mapDictionaryHeader(header: readonly string[]): { positions: number[]; missing: string[] } {
  const labels = header.map(squeeze);
  const positions: number[] = [];
  const missing: string[] = [];
  for (const [field, label] of DICTIONARY_COLUMNS) {
    let at = labels.indexOf(label);
    if (at < 0 && ALIASES[field]) at = labels.findIndex((l) => ALIASES[field]!.test(l));
    positions.push(at);
    if (at < 0) missing.push(label);
  }
  return { positions, missing };
}

/** A header row of the 总表 has its code column; found by that, not by guessing. */
export function isDictionaryHeader(cells: readonly string[]): boolean {
  return mapDictionaryHeader(cells).positions[0]! >= 0;
}

/** Why a 药品代码 cannot be stored, or null when it can. */
export function codeProblem(code: string): string | null {
  if (code === '') return '缺少药品代码';
  if (!isDrugInsuranceCode(code)) return `药品代码格式不正确：${code}（西药 X+22 位，中成药 Z+19 位）`;
  return null;
}

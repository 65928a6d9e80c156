/**
 * Spreadsheet text → item field values, the way pharmacy staff write them: 西药/中成药…, 是/否/Y/N/√,
 * 甲/乙/丙, "县,乡", prices in yuan. Each converter returns the value or a Chinese reason; nothing throws.
 */
import { parseYuan } from '../api/money.js';
import type { ItemFields } from '../api/formulary.js';
import { serialDateText } from './cells.js';

export type Converted<T> = { ok: true; value: T } | { ok: false; reason: string };
const ok = <T>(value: T): Converted<T> => ({ ok: true, value });
const fail = <T>(reason: string): Converted<T> => ({ ok: false, reason });

const squeeze = (text: string) => text.replace(/\s+/g, '');

/** Looks the squeezed text up in a table of spellings; '' is `empty`. */
function fromWords<T>(text: string, words: Record<string, T>, empty: T, what: string, expected: string): Converted<T> {
  const key = squeeze(text);
  if (key === '') return ok(empty);
  if (Object.hasOwn(words, key)) return ok(words[key]!);
  return fail(`${what}“${text}”无法识别，应填写${expected}`);
}

const CATEGORY_WORDS: Record<string, ItemFields['category']> = {
  西药: 'western',
  化学药品: 'western',
  中成药: 'chinese_patent',
  中药饮片: 'herbal',
  饮片: 'herbal',
  医用耗材: 'consumable',
  耗材: 'consumable',
  检验试剂: 'reagent',
  试剂: 'reagent',
  院内制剂: 'preparation',
  医院制剂: 'preparation',
};
export const parseCategory = (text: string) => fromWords<ItemFields['category'] | null>(text, CATEGORY_WORDS, null, '类别', ' 西药/中成药/中药饮片/医用耗材/检验试剂/院内制剂');

const CATEGORY_OF_LETTER: Record<string, ItemFields['category']> = { X: 'western', Z: 'chinese_patent', C: 'consumable' };
/** The category a 医保代码 implies by its first letter, or null. */
export const categoryOfCode = (code: string): ItemFields['category'] | null => CATEGORY_OF_LETTER[code.trim().toUpperCase()[0] ?? ''] ?? null;

const YES_NO: Record<string, boolean> = { 是: true, 否: false, Y: true, N: false, y: true, n: false, YES: true, NO: false, yes: true, no: false, '√': true, '✓': true, '×': false, '✗': false, TRUE: true, FALSE: false, '1': true, '0': false, 有: true, 无: false };
export const parseYesNo = (text: string) => fromWords(text, YES_NO, false, '', ' 是/否（或 Y/N、√/×）');

const INSURANCE_CLASS: Record<string, ItemFields['insuranceClass']> = { 甲: 'A', 甲类: 'A', 乙: 'B', 乙类: 'B', 丙: 'C', 丙类: 'C', 无: '', 自费: '' };
export const parseInsuranceClass = (text: string) => fromWords(text, INSURANCE_CLASS, '', '医保类别', ' 甲/乙/丙 或留空');

const CONTROLLED: Record<string, ItemFields['controlledClass']> = {
  麻醉: 'narcotic',
  麻醉药品: 'narcotic',
  精一: 'psychotropic1',
  第一类精神药品: 'psychotropic1',
  一类精神药品: 'psychotropic1',
  精二: 'psychotropic2',
  第二类精神药品: 'psychotropic2',
  二类精神药品: 'psychotropic2',
  医疗用毒性: 'toxic',
  医疗用毒性药品: 'toxic',
  毒性: 'toxic',
  放射性: 'radioactive',
  放射性药品: 'radioactive',
  易制毒: 'precursor',
  药品类易制毒化学品: 'precursor',
  无: '',
  否: '',
};
export const parseControlledClass = (text: string) => fromWords(text, CONTROLLED, '', '特殊管理类别', ' 麻醉/精一/精二/医疗用毒性/放射性/易制毒 或留空');

const ANTIBACTERIAL: Record<string, ItemFields['antibacterialTier']> = {
  非限制: 'unrestricted',
  非限制使用级: 'unrestricted',
  非限制级: 'unrestricted',
  限制: 'restricted',
  限制使用级: 'restricted',
  限制级: 'restricted',
  特殊: 'special',
  特殊使用级: 'special',
  特殊级: 'special',
  无: '',
  否: '',
};
export const parseAntibacterialTier = (text: string) => fromWords(text, ANTIBACTERIAL, '', '抗菌药物分级', ' 非限制/限制/特殊使用级 或留空');

const LEVEL_WORDS: Record<string, keyof ItemFields['levels']> = { 县: 'county', 县级: 'county', 乡: 'township', 乡镇: 'township', 乡级: 'township', 村: 'village', 村级: 'village' };
/** "县,乡" / "县、乡、村" / "县乡" → level flags; '' → null (the default applies). */
export function parseLevels(text: string): Converted<ItemFields['levels'] | null> {
  const key = squeeze(text);
  if (key === '') return ok(null);
  const parts = key.split(/[,，、/;；|]/).filter(Boolean);
  // "县乡村" written without separators: one character per level.
  const words = parts.length === 1 && !(parts[0]! in LEVEL_WORDS) ? [...parts[0]!] : parts;
  const levels = { county: false, township: false, village: false };
  for (const word of words) {
    const level = LEVEL_WORDS[word];
    if (!level) return fail(`可用层级“${text}”无法识别，应为 县/乡/村 的组合，如“县,乡”`);
    levels[level] = true;
  }
  return ok(levels);
}

/** A pack factor: a positive whole number ("24", "24.0" already folded by the reader). */
export function parseFactor(text: string, what: string): Converted<number | null> {
  const key = squeeze(text);
  if (key === '') return ok(null);
  if (!/^\d+$/.test(key) || Number(key) <= 0 || Number(key) > 1_000_000) return fail(`${what}“${text}”应为正整数`);
  return ok(Number(key));
}

/** Yuan text → micro-yuan; '' → null. */
export function parsePrice(text: string, what: string): Converted<number | null> {
  if (squeeze(text) === '') return ok(null);
  const micro = parseYuan(text);
  return micro === null ? fail(`${what}“${text}”不是有效金额（元，最多 6 位小数）`) : ok(micro);
}

/** 2025-03-01, 2025/3/1, 2025.3.1, 2025年3月1日, 20250301 or an Excel serial → YYYY-MM-DD; '' → null. */
export function parseDate(text: string, what: string): Converted<string | null> {
  const key = squeeze(text);
  if (key === '') return ok(null);
  const serial = serialDateText(key);
  if (serial) return ok(serial);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(key) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(key);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d) return ok(date.toISOString().slice(0, 10));
  }
  return fail(`${what}“${text}”不是有效日期（如 2025-03-01）`);
}

/**
 * Writes a 总表-layout workbook like the provinces publish the NHSA 医保药品分类与代码数据库: a merged title
 * row, a blank row, the 26-column header, then one row per code. Streaming writer, so 270,000 rows take
 * little memory. Used by the import benchmark and by the dictionary tests.
 *
 *   npx tsx scripts/bench/make-dictionary-xlsx.ts OUT.xlsx [ROWS]
 */
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { DICTIONARY_COLUMNS } from '../../core/api/dictionary.js';

export const DICTIONARY_HEADER: string[] = DICTIONARY_COLUMNS.map(([, label]) => label);
export const DEFAULT_TITLE = '医保药品分类与代码数据库（2025年第3期）';

const NAMES = ['阿莫西林胶囊', '地喹氯铵含片', '布洛芬缓释胶囊', '盐酸二甲双胍片', '苯磺酸氨氯地平片', '阿托伐他汀钙片', '头孢克肟分散片', '奥美拉唑肠溶胶囊', '复方丹参滴丸', '连花清瘟胶囊'];
const MAKERS = ['汕头经济特区明治医药有限公司', '华北制药股份有限公司', '石药集团欧意药业有限公司', '中美天津史克制药有限公司', '以岭药业股份有限公司', '珠海联邦制药股份有限公司'];
const FORMS = ['片剂', '胶囊剂', '丸剂', '颗粒剂'];
const SPECS = ['0.25g', '0.5g', '10mg', '20mg', '0.3g'];
const UNITS = ['片', '粒', '丸', '袋'];

/** A valid 23-character 西药 code (Z… for every tenth row: a 20-character 中成药 code). */
export function dictionaryCode(i: number): string {
  return i % 10 === 9 ? `ZA01AA${String(i).padStart(14, '0')}` : `XA01ABD${String(i).padStart(16, '0')}`;
}

/** Row i of a generated dictionary, in DICTIONARY_COLUMNS order; 本位码 as a number, as Excel keeps it. */
export function dictionaryRow(i: number, edition = 1): (string | number)[] {
  const name = NAMES[i % NAMES.length]!;
  const form = FORMS[i % FORMS.length]!;
  const spec = SPECS[i % SPECS.length]!;
  const maker = MAKERS[i % MAKERS.length]!;
  const base = UNITS[i % UNITS.length]!;
  return [
    dictionaryCode(i),
    '国家药监局',
    name,
    i % 3 === 0 ? `${name.slice(0, 2)}宁` : '',
    form,
    form,
    spec,
    spec,
    '铝塑',
    String(12 * ((i % 4) + 1)),
    base,
    '盒',
    maker,
    '',
    maker,
    `国药准字H${String(20000000 + (i % 9_000_000)).padStart(8, '0')}`,
    '',
    86_900_000_000_000 + i,
    maker,
    '上市',
    name,
    i % 2 === 0 ? '甲' : '乙',
    form,
    String(i + 1),
    edition > 1 && i % 7 === 0 ? `第${edition}期修订` : '',
    '',
  ];
}

export interface DictionaryWorkbookOptions {
  title?: string | null;
  sheet?: string;
  header?: string[];
}

/** Writes `rows` (or `count` generated rows) below a merged title and the header. */
export async function writeDictionaryXlsx(file: string, rows: Iterable<(string | number)[]>, options: DictionaryWorkbookOptions = {}): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const sheet = workbook.addWorksheet(options.sheet ?? '总表');
  const header = options.header ?? DICTIONARY_HEADER;
  const title = options.title === undefined ? DEFAULT_TITLE : options.title;
  if (title !== null) {
    // Merge before committing: a committed row can no longer be touched.
    sheet.addRow([title]);
    sheet.mergeCells(1, 1, 1, header.length);
    sheet.getRow(1).commit();
    sheet.addRow([]).commit();
  }
  sheet.addRow(header).commit();
  for (const row of rows) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
}

export function* generatedRows(count: number, edition = 1): Generator<(string | number)[]> {
  for (let i = 0; i < count; i++) yield dictionaryRow(i, edition);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [out, count = '270000'] = process.argv.slice(2);
  if (!out) {
    console.error('用法：npx tsx scripts/bench/make-dictionary-xlsx.ts 输出文件.xlsx [行数]');
    process.exit(2);
  }
  await writeDictionaryXlsx(out, generatedRows(Number(count)));
  console.log(`已生成 ${out}（${count} 行）`);
}

import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellText, normaliseText, serialDateText } from '../../core/imports/cells.js';
import { decodeText, parseCsv } from '../../core/imports/csv.js';
import { detectHeaderRow, readTable } from '../../core/imports/table.js';
import { encodeGbk } from '../fixtures/gbk.js';
import { drugRow, formularyCsv, formularyXlsx, HEADER } from '../fixtures/formulary-files.js';

describe('cell text', () => {
  it('undoes what Excel and pasting do to codes and numbers', () => {
    expect(normaliseText('8.6900483000019E+13')).toBe('86900483000019');
    expect(normaliseText('8.69E+2')).toBe('869');
    expect(normaliseText('1.5E-3')).toBe('1.5E-3');
    expect(normaliseText('24.0')).toBe('24');
    expect(normaliseText('０.２５ｇ　')).toBe('0.25g');
    expect(normaliseText('ＸＡ０１ ')).toBe('XA01');
    expect(normaliseText('阿莫西林胶囊  ')).toBe('阿莫西林胶囊');
    // Full-width punctuation is part of Chinese text and stays.
    expect(normaliseText('0.25g（按C16H19N3O4S计）')).toBe('0.25g（按C16H19N3O4S计）');
    expect(cellText(86900483000019)).toBe('86900483000019');
    expect(cellText(24)).toBe('24');
    expect(cellText(0.1 + 0.2)).toBe('0.3');
    expect(cellText(1e21)).toBe('1000000000000000000000');
    expect(cellText({ richText: [{ text: '阿莫' }, { text: '西林 ' }] })).toBe('阿莫西林');
    expect(cellText({ formula: 'A1*2', result: 48 })).toBe('48');
    expect(cellText({ sharedFormula: 'A1', result: '盒' })).toBe('盒');
    expect(cellText({ text: '链接', hyperlink: 'http://x' })).toBe('链接');
    expect(cellText({ error: '#N/A' })).toBe('');
    expect(cellText(new Date(Date.UTC(2025, 2, 1)))).toBe('2025-03-01');
    expect(serialDateText('45717')).toBe('2025-03-01');
    expect(serialDateText('86900483000019')).toBeNull();
  });
});

describe('csv', () => {
  it('parses quotes, doubled quotes, separators and line breaks inside quotes, CRLF, and a last line without a break', () => {
    expect(parseCsv('a,"b,c","say ""hi"""\r\n"two\r\nlines",x\n\nlast,row')).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['two\r\nlines', 'x'],
      [''],
      ['last', 'row'],
    ]);
    expect(parseCsv('a\tb\r\n1\t2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('detects UTF-8, UTF-8 with BOM and GBK', () => {
    const text = '通用名,规格\r\n阿莫西林胶囊,0.25g\r\n';
    expect(decodeText(Buffer.from(text))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({ text, encoding: 'utf-8-bom' });
    expect(decodeText(encodeGbk(text))).toEqual({ text, encoding: 'gbk' });
  });

  it.each(['utf-8', 'utf-8-bom', 'gbk'] as const)('reads a %s formulary CSV with a title line above the header', async (encoding) => {
    const table = await readTable(formularyCsv([drugRow(1), drugRow(2, { 规格: '０.５ｇ ' })], encoding, '清源县医共体统一用药目录'), '目录.csv');
    expect(table.encoding).toBe(encoding);
    const [sheet] = table.sheets;
    expect(sheet!.name).toBe('目录');
    expect(sheet!.rows[0]).toEqual(['清源县医共体统一用药目录']);
    expect(sheet!.rows[1]).toEqual([]);
    expect(sheet!.rows[2]).toEqual([...HEADER]);
    expect(detectHeaderRow(sheet!.rows)).toBe(3);
    expect(sheet!.rows[4]![2]).toBe('布洛芬缓释胶囊');
    expect(sheet!.rows[4]![5]).toBe('0.5g');
  });
});

describe('xlsx', () => {
  it('reads a messy sheet to exact text rows, keeping the row numbers the user sees', async () => {
    const bytes = await formularyXlsx(
      [
        drugRow(1, { 医保代码: 'ＸＡ０１ＡＢＤ０７５Ａ００２０１０１００００１', 本位码: 86900483000019, 价格生效日期: 45717 }),
        drugRow(2, { 本位码: '8.6900483000019E+13', 通用名: '布洛芬缓释胶囊   ', 最小包装数量: 24.0 }),
        drugRow(3, { 价格生效日期: new Date(Date.UTC(2025, 5, 30)) }),
      ],
      { blankAfter: [1] },
    );
    const { encoding, sheets } = await readTable(bytes, 'anything.bin');
    expect(encoding).toBe('xlsx');
    const rows = sheets[0]!.rows;
    // Row 1: the merged title only in its top-left cell; row 2 blank; row 3 the header.
    expect(rows[0]).toEqual(['清源县医共体统一用药目录（2025年版）']);
    expect(rows[1]).toEqual([]);
    expect(detectHeaderRow(rows)).toBe(3);
    expect(rows[3]!.slice(1, 3)).toEqual(['XA01ABD075A002010100001', '阿莫西林胶囊']);
    expect(rows[3]![8]).toBe('86900483000019');
    expect(rows[3]![17]).toBe('2025-03-01');
    expect(rows[4]![2]).toBe('布洛芬缓释胶囊');
    expect(rows[4]![8]).toBe('86900483000019');
    expect(rows[4]![11]).toBe('24');
    expect(rows[5]).toEqual([]);
    expect(rows[6]![17]).toBe('2025-06-30');
    expect(rows).toHaveLength(7);
  });

  it('refuses an old .xls and a damaged xlsx in Chinese', async () => {
    await expect(readTable(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), 'a.xls')).rejects.toThrow(/不支持旧版 .xls/);
    await expect(readTable(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'a.xlsx')).rejects.toThrow(/无法读取该 xlsx/);
  });

  it('finds the header below a title even when data rows are wide', () => {
    const rows = [['医保药品分类与代码数据库（2025年第3期）'], [], ['药品代码', '注册名称', '规格', '生产企业'], ['XA01ABD075A002010100483', '地喹氯铵含片', '0.25mg', '明治医药']];
    expect(detectHeaderRow(rows)).toBe(3);
  });

  it('keeps rich text and formula results as their text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('S');
    sheet.addRow(['通用名', '数量']);
    sheet.addRow([{ richText: [{ text: '阿莫', font: { bold: true } }, { text: '西林' }] }, { formula: '12*2', result: 24 }]);
    const { sheets } = await readTable(Buffer.from(await workbook.xlsx.writeBuffer()), 's.xlsx');
    expect(sheets[0]!.rows[1]).toEqual(['阿莫西林', '24']);
  });
});

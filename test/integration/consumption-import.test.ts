import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CallResult } from '../../core/registry.js';
import { encodeGbk } from '../fixtures/gbk.js';
import { call } from '../support/db.js';
import { balanceOf } from '../support/adjustments.js';
import { receive } from '../support/stock.js';
import { memberStockCommunity } from './member-stock-support.js';

/** 导入 HIS 消耗: real xlsx (exceljs) and GBK csv files through the upload operation; the whole draft or nothing. */
const c = await memberStockCommunity();
const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-consumption-import-'));
afterAll(() => {
  c.env.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const header = { storeId: c.ownStore, periodFrom: '2026-11-01', periodTo: '2026-11-30', target: 'patients' as const, department: '', note: '' };
let files = 0;

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('门诊发药汇总');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function importFile(bytes: Buffer, filename: string, input: unknown = header, who = 'member'): Promise<CallResult> {
  const file = path.join(dir, `f${++files}.bin`);
  writeFileSync(file, bytes);
  return await call(c.db, 'consumption.import', input, { sessionToken: (c.as(who) as { sessionToken: string }).sessionToken, attachment: { path: file, filename, size: bytes.length } });
}

const documents = () => (c.db.$client.prepare("SELECT count(*) AS n FROM documents WHERE type = 'consumption'").get() as { n: number }).n;

describe('an xlsx from the HIS', () => {
  it('with a title row, codes as numbers or 医保代码, pack units and a 合计 row becomes one draft in base units', async () => {
    const bytes = await xlsx([
      ['青石镇卫生院 2026年11月 门诊药品消耗汇总'],
      ['药品编码', '医保代码', '药品名称', '数量', '单位'],
      ['YP0001', '', '阿莫西林胶囊', 3, '盒'],
      ['', '', '', null, ''],
      ['', 'XJ01CAA040E001010101445', '', 1, '件'],
      ['合计', '', '', 4, ''],
    ]);
    // The same item twice (by code and by 医保代码) is a duplicate: refused with both the row and the column.
    const duplicate = await importFile(bytes, '11月消耗.xlsx');
    expect(duplicate.ok).toBe(false);
    if (!duplicate.ok) expect(duplicate.error.fields).toEqual([{ path: 'rows.5.药品编码', message: '第 5 行「药品编码」：阿莫西林胶囊 0.25g 与第 3 行重复，每个品种只填一行合计' }]);

    const good = await xlsx([
      ['青石镇卫生院 2026年11月 门诊药品消耗汇总'],
      ['药品编码', '医保代码', '药品名称', '数量', '单位'],
      ['YP0001', '', '阿莫西林胶囊', 3, '盒'],
      ['YP0002', '', '布洛芬缓释胶囊', '１５', ''],
      ['合计', '', '', 18, ''],
    ]);
    const result = await importFile(good, '11月消耗.xlsx');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { consumption, rowCount, headerRow } = result.output as { consumption: { state: string; sourceFile: string; lines: { itemId: number; quantity: number }[] }; rowCount: number; headerRow: number };
    expect({ rowCount, headerRow }).toEqual({ rowCount: 2, headerRow: 2 });
    expect(consumption).toMatchObject({ state: 'draft', sourceFile: '11月消耗.xlsx' });
    expect(consumption.lines).toEqual([expect.objectContaining({ itemId: c.amoxicillin, quantity: 72 }), expect.objectContaining({ itemId: c.ibuprofen, quantity: 15 })]);
  });

  it('reports every bad row and column and creates nothing', async () => {
    const before = documents();
    const bytes = await xlsx([
      ['编码', '名称', '数量', '单位'],
      ['YP0001', '阿莫西林胶囊', 2.5, '盒'],
      ['YP9999', '不存在的药', 1, ''],
      ['YP0002', '布洛芬缓释胶囊', 'abc', ''],
      ['YP0002', '布洛芬缓释胶囊', 1, '瓶'],
      ['', '无编码', 1, ''],
      ['YP0001', '阿莫西林胶囊', 0, ''],
    ]);
    const result = await importFile(bytes, 'bad.xlsx');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION');
    expect(result.error.fields).toEqual([
      { path: 'rows.2.数量', message: '第 2 行「数量」：「2.5」不是整数' },
      { path: 'rows.3.编码', message: '第 3 行「编码」：未知的药品编码「YP9999」（不存在的药）' },
      { path: 'rows.4.数量', message: '第 4 行「数量」：「abc」不是数字' },
      { path: 'rows.5.单位', message: '第 5 行「单位」：未知的单位「瓶」，布洛芬缓释胶囊 0.3g 的单位为 粒、盒' },
      { path: 'rows.6.编码', message: '第 6 行「编码」：缺少药品编码或医保代码' },
      { path: 'rows.7.数量', message: '第 7 行「数量」：数量须大于 0' },
      { path: 'rows.7.编码', message: '第 7 行「编码」：阿莫西林胶囊 0.25g 与第 2 行重复，每个品种只填一行合计' },
    ]);
    expect(result.error.message).toMatch(/^导入文件有 7 处错误，未创建消耗出库单/);
    expect(documents()).toBe(before);
  });

  it('says which column is missing', async () => {
    const result = await importFile(await xlsx([['品名', '规格'], ['阿莫西林胶囊', '0.25g']]), 'nocode.xlsx');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.fields?.map((f) => f.path)).toEqual(['columns.药品编码', 'columns.数量']);
  });
});

describe('a GBK csv', () => {
  it('is read like the xlsx, and the imported draft posts first expiry first', async () => {
    const batch = receive(c.db, { itemId: c.ibuprofen, storeId: c.ownStore, quantity: 100, batchNo: 'CSV-1' }).batchId;
    const csv = encodeGbk('药品编码,名称,数量,单位\r\nYP0002,布洛芬缓释胶囊,2,盒\r\n');
    const result = await importFile(Buffer.from(csv), 'his-export.csv', { ...header, target: 'department', department: '住院部' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { consumption } = result.output as { consumption: { id: number; department: string; lines: { quantity: number }[] } };
    expect(consumption.department).toBe('住院部');
    expect(consumption.lines[0]!.quantity).toBe(40);
    await c.ok('consumption.post', { id: consumption.id, version: 1, requestId: c.requestId() });
    expect(balanceOf(c.db, batch, c.ownStore)).toBe(60);
  });

  it('into another unit’s store is refused before the file is read', async () => {
    const result = await importFile(Buffer.from(encodeGbk('药品编码,数量\r\nYP0002,1\r\n')), 'x.csv', { ...header, storeId: c.otherStore });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('FORBIDDEN');
  });
});

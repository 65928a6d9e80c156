import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attachment } from '../../core/context.js';
import { call, ok, userWithSession } from '../support/db.js';
import { addApproved, amoxicillin } from './formulary-fixtures.js';
import { receivingCommunity, type ReceivingCommunity } from '../support/receiving.js';

/**
 * 发票导入 from the invoice platform's xlsx export: the columns recognised (and remembered by header text), every bad
 * row and column reported in the preview, each line matched to an open receipt line, and the commit all or nothing.
 */
let env: ReceivingCommunity;
let caiwu: { sessionToken: string };
let drugId = 0;
let uscc = '';
let receiptNumber = '';
const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-invoice-import-'));

const HEADER = ['发票代码', '发票号码', '开票日期', '销方名称', '销方纳税人识别号', '货物或应税劳务名称', '规格型号', '单位', '数量', '单价', '金额', '税率', '税额', '价税合计'];

async function xlsx(name: string, rows: (string | number)[][], header = HEADER): Promise<Attachment> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('发票明细');
  sheet.addRow(['全国增值税发票查验平台 发票明细导出']);
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  const file = path.join(dir, name);
  await workbook.xlsx.writeFile(file);
  return { path: file, filename: name, size: statSync(file).size };
}

const upload = async (file: Attachment) => (await ok(env.db, 'invoice.importUpload', {}, { ...caiwu, attachment: file })).uploadId;
const count = () => (env.db.$client.prepare('SELECT count(*) AS n FROM supplier_invoices').get() as { n: number }).n;

/** A 数电票 line of 头孢呋辛酯片 0.25g: 2 盒 at 12.50 = 25.00, 13 %. */
const good = (number: string, overrides: Record<number, string | number> = {}) => {
  const row: (string | number)[] = ['', number, '2026-11-20', '清源医药有限公司1', uscc, '*化学药品制剂*头孢呋辛酯片', '0.25g', '盒', 2, '11.06', '22.12', '13%', '2.88', '25.00'];
  for (const [at, value] of Object.entries(overrides)) row[Number(at)] = value;
  return row;
};

beforeAll(async () => {
  env = await receivingCommunity();
  caiwu = { sessionToken: (await userWithSession(env.db, env.admin, { username: 'caiwu', displayName: '刘芳', role: 'finance', unitId: env.leadId })).token };
  drugId = await addApproved(env, amoxicillin({ genericName: '头孢呋辛酯片', dosageForm: '片剂', spec: '0.25g', insuranceCode: '', standardCode: '', baseUnit: '片' }), 'IMP-1');
  uscc = (env.db.$client.prepare('SELECT uscc FROM suppliers WHERE id = ?').get(env.supplierId) as { uscc: string }).uscc;
  const keeper = { sessionToken: env.keeper.token };
  const { receipt } = await ok(
    env.db,
    'receipt.create',
    {
      supplierId: env.supplierId,
      storeId: env.centralStoreId,
      unplannedReason: '临时补货',
      lines: [{ itemId: drugId, batchNo: 'IMP1', expiry: '2028-09', quantity: 96, priceMicro: 12_500_000, traceCodes: [], manufacturerInvoiceNo: '44000000000000000001' }],
    },
    keeper,
  );
  receiptNumber = (await ok(env.db, 'receipt.post', { id: receipt.id, requestId: 'imp-post-0001' }, keeper)).receipt.number;
}, 90_000);
afterAll(() => {
  env?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('invoice import', () => {
  it('recognises the columns, reports each bad row and column in the preview, and refuses the whole file on commit', async () => {
    const file = await xlsx('bad.xlsx', [
      good('25442000000000000101'),
      good('25442000000000000101', { 5: '*化学药品制剂*布洛芬缓释胶囊' }),
      good('123'),
      good('25442000000000000102', { 8: 'abc' }),
      good('25442000000000000103', { 4: '91330100MA2XXXXXX0' }),
      good('25442000000000000104', { 8: 100 }),
    ]);
    const uploadId = await upload(file);
    const preview = await ok(env.db, 'invoice.importPreview', { uploadId }, caiwu);
    expect(preview.headerRow).toBe(2);
    expect(preview.mapping).toMatchObject({ code: 0, number: 1, date: 2, sellerName: 3, sellerUscc: 4, itemName: 5, spec: 6, unit: 7, quantity: 8, total: 13 });
    const byRow = Object.fromEntries(preview.rows.map((r) => [r.row, r]));
    expect(byRow[3]).toMatchObject({ quantity: 48, amountMicro: 25_000_000, receiptNumber, problems: [] });
    expect(preview.problems.map((p) => [p.row, p.column])).toEqual([
      [4, '货物或应税劳务名称'],
      [5, '发票号码'],
      [6, '数量'],
      [7, '销方纳税人识别号'],
      [8, '数量'],
    ]);
    expect(preview.problems[0]!.message).toContain('没有「布洛芬缓释胶囊」尚可开票的验收明细');
    expect(preview.problems[4]!.message).toContain('超出可开票数量');
    const commit = await call(env.db, 'invoice.importCommit', { uploadId }, caiwu);
    expect(!commit.ok && commit.error.code).toBe('VALIDATION');
    expect(!commit.ok && commit.error.message).toContain('未登记任何发票');
    expect(!commit.ok && commit.error.fields?.[0]).toEqual({ path: 'rows.4.货物或应税劳务名称', message: expect.stringContaining('第 4 行') });
    expect(count()).toBe(0);
  });

  it('commits every invoice of a clean file, remembers the mapping by header text, and refuses the same numbers again', async () => {
    const uploadId = await upload(await xlsx('good.xlsx', [good('25442000000000000201'), good('25442000000000000202', { 8: 1, 10: '11.06', 12: '1.44', 13: '12.50' })]));
    const { invoices } = await ok(env.db, 'invoice.importCommit', { uploadId, requestId: 'imp-commit-0001' }, caiwu);
    expect(invoices.map((i) => [i.number, i.amountMicro, i.amountExTaxMicro, i.taxMicro, i.sourceFile, i.status])).toEqual([
      ['25442000000000000201', 25_000_000, 22_120_000, 2_880_000, 'good.xlsx', 'registered'],
      ['25442000000000000202', 12_500_000, 11_060_000, 1_440_000, 'good.xlsx', 'registered'],
    ]);
    const first = (await ok(env.db, 'invoice.get', { id: invoices[0]!.id }, caiwu)).invoice;
    expect(first.lines[0]).toMatchObject({ quantity: 48, amountMicro: 25_000_000, receiptNumber });
    expect(first.exceptions).toEqual([]);
    // Remembered: a file whose columns come in another order (and carry other names for nothing else) maps the same.
    const remembered = JSON.parse((env.db.$client.prepare("SELECT value FROM hub_settings WHERE name = 'invoice.importMapping'").get() as { value: string }).value);
    expect(remembered.mapping).toMatchObject({ number: '发票号码', total: '价税合计' });
    const reordered = [...HEADER].reverse();
    const again = await upload(await xlsx('again.xlsx', [[...good('25442000000000000201', { 8: 1, 10: '11.06', 12: '1.44', 13: '12.50' })].reverse()], reordered));
    const preview = await ok(env.db, 'invoice.importPreview', { uploadId: again }, caiwu);
    expect(preview.mapping).toMatchObject({ number: 12, total: 0 });
    expect(preview.problems).toEqual([expect.objectContaining({ row: 3, column: '发票号码', message: expect.stringContaining('已登记为') })]);
    expect(count()).toBe(2);
  });
});

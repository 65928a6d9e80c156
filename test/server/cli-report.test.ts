import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityDate } from '../../core/time.js';
import { runCliProcess } from './cli-process.js';
import { tempDir } from './helpers.js';

/** `report monthly` as a scheduled job runs it, on the demo community: last month's workbook, or exit 2 with the reasons. */
describe('cli report monthly', () => {
  const dataDir = tempDir('tongcai-report-');
  const today = communityDate(new Date());
  const [y, m] = today.split('-').map(Number) as [number, number];
  const lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  beforeAll(async () => {
    const seeded = await runCliProcess(['seed-demo', '--data', dataDir]);
    expect(seeded.code, seeded.stderr).toBe(0);
  }, 90_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('writes last month’s workbook and prints a JSON summary with the community’s figures', async () => {
    const out = path.join(dataDir, 'monthly.xlsx');
    const run = await runCliProcess(['report', 'monthly', '--month', lastMonth, '--data', dataDir, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { written: boolean; month: string; units: number; sheets: string[]; community: { inflowMicro: number; platformShareBp: number } };
    expect(summary).toMatchObject({ written: true, month: lastMonth, units: 20 });
    // The demo bought and distributed last month, on the platform.
    expect(summary.community.inflowMicro).toBeGreaterThan(0);
    expect(summary.community.platformShareBp).toBeGreaterThan(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    expect(book.worksheets.map((w) => w.name)).toEqual(summary.sheets);
    expect(book.getWorksheet('目录内采购占比')!.rowCount).toBeGreaterThan(20);
  }, 60_000);

  it('exits 2 with every reason and writes nothing when the arguments are wrong', async () => {
    const out = path.join(dataDir, 'bad.xlsx');
    const bad = await runCliProcess(['report', 'monthly', '--month', '2026-13', '--data', dataDir, '--out', out]);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stderr)).toEqual({ written: false, reasons: ['输入有误，请检查标出的字段', 'month：月份格式应为 2026-11'] });
    expect(existsSync(out)).toBe(false);
    const missing = await runCliProcess(['report', 'monthly', '--data', dataDir]);
    expect(missing.code).toBe(2);
    expect((JSON.parse(missing.stderr) as { reasons: string[] }).reasons).toEqual(['缺少 --month', '缺少 --out']);
  }, 30_000);
});

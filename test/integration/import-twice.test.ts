import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ok } from '../support/db.js';
import { count, upload, withOfficer } from './import-support.js';
import { drugRow, formularyCsv, formularyXlsx, FULL_MAPPING, type FileRow } from '../fixtures/formulary-files.js';

/** A small sheet: distinct items, some without 医保代码, varied prices and flags, sometimes a bad cell. */
const rowArb = fc.record({
  i: fc.integer({ min: 1, max: 30 }),
  withCode: fc.boolean(),
  price: fc.constantFrom('', '12.5', '0.35', '1,234.567891', '８.８'),
  levels: fc.constantFrom('', '县', '县,乡', '县、乡、村'),
  essential: fc.constantFrom('是', '否', 'Y', '', '√'),
  bad: fc.constantFrom(null, { 最小包装数量: '半盒' }, { 医保类别: '丁' }),
});
const sheetArb = fc.uniqueArray(rowArb, { minLength: 1, maxLength: 6, selector: (r) => r.i });

const toFileRow = (r: { i: number; withCode: boolean; price: string; levels: string; essential: string; bad: FileRow | null }): FileRow =>
  drugRow(r.i, { ...(r.withCode ? {} : { 医保代码: '' }), 挂网价: r.price, 可用层级: r.levels, 基本药物: r.essential, ...(r.bad ?? {}) });

describe('formulary import: the same file twice', () => {
  it('changes nothing the second time (property over generated sheets, xlsx and csv)', async () => {
    await fc.assert(
      fc.asyncProperty(sheetArb, fc.boolean(), async (sheet, asCsv) => {
        const env = await withOfficer();
        try {
          const as = { sessionToken: env.officer };
          const rows = sheet.map(toFileRow);
          const bytes = asCsv ? formularyCsv(rows, 'gbk', '统一用药目录') : await formularyXlsx(rows);
          const input = (uploadId: number) => ({ uploadId, sheet: '目录', headerRow: 3, mapping: FULL_MAPPING, reason: '导入', resolutionNo: 'YSH2026-01', resolutionDate: '2026-03-02', skipRejected: true });
          const first = await ok(env.db, 'formularyImport.commit', input(await upload(env.db, env.officer, bytes, '目录.csv')), as);
          expect(first.new + first.rejected.length).toBe(rows.length);
          const state = () => [count(env.db, 'formulary_items'), count(env.db, 'item_prices'), count(env.db, 'formulary_versions'), count(env.db, 'formulary_item_history')];
          const before = state();

          const again = await ok(env.db, 'formularyImport.commit', input(await upload(env.db, env.officer, bytes, '目录.csv')), as);
          expect(again).toMatchObject({ new: 0, changed: 0, unchanged: first.new, committed: true, version: null });
          expect(again.rejected).toEqual(first.rejected);
          expect(state()).toEqual(before);
        } finally {
          env.dispose();
        }
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});

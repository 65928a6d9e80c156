import { afterEach, describe, expect, it } from 'vitest';
import { call, ok } from '../support/db.js';
import { count, upload, withOfficer } from './import-support.js';
import { drugRow, formularyXlsx, FULL_MAPPING } from '../fixtures/formulary-files.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
async function setup() {
  const env = await withOfficer();
  cleanups.push(env.dispose);
  return { ...env, as: { sessionToken: env.officer } };
}

/** Title on row 1, blank row 2, header row 3: data row i (0-based) is on row 4 + i, plus blank lines. */
const source = (uploadId: number, mapping = FULL_MAPPING) => ({ uploadId, sheet: '目录', headerRow: 3, mapping });
/** The 药事会 resolution every commit is recorded under. */
const RESOLUTION = { resolutionNo: 'YSH〔2026〕3号', resolutionDate: '2026-03-02' };

describe('formulary import: messy files', () => {
  it('reports every bad row with its row number, source column and a Chinese reason, and commits nothing', async () => {
    const { db, officer, as } = await setup();
    const code1 = drugRow(1).医保代码 as string;
    const rows = [
      drugRow(1, { 通用名: '阿莫西林胶囊  ', 规格: '０.２５ｇ', 本位码: '8.6900483000019E+13', 价格生效日期: 45717 }), // row 4: fine
      drugRow(2, { 医保代码: 'XA01' }), // row 5
      drugRow(3, { 通用名: '' }), // row 6
      // blank row 7
      drugRow(4, { 最小包装数量: '24.5' }), // row 8
      drugRow(5, { 基本药物: '可能' }), // row 9
      drugRow(6, { 医保代码: code1 }), // row 10
      drugRow(7, { 挂网价: 'abc' }), // row 11
      drugRow(8, { 批准文号: '' }), // row 12
      drugRow(9, { 类别: '保健品', 可用层级: '省' }), // row 13
      drugRow(10), // row 14: fine
    ];
    const id = await upload(db, officer, await formularyXlsx(rows, { blankAfter: [2] }), '目录.xlsx');

    const inspect = await ok(db, 'formularyImport.inspect', { uploadId: id }, as);
    expect(inspect.sheets[0]).toMatchObject({ name: '目录', headerRow: 3, rowCount: 12 });

    const preview = await ok(db, 'formularyImport.preview', source(id), as);
    expect(preview.rejected).toEqual([
      { row: 5, column: '医保代码', reason: '医保药品代码格式不正确（西药 X+22 位，中成药 Z+19 位）' },
      { row: 6, column: '通用名', reason: '请填写通用名' },
      { row: 8, column: '最小包装数量', reason: '最小包装数量“24.5”应为正整数' },
      { row: 9, column: '基本药物', reason: '“可能”无法识别，应填写 是/否（或 Y/N、√/×）' },
      { row: 10, column: '医保代码', reason: `医保代码 ${code1} 与第 4 行重复` },
      { row: 11, column: '挂网价', reason: '挂网价“abc”不是有效金额（元，最多 6 位小数）' },
      { row: 12, column: '批准文号', reason: '药品须填写批准文号' },
      { row: 13, column: '类别', reason: '类别“保健品”无法识别，应填写 西药/中成药/中药饮片/医用耗材/检验试剂/院内制剂' },
      { row: 13, column: '可用层级', reason: '可用层级“省”无法识别，应为 县/乡/村 的组合，如“县,乡”' },
    ]);
    expect(preview).toMatchObject({ new: 2, changed: 0, unchanged: 0 });
    expect(preview.newRows[0]).toEqual({ row: 4, genericName: '阿莫西林胶囊', spec: '0.25g', manufacturer: '华北制药股份有限公司', insuranceCode: code1 });
    // The preview wrote nothing.
    expect(count(db, 'formulary_items')).toBe(0);

    const refused = await ok(db, 'formularyImport.commit', { ...RESOLUTION, ...source(id), reason: '年度目录调整' }, as);
    expect(refused).toMatchObject({ committed: false, version: null, new: 2 });
    expect(refused.rejected).toHaveLength(9);
    expect(count(db, 'formulary_items')).toBe(0);
    expect(count(db, 'formulary_versions')).toBe(0);
    expect(count(db, 'item_prices')).toBe(0);

    const done = await ok(db, 'formularyImport.commit', { ...RESOLUTION, ...source(id), reason: '年度目录调整', skipRejected: true }, as);
    expect(done).toMatchObject({ committed: true, version: 1, new: 2 });
    // The grid's rows, then each item's detail (units of purchase and issue) from formulary.get.
    const listed = (await ok(db, 'formulary.list', {}, as)).items;
    const items = await Promise.all(listed.map(async (row) => (await ok(db, 'formulary.get', { id: row.id }, as)).item));
    expect(items.map((i) => [i.genericName, i.spec, i.standardCode, i.packs, i.purchaseUnit, i.issueUnit, i.levels])).toEqual([
      ['阿莫西林胶囊', '0.25g', '86900483000019', [{ unit: '盒', factor: 24 }], '盒', '粒', { county: true, township: true, village: false }],
      ['布洛芬缓释胶囊', '20mg', '86900483000010', [{ unit: '盒', factor: 24 }], '盒', '粒', { county: true, township: true, village: false }],
    ]);
    const prices = db.$client.prepare('SELECT kind, price_micro AS micro, unit, effective_from AS fromDate FROM item_prices ORDER BY id').all();
    expect(prices).toEqual([
      { kind: 'listed', micro: 12_500_000, unit: '盒', fromDate: '2025-03-01' },
      { kind: 'listed', micro: 12_500_000, unit: '盒', fromDate: '2025-03-01' },
    ]);
  });
});

describe('formulary import: changes, failures and mappings', () => {
  it('matches by 医保代码, else by 通用名+规格+生产企业, and shows each change from → to', async () => {
    const { db, officer, as } = await setup();
    // Row 2 has no price yet, so its pack may still change (an item in use may not: see the next test).
    const first = await upload(db, officer, await formularyXlsx([drugRow(1), drugRow(2, { 医保代码: '', 挂网价: '' })]), 'v1.xlsx');
    await ok(db, 'formularyImport.commit', { ...RESOLUTION, ...source(first), reason: '首次导入' }, as);

    const second = await upload(
      db,
      officer,
      await formularyXlsx([drugRow(1, { 挂网价: '13.8', 可用层级: '县,乡,村', 基本药物: 'N' }), drugRow(2, { 医保代码: '', 最小包装数量: 48 }), drugRow(3)]),
      'v2.xlsx',
    );
    const preview = await ok(db, 'formularyImport.preview', source(second), as);
    expect(preview).toMatchObject({ new: 1, changed: 2, unchanged: 0, rejected: [] });
    expect(preview.changedRows.map((r) => [r.row, r.genericName, r.changes])).toEqual([
      [
        4,
        '阿莫西林胶囊',
        [
          { field: 'essential', label: '国家基本药物', from: '是', to: '否' },
          { field: 'levels', label: '可用层级', from: '县,乡', to: '县,乡,村' },
          { field: 'listedPrice', label: '挂网价', from: '12.50', to: '13.80' },
        ],
      ],
      [
        5,
        '布洛芬缓释胶囊',
        [
          { field: 'packs', label: '包装', from: '24粒/盒', to: '48粒/盒' },
          { field: 'listedPrice', label: '挂网价', from: '', to: '12.50' },
        ],
      ],
    ]);
    const done = await ok(db, 'formularyImport.commit', { ...RESOLUTION, ...source(second), reason: '价格调整' }, as);
    expect(done).toMatchObject({ committed: true, version: 2 });
    const versions = (await ok(db, 'formulary.versions', {}, as)).versions;
    expect(versions.map((v) => [v.version, v.note, v.itemCount])).toEqual([
      [2, '价格调整（导入 v2.xlsx）', 3],
      [1, '首次导入（导入 v1.xlsx）', 2],
    ]);
    // The old price is kept, never overwritten.
    expect(count(db, 'item_prices')).toBe(4);

    // Each commit is ONE batch 目录变更申请 under its 药事会 resolution, applied as that version, listed with the others.
    const { requests } = await ok(db, 'changeRequest.list', {}, as);
    expect(requests.map((r) => [r.kind, r.status, r.reason, r.resolutionNo, r.resolutionDate, r.appliedVersion, r.rowCount, r.proposedBy, r.decidedBy])).toEqual([
      ['batch', 'approved', '价格调整（导入 v2.xlsx）', 'YSH〔2026〕3号', '2026-03-02', 2, 3, '李药师', '李药师'],
      ['batch', 'approved', '首次导入（导入 v1.xlsx）', 'YSH〔2026〕3号', '2026-03-02', 1, 2, '李药师', '李药师'],
    ]);
    expect(done.requestNumber).toBe(requests[0]!.number);
    expect(versions[0]).toMatchObject({ version: 2, requestNumber: requests[0]!.number, resolutionNo: 'YSH〔2026〕3号' });
    // Its rows: one per item, with the spreadsheet row and what changed.
    const detail = await ok(db, 'changeRequest.get', { id: requests[0]!.id }, as);
    expect(detail.rows.map((r) => [r.line, r.kind, r.itemName, r.sourceRow, r.changes.map((c) => `${c.label}:${c.from}→${c.to}`)])).toEqual([
      [1, 'change', '阿莫西林胶囊 20mg', 4, ['国家基本药物:是→否', '可用层级:县,乡→县,乡,村', '挂网价:12.50→13.80']],
      [2, 'change', '布洛芬缓释胶囊 30mg', 5, ['包装:24粒/盒→48粒/盒', '挂网价:→12.50']],
      [3, 'add', expect.stringContaining(' '), 6, ['挂网价:→12.50']],
    ]);
    expect(detail.rows.every((r) => r.itemId !== null && /^YP\d{6}$/.test(r.itemCode))).toBe(true);
  });

  it('asks for the 药事会 resolution: commit refuses without a resolution number and a valid date', async () => {
    const { db, officer, as } = await setup();
    const id = await upload(db, officer, await formularyXlsx([drugRow(1)]), 'v1.xlsx');
    const missing = await call(db, 'formularyImport.commit', { ...source(id), reason: '导入' }, as);
    expect(!missing.ok && [missing.error.code, missing.error.fields?.map((f) => f.path)]).toEqual(['VALIDATION', ['resolutionNo', 'resolutionDate']]);
    const badDate = await call(db, 'formularyImport.commit', { ...source(id), reason: '导入', resolutionNo: 'YSH1', resolutionDate: '2026/3/2' }, as);
    expect(!badDate.ok && badDate.error.fields).toEqual([{ path: 'resolutionDate', message: '决议日期格式应为 YYYY-MM-DD' }]);
    expect([count(db, 'formulary_items'), count(db, 'formulary_change_requests')]).toEqual([0, 0]);
  });

  it('refuses a new pack for an item in use: the row is rejected on its 最小包装数量 column', async () => {
    const { db, officer, as } = await setup();
    const first = await upload(db, officer, await formularyXlsx([drugRow(1)]), 'v1.xlsx');
    await ok(db, 'formularyImport.commit', { ...RESOLUTION, ...source(first), reason: '首次导入' }, as);
    const second = await upload(db, officer, await formularyXlsx([drugRow(1, { 最小包装数量: 48 })]), 'v2.xlsx');
    const preview = await ok(db, 'formularyImport.preview', source(second), as);
    expect(preview).toMatchObject({ new: 0, changed: 0, unchanged: 0 });
    expect(preview.rejected).toEqual([
      { row: 4, column: '最小包装数量', reason: '该品种已有价格、订单、入库或库存记录，最小制剂单位和包装系数不能再更改；不同的包装是新的品规，请新增品种' },
    ]);
    const item = (await ok(db, 'formulary.list', {}, as)).items[0]!;
    expect(item.packs).toEqual([{ unit: '盒', factor: 24 }]);
  });

  it('rolls back everything when an error is thrown half-way through the commit', async () => {
    const { db, officer, as } = await setup();
    db.$client.exec(`CREATE TRIGGER boom BEFORE INSERT ON formulary_items WHEN NEW.generic_name = '地喹氯铵含片' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const id = await upload(db, officer, await formularyXlsx([drugRow(1), drugRow(2), drugRow(3), drugRow(4)]), 'v1.xlsx');
    const auditBefore = count(db, 'audit_log');
    const result = await call(db, 'formularyImport.commit', { ...RESOLUTION, ...source(id), reason: '导入' }, as);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('INTERNAL');
    expect([count(db, 'formulary_items'), count(db, 'formulary_versions'), count(db, 'item_prices'), count(db, 'formulary_item_history')]).toEqual([0, 0, 0, 0]);
    expect(count(db, 'audit_log')).toBe(auditBefore);
  });

  it('saves a mapping by header text, lists it, and refuses unknown fields and missing required columns', async () => {
    const { db, officer, as } = await setup();
    const saved = await ok(db, 'importMapping.save', { name: '县医院目录', headerRow: 3, mapping: { genericName: '通用名', spec: '规格', manufacturer: '生产企业', baseUnit: '最小制剂单位', category: '类别', approvalNo: '批准文号' } }, as);
    expect(saved.mapping).toMatchObject({ name: '县医院目录', headerRow: 3 });
    expect((await ok(db, 'importMapping.list', {}, as)).mappings.map((m) => m.name)).toEqual(['县医院目录']);
    const bad = await call(db, 'importMapping.save', { name: 'x', mapping: { colour: '颜色' } }, as);
    expect(!bad.ok && bad.error.fields).toEqual([{ path: 'mapping.colour', message: '未知的目录字段：colour' }]);

    const id = await upload(db, officer, await formularyXlsx([drugRow(1)]), 'v1.xlsx');
    const missing = await call(db, 'formularyImport.preview', source(id, { genericName: 2 }), as);
    expect(!missing.ok && missing.error.fields).toEqual([
      { path: 'mapping.spec', message: '请为“规格”选择对应的列' },
      { path: 'mapping.manufacturer', message: '请为“生产企业”选择对应的列' },
      { path: 'mapping.baseUnit', message: '请为“最小制剂单位”选择对应的列' },
    ]);
  });

  it('keeps uploads to the user who made them and importing to formulary.manage', async () => {
    const { db, officer, admin, as } = await setup();
    const id = await upload(db, officer, await formularyXlsx([drugRow(1)]), 'v1.xlsx');
    expect((await call(db, 'formularyImport.preview', source(id), { sessionToken: admin })).ok).toBe(false);
    await expect(upload(db, admin, await formularyXlsx([drugRow(1)]), 'v1.xlsx')).rejects.toThrow(/没有权限/);
    expect(await call(db, 'formularyImport.inspect', { uploadId: id + 1 }, as)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

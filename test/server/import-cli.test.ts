import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from './cli-process.js';
import { adminSession, callOp, startTestHub, userWithRole, type TestHub } from './helpers.js';
import { drugRow, formularyCsv, formularyXlsx } from '../fixtures/formulary-files.js';
import { generatedRows, writeDictionaryXlsx } from '../../scripts/bench/make-dictionary-xlsx.js';

const count = (hub: TestHub, table: string) => (hub.db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('cli imports (as processes)', () => {
  let hub: TestHub;
  let good: string;
  let messy: string;
  beforeAll(async () => {
    hub = await startTestHub();
    const admin = await adminSession(hub);
    const units = await callOp(hub, 'unit.list', {}, admin);
    const officer = await userWithRole(hub, admin, 'yaoshi', 'pharmacy_officer', units.body.units[0]!.id);
    const saved = await callOp(
      hub,
      'importMapping.save',
      {
        name: '县医院目录',
        mapping: { insuranceCode: '医保代码', genericName: '通用名', spec: '规格', manufacturer: '生产企业', approvalNo: '批准文号', baseUnit: '最小制剂单位', packFactor: '最小包装数量', packUnit: '最小包装单位', listedPrice: '挂网价' },
      },
      officer,
    );
    expect(saved.status).toBe(200);
    good = path.join(hub.dataDir, '目录.xlsx');
    writeFileSync(good, await formularyXlsx([drugRow(1), drugRow(2)]));
    messy = path.join(hub.dataDir, '目录.csv');
    writeFileSync(messy, formularyCsv([drugRow(3), drugRow(4, { 最小包装数量: '0' }), drugRow(5, { 挂网价: '十元' })], 'gbk', '统一用药目录'));
  });
  afterAll(() => hub.dispose());

  it('formulary import: exit 2 and nothing committed when rows are rejected; --dry-run exit 0; --skip-rejected commits the rest', async () => {
    const rejected = await runCliProcess(['formulary', 'import', messy, '--mapping', '县医院目录', '--data', hub.dataDir, '--resolution', 'YSH〔2026〕5号', '--resolution-date', '2026-03-02']);
    expect(rejected.code).toBe(2);
    expect(JSON.parse(rejected.stdout)).toEqual({
      new: 1,
      changed: 0,
      unchanged: 0,
      rejected: [
        { row: 5, column: '最小包装数量', reason: '最小包装数量“0”应为正整数' },
        { row: 6, column: '挂网价', reason: '挂网价“十元”不是有效金额（元，最多 6 位小数）' },
      ],
    });
    expect(rejected.stderr).toContain('未提交任何数据');
    expect(count(hub, 'formulary_items')).toBe(0);

    const dry = await runCliProcess(['formulary', 'import', good, '--mapping', '县医院目录', '--data', hub.dataDir, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual({ new: 2, changed: 0, unchanged: 0, rejected: [] });
    expect(count(hub, 'formulary_items')).toBe(0);

    const skipped = await runCliProcess(['formulary', 'import', messy, '--mapping', '县医院目录', '--data', hub.dataDir, '--skip-rejected', '--resolution', 'YSH〔2026〕5号', '--resolution-date', '2026-03-02']);
    expect(skipped.code).toBe(0);
    expect(count(hub, 'formulary_items')).toBe(1);

    const committed = await runCliProcess(['formulary', 'import', good, '--mapping', '县医院目录', '--data', hub.dataDir, '--resolution', 'YSH〔2026〕5号', '--resolution-date', '2026-03-02']);
    expect(committed.code).toBe(0);
    expect(JSON.parse(committed.stdout)).toEqual({ new: 2, changed: 0, unchanged: 0, rejected: [] });
    expect(count(hub, 'formulary_items')).toBe(3);
    const version = hub.db.$client.prepare('SELECT created_by AS by, note FROM formulary_versions ORDER BY version DESC LIMIT 1').get();
    expect(version).toEqual({ by: '命令行 (cli)', note: '命令行导入（导入 目录.xlsx）' });
    const audit = hub.db.$client.prepare("SELECT username, user_id AS userId FROM audit_log WHERE operation = 'formularyImport.commit' ORDER BY seq DESC LIMIT 1").get();
    expect(audit).toEqual({ username: '命令行 (cli)', userId: null });
    // Recorded as one batch 目录变更申请 that the system proposed, under the resolution given.
    const request = hub.db.$client
      .prepare(
        `SELECT kind, status, proposed_by AS proposedBy, proposed_by_system AS system, resolution_no AS resolutionNo, resolution_date AS resolutionDate,
           (SELECT count(*) FROM formulary_change_request_rows WHERE request_id = r.id) AS rows
         FROM formulary_change_requests r ORDER BY id DESC LIMIT 1`,
      )
      .get();
    expect(request).toEqual({ kind: 'batch', status: 'approved', proposedBy: null, system: '命令行 (cli)', resolutionNo: 'YSH〔2026〕5号', resolutionDate: '2026-03-02', rows: 2 });
    expect(committed.stderr).toMatch(/已提交为目录第 \d+ 版（目录变更申请 ML\d{4}-\d{6}）/);

    const again = await runCliProcess(['formulary', 'import', good, '--mapping', '县医院目录', '--data', hub.dataDir, '--resolution', 'YSH〔2026〕5号', '--resolution-date', '2026-03-02']);
    expect(JSON.parse(again.stdout)).toMatchObject({ new: 0, changed: 0, unchanged: 2 });
  }, 180_000); // six CLI processes, each loading the hub's modules through tsx

  it('formulary import: exit 1 for an unknown mapping, exit 2 for wrong usage', async () => {
    const unknown = await runCliProcess(['formulary', 'import', good, '--mapping', '没有', '--data', hub.dataDir, '--resolution', 'YSH1', '--resolution-date', '2026-03-02']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('导入映射“没有”不存在');
    expect((await runCliProcess(['formulary', 'import', good, '--data', hub.dataDir])).code).toBe(2);
    expect((await runCliProcess(['formulary', 'import', good, '--mapping', 'x', '--data', hub.dataDir, '--bogus'])).code).toBe(2);
    // Committing needs the 药事会 resolution the import is recorded under.
    const noResolution = await runCliProcess(['formulary', 'import', good, '--mapping', '县医院目录', '--data', hub.dataDir]);
    expect(noResolution.code).toBe(2);
    expect(noResolution.stderr).toContain('导入目录须注明药事会决议');
  }, 90_000);

  it('dictionary import: progress on stderr, the summary JSON on stdout, exit 0', async () => {
    const file = path.join(hub.dataDir, 'nhsa.xlsx');
    await writeDictionaryXlsx(file, generatedRows(6_000));
    const run = await runCliProcess(['dictionary', 'import', file, '--data', hub.dataDir, '--edition', '2025年第4期']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ edition: '2025年第4期', added: 6000, changed: 0, unchanged: 0, gone: 0, rejected: [], missingColumns: [] });
    expect(run.stderr).toContain('已读取 5000 行');
    expect(count(hub, 'dictionary_entries')).toBe(6000);
    expect((await runCliProcess(['dictionary', 'import', '--data', hub.dataDir])).code).toBe(2);
  }, 60_000);
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, callOp, startTestHub, userWithRole, type TestHub } from './helpers.js';
import { drugRow, formularyCsv, formularyXlsx, FULL_MAPPING } from '../fixtures/formulary-files.js';
import { generatedRows, writeDictionaryXlsx } from '../../scripts/bench/make-dictionary-xlsx.js';

async function post(hub: TestHub, url: string, body: Buffer, cookie?: string, type = 'application/octet-stream') {
  const headers: Record<string, string> = { 'content-type': type };
  if (cookie) headers.cookie = cookie;
  const res = await fetch(`${hub.url}${url}`, { method: 'POST', headers, body: new Uint8Array(body) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('import over HTTP', () => {
  let hub: TestHub;
  let admin: string;
  let officer: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-import-http-'));
  beforeAll(async () => {
    hub = await startTestHub();
    admin = await adminSession(hub);
    const units = await callOp(hub, 'unit.list', {}, admin);
    officer = await userWithRole(hub, admin, 'yaoshi', 'pharmacy_officer', units.body.units[0]!.id);
  });
  afterAll(async () => {
    await hub.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads a GBK CSV, previews without writing, and commits all or nothing', async () => {
    const bytes = formularyCsv([drugRow(1), drugRow(2, { 最小包装数量: '两盒' }), drugRow(3)], 'gbk', '清源县医共体统一用药目录');
    const uploaded = await post(hub, `/api/op/formularyImport.upload?filename=${encodeURIComponent('县医院目录.csv')}`, bytes, officer);
    expect(uploaded.status).toBe(200);
    const { uploadId } = JSON.parse(uploaded.text) as { uploadId: number };

    const inspect = await callOp(hub, 'formularyImport.inspect', { uploadId }, officer);
    expect(inspect.body).toMatchObject({ filename: '县医院目录.csv', encoding: 'gbk', sheets: [{ name: '县医院目录', headerRow: 3, rowCount: 5 }] });
    const source = { uploadId, sheet: '县医院目录', headerRow: 3, mapping: FULL_MAPPING };
    const preview = await callOp(hub, 'formularyImport.preview', source, officer);
    expect(preview.body).toMatchObject({ new: 2, rejected: [{ row: 5, column: '最小包装数量', reason: '最小包装数量“两盒”应为正整数' }] });

    const refused = await callOp(hub, 'formularyImport.commit', { ...source, reason: '年度调整', resolutionNo: 'YSH2026-07', resolutionDate: '2026-03-02' }, officer);
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ committed: false, version: null });
    expect((await callOp(hub, 'formulary.list', {}, officer)).body.items).toHaveLength(0);

    const done = await callOp(hub, 'formularyImport.commit', { ...source, reason: '年度调整', resolutionNo: 'YSH2026-07', resolutionDate: '2026-03-02', skipRejected: true }, officer);
    expect(done.body).toMatchObject({ committed: true, version: 1, new: 2 });
    expect((await callOp(hub, 'formulary.list', {}, officer)).body.items.map((i) => i.genericName)).toEqual(['阿莫西林胶囊', '盐酸二甲双胍片']);
  });

  it('refuses an upload without a session, without formulary.manage, as JSON, or over 20 MB', async () => {
    const bytes = await formularyXlsx([drugRow(1)]);
    expect((await post(hub, '/api/op/formularyImport.upload?filename=a.xlsx', bytes)).status).toBe(401);
    const forbidden = await post(hub, '/api/op/formularyImport.upload?filename=a.xlsx', bytes, admin);
    expect(forbidden.status).toBe(403);
    expect(JSON.parse(forbidden.text).error.code).toBe('FORBIDDEN');
    expect((await post(hub, '/api/op/formularyImport.upload?filename=a.xlsx', bytes, officer, 'application/json')).status).toBe(415);
    const huge = await post(hub, '/api/op/formularyImport.upload?filename=a.csv', Buffer.alloc(21 * 1024 * 1024, 0x41), officer);
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.text).error.message).toBe('文件过大（上限 20 MB）');
    const xls = await post(hub, '/api/op/formularyImport.upload?filename=a.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]), officer);
    expect(xls.status).toBe(400);
  });

  it('streams dictionary import progress as NDJSON and ends with the summary', async () => {
    const file = path.join(dir, 'nhsa.xlsx');
    await writeDictionaryXlsx(file, generatedRows(11_000));
    const res = await post(hub, `/api/op/dictionary.import?filename=nhsa.xlsx`, readFileSync(file), admin);
    expect(res.status).toBe(200);
    expect(res.type).toContain('application/x-ndjson');
    const lines = res.text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.slice(0, -1)).toEqual([
      { stage: 'read', rows: 5000 },
      { stage: 'read', rows: 10000 },
      { stage: 'read', rows: 11000 },
      { stage: 'write', rows: 11000 },
    ]);
    expect(lines.at(-1)).toEqual({ done: true, edition: '2025年第3期', added: 11000, changed: 0, unchanged: 0, gone: 0, rejected: [], missingColumns: [] });
    const status = await callOp(hub, 'dictionary.status', {}, officer);
    expect(status.body).toMatchObject({ rows: 11000, present: 11000, edition: '2025年第3期' });

    expect((await post(hub, '/api/op/dictionary.import?filename=n.xlsx', readFileSync(file))).status).toBe(401);
    const member = await post(hub, '/api/op/dictionary.import?filename=n.xlsx', Buffer.from('x'), officer);
    expect(member.status).toBe(200); // the officer holds dictionary.manage; a bad file is reported in the stream
    expect(JSON.parse(member.text.trim().split('\n').at(-1)!).error.code).toBe('VALIDATION');
  });
});

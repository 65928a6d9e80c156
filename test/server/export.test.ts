import type { ApiErrorBody } from '../../core/api/index.js';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditList } from '../../core/api/audit.js';
import { adminSession, callOp, createUnit, startTestHub, userWithRole, type TestHub } from './helpers.js';

async function readWorkbook(res: Response): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  return workbook;
}

describe('GET /api/export/:name', () => {
  let hub: TestHub;
  let admin: string;
  beforeAll(async () => {
    hub = await startTestHub();
    admin = await adminSession(hub);
    await createUnit(hub, admin, { code: 'QY-WS01', name: '青石镇卫生院', kind: 'township_hospital' });
  });
  afterAll(() => hub.dispose());

  it('streams the audit log as a real xlsx with Chinese headers, bold frozen header row and a filter', async () => {
    const input = encodeURIComponent(JSON.stringify({ operation: 'unit.create' }));
    const res = await fetch(`${hub.url}/api/export/audit.list?input=${input}`, { headers: { cookie: admin } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="[ -~]+\.xlsx"; filename\*=UTF-8''/);
    const encoded = /filename\*=UTF-8''(.+)$/.exec(disposition)![1]!;
    expect(decodeURIComponent(encoded)).toMatch(/^审计日志-\d{8}\.xlsx$/);

    const workbook = await readWorkbook(res);
    const sheet = workbook.getWorksheet('审计日志')!;
    expect(sheet).toBeDefined();
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(auditList.export!.columns.map((c) => c.header));
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(8).width).toBe(60);
    expect(sheet.autoFilter).toBeTruthy();

    // Only the filtered operation, and its row carries the content.
    expect(sheet.rowCount).toBe(2);
    const row = sheet.getRow(2);
    expect(row.getCell(3).value).toBe('admin');
    expect(row.getCell(6).value).toBe('unit.create');
    expect(String(row.getCell(8).value)).toContain('青石镇卫生院');
    expect(String(row.getCell(8).value)).toMatch(/^新建 编码：QY-WS01；名称：青石镇卫生院/);
    expect(JSON.parse(String(row.getCell(9).value)).created.code).toBe('QY-WS01');
    expect(String(row.getCell(10).value)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('maps failures like operations do', async () => {
    const anonymous = await fetch(`${hub.url}/api/export/audit.list`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as ApiErrorBody).error.code).toBe('UNAUTHENTICATED');

    const lead = (await callOp(hub, 'unit.list', {}, admin)).body.units.find((u) => u.isLead)!.id;
    const storekeeper = await userWithRole(hub, admin, 'kuguan', 'storekeeper', lead);
    const denied = await fetch(`${hub.url}/api/export/audit.list`, { headers: { cookie: storekeeper } });
    expect(denied.status).toBe(403);

    const badInput = await fetch(`${hub.url}/api/export/audit.list?input=${encodeURIComponent('{"limit": 0}')}`, {
      headers: { cookie: admin },
    });
    expect(badInput.status).toBe(400);
    expect(((await badInput.json()) as ApiErrorBody).error.fields?.[0]?.path).toBe('limit');

    const notJson = await fetch(`${hub.url}/api/export/audit.list?input=%7Bnope`, { headers: { cookie: admin } });
    expect(notJson.status).toBe(400);

    const noExport = await fetch(`${hub.url}/api/export/unit.list`, { headers: { cookie: admin } });
    expect(noExport.status).toBe(404);
  });
});

describe('POST /api/grid-xlsx (a grid as the user sees it)', () => {
  let hub: TestHub;
  let admin: string;
  beforeAll(async () => {
    hub = await startTestHub();
    admin = await adminSession(hub);
  });
  afterAll(() => hub.dispose());

  const post = (body: unknown, cookie?: string) =>
    fetch(`${hub.url}/api/grid-xlsx`, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
  const grid = {
    filename: '拣货单DB2026-000001',
    sheet: '拣货单',
    columns: [
      { key: 'item', header: '品名' },
      { key: 'batchNo', header: '批号' },
      { key: 'quantity', header: '数量', width: 10 },
    ],
    rows: [
      { item: '阿莫西林胶囊 0.25g', batchNo: '250301', quantity: 240 },
      { item: '头孢克肟片', batchNo: 'C2503', quantity: null },
    ],
  };

  it('writes the columns and rows it is sent as an xlsx, like an operation export', async () => {
    const res = await post(grid, admin);
    expect(res.status).toBe(200);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(res.headers.get('content-disposition')!)![1]!)).toMatch(/^拣货单DB2026-000001-\d{8}\.xlsx$/);
    const workbook = await readWorkbook(res);
    const sheet = workbook.getWorksheet('拣货单')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['品名', '批号', '数量']);
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(['阿莫西林胶囊 0.25g', '250301', 240]);
    expect(sheet.getRow(3).getCell(3).value).toBeNull();
    expect(sheet.getColumn(3).width).toBe(10);
  });

  it('only for a signed-in caller, and refuses a malformed grid on its fields', async () => {
    const anonymous = await post(grid);
    expect(anonymous.status).toBe(401);
    const bad = await post({ ...grid, filename: '../etc/passwd', columns: [] }, admin);
    expect(bad.status).toBe(400);
    const fields = ((await bad.json()) as ApiErrorBody).error.fields!.map((f) => f.path);
    expect(fields).toEqual(expect.arrayContaining(['filename', 'columns']));
  });
});

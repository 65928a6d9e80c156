import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vbpMonitor } from '../../core/api/vbp.js';
import { ADMIN_PASSWORD, login, ok, setupInput, userWithSession } from '../support/db.js';
import { startTestHub, type TestHub } from '../server/helpers.js';
import { seedVbpFixture } from './vbp-support.js';

/** The 集采监测 xlsx through the hub's generic export route, for the officer and for a member pharmacist. */
let hub: TestHub;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  hub = await startTestHub();
  const db = hub.db;
  await ok(db, 'setup.initialize', setupInput(db));
  const admin = await login(db, 'admin', ADMIN_PASSWORD);
  const as = { sessionToken: admin };
  const lead = (await ok(db, 'unit.list', {}, as)).units.find((u) => u.isLead)!;
  const centralStore = (await ok(db, 'store.list', { unitId: lead.id }, as)).stores[0]!.id;
  const a = (await ok(db, 'unit.create', { code: 'QSZ', name: '青石镇卫生院', kind: 'township_hospital' }, as)).unit;
  const b = (await ok(db, 'unit.create', { code: 'BSZ', name: '白沙镇卫生院', kind: 'township_hospital' }, as)).unit;
  const storeOf = async (unitId: number) => (await ok(db, 'store.list', { unitId }, as)).stores[0]!.id;
  seedVbpFixture(db, { leadId: lead.id, centralStore, unitA: { id: a.id, store: await storeOf(a.id) }, unitB: { id: b.id, store: await storeOf(b.id) } });
  for (const [username, role, unitId] of [['yaoshi', 'pharmacy_officer', lead.id], ['qingshi', 'member_pharmacist', a.id]] as const) {
    const { password } = await userWithSession(db, admin, { username, displayName: username, role, unitId });
    const res = await fetch(`${hub.url}/api/op/auth.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    cookies[username] = res.headers.get('set-cookie')!.split(';')[0]!;
  }
});
afterAll(() => hub.dispose());

async function sheetFor(who: string): Promise<string[][]> {
  const res = await fetch(`${hub.url}/api/export/vbp.monitor?input=${encodeURIComponent(JSON.stringify({ asOf: '2026-07-01' }))}`, { headers: { cookie: cookies[who]! } });
  expect(res.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('集采监测')!;
  const rows: string[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return rows;
}

describe('vbp.monitor export', () => {
  it('the officer gets each product’s community row, then its units', async () => {
    const rows = await sheetFor('yaoshi');
    expect(rows[0]).toEqual(vbpMonitor.export!.columns.map((c) => c.header));
    const col = (header: string) => rows[0]!.indexOf(header);
    expect(rows.slice(1).map((r) => [r[col('范围')], r[col('通用名')], r[col('已采购量')], r[col('完成率')], r[col('进度')], r[col('结余(元)')]])).toEqual([
      ['全医共体', '氨氯地平片', '21280', '58.3%', '正常', '19152.00'],
      ['青石镇卫生院', '氨氯地平片', '2520', '34.5%', '落后', '2268.00'],
      ['白沙镇卫生院', '氨氯地平片', '1960', '53.6%', '正常', '1764.00'],
      ['全医共体', '二甲双胍片', '600', '5.4%', '落后', '90.00'],
      ['青石镇卫生院', '二甲双胍片', '0', '0%', '落后', '0.00'],
    ]);
    expect(rows[1]![col('协议年度')]).toBe('2026-01-01 至 2026-12-31');
    expect(rows[1]![col('中选价(元)')]).toBe('2.80/盒');
  });

  it('a member pharmacist’s file holds only their own unit’s rows', async () => {
    const rows = await sheetFor('qingshi');
    expect(rows.slice(1).map((r) => [r[0], r[2]])).toEqual([
      ['青石镇卫生院', '氨氯地平片'],
      ['青石镇卫生院', '二甲双胍片'],
    ]);
  });
});

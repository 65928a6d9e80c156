import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, callOp, createUnit, startTestHub, userWithRole, type TestHub } from './helpers.js';

const item = (genericName: string, code: string, levels: { county: boolean; township: boolean; village: boolean }) => ({
  genericName,
  dosageForm: '胶囊剂',
  spec: '0.25g',
  manufacturer: '华北制药股份有限公司',
  approvalNo: '国药准字H13020000',
  insuranceCode: code,
  category: 'western',
  baseUnit: '粒',
  packs: [{ unit: '盒', factor: 24 }],
  purchaseUnit: '盒',
  issueUnit: '粒',
  levels,
});

let hub: TestHub;
let officer = '';
let member = '';

beforeAll(async () => {
  hub = await startTestHub();
  const admin = await adminSession(hub);
  const leadId = (await callOp(hub, 'unit.list', {}, admin)).body.units[0]!.id;
  const townId = await createUnit(hub, admin, { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' });
  officer = await userWithRole(hub, admin, 'caigou', 'pharmacy_officer', leadId);
  member = await userWithRole(hub, admin, 'yaoshi', 'member_pharmacist', townId);
});
afterAll(() => hub.dispose());

describe('formulary over HTTP', () => {
  it('a member pharmacist proposes a change but cannot apply it; the pharmacy officer records the 药事会 decision', async () => {
    const proposed = await callOp(
      hub,
      'changeRequest.propose',
      { kind: 'add', item: item('阿莫西林胶囊', 'XJ01CAA040E001010101445', { county: true, township: true, village: false }), reason: '乡镇常用抗菌药' },
      member,
    );
    expect(proposed.status).toBe(200);
    expect(proposed.body.request.number).toMatch(/^ML\d{4}-\d{6}$/);
    const decide = { id: proposed.body.request.id, approve: true, resolutionNo: '药事会〔2026〕3号', resolutionDate: '2026-11-20' };
    const denied = await callOp(hub, 'changeRequest.decide', decide, member);
    expect(denied.status).toBe(403);
    const approved = await callOp(hub, 'changeRequest.decide', decide, officer);
    expect(approved.status).toBe(200);
    expect(approved.body.request).toMatchObject({ status: 'approved', resolutionNo: '药事会〔2026〕3号' });
    expect(approved.body.request.appliedVersion).toBeGreaterThan(0);
  });

  it("a member pharmacist sees only their level's sub-catalogue, whatever level they ask for", async () => {
    const add = await callOp(
      hub,
      'changeRequest.propose',
      { kind: 'add', item: item('头孢曲松钠注射液', 'XJ01DDA063B002010102277', { county: true, township: false, village: false }), reason: '县级医院住院用药' },
      officer,
    );
    expect(add.status).toBe(200);
    await callOp(hub, 'changeRequest.decide', { id: add.body.request.id, approve: true, resolutionNo: '药事会〔2026〕4号', resolutionDate: '2026-11-21' }, officer);
    const all = await callOp(hub, 'formulary.list', {}, officer);
    expect(all.body.items.map((i) => i.genericName).sort()).toEqual(['头孢曲松钠注射液', '阿莫西林胶囊']);
    for (const input of [{}, { level: 'county' }]) {
      const mine = await callOp(hub, 'formulary.list', input, member);
      expect(mine.status).toBe(200);
      expect(mine.body.items.map((i) => i.genericName)).toEqual(['阿莫西林胶囊']);
    }
    const search = await callOp(hub, 'formulary.search', { q: 'tbqs' }, member);
    expect(search.body.hits).toEqual([]);
    expect((await callOp(hub, 'formulary.search', { q: 'tbqs' }, officer)).body.hits[0]!.genericName).toBe('头孢曲松钠注射液');
  });

  it('exports a level sub-catalogue as xlsx with Chinese headers', async () => {
    const input = encodeURIComponent(JSON.stringify({ level: 'township' }));
    const res = await fetch(`${hub.url}/api/export/formulary.catalogue?input=${input}`, { headers: { cookie: officer } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
  });
});

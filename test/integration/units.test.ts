import { afterEach, describe, expect, it } from 'vitest';
import { call, initialised, ok } from '../support/db.js';
import { usccCheckChar } from '../../core/api/codes.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
async function setup() {
  const env = await initialised();
  cleanups.push(env.dispose);
  return { ...env, as: { sessionToken: env.admin } };
}
const validUscc = (first17: string) => first17 + usccCheckChar(first17)!;

describe('member units', () => {
  it('creates a township centre with a default store, and a village clinic under it', async () => {
    const { db, as } = await setup();
    const uscc = validUscc('12330102MB1234567');
    const town = (await ok(db, 'unit.create', { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital', uscc: ` ${uscc.toLowerCase()} `, insuranceCode: 'h33010200123', contactPhone: '0571-88001234' }, as)).unit;
    expect(town).toMatchObject({ level: 'township', uscc, insuranceCode: 'H33010200123', storeCount: 1, active: true });
    const village = (await ok(db, 'unit.create', { code: 'CS0101', name: '青石镇上村卫生室', kind: 'village_clinic', parentId: town.id }, as)).unit;
    expect(village).toMatchObject({ level: 'village', parentId: town.id, parentName: '青石镇卫生院' });
    expect((await ok(db, 'unit.get', { id: town.id }, as)).stores).toMatchObject([{ code: 'WS01-YF', name: '药房', isCentral: false }]);
  });

  it('reports a bad USCC check digit, a duplicate code and a clinic without a township parent', async () => {
    const { db, as } = await setup();
    await ok(db, 'unit.create', { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' }, as);
    const bad = await call(db, 'unit.create', { code: 'CS01', name: '上村卫生室', kind: 'village_clinic', uscc: '12330102MB12345670' }, as);
    expect(!bad.ok && bad.error.fields?.map((f) => f.path).sort()).toEqual(['parentId', 'uscc']);
    const dup = await call(db, 'unit.create', { code: 'WS01', name: '重复', kind: 'township_hospital' }, as);
    expect(!dup.ok && dup.error.fields).toEqual([{ path: 'code', message: '单位编码 WS01 已被使用' }]);
    const leadId = (await ok(db, 'unit.list', {}, as)).units.find((u) => u.isLead)!.id;
    const wrongParent = await call(db, 'unit.create', { code: 'CS02', name: '下村卫生室', kind: 'village_clinic', parentId: leadId }, as);
    expect(!wrongParent.ok && wrongParent.error.fields![0]!.path).toBe('parentId');
  });

  it('edits a unit and records exactly what changed', async () => {
    const { db, as } = await setup();
    const town = (await ok(db, 'unit.create', { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' }, as)).unit;
    await ok(db, 'unit.update', { id: town.id, fields: { code: 'WS01', name: '青石镇中心卫生院', kind: 'township_hospital', contactName: '周医生' } }, as);
    const entry = db.$client.prepare("SELECT summary FROM audit_log WHERE operation = 'unit.update'").get() as { summary: string };
    expect(JSON.parse(entry.summary)).toEqual({ changes: { name: { from: '青石镇卫生院', to: '青石镇中心卫生院' }, contactName: { from: '', to: '周医生' } } });
  });

  it('deactivates instead of deleting, and guards the lead hospital and units with active clinics', async () => {
    const { db, as } = await setup();
    const lead = (await ok(db, 'unit.list', {}, as)).units[0]!;
    const town = (await ok(db, 'unit.create', { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' }, as)).unit;
    const village = (await ok(db, 'unit.create', { code: 'CS0101', name: '上村卫生室', kind: 'village_clinic', parentId: town.id }, as)).unit;
    const leadOff = await call(db, 'unit.setActive', { id: lead.id, active: false }, as);
    expect(!leadOff.ok && leadOff.error.message).toBe('总医院不能停用');
    const townOff = await call(db, 'unit.setActive', { id: town.id, active: false }, as);
    expect(!townOff.ok && townOff.error.message).toContain('上村卫生室');
    await ok(db, 'unit.setActive', { id: village.id, active: false }, as);
    await ok(db, 'unit.setActive', { id: town.id, active: false }, as);
    expect((await ok(db, 'unit.list', {}, as)).units.map((u) => u.code)).toEqual(['QY-XRMYY']);
    expect((await ok(db, 'unit.list', { includeInactive: true }, as)).units).toHaveLength(3);
    const back = await call(db, 'unit.setActive', { id: village.id, active: true }, as);
    expect(!back.ok && back.error.message).toBe('请先启用其上级单位');
  });

  it('keeps at least one active store per unit and never deactivates the central store', async () => {
    const { db, as } = await setup();
    const central = (await ok(db, 'store.list', {}, as)).stores[0]!;
    const r = await call(db, 'store.update', { id: central.id, name: '中心药库', active: false }, as);
    expect(!r.ok && r.error.fields![0]!.message).toBe('中心药库不能停用');
    const town = (await ok(db, 'unit.create', { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' }, as)).unit;
    const only = (await ok(db, 'store.list', { unitId: town.id }, as)).stores[0]!;
    const last = await call(db, 'store.update', { id: only.id, name: '药房', active: false }, as);
    expect(!last.ok && last.error.fields![0]!.message).toBe('每个单位至少保留一个在用库房');
    await ok(db, 'store.create', { unitId: town.id, code: 'WS01-YK', name: '药库' }, as);
    await ok(db, 'store.update', { id: only.id, name: '药房', active: false }, as);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, callOp, createUnit, startTestHub, userWithRole, type TestHub } from './helpers.js';

describe('roles and unit scope', () => {
  let hub: TestHub;
  let admin: string;
  let townA: number;
  let townB: number;
  let pharmacistA: string;
  let auditor: string;
  let storekeeper: string;

  beforeAll(async () => {
    hub = await startTestHub();
    admin = await adminSession(hub);
    townA = await createUnit(hub, admin, { code: 'QY-WS01', name: '青石镇卫生院', kind: 'township_hospital' });
    townB = await createUnit(hub, admin, { code: 'QY-WS02', name: '白马镇卫生院', kind: 'township_hospital' });
    const lead = (await callOp(hub, 'unit.list', {}, admin)).body.units.find((u) => u.isLead)!.id;
    // Town B has stores of its own, so a list that forgot the pharmacist's scope would show them.
    const extraB = await callOp(hub, 'store.create', { unitId: townB, code: 'QY-WS02-ZK', name: '周转库' }, admin);
    if (extraB.status !== 200) throw new Error(`store.create failed: ${JSON.stringify(extraB.body)}`);
    pharmacistA = await userWithRole(hub, admin, 'yaoshi.qs', 'member_pharmacist', townA);
    auditor = await userWithRole(hub, admin, 'shenji', 'auditor', lead);
    storekeeper = await userWithRole(hub, admin, 'kuguan', 'storekeeper', lead);
  });
  afterAll(() => hub.dispose());

  it('forbids an auditor from creating a unit (403), changing nothing', async () => {
    const res = await callOp(hub, 'unit.create', { code: 'QY-WS09', name: '新镇卫生院', kind: 'township_hospital' }, auditor);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(res.body.error.message).toMatch(/没有权限/);
    const units = (await callOp(hub, 'unit.list', {}, admin)).body.units as { code: string }[];
    expect(units.map((u) => u.code).sort()).toEqual(['QY-WS01', 'QY-WS02', 'QY-XRMYY']);
  });

  it('forbids a storekeeper from listing users, while an auditor may', async () => {
    const denied = await callOp(hub, 'user.list', {}, storekeeper);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');
    const allowed = await callOp(hub, 'user.list', {}, auditor);
    expect(allowed.status).toBe(200);
    expect(allowed.body.users.map((u) => u.username).sort()).toEqual(['admin', 'kuguan', 'shenji', 'yaoshi.qs']);
  });

  it('confines a member pharmacist to their own unit', async () => {
    const ownUnit = await callOp(hub, 'unit.get', { id: townA }, pharmacistA);
    expect(ownUnit.status).toBe(200);
    expect(ownUnit.body.unit).toMatchObject({ id: townA, code: 'QY-WS01', name: '青石镇卫生院' });
    expect(ownUnit.body.stores.map((s) => s.code)).toEqual(['QY-WS01-YF']);
    const otherUnit = await callOp(hub, 'unit.get', { id: townB }, pharmacistA);
    expect(otherUnit.status).toBe(403);
    expect(JSON.stringify(otherUnit.body)).not.toContain('白马镇');

    // What the administrator sees, so the pharmacist's lists below are known to be filtered, not empty.
    const everyStore = (await callOp(hub, 'store.list', {}, admin)).body.stores.map((s) => s.code).sort();
    expect(everyStore).toEqual(['QY-WS01-YF', 'QY-WS02-YF', 'QY-WS02-ZK', 'QY-ZXYK']);

    const own = await callOp(hub, 'store.list', { unitId: townA }, pharmacistA);
    expect(own.status).toBe(200);
    expect(own.body.stores.map((s) => [s.unitId, s.code])).toEqual([[townA, 'QY-WS01-YF']]);
    const other = await callOp(hub, 'store.list', { unitId: townB }, pharmacistA);
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.body)).not.toContain('QY-WS02');
    const unscoped = await callOp(hub, 'store.list', {}, pharmacistA);
    expect(unscoped.status).toBe(200);
    expect(unscoped.body.stores.map((s) => [s.unitId, s.code])).toEqual([[townA, 'QY-WS01-YF']]);

    const otherStore = await callOp(hub, 'store.create', { unitId: townB, code: 'QY-WS02-LS', name: '临时库' }, pharmacistA);
    expect(otherStore.status).toBe(403);
    expect(otherStore.body.error.code).toBe('FORBIDDEN');
    const ownStore = await callOp(hub, 'store.create', { unitId: townA, code: 'QY-WS01-ZK', name: '周转库' }, pharmacistA);
    expect(ownStore.status).toBe(200);
    expect(ownStore.body.store).toMatchObject({ unitId: townA, code: 'QY-WS01-ZK' });
    const after = await callOp(hub, 'store.list', {}, pharmacistA);
    expect(after.body.stores.map((s) => s.code).sort()).toEqual(['QY-WS01-YF', 'QY-WS01-ZK']);
    // The refused store in town B was not written.
    expect((await callOp(hub, 'store.list', { unitId: townB }, admin)).body.stores.map((s) => s.code).sort()).toEqual(['QY-WS02-YF', 'QY-WS02-ZK']);

    const list = (await callOp(hub, 'unit.list', {}, pharmacistA)).body.units as { id: number }[];
    expect(list.map((u) => u.id)).toEqual([townA]);
  });
});

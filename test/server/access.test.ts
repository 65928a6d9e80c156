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
    expect(units.map((u) => u.code)).not.toContain('QY-WS09');
  });

  it('forbids a storekeeper from listing users, while an auditor may', async () => {
    const denied = await callOp(hub, 'user.list', {}, storekeeper);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');
    const allowed = await callOp(hub, 'user.list', {}, auditor);
    expect(allowed.status).toBe(200);
  });

  it('confines a member pharmacist to their own unit', async () => {
    expect((await callOp(hub, 'unit.get', { id: townA }, pharmacistA)).status).toBe(200);
    expect((await callOp(hub, 'unit.get', { id: townB }, pharmacistA)).status).toBe(403);

    const own = await callOp(hub, 'store.list', { unitId: townA }, pharmacistA);
    expect(own.status).toBe(200);
    expect(own.body.stores.every((s) => s.unitId === townA)).toBe(true);
    expect((await callOp(hub, 'store.list', { unitId: townB }, pharmacistA)).status).toBe(403);
    const unscoped = await callOp(hub, 'store.list', {}, pharmacistA);
    expect(unscoped.status).toBe(200);
    expect(unscoped.body.stores.map((s) => s.unitId)).toEqual(unscoped.body.stores.map(() => townA));

    const otherStore = await callOp(hub, 'store.create', { unitId: townB, code: 'QY-WS02-ZK', name: '周转库' }, pharmacistA);
    expect(otherStore.status).toBe(403);
    expect(otherStore.body.error.code).toBe('FORBIDDEN');
    const ownStore = await callOp(hub, 'store.create', { unitId: townA, code: 'QY-WS01-ZK', name: '周转库' }, pharmacistA);
    expect(ownStore.status).toBe(200);
    expect(ownStore.body.store).toMatchObject({ unitId: townA, code: 'QY-WS01-ZK' });

    const list = (await callOp(hub, 'unit.list', {}, pharmacistA)).body.units as { id: number }[];
    expect(list.map((u) => u.id)).toEqual([townA]);
  });
});

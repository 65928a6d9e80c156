import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanAlerts } from '../../core/alerts/scan.js';
import { memberStockCommunity } from './member-stock-support.js';
import { seedVbpFixture, type VbpFixture } from './vbp-support.js';

/**
 * 集采进度落后 alerts from the 集采监测 figures (vbp-monitoring.test.ts works them out by hand): as of 2026-07-01
 * 氨氯地平片 is behind at 青石镇 (unit A), 二甲双胍片 community-wide and at 青石镇.
 */
let c: Awaited<ReturnType<typeof memberStockCommunity>>;
let fx: VbpFixture;
const asOf = new Date('2026-07-01T04:00:00Z');

beforeAll(async () => {
  c = await memberStockCommunity();
  fx = seedVbpFixture(c.db, { leadId: c.leadId, centralStore: c.centralStore, unitA: { id: c.ownUnit, store: c.ownStore }, unitB: { id: c.otherUnit, store: c.otherStore } });
});
afterAll(() => c.env.dispose());

describe('vbp_behind alerts', () => {
  it('one per behind product and unit; the member unit sees its own, the officer all, the other township none', async () => {
    const scan = await scanAlerts(c.db, asOf);
    expect(scan.raisedAlerts.filter((a) => a.kind === 'vbp_behind').map((a) => a.key)).toEqual([
      `vbp_behind:vbp:${fx.amlodipine}:${c.ownUnit}:2026-01-01`,
      `vbp_behind:vbp:${fx.metformin}:all:2026-04-01`,
      `vbp_behind:vbp:${fx.metformin}:${c.ownUnit}:2026-04-01`,
    ]);
    const own = await c.ok('alert.list', { kind: 'vbp_behind' });
    expect(own.alerts.map((a) => a.data['itemId']).sort()).toEqual([fx.amlodipine, fx.metformin].sort());
    const amlodipine = own.alerts.find((a) => a.data['itemId'] === fx.amlodipine)!;
    expect(amlodipine).toMatchObject({ title: '氨氯地平片 5mg（青石镇卫生院）：已完成 34.5%，时间已过 49.8%', link: '/vbp-monitoring', unitId: c.ownUnit, permission: 'vbp.read' });
    expect(amlodipine.action).toMatch(/^请优先使用集采中选药品并按计划请领/);
    expect((await c.ok('alert.list', { kind: 'vbp_behind' }, 'baisha')).total).toBe(0);
    expect((await c.ok('alert.list', { kind: 'vbp_behind' }, 'officer')).total).toBe(3);
    expect((await scanAlerts(c.db, asOf)).raised).toBe(0);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { scanAlerts } from '../../core/alerts/scan.js';
import { addMonths } from '../../core/distribution/shipments/eligibility.js';
import { communityDate } from '../../core/time.js';
import { initialised, ok } from '../support/db.js';
import { approvedRequisitionForTest } from '../support/distribution.js';
import { newItem, shipmentWorld, stock } from '../support/shipments.js';

/** The discrepancy source on a real 签收 with a short line (the shipment chain through the operations). */
const env = await initialised();
afterAll(() => env.dispose());
const DAY = 86_400_000;
const later = (days: number) => new Date(Date.now() + days * DAY);

describe('discrepancy alerts', () => {
  it('an open discrepancy alerts the pharmacy officer once it has been open for the set days, and resolves when handled', async () => {
    const w = await shipmentWorld(env.db, env.admin);
    const as = (who: string) => ({ sessionToken: w.tokens[who]! });
    const itemId = newItem(env.db);
    stock(env.db, { itemId, storeId: w.centralStore, quantity: 30, batchNo: 'DX1', expiry: addMonths(communityDate(new Date()), 12) });
    const { id } = approvedRequisitionForTest(env.db, { unitId: w.ownUnit, storeId: w.ownStore, lines: [{ itemId, quantity: 30 }] });
    const { shipment } = await ok(env.db, 'shipment.allocate', { requisitionId: id }, as('keeper'));
    await ok(env.db, 'shipment.ship', { id: shipment.id, requestId: 'alerts-ship-1' }, as('keeper'));
    const confirmed = await ok(env.db, 'shipment.confirm', { id: shipment.id, lines: [{ id: shipment.lines[0]!.id, receivedQuantity: 24, reason: '少一盒' }] }, as('member'));
    const discrepancy = confirmed.shipment.discrepancies[0]!;

    expect((await scanAlerts(env.db, later(1))).byKind.discrepancy_open).toBe(0);
    const aged = await scanAlerts(env.db, later(3));
    expect(aged.raisedAlerts.map((a) => a.key)).toEqual([`discrepancy_open:${discrepancy.id}`]);
    const officer = await ok(env.db, 'alert.list', { kind: 'discrepancy_open' }, as('officer'));
    expect(officer.alerts).toMatchObject([{ unitId: w.ownUnit, unitName: '青石镇卫生院', link: '/discrepancies', data: { quantity: 6, days: 3 } }]);
    expect(officer.alerts[0]!.title).toContain('已 3 天未处理');
    // The member pharmacist of that unit does not resolve discrepancies (distribution.resolve): not theirs to act on.
    expect((await ok(env.db, 'alert.list', { kind: 'discrepancy_open' }, as('member'))).total).toBe(0);

    await ok(env.db, 'discrepancy.resolve', { id: discrepancy.id, resolution: 'found', note: '找到' }, as('officer'));
    expect((await scanAlerts(env.db, later(4))).resolved).toBeGreaterThanOrEqual(1);
    expect((await ok(env.db, 'alert.list', { kind: 'discrepancy_open' }, as('officer'))).total).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../core/distribution/shipments/eligibility.js';
import { verifyStock } from '../../core/stock/verify.js';
import { communityDate } from '../../core/time.js';
import { call, initialised, ok } from '../support/db.js';
import { approvedRequisitionForTest } from '../support/distribution.js';
import { balance, newItem, shipmentWorld, stock, storeLocation, transitOf, type ShipmentWorld } from '../support/shipments.js';

/** 签收差异: idempotent 签收, the officer's resolutions and their refusals, the write-off's second person. */
const env = await initialised();
afterAll(() => env.dispose());
let w: ShipmentWorld;
const as = (who: string) => ({ sessionToken: w.tokens[who]! });
const expiry = addMonths(communityDate(new Date()), 12);
let n = 0;
const rid = () => `discrepancy-request-${++n}`;

beforeAll(async () => {
  w = await shipmentWorld(env.db, env.admin);
});

/** A shipped transfer of `quantity` of a fresh item (the central store keeps `spare` more). */
async function shipped(quantity: number, spare = 0) {
  const itemId = newItem(env.db);
  const batchId = stock(env.db, { itemId, storeId: w.centralStore, quantity: quantity + spare, batchNo: `D${n}`, expiry });
  const { id } = approvedRequisitionForTest(env.db, { unitId: w.ownUnit, storeId: w.ownStore, lines: [{ itemId, quantity }] });
  const { shipment } = await ok(env.db, 'shipment.allocate', { requisitionId: id }, as('keeper'));
  await ok(env.db, 'shipment.ship', { id: shipment.id, requestId: rid() }, as('keeper'));
  return { shipment, batchId, lineId: shipment.lines[0]!.id };
}

describe('签收 and discrepancies', () => {
  it('a repeated 签收 with the same 请求号 answers the first result and writes nothing', async () => {
    const { shipment, lineId } = await shipped(20);
    const requestId = rid();
    const first = await ok(env.db, 'shipment.confirm', { id: shipment.id, requestId, lines: [{ id: lineId, receivedQuantity: 18, reason: '短少' }] }, as('member'));
    const again = await ok(env.db, 'shipment.confirm', { id: shipment.id, requestId, lines: [{ id: lineId, receivedQuantity: 18, reason: '短少' }] }, as('member'));
    expect(again).toEqual(first);
    expect(env.db.$client.prepare('SELECT count(*) AS n FROM shipment_discrepancies WHERE document_id = ?').get(shipment.id)).toEqual({ n: 1 });
    const twice = await call(env.db, 'shipment.confirm', { id: shipment.id }, as('member'));
    expect(!twice.ok && twice.error.code).toBe('CONFLICT');
  });

  it('damaged beyond what arrived is refused on the line; a line of another shipment is refused', async () => {
    const { shipment, lineId } = await shipped(10);
    const damaged = await call(env.db, 'shipment.confirm', { id: shipment.id, lines: [{ id: lineId, receivedQuantity: 4, damagedQuantity: 5, reason: '破损' }] }, as('member'));
    expect(!damaged.ok && damaged.error.fields?.[0]?.path).toBe('lines.0.damagedQuantity');
    const other = await shipped(10);
    const foreign = await call(env.db, 'shipment.confirm', { id: shipment.id, lines: [{ id: other.lineId, receivedQuantity: 10, reason: '' }] }, as('member'));
    expect(!foreign.ok && foreign.error.fields?.[0]?.path).toBe('lines.0.id');
  });

  it('a resolution is final; a write-off rejected goes back to open and may be resolved otherwise; returned goes back to the central store', async () => {
    const { shipment, lineId, batchId } = await shipped(30);
    const { shipment: received } = await ok(env.db, 'shipment.confirm', { id: shipment.id, lines: [{ id: lineId, receivedQuantity: 24, reason: '少一盒' }] }, as('member'));
    const d = received.discrepancies[0]!;
    const memberResolve = await call(env.db, 'discrepancy.resolve', { id: d.id, resolution: 'found', note: '找到' }, as('member'));
    expect(!memberResolve.ok && memberResolve.error.code).toBe('FORBIDDEN');
    await ok(env.db, 'discrepancy.resolve', { id: d.id, resolution: 'write_off', note: '丢失' }, as('officer'));
    const notTwice = await call(env.db, 'discrepancy.resolve', { id: d.id, resolution: 'found', note: '找到' }, as('officer'));
    expect(!notTwice.ok && notTwice.error.code).toBe('CONFLICT');
    const { discrepancy: reopened } = await ok(env.db, 'discrepancy.rejectWriteOff', { id: d.id, reason: '再找找' }, as('officer2'));
    expect([reopened.status, reopened.resolution]).toEqual(['open', null]);
    await ok(env.db, 'discrepancy.resolve', { id: d.id, resolution: 'returned', note: '退回中心库' }, as('officer'));
    expect(balance(env.db, batchId, storeLocation(env.db, w.centralStore)).quantity).toBe(6);
    expect(balance(env.db, batchId, transitOf(env.db, w.ownUnit)!).quantity).toBe(0);
    const again = await call(env.db, 'discrepancy.resolve', { id: d.id, resolution: 'found', note: '找到' }, as('officer'));
    expect(!again.ok && again.error.code).toBe('CONFLICT');
    expect(verifyStock(env.db.$client).ok).toBe(true);
  });

  it('an excess the sender no longer has cannot be accepted; returned, it moves nothing', async () => {
    const { shipment, lineId, batchId } = await shipped(10, 0);
    const { shipment: received } = await ok(env.db, 'shipment.confirm', { id: shipment.id, lines: [{ id: lineId, receivedQuantity: 12, reason: '多了两粒' }] }, as('member'));
    const d = received.discrepancies[0]!;
    const refused = await call(env.db, 'discrepancy.resolve', { id: d.id, resolution: 'excess_accepted', note: '确认' }, as('officer'));
    expect(!refused.ok && refused.error.code).toBe('CONFLICT');
    const before = env.db.$client.prepare('SELECT count(*) AS n FROM stock_moves WHERE batch_id = ?').get(batchId);
    await ok(env.db, 'discrepancy.resolve', { id: d.id, resolution: 'excess_returned', note: '退回多发' }, as('officer'));
    expect(env.db.$client.prepare('SELECT count(*) AS n FROM stock_moves WHERE batch_id = ?').get(batchId)).toEqual(before);
    const list = await ok(env.db, 'discrepancy.list', { status: 'resolved' }, as('member'));
    expect(list.discrepancies.map((x) => x.id)).toContain(d.id);
    expect(list.discrepancies.every((x) => x.unitId === w.ownUnit)).toBe(true);
  });
});

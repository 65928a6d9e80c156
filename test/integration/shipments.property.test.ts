import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscrepancyResolution } from '../../core/api/index.js';
import { addMonths } from '../../core/distribution/shipments/eligibility.js';
import { verifyStock } from '../../core/stock/verify.js';
import { communityDate } from '../../core/time.js';
import { call, initialised, ok } from '../support/db.js';
import { approvedRequisitionForTest } from '../support/distribution.js';
import { newItem, shipmentWorld, stock, storeLocation, transitOf, type ShipmentWorld } from '../support/shipments.js';

/**
 * Properties of FEFO allocation and of a shipment's conservation, through the registered operations:
 * - FEFO never picks an ineligible batch (expired, 冻结, 召回, below the level's minimum shelf life) and never
 *   leaves an earlier-expiring eligible batch with stock available while it picks a later one;
 * - for every shipment, what was shipped = what arrived in good order + what is still open in transit + what was
 *   resolved, by kind — and the ledger agrees: the in-transit location holds exactly the open quantity.
 */
const env = await initialised();
afterAll(() => env.dispose());
let w: ShipmentWorld;
let central = 0;
const today = communityDate(new Date());
let seq = 0;
const requestId = () => `prop-ship-${++seq}`;
const as = (who: string) => ({ sessionToken: w.tokens[who]! });

beforeAll(async () => {
  w = await shipmentWorld(env.db, env.admin);
  central = storeLocation(env.db, w.centralStore);
});

const batchArb = fc.record({
  months: fc.integer({ min: -3, max: 30 }),
  status: fc.constantFrom('normal', 'normal', 'normal', 'on_hold', 'recalled') as fc.Arbitrary<'normal' | 'on_hold' | 'recalled'>,
  quantity: fc.integer({ min: 1, max: 60 }),
  reserved: fc.integer({ min: 0, max: 30 }),
});

describe('FEFO allocation (property)', () => {
  it('picks only eligible batches, earliest expiry first, exhausting each before the next', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(batchArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 200 }), async (batches, requested) => {
        const itemId = newItem(env.db);
        const ids = batches.map((b, i) =>
          stock(env.db, { itemId, storeId: w.centralStore, quantity: b.quantity, batchNo: `F${i}`, expiry: addMonths(today, b.months), ...(b.status === 'normal' ? {} : { status: b.status }) }),
        );
        // Some stock already reserved by another unit's allocation (an earlier storekeeper's).
        const pre = approvedRequisitionForTest(env.db, { unitId: w.otherUnit, storeId: w.otherStore, lines: [{ itemId, quantity: batches.reduce((s, b) => s + Math.min(b.reserved, b.quantity), 0) || 1 }] });
        await call(env.db, 'shipment.allocate', { requisitionId: pre.id }, as('keeper'));
        const before = new Map(ids.map((id) => [id, env.db.$client.prepare('SELECT quantity - reserved AS a FROM stock_balances WHERE batch_id = ? AND location_id = ?').get(id, central) as { a: number }]));
        const { id } = approvedRequisitionForTest(env.db, { unitId: w.ownUnit, storeId: w.ownStore, lines: [{ itemId, quantity: requested }] });
        const result = await call(env.db, 'shipment.allocate', { requisitionId: id }, as('keeper'));
        const minExpiry = addMonths(today, 6);
        const eligible = ids
          .map((batchId, i) => ({ batchId, expiry: addMonths(today, batches[i]!.months), ok: batches[i]!.status === 'normal' && addMonths(today, batches[i]!.months) >= minExpiry, available: before.get(batchId)!.a }))
          .filter((b) => b.ok && b.available > 0)
          .sort((a, b) => (a.expiry < b.expiry ? -1 : a.expiry > b.expiry ? 1 : a.batchId - b.batchId));
        // The FEFO model: walk the eligible batches in order, taking what is available.
        const expected: [number, number][] = [];
        let left = requested;
        for (const b of eligible) {
          if (left === 0) break;
          const take = Math.min(left, b.available);
          expected.push([b.batchId, take]);
          left -= take;
        }
        if (expected.length === 0) {
          expect(!result.ok && result.error.code).toBe('CONFLICT');
          return;
        }
        expect(result.ok).toBe(true);
        const out = (result as { output: { shipment: { lines: { batchId: number; quantity: number }[] }; unfilled: { quantity: number }[] } }).output;
        expect(out.shipment.lines.map((l) => [l.batchId, l.quantity])).toEqual(expected);
        expect(out.unfilled.reduce((s, u) => s + u.quantity, 0)).toBe(left);
      }),
      { numRuns: 40 },
    );
    expect(verifyStock(env.db.$client).ok).toBe(true);
  });
});

const lineArb = fc.record({
  delta: fc.integer({ min: -10, max: 6 }),
  damaged: fc.integer({ min: 0, max: 5 }),
  resolution: fc.constantFrom('found', 'returned', 'reshipped', 'write_off', 'write_off_rejected', 'none') as fc.Arbitrary<DiscrepancyResolution | 'write_off_rejected' | 'none'>,
  excess: fc.constantFrom('excess_accepted', 'excess_returned', 'none') as fc.Arbitrary<DiscrepancyResolution | 'none'>,
});

describe('conservation (property)', () => {
  it('shipped = received in good order + open in transit + resolved by kind, and the in-transit location holds exactly what is open', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 5, max: 40 }), { minLength: 1, maxLength: 4 }), fc.array(lineArb, { minLength: 4, maxLength: 4 }), async (quantities, plans) => {
        const items = quantities.map(() => newItem(env.db));
        items.forEach((itemId, i) => stock(env.db, { itemId, storeId: w.centralStore, quantity: quantities[i]! + 20, batchNo: `C${i}`, expiry: addMonths(today, 12) }));
        const { id } = approvedRequisitionForTest(env.db, { unitId: w.ownUnit, storeId: w.ownStore, lines: items.map((itemId, i) => ({ itemId, quantity: quantities[i]! })) });
        const { shipment } = await ok(env.db, 'shipment.allocate', { requisitionId: id }, as('keeper'));
        await ok(env.db, 'shipment.ship', { id: shipment.id, requestId: requestId() }, as('keeper'));
        const lines = shipment.lines.map((line, i) => {
          const plan = plans[i % plans.length]!;
          const received = Math.max(0, line.quantity + plan.delta);
          const damaged = Math.min(plan.damaged, Math.min(received, line.quantity));
          return { line, plan, received, damaged };
        });
        const confirmed = await ok(
          env.db,
          'shipment.confirm',
          { id: shipment.id, lines: lines.map((l) => ({ id: l.line.id, receivedQuantity: l.received, damagedQuantity: l.damaged, reason: '核对差异' })) },
          as('member'),
        );
        for (const d of confirmed.shipment.discrepancies) {
          const plan = lines.find((l) => l.line.id === d.lineId)!.plan;
          const resolution = d.kind === 'excess' ? plan.excess : plan.resolution;
          if (resolution === 'none') continue;
          const asked = resolution === 'write_off_rejected' ? 'write_off' : resolution;
          await ok(env.db, 'discrepancy.resolve', { id: d.id, resolution: asked, note: '处理' }, as('officer'));
          if (asked === 'write_off') {
            if (resolution === 'write_off_rejected') await ok(env.db, 'discrepancy.rejectWriteOff', { id: d.id, reason: '再查' }, as('officer2'));
            else await ok(env.db, 'discrepancy.approveWriteOff', { id: d.id }, as('officer2'));
          }
        }
        const q = (sql: string, ...args: unknown[]) => (env.db.$client.prepare(sql).get(...args) as { n: number | null }).n ?? 0;
        const shipped = q('SELECT SUM(quantity) AS n FROM shipment_lines WHERE document_id = ?', shipment.id);
        const goodOrder = q('SELECT SUM(MIN(r.received_quantity, l.quantity) - r.damaged_quantity) AS n FROM shipment_receipts r JOIN shipment_lines l ON l.id = r.shipment_line_id WHERE r.document_id = ?', shipment.id);
        const byKind = (status: string, resolution: string | null) =>
          q(
            `SELECT SUM(quantity) AS n FROM shipment_discrepancies WHERE document_id = ? AND kind <> 'excess' AND status = ? AND resolution IS ?`,
            shipment.id,
            status,
            resolution,
          );
        const open = byKind('open', null) + byKind('pending_write_off', 'write_off');
        const resolved = (['found', 'returned', 'reshipped', 'write_off'] as const).reduce((s, r) => s + byKind('resolved', r), 0);
        expect(shipped).toBe(goodOrder + open + resolved);
        // The ledger says the same: the shipment's net in transit is what is still open.
        const transit = transitOf(env.db, w.ownUnit)!;
        const net = q('SELECT SUM(CASE WHEN to_location_id = @t THEN quantity ELSE 0 END) - SUM(CASE WHEN from_location_id = @t THEN quantity ELSE 0 END) AS n FROM stock_moves WHERE document_id = @d'.replace(/@t/g, String(transit)).replace('@d', String(shipment.id)));
        expect(net).toBe(open);
        const intoStore = q('SELECT SUM(quantity) AS n FROM stock_moves WHERE document_id = ? AND from_location_id = ? AND to_location_id = ?', shipment.id, transit, storeLocation(env.db, w.ownStore));
        const excessAccepted = q("SELECT SUM(quantity) AS n FROM shipment_discrepancies WHERE document_id = ? AND kind = 'excess' AND resolution = 'excess_accepted'", shipment.id);
        expect(intoStore).toBe(goodOrder + byKind('resolved', 'found') + excessAccepted);
      }),
      { numRuns: 25 },
    );
    expect(verifyStock(env.db.$client).ok).toBe(true);
  });
});

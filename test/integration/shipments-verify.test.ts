import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../core/distribution/shipments/eligibility.js';
import { verifyStock } from '../../core/stock/verify.js';
import { communityDate } from '../../core/time.js';
import { initialised, ok } from '../support/db.js';
import { approvedRequisitionForTest } from '../support/distribution.js';
import { newItem, shipmentWorld, stock, storeLocation, type ShipmentWorld } from '../support/shipments.js';

/** `stock verify` checks reservations against the shipments that hold them. */
const env = await initialised();
afterAll(() => env.dispose());
let w: ShipmentWorld;
beforeAll(async () => {
  w = await shipmentWorld(env.db, env.admin);
});
const expiry = addMonths(communityDate(new Date()), 12);

describe('stock verify: reserved = Σ lines of unshipped transfers and returns', () => {
  it('holds through allocation, a return draft, shipping and cancelling, and names a reservation nothing holds', async () => {
    const itemId = newItem(env.db);
    const central = stock(env.db, { itemId, storeId: w.centralStore, quantity: 100, batchNo: 'VF1', expiry });
    const member = stock(env.db, { itemId, storeId: w.ownStore, quantity: 50, batchNo: 'VF2', expiry });
    const { id } = approvedRequisitionForTest(env.db, { unitId: w.ownUnit, storeId: w.ownStore, lines: [{ itemId, quantity: 30 }] });
    const { shipment } = await ok(env.db, 'shipment.allocate', { requisitionId: id }, { sessionToken: w.tokens.keeper! });
    const { shipment: draft } = await ok(env.db, 'memberReturn.create', { storeId: w.ownStore, reason: 'overstock', lines: [{ batchId: member, quantity: 20 }], note: '' }, { sessionToken: w.tokens.member! });
    expect(verifyStock(env.db.$client)).toMatchObject({ ok: true });
    await ok(env.db, 'shipment.ship', { id: shipment.id, requestId: 'verify-ship-1' }, { sessionToken: w.tokens.keeper! });
    await ok(env.db, 'memberReturn.cancel', { id: draft.id, version: 1, reason: '不退了' }, { sessionToken: w.tokens.member! });
    expect(verifyStock(env.db.$client)).toMatchObject({ ok: true });

    // A reservation written behind the ledger's back is found, with what the shipments hold.
    env.db.$client.prepare('UPDATE stock_balances SET reserved = 7 WHERE batch_id = ? AND location_id = ?').run(central, storeLocation(env.db, w.centralStore));
    const result = verifyStock(env.db.$client);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'reserved_mismatch', batchId: central, expected: 0, actual: 7 })]);
    env.db.$client.prepare('UPDATE stock_balances SET reserved = 0 WHERE batch_id = ? AND location_id = ?').run(central, storeLocation(env.db, w.centralStore));
    expect(verifyStock(env.db.$client).ok).toBe(true);
  });

  it("names a balance whose copy of the batch's expiry (what the FEFO walk orders by) differs from the batch", () => {
    const itemId = newItem(env.db);
    const batch = stock(env.db, { itemId, storeId: w.centralStore, quantity: 10, batchNo: 'VF3', expiry });
    const location = storeLocation(env.db, w.centralStore);
    const stored = env.db.$client.prepare('SELECT expiry FROM stock_balances WHERE batch_id = ? AND location_id = ?').get(batch, location) as { expiry: string };
    expect(stored.expiry).toBe(expiry);
    env.db.$client.prepare("UPDATE stock_balances SET expiry = '2099-12-31' WHERE batch_id = ? AND location_id = ?").run(batch, location);
    expect(verifyStock(env.db.$client).problems).toEqual([expect.objectContaining({ kind: 'balance_expiry_mismatch', batchId: batch, locationId: location })]);
    env.db.$client.prepare('UPDATE stock_balances SET expiry = ? WHERE batch_id = ? AND location_id = ?').run(expiry, batch, location);
    expect(verifyStock(env.db.$client).ok).toBe(true);
  });
});

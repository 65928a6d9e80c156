import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCentreReturn } from '../../core/distribution/shipments/returns.js';
import { inTransaction } from '../../core/transaction.js';
import { initialised } from '../support/db.js';
import { testContext } from '../support/stock.js';
import { balance, newItem, shipmentWorld, stock, storeLocation, type ShipmentWorld } from '../support/shipments.js';

const env = await initialised();
afterAll(() => env.dispose());
let w: ShipmentWorld;
beforeAll(async () => {
  w = await shipmentWorld(env.db, env.admin);
});

const state = (id: number) => (env.db.$client.prepare('SELECT state, version FROM documents WHERE id = ?').get(id) as { state: string; version: number });

describe('createCentreReturn (the recalls module calls it)', () => {
  it('makes an approved 退库单 of a recalled batch with its reservation at the member store', () => {
    const itemId = newItem(env.db);
    const batchId = stock(env.db, { itemId, storeId: w.ownStore, quantity: 48, batchNo: 'RC1', expiry: '2028-01-31', status: 'recalled' });
    const ctx = testContext(env.db);
    const created = inTransaction(env.db.$client, true, () =>
      createCentreReturn(ctx, { storeId: w.ownStore, reason: 'recall', recallId: null, lines: [{ batchId, quantity: 30 }], note: '召回' }),
    );
    expect(created.number).toMatch(/^TK\d{4}-\d{6}$/);
    expect(state(created.id)).toEqual({ state: 'approved', version: 2 });
    expect(balance(env.db, batchId, storeLocation(env.db, w.ownStore))).toEqual({ quantity: 48, reserved: 30 });
    const row = env.db.$client.prepare('SELECT kind, from_store_id AS fromStore, to_store_id AS toStore, member_unit_id AS unitId, return_reason AS reason FROM shipments WHERE document_id = ?').get(created.id);
    expect(row).toEqual({ kind: 'return', fromStore: w.ownStore, toStore: w.centralStore, unitId: w.ownUnit, reason: 'recall' });
  });

  it('refuses more than is available, on the line', () => {
    const itemId = newItem(env.db);
    const batchId = stock(env.db, { itemId, storeId: w.ownStore, quantity: 10, batchNo: 'RC2', expiry: '2028-01-31' });
    const ctx = testContext(env.db);
    expect(() =>
      inTransaction(env.db.$client, true, () => createCentreReturn(ctx, { storeId: w.ownStore, reason: 'redistribution', lines: [{ batchId, quantity: 6 }, { batchId, quantity: 6 }] })),
    ).toThrow(/超出可用数量/);
    expect(balance(env.db, batchId, storeLocation(env.db, w.ownStore))).toEqual({ quantity: 10, reserved: 0 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCentreReturn } from '../../core/distribution/shipments/returns.js';
import { inTransaction } from '../../core/transaction.js';
import { verifyStock } from '../../core/stock/verify.js';
import { call, initialised, ok } from '../support/db.js';
import { testContext } from '../support/stock.js';
import { balance, newItem, shipmentWorld, stock, storeLocation, transitOf, type ShipmentWorld } from '../support/shipments.js';

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

describe('退库单 through the operations', () => {
  const as = (who: string) => ({ sessionToken: w.tokens[who]! });
  let n = 0;
  const rid = () => `return-request-${++n}`;

  it('the member writes, submits and ships it; the officer approves; the central storekeeper confirms it — one 签收 path with discrepancies', async () => {
    const itemId = newItem(env.db);
    const held = stock(env.db, { itemId, storeId: w.ownStore, quantity: 40, batchNo: 'MR1', expiry: '2027-03-31', status: 'on_hold' });
    const normal = stock(env.db, { itemId, storeId: w.ownStore, quantity: 40, batchNo: 'MR2', expiry: '2028-03-31' });
    const own = storeLocation(env.db, w.ownStore);
    const tooMuch = await call(env.db, 'memberReturn.create', { storeId: w.ownStore, reason: 'near_expiry', lines: [{ batchId: held, quantity: 41 }], note: '' }, as('member'));
    expect(!tooMuch.ok && tooMuch.error.fields?.[0]?.path).toBe('lines.0.quantity');
    const otherStore = await call(env.db, 'memberReturn.create', { storeId: w.otherStore, reason: 'near_expiry', lines: [{ batchId: held, quantity: 1 }], note: '' }, as('member'));
    expect(!otherStore.ok && otherStore.error.code).toBe('FORBIDDEN');
    const { shipment: draft } = await ok(env.db, 'memberReturn.create', { storeId: w.ownStore, reason: 'near_expiry', lines: [{ batchId: held, quantity: 30 }], note: '近效期' }, as('member'));
    expect(draft).toMatchObject({ kind: 'return', status: 'draft', typeLabel: '退库单', unitId: w.ownUnit, toStoreId: w.centralStore });
    expect(balance(env.db, held, own).reserved).toBe(30);
    const { shipment: updated } = await ok(env.db, 'memberReturn.update', { id: draft.id, version: 1, reason: 'overstock', lines: [{ batchId: held, quantity: 20 }, { batchId: normal, quantity: 10 }], note: '' }, as('member'));
    expect(updated.lines.map((l) => [l.batchNo, l.quantity])).toEqual([
      ['MR1', 20],
      ['MR2', 10],
    ]);
    expect([balance(env.db, held, own).reserved, balance(env.db, normal, own).reserved]).toEqual([20, 10]);
    await ok(env.db, 'memberReturn.submit', { id: draft.id, version: 2 }, as('member'));
    const memberApprove = await call(env.db, 'memberReturn.approve', { id: draft.id, version: 3 }, as('member'));
    expect(!memberApprove.ok && memberApprove.error.code).toBe('FORBIDDEN');
    await ok(env.db, 'memberReturn.approve', { id: draft.id, version: 3 }, as('officer'));
    const { shipment: shipped } = await ok(env.db, 'memberReturn.ship', { id: draft.id, requestId: rid() }, as('member'));
    expect(shipped.status).toBe('shipped');
    expect(balance(env.db, held, own)).toEqual({ quantity: 20, reserved: 0 });
    const centreTransit = transitOf(env.db, w.leadUnit)!;
    expect(balance(env.db, held, centreTransit).quantity).toBe(20);

    // The member does not confirm its own return; the central store's storekeeper does, one line short.
    const byMember = await call(env.db, 'shipment.confirm', { id: draft.id }, as('member'));
    expect(!byMember.ok && byMember.error.code).toBe('FORBIDDEN');
    const { shipment: received } = await ok(env.db, 'shipment.confirm', { id: draft.id, lines: [{ id: shipped.lines[1]!.id, receivedQuantity: 8, reason: '少两粒' }] }, as('keeper'));
    expect(received.status).toBe('received');
    const central = storeLocation(env.db, w.centralStore);
    expect([balance(env.db, held, central).quantity, balance(env.db, normal, central).quantity]).toEqual([20, 8]);
    expect(received.discrepancies.map((d) => [d.kind, d.quantity])).toEqual([['short', 2]]);
    const reship = await call(env.db, 'discrepancy.resolve', { id: received.discrepancies[0]!.id, resolution: 'reshipped', note: '重发' }, as('officer'));
    expect(!reship.ok && reship.error.fields?.[0]?.path).toBe('resolution');
    await ok(env.db, 'discrepancy.resolve', { id: received.discrepancies[0]!.id, resolution: 'returned', note: '退回成员单位' }, as('officer'));
    expect(balance(env.db, normal, own).quantity).toBe(32);
    expect(verifyStock(env.db.$client).ok).toBe(true);
  });

  it('rejecting or voiding releases the reservations; a shipped return cannot be voided', async () => {
    const itemId = newItem(env.db);
    const batchId = stock(env.db, { itemId, storeId: w.ownStore, quantity: 10, batchNo: 'MR3', expiry: '2028-03-31' });
    const own = storeLocation(env.db, w.ownStore);
    const { shipment: a } = await ok(env.db, 'memberReturn.create', { storeId: w.ownStore, reason: 'quality', lines: [{ batchId, quantity: 4 }], note: '' }, as('member'));
    const { shipment: b } = await ok(env.db, 'memberReturn.create', { storeId: w.ownStore, reason: 'quality', lines: [{ batchId, quantity: 6 }], note: '' }, as('member'));
    expect(balance(env.db, batchId, own).reserved).toBe(10);
    const third = await call(env.db, 'memberReturn.create', { storeId: w.ownStore, reason: 'quality', lines: [{ batchId, quantity: 1 }], note: '' }, as('member'));
    expect(!third.ok && third.error.code).toBe('VALIDATION');
    await ok(env.db, 'memberReturn.submit', { id: a.id, version: 1 }, as('member'));
    await ok(env.db, 'memberReturn.reject', { id: a.id, version: 2, reason: '无需退库' }, as('officer'));
    await ok(env.db, 'memberReturn.cancel', { id: b.id, version: 1, reason: '录错' }, as('member'));
    expect(balance(env.db, batchId, own).reserved).toBe(0);
    const again = await call(env.db, 'memberReturn.cancel', { id: b.id, version: 2, reason: '再作废' }, as('member'));
    expect(!again.ok && again.error.code).toBe('CONFLICT');
    expect(verifyStock(env.db.$client).ok).toBe(true);
  });
});

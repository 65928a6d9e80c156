import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEFO_SQL, addMonths } from '../../core/distribution/shipments/eligibility.js';
import { communityDate } from '../../core/time.js';
import { verifyStock } from '../../core/stock/verify.js';
import { openDatabase } from '../../db/open.js';
import { call, initialised, ok } from '../support/db.js';
import { approvedRequisitionForTest } from '../support/distribution.js';
import { supplierInput } from '../support/suppliers.js';
import { balance, newItem, shipmentWorld, stock, storeLocation, transitOf, type ShipmentWorld } from '../support/shipments.js';

const env = await initialised();
afterAll(() => env.dispose());
let w: ShipmentWorld;
let central = 0;
const as = (who: string) => ({ sessionToken: w.tokens[who]! });
let seq = 0;
const requestId = () => `ship-request-${++seq}`;
const today = communityDate(new Date());
/** An expiry `months` from today (township minimum 6, near-minimum band 2 more). */
const inMonths = (months: number) => addMonths(today, months);

beforeAll(async () => {
  w = await shipmentWorld(env.db, env.admin);
  central = storeLocation(env.db, w.centralStore);
});

const requisition = (itemId: number, quantity: number, unit: 'own' | 'other' | 'village' = 'own') =>
  approvedRequisitionForTest(env.db, {
    unitId: unit === 'own' ? w.ownUnit : unit === 'other' ? w.otherUnit : w.villageUnit,
    storeId: unit === 'own' ? w.ownStore : unit === 'other' ? w.otherStore : w.villageStore,
    lines: [{ itemId, quantity }],
  });
const docState = (id: number) => (env.db.$client.prepare('SELECT state FROM documents WHERE id = ?').get(id) as { state: string }).state;

describe('FEFO allocation', () => {
  it('takes the earliest eligible batch first, skips expired, held, recalled and short-dated batches, and reserves at once', async () => {
    const itemId = newItem(env.db);
    const expired = stock(env.db, { itemId, storeId: w.centralStore, quantity: 100, batchNo: 'EXP', expiry: addMonths(today, -1) });
    const short = stock(env.db, { itemId, storeId: w.centralStore, quantity: 100, batchNo: 'SHORT', expiry: inMonths(5) });
    const held = stock(env.db, { itemId, storeId: w.centralStore, quantity: 100, batchNo: 'HELD', expiry: inMonths(7), status: 'on_hold' });
    const recalled = stock(env.db, { itemId, storeId: w.centralStore, quantity: 100, batchNo: 'RECALL', expiry: inMonths(7), status: 'recalled' });
    const near = stock(env.db, { itemId, storeId: w.centralStore, quantity: 30, batchNo: 'NEAR', expiry: inMonths(7) });
    const later = stock(env.db, { itemId, storeId: w.centralStore, quantity: 100, batchNo: 'LATER', expiry: inMonths(20) });
    const { id } = requisition(itemId, 50);
    const { shipment, unfilled } = await ok(env.db, 'shipment.allocate', { requisitionId: id }, as('keeper'));
    expect(unfilled).toEqual([]);
    expect(shipment.lines.map((l) => [l.batchNo, l.quantity, l.nearMinimum])).toEqual([
      ['NEAR', 30, true],
      ['LATER', 20, false],
    ]);
    expect(shipment.status).toBe('allocated');
    expect(balance(env.db, near, central)).toEqual({ quantity: 30, reserved: 30 });
    expect(balance(env.db, later, central).reserved).toBe(20);
    for (const b of [expired, short, held, recalled]) expect(balance(env.db, b, central).reserved).toBe(0);
    expect(docState(id)).toBe('allocated');
    // 零差率: the amount is the batch's cost, exact to the fen (12.50 per 24 → 30 粒 = 15.625 → 15.63).
    expect(shipment.lines[0]!.amountMicro).toBe(15_630_000);
    expect(verifyStock(env.db.$client).ok).toBe(true);
  });

  it('a village clinic needs the same 6 months; a county level minimum comes from the settings', async () => {
    const itemId = newItem(env.db);
    stock(env.db, { itemId, storeId: w.centralStore, quantity: 10, batchNo: 'V5', expiry: inMonths(5) });
    const { id } = requisition(itemId, 10, 'village');
    const refused = await call(env.db, 'shipment.allocate', { requisitionId: id }, as('keeper'));
    expect(!refused.ok && refused.error.code).toBe('CONFLICT');
    expect(!refused.ok && refused.error.message).toMatch(/剩余效期不足 6 个月/);
  });

  it('fills partly and lists what is unfilled, which stays a back-order for the next allocation', async () => {
    const itemId = newItem(env.db);
    stock(env.db, { itemId, storeId: w.centralStore, quantity: 40, batchNo: 'P1', expiry: inMonths(12) });
    const { id, lineIds } = requisition(itemId, 100);
    const first = await ok(env.db, 'shipment.allocate', { requisitionId: id }, as('keeper'));
    expect(first.shipment.totalQuantity).toBe(40);
    expect(first.unfilled).toEqual([expect.objectContaining({ requisitionLineId: lineIds[0], itemId, quantity: 60, reason: '中心药库可配 40粒，库存不足' })]);
    const queue = await ok(env.db, 'shipment.queue', {}, as('keeper'));
    expect(queue.requisitions.find((r) => r.requisitionId === id)?.backOrderQuantity).toBe(60);
    stock(env.db, { itemId, storeId: w.centralStore, quantity: 100, batchNo: 'P2', expiry: inMonths(13) });
    const second = await ok(env.db, 'shipment.allocate', { requisitionId: id }, as('keeper'));
    expect(second.shipment.lines.map((l) => [l.batchNo, l.quantity])).toEqual([['P2', 60]]);
    expect(second.unfilled).toEqual([]);
    const nothing = await call(env.db, 'shipment.allocate', { requisitionId: id }, as('keeper'));
    expect(!nothing.ok && nothing.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/没有待配的欠货/) });
  });

  it('refuses a requisition that is not approved, and a member pharmacist outright', async () => {
    const itemId = newItem(env.db);
    stock(env.db, { itemId, storeId: w.centralStore, quantity: 40, batchNo: 'NA', expiry: inMonths(12) });
    const { id } = requisition(itemId, 10);
    env.db.$client.prepare("UPDATE documents SET state = 'closed', version = version + 1 WHERE id = ?").run(id);
    const refused = await call(env.db, 'shipment.allocate', { requisitionId: id }, as('keeper'));
    expect(!refused.ok && refused.error.code).toBe('CONFLICT');
    const member = await call(env.db, 'shipment.allocate', { requisitionId: id }, as('member'));
    expect(!member.ok && member.error.code).toBe('FORBIDDEN');
  });

  it('two concurrent allocations of a scarce batch for two units never over-allocate', async () => {
    const itemId = newItem(env.db);
    const scarce = stock(env.db, { itemId, storeId: w.centralStore, quantity: 60, batchNo: 'SCARCE', expiry: inMonths(12) });
    const a = requisition(itemId, 50, 'own');
    const b = requisition(itemId, 50, 'other');
    const [ra, rb] = await Promise.all([
      call(env.db, 'shipment.allocate', { requisitionId: a.id }, as('keeper')),
      call(env.db, 'shipment.allocate', { requisitionId: b.id }, as('keeper2')),
    ]);
    const allocated = [ra, rb].map((r) => (r.ok ? (r.output as { shipment: { totalQuantity: number } }).shipment.totalQuantity : 0));
    expect(allocated.reduce((s, q) => s + q, 0)).toBe(60);
    expect(balance(env.db, scarce, central)).toEqual({ quantity: 60, reserved: 60 });
  });

  it('two connections to the same file (two hub processes, say) never over-allocate a scarce batch either', async () => {
    const itemId = newItem(env.db);
    const scarce = stock(env.db, { itemId, storeId: w.centralStore, quantity: 70, batchNo: 'SCARCE2', expiry: inMonths(12) });
    const a = requisition(itemId, 50, 'own');
    const b = requisition(itemId, 50, 'other');
    const second = openDatabase(env.file);
    try {
      const [ra, rb] = await Promise.all([
        call(env.db, 'shipment.allocate', { requisitionId: a.id }, as('keeper')),
        call(second, 'shipment.allocate', { requisitionId: b.id }, as('keeper2')),
      ]);
      const quantities = [ra, rb].map((r) => (r.ok ? (r.output as { shipment: { totalQuantity: number } }).shipment.totalQuantity : 0));
      expect(quantities.sort()).toEqual([20, 50]);
      expect(balance(env.db, scarce, central)).toEqual({ quantity: 70, reserved: 70 });
    } finally {
      second.$client.close();
    }
  });

  it('the FEFO walk runs down the (item, location, expiry) index of stock_balances in order: no sort, so it stops when the line is filled', () => {
    const plan = env.db.$client.prepare(`EXPLAIN QUERY PLAN ${FEFO_SQL}`).all({ itemId: 1, locationId: central, minExpiry: today }) as { detail: string }[];
    const text = plan.map((p) => p.detail).join('\n');
    expect(text).toMatch(/SEARCH sb USING INDEX stock_balances_fefo_idx \(item_id=\? AND location_id=\? AND expiry>\?\)/);
    expect(text).not.toMatch(/TEMP B-TREE/);
  });
});

describe('pick list, swap and cancel', () => {
  it('swaps a line to another eligible batch with a reason, moving the reservation; refuses an ineligible one', async () => {
    const itemId = newItem(env.db);
    const first = stock(env.db, { itemId, storeId: w.centralStore, quantity: 30, batchNo: 'S1', expiry: inMonths(10) });
    const second = stock(env.db, { itemId, storeId: w.centralStore, quantity: 30, batchNo: 'S2', expiry: inMonths(14) });
    const held = stock(env.db, { itemId, storeId: w.centralStore, quantity: 30, batchNo: 'S3', expiry: inMonths(14), status: 'on_hold' });
    const { id } = requisition(itemId, 20);
    const { shipment } = await ok(env.db, 'shipment.allocate', { requisitionId: id }, as('keeper'));
    const line = shipment.lines[0]!;
    const { batches } = await ok(env.db, 'shipment.eligibleBatches', { id: shipment.id, lineId: line.id }, as('keeper'));
    expect(batches.map((b) => [b.batchNo, b.eligible, b.current])).toEqual([
      ['S1', true, true],
      ['S2', true, false],
      ['S3', false, false],
    ]);
    const noReason = await call(env.db, 'shipment.swapBatch', { id: shipment.id, version: shipment.version, lineId: line.id, batchId: second, reason: '' }, as('keeper'));
    expect(!noReason.ok && noReason.error.fields?.[0]?.path).toBe('reason');
    const bad = await call(env.db, 'shipment.swapBatch', { id: shipment.id, version: shipment.version, lineId: line.id, batchId: held, reason: '整件' }, as('keeper'));
    expect(!bad.ok && bad.error.fields?.[0]).toMatchObject({ path: 'batchId', message: expect.stringMatching(/冻结/) });
    const swapped = await ok(env.db, 'shipment.swapBatch', { id: shipment.id, version: shipment.version, lineId: line.id, batchId: second, reason: '整件发货' }, as('keeper'));
    expect(swapped.shipment.lines[0]).toMatchObject({ batchNo: 'S2', swapReason: '整件发货' });
    expect(swapped.shipment.events.at(-1)).toMatchObject({ transition: 'swap', reason: expect.stringMatching(/S1 → S2：整件发货/) });
    expect(balance(env.db, first, central).reserved).toBe(0);
    expect(balance(env.db, second, central).reserved).toBe(20);
    const cancelled = await ok(env.db, 'shipment.cancel', { id: shipment.id, version: swapped.shipment.version, reason: '单位撤回' }, as('keeper'));
    expect(cancelled.shipment.status).toBe('cancelled');
    expect(balance(env.db, second, central).reserved).toBe(0);
    expect(docState(id)).toBe('approved');
    expect(verifyStock(env.db.$client).ok).toBe(true);
  });
});

describe('shipping and confirmation', () => {
  it('ships central → transit (102) with the trace codes, idempotently; the member confirms one line short', async () => {
    const itemId = newItem(env.db, '盒');
    const other = newItem(env.db);
    const b1 = stock(env.db, { itemId, storeId: w.centralStore, quantity: 96, batchNo: 'T1', expiry: inMonths(12) });
    const b2 = stock(env.db, { itemId: other, storeId: w.centralStore, quantity: 50, batchNo: 'T2', expiry: inMonths(12) });
    const { id } = approvedRequisitionForTest(env.db, { unitId: w.ownUnit, storeId: w.ownStore, lines: [{ itemId, quantity: 48 }, { itemId: other, quantity: 50 }] });
    const { shipment } = await ok(env.db, 'shipment.allocate', { requisitionId: id }, as('keeper'));
    const [l1, l2] = shipment.lines;
    const rid = requestId();
    const codes = ['81234567890123450001', '81234567890123450002'];
    const shipped = await ok(env.db, 'shipment.ship', { id: shipment.id, version: shipment.version, requestId: rid, lines: [{ id: l1!.id, traceCodes: codes }] }, as('keeper'));
    expect(shipped.shipment.status).toBe('shipped');
    expect(shipped.shipment.lines[0]!.codes).toEqual(codes);
    const again = await ok(env.db, 'shipment.ship', { id: shipment.id, version: shipment.version, requestId: rid }, as('keeper'));
    expect(again.shipment.version).toBe(shipped.shipment.version);
    const transit = transitOf(env.db, w.ownUnit)!;
    expect(balance(env.db, b1, central)).toEqual({ quantity: 48, reserved: 0 });
    expect(balance(env.db, b1, transit).quantity).toBe(48);
    expect(docState(id)).toBe('shipped');

    // The centre's storekeeper does not confirm for the member; a short line needs its reason.
    const keeper = await call(env.db, 'shipment.confirm', { id: shipment.id }, as('keeper'));
    expect(!keeper.ok && keeper.error.code).toBe('FORBIDDEN');
    const otherMember = await call(env.db, 'shipment.confirm', { id: shipment.id }, as('otherMember'));
    expect(!otherMember.ok && otherMember.error.code).toBe('FORBIDDEN');
    const noReason = await call(env.db, 'shipment.confirm', { id: shipment.id, lines: [{ id: l2!.id, receivedQuantity: 45, reason: '' }] }, as('member'));
    expect(!noReason.ok && noReason.error.fields?.[0]?.path).toBe('lines.0.reason');
    const confirmed = await ok(env.db, 'shipment.confirm', { id: shipment.id, requestId: requestId(), lines: [{ id: l2!.id, receivedQuantity: 45, damagedQuantity: 2, reason: '少5盒破2' }] }, as('member'));
    expect(confirmed.shipment.status).toBe('received');
    expect(confirmed.shipment.discrepancies.map((d) => [d.kind, d.quantity, d.status])).toEqual([
      ['short', 5, 'open'],
      ['damaged', 2, 'open'],
    ]);
    const own = storeLocation(env.db, w.ownStore);
    expect(balance(env.db, b1, own).quantity).toBe(48);
    expect(balance(env.db, b2, own).quantity).toBe(43);
    expect(balance(env.db, b2, transit).quantity).toBe(7);
    expect(docState(id)).toBe('received');

    // The member sees its discrepancies; the other township does not.
    const mine = await ok(env.db, 'discrepancy.list', {}, as('member'));
    expect(mine.discrepancies.filter((d) => d.shipmentId === shipment.id)).toHaveLength(2);
    const theirs = await ok(env.db, 'discrepancy.list', {}, as('otherMember'));
    expect(theirs.discrepancies.filter((d) => d.shipmentId === shipment.id)).toHaveLength(0);

    // 已找到: transit → member store; 报损 needs a second person; 重新发货 owes it again.
    const [short, damaged] = confirmed.shipment.discrepancies;
    await ok(env.db, 'discrepancy.resolve', { id: short!.id, resolution: 'reshipped', note: '重发' }, as('officer'));
    expect(balance(env.db, b2, central).quantity).toBe(5);
    const wo = await ok(env.db, 'discrepancy.resolve', { id: damaged!.id, resolution: 'write_off', note: '破损' }, as('officer'));
    expect(wo.discrepancy.status).toBe('pending_write_off');
    const self = await call(env.db, 'discrepancy.approveWriteOff', { id: damaged!.id }, as('officer'));
    expect(!self.ok && self.error.code).toBe('FORBIDDEN');
    const approved = await ok(env.db, 'discrepancy.approveWriteOff', { id: damaged!.id }, as('officer2'));
    expect(approved.discrepancy.status).toBe('resolved');
    expect(balance(env.db, b2, transit).quantity).toBe(0);
    const reship = await ok(env.db, 'shipment.allocate', { requisitionId: id }, as('keeper'));
    expect(reship.shipment.lines.map((l) => [l.batchNo, l.quantity])).toEqual([['T2', 5]]);
    expect(verifyStock(env.db.$client).ok).toBe(true);
  });

  it('assigns the batch codes still at the central store when none are scanned', async () => {
    const itemId = newItem(env.db, '盒');
    const batchId = stock(env.db, { itemId, storeId: w.centralStore, quantity: 72, batchNo: 'AUTO', expiry: inMonths(12) });
    // Codes as a receipt would have recorded them into the central store.
    const receiptDoc = env.db.$client.prepare("SELECT document_id AS id FROM stock_moves WHERE batch_id = ? AND change_type = '108'").get(batchId) as { id: number };
    const supplierId = (await ok(env.db, 'supplier.create', supplierInput(31), as('officer'))).supplier.id;
    env.db.$client
      .prepare(`INSERT INTO receipts (document_id, supplier_id, store_id, order_id, unplanned_reason, arrived_on, note) VALUES (?, ?, ?, NULL, '测试', ?, '')`)
      .run(receiptDoc.id, supplierId, w.centralStore, today);
    const insert = env.db.$client.prepare('INSERT INTO trace_codes (code, item_id, batch_id, document_id, document_line_id, at) VALUES (?, ?, ?, ?, 0, ?)');
    for (let i = 1; i <= 3; i++) insert.run(`8123456789012345AU0${i}`, itemId, batchId, receiptDoc.id, new Date().toISOString());
    const { id } = requisition(itemId, 48);
    const { shipment } = await ok(env.db, 'shipment.allocate', { requisitionId: id }, as('keeper'));
    const shipped = await ok(env.db, 'shipment.ship', { id: shipment.id, requestId: requestId() }, as('keeper'));
    expect(shipped.shipment.lines[0]!.codes).toEqual(['8123456789012345AU01', '8123456789012345AU02']);
  });

  it('an excess is recorded, not booked, until accepted (sending store → receiving store)', async () => {
    const itemId = newItem(env.db);
    const batchId = stock(env.db, { itemId, storeId: w.centralStore, quantity: 30, batchNo: 'X1', expiry: inMonths(12) });
    const { id } = requisition(itemId, 20);
    const { shipment } = await ok(env.db, 'shipment.allocate', { requisitionId: id }, as('keeper'));
    await ok(env.db, 'shipment.ship', { id: shipment.id, requestId: requestId() }, as('keeper'));
    const confirmed = await ok(env.db, 'shipment.confirm', { id: shipment.id, lines: [{ id: shipment.lines[0]!.id, receivedQuantity: 24, reason: '多发一盒零头' }] }, as('member'));
    const own = storeLocation(env.db, w.ownStore);
    expect(balance(env.db, batchId, own).quantity).toBe(20);
    const excess = confirmed.shipment.discrepancies[0]!;
    expect([excess.kind, excess.quantity]).toEqual(['excess', 4]);
    const wrong = await call(env.db, 'discrepancy.resolve', { id: excess.id, resolution: 'found', note: '找到' }, as('officer'));
    expect(!wrong.ok && wrong.error.fields?.[0]?.path).toBe('resolution');
    await ok(env.db, 'discrepancy.resolve', { id: excess.id, resolution: 'excess_accepted', note: '确认' }, as('officer'));
    expect(balance(env.db, batchId, own).quantity).toBe(24);
    expect(balance(env.db, batchId, central).quantity).toBe(6);
    expect(verifyStock(env.db.$client).ok).toBe(true);
  });

  it('lists by direction and unit: a member sees only its own', async () => {
    const mine = await ok(env.db, 'shipment.list', { direction: 'incoming' }, as('member'));
    expect(mine.shipments.length).toBeGreaterThan(0);
    expect(mine.shipments.every((s) => s.unitId === w.ownUnit && s.kind === 'transfer')).toBe(true);
    const all = await ok(env.db, 'shipment.list', {}, as('officer'));
    expect(new Set(all.shipments.map((s) => s.unitId)).size).toBeGreaterThan(1);
  });
});

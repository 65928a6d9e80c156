import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, initialised, ok } from '../support/db.js';
import { balance, newItem, shipmentWorld, stock, storeLocation, transitOf, type ShipmentWorld } from '../support/shipments.js';

/**
 * The stable distribution operations (请领单, 调拨单, 召回追溯), called the way a member's HIS and the centre's scripts
 * call them: plain JSON with only the fields the published table names (no version, no optional fields), read back
 * by the names the table promises (`requisition.id`, `requisition.lines[].id`, `requisition.status`, `shipment.id`,
 * `shipment.lines[]`, `shipment.status`, `holders[]`). A rename or a newly required field fails here before it breaks
 * a script outside this repository. Inputs go through `call` untyped on purpose: the point is the wire shape.
 */
const env = await initialised();
afterAll(() => env.dispose());

let w: ShipmentWorld;
/** Two items (盒 of 24 粒, issued by the 粒), each with one batch of 1000 粒 in the central store. */
let itemA = 0;
let itemB = 0;
let batchA = 0;
let batchB = 0;
const STOCK = 1000;
const batchNoOf = (itemId: number) => `WD${itemId}`;
const EXPIRY = '2029-06-30';

async function wire(name: string, input: unknown, sessionToken: string): Promise<Record<string, unknown>> {
  const result = await call(env.db, name as never, input, { sessionToken });
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.output as Record<string, unknown>;
}

type Requisition = {
  requisition: {
    id: number;
    status: string;
    lines: { id: number; itemId: number; requested: number; approved: number | null; approveReason: string }[];
  };
};
type Shipment = {
  shipment: { id: number; status: string; lines: { id: number; itemId: number; batchNo: string; expiry: string; quantity: number }[] };
};

/** Where the batch is now, read straight from the stock balances. */
const stockOf = (batchId: number) => ({
  central: balance(env.db, batchId, storeLocation(env.db, w.centralStore)),
  own: balance(env.db, batchId, storeLocation(env.db, w.ownStore)).quantity,
  transit: balance(env.db, batchId, transitOf(env.db, w.ownUnit)!).quantity,
});

/** A requisition made, submitted and approved as requested, by the published fields only. */
async function approvedRequisition(lines: { itemId: number; quantity: number }[]): Promise<number> {
  const created = (await wire('requisition.create', { storeId: w.ownStore, lines }, w.tokens.member!)) as Requisition;
  await wire('requisition.submit', { id: created.requisition.id }, w.tokens.member!);
  const approved = (await wire('requisition.approve', { id: created.requisition.id }, w.tokens.officer!)) as Requisition;
  expect(approved.requisition.status).toBe('approved');
  return created.requisition.id;
}

beforeAll(async () => {
  w = await shipmentWorld(env.db, env.admin);
  itemA = newItem(env.db);
  itemB = newItem(env.db);
  batchA = stock(env.db, { itemId: itemA, storeId: w.centralStore, quantity: STOCK, batchNo: batchNoOf(itemA), expiry: EXPIRY });
  batchB = stock(env.db, { itemId: itemB, storeId: w.centralStore, quantity: STOCK, batchNo: batchNoOf(itemB), expiry: EXPIRY });
  const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
  await ok(
    env.db,
    'budget.set',
    { unitId: w.ownUnit, year, amountMicro: 10 ** 12, overRule: 'block' },
    { sessionToken: w.tokens.officer! },
  );
});

describe('stable distribution operations', () => {
  let approvedId = 0;

  it('requisition.create with storeId and lines, submit with id, approve with one line reduced, reject with id and reason', async () => {
    const created = (await wire(
      'requisition.create',
      {
        storeId: w.ownStore,
        lines: [
          { itemId: itemA, quantity: 240 },
          { itemId: itemB, quantity: 48 },
        ],
      },
      w.tokens.member!,
    )) as Requisition;
    expect(created.requisition).toMatchObject({ id: expect.any(Number), status: 'draft' });
    expect(created.requisition.lines.map((l) => ({ id: l.id, itemId: l.itemId, requested: l.requested }))).toEqual([
      { id: expect.any(Number), itemId: itemA, requested: 240 },
      { id: expect.any(Number), itemId: itemB, requested: 48 },
    ]);
    approvedId = created.requisition.id;

    const submitted = (await wire('requisition.submit', { id: approvedId }, w.tokens.member!)) as Requisition;
    expect(submitted.requisition.status).toBe('submitted');

    const lineA = created.requisition.lines[0]!.id;
    const approved = (await wire(
      'requisition.approve',
      { id: approvedId, lines: [{ id: lineA, approvedQuantity: 120, reason: '中心库存紧张' }] },
      w.tokens.officer!,
    )) as Requisition;
    expect(approved.requisition.status).toBe('approved');
    // The named line is reduced with its reason; the line not named is approved as requested.
    expect(approved.requisition.lines.map((l) => [l.approved, l.approveReason])).toEqual([
      [120, '中心库存紧张'],
      [48, ''],
    ]);

    const second = (await wire(
      'requisition.create',
      { storeId: w.ownStore, lines: [{ itemId: itemA, quantity: 24 }] },
      w.tokens.member!,
    )) as Requisition;
    expect((await wire('requisition.submit', { id: second.requisition.id }, w.tokens.member!)) as Requisition).toMatchObject({
      requisition: { status: 'submitted' },
    });
    const rejected = (await wire(
      'requisition.reject',
      { id: second.requisition.id, reason: '请合并请领' },
      w.tokens.officer!,
    )) as Requisition;
    expect(rejected.requisition.status).toBe('rejected');
    const read = (await wire('requisition.get', { id: second.requisition.id }, w.tokens.member!)) as Requisition;
    expect(read.requisition.status).toBe('rejected');
  });

  it('shipment.allocate with requisitionId, ship with id and requestId (the same requestId again ships nothing more), confirm with no lines', async () => {
    const allocated = (await wire('shipment.allocate', { requisitionId: approvedId }, w.tokens.keeper!)) as Shipment;
    expect(allocated.shipment).toMatchObject({ id: expect.any(Number), status: 'allocated' });
    // The approved quantities (120 reduced, 48 as requested), from the one batch of each item.
    expect(
      allocated.shipment.lines.map(({ id, itemId, batchNo, expiry, quantity }) => ({ id, itemId, batchNo, expiry, quantity })),
    ).toEqual([
      { id: expect.any(Number), itemId: itemA, batchNo: batchNoOf(itemA), expiry: EXPIRY, quantity: 120 },
      { id: expect.any(Number), itemId: itemB, batchNo: batchNoOf(itemB), expiry: EXPIRY, quantity: 48 },
    ]);
    expect(stockOf(batchA)).toEqual({ central: { quantity: STOCK, reserved: 120 }, own: 0, transit: 0 });

    const requestId = `stable-dist-ship-${process.pid}`;
    const shipped = (await wire('shipment.ship', { id: allocated.shipment.id, requestId }, w.tokens.keeper!)) as Shipment;
    expect(shipped.shipment.status).toBe('shipped');
    const afterShip = { a: stockOf(batchA), b: stockOf(batchB) };
    expect(afterShip).toEqual({
      a: { central: { quantity: STOCK - 120, reserved: 0 }, own: 0, transit: 120 },
      b: { central: { quantity: STOCK - 48, reserved: 0 }, own: 0, transit: 48 },
    });

    // A retry of the same request (the script did not see the answer): the same status, nothing shipped twice.
    const again = (await wire('shipment.ship', { id: allocated.shipment.id, requestId }, w.tokens.keeper!)) as Shipment;
    expect(again.shipment).toMatchObject({ id: allocated.shipment.id, status: 'shipped' });
    expect({ a: stockOf(batchA), b: stockOf(batchB) }).toEqual(afterShip);

    // Lines not named arrived as shipped.
    const confirmed = (await wire('shipment.confirm', { id: allocated.shipment.id }, w.tokens.member!)) as Shipment;
    expect(confirmed.shipment.status).toBe('received');
    expect({ a: stockOf(batchA), b: stockOf(batchB) }).toEqual({
      a: { central: { quantity: STOCK - 120, reserved: 0 }, own: 120, transit: 0 },
      b: { central: { quantity: STOCK - 48, reserved: 0 }, own: 48, transit: 0 },
    });
    const read = (await wire('shipment.get', { id: allocated.shipment.id }, w.tokens.member!)) as Shipment;
    expect(read.shipment.status).toBe('received');
  });

  it('shipment.confirm with one line short (receivedQuantity and reason); recall.trace by itemId and batchNo lists the holders as the stock stands', async () => {
    const requisitionId = await approvedRequisition([{ itemId: itemA, quantity: 100 }]);
    const allocated = (await wire('shipment.allocate', { requisitionId }, w.tokens.keeper!)) as Shipment;
    expect(allocated.shipment.lines.map(({ itemId, batchNo, quantity }) => ({ itemId, batchNo, quantity }))).toEqual([
      { itemId: itemA, batchNo: batchNoOf(itemA), quantity: 100 },
    ]);
    const shipped = (await wire(
      'shipment.ship',
      { id: allocated.shipment.id, requestId: `stable-dist-ship2-${process.pid}` },
      w.tokens.keeper!,
    )) as Shipment;
    expect(shipped.shipment.status).toBe('shipped');
    const line = allocated.shipment.lines[0]!.id;
    const confirmed = (await wire(
      'shipment.confirm',
      { id: allocated.shipment.id, lines: [{ id: line, receivedQuantity: 96, reason: '少 4 粒' }] },
      w.tokens.member!,
    )) as Shipment;
    expect(confirmed.shipment.status).toBe('received');
    // 120 + 96 arrived at the township's store; the 4 short stay in transit (an open discrepancy).
    const now = stockOf(batchA);
    expect(now).toEqual({ central: { quantity: STOCK - 220, reserved: 0 }, own: 216, transit: 4 });

    const trace = (await wire('recall.trace', { itemId: itemA, batchNo: batchNoOf(itemA) }, w.tokens.officer!)) as {
      holders: { unitId: number; storeId: number | null; quantity: number }[];
    };
    const holders = trace.holders.map(({ unitId, storeId, quantity }) => ({ unitId, storeId, quantity }));
    expect(holders).toHaveLength(3);
    expect(holders).toEqual(
      expect.arrayContaining([
        { unitId: w.leadUnit, storeId: w.centralStore, quantity: now.central.quantity },
        { unitId: w.ownUnit, storeId: w.ownStore, quantity: now.own },
        { unitId: w.ownUnit, storeId: null, quantity: now.transit },
      ]),
    );
    expect(holders.reduce((sum, h) => sum + h.quantity, 0)).toBe(STOCK);
    // The other item's batch is not listed.
    const other = (await wire('recall.trace', { itemId: itemB, batchNo: batchNoOf(itemB) }, w.tokens.officer!)) as {
      holders: { storeId: number | null; quantity: number }[];
    };
    expect(other.holders.map(({ storeId, quantity }) => ({ storeId, quantity }))).toEqual(
      expect.arrayContaining([
        { storeId: w.centralStore, quantity: STOCK - 48 },
        { storeId: w.ownStore, quantity: 48 },
      ]),
    );
    expect(other.holders).toHaveLength(2);
  });
});

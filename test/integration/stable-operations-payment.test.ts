import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityDate } from '../../core/time.js';
import { call, ok } from '../support/db.js';
import { payablesCommunity, type PayablesCommunity } from './payables-support.js';

/**
 * The stable payment operations (发票, 应付款, 付款单, 内部结算), called the way the finance office's scripts call them:
 * plain JSON with only the fields the published table names (no version, no requestId, no printed totals or tax
 * rate), read back by the names the table promises (`invoice.id`, `invoice.status`, `invoice.exceptions`, `rows[]`,
 * `batch.id`, `batch.number`, `batch.status`, the statement's figures). A rename or a newly required field fails
 * here before it breaks a script outside this repository. Inputs go through `call` untyped on purpose.
 *
 * The world: goods from the small supplier (中小企业, no contract terms) ordered, delivered and accepted on
 * 2026-11-02 (the manufacturer's invoice of 两票制 recorded on the receipt line, as the receiving staff do), five
 * boxes of them sent on 2026-11-12 to 青石镇卫生院 and signed for there the same day; and an approved invoice of
 * the large supplier, for the filters.
 */
let env: PayablesCommunity;
const BOX = 12_500_000; // 12.50 ¥ a box of 24 片
const NOV_2 = Date.parse('2026-11-02T02:00:00Z');
const NOV_12 = Date.parse('2026-11-12T02:00:00Z');
let tick = 0;
/** A moment on that day, later than the previous one. */
const on = (day: number) => new Date(day + (tick += 1000));

let receiptLineId = 0;
let shippedMicro = 0;
let largePayable = 0;
let today = '';

async function wire(name: string, input: unknown, sessionToken: { sessionToken: string }): Promise<Record<string, unknown>> {
  const result = await call(env.db, name as never, input, sessionToken);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.output as Record<string, unknown>;
}

type Payable = { id: number; supplierId: number; dueOn: string; amountMicro: number; paidMicro: number; rule: string };

beforeAll(async () => {
  env = await payablesCommunity();
  today = communityDate(new Date());
  const officer = { sessionToken: env.officer };
  const keeper = { sessionToken: env.keeper.token };
  const member = { sessionToken: env.township };

  // 20 boxes ordered, delivered and accepted on 2026-11-02.
  const { order } = await ok(
    env.db,
    'purchaseOrder.create',
    { supplierId: env.smeId, storeId: env.centralStoreId, lines: [{ itemId: env.drugId, quantity: 20 * 24, priceMicro: BOX }] },
    { ...officer, now: on(NOV_2) },
  );
  await ok(env.db, 'purchaseOrder.approve', { id: order.id }, { ...officer, now: on(NOV_2) });
  const { receipt } = await ok(
    env.db,
    'receipt.create',
    {
      supplierId: env.smeId,
      storeId: env.centralStoreId,
      orderId: order.id,
      lines: [
        {
          itemId: env.drugId,
          orderLineId: order.lines[0]!.id,
          batchNo: 'ST2611',
          expiry: '2028-09',
          quantity: 20 * 24,
          priceMicro: BOX,
          traceCodes: [],
          manufacturerInvoiceNo: '44000000000000000001',
        },
      ],
    },
    { ...keeper, now: on(NOV_2) },
  );
  const posted = (await ok(env.db, 'receipt.post', { id: receipt.id, requestId: env.requestId() }, { ...keeper, now: on(NOV_2) })).receipt;
  receiptLineId = posted.lines[0]!.id;

  // Five boxes to 青石镇卫生院 on 2026-11-12, signed for as shipped.
  await ok(env.db, 'budget.set', { unitId: env.townshipId, year: 2026, amountMicro: 10 ** 12, overRule: 'block' }, officer);
  const { requisition } = await ok(
    env.db,
    'requisition.create',
    { storeId: env.townshipStoreId, lines: [{ itemId: env.drugId, quantity: 5 * 24 }] },
    { ...member, now: on(NOV_12) },
  );
  await ok(env.db, 'requisition.submit', { id: requisition.id }, { ...member, now: on(NOV_12) });
  await ok(env.db, 'requisition.approve', { id: requisition.id }, { ...officer, now: on(NOV_12) });
  const { shipment } = await ok(env.db, 'shipment.allocate', { requisitionId: requisition.id }, { ...keeper, now: on(NOV_12) });
  await ok(env.db, 'shipment.ship', { id: shipment.id, requestId: env.requestId() }, { ...keeper, now: on(NOV_12) });
  const received = (await ok(env.db, 'shipment.confirm', { id: shipment.id }, { ...member, now: on(NOV_12) })).shipment;
  expect(received.status).toBe('received');
  shippedMicro = received.lines.reduce((sum, l) => sum + l.amountMicro, 0);

  // The large supplier's approved invoice (accepted today, due by the default term).
  largePayable = (await env.invoiced({ supplierId: env.largeId, packs: [8] }))[0]!;
}, 120_000);
afterAll(() => env?.dispose());

describe('stable payment operations', () => {
  let payableId = 0;

  it('invoice.register with supplierId, number, date and lines only; invoice.approve with id only', async () => {
    const number = `2644200000${String(process.pid % 10_000_000_000).padStart(10, '0')}`;
    const registered = (await wire(
      'invoice.register',
      { supplierId: env.smeId, number, date: '2026-11-20', lines: [{ receiptLineId, quantity: 20 * 24, amountMicro: 20 * BOX }] },
      env.caiwu,
    )) as { invoice: { id: number; status: string; exceptions: unknown[] } };
    expect(registered.invoice).toMatchObject({ id: expect.any(Number), status: 'registered', exceptions: [] });

    const approved = (await wire('invoice.approve', { id: registered.invoice.id }, env.shenhe)) as {
      invoice: { status: string };
      payables: { id: number }[];
    };
    expect(approved.invoice.status).toBe('approved');
    expect(approved.payables).toHaveLength(1);
    payableId = approved.payables[0]!.id;
  });

  it('payable.list without and with supplierId and dueBefore: amount, paid, rule and due date', async () => {
    const all = (await wire('payable.list', {}, env.caiwu)) as { rows: Payable[] };
    const pick = ({ id, supplierId, dueOn, amountMicro, paidMicro, rule }: Payable) => ({
      id,
      supplierId,
      dueOn,
      amountMicro,
      paidMicro,
      rule,
    });
    // 中小企业 with no contract: 30 days from delivery (2026-11-02).
    const mine = { id: payableId, supplierId: env.smeId, dueOn: '2026-12-02', amountMicro: 20 * BOX, paidMicro: 0, rule: 'sme_statutory' };
    const large = all.rows.find((r) => r.id === largePayable)!;
    expect(all.rows.map(pick)).toEqual(
      expect.arrayContaining([
        mine,
        { id: largePayable, supplierId: env.largeId, dueOn: large.dueOn, amountMicro: 8 * BOX, paidMicro: 0, rule: 'default' },
      ]),
    );
    expect(all.rows).toHaveLength(2);
    expect(large.dueOn > '2026-12-02').toBe(true);

    const bySupplier = (await wire('payable.list', { supplierId: env.smeId }, env.caiwu)) as { rows: Payable[] };
    expect(bySupplier.rows.map(pick)).toEqual([mine]);
    const due = (await wire('payable.list', { dueBefore: '2026-12-02' }, env.caiwu)) as { rows: Payable[] };
    expect(due.rows.map(pick)).toEqual([mine]);
    const notYet = (await wire('payable.list', { dueBefore: '2026-12-01' }, env.caiwu)) as { rows: Payable[] };
    expect(notYet.rows).toEqual([]);
    const both = (await wire('payable.list', { supplierId: env.largeId, dueBefore: large.dueOn }, env.caiwu)) as { rows: Payable[] };
    expect(both.rows.map((r) => r.id)).toEqual([largePayable]);
  });

  it('paymentBatch.create with a partial amount, approve with id only by a different finance user, recordPaid; paidMicro follows', async () => {
    const created = (await wire('paymentBatch.create', { lines: [{ payableId, amountMicro: 8 * BOX }] }, env.caiwu)) as {
      batch: { id: number; number: string; status: string };
    };
    expect(created.batch).toMatchObject({ id: expect.any(Number), number: expect.stringMatching(/^FK\d{4}-\d{6}$/), status: 'draft' });

    // Two-person rule: the preparer may not approve; another finance user does, with the id only.
    const self = await call(env.db, 'paymentBatch.approve', { id: created.batch.id }, env.caiwu);
    expect(self.ok === false && self.error.code).toBe('FORBIDDEN');
    const approved = (await wire('paymentBatch.approve', { id: created.batch.id }, env.shenhe)) as { batch: { status: string } };
    expect(approved.batch.status).toBe('approved');

    const paid = (await wire(
      'paymentBatch.recordPaid',
      { id: created.batch.id, bankReference: 'BANK-2026-000123', paidOn: today },
      env.caiwu,
    )) as { batch: { status: string } };
    expect(paid.batch.status).toBe('paid');

    const { rows } = (await wire('payable.list', { supplierId: env.smeId }, env.caiwu)) as { rows: Payable[] };
    expect(rows.map(({ id, amountMicro, paidMicro, rule, dueOn }) => ({ id, amountMicro, paidMicro, rule, dueOn }))).toEqual([
      { id: payableId, amountMicro: 20 * BOX, paidMicro: 8 * BOX, rule: 'sme_statutory', dueOn: '2026-12-02' },
    ]);
  });

  it('settlement.statement by unitId and month: closing = opening + received − returned − consumed + adjusted, received = the shipped cost', async () => {
    type Figures = Record<'openingMicro' | 'receivedMicro' | 'returnedMicro' | 'consumedMicro' | 'adjustedMicro' | 'closingMicro', number>;
    const identity = (f: Figures) => f.openingMicro + f.receivedMicro - f.returnedMicro - f.consumedMicro + f.adjustedMicro;
    const figures = (f: Figures) => ({
      openingMicro: f.openingMicro,
      receivedMicro: f.receivedMicro,
      returnedMicro: f.returnedMicro,
      consumedMicro: f.consumedMicro,
      adjustedMicro: f.adjustedMicro,
      closingMicro: f.closingMicro,
    });
    expect(shippedMicro).toBe(5 * BOX);

    const november = (await wire('settlement.statement', { unitId: env.townshipId, month: '2026-11' }, env.caiwu)) as Figures;
    expect(figures(november)).toEqual({
      openingMicro: 0,
      receivedMicro: shippedMicro,
      returnedMicro: 0,
      consumedMicro: 0,
      adjustedMicro: 0,
      closingMicro: shippedMicro,
    });
    expect(november.closingMicro).toBe(identity(november));
    // The member reads its own month the same.
    const own = (await wire(
      'settlement.statement',
      { unitId: env.townshipId, month: '2026-11' },
      { sessionToken: env.township },
    )) as Figures;
    expect(figures(own)).toEqual(figures(november));

    // October's books are empty; December opens with November's closing.
    const october = (await wire('settlement.statement', { unitId: env.townshipId, month: '2026-10' }, env.caiwu)) as Figures;
    expect(figures(october)).toEqual({
      openingMicro: 0,
      receivedMicro: 0,
      returnedMicro: 0,
      consumedMicro: 0,
      adjustedMicro: 0,
      closingMicro: 0,
    });
    const december = (await wire('settlement.statement', { unitId: env.townshipId, month: '2026-12' }, env.caiwu)) as Figures;
    expect(december.openingMicro).toBe(november.closingMicro);
    expect(december.closingMicro).toBe(identity(december));
  });
});

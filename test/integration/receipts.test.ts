import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpInput } from '../../core/api/index.js';
import { call, ok } from '../support/db.js';
import { supplierInput } from '../support/suppliers.js';
import { approvedOrder, codes, counts, receivingCommunity, type ReceivingCommunity } from '../support/receiving.js';

let env: ReceivingCommunity;
beforeAll(async () => {
  env = await receivingCommunity();
}, 60_000);
afterAll(() => env?.dispose());

const keeper = () => ({ sessionToken: env.keeper.token });
let requestSeq = 0;
const requestId = () => `req-${Date.now()}-${++requestSeq}`;

type Line = OpInput<'receipt.create'>['lines'][number];
const amoxLine = (overrides: Partial<Line> = {}): Line => ({
  itemId: env.amoxId,
  batchNo: 'A2601',
  expiry: '2028-09',
  quantity: 48,
  priceMicro: 12_500_000,
  traceCodes: [],
  ...overrides,
});

async function unplanned(lines: Line[], overrides: Partial<OpInput<'receipt.create'>> = {}) {
  return (await ok(env.db, 'receipt.create', { supplierId: env.supplierId, storeId: env.centralStoreId, unplannedReason: '临时补货', lines, ...overrides }, keeper())).receipt;
}

let prefixSeq = 1000000;
/** A fresh 7-digit prefix per test, so tests do not share codes. */
const newPrefix = () => String(++prefixSeq + 7000000);

const balance = (batchId: number) =>
  (env.db.$client.prepare('SELECT COALESCE(SUM(quantity), 0) AS q FROM stock_balances WHERE batch_id = ?').get(batchId) as { q: number }).q;

function fieldsOf(result: Awaited<ReturnType<typeof call>>) {
  if (result.ok) throw new Error('expected a refusal');
  return result.error.fields ?? [];
}

describe('receiving against an order', () => {
  it('posts batches, 108 moves, balances, trace codes and the order progress, partly then completed across two receipts', async () => {
    const order = await approvedOrder(env, env.centralStoreId, [{ itemId: env.amoxId, quantity: 240 }]);
    const lineId = order.lines[0]!.id;
    // Prefix of this item is unset: the first receipt teaches it.
    await ok(env.db, 'formulary.setTracing', { itemId: env.amoxId, tracePrefix: '' }, { sessionToken: env.officer });
    const p = newPrefix();
    const first = (await ok(
      env.db,
      'receipt.create',
      {
        supplierId: env.supplierId,
        storeId: env.centralStoreId,
        orderId: order.id,
        lines: [
          amoxLine({ orderLineId: lineId, batchNo: 'B1', quantity: 48, traceCodes: codes(p, 1, 2), deliveryNoteNo: 'SX001', distributorInvoiceNo: '12345678901234567890' }),
          amoxLine({ batchNo: 'B2', expiry: '202812', quantity: 72, traceCodes: codes(p, 3, 3) }),
        ],
      },
      keeper(),
    )).receipt;
    expect(first.number).toMatch(/^RK\d{4}-\d{6}$/);
    expect(first.state).toBe('draft');
    expect(first.lines.map((l) => l.orderLineId)).toEqual([lineId, lineId]);
    expect(first.lines[1]!.expiry).toBe('2028-12-31');
    expect(first.lines[0]!.amountMicro).toBe(25_000_000);
    const posted = (await ok(env.db, 'receipt.post', { id: first.id, requestId: requestId() }, keeper())).receipt;
    expect(posted.status).toBe('posted');
    expect(posted.lines.every((l) => l.batchId !== null && l.inspectorName === '周库管' && l.conclusion === 'accepted')).toBe(true);
    expect(posted.acceptedOn).not.toBeNull();
    const moves = env.db.$client.prepare('SELECT change_type AS t, quantity, from_location_id AS f FROM stock_moves WHERE document_id = ?').all(first.id) as {
      t: string;
      quantity: number;
      f: number | null;
    }[];
    expect(moves).toEqual([
      { t: '108', quantity: 48, f: null },
      { t: '108', quantity: 72, f: null },
    ]);
    expect(balance(posted.lines[0]!.batchId!)).toBe(48);
    expect(balance(posted.lines[1]!.batchId!)).toBe(72);
    const batch = env.db.$client.prepare('SELECT cost_micro AS c, cost_unit AS u, cost_pack_factor AS f, supplier_id AS s FROM stock_batches WHERE id = ?').get(posted.lines[0]!.batchId);
    expect(batch).toEqual({ c: 12_500_000, u: '盒', f: 24, s: env.supplierId });
    expect((env.db.$client.prepare('SELECT count(*) AS n FROM trace_codes WHERE document_id = ?').get(first.id) as { n: number }).n).toBe(5);
    expect((env.db.$client.prepare('SELECT trace_prefix AS p FROM formulary_items WHERE id = ?').get(env.amoxId) as { p: string }).p).toBe(p);
    let current = (await ok(env.db, 'purchaseOrder.get', { id: order.id }, { sessionToken: env.officer })).order;
    expect(current.state).toBe('partly_received');
    expect(current.lines[0]!.received).toBe(120);

    // More than outstanding is refused; the rest completes the order.
    const over = await call(
      env.db,
      'receipt.create',
      { supplierId: env.supplierId, storeId: env.centralStoreId, orderId: order.id, lines: [amoxLine({ batchNo: 'B3', quantity: 144, traceCodes: codes(p, 10, 6) })] },
      keeper(),
    );
    expect(fieldsOf(over)).toEqual([{ path: 'lines.0.quantity', message: expect.stringContaining('超出订单未到货数量') }]);
    const second = (await ok(
      env.db,
      'receipt.create',
      { supplierId: env.supplierId, storeId: env.centralStoreId, orderId: order.id, lines: [amoxLine({ batchNo: 'B3', quantity: 120, traceCodes: codes(p, 10, 5) })] },
      keeper(),
    )).receipt;
    await ok(env.db, 'receipt.post', { id: second.id, requestId: requestId(), version: second.version }, keeper());
    current = (await ok(env.db, 'purchaseOrder.get', { id: order.id }, { sessionToken: env.officer })).order;
    expect(current.state).toBe('completed');
    // A completed order is no longer receivable.
    const closed = await call(
      env.db,
      'receipt.create',
      { supplierId: env.supplierId, storeId: env.centralStoreId, orderId: order.id, lines: [amoxLine({ batchNo: 'B4', quantity: 24, traceCodes: codes(p, 30, 1) })] },
      keeper(),
    );
    expect(fieldsOf(closed)[0]!.path).toBe('orderId');

    // 冲销 of the second receipt: balances back, codes released, order reopened.
    const reversed = await ok(env.db, 'receipt.reverse', { id: second.id, reason: '批号录错', requestId: requestId() }, keeper());
    expect(reversed.receipt.state).toBe('reversed');
    expect(reversed.reversal.state).toBe('reversal');
    expect(reversed.reversal.lines[0]!.acceptedQuantity).toBe(-120);
    expect(reversed.reversal.totalMicro).toBe(-reversed.receipt.totalMicro);
    expect(balance(reversed.receipt.lines[0]!.batchId!)).toBe(0);
    expect((env.db.$client.prepare('SELECT count(*) AS n FROM trace_codes WHERE document_id = ? AND reversed_document_id IS NOT NULL').get(second.id) as { n: number }).n).toBe(5);
    current = (await ok(env.db, 'purchaseOrder.get', { id: order.id }, { sessionToken: env.officer })).order;
    expect(current.state).toBe('partly_received');
    expect(current.lines[0]!.outstanding).toBe(120);
    // The released codes may be received again.
    const again = await unplanned([amoxLine({ batchNo: 'B3', quantity: 120, traceCodes: codes(p, 10, 5) })]);
    await ok(env.db, 'receipt.post', { id: again.id, requestId: requestId() }, keeper());
  });

  it('refuses an order line of another order and an item that does not match it', async () => {
    const a = await approvedOrder(env, env.centralStoreId, [{ itemId: env.amoxId, quantity: 24 }]);
    const b = await approvedOrder(env, env.centralStoreId, [{ itemId: env.coldId, quantity: 5 }]);
    const result = await call(
      env.db,
      'receipt.create',
      {
        supplierId: env.supplierId,
        storeId: env.centralStoreId,
        orderId: a.id,
        lines: [amoxLine({ orderLineId: b.lines[0]!.id, quantity: 24 }), { ...amoxLine(), itemId: env.coldId, orderLineId: a.lines[0]!.id, quantity: 1 }],
      },
      keeper(),
    );
    expect(fieldsOf(result).map((f) => f.path)).toEqual(['lines.0.orderLineId', 'lines.1.itemId']);
  });
});

describe('the rules', () => {
  it('every printed expiry form lands on the right full date', async () => {
    const forms: [string, string][] = [
      ['2028-09-30', '2028-09-30'],
      ['2028-09', '2028-09-30'],
      ['202809', '2028-09-30'],
      ['2028.09', '2028-09-30'],
      ['2028/9', '2028-09-30'],
      ['有效期至2028年09月', '2028-09-30'],
      ['2028-02', '2028-02-29'],
      ['20280615', '2028-06-15'],
    ];
    const r = await unplanned(forms.map(([expiry], i) => amoxLine({ batchNo: `E${i}`, expiry })));
    expect(r.lines.map((l) => l.expiry)).toEqual(forms.map(([, date]) => date));
    const bad = await call(env.db, 'receipt.create', { supplierId: env.supplierId, storeId: env.centralStoreId, unplannedReason: '补货', lines: [amoxLine({ expiry: '2028-13' })] }, keeper());
    expect(fieldsOf(bad)[0]!.path).toBe('lines.0.expiry');
  });

  it('refuses every kind of bad trace code, each on its own path', async () => {
    const p = (env.db.$client.prepare('SELECT trace_prefix AS p FROM formulary_items WHERE id = ?').get(env.amoxId) as { p: string }).p;
    const base = codes(p, 5000, 1)[0]!;
    const [received] = (env.db.$client.prepare('SELECT code FROM trace_codes WHERE item_id = ? AND reversed_document_id IS NULL LIMIT 1').all(env.amoxId) as { code: string }[]).map((r) => r.code);
    const otherPrefix = `${(Number(p) + 1) % 10_000_000}`.padStart(7, '0');
    const result = await call(
      env.db,
      'receipt.create',
      {
        supplierId: env.supplierId,
        storeId: env.centralStoreId,
        unplannedReason: '补货',
        lines: [amoxLine({ quantity: 96, traceCodes: [base, `${otherPrefix}0000000000001`, '1234567890', received!, base] })],
      },
      keeper(),
    );
    const fields = fieldsOf(result);
    expect(fields.map((f) => f.path).sort()).toEqual(['lines.0.traceCodes.1', 'lines.0.traceCodes.2', 'lines.0.traceCodes.3', 'lines.0.traceCodes.4']);
    expect(fields.find((f) => f.path === 'lines.0.traceCodes.1')!.message).toContain('不符');
    expect(fields.find((f) => f.path === 'lines.0.traceCodes.2')!.message).toContain('20 位');
    expect(fields.find((f) => f.path === 'lines.0.traceCodes.3')!.message).toContain('已于 RK');
    expect(fields.find((f) => f.path === 'lines.0.traceCodes.4')!.message).toContain('重复');

    // An item without a prefix: its codes must share one, and it must not be another item's.
    const coldP = newPrefix();
    const mixed = await call(
      env.db,
      'receipt.create',
      { supplierId: env.supplierId, storeId: env.centralStoreId, unplannedReason: '补货', lines: [{ ...amoxLine(), itemId: env.coldId, quantity: 2, arrivalTemp: 5, traceCodes: [...codes(coldP, 1, 1), ...codes(newPrefix(), 1, 1)] }] },
      keeper(),
    );
    expect(fieldsOf(mixed)).toEqual([{ path: 'lines.0.traceCodes.1', message: expect.stringContaining('不一致') }]);
    const owned = await call(
      env.db,
      'receipt.create',
      { supplierId: env.supplierId, storeId: env.centralStoreId, unplannedReason: '补货', lines: [{ ...amoxLine(), itemId: env.coldId, quantity: 1, arrivalTemp: 5, traceCodes: codes(p, 9000, 1) }] },
      keeper(),
    );
    expect(fieldsOf(owned)).toEqual([{ path: 'lines.0.traceCodes.0', message: expect.stringContaining('已属于品种') }]);

    // Traced per box: the count must match the accepted quantity at posting.
    const draft = await unplanned([amoxLine({ quantity: 72, traceCodes: codes(p, 6000, 2) })]);
    const posting = await call(env.db, 'receipt.post', { id: draft.id, requestId: requestId() }, keeper());
    expect(fieldsOf(posting)).toEqual([{ path: 'lines.0.traceCodes', message: expect.stringContaining('与验收合格数量 72粒 不符') }]);
  });

  it('refuses a supplier whose licence has expired', async () => {
    const { supplier } = await ok(
      env.db,
      'supplier.create',
      supplierInput(99, {
        name: '过期医药有限公司',
        qualifications: [
          { kind: 'business_licence', number: 'YY1', expiresOn: null },
          { kind: 'drug_trade_licence', number: 'AA1', expiresOn: '2025-12-31' },
        ],
      }),
      { sessionToken: env.officer },
    );
    const result = await call(env.db, 'receipt.create', { supplierId: supplier.id, storeId: env.centralStoreId, unplannedReason: '补货', lines: [amoxLine()] }, keeper());
    expect(fieldsOf(result)).toEqual([{ path: 'supplierId', message: expect.stringContaining('药品经营许可证已于 2025-12-31 过期') }]);
  });

  it('a short expiry is refused at posting, and accepted with the reason the officer records', async () => {
    const soon = new Date(Date.now() + 90 * 86400_000).toISOString().slice(0, 10);
    const p = (env.db.$client.prepare('SELECT trace_prefix AS p FROM formulary_items WHERE id = ?').get(env.amoxId) as { p: string }).p;
    // The storekeeper cannot give the reason themselves.
    const own = await call(
      env.db,
      'receipt.create',
      { supplierId: env.supplierId, storeId: env.centralStoreId, unplannedReason: '补货', lines: [amoxLine({ expiry: soon, quantity: 24, traceCodes: codes(p, 7000, 1), shortExpiryReason: '急需' })] },
      keeper(),
    );
    expect(fieldsOf(own)[0]!.path).toBe('lines.0.shortExpiryReason');
    const draft = await unplanned([amoxLine({ expiry: soon, quantity: 24, traceCodes: codes(p, 7000, 1) })]);
    const refused = await call(env.db, 'receipt.post', { id: draft.id, requestId: requestId() }, keeper());
    expect(fieldsOf(refused)).toEqual([{ path: 'lines.0.expiry', message: expect.stringContaining('剩余效期不足 6 个月') }]);
    const noted = await ok(env.db, 'receipt.allowShortExpiry', { id: draft.id, lineId: draft.lines[0]!.id, reason: '临床急需，药事部同意' }, { sessionToken: env.officer });
    expect(noted.receipt.lines[0]!.shortExpiryReason).toBe('临床急需,药事部同意');
    // The reason survives the storekeeper's later edit of the draft.
    const edited = await ok(
      env.db,
      'receipt.update',
      {
        id: draft.id,
        version: noted.receipt.version,
        supplierId: env.supplierId,
        storeId: env.centralStoreId,
        unplannedReason: '补货',
        lines: [amoxLine({ expiry: soon, quantity: 24, traceCodes: codes(p, 7000, 1), shortExpiryReason: '临床急需，药事部同意', deliveryNoteNo: 'SX9' })],
      },
      keeper(),
    );
    const stale = await call(env.db, 'receipt.update', { id: draft.id, version: noted.receipt.version, supplierId: env.supplierId, storeId: env.centralStoreId, unplannedReason: '补货', lines: [amoxLine()] }, keeper());
    expect(!stale.ok && stale.error.code).toBe('CONFLICT');
    const posted = await ok(env.db, 'receipt.post', { id: draft.id, requestId: requestId(), version: edited.receipt.version }, keeper());
    expect(posted.receipt.state).toBe('posted');
  });

  it('cold chain: the arrival temperature is required and within the storage range', async () => {
    const draft = await unplanned([{ ...amoxLine(), itemId: env.coldId, quantity: 5, traceCodes: [] }]);
    expect(fieldsOf(await call(env.db, 'receipt.post', { id: draft.id, requestId: requestId() }, keeper()))).toEqual([
      { path: 'lines.0.arrivalTemp', message: expect.stringContaining('须记录到货温度') },
    ]);
    const warm = await call(env.db, 'receipt.create', { supplierId: env.supplierId, storeId: env.centralStoreId, unplannedReason: '补货', lines: [{ ...amoxLine(), itemId: env.coldId, quantity: 5, arrivalTemp: 12.5 }] }, keeper());
    expect(fieldsOf(warm)).toEqual([{ path: 'lines.0.arrivalTemp', message: expect.stringContaining('12.5℃ 超出储存温度 2–8℃') }]);
    const good = await unplanned([{ ...amoxLine(), itemId: env.coldId, quantity: 5, arrivalTemp: 4.5 }]);
    const posted = await ok(env.db, 'receipt.post', { id: good.id, requestId: requestId() }, keeper());
    expect(posted.receipt.lines[0]!.arrivalTempTenths).toBe(45);
  });

  it('双人验收: a narcotic needs a second, different inspector', async () => {
    const line = { ...amoxLine(), itemId: env.narcoticId, quantity: 10 };
    const alone = await unplanned([line]);
    expect(fieldsOf(await call(env.db, 'receipt.post', { id: alone.id, requestId: requestId() }, keeper()))[0]!.path).toBe('lines.0.secondInspectorUserId');
    const self = await unplanned([{ ...line, secondInspectorUserId: env.keeper.userId }]);
    expect(fieldsOf(await call(env.db, 'receipt.post', { id: self.id, requestId: requestId() }, keeper()))[0]!.message).toContain('不同的人');
    const two = await unplanned([{ ...line, secondInspectorUserId: env.keeper2.userId }]);
    const posted = await ok(env.db, 'receipt.post', { id: two.id, requestId: requestId() }, keeper());
    expect(posted.receipt.lines[0]).toMatchObject({ inspectorName: '周库管', secondInspectorName: '吴库管' });
  });

  it('refuses expiry before production, a rejected part without a reason, and an unplanned receipt without a reason', async () => {
    const result = await call(
      env.db,
      'receipt.create',
      { supplierId: env.supplierId, storeId: env.centralStoreId, lines: [amoxLine({ productionDate: '2028-10-01', expiry: '2028-09' }), amoxLine({ batchNo: 'R', arrivedQuantity: 72, quantity: 48 })] },
      keeper(),
    );
    expect(fieldsOf(result).map((f) => f.path)).toEqual(['unplannedReason', 'lines.0.productionDate', 'lines.0.expiry', 'lines.1.rejectReason']);
  });
});

describe('all or nothing, once', () => {
  it('a receipt that fails half-way at posting leaves nothing behind, and the same requestId posts once', async () => {
    const p = (env.db.$client.prepare('SELECT trace_prefix AS p FROM formulary_items WHERE id = ?').get(env.amoxId) as { p: string }).p;
    // Line 0 is fine; line 1 is a narcotic without its second inspector.
    const draft = await unplanned([amoxLine({ batchNo: 'H1', quantity: 24, traceCodes: codes(p, 8000, 1) }), { ...amoxLine(), itemId: env.narcoticId, quantity: 10 }]);
    const before = counts(env.db);
    const failed = await call(env.db, 'receipt.post', { id: draft.id, requestId: requestId() }, keeper());
    expect(failed.ok).toBe(false);
    expect(counts(env.db)).toEqual(before);
    // A create that fails takes no number either.
    const refusedCreate = await call(env.db, 'receipt.create', { supplierId: env.supplierId, storeId: env.centralStoreId, unplannedReason: '补货', lines: [amoxLine({ traceCodes: ['x'] })] }, keeper());
    expect(refusedCreate.ok).toBe(false);
    expect(counts(env.db)).toEqual(before);

    const fine = await unplanned([amoxLine({ batchNo: 'H2', quantity: 24, traceCodes: codes(p, 8100, 1) })]);
    const id = requestId();
    const a = await ok(env.db, 'receipt.post', { id: fine.id, requestId: id }, keeper());
    const mid = counts(env.db);
    const b = await ok(env.db, 'receipt.post', { id: fine.id, requestId: id }, keeper());
    expect(b).toEqual(a);
    expect(counts(env.db)).toEqual(mid);
    // A new requestId for a posted receipt is a CONFLICT, not a second posting.
    const c = await call(env.db, 'receipt.post', { id: fine.id, requestId: requestId() }, keeper());
    expect(!c.ok && c.error.code).toBe('CONFLICT');
  });

  it('posted receipt lines are immutable in the database', async () => {
    const posted = (await ok(env.db, 'receipt.list', { state: 'posted' }, keeper())).receipts[0]!;
    expect(() => env.db.$client.prepare('UPDATE receipt_lines SET accepted_quantity = 1 WHERE document_id = ?').run(posted.id)).toThrow(/posted/);
    expect(() => env.db.$client.prepare('DELETE FROM receipt_lines WHERE document_id = ?').run(posted.id)).toThrow(/posted/);
    expect(() => env.db.$client.prepare("UPDATE receipts SET note = 'x' WHERE document_id = ?").run(posted.id)).toThrow(/posted/);
  });

  it('a reversal is refused clearly when the stock has been issued since', async () => {
    const p = (env.db.$client.prepare('SELECT trace_prefix AS p FROM formulary_items WHERE id = ?').get(env.amoxId) as { p: string }).p;
    const draft = await unplanned([amoxLine({ batchNo: 'ISSUED', quantity: 24, traceCodes: codes(p, 8200, 1) })]);
    const posted = (await ok(env.db, 'receipt.post', { id: draft.id, requestId: requestId() }, keeper())).receipt;
    // Issue part of it through the ledger (a test slip), as a shipment would.
    const { moveStock, locationOf } = await import('../support/stock.js');
    moveStock(env.db, [{ itemId: env.amoxId, batchId: posted.lines[0]!.batchId!, fromLocationId: locationOf(env.db, env.centralStoreId), toLocationId: null, quantity: 10, changeType: '107' }]);
    const result = await call(env.db, 'receipt.reverse', { id: draft.id, reason: '错收', requestId: requestId() }, keeper());
    expect(fieldsOf(result)).toEqual([{ path: 'id', message: expect.stringContaining('已有出库或占用，不能冲销') }]);
  });

  it('void: a draft only', async () => {
    const draft = await unplanned([amoxLine({ batchNo: 'V' })]);
    const voided = await ok(env.db, 'receipt.void', { id: draft.id, reason: '重复录入' }, keeper());
    expect(voided.receipt.state).toBe('voided');
    const again = await call(env.db, 'receipt.post', { id: draft.id, requestId: requestId() }, keeper());
    expect(!again.ok && again.error.code).toBe('CONFLICT');
  });
});

describe('a member pharmacist', () => {
  it('accepts only into their own unit store, and only 直配 orders to it', async () => {
    const township = { sessionToken: env.township };
    const central = await approvedOrder(env, env.centralStoreId, [{ itemId: env.coldId, quantity: 5 }]);
    const direct = await approvedOrder(env, env.townshipStoreId, [{ itemId: env.coldId, quantity: 5 }]);
    const line = { ...amoxLine(), itemId: env.coldId, quantity: 5, arrivalTemp: 5 };
    const intoCentral = await call(env.db, 'receipt.create', { supplierId: env.supplierId, storeId: env.centralStoreId, unplannedReason: '补货', lines: [line] }, township);
    expect(!intoCentral.ok && intoCentral.error.code).toBe('FORBIDDEN');
    const centralOrder = await call(env.db, 'receipt.create', { supplierId: env.supplierId, storeId: env.townshipStoreId, orderId: central.id, lines: [line] }, township);
    expect(!centralOrder.ok && centralOrder.error.code).toBe('FORBIDDEN');
    const draft = (await ok(env.db, 'receipt.create', { supplierId: env.supplierId, storeId: env.townshipStoreId, orderId: direct.id, lines: [line] }, township)).receipt;
    const posted = await ok(env.db, 'receipt.post', { id: draft.id, requestId: requestId() }, township);
    expect(posted.receipt.unitId).toBe(env.townshipId);
    // Their list and arrivals show only their own unit.
    const list = await ok(env.db, 'receipt.list', {}, township);
    expect(list.receipts.length).toBeGreaterThan(0);
    expect(list.receipts.every((r) => r.unitId === env.townshipId)).toBe(true);
    const arrivals = await ok(env.db, 'receipt.arrivals', {}, township);
    expect(arrivals.orders.every((o) => o.unitId === env.townshipId)).toBe(true);
    // Another unit's receipt is out of reach.
    const centralReceipt = (await ok(env.db, 'receipt.list', { storeId: env.centralStoreId }, keeper())).receipts[0]!;
    const get = await call(env.db, 'receipt.get', { id: centralReceipt.id }, township);
    expect(!get.ok && get.error.code).toBe('FORBIDDEN');
  });
});

describe('the storekeeper screens', () => {
  it('arrivals lists open orders with outstanding lines and drafts waiting; checkScan finds the line', async () => {
    const order = await approvedOrder(env, env.centralStoreId, [{ itemId: env.coldId, quantity: 7 }]);
    const arrivals = await ok(env.db, 'receipt.arrivals', {}, keeper());
    const mine = arrivals.orders.find((o) => o.orderId === order.id)!;
    expect(mine.lines).toEqual([expect.objectContaining({ itemId: env.coldId, outstanding: 7, received: 0 })]);
    expect(arrivals.drafts.every((d) => d.state === 'draft')).toBe(true);

    const p = (env.db.$client.prepare('SELECT trace_prefix AS p FROM formulary_items WHERE id = ?').get(env.amoxId) as { p: string }).p;
    const draft = await unplanned([amoxLine({ batchNo: 'S1' }), { ...amoxLine(), itemId: env.coldId, batchNo: 'C1', quantity: 1, arrivalTemp: 5 }]);
    const trace = await ok(env.db, 'receipt.checkScan', { id: draft.id, scan: codes(p, 9500, 1)[0]! }, keeper());
    expect(trace).toMatchObject({ kind: 'trace', lineId: draft.lines[0]!.id, problem: null });
    const udi = await ok(env.db, 'receipt.checkScan', { id: draft.id, scan: '(01)06901234567892(10)C2(11)260101(17)280600' }, keeper());
    expect(udi).toMatchObject({ kind: 'udi', itemId: env.coldId, lineId: draft.lines[1]!.id, batchNo: 'C2', expiry: '2028-06-30', productionDate: '2026-01-01', newBatch: true });
    const bad = await ok(env.db, 'receipt.checkScan', { id: draft.id, scan: '12345' }, keeper());
    expect(bad.kind).toBe('invalid');
  });

  it('items answers what the grid needs by id, GTIN or 药品标识码; inspectors lists the receivers of the store unit', async () => {
    const byId = await ok(env.db, 'receipt.items', { itemIds: [env.coldId] }, keeper());
    expect(byId.items[0]).toMatchObject({ id: env.coldId, coldChain: true, storageTempMin: 2, storageTempMax: 8, udiDi: '06901234567892', priceMicro: 12_500_000 });
    const byGtin = await ok(env.db, 'receipt.items', { gtin: '06901234567892' }, keeper());
    expect(byGtin.items.map((i) => i.id)).toEqual([env.coldId]);
    const p = (env.db.$client.prepare('SELECT trace_prefix AS p FROM formulary_items WHERE id = ?').get(env.amoxId) as { p: string }).p;
    expect((await ok(env.db, 'receipt.items', { tracePrefix: p }, keeper())).items.map((i) => i.id)).toEqual([env.amoxId]);
    const inspectors = await ok(env.db, 'receipt.inspectors', { storeId: env.centralStoreId }, keeper());
    expect(inspectors.users.map((u) => u.displayName)).toEqual(expect.arrayContaining(['周库管', '吴库管', '李药师']));
  });
});

describe('invoice numbers that follow the goods (发票补录)', () => {
  it('are appended to a posted receipt line, shown as the line’s, audited; refused on a draft, a foreign line or an empty row', async () => {
    const cold = { itemId: env.coldId, batchNo: 'INV1', expiry: '2028-06', quantity: 3, priceMicro: 12_500_000, traceCodes: [], arrivalTemp: 5 };
    const draft = await unplanned([cold, { ...cold, batchNo: 'INV2', manufacturerInvoiceNo: '12345678' }]);
    const [first, second] = draft.lines.map((l) => l.id) as [number, number];
    const onDraft = await call(env.db, 'receipt.recordInvoices', { id: draft.id, lines: [{ lineId: first, distributorInvoiceNo: '24362000000000000001' }] }, keeper());
    expect(!onDraft.ok && onDraft.error.code).toBe('CONFLICT');

    await ok(env.db, 'receipt.post', { id: draft.id, requestId: requestId() }, keeper());
    const other = await unplanned([{ ...cold, batchNo: 'INV3' }]);
    const refused = await call(
      env.db,
      'receipt.recordInvoices',
      { id: draft.id, lines: [{ lineId: other.lines[0]!.id, distributorInvoiceNo: '1' }, { lineId: second }] },
      keeper(),
    );
    expect(fieldsOf(refused)).toEqual([
      { path: 'lines.0.lineId', message: '该行不属于此验收单' },
      { path: 'lines.1.distributorInvoiceNo', message: '请填写配送企业发票号或生产企业发票号' },
    ]);

    await ok(env.db, 'receipt.recordInvoices', { id: draft.id, lines: [{ lineId: first, distributorInvoiceNo: '24362000000000000001' }] }, keeper());
    const { receipt } = await ok(
      env.db,
      'receipt.recordInvoices',
      { id: draft.id, lines: [{ lineId: first, distributorInvoiceNo: '24362000000000000002' }, { lineId: second, distributorInvoiceNo: '24362000000000000003' }] },
      keeper(),
    );
    // The latest number of each kind is the line's; a kind not given again keeps the earlier one.
    expect(receipt.lines.map((l) => [l.distributorInvoiceNo, l.manufacturerInvoiceNo])).toEqual([
      ['24362000000000000002', ''],
      ['24362000000000000003', '12345678'],
    ]);
    expect(() => env.db.$client.prepare("UPDATE receipt_line_invoices SET distributor_invoice_no = 'x'").run()).toThrow(/append-only/);
    const audit = env.db.$client.prepare("SELECT count(*) AS n FROM audit_log WHERE operation = 'receipt.recordInvoices'").get() as { n: number };
    expect(audit.n).toBe(2);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemFieldsInput } from '../../core/api/index.js';
import { storeLocationId } from '../../core/stock/ledger.js';
import { communityDate } from '../../core/time.js';
import { addMonths } from '../../core/time.js';
import { call, initialised, ok, userWithSession } from '../support/db.js';
import { receiveForTest } from '../support/adjustments.js';
import { moveStock } from '../support/stock.js';
import { supplierInput } from '../support/suppliers.js';

/**
 * 近效期调剂: near-expiry batches at member stores with the member's own consumption and who else uses the item,
 * and the 退库单 that brings the stock back to the centre.
 */
const env = await initialised();
afterAll(() => env.dispose());

const tokens: Record<string, string> = {};
const as = (who: string) => ({ sessionToken: tokens[who]! });
let central = 0;
let unitA = 0;
let unitB = 0;
let unitC = 0;
let storeA = 0;
let storeB = 0;
let storeC = 0;
let itemId = 0;
let supplierId = 0;
const today = communityDate(new Date());
const soon = addMonths(today, 2);
const later = addMonths(today, 20);

const ITEM: ItemFieldsInput = {
  genericName: '硝苯地平控释片',
  spec: '30mg',
  manufacturer: '拜耳医药保健有限公司',
  approvalNo: '国药准字J20180067',
  category: 'western',
  baseUnit: '片',
  packs: [{ unit: '盒', factor: 7 }],
  purchaseUnit: '盒',
  issueUnit: '盒',
  levels: { county: true, township: true, village: true },
};

const loc = (storeId: number) => storeLocationId(env.db, storeId);
let nearA = 0;

beforeAll(async () => {
  const admin = { sessionToken: env.admin };
  const leadId = (await ok(env.db, 'unit.list', {}, admin)).units[0]!.id;
  central = (await ok(env.db, 'store.list', { unitId: leadId }, admin)).stores[0]!.id;
  unitA = (await ok(env.db, 'unit.create', { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' }, admin)).unit.id;
  unitB = (await ok(env.db, 'unit.create', { code: 'WS02', name: '白沙镇卫生院', kind: 'township_hospital' }, admin)).unit.id;
  unitC = (await ok(env.db, 'unit.create', { code: 'WS03', name: '石桥镇卫生院', kind: 'township_hospital' }, admin)).unit.id;
  storeA = (await ok(env.db, 'store.list', { unitId: unitA }, admin)).stores[0]!.id;
  storeB = (await ok(env.db, 'store.list', { unitId: unitB }, admin)).stores[0]!.id;
  storeC = (await ok(env.db, 'store.list', { unitId: unitC }, admin)).stores[0]!.id;
  tokens.officer = (await userWithSession(env.db, env.admin, { username: 'officer', displayName: '药事部', role: 'pharmacy_officer', unitId: leadId })).token;
  tokens.member = (await userWithSession(env.db, env.admin, { username: 'member', displayName: '药师', role: 'member_pharmacist', unitId: unitA })).token;
  const { request } = await ok(env.db, 'changeRequest.propose', { kind: 'add', item: ITEM, reason: '测试' }, as('officer'));
  itemId = (await ok(env.db, 'changeRequest.decide', { id: request.id, approve: true, resolutionNo: 'R1', resolutionDate: '2026-03-01' }, as('officer'))).request.itemId!;
  supplierId = (await ok(env.db, 'supplier.create', supplierInput(31), as('officer'))).supplier.id;

  // 青石: 140 expiring in two months, using 30 a month; 白沙 uses 90 a month and has 40 (later expiry); 石桥 uses none.
  nearA = receiveForTest(env.db, { itemId, storeId: storeA, quantity: 140, supplierId, batchNo: 'NX-1', expiry: soon });
  const laterB = receiveForTest(env.db, { itemId, storeId: storeB, quantity: 310, supplierId, batchNo: 'NX-2', expiry: later });
  const aLater = receiveForTest(env.db, { itemId, storeId: storeA, quantity: 90, supplierId, batchNo: 'NX-3', expiry: later });
  receiveForTest(env.db, { itemId, storeId: storeC, quantity: 10, supplierId, batchNo: 'NX-4', expiry: later });
  moveStock(env.db, [
    { itemId, batchId: aLater, fromLocationId: loc(storeA), toLocationId: null, quantity: 90, changeType: '107' },
    { itemId, batchId: laterB, fromLocationId: loc(storeB), toLocationId: null, quantity: 270, changeType: '107' },
  ]);
  // Near-expiry stock that is not a candidate: at the central store, already expired, or recalled.
  receiveForTest(env.db, { itemId, storeId: central, quantity: 50, supplierId, batchNo: 'NX-C', expiry: soon });
  receiveForTest(env.db, { itemId, storeId: storeB, quantity: 5, supplierId, batchNo: 'NX-OLD', expiry: addMonths(today, -1) });
  receiveForTest(env.db, { itemId, storeId: storeB, quantity: 5, supplierId, batchNo: 'NX-R', expiry: soon, status: 'recalled' });
});

describe('redistribution.candidates', () => {
  it('lists member batches expiring within the window with the member’s own pace and who else uses the item', async () => {
    const out = await ok(env.db, 'redistribution.candidates', { itemId }, as('officer'));
    expect(out).toMatchObject({ months: 6, today, consumptionMonths: 3 });
    expect(out.rows.map((r) => [r.storeId, r.batchNo])).toEqual([[storeA, 'NX-1']]);
    const row = out.rows[0]!;
    expect(row).toMatchObject({ unitId: unitA, batchId: nearA, expiry: soon, onHand: 140, available: 140, avgMonthly: 30 });
    expect(row.monthsToUse).toBeCloseTo(4.67, 2);
    // About two months at 30 a month: some 80 would be left when it expires.
    expect(row.surplusAtExpiry).toBeGreaterThan(70);
    expect(row.surplusAtExpiry).toBeLessThan(90);
    expect(row.usedElsewhere).toEqual([{ unitId: unitB, unitName: '白沙镇卫生院', storeId: storeB, storeName: expect.any(String), avgMonthly: 90, onHand: 40, monthsOfStock: 0.44 }]);
    expect(row.usedElsewhereText).toContain('白沙镇卫生院 月均90片');
  });

  it('a shorter window leaves the batch out; the default is the largest near-expiry band', async () => {
    const short = await ok(env.db, 'redistribution.candidates', { itemId, months: 1 }, as('officer'));
    expect(short.rows).toEqual([]);
    await ok(env.db, 'stock.settings.update', { nearExpiryMonths: [1] }, as('officer'));
    expect((await ok(env.db, 'redistribution.candidates', { itemId }, as('officer'))).months).toBe(1);
    await ok(env.db, 'stock.settings.update', { nearExpiryMonths: [6, 3, 1] }, as('officer'));
  });

  it('is the centre’s: a member pharmacist is refused', async () => {
    const result = await call(env.db, 'redistribution.candidates', {}, as('member'));
    expect(!result.ok && result.error.code).toBe('FORBIDDEN');
  });
});

describe('redistribution.start', () => {
  it('orders the stock back to the centre: a 退库单 (调剂) already approved, the quantity reserved at the member', async () => {
    const { document } = await ok(env.db, 'redistribution.start', { storeId: storeA, lines: [{ batchId: nearA, quantity: 80 }], note: '调往白沙镇卫生院' }, as('officer'));
    expect(document).toMatchObject({ kind: 'member_return', number: expect.stringMatching(/^TK\d{4}-\d{6}$/), state: 'approved', stateLabel: '已批准', storeId: storeA, quantity: 80 });
    expect(env.db.$client.prepare('SELECT return_reason AS reason, recall_id AS recallId FROM shipments WHERE document_id = ?').get(document.id)).toEqual({ reason: 'redistribution', recallId: null });
    expect(env.db.$client.prepare('SELECT reserved FROM stock_balances WHERE batch_id = ? AND location_id = ?').get(nearA, loc(storeA))).toEqual({ reserved: 80 });
    const after = await ok(env.db, 'redistribution.candidates', { itemId }, as('officer'));
    expect(after.rows[0]).toMatchObject({ onHand: 140, available: 60 });
  });

  it('refuses more than is available, on the line, and the central store', async () => {
    const over = await call(env.db, 'redistribution.start', { storeId: storeA, lines: [{ batchId: nearA, quantity: 61 }] }, as('officer'));
    expect(!over.ok && over.error).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'lines.0.quantity' }] });
    const own = await call(env.db, 'redistribution.start', { storeId: central, lines: [{ batchId: nearA, quantity: 1 }] }, as('officer'));
    expect(!own.ok && own.error).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'storeId' }] });
  });
});

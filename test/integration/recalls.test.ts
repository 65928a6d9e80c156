import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemFieldsInput } from '../../core/api/index.js';
import { applyTransition, createDocument } from '../../core/documents/lifecycle.js';
import { shipmentType } from '../../core/distribution/document-types.js';
import { TRACE_SQL } from '../../core/distribution/recalls/trace.js';
import { changeReservation, postMoves, storeLocationId, transitLocationFor } from '../../core/stock/ledger.js';
import { inTransaction } from '../../core/transaction.js';
import { call, initialised, ok, userWithSession } from '../support/db.js';
import { balanceOf, receiveForTest } from '../support/adjustments.js';
import { moveStock, testContext } from '../support/stock.js';
import { supplierInput } from '../support/suppliers.js';

/**
 * 召回: trace one 批号 across the central store, member stores and goods in transit (with its 追溯码), freeze it
 * everywhere in one step with the returns it needs, all or nothing; the list, the detail and closing.
 */
const env = await initialised();
afterAll(() => env.dispose());

const tokens: Record<string, string> = {};
const as = (who: string) => ({ sessionToken: tokens[who]! });
let leadId = 0;
let central = 0;
let unitA = 0;
let unitB = 0;
let storeA = 0;
let storeB = 0;
let itemId = 0;
let supplierA = 0;
let supplierB = 0;
let seq = 0;
const requestId = () => `recall-${Date.now()}-${++seq}`;

const ITEM: ItemFieldsInput = {
  genericName: '头孢克肟胶囊',
  spec: '0.1g',
  manufacturer: '广州白云山制药股份有限公司',
  approvalNo: '国药准字H20010489',
  category: 'western',
  baseUnit: '粒',
  packs: [{ unit: '盒', factor: 12 }],
  purchaseUnit: '盒',
  issueUnit: '盒',
  levels: { county: true, township: true, village: true },
};

beforeAll(async () => {
  const admin = { sessionToken: env.admin };
  leadId = (await ok(env.db, 'unit.list', {}, admin)).units[0]!.id;
  central = (await ok(env.db, 'store.list', { unitId: leadId }, admin)).stores[0]!.id;
  unitA = (await ok(env.db, 'unit.create', { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' }, admin)).unit.id;
  unitB = (await ok(env.db, 'unit.create', { code: 'WS02', name: '白沙镇卫生院', kind: 'township_hospital' }, admin)).unit.id;
  storeA = (await ok(env.db, 'store.list', { unitId: unitA }, admin)).stores[0]!.id;
  storeB = (await ok(env.db, 'store.list', { unitId: unitB }, admin)).stores[0]!.id;
  for (const [username, role, unitId] of [
    ['officer', 'pharmacy_officer', leadId],
    ['keeper', 'storekeeper', leadId],
    ['member', 'member_pharmacist', unitA],
    ['auditor', 'auditor', leadId],
  ] as const) {
    tokens[username] = (await userWithSession(env.db, env.admin, { username, displayName: username, role, unitId })).token;
  }
  const { request } = await ok(env.db, 'changeRequest.propose', { kind: 'add', item: ITEM, reason: '测试' }, as('officer'));
  itemId = (await ok(env.db, 'changeRequest.decide', { id: request.id, approve: true, resolutionNo: 'R1', resolutionDate: '2026-03-01' }, as('officer'))).request.itemId!;
  supplierA = (await ok(env.db, 'supplier.create', supplierInput(21), as('officer'))).supplier.id;
  supplierB = (await ok(env.db, 'supplier.create', supplierInput(22), as('officer'))).supplier.id;
});

const loc = (storeId: number) => storeLocationId(env.db, storeId);

/**
 * A 调拨单 written through the lifecycle (central store → a member store), carrying codes: shipped (central →
 * the member's in-transit location, 102) and, when asked, received (in transit → the member store, 101).
 */
function shipForTest(input: { batchId: number; toStore: number; unitId: number; quantity: number; codes: string[]; received: boolean }): number {
  const ctx = testContext(env.db);
  return inTransaction(env.db.$client, true, () => {
    const transit = transitLocationFor(ctx, input.unitId);
    const document = createDocument(ctx, shipmentType);
    env.db.$client
      .prepare(
        `INSERT INTO shipments (document_id, kind, requisition_id, from_store_id, to_store_id, member_unit_id, transit_location_id, return_reason, recall_id, reship_of_id, note)
         VALUES (?, 'transfer', NULL, ?, ?, ?, ?, '', NULL, NULL, '')`,
      )
      .run(document.id, central, input.toStore, input.unitId, transit);
    const lineId = Number(
      env.db.$client
        .prepare('INSERT INTO shipment_lines (document_id, line_no, item_id, batch_id, quantity, amount_micro) VALUES (?, 1, ?, ?, ?, 0)')
        .run(document.id, itemId, input.batchId, input.quantity).lastInsertRowid,
    );
    for (const code of input.codes) env.db.$client.prepare('INSERT INTO shipment_line_codes (document_id, shipment_line_id, code) VALUES (?, ?, ?)').run(document.id, lineId, code);
    applyTransition(ctx, shipmentType, { id: document.id, version: 1, transition: 'ship' });
    postMoves(ctx, [{ itemId, batchId: input.batchId, fromLocationId: loc(central), toLocationId: transit, quantity: input.quantity, changeType: '102', documentId: document.id, documentLineId: lineId }]);
    if (input.received) {
      applyTransition(ctx, shipmentType, { id: document.id, version: 2, transition: 'receive' });
      postMoves(ctx, [{ itemId, batchId: input.batchId, fromLocationId: transit, toLocationId: loc(input.toStore), quantity: input.quantity, changeType: '101', documentId: document.id, documentLineId: lineId }]);
    }
    return document.id;
  });
}

/** A 调拨单 allocated but not shipped: its line reserves stock at the central store. */
function allocateForTest(input: { batchId: number; toStore: number; unitId: number; quantity: number }): number {
  const ctx = testContext(env.db);
  return inTransaction(env.db.$client, true, () => {
    const document = createDocument(ctx, shipmentType);
    env.db.$client
      .prepare(
        `INSERT INTO shipments (document_id, kind, requisition_id, from_store_id, to_store_id, member_unit_id, transit_location_id, return_reason, recall_id, reship_of_id, note)
         VALUES (?, 'transfer', NULL, ?, ?, ?, ?, '', NULL, NULL, '')`,
      )
      .run(document.id, central, input.toStore, input.unitId, transitLocationFor(ctx, input.unitId));
    env.db.$client
      .prepare('INSERT INTO shipment_lines (document_id, line_no, item_id, batch_id, quantity, amount_micro) VALUES (?, 1, ?, ?, ?, 0)')
      .run(document.id, itemId, input.batchId, input.quantity);
    changeReservation(ctx, { batchId: input.batchId, locationId: loc(central), delta: input.quantity, path: 'lines.0.quantity' });
    return document.id;
  });
}

/** 追溯码 received with a batch's 108 delivery. */
function receiveCodes(batchId: number, codes: string[]): void {
  const { documentId } = env.db.$client.prepare("SELECT document_id AS documentId FROM stock_moves WHERE batch_id = ? AND change_type = '108' ORDER BY id LIMIT 1").get(batchId) as {
    documentId: number;
  };
  const insert = env.db.$client.prepare('INSERT INTO trace_codes (code, item_id, batch_id, document_id, document_line_id, at) VALUES (?, ?, ?, ?, 0, ?)');
  for (const code of codes) insert.run(code, itemId, batchId, documentId, new Date().toISOString());
}

const code = (batchNo: string, n: number) => `8${batchNo.replace(/\D/g, '').padStart(4, '0')}${String(n).padStart(15, '0')}`;

/**
 * One 批号 bought twice (two suppliers, two batch rows): 120 + 60 into the central store with codes; 30 shipped and
 * received at 青石, 20 at 白沙, 10 still in transit to 白沙; 5 consumed at 青石 (107).
 */
function stockedBatch(batchNo: string) {
  const b1 = receiveForTest(env.db, { itemId, storeId: central, quantity: 120, supplierId: supplierA, batchNo, costMicro: 12_000_000 });
  const b2 = receiveForTest(env.db, { itemId, storeId: central, quantity: 60, supplierId: supplierB, batchNo, costMicro: 11_000_000 });
  const codes = [1, 2, 3, 4, 5, 6].map((n) => code(batchNo, n));
  receiveCodes(b1, codes);
  const toA = shipForTest({ batchId: b1, toStore: storeA, unitId: unitA, quantity: 30, codes: [codes[0]!, codes[1]!], received: true });
  const toB = shipForTest({ batchId: b1, toStore: storeB, unitId: unitB, quantity: 20, codes: [codes[2]!], received: true });
  const onWay = shipForTest({ batchId: b1, toStore: storeB, unitId: unitB, quantity: 10, codes: [codes[3]!], received: false });
  moveStock(env.db, [{ itemId, batchId: b1, fromLocationId: loc(storeA), toLocationId: null, quantity: 5, changeType: '107' }]);
  return { b1, b2, codes, toA, toB, onWay };
}

describe('recall.trace', () => {
  it('lists every holder of the 批号 — central store, two member stores, in transit — with totals and where each code went', async () => {
    const s = stockedBatch('RC-2601');
    const allocated = allocateForTest({ batchId: s.b2, toStore: storeA, unitId: unitA, quantity: 12 });
    const trace = await ok(env.db, 'recall.trace', { itemId, batchNo: 'RC-2601' }, as('officer'));
    // The allocated transfer reserving the batch, for the storekeeper to swap.
    expect(trace.reservations.map((r) => [r.shipmentId, r.kind, r.state, r.batchId, r.quantity, r.recallId])).toEqual([[allocated, 'transfer', 'allocated', s.b2, 12, null]]);
    expect(trace.holders.find((h) => h.batchId === s.b2)!.reserved).toBe(12);
    expect(trace.batches.map((b) => b.batchId)).toEqual([s.b1, s.b2]);
    const holders = trace.holders.map((h) => ({ unitId: h.unitId, storeId: h.storeId, kind: h.kind, batchId: h.batchId, quantity: h.quantity }));
    expect(holders).toEqual([
      { unitId: leadId, storeId: central, kind: 'store', batchId: s.b1, quantity: 60 },
      { unitId: leadId, storeId: central, kind: 'store', batchId: s.b2, quantity: 60 },
      { unitId: unitA, storeId: storeA, kind: 'store', batchId: s.b1, quantity: 25 },
      { unitId: unitB, storeId: storeB, kind: 'store', batchId: s.b1, quantity: 20 },
      { unitId: unitB, storeId: null, kind: 'transit', batchId: s.b1, quantity: 10 },
    ]);
    expect(trace.totals).toMatchObject({ received: 180, onHand: 165, inTransit: 10, consumed: 5, unitCount: 3, holderCount: 5 });
    expect(trace.totals.receivedByType).toEqual([{ changeType: '108', label: '商品采购入库', quantity: 180 }]);
    expect(trace.totals.consumedByType).toEqual([{ changeType: '107', label: '其他出库', quantity: 5 }]);
    const where = Object.fromEntries(trace.codes.map((c) => [c.code, { storeId: c.storeId, inTransit: c.inTransit }]));
    expect(where).toEqual({
      [s.codes[0]!]: { storeId: storeA, inTransit: false },
      [s.codes[1]!]: { storeId: storeA, inTransit: false },
      [s.codes[2]!]: { storeId: storeB, inTransit: false },
      [s.codes[3]!]: { storeId: storeB, inTransit: true },
      [s.codes[4]!]: { storeId: central, inTransit: false },
      [s.codes[5]!]: { storeId: central, inTransit: false },
    });
    expect(trace.codes.find((c) => c.code === s.codes[3])!.shipmentId).toBe(s.onWay);
    // Each holder lists the codes now there.
    expect(trace.holders.find((h) => h.storeId === storeA)!.traceCodes).toEqual([s.codes[0], s.codes[1]]);
    expect(trace.holders.find((h) => h.kind === 'transit')!.traceCodes).toEqual([s.codes[3]]);
    expect(trace.holders.find((h) => h.storeId === central && h.batchId === s.b1)!.traceCodes).toEqual([s.codes[4], s.codes[5]]);
  });

  it('answers the stable shape a script relies on: plain JSON in, holders[{unitId, storeId, quantity}] out', async () => {
    const result = await call(env.db, 'recall.trace' as never, JSON.parse(JSON.stringify({ itemId, batchNo: 'RC-2601' })), as('officer'));
    expect(result.ok).toBe(true);
    const holders = (result.ok ? (result.output as { holders: { unitId: number; storeId: number | null; quantity: number }[] }).holders : []).map((h) => ({
      unitId: h.unitId,
      storeId: h.storeId,
      quantity: h.quantity,
    }));
    expect(holders).toContainEqual({ unitId: unitB, storeId: null, quantity: 10 });
    expect(holders).toContainEqual({ unitId: unitA, storeId: storeA, quantity: 25 });
  });

  it('refuses an unknown 批号 on its field, in Chinese', async () => {
    const result = await call(env.db, 'recall.trace', { itemId, batchNo: 'NO-SUCH' }, as('officer'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'batchNo', message: expect.stringContaining('没有批号 NO-SUCH') }] });
  });

  it('is the officer’s console: a member pharmacist and the storekeeper are refused', async () => {
    for (const who of ['member', 'keeper', 'auditor']) {
      const result = await call(env.db, 'recall.trace', { itemId, batchNo: 'RC-2601' }, as(who));
      expect(!result.ok && result.error.code, who).toBe('FORBIDDEN');
    }
  });

  it('every statement walks an index from the batch ids (EXPLAIN QUERY PLAN): no scan of a ledger table', () => {
    const tables = ['stock_batches', 'stock_balances', 'stock_moves', 'trace_codes', 'shipment_line_codes', 'shipment_lines', 'shipments', 'documents', 'recalls', 'receipts'];
    const params: Record<string, Record<string, unknown> | unknown[]> = {
      item: [itemId],
      batches: { itemId, batchNo: 'RC-2601' },
      holders: { batchIds: '[1,2]' },
      flows: { batchIds: '[1,2]' },
      codes: { batchIds: '[1,2]' },
      shippedCodes: { batchIds: '[1,2]', codes: '["a"]' },
      reservations: { batchIds: '[1,2]' },
      openRecall: { itemId, batchNo: 'RC-2601' },
      stores: { ids: '[1]' },
    };
    for (const [name, sql] of Object.entries(TRACE_SQL)) {
      const p = params[name]!;
      const stmt = env.db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`);
      const plan = (Array.isArray(p) ? stmt.all(...p) : stmt.all(p)) as { detail: string }[];
      const scans = plan.map((r) => r.detail).filter((d) => tables.some((t) => new RegExp(`^SCAN ${t}\\b|^SCAN \\w+$`).test(d) && !/json_each/.test(d)));
      expect(scans, `${name}: ${plan.map((r) => r.detail).join(' | ')}`).toEqual([]);
      expect(plan.some((r) => /USING (COVERING )?INDEX|USING (INTEGER )?PRIMARY KEY/.test(r.detail)), name).toBe(true);
    }
  });
});

describe('recall.create', () => {
  it('freezes every batch of the 批号 in one step and makes the returns: a 退库单 per member store, a 退货单 draft per supplier', async () => {
    const s = stockedBatch('RC-2602');
    const before = await ok(env.db, 'recall.trace', { itemId, batchNo: 'RC-2602' }, as('officer'));
    expect(before.batches.every((b) => b.status === 'normal')).toBe(true);
    const out = await ok(env.db, 'recall.create', { itemId, batchNo: 'RC-2602', reason: '药监局通报：溶出度不合格', noticeNo: 'YJ2026-118', requestId: requestId() }, as('officer'));
    expect(out.recall).toMatchObject({ number: expect.stringMatching(/^ZH\d{4}-\d{6}$/), state: 'open', stateLabel: '召回中', batchNo: 'RC-2602', noticeNo: 'YJ2026-118' });
    expect(out.frozen.map((b) => [b.batchId, b.previousStatus, b.status, b.quantity])).toEqual([
      [s.b1, "normal", "recalled", 115],
      [s.b2, 'normal', 'recalled', 60],
    ]);
    expect(out.holders.every((h) => h.batchStatus === 'recalled')).toBe(true);
    const kinds = out.documents.map((d) => [d.kind, d.storeId, d.quantity, d.state]);
    expect(kinds).toEqual([
      ['member_return', storeA, 25, 'approved'],
      ['member_return', storeB, 20, 'approved'],
      ['stock_return', central, 60, 'draft'],
      ['stock_return', central, 60, 'draft'],
    ]);
    expect(out.documents.filter((d) => d.kind === 'stock_return').map((d) => d.supplierName)).toEqual(['清源医药有限公司21', '清源医药有限公司22']);
    expect(out.notes.some((n) => n.includes('在途 10'))).toBe(true);
    // The 退库单 reserve the member stock; shipments point back to the recall.
    const reserved = env.db.$client.prepare('SELECT reserved FROM stock_balances WHERE batch_id = ? AND location_id = ?');
    expect((reserved.get(s.b1, loc(storeA)) as { reserved: number }).reserved).toBe(25);
    expect(env.db.$client.prepare("SELECT count(*) AS n FROM shipments WHERE recall_id = ? AND return_reason = 'recall'").get(out.recall.id)).toEqual({ n: 2 });
    const traced = await ok(env.db, 'recall.trace', { itemId, batchNo: 'RC-2602' }, as('officer'));
    expect(traced.reservations.map((r) => [r.kind, r.stateLabel, r.quantity, r.recallId])).toEqual([
      ['return', '已批准', 25, out.recall.id],
      ['return', '已批准', 20, out.recall.id],
    ]);
    expect(traced.openRecallNumber).toBe(out.recall.number);
    // The storekeeper rewrites the other 退货单's note: it stays the recall's (linked by recall_id, not by its text).
    const other = out.documents.filter((d) => d.kind === 'stock_return')[1]!;
    const got = (await ok(env.db, 'stockAdjustment.get', { id: other.id }, as('keeper'))).adjustment;
    await ok(
      env.db,
      'stockAdjustment.update',
      {
        id: other.id,
        version: got.version,
        supplierId: got.supplierId,
        reason: got.reason,
        note: '已联系供应商，下周取回',
        lines: got.lines.map((l) => ({ itemId: l.itemId, batchId: l.batchId, quantity: l.quantity, reason: l.reason })),
      },
      as('keeper'),
    );
    // The storekeeper posts the 退货单 back to the supplier (109).
    const draft = out.documents.find((d) => d.kind === 'stock_return')!;
    await ok(env.db, 'stockAdjustment.post', { id: draft.id, version: 1, requestId: requestId() }, as('keeper'));
    expect(balanceOf(env.db, s.b1, central)).toBe(0);
    const detail = await ok(env.db, 'recall.get', { id: out.recall.id }, as('officer'));
    expect(detail.recall.documents.find((d) => d.id === draft.id)).toMatchObject({ state: 'posted', stateLabel: '已退货' });
    expect(detail.recall.documents.find((d) => d.id === other.id)).toMatchObject({ state: 'draft' });
    expect(detail.trace.holders.some((h) => h.storeId === central && h.batchId === s.b1)).toBe(false);
    expect(detail.recall.memberStockLeft).toBe(55);

    // The 10 in transit arrive at 白沙 after the freeze: 补发 orders them back on the same recall, nothing twice.
    const transitB = env.db.$client.prepare("SELECT id FROM stock_locations WHERE kind = 'transit' AND unit_id = ?").get(unitB) as { id: number };
    moveStock(env.db, [{ itemId, batchId: s.b1, fromLocationId: transitB.id, toLocationId: loc(storeB), quantity: 10, changeType: '101' }]);
    const more = await ok(env.db, 'recall.orderReturns', { id: out.recall.id }, as('officer'));
    expect(more.documents.map((d) => [d.kind, d.storeId, d.quantity, d.state])).toEqual([['member_return', storeB, 10, 'approved']]);
    expect(more.recall.documents).toHaveLength(5);
    const none = await ok(env.db, 'recall.orderReturns', { id: out.recall.id }, as('officer'));
    expect(none.documents).toEqual([]);
  });

  it('the same requestId answers the first result and freezes nothing more', async () => {
    stockedBatch('RC-2603');
    const rid = requestId();
    const first = await ok(env.db, 'recall.create', { itemId, batchNo: 'RC-2603', reason: '厂家主动召回', requestId: rid }, as('officer'));
    const again = await ok(env.db, 'recall.create', { itemId, batchNo: 'RC-2603', reason: '厂家主动召回', requestId: rid }, as('officer'));
    expect(again.recall.id).toBe(first.recall.id);
    expect(env.db.$client.prepare("SELECT count(*) AS n FROM recalls WHERE batch_no = 'RC-2603'").get()).toEqual({ n: 1 });
  });

  it('refuses a batch already under an open recall (CONFLICT), an unknown 批号 and a missing reason (VALIDATION)', async () => {
    const dup = await call(env.db, 'recall.create', { itemId, batchNo: 'RC-2603', reason: '再次', requestId: requestId() }, as('officer'));
    expect(!dup.ok && dup.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('已在召回中') });
    const unknown = await call(env.db, 'recall.create', { itemId, batchNo: 'NONE-1', reason: '测试', requestId: requestId() }, as('officer'));
    expect(!unknown.ok && unknown.error).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'batchNo' }] });
    const noReason = await call(env.db, 'recall.create', { itemId, batchNo: 'RC-2603', reason: ' ', requestId: requestId() }, as('officer'));
    expect(!noReason.ok && noReason.error).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'reason', message: '请填写召回原因' }] });
  });

  it('is all or nothing: when a return cannot be made, no batch is frozen and no document is left', async () => {
    const b = receiveForTest(env.db, { itemId, storeId: central, quantity: 40, supplierId: supplierA, batchNo: 'RC-2604' });
    moveStock(env.db, [{ itemId, batchId: b, fromLocationId: loc(central), toLocationId: loc(storeA), quantity: 10, changeType: '102' }]);
    // The member store is closed: createCentreReturn refuses it, so the whole recall is refused.
    env.db.$client.prepare('UPDATE stores SET active = 0 WHERE id = ?').run(storeA);
    const documents = (env.db.$client.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    try {
      const result = await call(env.db, 'recall.create', { itemId, batchNo: 'RC-2604', reason: '测试', requestId: requestId() }, as('officer'));
      expect(!result.ok && result.error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/^青石镇卫生院「.+」的召回退库单无法生成，召回未执行：.*已停用/) });
    } finally {
      env.db.$client.prepare('UPDATE stores SET active = 1 WHERE id = ?').run(storeA);
    }
    expect(env.db.$client.prepare('SELECT status FROM stock_batches WHERE id = ?').get(b)).toEqual({ status: 'normal' });
    expect((env.db.$client.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n).toBe(documents);
    expect(env.db.$client.prepare('SELECT reserved FROM stock_balances WHERE batch_id = ? AND location_id = ?').get(b, loc(storeA))).toEqual({ reserved: 0 });
  });

  it('a recalled batch is never issued again: 其他出库 refuses it, and FEFO allocation passes it by', async () => {
    const b = receiveForTest(env.db, { itemId, storeId: central, quantity: 48, supplierId: supplierA, batchNo: 'RC-2605', expiry: '2027-03-31' });
    const later = receiveForTest(env.db, { itemId, storeId: central, quantity: 48, supplierId: supplierA, batchNo: 'RC-2606', expiry: '2028-12-31' });
    await ok(env.db, 'recall.create', { itemId, batchNo: 'RC-2605', reason: '测试', requestId: requestId() }, as('officer'));
    const out = await call(env.db, 'stockAdjustment.create', { kind: 'other_out', storeId: central, reason: '测试', lines: [{ itemId, batchId: b, quantity: 1 }] }, as('keeper'));
    expect(!out.ok && out.error).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'lines.0.batchId', message: expect.stringContaining('已召回') }] });
    const { approvedRequisitionForTest } = await import('../support/distribution.js');
    const requisition = approvedRequisitionForTest(env.db, { unitId: unitB, storeId: storeB, lines: [{ itemId, quantity: 24 }] });
    const allocated = await call(env.db, 'shipment.allocate', { requisitionId: requisition.id }, as('keeper'));
    if (allocated.ok) {
      const lines = (allocated.output as { shipment: { lines: { batchNo: string }[] } }).shipment.lines;
      expect(lines.length).toBeGreaterThan(0);
      // FEFO would take RC-2605 (expiring first) were it not recalled; it takes only 正常 batches.
      const recalled = (env.db.$client.prepare("SELECT DISTINCT batch_no AS batchNo FROM stock_batches WHERE item_id = ? AND status = 'recalled'").all(itemId) as { batchNo: string }[]).map((r) => r.batchNo);
      expect(recalled).toContain('RC-2605');
      for (const line of lines) expect(recalled).not.toContain(line.batchNo);
    } else {
      // No other eligible stock would be a refusal; there is (RC-2606), so a refusal is a failure.
      expect(allocated.error).toBeUndefined();
    }
    expect(later).toBeGreaterThan(b);
  });
});

describe('recall.list, recall.get and recall.close', () => {
  it('lists recalls newest first with their state, paged', async () => {
    const list = await ok(env.db, 'recall.list', { page: 1, pageSize: 2 }, as('officer'));
    expect(list.total).toBeGreaterThanOrEqual(3);
    expect(list.recalls).toHaveLength(2);
    expect(list.recalls[0]!.id).toBeGreaterThan(list.recalls[1]!.id);
    const found = await ok(env.db, 'recall.list', { q: 'RC-2602' }, as('officer'));
    expect(found.recalls.map((r) => r.batchNo)).toEqual(['RC-2602']);
  });

  it('closes only when no member stock is left, or with a reason', async () => {
    const { recalls } = await ok(env.db, 'recall.list', { q: 'RC-2602' }, as('officer'));
    const id = recalls[0]!.id;
    const refused = await call(env.db, 'recall.close', { id, version: 1 }, as('officer'));
    expect(!refused.ok && refused.error).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'reason' }] });
    const closed = await ok(env.db, 'recall.close', { id, version: 1, reason: '成员单位已就地销毁' }, as('officer'));
    expect(closed.recall).toMatchObject({ state: 'closed', stateLabel: '已结束', version: 2 });
    expect(closed.recall.events.at(-1)).toMatchObject({ transition: 'close', reason: '成员单位已就地销毁' });
    // The batches stay recalled after the recall ends.
    expect(closed.recall.batches.every((b) => b.status === 'recalled')).toBe(true);
    const again = await call(env.db, 'recall.close', { id, version: 2, reason: 'x' }, as('officer'));
    expect(!again.ok && again.error.code).toBe('CONFLICT');
  });

  it('a recall with nothing left at members closes without a reason', async () => {
    receiveForTest(env.db, { itemId, storeId: central, quantity: 12, supplierId: supplierB, batchNo: 'RC-2607' });
    const { recall } = await ok(env.db, 'recall.create', { itemId, batchNo: 'RC-2607', reason: '测试', requestId: requestId() }, as('officer'));
    expect(recall.memberStockLeft).toBe(0);
    const closed = await ok(env.db, 'recall.close', { id: recall.id, version: 1 }, as('officer'));
    expect(closed.recall.state).toBe('closed');
  });
});

describe('a recall across the real distribution flow', () => {
  it('allocated by FEFO, shipped and signed for at a township, recalled, sent back and received: then it closes without a reason', async () => {
    const { approvedRequisitionForTest } = await import('../support/distribution.js');
    const batchId = receiveForTest(env.db, { itemId, storeId: central, quantity: 96, supplierId: supplierB, batchNo: 'RC-2701', expiry: '2028-01-31' });
    // Every other 正常 batch of the item is put on hold for this test, so FEFO has exactly this one to take.
    const held = (env.db.$client.prepare("SELECT id FROM stock_batches WHERE item_id = ? AND status = 'normal' AND id <> ?").all(itemId, batchId) as { id: number }[]).map((b) => b.id);
    const setStatus = env.db.$client.prepare('UPDATE stock_batches SET status = ? WHERE id = ?');
    for (const id of held) setStatus.run('on_hold', id);
    try {
      const requisition = approvedRequisitionForTest(env.db, { unitId: unitA, storeId: storeA, lines: [{ itemId, quantity: 36 }] });
      const { shipment } = await ok(env.db, 'shipment.allocate', { requisitionId: requisition.id }, as('keeper'));
      expect(shipment.lines.map((l) => [l.batchNo, l.quantity])).toEqual([['RC-2701', 36]]);
      await ok(env.db, 'shipment.ship', { id: shipment.id, requestId: requestId() }, as('keeper'));
      const onWay = await ok(env.db, 'recall.trace', { itemId, batchNo: 'RC-2701' }, as('officer'));
      expect(onWay.holders.map((h) => [h.kind, h.unitId, h.quantity])).toEqual([
        ['store', leadId, 60],
        ['transit', unitA, 36],
      ]);
      await ok(env.db, 'shipment.confirm', { id: shipment.id, requestId: requestId() }, as('member'));

      const { recall, documents } = await ok(env.db, 'recall.create', { itemId, batchNo: 'RC-2701', reason: '厂家召回', requestId: requestId() }, as('officer'));
      const back = documents.find((d) => d.kind === 'member_return')!;
      expect(back).toMatchObject({ storeId: storeA, quantity: 36, state: 'approved' });
      expect(recall.memberStockLeft).toBe(36);
      await ok(env.db, 'memberReturn.ship', { id: back.id, requestId: requestId() }, as('member'));
      // On its way back to the centre: no longer member stock.
      expect((await ok(env.db, 'recall.get', { id: recall.id }, as('officer'))).recall.memberStockLeft).toBe(0);
      await ok(env.db, 'shipment.confirm', { id: back.id, requestId: requestId() }, as('keeper'));
      const got = await ok(env.db, 'recall.get', { id: recall.id }, as('officer'));
      expect(got.recall.documents.find((d) => d.id === back.id)).toMatchObject({ state: 'received', stateLabel: '已签收' });
      expect(got.trace.holders.map((h) => [h.storeId, h.quantity, h.batchStatus])).toEqual([[central, 96, 'recalled']]);
      const closed = await ok(env.db, 'recall.close', { id: recall.id, version: got.recall.version }, as('officer'));
      expect(closed.recall.state).toBe('closed');
    } finally {
      for (const id of held) setStatus.run('normal', id);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemFieldsInput, OpInput } from '../../core/api/index.js';
import { call, initialised, ok, userWithSession } from '../support/db.js';
import { balanceOf, receiveForTest } from '../support/adjustments.js';
import { supplierInput } from '../support/suppliers.js';

const env = await initialised();
afterAll(() => env.dispose());

const tokens: Record<string, string> = {};
const as = (who: string) => ({ sessionToken: tokens[who]! });
let centralStore = 0;
let ownStore = 0;
let otherStore = 0;
let itemId = 0;
let supplierA = 0;
let supplierB = 0;
let seq = 0;
const requestId = () => `req-${Date.now()}-${++seq}`;

const ITEM: ItemFieldsInput = {
  genericName: '阿莫西林胶囊',
  spec: '0.25g',
  manufacturer: '华北制药股份有限公司',
  approvalNo: '国药准字H13023964',
  category: 'western',
  baseUnit: '粒',
  packs: [{ unit: '盒', factor: 24 }],
  purchaseUnit: '盒',
  issueUnit: '盒',
  levels: { county: true, township: true, village: false },
};

beforeAll(async () => {
  const admin = { sessionToken: env.admin };
  const leadId = (await ok(env.db, 'unit.list', {}, admin)).units[0]!.id;
  centralStore = (await ok(env.db, 'store.list', { unitId: leadId }, admin)).stores[0]!.id;
  const ownUnit = (await ok(env.db, 'unit.create', { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' }, admin)).unit.id;
  const otherUnit = (await ok(env.db, 'unit.create', { code: 'WS02', name: '白沙镇卫生院', kind: 'township_hospital' }, admin)).unit.id;
  ownStore = (await ok(env.db, 'store.list', { unitId: ownUnit }, admin)).stores[0]!.id;
  otherStore = (await ok(env.db, 'store.list', { unitId: otherUnit }, admin)).stores[0]!.id;
  const users = [
    ['officer', 'pharmacy_officer', leadId],
    ['officer2', 'pharmacy_officer', leadId],
    ['keeper', 'storekeeper', leadId],
    ['member', 'member_pharmacist', ownUnit],
    ['auditor', 'auditor', leadId],
  ] as const;
  for (const [username, role, unitId] of users) tokens[username] = (await userWithSession(env.db, env.admin, { username, displayName: username, role, unitId })).token;
  const { request } = await ok(env.db, 'changeRequest.propose', { kind: 'add', item: ITEM, reason: '测试' }, as('officer'));
  itemId = (await ok(env.db, 'changeRequest.decide', { id: request.id, approve: true, resolutionNo: 'R1', resolutionDate: '2026-03-01' }, as('officer'))).request.itemId!;
  supplierA = (await ok(env.db, 'supplier.create', supplierInput(11), as('officer'))).supplier.id;
  supplierB = (await ok(env.db, 'supplier.create', supplierInput(12), as('officer'))).supplier.id;
});

const moves = (documentId: number) =>
  env.db.$client
    .prepare('SELECT change_type AS changeType, from_location_id AS fromId, to_location_id AS toId, quantity, batch_id AS batchId FROM stock_moves WHERE document_id = ? ORDER BY id')
    .all(documentId) as { changeType: string; fromId: number | null; toId: number | null; quantity: number; batchId: number }[];
const locationOf = (storeId: number) => (env.db.$client.prepare('SELECT id FROM stock_locations WHERE store_id = ?').get(storeId) as { id: number }).id;
const count = (table: string) => (env.db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

function create(input: OpInput<'stockAdjustment.create'>, who = 'keeper') {
  return ok(env.db, 'stockAdjustment.create', input, as(who));
}

describe('each kind posts its moves through the ledger', () => {
  it('退货 (109): store → outside, to the supplier the batch came from', async () => {
    const batchId = receiveForTest(env.db, { itemId, storeId: centralStore, quantity: 100, supplierId: supplierA, batchNo: 'TH-1' });
    const { adjustment } = await create({ kind: 'return', storeId: centralStore, reason: '包装破损退货', lines: [{ itemId, batchId, quantity: 30 }] });
    expect(adjustment).toMatchObject({ number: expect.stringMatching(/^TH\d{4}-\d{6}$/), state: 'draft', supplierId: supplierA, supplierName: '清源医药有限公司11' });
    expect(adjustment.lines[0]).toMatchObject({ batchNo: 'TH-1', costMicro: 12_000_000, costPackFactor: 24, amountMicro: 15_000_000 });
    const posted = await ok(env.db, 'stockAdjustment.post', { id: adjustment.id, version: 1, requestId: requestId() }, as('keeper'));
    expect(posted.adjustment).toMatchObject({ state: 'posted', stateLabel: '已退货', posted: true, version: 2 });
    expect(moves(adjustment.id)).toEqual([{ changeType: '109', fromId: locationOf(centralStore), toId: null, quantity: 30, batchId }]);
    expect(balanceOf(env.db, batchId, centralStore)).toBe(70);
  });

  it('退货 to another supplier than the batch came from is refused on the line', async () => {
    const batchId = receiveForTest(env.db, { itemId, storeId: centralStore, quantity: 10, supplierId: supplierA, batchNo: 'TH-2' });
    const result = await call(env.db, 'stockAdjustment.create', { kind: 'return', storeId: centralStore, supplierId: supplierB, reason: '退货', lines: [{ itemId, batchId, quantity: 1 }] }, as('keeper'));
    expect(!result.ok && result.error.code).toBe('VALIDATION');
    expect(!result.ok && result.error.fields?.[0]?.path).toBe('lines.0.batchId');
    expect(!result.ok && result.error.message).toContain('退货须退回原供应商');
  });

  it('报损 (105) and 其他出库 (107): store → outside; 其他入库 (106): outside → store, with a new batch', async () => {
    const batchId = receiveForTest(env.db, { itemId, storeId: centralStore, quantity: 50, supplierId: supplierA, batchNo: 'BS-1' });
    const loss = (await create({ kind: 'loss', storeId: centralStore, reason: '过期销毁', lines: [{ itemId, batchId, quantity: 5 }] })).adjustment;
    await ok(env.db, 'stockAdjustment.submit', { id: loss.id, version: 1 }, as('keeper'));
    await ok(env.db, 'stockAdjustment.approve', { id: loss.id, version: 2, requestId: requestId() }, as('officer'));
    expect(moves(loss.id)).toEqual([{ changeType: '105', fromId: locationOf(centralStore), toId: null, quantity: 5, batchId }]);

    const out = (await create({ kind: 'other_out', storeId: centralStore, reason: '科室借用', lines: [{ itemId, batchId, quantity: 7 }] })).adjustment;
    await ok(env.db, 'stockAdjustment.post', { id: out.id, version: 1, requestId: requestId() }, as('keeper'));
    expect(moves(out.id)).toEqual([{ changeType: '107', fromId: locationOf(centralStore), toId: null, quantity: 7, batchId }]);
    expect(balanceOf(env.db, batchId, centralStore)).toBe(38);

    const inward = (
      await create({
        kind: 'other_in',
        storeId: centralStore,
        reason: '捐赠入库',
        lines: [{ itemId, batchNo: 'QT-NEW', expiry: '有效期至2027年09月', costMicro: 24_000_000, quantity: 48 }],
      })
    ).adjustment;
    expect(inward.lines[0]).toMatchObject({ batchId: null, batchNo: 'QT-NEW', expiry: '2027-09-30', costUnit: '盒', costPackFactor: 24, amountMicro: 48_000_000 });
    const posted = (await ok(env.db, 'stockAdjustment.post', { id: inward.id, version: 1, requestId: requestId() }, as('keeper'))).adjustment;
    const newBatch = posted.lines[0]!.batchId!;
    expect(newBatch).toEqual(expect.any(Number));
    expect(moves(inward.id)).toEqual([{ changeType: '106', fromId: null, toId: locationOf(centralStore), quantity: 48, batchId: newBatch }]);
    expect(env.db.$client.prepare('SELECT batch_no AS batchNo, expiry, cost_micro AS cost, supplier_id AS supplierId FROM stock_batches WHERE id = ?').get(newBatch)).toEqual({
      batchNo: 'QT-NEW',
      expiry: '2027-09-30',
      cost: 24_000_000,
      supplierId: null,
    });
    expect(balanceOf(env.db, newBatch, centralStore)).toBe(48);
  });

  it('其他入库 of a new batch needs 批号, a readable 有效期 and a cost, each on its field', async () => {
    const result = await call(env.db, 'stockAdjustment.create', { kind: 'other_in', storeId: centralStore, reason: '入库', lines: [{ itemId, expiry: '2027-13', quantity: 1 }] }, as('keeper'));
    expect(!result.ok && result.error.fields?.map((f) => f.path)).toEqual(['lines.0.batchNo', 'lines.0.expiry', 'lines.0.costMicro']);
  });

  it('其他出库 refuses a recalled batch; 退货 and 报损 take it', async () => {
    const batchId = receiveForTest(env.db, { itemId, storeId: centralStore, quantity: 20, supplierId: supplierA, batchNo: 'RC-1', status: 'recalled' });
    const out = await call(env.db, 'stockAdjustment.create', { kind: 'other_out', storeId: centralStore, reason: '出库', lines: [{ itemId, batchId, quantity: 1 }] }, as('keeper'));
    expect(!out.ok && out.error.fields?.[0]).toMatchObject({ path: 'lines.0.batchId', message: expect.stringContaining('已召回') });
    const back = await create({ kind: 'return', storeId: centralStore, reason: '召回退货', lines: [{ itemId, batchId, quantity: 20 }] });
    await ok(env.db, 'stockAdjustment.post', { id: back.adjustment.id, version: 1, requestId: requestId() }, as('keeper'));
    expect(balanceOf(env.db, batchId, centralStore)).toBe(0);
  });
});

describe('报损 needs a second person', () => {
  it('the creator or submitter cannot approve; another officer can; a rejection sends it back for revision', async () => {
    const batchId = receiveForTest(env.db, { itemId, storeId: ownStore, quantity: 10, supplierId: supplierA, batchNo: 'BS-2' });
    const loss = (await create({ kind: 'loss', storeId: ownStore, reason: '破损', lines: [{ itemId, batchId, quantity: 2 }] }, 'member')).adjustment;
    expect(loss.number).toMatch(/^BS/);
    const direct = await call(env.db, 'stockAdjustment.post', { id: loss.id, version: 1, requestId: requestId() }, as('member'));
    expect(!direct.ok && direct.error.code).toBe('CONFLICT');
    expect(!direct.ok && direct.error.message).toContain('报损单须提交审批');
    await ok(env.db, 'stockAdjustment.submit', { id: loss.id, version: 1 }, as('member'));
    const rejected = await ok(env.db, 'stockAdjustment.reject', { id: loss.id, version: 2, reason: '数量不对' }, as('officer'));
    expect(rejected.adjustment).toMatchObject({ state: 'rejected', stateLabel: '已驳回' });
    await ok(env.db, 'stockAdjustment.update', { id: loss.id, version: 3, reason: '破损', lines: [{ itemId, batchId, quantity: 3 }] }, as('member'));
    await ok(env.db, 'stockAdjustment.submit', { id: loss.id, version: 4 }, as('member'));
    // The member pharmacist who drafted and submitted it cannot approve it (nor holds stock.approve).
    const self = await call(env.db, 'stockAdjustment.approve', { id: loss.id, version: 5, requestId: requestId() }, as('member'));
    expect(!self.ok && self.error.code).toBe('FORBIDDEN');
    const approved = await ok(env.db, 'stockAdjustment.approve', { id: loss.id, version: 5, requestId: requestId(), reason: '同意' }, as('officer2'));
    expect(approved.adjustment).toMatchObject({ state: 'posted', stateLabel: '已审批' });
    expect(approved.adjustment.events.map((e) => e.transition)).toEqual(['create', 'submit', 'reject', 'edit', 'submit', 'approve']);
    expect(balanceOf(env.db, batchId, ownStore)).toBe(7);
  });

  it('whoever created and submitted a loss cannot approve it, even holding every permission (FORBIDDEN with the reason)', async () => {
    const batchId = receiveForTest(env.db, { itemId, storeId: centralStore, quantity: 10, supplierId: supplierA, batchNo: 'BS-3' });
    const system = { system: (await import('../../core/system-actor.js')).systemActor('cli') };
    const created = await executeAs(system, { kind: 'loss', storeId: centralStore, reason: '破损', lines: [{ itemId, batchId, quantity: 1 }] });
    await ok(env.db, 'stockAdjustment.submit', { id: created, version: 1 }, system);
    const result = await call(env.db, 'stockAdjustment.approve', { id: created, version: 2, requestId: requestId() }, system);
    expect(!result.ok && result.error.code).toBe('FORBIDDEN');
    expect(!result.ok && result.error.message).toContain('须由编制人、提交人以外的第二人审批');
    expect(moves(created)).toEqual([]);
  });
});

async function executeAs(options: Parameters<typeof ok>[3], input: OpInput<'stockAdjustment.create'>): Promise<number> {
  return (await ok(env.db, 'stockAdjustment.create', input, options)).adjustment.id;
}

describe('posting is safe', () => {
  it('the same requestId twice posts once and answers the first result', async () => {
    const batchId = receiveForTest(env.db, { itemId, storeId: centralStore, quantity: 10, supplierId: supplierA, batchNo: 'RQ-1' });
    const { adjustment } = await create({ kind: 'other_out', storeId: centralStore, reason: '出库', lines: [{ itemId, batchId, quantity: 4 }] });
    const id = requestId();
    const first = await ok(env.db, 'stockAdjustment.post', { id: adjustment.id, version: 1, requestId: id }, as('keeper'));
    const second = await ok(env.db, 'stockAdjustment.post', { id: adjustment.id, version: 1, requestId: id }, as('keeper'));
    expect(second).toEqual(first);
    expect(moves(adjustment.id)).toHaveLength(1);
    // A new request to post it again: the state answers, not the stock.
    const again = await call(env.db, 'stockAdjustment.post', { id: adjustment.id, version: 2, requestId: requestId() }, as('keeper'));
    expect(!again.ok && again.error.code).toBe('CONFLICT');
    expect(!again.ok && again.error.message).toContain('当前为「已过账」');
    expect(balanceOf(env.db, batchId, centralStore)).toBe(6);
  });

  it('a return over the quantity on hand is refused on the line and leaves nothing behind', async () => {
    const batchId = receiveForTest(env.db, { itemId, storeId: centralStore, quantity: 5, supplierId: supplierA, batchNo: 'OV-1' });
    const before = { documents: count('documents'), audit: count('audit_log'), moves: count('stock_moves') };
    const refused = await call(env.db, 'stockAdjustment.create', { kind: 'return', storeId: centralStore, reason: '退货', lines: [{ itemId, batchId, quantity: 6 }] }, as('keeper'));
    expect(!refused.ok && refused.error.fields?.[0]?.path).toBe('lines.0.quantity');
    expect(!refused.ok && refused.error.message).toContain('库存不足');
    expect({ documents: count('documents'), audit: count('audit_log'), moves: count('stock_moves') }).toEqual(before);

    // Saved while the stock was there; posted after it has gone: refused by the ledger on the line, nothing written.
    const draft = (await create({ kind: 'return', storeId: centralStore, reason: '退货', lines: [{ itemId, batchId, quantity: 5 }] })).adjustment;
    const other = (await create({ kind: 'other_out', storeId: centralStore, reason: '出库', lines: [{ itemId, batchId, quantity: 2 }] })).adjustment;
    await ok(env.db, 'stockAdjustment.post', { id: other.id, version: 1, requestId: requestId() }, as('keeper'));
    const late = await call(env.db, 'stockAdjustment.post', { id: draft.id, version: 1, requestId: requestId() }, as('keeper'));
    expect(!late.ok && late.error.code).toBe('VALIDATION');
    expect(!late.ok && late.error.fields?.[0]?.path).toBe('lines.0.quantity');
    expect(moves(draft.id)).toEqual([]);
    expect((await ok(env.db, 'stockAdjustment.get', { id: draft.id }, as('keeper'))).adjustment).toMatchObject({ state: 'draft', version: 1 });
    expect(balanceOf(env.db, batchId, centralStore)).toBe(3);
  });

  it('a draft nobody will post is voided: kept with its number, moving nothing, and cannot be posted', async () => {
    const batchId = receiveForTest(env.db, { itemId, storeId: centralStore, quantity: 5, supplierId: supplierA, batchNo: 'VD-1' });
    const { adjustment } = await create({ kind: 'return', storeId: centralStore, reason: '退货', lines: [{ itemId, batchId, quantity: 2 }] });
    const voided = await ok(env.db, 'stockAdjustment.void', { id: adjustment.id, version: 1, reason: '录错了' }, as('keeper'));
    expect(voided.adjustment).toMatchObject({ state: 'voided', stateLabel: '已作废', posted: true });
    const post = await call(env.db, 'stockAdjustment.post', { id: adjustment.id, version: 2, requestId: requestId() }, as('keeper'));
    expect(!post.ok && post.error.code).toBe('CONFLICT');
    expect(moves(adjustment.id)).toEqual([]);
    expect(balanceOf(env.db, batchId, centralStore)).toBe(5);
  });

  it('a stale version is a CONFLICT', async () => {
    const batchId = receiveForTest(env.db, { itemId, storeId: centralStore, quantity: 5, supplierId: supplierA, batchNo: 'VS-1' });
    const { adjustment } = await create({ kind: 'other_out', storeId: centralStore, reason: '出库', lines: [{ itemId, batchId, quantity: 1 }] });
    await ok(env.db, 'stockAdjustment.update', { id: adjustment.id, version: 1, reason: '出库（改）', lines: [{ itemId, batchId, quantity: 2 }] }, as('keeper'));
    const stale = await call(env.db, 'stockAdjustment.post', { id: adjustment.id, version: 1, requestId: requestId() }, as('keeper'));
    expect(!stale.ok && stale.error.code).toBe('CONFLICT');
    expect(!stale.ok && stale.error.fields?.[0]?.path).toBe('version');
  });

  it('冲销 restores the balances with a linked reversal document; a posted document cannot be edited', async () => {
    const batchId = receiveForTest(env.db, { itemId, storeId: centralStore, quantity: 40, supplierId: supplierA, batchNo: 'RV-1' });
    const { adjustment } = await create({ kind: 'return', storeId: centralStore, reason: '退货', lines: [{ itemId, batchId, quantity: 15 }] });
    await ok(env.db, 'stockAdjustment.post', { id: adjustment.id, version: 1, requestId: requestId() }, as('keeper'));
    expect(balanceOf(env.db, batchId, centralStore)).toBe(25);
    const edit = await call(env.db, 'stockAdjustment.update', { id: adjustment.id, version: 2, reason: 'x', lines: [{ itemId, batchId, quantity: 1 }] }, as('keeper'));
    expect(!edit.ok && edit.error.code).toBe('CONFLICT');
    const noReason = await call(env.db, 'stockAdjustment.reverse', { id: adjustment.id, version: 2, requestId: requestId(), reason: ' ' }, as('keeper'));
    expect(!noReason.ok && noReason.error.fields?.[0]?.path).toBe('reason');
    const { adjustment: original, reversal } = await ok(env.db, 'stockAdjustment.reverse', { id: adjustment.id, version: 2, requestId: requestId(), reason: '供应商拒收' }, as('keeper'));
    expect(original).toMatchObject({ state: 'reversed', reversedById: reversal.id });
    expect(reversal).toMatchObject({ state: 'reversal', reversesId: adjustment.id, posted: true, supplierId: supplierA, kind: 'return' });
    expect(moves(reversal.id)).toEqual([{ changeType: '109', fromId: locationOf(centralStore), toId: null, quantity: -15, batchId }]);
    expect(balanceOf(env.db, batchId, centralStore)).toBe(40);
    expect(() => env.db.$client.prepare('UPDATE stock_adjustments SET reason = ? WHERE document_id = ?').run('改', adjustment.id)).toThrow(/posted/);
  });
});

describe('scope and permissions', () => {
  it("a member pharmacist adjusts only their own unit's stores", async () => {
    const theirs = receiveForTest(env.db, { itemId, storeId: otherStore, quantity: 10, supplierId: supplierA, batchNo: 'SC-1' });
    const refused = await call(env.db, 'stockAdjustment.create', { kind: 'loss', storeId: otherStore, reason: '破损', lines: [{ itemId, batchId: theirs, quantity: 1 }] }, as('member'));
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');
    const otherDoc = (await create({ kind: 'loss', storeId: otherStore, reason: '破损', lines: [{ itemId, batchId: theirs, quantity: 1 }] })).adjustment;
    const get = await call(env.db, 'stockAdjustment.get', { id: otherDoc.id }, as('member'));
    expect(!get.ok && get.error.code).toBe('FORBIDDEN');
    const submit = await call(env.db, 'stockAdjustment.submit', { id: otherDoc.id, version: 1 }, as('member'));
    expect(!submit.ok && submit.error.code).toBe('FORBIDDEN');
    const batches = await call(env.db, 'stockAdjustment.batches', { storeId: otherStore }, as('member'));
    expect(!batches.ok && batches.error.code).toBe('FORBIDDEN');
    // Another unit's batch named in the own store has no stock there.
    const borrowed = await call(env.db, 'stockAdjustment.create', { kind: 'loss', storeId: ownStore, reason: '破损', lines: [{ itemId, batchId: theirs, quantity: 1 }] }, as('member'));
    expect(!borrowed.ok && borrowed.error.fields?.[0]?.path).toBe('lines.0.batchId');
    const listed = await ok(env.db, 'stockAdjustment.list', {}, as('member'));
    expect(listed.adjustments.length).toBeGreaterThan(0);
    expect(listed.adjustments.every((a) => a.storeId === ownStore)).toBe(true);
    const own = await ok(env.db, 'stockAdjustment.batches', { storeId: ownStore }, as('member'));
    expect(own.batches.every((b) => b.storeId === ownStore && b.quantity > 0)).toBe(true);
  });

  it('an auditor reads but changes nothing', async () => {
    expect((await ok(env.db, 'stockAdjustment.list', { kind: 'return' }, as('auditor'))).adjustments.every((a) => a.kind === 'return')).toBe(true);
    const result = await call(env.db, 'stockAdjustment.create', { kind: 'other_in', storeId: centralStore, reason: 'x', lines: [{ itemId, batchNo: 'A', expiry: '2027-01', costMicro: 1, quantity: 1 }] }, as('auditor'));
    expect(!result.ok && result.error.code).toBe('FORBIDDEN');
  });
});

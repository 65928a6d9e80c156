import { afterAll, describe, expect, it } from 'vitest';
import { lineAmountMicro } from '../../core/api/money.js';
import { verifyStock } from '../../core/stock/verify.js';
import { balanceOf } from '../support/adjustments.js';
import { ok } from '../support/db.js';
import { moveStock, receive } from '../support/stock.js';
import { locationOf, memberStockCommunity } from './member-stock-support.js';

/** 盘点单: a snapshot of book quantities, counts entered while the store keeps moving, differences posted against the snapshot. */
const c = await memberStockCommunity();
afterAll(() => c.env.dispose());

let n = 0;
const batchNo = () => `PD${++n}`;
const issue = (storeId: number, itemId: number, batchId: number, quantity: number) =>
  moveStock(c.db, [{ itemId, batchId, fromLocationId: locationOf(c.db, storeId), toLocationId: null, quantity, changeType: '107' }]);
const movesOf = (documentId: number) =>
  c.db.$client.prepare('SELECT change_type AS changeType, from_location_id AS fromId, to_location_id AS toId, quantity, batch_id AS batchId FROM stock_moves WHERE document_id = ? ORDER BY id').all(documentId);
/** A fresh store of the own unit, so each test sees only its own stock. */
async function storeOfOwnUnit(): Promise<number> {
  return (await ok(c.db, 'store.create', { unitId: c.ownUnit, code: `S${++n}`, name: `药房${n}` }, { sessionToken: c.env.admin })).store.id;
}

describe('the snapshot', () => {
  it('lists every batch with stock in the store at that moment, with its book quantity and the newest move id', async () => {
    const storeId = await storeOfOwnUnit();
    const a = receive(c.db, { itemId: c.amoxicillin, storeId, quantity: 100, batchNo: batchNo(), expiry: '2027-03-31' }).batchId;
    const b = receive(c.db, { itemId: c.ibuprofen, storeId, quantity: 40, batchNo: batchNo() }).batchId;
    const emptied = receive(c.db, { itemId: c.amoxicillin, storeId, quantity: 5, batchNo: batchNo() }).batchId;
    issue(storeId, c.amoxicillin, emptied, 5);
    const newest = (c.db.$client.prepare('SELECT MAX(id) AS id FROM stock_moves').get() as { id: number }).id;
    const { stocktake } = await c.ok('stocktake.create', { storeId, note: '月末盘点' });
    expect(stocktake).toMatchObject({ number: expect.stringMatching(/^PD\d{4}-\d{6}$/), state: 'counting', stateLabel: '盘点中', snapshotMoveId: newest, lineCount: 2, countedCount: 0, unitId: c.ownUnit });
    expect(stocktake.lines.map((l) => [l.batchId, l.bookQuantity, l.countedQuantity])).toEqual(
      expect.arrayContaining([
        [a, 100, null],
        [b, 40, null],
      ]),
    );
    // The store is not blocked: a move during the count goes through, and the book quantity stays the snapshot's.
    issue(storeId, c.amoxicillin, a, 10);
    const { stocktake: again } = await c.ok('stocktake.get', { id: stocktake.id });
    expect(again.lines.find((l) => l.batchId === a)).toMatchObject({ bookQuantity: 100, movedSinceSnapshot: -10, currentQuantity: 90 });
  });

  it('of one category only', async () => {
    const storeId = await storeOfOwnUnit();
    receive(c.db, { itemId: c.amoxicillin, storeId, quantity: 10, batchNo: batchNo() });
    const b = receive(c.db, { itemId: c.ibuprofen, storeId, quantity: 20, batchNo: batchNo() }).batchId;
    const { stocktake } = await c.ok('stocktake.create', { storeId, category: 'chinese_patent' });
    expect(stocktake.lines.map((l) => l.batchId)).toEqual([b]);
    expect(stocktake.categoryLabel).toBe('中成药');
  });

  it('refuses a store with nothing to count', async () => {
    const storeId = await storeOfOwnUnit();
    const result = await c.call('stocktake.create', { storeId });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'storeId' }] });
  });
});

describe('posting reconciles against the snapshot', () => {
  it('10 issued while counting, book 100, counted 98: the store ends at 88 (a 104 盘损 of 2)', async () => {
    const storeId = await storeOfOwnUnit();
    const a = receive(c.db, { itemId: c.amoxicillin, storeId, quantity: 100, batchNo: batchNo() }).batchId;
    const { stocktake } = await c.ok('stocktake.create', { storeId });
    issue(storeId, c.amoxicillin, a, 10);
    const line = stocktake.lines[0]!;
    const counted = await c.ok('stocktake.count', { id: stocktake.id, version: 1, lines: [{ id: line.id, countedQuantity: 98, reason: '破损未报' }] });
    expect(counted.stocktake).toMatchObject({ version: 2, countedCount: 1, differenceCount: 1, lossQuantity: 2 });
    expect(counted.stocktake.lines[0]).toMatchObject({ difference: -2, differenceMicro: -lineAmountMicro(2, { priceMicro: 12_500_000, packFactor: 24 }) });
    const { stocktake: posted } = await c.ok('stocktake.post', { id: stocktake.id, version: 2, requestId: c.requestId() });
    expect(posted).toMatchObject({ state: 'posted', stateLabel: '已过账', posted: true, version: 3 });
    expect(balanceOf(c.db, a, storeId)).toBe(88);
    expect(movesOf(stocktake.id)).toEqual([{ changeType: '104', fromId: locationOf(c.db, storeId), toId: null, quantity: 2, batchId: a }]);
    expect(verifyStock(c.db.$client).ok).toBe(true);
  });

  it('a gain is a 103 盘盈 into the store, whatever was received meanwhile', async () => {
    const storeId = await storeOfOwnUnit();
    const a = receive(c.db, { itemId: c.ibuprofen, storeId, quantity: 50, batchNo: 'GAIN-1' }).batchId;
    const { stocktake } = await c.ok('stocktake.create', { storeId });
    receive(c.db, { itemId: c.ibuprofen, storeId, quantity: 20, batchNo: 'GAIN-1' });
    await c.ok('stocktake.count', { id: stocktake.id, version: 1, lines: [{ id: stocktake.lines[0]!.id, countedQuantity: 53, reason: '上月漏记退回' }] });
    await c.ok('stocktake.post', { id: stocktake.id, version: 2, requestId: c.requestId() });
    expect(balanceOf(c.db, a, storeId)).toBe(73);
    expect(movesOf(stocktake.id)).toEqual([{ changeType: '103', fromId: null, toId: locationOf(c.db, storeId), quantity: 3, batchId: a }]);
  });

  it('refuses uncounted lines, each on its path, unless they are taken as book explicitly', async () => {
    const storeId = await storeOfOwnUnit();
    receive(c.db, { itemId: c.amoxicillin, storeId, quantity: 10, batchNo: batchNo() });
    receive(c.db, { itemId: c.amoxicillin, storeId, quantity: 11, batchNo: batchNo() });
    receive(c.db, { itemId: c.ibuprofen, storeId, quantity: 12, batchNo: batchNo() });
    const { stocktake } = await c.ok('stocktake.create', { storeId });
    const second = stocktake.lines[1]!;
    await c.ok('stocktake.count', { id: stocktake.id, version: 1, lines: [{ id: second.id, countedQuantity: second.bookQuantity, reason: '' }] });
    const refused = await c.call('stocktake.post', { id: stocktake.id, version: 2, requestId: c.requestId() });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('VALIDATION');
      expect(refused.error.fields?.map((f) => f.path)).toEqual(['lines.0.countedQuantity', 'lines.2.countedQuantity']);
      expect(refused.error.fields?.[0]?.message).toMatch(/第 1 行 .* 尚未盘点/);
    }
    const { stocktake: posted } = await c.ok('stocktake.post', { id: stocktake.id, version: 2, requestId: c.requestId(), uncountedAsBook: true });
    expect(posted.state).toBe('posted');
    expect(posted.lines.every((l) => l.countedQuantity === l.bookQuantity)).toBe(true);
    expect(movesOf(stocktake.id)).toEqual([]);
  });

  it('needs a reason for every difference', async () => {
    const storeId = await storeOfOwnUnit();
    receive(c.db, { itemId: c.amoxicillin, storeId, quantity: 10, batchNo: batchNo() });
    const { stocktake } = await c.ok('stocktake.create', { storeId });
    await c.ok('stocktake.count', { id: stocktake.id, version: 1, lines: [{ id: stocktake.lines[0]!.id, countedQuantity: 9, reason: '' }] });
    const refused = await c.call('stocktake.post', { id: stocktake.id, version: 2, requestId: c.requestId() });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.fields).toEqual([{ path: 'lines.0.reason', message: expect.stringContaining('请填写差异原因') }]);
  });

  it('refuses a loss the current balance cannot give, naming the line', async () => {
    const storeId = await storeOfOwnUnit();
    const a = receive(c.db, { itemId: c.amoxicillin, storeId, quantity: 10, batchNo: 'SHORT-1' }).batchId;
    const { stocktake } = await c.ok('stocktake.create', { storeId });
    issue(storeId, c.amoxicillin, a, 10);
    await c.ok('stocktake.count', { id: stocktake.id, version: 1, lines: [{ id: stocktake.lines[0]!.id, countedQuantity: 5, reason: '丢失' }] });
    const refused = await c.call('stocktake.post', { id: stocktake.id, version: 2, requestId: c.requestId() });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.fields?.[0]).toMatchObject({ path: 'lines.0.countedQuantity', message: expect.stringMatching(/第 1 行 .*SHORT-1 盘损 5 粒，但当前账面 0 粒/) });
    }
    expect(balanceOf(c.db, a, storeId)).toBe(0);
    expect((await c.ok('stocktake.get', { id: stocktake.id })).stocktake.state).toBe('counting');
  });

  it('a repeated post with the same request id answers the first result and moves nothing more', async () => {
    const storeId = await storeOfOwnUnit();
    const a = receive(c.db, { itemId: c.amoxicillin, storeId, quantity: 10, batchNo: batchNo() }).batchId;
    const { stocktake } = await c.ok('stocktake.create', { storeId });
    await c.ok('stocktake.count', { id: stocktake.id, version: 1, lines: [{ id: stocktake.lines[0]!.id, countedQuantity: 7, reason: '过期销毁未记' }] });
    const requestId = c.requestId();
    const first = await c.ok('stocktake.post', { id: stocktake.id, version: 2, requestId });
    const again = await c.ok('stocktake.post', { id: stocktake.id, version: 2, requestId });
    expect(again).toEqual(first);
    expect(balanceOf(c.db, a, storeId)).toBe(7);
    const stale = await c.call('stocktake.post', { id: stocktake.id, version: 2, requestId: c.requestId() });
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.error.code).toBe('CONFLICT');
  });
});

describe('addLine: a batch found that is not on the sheet', () => {
  it('received after the snapshot: book 0 at the snapshot, so counting what arrived is no difference', async () => {
    const storeId = await storeOfOwnUnit();
    receive(c.db, { itemId: c.amoxicillin, storeId, quantity: 10, batchNo: batchNo() });
    const { stocktake } = await c.ok('stocktake.create', { storeId });
    const late = receive(c.db, { itemId: c.amoxicillin, storeId, quantity: 6, batchNo: 'LATE-1' }).batchId;
    const { stocktake: added } = await c.ok('stocktake.addLine', { id: stocktake.id, version: 1, batchId: late });
    expect(added.version).toBe(2);
    expect(added.lines.at(-1)).toMatchObject({ lineNo: 2, batchId: late, bookQuantity: 0, movedSinceSnapshot: 6, currentQuantity: 6 });
    // A count is of the shelf as at the snapshot (the grid shows the moves since): the late batch was not there.
    await c.ok('stocktake.count', {
      id: stocktake.id,
      version: 2,
      lines: [
        { id: added.lines.at(-1)!.id, countedQuantity: 0, reason: '' },
        { id: added.lines[0]!.id, countedQuantity: 10, reason: '' },
      ],
    });
    await c.ok('stocktake.post', { id: stocktake.id, version: 3, requestId: c.requestId() });
    expect(balanceOf(c.db, late, storeId)).toBe(6);
  });

  it('outside the sheet’s category but in stock: its balance at the snapshot is current − the moves since', async () => {
    const storeId = await storeOfOwnUnit();
    const a = receive(c.db, { itemId: c.amoxicillin, storeId, quantity: 30, batchNo: batchNo() }).batchId;
    receive(c.db, { itemId: c.ibuprofen, storeId, quantity: 8, batchNo: batchNo() });
    const { stocktake } = await c.ok('stocktake.create', { storeId, category: 'chinese_patent' });
    issue(storeId, c.amoxicillin, a, 4);
    const { stocktake: added } = await c.ok('stocktake.addLine', { id: stocktake.id, version: 1, batchId: a, countedQuantity: 29, reason: '多发' });
    expect(added.lines.at(-1)).toMatchObject({ batchId: a, bookQuantity: 30, countedQuantity: 29, difference: -1, currentQuantity: 26 });
    const twice = await c.call('stocktake.addLine', { id: stocktake.id, version: 2, batchId: a });
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.error.fields?.[0]?.path).toBe('batchId');
    await c.ok('stocktake.post', { id: stocktake.id, version: 2, requestId: c.requestId(), uncountedAsBook: true });
    expect(balanceOf(c.db, a, storeId)).toBe(25);
  });
});

describe('counting', () => {
  it('refuses a line of another sheet, and a stale version', async () => {
    const storeId = await storeOfOwnUnit();
    receive(c.db, { itemId: c.amoxicillin, storeId, quantity: 10, batchNo: batchNo() });
    const { stocktake: one } = await c.ok('stocktake.create', { storeId });
    const { stocktake: two } = await c.ok('stocktake.create', { storeId });
    const foreign = await c.call('stocktake.count', { id: one.id, version: 1, lines: [{ id: two.lines[0]!.id, countedQuantity: 1, reason: '' }] });
    expect(foreign.ok).toBe(false);
    if (!foreign.ok) expect(foreign.error.fields?.[0]?.path).toBe('lines.0.id');
    await c.ok('stocktake.count', { id: one.id, version: 1, lines: [{ id: one.lines[0]!.id, countedQuantity: 10, reason: '' }] });
    const stale = await c.call('stocktake.count', { id: one.id, version: 1, lines: [{ id: one.lines[0]!.id, countedQuantity: 9, reason: '' }] });
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.error).toMatchObject({ code: 'CONFLICT', fields: [{ path: 'version' }] });
    const negative = await c.call('stocktake.count', { id: one.id, version: 2, lines: [{ id: one.lines[0]!.id, countedQuantity: -1, reason: '' }] });
    expect(negative.ok).toBe(false);
    if (!negative.ok) expect(negative.error.fields?.[0]).toMatchObject({ path: 'lines.0.countedQuantity', message: '实盘数不能为负' });
    const { stocktake: voided } = await c.ok('stocktake.void', { id: two.id, version: 1, reason: '重复建单' });
    expect(voided).toMatchObject({ state: 'voided', stateLabel: '已作废' });
  });
});

describe('any store, scoped', () => {
  it('the central store’s storekeeper counts too; a member pharmacist never reaches another unit’s store or sheet', async () => {
    receive(c.db, { itemId: c.amoxicillin, storeId: c.centralStore, quantity: 500, batchNo: batchNo() });
    const central = await c.ok('stocktake.create', { storeId: c.centralStore }, 'keeper');
    expect(central.stocktake.unitId).toBe(c.leadId);
    const forbidden = await c.call('stocktake.create', { storeId: c.centralStore }, 'member');
    expect(forbidden.ok).toBe(false);
    if (!forbidden.ok) expect(forbidden.error.code).toBe('FORBIDDEN');
    const read = await c.call('stocktake.get', { id: central.stocktake.id }, 'member');
    expect(read.ok).toBe(false);
    const mine = await c.ok('stocktake.list', {}, 'member');
    expect(mine.stocktakes.length).toBeGreaterThan(0);
    expect(mine.stocktakes.every((s) => s.unitId === c.ownUnit)).toBe(true);
    const all = await c.ok('stocktake.list', {}, 'officer');
    expect(all.stocktakes.some((s) => s.unitId === c.leadId)).toBe(true);
    const auditor = await c.call('stocktake.create', { storeId: c.centralStore }, 'auditor');
    expect(auditor.ok).toBe(false);
  });
});

describe('two sheets of one store', () => {
  it('the second cannot post a difference of a batch the first already corrected after its snapshot', async () => {
    const storeId = await storeOfOwnUnit();
    const a = receive(c.db, { itemId: c.amoxicillin, storeId, quantity: 20, batchNo: 'TWICE-1' }).batchId;
    const { stocktake: first } = await c.ok('stocktake.create', { storeId });
    const { stocktake: second } = await c.ok('stocktake.create', { storeId });
    for (const sheet of [first, second]) await c.ok('stocktake.count', { id: sheet.id, version: 1, lines: [{ id: sheet.lines[0]!.id, countedQuantity: 18, reason: '丢失' }] });
    await c.ok('stocktake.post', { id: first.id, version: 2, requestId: c.requestId() });
    const twice = await c.call('stocktake.post', { id: second.id, version: 2, requestId: c.requestId() });
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.error).toMatchObject({ code: 'CONFLICT', fields: [{ path: 'lines.0.countedQuantity', message: expect.stringContaining(`已由盘点单 ${first.number}`) }] });
    expect(balanceOf(c.db, a, storeId)).toBe(18);
  });
});

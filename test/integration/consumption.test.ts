import { afterAll, describe, expect, it } from 'vitest';
import { lineAmountMicro } from '../../core/api/money.js';
import { verifyStock } from '../../core/stock/verify.js';
import { balanceOf } from '../support/adjustments.js';
import { ok } from '../support/db.js';
import { receive } from '../support/stock.js';
import { locationOf, memberStockCommunity } from './member-stock-support.js';

/** 消耗出库单: period totals per item, posted 107 out of the store first expiry first; 作废, 冲销. */
const c = await memberStockCommunity();
afterAll(() => c.env.dispose());

let n = 0;
async function storeOfOwnUnit(): Promise<number> {
  return (await ok(c.db, 'store.create', { unitId: c.ownUnit, code: `C${++n}`, name: `药房${n}` }, { sessionToken: c.env.admin })).store.id;
}
const period = { periodFrom: '2026-11-01', periodTo: '2026-11-30', target: 'patients' as const };
const movesOf = (documentId: number) =>
  c.db.$client.prepare('SELECT change_type AS changeType, batch_id AS batchId, quantity, from_location_id AS fromId, to_location_id AS toId FROM stock_moves WHERE document_id = ? ORDER BY id').all(documentId);

describe('posting takes first expiry first', () => {
  it('across the store’s 正常 unexpired batches, less reserved, each move 107 out of the store', async () => {
    const storeId = await storeOfOwnUnit();
    const late = receive(c.db, { itemId: c.amoxicillin, storeId, quantity: 100, batchNo: 'L-2028', expiry: '2028-12-31' }).batchId;
    const early = receive(c.db, { itemId: c.amoxicillin, storeId, quantity: 30, batchNo: 'E-2027', expiry: '2027-06-30' }).batchId;
    const expired = receive(c.db, { itemId: c.amoxicillin, storeId, quantity: 50, batchNo: 'X-2026', expiry: '2026-10-31' }).batchId;
    const frozen = receive(c.db, { itemId: c.amoxicillin, storeId, quantity: 50, batchNo: 'F-2027', expiry: '2027-01-31' }).batchId;
    c.db.$client.prepare("UPDATE stock_batches SET status = 'on_hold' WHERE id = ?").run(frozen);
    const reserved = receive(c.db, { itemId: c.amoxicillin, storeId, quantity: 20, batchNo: 'R-2027', expiry: '2027-03-31' }).batchId;
    c.db.$client.prepare('UPDATE stock_balances SET reserved = 15 WHERE batch_id = ? AND location_id = ?').run(reserved, locationOf(c.db, storeId));
    const { consumption } = await c.ok('consumption.create', { storeId, ...period, department: '', lines: [{ itemId: c.amoxicillin, quantity: 60 }], note: 'HIS 11 月门诊发药' });
    expect(consumption).toMatchObject({ number: expect.stringMatching(/^CK\d{4}-\d{6}$/), state: 'draft', targetLabel: '患者发药', lineCount: 1, totalQuantity: 60, unitId: c.ownUnit });
    const { consumption: posted } = await c.ok('consumption.post', { id: consumption.id, version: 1, requestId: c.requestId() });
    expect(posted).toMatchObject({ state: 'posted', posted: true, version: 2 });
    // R-2027 first (5 available of 20), then E-2027 (30), then L-2028 (25); the expired and the frozen batch are left.
    expect(posted.lines[0]!.batches.map((b) => [b.batchNo, b.quantity])).toEqual([
      ['R-2027', 5],
      ['E-2027', 30],
      ['L-2028', 25],
    ]);
    const cost = { priceMicro: 12_500_000, packFactor: 24 };
    expect(posted.lines[0]!.amountMicro).toBe(lineAmountMicro(5, cost) + lineAmountMicro(30, cost) + lineAmountMicro(25, cost));
    expect(movesOf(consumption.id)).toEqual([
      { changeType: '107', batchId: reserved, quantity: 5, fromId: locationOf(c.db, storeId), toId: null },
      { changeType: '107', batchId: early, quantity: 30, fromId: locationOf(c.db, storeId), toId: null },
      { changeType: '107', batchId: late, quantity: 25, fromId: locationOf(c.db, storeId), toId: null },
    ]);
    expect([balanceOf(c.db, expired, storeId), balanceOf(c.db, frozen, storeId), balanceOf(c.db, late, storeId)]).toEqual([50, 50, 75]);
    // The reservation was written by hand to stand for an allocation; no shipment holds it, so stock verify (which
    // checks reserved against the shipments) would rightly flag it for the later tests: released again.
    c.db.$client.prepare('UPDATE stock_balances SET reserved = 0 WHERE batch_id = ? AND location_id = ?').run(reserved, locationOf(c.db, storeId));
  });

  it('a shortage refuses the whole posting, naming each short item with what is available and what is needed', async () => {
    const storeId = await storeOfOwnUnit();
    receive(c.db, { itemId: c.amoxicillin, storeId, quantity: 10, batchNo: 'S1' });
    receive(c.db, { itemId: c.ibuprofen, storeId, quantity: 100, batchNo: 'S2' });
    const { consumption } = await c.ok('consumption.create', {
      storeId,
      ...period,
      target: 'department',
      department: '住院部',
      lines: [
        { itemId: c.ibuprofen, quantity: 40 },
        { itemId: c.amoxicillin, quantity: 12 },
      ],
      note: '',
    });
    const refused = await c.call('consumption.post', { id: consumption.id, version: 1, requestId: c.requestId() });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('VALIDATION');
      expect(refused.error.fields).toEqual([{ path: 'lines.1.quantity', message: '第 2 行 阿莫西林胶囊 0.25g 库存不足：可用 10 粒（正常、未过期批次），需要 12 粒' }]);
    }
    expect(movesOf(consumption.id)).toEqual([]);
    expect((await c.ok('consumption.get', { id: consumption.id })).consumption.state).toBe('draft');
  });
});

describe('the draft', () => {
  it('each item once, items of the formulary, a department for 科室领用, the period in order', async () => {
    const storeId = await storeOfOwnUnit();
    const duplicate = await c.call('consumption.create', {
      storeId,
      ...period,
      department: '',
      lines: [
        { itemId: c.amoxicillin, quantity: 1 },
        { itemId: c.amoxicillin, quantity: 2 },
        { itemId: 999_999, quantity: 1 },
      ],
      note: '',
    });
    expect(duplicate.ok).toBe(false);
    if (!duplicate.ok) expect(duplicate.error.fields?.map((f) => f.path)).toEqual(['lines.1.itemId', 'lines.2.itemId']);
    const header = await c.call('consumption.create', { storeId, periodFrom: '2026-11-30', periodTo: '2026-11-01', target: 'department', department: '', lines: [{ itemId: c.amoxicillin, quantity: 1 }], note: '' });
    expect(header.ok).toBe(false);
    if (!header.ok) expect(header.error.fields?.map((f) => f.path).sort()).toEqual(['department', 'periodTo']);
    const fraction = await c.call('consumption.create', { storeId, ...period, department: '', lines: [{ itemId: c.amoxicillin, quantity: 1.5 }], note: '' });
    expect(fraction.ok).toBe(false);
    if (!fraction.ok) expect(fraction.error.fields).toEqual([{ path: 'lines.0.quantity', message: '数量须为整数（最小单位）' }]);
  });

  it('is edited whole (version + 1) and 作废 keeps it, moving nothing', async () => {
    const storeId = await storeOfOwnUnit();
    const { consumption } = await c.ok('consumption.create', { storeId, ...period, department: '', lines: [{ itemId: c.amoxicillin, quantity: 3 }], note: '' });
    const { consumption: updated } = await c.ok('consumption.update', {
      id: consumption.id,
      version: 1,
      ...period,
      target: 'department',
      department: '检验科',
      lines: [{ itemId: c.ibuprofen, quantity: 4 }],
      note: '改',
    });
    expect(updated).toMatchObject({ version: 2, department: '检验科', lines: [{ itemId: c.ibuprofen, quantity: 4 }] });
    expect(updated.events.map((e) => e.transitionLabel)).toEqual(['新建', '修改']);
    const { consumption: voided } = await c.ok('consumption.void', { id: consumption.id, version: 2, reason: '重复录入' });
    expect(voided).toMatchObject({ state: 'voided', stateLabel: '已作废' });
    const again = await c.call('consumption.update', { id: consumption.id, version: 3, ...period, department: '', lines: [{ itemId: c.ibuprofen, quantity: 4 }], note: '' });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe('CONFLICT');
  });
});

describe('冲销', () => {
  it('appends a 冲销单 with the mirrored moves; the stock comes back to the batches it left', async () => {
    const storeId = await storeOfOwnUnit();
    const a = receive(c.db, { itemId: c.amoxicillin, storeId, quantity: 10, batchNo: 'V1', expiry: '2027-01-31' }).batchId;
    const b = receive(c.db, { itemId: c.amoxicillin, storeId, quantity: 10, batchNo: 'V2', expiry: '2027-02-28' }).batchId;
    const { consumption } = await c.ok('consumption.create', { storeId, ...period, department: '', lines: [{ itemId: c.amoxicillin, quantity: 15 }], note: '' });
    await c.ok('consumption.post', { id: consumption.id, version: 1, requestId: c.requestId() });
    expect([balanceOf(c.db, a, storeId), balanceOf(c.db, b, storeId)]).toEqual([0, 5]);
    const { consumption: original, reversal } = await c.ok('consumption.reverse', { id: consumption.id, version: 2, requestId: c.requestId(), reason: 'HIS 数据重复导出' });
    expect(original).toMatchObject({ state: 'reversed', stateLabel: '已冲销', reversedById: reversal.id });
    expect(reversal).toMatchObject({ state: 'reversal', stateLabel: '冲销单', reversesId: consumption.id, reversesNumber: consumption.number, posted: true });
    expect(reversal.lines[0]!.batches.map((x) => [x.batchNo, x.quantity])).toEqual([
      ['V1', 10],
      ['V2', 5],
    ]);
    expect([balanceOf(c.db, a, storeId), balanceOf(c.db, b, storeId)]).toEqual([10, 10]);
    expect(verifyStock(c.db.$client).ok).toBe(true);
    const twice = await c.call('consumption.reverse', { id: consumption.id, version: 3, requestId: c.requestId(), reason: '再冲' });
    expect(twice.ok).toBe(false);
  });
});

describe('scope', () => {
  it('a member pharmacist records only for their own unit’s stores and reads only their unit’s documents', async () => {
    receive(c.db, { itemId: c.amoxicillin, storeId: c.otherStore, quantity: 10, batchNo: 'OT1' });
    const theirs = await c.ok('consumption.create', { storeId: c.otherStore, ...period, department: '', lines: [{ itemId: c.amoxicillin, quantity: 1 }], note: '' }, 'baisha');
    const forbidden = await c.call('consumption.create', { storeId: c.otherStore, ...period, department: '', lines: [{ itemId: c.amoxicillin, quantity: 1 }], note: '' }, 'member');
    expect(forbidden.ok).toBe(false);
    if (!forbidden.ok) expect(forbidden.error.code).toBe('FORBIDDEN');
    const read = await c.call('consumption.get', { id: theirs.consumption.id }, 'member');
    expect(read.ok).toBe(false);
    const { consumptions } = await c.ok('consumption.list', {}, 'member');
    expect(consumptions.every((x) => x.unitId === c.ownUnit)).toBe(true);
    const all = await c.ok('consumption.list', {}, 'officer');
    expect(all.consumptions.some((x) => x.unitId === c.otherUnit)).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedRequisitionForTest } from '../support/distribution.js';
import { ok } from '../support/db.js';
import { codes, receivingCommunity } from '../support/receiving.js';

/**
 * 月报 预算执行 as of the month's end: 青石镇 has a budget of 1,000.00 ¥ for 2026; the centre ships it one box of
 * 阿莫西林 (12.50 ¥) on 11-20 and two more on 12-02. The November report counts the first only, whenever it is made;
 * December's counts all three.
 */
type Env = Awaited<ReturnType<typeof receivingCommunity>>;
let env: Env;
const at = (date: string) => new Date(`${date}T02:00:00Z`);
let seq = 0;
const requestId = () => `budget-${++seq}`;

async function ship(boxes: number, date: string) {
  const keeper = { sessionToken: env.keeper.token, now: at(date) };
  const requisition = approvedRequisitionForTest(env.db, { unitId: env.townshipId, storeId: env.townshipStoreId, lines: [{ itemId: env.amoxId, quantity: boxes * 24 }] });
  const { shipment } = await ok(env.db, 'shipment.allocate', { requisitionId: requisition.id }, keeper);
  await ok(env.db, 'shipment.ship', { id: shipment.id, version: shipment.version, requestId: requestId() }, keeper);
}

beforeAll(async () => {
  env = await receivingCommunity();
  const keeper = { sessionToken: env.keeper.token, now: at('2026-11-05') };
  const { receipt } = await ok(
    env.db,
    'receipt.create',
    {
      supplierId: env.supplierId,
      storeId: env.centralStoreId,
      unplannedReason: '临时补货',
      lines: [{ itemId: env.amoxId, batchNo: 'BG2601', expiry: '2028-09', quantity: 96, priceMicro: 12_500_000, traceCodes: codes('8123456', 1, 4), deliveryNoteNo: 'SX01', distributorInvoiceNo: '12345678901234567890' }],
    },
    keeper,
  );
  await ok(env.db, 'receipt.post', { id: receipt.id, requestId: requestId() }, keeper);
  await ok(env.db, 'budget.set', { unitId: env.townshipId, year: 2026, amountMicro: 1_000_000_000, overRule: 'block', note: '' }, { sessionToken: env.officer, now: at('2026-11-05') });
  await ship(1, '2026-11-20');
  await ship(2, '2026-12-02');
}, 60_000);
afterAll(() => env?.dispose());

describe('月报 预算执行', () => {
  it('counts what was shipped by the end of the month, not by the day the report is made', async () => {
    const officer = { sessionToken: env.officer, now: at('2026-12-03') };
    const township = (month: string) => ok(env.db, 'report.monthly', { month }, officer).then((r) => r.units.find((u) => u.unitId === env.townshipId)!);
    expect(await township('2026-11')).toMatchObject({ budgetMicro: 1_000_000_000, budgetActualMicro: 12_500_000, budgetExecutionBp: 125 });
    expect(await township('2026-12')).toMatchObject({ budgetMicro: 1_000_000_000, budgetActualMicro: 37_500_000, budgetExecutionBp: 375 });
    // The requisition screen's budget is as of now: all three boxes.
    const { budgets } = await ok(env.db, 'budget.list', { year: 2026 }, officer);
    expect(budgets.find((b) => b.unitId === env.townshipId)).toMatchObject({ actualMicro: 37_500_000 });
  });
});

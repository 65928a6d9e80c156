import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyStock } from '../../core/stock/verify.js';
import { balanceOf } from '../support/adjustments.js';
import { ok } from '../support/db.js';
import { moveStock, receive } from '../support/stock.js';
import { locationOf, memberStockCommunity } from './member-stock-support.js';

/**
 * Random balances, random issues and receipts of the counted batches while the count goes on, random counts: after
 * posting each balance is count + net of the moves during counting — or, when some count is below what the store
 * could still give, the posting is refused whole and nothing moved — and `stock verify` agrees.
 */
const c = await memberStockCommunity();
afterAll(() => c.env.dispose());

let stores = 0;
const scenario = fc.record({
  balances: fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 4 }),
  moves: fc.array(fc.record({ batch: fc.nat(3), quantity: fc.integer({ min: 1, max: 30 }), issue: fc.boolean() }), { maxLength: 8 }),
  counts: fc.array(fc.integer({ min: 0, max: 80 }), { minLength: 4, maxLength: 4 }),
});

describe('stocktake posting against the snapshot', () => {
  it('balance after = count + net of the moves while counting', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ balances, moves, counts }) => {
        const storeId = (await ok(c.db, 'store.create', { unitId: c.ownUnit, code: `P${++stores}`, name: `盘点库${stores}` }, { sessionToken: c.env.admin })).store.id;
        const location = locationOf(c.db, storeId);
        const batches = balances.map((quantity, i) => receive(c.db, { itemId: c.amoxicillin, storeId, quantity, batchNo: `P${stores}-${i}` }).batchId);
        const { stocktake } = await c.ok('stocktake.create', { storeId });
        const net = batches.map(() => 0);
        for (const move of moves) {
          const i = move.batch % batches.length;
          if (move.issue) {
            if (balanceOf(c.db, batches[i]!, storeId) < move.quantity) continue;
            moveStock(c.db, [{ itemId: c.amoxicillin, batchId: batches[i]!, fromLocationId: location, toLocationId: null, quantity: move.quantity, changeType: '107' }]);
            net[i]! -= move.quantity;
          } else {
            moveStock(c.db, [{ itemId: c.amoxicillin, batchId: batches[i]!, fromLocationId: null, toLocationId: location, quantity: move.quantity, changeType: '106' }]);
            net[i]! += move.quantity;
          }
        }
        const lineOf = (batchId: number) => stocktake.lines.find((l) => l.batchId === batchId)!;
        await c.ok('stocktake.count', {
          id: stocktake.id,
          version: 1,
          lines: batches.map((batchId, i) => ({ id: lineOf(batchId).id, countedQuantity: counts[i]!, reason: '随机盘点' })),
        });
        const before = batches.map((b) => balanceOf(c.db, b, storeId));
        const refusable = batches.some((_, i) => counts[i]! + net[i]! < 0);
        const result = await c.call('stocktake.post', { id: stocktake.id, version: 2, requestId: c.requestId() });
        expect(result.ok).toBe(!refusable);
        const after = batches.map((b) => balanceOf(c.db, b, storeId));
        if (refusable) expect(after).toEqual(before);
        else expect(after).toEqual(batches.map((_, i) => counts[i]! + net[i]!));
        expect(verifyStock(c.db.$client).ok).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});

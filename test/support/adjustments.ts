import type { Db } from '../../db/open.js';
import type { OperationContext } from '../../core/context.js';
import { createDocument, defineDocumentType } from '../../core/documents/lifecycle.js';
import { batchFor, postMoves, storeLocationId } from '../../core/stock/ledger.js';
import { systemActor } from '../../core/system-actor.js';
import { inTransaction } from '../../core/transaction.js';

/**
 * Stock bought from a supplier, for the adjustment tests, without depending on the receipt module: a test
 * document posts 108 moves of a batch with its supplier through the ledger, in one IMMEDIATE transaction.
 */
const testDelivery = defineDocumentType({
  type: 'adjustment_test_delivery',
  label: '测试到货单',
  series: 'RK',
  createPermission: 'stock.receive',
  initial: 'draft',
  states: { draft: { label: '草稿' } },
  transitions: {},
});

export function receiveForTest(
  db: Db,
  stock: { itemId: number; storeId: number; quantity: number; supplierId: number | null; batchNo: string; expiry?: string; costMicro?: number; status?: string },
): number {
  const actor = systemActor('cli');
  const ctx: OperationContext = {
    db,
    now: new Date(),
    actor,
    scope: { units: null, levels: null },
    clientAddress: '',
    operation: 'test.receive',
    audit: () => undefined,
    session: {},
    onRollback: () => undefined,
    attachment: null,
    progress: () => undefined,
  };
  return inTransaction(db.$client, true, () => {
    const documentId = createDocument(ctx, testDelivery).id;
    const batchId = batchFor(ctx, {
      itemId: stock.itemId,
      batchNo: stock.batchNo,
      productionDate: null,
      expiry: stock.expiry ?? '2028-06-30',
      costMicro: stock.costMicro ?? 12_000_000,
      costUnit: '盒',
      costPackFactor: 24,
      supplierId: stock.supplierId,
    });
    postMoves(ctx, [
      { itemId: stock.itemId, batchId, fromLocationId: null, toLocationId: storeLocationId(db, stock.storeId), quantity: stock.quantity, changeType: '108', documentId, documentLineId: null },
    ]);
    if (stock.status) db.$client.prepare('UPDATE stock_batches SET status = ? WHERE id = ?').run(stock.status, batchId);
    return batchId;
  });
}

/** The quantity of a batch in a store (0 when there is no balance row). */
export function balanceOf(db: Db, batchId: number, storeId: number): number {
  const row = db.$client
    .prepare('SELECT b.quantity FROM stock_balances b JOIN stock_locations l ON l.id = b.location_id WHERE b.batch_id = ? AND l.store_id = ?')
    .get(batchId, storeId) as { quantity: number } | undefined;
  return row?.quantity ?? 0;
}

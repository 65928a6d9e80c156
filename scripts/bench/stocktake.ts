/**
 * 盘点 and 消耗出库 at the operation level on a database holding `--moves` moves (default 1,000,000) and `--batches`
 * batches: stocktake.create of the central store (every balance > 0 as a line, one INSERT … SELECT), stocktake.get,
 * stocktake.count of every line (one in ten with a difference), stocktake.post with moves made since the snapshot;
 * then consumption.post of a 300-line 消耗出库单 in a member store (first expiry first per line).
 *
 *   npx tsx scripts/bench/stocktake.ts [--moves 1000000] [--batches 50000]
 *
 * The history is buildStockFixture's (scripts/bench/stock-fixture.ts); what these operations read grows with the
 * store's balances and the moves since the snapshot, never with the whole history.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { OperationName } from '../../core/api/index.js';
import { executeOperation } from '../../core/registry.js';
import type { Db } from '../../db/open.js';
import { systemActor } from '../../core/system-actor.js';
import { moveStock, receive } from '../../test/support/stock.js';
import { buildStockFixture } from './stock-fixture.js';
import { arg, signedInDatabase } from './support.js';

const MOVES = arg('moves', 1_000_000);
const BATCHES = arg('batches', 50_000);
const system = { system: systemActor('cli') };

let benchDb: Db | null = null;
async function timed<T>(label: string, name: OperationName, input: unknown): Promise<T> {
  const t0 = performance.now();
  const result = await executeOperation(benchDb!, name, input, system);
  const ms = performance.now() - t0;
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error).slice(0, 400)}`);
  console.log(`${label}: ${ms.toFixed(1)} ms`);
  return result.output as T;
}

const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-bench-stocktake-'));
try {
  const { db } = await signedInDatabase(dir);
  benchDb = db;
  const started = performance.now();
  const fixture = buildStockFixture(db, { moves: MOVES, batches: BATCHES });
  console.log(`history ${MOVES} moves: ${JSON.stringify(fixture.counts)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  db.$client.pragma('wal_checkpoint(TRUNCATE)');

  type Sheet = { stocktake: { id: number; version: number; lines: { id: number; bookQuantity: number; batchId: number; itemId: number }[] } };
  const created = await timed<Sheet>('stocktake.create (central store)', 'stocktake.create', { storeId: fixture.centralStoreId, note: '基准' });
  const lines = created.stocktake.lines;
  console.log(`  ${lines.length} lines`);
  // Moves while counting: 200 issues of counted batches out of the central store.
  for (const line of lines.filter((l) => l.bookQuantity > 1).slice(0, 200)) {
    moveStock(db, [{ itemId: line.itemId, batchId: line.batchId, fromLocationId: fixture.centralLocationId, toLocationId: null, quantity: 1, changeType: '107' }]);
  }
  await timed('stocktake.get', 'stocktake.get', { id: created.stocktake.id });
  // Counted in saves of 5,000 lines, as the grid saves what was typed.
  let version = 1;
  const countStarted = performance.now();
  for (let from = 0; from < lines.length; from += 5000) {
    const chunk = lines.slice(from, from + 5000);
    const saved = await timed<Sheet>(`  stocktake.count (${chunk.length} lines)`, 'stocktake.count', {
      id: created.stocktake.id,
      version,
      lines: chunk.map((l, i) => ({ id: l.id, countedQuantity: (from + i) % 10 === 0 ? l.bookQuantity + 1 : l.bookQuantity, reason: (from + i) % 10 === 0 ? '基准差异' : '' })),
    });
    version = saved.stocktake.version;
  }
  console.log(`stocktake.count of all ${lines.length} lines: ${(performance.now() - countStarted).toFixed(0)} ms`);
  const counted = { stocktake: { version } };
  await timed('stocktake.post', 'stocktake.post', { id: created.stocktake.id, version: counted.stocktake.version, requestId: `bench-pd-${Date.now()}` });

  // 消耗出库 of 300 items in a member store: stock for each, then one document posted first expiry first.
  const storeId = fixture.memberStoreIds[0]!;
  const items = fixture.itemIds.slice(0, 300);
  for (const itemId of items) {
    receive(db, { itemId, storeId, quantity: 30, batchNo: `CK-A-${itemId}`, expiry: '2029-06-30' });
    receive(db, { itemId, storeId, quantity: 30, batchNo: `CK-B-${itemId}`, expiry: '2030-06-30' });
  }
  const consumption = await timed<{ consumption: { id: number } }>('consumption.create (300 lines)', 'consumption.create', {
    storeId,
    periodFrom: '2026-11-01',
    periodTo: '2026-11-30',
    target: 'patients',
    lines: items.map((itemId) => ({ itemId, quantity: 40 })),
  });
  await timed('consumption.post (300 lines, FEFO)', 'consumption.post', { id: consumption.consumption.id, version: 1, requestId: `bench-ck-${Date.now()}` });
  await timed('stockAlert.list (community)', 'stockAlert.list', {});
  db.$client.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

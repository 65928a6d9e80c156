/**
 * shipment.allocate (FEFO) of a 300-line requisition on a database holding 1,000,000 moves and 50,000 batches,
 * timed at the operation level (executeOperation: admission, parsing, one IMMEDIATE transaction with the back-order
 * read, the FEFO walk per line, the reservations, the document and its lines, the requisition's transition, the
 * audit entries), against the same allocation on a 10,000-move database. Targets: ≤ 50 ms, ratio ≤ 2.
 *
 *   npx tsx scripts/bench/fefo-allocate.ts [--moves 1000000] [--batches 50000] [--small 10000] [--runs 5]
 *
 * The history is buildStockFixture's (scripts/bench/stock-fixture.ts). Each of the first 300 items also gets one
 * fresh batch in the central store (so every line can be filled whatever the history left); each run allocates a
 * new approved requisition of a township and cancels the shipment afterwards (not timed), so every run sees the
 * same stock. The FEFO walk runs down stock_balances(item_id, location_id, expiry, batch_id) in order and stops when
 * the line is filled: the batches it takes, whatever else is on hand.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { FEFO_SQL } from '../../core/distribution/shipments/eligibility.js';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { executeOperation } from '../../core/registry.js';
import { systemActor } from '../../core/system-actor.js';
import { approvedRequisitionForTest } from '../../test/support/distribution.js';
import { receive } from '../../test/support/stock.js';
import { buildStockFixture } from './stock-fixture.js';
import { arg, median, signedInDatabase } from './support.js';

const MOVES = arg('moves', 1_000_000);
const BATCHES = arg('batches', 50_000);
const SMALL = arg('small', 10_000);
const RUNS = arg('runs', 5);
const LINES = 300;
const system = { system: systemActor('cli') };

async function measure(moves: number, batches: number): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-bench-fefo-'));
  try {
    const { db } = await signedInDatabase(dir);
    const started = performance.now();
    const fixture = buildStockFixture(db, { moves, batches, traceCodes: 0 });
    console.log(`history ${moves} moves: ${JSON.stringify(fixture.counts)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const itemIds = fixture.itemIds.slice(0, LINES);
    for (const itemId of itemIds) receive(db, { itemId, storeId: fixture.centralStoreId, quantity: 10_000, batchNo: `FEFO${itemId}`, expiry: '2030-12-31' });
    const plan = db.$client.prepare(`EXPLAIN QUERY PLAN ${FEFO_SQL}`).all({ itemId: 1, locationId: 1, minExpiry: '2027-01-01' }) as { detail: string }[];
    console.log(`plan: ${plan.map((p) => p.detail).join(' | ')}`);
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    const times: number[] = [];
    for (let run = 0; run < RUNS + 1; run++) {
      const requisition = approvedRequisitionForTest(db, { unitId: fixture.memberUnitIds[run % fixture.memberUnitIds.length]!, storeId: fixture.memberStoreIds[run % fixture.memberStoreIds.length]!, lines: itemIds.map((itemId) => ({ itemId, quantity: 48 })) });
      const t0 = performance.now();
      const result = await executeOperation(db, 'shipment.allocate', { requisitionId: requisition.id }, system);
      const ms = performance.now() - t0;
      if (!result.ok) throw new Error(JSON.stringify(result.error).slice(0, 500));
      const { shipment, unfilled } = result.output as { shipment: { id: number; version: number; lines: unknown[] }; unfilled: unknown[] };
      // The first run warms the statement caches and is not counted.
      if (run > 0) times.push(ms);
      console.log(`  run ${run}: ${ms.toFixed(1)} ms, ${shipment.lines.length} lines, ${unfilled.length} unfilled${run === 0 ? ' (warm-up)' : ''}`);
      const cancelled = await executeOperation(db, 'shipment.cancel', { id: shipment.id, version: shipment.version, reason: '基准' }, system);
      if (!cancelled.ok) throw new Error(JSON.stringify(cancelled.error));
    }
    db.$client.close();
    return median(times);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const large = await measure(MOVES, BATCHES);
const small = await measure(SMALL, Math.max(1000, Math.round((BATCHES * SMALL) / MOVES)));
console.log(
  `shipment.allocate of ${LINES} lines: ${large.toFixed(1)} ms at ${MOVES} moves (target ≤ 50), ${small.toFixed(1)} ms at ${SMALL} moves; ratio ${(large / small).toFixed(2)} (target ≤ 2)`,
);

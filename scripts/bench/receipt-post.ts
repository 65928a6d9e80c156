/**
 * receipt.post of a 500-line receipt with 5,000 trace codes on a database already holding 1,000,000 moves,
 * 50,000 batches and 1,000,000 trace codes, against the bare prepared inserts of the same moves, balances and
 * codes in one transaction, in the same run. Target: ratio ≤ 3.
 *
 *   npx tsx scripts/bench/receipt-post.ts [--moves 1000000] [--batches 50000] [--codes 1000000] [--runs 3]
 *
 * The history is built with buildStockFixture (scripts/bench/stock-fixture.ts): 1,000 items traced per 盒 of 24
 * with their 药品标识码, a qualified supplier, batches, moves and balances (stock verify holds), trace codes. The
 * receipt takes one line per item for the first 500 items, 10 boxes and 10 codes each (serials above the history's).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { executeOperation } from '../../core/registry.js';
import { systemActor } from '../../core/system-actor.js';
import type { Db } from '../../db/open.js';
import { buildStockFixture, type StockFixture } from './stock-fixture.js';
import { arg, median, signedInDatabase } from './support.js';

const MOVES = arg('moves', 1_000_000);
const BATCHES = arg('batches', 50_000);
const CODES = arg('codes', 1_000_000);
const RUNS = arg('runs', 3);
const LINES = 500;
const CODES_PER_LINE = 10;
const PACK = 24;

const system = { system: systemActor('cli') };
const at = new Date().toISOString();

/** A fresh draft: one line per item, 10 codes each (traced per box of 10), serials above the history's. */
async function draft(db: Db, fixture: StockFixture, run: number): Promise<number> {
  const { supplierId, centralStoreId: storeId } = fixture;
  const lines = fixture.itemIds.slice(0, LINES).map((itemId, i) => ({
    itemId,
    batchNo: `R${run}L${i}`,
    expiry: '2029-06',
    quantity: CODES_PER_LINE * PACK,
    priceMicro: 5_000_000,
    traceCodes: Array.from({ length: CODES_PER_LINE }, (_, k) => `${fixture.tracePrefix(itemId)}${String(9_000_000_000_000 + run * 100_000 + i * 100 + k).padStart(13, '0')}`),
  }));
  const created = await executeOperation(db, 'receipt.create', { supplierId, storeId, unplannedReason: '基准', lines }, system);
  if (!created.ok) throw new Error(JSON.stringify(created.error).slice(0, 500));
  return (created.output as { receipt: { id: number } }).receipt.id;
}

/** The bare baseline: the same count of moves, balance upserts and codes with prepared statements, one transaction. */
function bare(db: Db, fixture: StockFixture, batches: { id: number; itemId: number }[], docId: number, run: number): number {
  const locationId = fixture.centralLocationId;
  const c = db.$client;
  const move = c.prepare(
    `INSERT INTO stock_moves (item_id, batch_id, from_location_id, to_location_id, quantity, change_type, document_id, document_line_id, at, actor_name)
     VALUES (?, ?, NULL, ?, ?, '108', ?, ?, ?, 'bench')`,
  );
  const balance = c.prepare(
    `INSERT INTO stock_balances (batch_id, location_id, item_id, quantity, reserved, expiry) VALUES (?, ?, ?, ?, 0, (SELECT expiry FROM stock_batches WHERE id = ?))
     ON CONFLICT (batch_id, location_id) DO UPDATE SET quantity = quantity + excluded.quantity`,
  );
  const code = c.prepare(`INSERT INTO trace_codes (code, item_id, batch_id, document_id, document_line_id, at) VALUES (?, ?, ?, ?, ?, ?)`);
  const started = performance.now();
  c.transaction(() => {
    batches.forEach((b, i) => {
      move.run(b.itemId, b.id, locationId, CODES_PER_LINE * PACK, docId, i, at);
      balance.run(b.id, locationId, b.itemId, CODES_PER_LINE * PACK, b.id);
      for (let k = 0; k < CODES_PER_LINE; k++) code.run(`${fixture.tracePrefix(b.itemId)}${String(8_000_000_000_000 + run * 100_000 + i * 100 + k).padStart(13, '0')}`, b.itemId, b.id, docId, i, at);
    });
  }).immediate();
  return performance.now() - started;
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-bench-receipt-'));
  try {
    const { db } = await signedInDatabase(dir);
    const started = performance.now();
    const fixture = buildStockFixture(db, { moves: MOVES, batches: BATCHES, traceCodes: CODES });
    console.log(`history (buildStockFixture): ${JSON.stringify(fixture.counts)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const itemIds = fixture.itemIds.slice(0, LINES);
    const supplierId = fixture.supplierId;
    db.$client.pragma('wal_checkpoint(TRUNCATE)');

    // Batches and a document for the baseline's moves (not timed).
    const baselineDoc = Number(
      db.$client
        .prepare(
          `INSERT INTO documents (type, series, year, seq, number, state, version, posted, created_at, created_by, updated_at, updated_by)
           VALUES ('bench_baseline', 'QT', 2025, 1, 'QT2025-000001', 'posted', 1, 1, ?, 'bench', ?, 'bench')`,
        )
        .run(at, at).lastInsertRowid,
    );
    const posts: number[] = [];
    const bares: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const insertBatch = db.$client.prepare(
        `INSERT INTO stock_batches (item_id, batch_no, expiry, cost_micro, cost_unit, cost_pack_factor, supplier_id, status, created_at)
         VALUES (?, ?, '2029-06-30', 5000000, '盒', ${PACK}, ?, 'normal', ?) RETURNING id`,
      );
      const batches = itemIds.map((itemId, i) => ({ id: (insertBatch.get(itemId, `BASE${run}-${i}`, supplierId, at) as { id: number }).id, itemId }));
      bares.push(bare(db, fixture, batches, baselineDoc, run));

      const id = await draft(db, fixture, run);
      const started = performance.now();
      const result = await executeOperation(db, 'receipt.post', { id, requestId: `bench-post-${run}-${Date.now()}` }, system);
      posts.push(performance.now() - started);
      if (!result.ok) throw new Error(JSON.stringify(result.error).slice(0, 500));
      console.log(`run ${run + 1}: receipt.post ${posts.at(-1)!.toFixed(0)} ms, bare inserts ${bares.at(-1)!.toFixed(0)} ms`);
    }
    const post = median(posts);
    const base = median(bares);
    console.log(
      JSON.stringify({ lines: LINES, traceCodes: LINES * CODES_PER_LINE, history: { moves: MOVES, batches: BATCHES, traceCodes: CODES }, postMs: Math.round(post), bareMs: Math.round(base), ratio: Number((post / base).toFixed(2)), target: 3 }),
    );
    db.$client.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

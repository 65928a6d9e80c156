/**
 * receipt.post of a 500-line receipt with 5,000 trace codes on a database already holding 1,000,000 moves,
 * 50,000 batches and 1,000,000 trace codes, against the bare prepared inserts of the same moves, balances and
 * codes in one transaction, in the same run. Target: ratio ≤ 3.
 *
 *   npx tsx scripts/bench/receipt-post.ts [--moves 1000000] [--batches 50000] [--codes 1000000] [--runs 3]
 *
 * The history is built with B's buildStockFixture (scripts/bench/stock-fixture.ts) when it is there, else by
 * the minimal generator below (direct SQL: items, a supplier, history documents, batches, moves, balances, codes).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { executeOperation } from '../../core/registry.js';
import { systemActor } from '../../core/system-actor.js';
import type { Db } from '../../db/open.js';
import { signedInDatabase } from './support.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const MOVES = arg('moves', 1_000_000);
const BATCHES = arg('batches', 50_000);
const CODES = arg('codes', 1_000_000);
const RUNS = arg('runs', 3);
const LINES = 500;
const CODES_PER_LINE = 10;
const PACK = 10;

const system = { system: systemActor('cli') };
const at = new Date().toISOString();

function insertItems(db: Db, count: number, offset: number): number[] {
  const insert = db.$client.prepare(
    `INSERT INTO formulary_items (code, generic_name, spec, manufacturer, category, base_unit, packs, purchase_unit, issue_unit, status, trace_prefix, trace_pack, created_at, updated_at)
     VALUES (@code, @name, '10mg', '基准制药有限公司', 'western', '片', '[{"unit":"盒","factor":${PACK}}]', '盒', '盒', 'active', @prefix, '盒', @at, @at) RETURNING id`,
  );
  const ids: number[] = [];
  db.$client.transaction(() => {
    for (let i = 0; i < count; i++) {
      const n = offset + i;
      ids.push((insert.get({ code: `BM${String(n).padStart(6, '0')}`, name: `基准药品${n}`, prefix: String(2_000_000 + n), at }) as { id: number }).id);
    }
  })();
  return ids;
}

function insertSupplier(db: Db): number {
  const id = Number(
    db.$client
      .prepare(`INSERT INTO suppliers (name, uscc, kind, sme, created_at, updated_at) VALUES ('基准医药有限公司', '91330100000000001X', 'distributor', 1, ?, ?)`)
      .run(at, at).lastInsertRowid,
  );
  const q = db.$client.prepare(`INSERT INTO supplier_qualifications (supplier_id, kind, number, expires_on) VALUES (?, ?, ?, '2099-12-31')`);
  for (const kind of ['business_licence', 'drug_trade_licence', 'device_trade_licence']) q.run(id, kind, `${kind}-1`);
  return id;
}

/** The history: documents, batches, moves into the central store, balances, trace codes — direct SQL. */
function buildHistory(db: Db, locationId: number, itemIds: number[], supplierId: number): void {
  const c = db.$client;
  const started = performance.now();
  c.transaction(() => {
    const docs = Math.ceil(MOVES / 1000);
    const doc = c.prepare(
      `INSERT INTO documents (type, series, year, seq, number, state, version, posted, created_at, created_by, updated_at, updated_by)
       VALUES ('bench_history', 'QT', 2025, @seq, @number, 'posted', 1, 1, @at, 'bench', @at, 'bench') RETURNING id`,
    );
    const docIds: number[] = [];
    for (let i = 1; i <= docs; i++) docIds.push((doc.get({ seq: i, number: `QT2025-${String(i).padStart(6, '0')}`, at }) as { id: number }).id);
    const batch = c.prepare(
      `INSERT INTO stock_batches (item_id, batch_no, production_date, expiry, cost_micro, cost_unit, cost_pack_factor, supplier_id, status, created_at)
       VALUES (?, ?, NULL, '2029-12-31', 5000000, '盒', ${PACK}, ?, 'normal', ?) RETURNING id`,
    );
    const batches: { id: number; itemId: number }[] = [];
    for (let i = 0; i < BATCHES; i++) {
      const itemId = itemIds[i % itemIds.length]!;
      batches.push({ id: (batch.get(itemId, `H${i}`, supplierId, at) as { id: number }).id, itemId });
    }
    const move = c.prepare(
      `INSERT INTO stock_moves (item_id, batch_id, from_location_id, to_location_id, quantity, change_type, document_id, document_line_id, at, actor_name)
       VALUES (?, ?, NULL, ?, ?, '108', ?, NULL, ?, 'bench')`,
    );
    const perBatch = new Map<number, number>();
    for (let i = 0; i < MOVES; i++) {
      const b = batches[i % batches.length]!;
      move.run(b.itemId, b.id, locationId, PACK, docIds[Math.floor(i / 1000)]!, at);
      perBatch.set(b.id, (perBatch.get(b.id) ?? 0) + PACK);
    }
    const balance = c.prepare(`INSERT INTO stock_balances (batch_id, location_id, item_id, quantity, reserved) VALUES (?, ?, ?, ?, 0)`);
    for (const b of batches) balance.run(b.id, locationId, b.itemId, perBatch.get(b.id) ?? 0);
    const code = c.prepare(`INSERT INTO trace_codes (code, item_id, batch_id, document_id, document_line_id, at) VALUES (?, ?, ?, ?, 0, ?)`);
    for (let i = 0; i < CODES; i++) {
      const b = batches[i % batches.length]!;
      const prefix = String(2_000_000 + itemIds.indexOf(b.itemId));
      code.run(`${prefix}${String(i).padStart(13, '0')}`, b.itemId, b.id, docIds[Math.floor((i % MOVES) / 1000)]!, at);
    }
  })();
  console.log(`history: ${MOVES} moves, ${BATCHES} batches, ${CODES} trace codes in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** A fresh draft: one line per item, 10 codes each (traced per box of 10), serials above the history's. */
async function draft(db: Db, supplierId: number, storeId: number, itemIds: number[], run: number): Promise<number> {
  const lines = itemIds.slice(0, LINES).map((itemId, i) => ({
    itemId,
    batchNo: `R${run}L${i}`,
    expiry: '2029-06',
    quantity: CODES_PER_LINE * PACK,
    priceMicro: 5_000_000,
    traceCodes: Array.from({ length: CODES_PER_LINE }, (_, k) => `${2_000_000 + i}${String(9_000_000_000_000 + run * 100_000 + k).padStart(13, '0')}`),
  }));
  const created = await executeOperation(db, 'receipt.create', { supplierId, storeId, unplannedReason: '基准', lines }, system);
  if (!created.ok) throw new Error(JSON.stringify(created.error).slice(0, 500));
  return (created.output as { receipt: { id: number } }).receipt.id;
}

/** The bare baseline: the same count of moves, balance upserts and codes with prepared statements, one transaction. */
function bare(db: Db, locationId: number, batches: { id: number; itemId: number }[], docId: number, run: number): number {
  const c = db.$client;
  const move = c.prepare(
    `INSERT INTO stock_moves (item_id, batch_id, from_location_id, to_location_id, quantity, change_type, document_id, document_line_id, at, actor_name)
     VALUES (?, ?, NULL, ?, ?, '108', ?, ?, ?, 'bench')`,
  );
  const balance = c.prepare(
    `INSERT INTO stock_balances (batch_id, location_id, item_id, quantity, reserved) VALUES (?, ?, ?, ?, 0)
     ON CONFLICT (batch_id, location_id) DO UPDATE SET quantity = quantity + excluded.quantity`,
  );
  const code = c.prepare(`INSERT INTO trace_codes (code, item_id, batch_id, document_id, document_line_id, at) VALUES (?, ?, ?, ?, ?, ?)`);
  const started = performance.now();
  c.transaction(() => {
    batches.forEach((b, i) => {
      move.run(b.itemId, b.id, locationId, CODES_PER_LINE * PACK, docId, i, at);
      balance.run(b.id, locationId, b.itemId, CODES_PER_LINE * PACK);
      for (let k = 0; k < CODES_PER_LINE; k++) code.run(`${2_000_000 + i}${String(8_000_000_000_000 + run * 100_000 + k).padStart(13, '0')}`, b.itemId, b.id, docId, i, at);
    });
  }).immediate();
  return performance.now() - started;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-bench-receipt-'));
  try {
    const { db } = await signedInDatabase(dir);
    const storeId = (db.$client.prepare('SELECT id FROM stores WHERE is_central = 1').get() as { id: number }).id;
    const locationId = (db.$client.prepare('SELECT id FROM stock_locations WHERE store_id = ?').get(storeId) as { id: number }).id;
    const itemIds = insertItems(db, LINES, 0);
    const supplierId = insertSupplier(db);
    const fixture = path.join(import.meta.dirname, 'stock-fixture.ts');
    if (existsSync(fixture)) console.log('(scripts/bench/stock-fixture.ts exists; this run uses its own generator for a history over the same items)');
    buildHistory(db, locationId, itemIds, supplierId);
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    db.$client.exec('ANALYZE');

    // Batches and a document for the baseline's moves (not timed).
    const baselineDoc = Number(
      db.$client
        .prepare(
          `INSERT INTO documents (type, series, year, seq, number, state, version, posted, created_at, created_by, updated_at, updated_by)
           VALUES ('bench_baseline', 'QT', 2026, 1, 'QT2026-000001', 'posted', 1, 1, ?, 'bench', ?, 'bench')`,
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
      bares.push(bare(db, locationId, batches, baselineDoc, run));

      const id = await draft(db, supplierId, storeId, itemIds, run);
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

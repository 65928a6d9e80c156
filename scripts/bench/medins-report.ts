/**
 * 医保 3501–3506 of the lead hospital for a month on a year of data (1,000,000 moves), timed at the operation level
 * (`medins.report`: every report built, one page returned), against the raw limit measured in the same run: the
 * same period's moves of the unit's stores read by one bare query with their batch and item columns, and the
 * opening stock summed from the balances less the moves since. Target: ratio ≤ 3.
 *
 *   npx tsx scripts/bench/medins-report.ts [--moves 1000000] [--batches 50000] [--items 4000] [--runs 5] [--keep]
 *
 * The fixture (not timed) is buildStockFixture's ledger (scripts/bench/stock-fixture.ts), its moves 30 s apart and
 * ending on the 20th of the month, every unit a 定点 institution; most of the month's moves touch the central store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { executeOperation } from '../../core/registry.js';
import { monthPeriod } from '../../core/reports/period.js';
import { ALL_CHANGE_TYPES_SQL as ALL_TYPES } from '../../core/stock/views.js';
import { systemActor } from '../../core/system-actor.js';
import type { Db } from '../../db/open.js';
import { buildStockFixture } from './stock-fixture.js';
import { arg, median, signedInDatabase } from './support.js';

const MOVES = arg('moves', 1_000_000);
const BATCHES = arg('batches', 50_000);
const ITEMS = arg('items', 4_000);
const RUNS = arg('runs', 5);
const KEEP = process.argv.includes('--keep');
const MONTH = '2026-11';
const TARGET_RATIO = 3;
const actor = systemActor('cli');

/** What any 3501–3506 build must at least read: the period's moves of the unit's stores and the opening stock. */
function bare(db: Db, unitId: number): { moves: number; opening: number } {
  const c = db.$client;
  const period = monthPeriod(MONTH);
  let moves = 0;
  const rows = c
    .prepare(
      `WITH locs AS (SELECT id FROM stock_locations WHERE kind = 'store' AND unit_id = @unitId)
       SELECT m.id, m.at, m.quantity, m.change_type, m.actor_name, d.number, b.batch_no, b.expiry, b.production_date, b.cost_micro, i.code, i.insurance_code, i.generic_name, i.spec
         FROM stock_moves m JOIN documents d ON d.id = m.document_id JOIN stock_batches b ON b.id = m.batch_id JOIN formulary_items i ON i.id = m.item_id
        WHERE m.change_type IN ${ALL_TYPES} AND m.at >= @startAt AND m.at < @endAt
          AND (+m.from_location_id IN (SELECT id FROM locs) OR +m.to_location_id IN (SELECT id FROM locs))`,
    )
    .iterate({ unitId, startAt: period.startAt, endAt: period.endAt }) as IterableIterator<Record<string, unknown>>;
  const out: unknown[] = [];
  for (const r of rows) {
    out.push({ ...r });
    moves += 1;
  }
  const opening = c
    .prepare(
      `WITH locs AS (SELECT id FROM stock_locations WHERE kind = 'store' AND unit_id = @unitId),
       flows AS (SELECT batch_id, quantity FROM stock_balances WHERE location_id IN (SELECT id FROM locs)
         UNION ALL SELECT batch_id, -quantity FROM stock_moves WHERE change_type IN ${ALL_TYPES} AND at >= @startAt AND +to_location_id IN (SELECT id FROM locs)
         UNION ALL SELECT batch_id, quantity FROM stock_moves WHERE change_type IN ${ALL_TYPES} AND at >= @startAt AND +from_location_id IN (SELECT id FROM locs))
       SELECT f.batch_id, sum(f.quantity) AS q, b.batch_no, b.expiry, i.code, i.insurance_code FROM flows f JOIN stock_batches b ON b.id = f.batch_id JOIN formulary_items i ON i.id = b.item_id
        GROUP BY f.batch_id HAVING sum(f.quantity) <> 0`,
    )
    .all({ unitId, startAt: period.startAt }).length;
  return { moves, opening };
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-bench-medins-'));
  try {
    const { db } = await signedInDatabase(dir);
    let since = performance.now();
    buildStockFixture(db, { moves: MOVES, batches: BATCHES, items: ITEMS, endsAt: new Date(`${MONTH}-20T08:00:00Z`), moveSpacingMs: 30_000 });
    db.$client.exec(`UPDATE units SET insurance_code = 'H' || printf('%011d', id); UPDATE formulary_items SET insurance_code = 'XA01' || printf('%016d', id)`);
    db.$client.pragma('optimize');
    const lead = (db.$client.prepare('SELECT id FROM units WHERE is_lead = 1').get() as { id: number }).id;
    console.log(`fixture: ${MOVES.toLocaleString()} moves, ${BATCHES.toLocaleString()} batches, ${ITEMS} items (${((performance.now() - since) / 1000).toFixed(1)} s)`);

    const app: number[] = [];
    const raw: number[] = [];
    let counts: { report: string; records: number; unreportable: number }[] = [];
    let read = { moves: 0, opening: 0 };
    for (let run = 0; run < RUNS; run++) {
      since = performance.now();
      const result = await executeOperation(db, 'medins.report', { unitId: lead, month: MONTH }, { system: actor });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      app.push(performance.now() - since);
      counts = (result.output as { counts: typeof counts }).counts;
      since = performance.now();
      read = bare(db, lead);
      raw.push(performance.now() - since);
    }
    // The build must have reported every move it read and the whole opening stock.
    const of = (r: string) => counts.find((c) => c.report === r)!;
    if (of('3502').records + of('3502').unreportable !== read.moves) throw new Error(`3502: ${of('3502').records} records for ${read.moves} moves`);
    if (of('3501').records + of('3501').unreportable !== read.opening) throw new Error(`3501: ${of('3501').records} records for ${read.opening} opening batches`);
    const ratio = median(app) / median(raw);
    console.log(`records: ${counts.map((c) => `${c.report} ${c.records.toLocaleString()}${c.unreportable ? ` (+${c.unreportable} unreportable)` : ''}`).join(', ')}`);
    console.log(`medins.report: median ${median(app).toFixed(0)} ms over ${RUNS} runs (${app.map((t) => t.toFixed(0)).join(', ')})`);
    console.log(`bare reads (${read.moves.toLocaleString()} moves, ${read.opening.toLocaleString()} opening batches): median ${median(raw).toFixed(0)} ms (${raw.map((t) => t.toFixed(0)).join(', ')})`);
    console.log(`ratio: ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO}) ${ratio <= TARGET_RATIO ? 'OK' : 'OVER'}`);
    if (KEEP) console.log(`kept: ${dir}`);
    db.$client.close();
  } finally {
    if (!KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

await main();

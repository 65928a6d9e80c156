/**
 * 月报 (the monthly report): `report.monthly` for 300 member units on a year of data — 1,000,000 moves over 4,000
 * items — timed at the operation level (executeOperation: admission, parsing, the transaction, the output checked),
 * against the raw limit measured in the same run: the same per-unit stock figures by bare SQL aggregates (inflow,
 * 目录内, 基本药物, 网上采购, 院内制剂, outflow, opening and closing stock, near-expiry and expired value), with the same
 * predicates and the same rounding. Target: ratio ≤ 2.
 *
 *   npx tsx scripts/bench/monthly-report.ts [--moves 1000000] [--batches 50000] [--items 4000] [--members 300]
 *                                           [--transfers 60000] [--runs 5] [--keep]
 *
 * The fixture (not timed): buildStockFixture's ledger (scripts/bench/stock-fixture.ts) with 300 member units, its
 * moves 30 s apart and ending on the 20th of the month (about eleven and a half months: 2025-12 … 2026-11), plus
 * `--transfers` transfers in the month, central store → the member's in-transit (102) → its store (101), posted by
 * the app's postMoves in documents of 500 moves; a tenth of the items are 基本药物 and a twentieth 院内制剂. After
 * timing, every unit's figures of the report are checked against the bare sums.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { MonthlyReport } from '../../core/api/index.js';
import { createDocument } from '../../core/documents/lifecycle.js';
import { executeOperation } from '../../core/registry.js';
import { MOVE_VALUE, nearExpiryLimit } from '../../core/reports/figures.js';
import { ALL_CHANGE_TYPES_SQL as ALL_TYPES } from '../../core/stock/views.js';
import { monthPeriod } from '../../core/reports/period.js';
import { postMoves, transitLocationFor, type MoveInput } from '../../core/stock/ledger.js';
import { systemActor } from '../../core/system-actor.js';
import type { Db } from '../../db/open.js';
import { testContext, testSlip } from '../../test/support/stock.js';
import { buildStockFixture, type StockFixture } from './stock-fixture.js';
import { arg, median, signedInDatabase } from './support.js';

const MOVES = arg('moves', 1_000_000);
const BATCHES = arg('batches', 50_000);
const ITEMS = arg('items', 4_000);
const MEMBERS = arg('members', 300);
const TRANSFERS = arg('transfers', 60_000);
const RUNS = arg('runs', 5);
const KEEP = process.argv.includes('--keep');
const MONTH = '2026-11';
const TARGET_RATIO = 2;
const actor = systemActor('cli');
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** Transfers to the members in the month through their in-transit locations, by the app's postMoves. */
function transferMonth(db: Db, fixture: StockFixture): number {
  const c = db.$client;
  const free = c
    .prepare(`SELECT batch_id AS batchId, item_id AS itemId, quantity FROM stock_balances WHERE location_id = ? AND quantity >= 6 ORDER BY batch_id`)
    .all(fixture.centralLocationId) as { batchId: number; itemId: number; quantity: number }[];
  if (free.length === 0) throw new Error('the central store holds nothing to transfer');
  const monthStart = Date.parse(`${MONTH}-01T01:00:00Z`);
  const span = 28 * 86_400_000;
  const PER_DOCUMENT = 250; // pairs: 500 moves
  let done = 0;
  let cursor = 0;
  c.transaction(() => {
    for (let d = 0; done < TRANSFERS; d++) {
      const at = monthStart + Math.floor((done * span) / TRANSFERS);
      const ctx = testContext(db, actor, new Date(at));
      const documentId = createDocument(ctx, testSlip).id;
      const moves: MoveInput[] = [];
      for (let i = 0; i < PER_DOCUMENT && done < TRANSFERS; i++, done++) {
        let b = free[cursor++ % free.length]!;
        while (b.quantity < 3) b = free[cursor++ % free.length]!;
        b.quantity -= 3;
        const m = (d * PER_DOCUMENT + i) % fixture.memberUnitIds.length;
        const transit = transitLocationFor(ctx, fixture.memberUnitIds[m]!);
        const base = { itemId: b.itemId, batchId: b.batchId, quantity: 3, documentId, documentLineId: null };
        moves.push({ ...base, fromLocationId: fixture.centralLocationId, toLocationId: transit, changeType: '102' });
        moves.push({ ...base, fromLocationId: transit, toLocationId: fixture.memberLocationIds[m]!, changeType: '101' });
      }
      postMoves(ctx, moves);
    }
  })();
  return done;
}

interface Bare {
  inflow: number;
  formulary: number;
  essential: number;
  platform: number;
  preparation: number;
  outflow: number;
  opening: number;
  closing: number;
  near: number;
  expired: number;
}

/** The stock figures of every unit by bare SQL aggregates: what the report must at least read and add. */
function bareFigures(db: Db): Map<number, Bare> {
  const c = db.$client;
  const period = monthPeriod(MONTH);
  const out = new Map<number, Bare>();
  const of = (unitId: number) => {
    let f = out.get(unitId);
    if (!f) out.set(unitId, (f = { inflow: 0, formulary: 0, essential: 0, platform: 0, preparation: 0, outflow: 0, opening: 0, closing: 0, near: 0, expired: 0 }));
    return f;
  };
  const inflow = c
    .prepare(
      `WITH channel AS (SELECT rl.batch_id, MIN(rl.id) AS first FROM receipt_lines rl WHERE rl.batch_id IS NOT NULL GROUP BY rl.batch_id),
            platform AS (SELECT ch.batch_id FROM channel ch JOIN receipt_lines rl ON rl.id = ch.first JOIN purchase_order_lines pl ON pl.id = rl.order_line_id
                          JOIN purchase_orders po ON po.document_id = pl.document_id WHERE po.channel = 'platform')
       SELECT l.unit_id AS unitId, SUM(${MOVE_VALUE}) AS inflow,
              SUM(CASE WHEN i.status = 'active' AND CASE u.level WHEN 'county' THEN i.level_county WHEN 'township' THEN i.level_township ELSE i.level_village END = 1 THEN ${MOVE_VALUE} ELSE 0 END) AS formulary,
              SUM(CASE WHEN i.essential = 1 THEN ${MOVE_VALUE} ELSE 0 END) AS essential,
              SUM(CASE WHEN m.batch_id IN (SELECT batch_id FROM platform) THEN ${MOVE_VALUE} ELSE 0 END) AS platform,
              SUM(CASE WHEN i.category = 'preparation' THEN ${MOVE_VALUE} ELSE 0 END) AS preparation
         FROM stock_moves m JOIN stock_locations l ON l.id = m.to_location_id JOIN units u ON u.id = l.unit_id
         JOIN stock_batches b ON b.id = m.batch_id JOIN formulary_items i ON i.id = m.item_id
        WHERE m.change_type IN ('101', '108') AND m.at >= @startAt AND m.at < @endAt AND l.kind = 'store'
          AND (m.change_type = '108' OR (m.change_type = '101' AND u.is_lead = 0))
        GROUP BY l.unit_id`,
    )
    .all(period) as ({ unitId: number } & Pick<Bare, 'inflow' | 'formulary' | 'essential' | 'platform' | 'preparation'>)[];
  for (const r of inflow) Object.assign(of(r.unitId), { inflow: r.inflow, formulary: r.formulary, essential: r.essential, platform: r.platform, preparation: r.preparation });
  const outflow = c
    .prepare(
      `SELECT f.unit_id AS unitId, SUM(${MOVE_VALUE}) AS outflow FROM stock_moves m JOIN stock_locations f ON f.id = m.from_location_id
         LEFT JOIN stock_locations t ON t.id = m.to_location_id JOIN stock_batches b ON b.id = m.batch_id
        WHERE m.change_type IN ${ALL_TYPES} AND m.at >= @startAt AND m.at < @endAt AND f.kind = 'store' AND (t.id IS NULL OR t.unit_id <> f.unit_id)
        GROUP BY f.unit_id`,
    )
    .all(period) as { unitId: number; outflow: number }[];
  for (const r of outflow) of(r.unitId).outflow = r.outflow;
  const near = nearExpiryLimit(db, period);
  const held = (at: string) =>
    c
      .prepare(
        `WITH q AS (
           SELECT l.unit_id AS unitId, h.batch_id AS batchId, SUM(h.q) AS quantity FROM (
             SELECT location_id AS loc, batch_id, quantity AS q FROM stock_balances WHERE quantity <> 0
             UNION ALL SELECT to_location_id, batch_id, -quantity FROM stock_moves WHERE change_type IN ${ALL_TYPES} AND at >= @at AND to_location_id IS NOT NULL
             UNION ALL SELECT from_location_id, batch_id, quantity FROM stock_moves WHERE change_type IN ${ALL_TYPES} AND at >= @at AND from_location_id IS NOT NULL
           ) h JOIN stock_locations l ON l.id = h.loc WHERE l.kind = 'store' GROUP BY l.unit_id, h.batch_id HAVING SUM(h.q) <> 0)
         SELECT q.unitId, b.expiry, ${MOVE_VALUE.replaceAll('m.quantity', 'q.quantity')} AS value FROM q JOIN stock_batches b ON b.id = q.batchId`,
      )
      .all({ at }) as { unitId: number; expiry: string; value: number }[];
  for (const r of held(period.startAt)) of(r.unitId).opening += r.value;
  for (const r of held(period.endAt)) {
    const f = of(r.unitId);
    f.closing += r.value;
    if (r.expiry < period.nextFirstDay) f.expired += r.value;
    else if (r.expiry < near) f.near += r.value;
  }
  return out;
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-bench-monthly-'));
  try {
    const { db } = await signedInDatabase(dir);
    let since = performance.now();
    const fixture = buildStockFixture(db, { moves: MOVES, batches: BATCHES, items: ITEMS, members: MEMBERS, endsAt: new Date(`${MONTH}-20T08:00:00Z`), moveSpacingMs: 30_000 });
    // A tenth of the items 基本药物, a twentieth 院内制剂; a village-level gap so that 目录内 is not everything.
    db.$client.exec(`UPDATE formulary_items SET essential = (id % 10 = 0), category = CASE WHEN id % 20 = 7 THEN 'preparation' ELSE category END, level_village = (id % 3 <> 0)`);
    const transfers = transferMonth(db, fixture);
    db.$client.pragma('optimize');
    console.log(`fixture: ${fixture.counts.moves.toLocaleString()} moves, ${fixture.counts.batches.toLocaleString()} batches, ${ITEMS} items, ${MEMBERS} members, ${transfers.toLocaleString()} transfers in ${MONTH} (${seconds(since)})`);

    const app: number[] = [];
    const raw: number[] = [];
    let report: MonthlyReport | null = null;
    let bare = new Map<number, Bare>();
    for (let run = 0; run < RUNS; run++) {
      since = performance.now();
      const result = await executeOperation(db, 'report.monthly', { month: MONTH }, { system: actor });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      app.push(performance.now() - since);
      report = result.output as MonthlyReport;
      since = performance.now();
      bare = bareFigures(db);
      raw.push(performance.now() - since);
    }
    // The figures must be the bare sums, unit by unit.
    let checked = 0;
    for (const r of report!.units) {
      const b = bare.get(r.unitId!) ?? { inflow: 0, formulary: 0, essential: 0, platform: 0, preparation: 0, outflow: 0, opening: 0, closing: 0, near: 0, expired: 0 };
      const pairs: [string, number, number][] = [
        ['inflow', r.inflowMicro, b.inflow],
        ['formulary', r.formularyMicro, b.formulary],
        ['essential', r.essentialMicro, b.essential],
        ['platform', r.platformMicro, b.platform],
        ['preparation', r.preparationMicro, b.preparation],
        ['outflow', r.outflowMicro, b.outflow],
        ['opening', r.openingMicro, b.opening],
        ['closing', r.closingMicro, b.closing],
        ['near', r.nearExpiryMicro, b.near],
        ['expired', r.expiredMicro, b.expired],
      ];
      for (const [name, got, want] of pairs) if (got !== want) throw new Error(`${r.name} ${name}: report ${got}, bare SQL ${want}`);
      checked += 1;
    }
    const members = report!.units.filter((u) => u.inflowMicro > 0).length;
    const ratio = median(app) / median(raw);
    console.log(`report.monthly: median ${median(app).toFixed(0)} ms over ${RUNS} runs (${app.map((t) => t.toFixed(0)).join(', ')})`);
    console.log(`bare SQL aggregates: median ${median(raw).toFixed(0)} ms (${raw.map((t) => t.toFixed(0)).join(', ')})`);
    console.log(`figures checked: ${checked} units equal the bare sums; ${members} with inflow in the month`);
    console.log(`ratio: ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO}) ${ratio <= TARGET_RATIO ? 'OK' : 'OVER'}`);
    if (KEEP) console.log(`kept: ${dir}`);
    db.$client.close();
  } finally {
    if (!KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

await main();

/**
 * 召回追溯 at size (`npx tsx scripts/bench/recall-trace.ts [MOVES]`, default 1,000,000 moves; 50,000 batches and
 * 1,000,000 trace codes, scripts/bench/stock-fixture.ts): `recall.trace` of the bench item's first 批号 — held in
 * the central store and all 20 member stores, with about a fifth of the bench item's moves (~10,000 at 1M) — through
 * executeOperation as the pharmacy officer (session, access, transaction, output contract), the median of 40 calls
 * after 3 warm-ups. The raw limit measured in the same run, call by call interleaved: the bare `stock_balances`
 * lookup of those batch ids (what any trace must read at the least). Prints one JSON line: the time, the target
 * (≤ 50 ms) and the ratio trace / raw.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { executeOperation } from '../../core/registry.js';
import { systemActor } from '../../core/system-actor.js';
import { median, signedInDatabase } from './support.js';
import { buildStockFixture } from './stock-fixture.js';

const MOVES = Number(process.argv[2] ?? 1_000_000);
const TARGET_MS = 50;

const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-bench-recall-'));
const { db } = await signedInDatabase(dir);
const started = performance.now();
const fixture = buildStockFixture(db, { moves: MOVES });
const buildMs = Math.round(performance.now() - started);
db.$client.pragma('optimize');

const created = await executeOperation(db, 'user.create', { username: 'officer', displayName: '药事部', role: 'pharmacy_officer', unitId: 1 }, { system: systemActor('cli') });
if (!created.ok) throw new Error(JSON.stringify(created.error));
const { user, oneTimePassword } = created.output as { user: { username: string }; oneTimePassword: string };
const first = await executeOperation(db, 'auth.login', { username: user.username, password: oneTimePassword });
if (!first.ok || !first.session.issue) throw new Error('login failed');
await executeOperation(db, 'auth.changePassword', { currentPassword: oneTimePassword, newPassword: 'Officer2026pass' }, { sessionToken: first.session.issue });
const login = await executeOperation(db, 'auth.login', { username: user.username, password: 'Officer2026pass' });
if (!login.ok || !login.session.issue) throw new Error('login failed');
const token = login.session.issue;

const itemId = fixture.benchItemId;
const { batchNo } = db.$client.prepare('SELECT batch_no AS batchNo FROM stock_batches WHERE item_id = ? ORDER BY id LIMIT 1').get(itemId) as { batchNo: string };
const batchIds = (db.$client.prepare('SELECT id FROM stock_batches WHERE item_id = ? AND batch_no = ?').all(itemId, batchNo) as { id: number }[]).map((b) => b.id);
const batchMoves = (db.$client.prepare(`SELECT count(*) AS n FROM stock_moves WHERE batch_id IN (${batchIds.join(',')})`).get() as { n: number }).n;
const raw = db.$client.prepare('SELECT batch_id, location_id, quantity, reserved FROM stock_balances WHERE batch_id IN (SELECT value FROM json_each(?)) AND quantity > 0');
const ids = JSON.stringify(batchIds);

const traceTimes: number[] = [];
const rawTimes: number[] = [];
let holders = 0;
let codes = 0;
for (let round = 0; round < 43; round++) {
  let t = performance.now();
  const result = await executeOperation(db, 'recall.trace', { itemId, batchNo }, { sessionToken: token });
  const traceMs = performance.now() - t;
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  const out = result.output as { holders: unknown[]; codes: unknown[] };
  holders = out.holders.length;
  codes = out.codes.length;
  t = performance.now();
  raw.all(ids);
  const rawMs = performance.now() - t;
  if (round >= 3) {
    traceTimes.push(traceMs);
    rawTimes.push(rawMs);
  }
}
const traceMs = median(traceTimes);
const rawMs = median(rawTimes);
console.log(
  JSON.stringify({
    benchmark: 'recall.trace',
    moves: fixture.counts.moves,
    batches: fixture.counts.batches,
    traceCodes: fixture.counts.traceCodes,
    buildMs,
    batchMoves,
    holders,
    codes,
    ms: Number(traceMs.toFixed(2)),
    targetMs: TARGET_MS,
    withinTarget: traceMs <= TARGET_MS,
    rawBalancesMs: Number(rawMs.toFixed(3)),
    ratioToRaw: Number((traceMs / rawMs).toFixed(1)),
  }),
);
db.$client.close();
rmSync(dir, { recursive: true, force: true });

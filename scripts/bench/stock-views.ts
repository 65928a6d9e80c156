/**
 * Stock views at two ledger sizes (`npx tsx scripts/bench/stock-views.ts [SMALL] [LARGE]`, default 10,000 and
 * 1,000,000 moves; 50,000 batches and 1,000,000 trace codes each, scripts/bench/stock-fixture.ts): through
 * executeOperation as the pharmacy officer — session, access, transaction, output contract, scope — the median
 * of 40 calls after 3 warm-ups, the two sizes interleaved call by call, of
 *   - stock.onHand of the bench item across every location (420 balances at both sizes),
 *   - the first page of its ledger card (流水账) at the central store, 50 moves,
 *   - a deep page (page 10) of the same card,
 *   - the same card for the whole community (no store),
 * and the ratio large / small for each (target ≤ 2: the cost follows the page and the stock, not the history).
 * One JSON line per size and one for the ratios.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { executeOperation } from '../../core/registry.js';
import type { OperationName } from '../../core/api/index.js';
import { median, signedInDatabase } from './support.js';
import { buildStockFixture } from './stock-fixture.js';
import { systemActor } from '../../core/system-actor.js';

const SMALL = Number(process.argv[2] ?? 10_000);
const LARGE = Number(process.argv[3] ?? 1_000_000);

type Case = 'onHand' | 'ledgerFirst' | 'ledgerDeep' | 'ledgerCommunity';

/** A database of `moves` moves with the pharmacy officer signed in (the administrator has no stock.read). */
async function prepare(moves: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-bench-stock-'));
  const { db } = await signedInDatabase(dir);
  const started = performance.now();
  const fixture = buildStockFixture(db, { moves });
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
  const item = fixture.benchItemId;
  const store = fixture.centralStoreId;
  const inputs: Record<Case, [OperationName, unknown]> = {
    onHand: ['stock.onHand', { itemId: item, pageSize: 1000 }],
    ledgerFirst: ['stock.ledger', { itemId: item, storeId: store, page: 1, pageSize: 50 }],
    ledgerDeep: ['stock.ledger', { itemId: item, storeId: store, page: 10, pageSize: 50 }],
    ledgerCommunity: ['stock.ledger', { itemId: item, page: 1, pageSize: 50 }],
  };
  const benchItemMoves = (db.$client.prepare('SELECT count(*) AS n FROM stock_moves WHERE item_id = ?').get(item) as { n: number }).n;
  return { dir, db, token: login.session.issue, inputs, figures: { moves: fixture.counts.moves, benchItemMoves, balances: fixture.counts.balances, buildMs } };
}

const CASES: Case[] = ['onHand', 'ledgerFirst', 'ledgerDeep', 'ledgerCommunity'];
const small = await prepare(SMALL);
const large = await prepare(LARGE);
// Interleaved (small, large, small, large …) so that the load of a shared machine falls on both sizes alike.
const times = { small: {} as Record<Case, number[]>, large: {} as Record<Case, number[]> };
const rows = { small: {} as Record<Case, number>, large: {} as Record<Case, number> };
for (const c of CASES) {
  times.small[c] = [];
  times.large[c] = [];
}
for (let round = 0; round < 43; round++) {
  for (const c of CASES) {
    for (const size of ['small', 'large'] as const) {
      const target = size === 'small' ? small : large;
      const [name, input] = target.inputs[c];
      const start = performance.now();
      const result = await executeOperation(target.db, name, input, { sessionToken: target.token });
      const ms = performance.now() - start;
      if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
      rows[size][c] = (result.output as { rows: unknown[] }).rows.length;
      if (round >= 3) times[size][c].push(ms);
    }
  }
}
for (const size of ['small', 'large'] as const) {
  const target = size === 'small' ? small : large;
  const figures = Object.fromEntries(CASES.map((c) => [c, { ms: Number(median(times[size][c]).toFixed(2)), rows: rows[size][c] }]));
  console.log(JSON.stringify({ benchmark: 'stock.views', ...target.figures, ...figures }));
  target.db.$client.close();
  rmSync(target.dir, { recursive: true, force: true });
}
const ratio = (c: Case) => Number((median(times.large[c]) / median(times.small[c])).toFixed(2));
console.log(
  JSON.stringify({
    benchmark: 'stock.views.ratio',
    small: small.figures.moves,
    large: large.figures.moves,
    onHand: ratio('onHand'),
    ledgerFirstPage: ratio('ledgerFirst'),
    ledgerDeepPage: ratio('ledgerDeep'),
    ledgerCommunity: ratio('ledgerCommunity'),
    target: 2,
  }),
);

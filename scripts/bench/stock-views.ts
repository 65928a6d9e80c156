/**
 * Stock views at two ledger sizes (`npx tsx scripts/bench/stock-views.ts [SMALL] [LARGE]`, default 10,000 and
 * 1,000,000 moves; 50,000 batches and 1,000,000 trace codes each, scripts/bench/stock-fixture.ts): through
 * executeOperation as the pharmacy officer — session, access, transaction, output contract, scope — the median
 * of 30 calls after 3 warm-ups of
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
import { signedInDatabase } from './support.js';
import { buildStockFixture } from './stock-fixture.js';

const SMALL = Number(process.argv[2] ?? 10_000);
const LARGE = Number(process.argv[3] ?? 1_000_000);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measure(moves: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-bench-stock-'));
  try {
    const { db } = await signedInDatabase(dir);
    const started = performance.now();
    const fixture = buildStockFixture(db, { moves });
    const buildMs = Math.round(performance.now() - started);
    db.$client.pragma('optimize');
    // The pharmacy officer's session (the administrator has no stock.read).
    const created = await executeOperation(db, 'user.create', { username: 'officer', displayName: '药事部', role: 'pharmacy_officer', unitId: 1 }, { system: (await import('../../core/system-actor.js')).systemActor('cli') });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const { user, oneTimePassword } = created.output as { user: { username: string }; oneTimePassword: string };
    const first = await executeOperation(db, 'auth.login', { username: user.username, password: oneTimePassword });
    if (!first.ok || !first.session.issue) throw new Error('login failed');
    await executeOperation(db, 'auth.changePassword', { currentPassword: oneTimePassword, newPassword: 'Officer2026pass' }, { sessionToken: first.session.issue });
    const login = await executeOperation(db, 'auth.login', { username: user.username, password: 'Officer2026pass' });
    if (!login.ok || !login.session.issue) throw new Error('login failed');
    const token = login.session.issue;

    const timed = async (name: OperationName, input: unknown) => {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < 33; i++) {
        const start = performance.now();
        const result = await executeOperation(db, name, input, { sessionToken: token });
        const ms = performance.now() - start;
        if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
        rows = (result.output as { rows: unknown[] }).rows.length;
        if (i >= 3) times.push(ms);
      }
      return { ms: Number(median(times).toFixed(2)), rows };
    };
    const item = fixture.benchItemId;
    const store = fixture.centralStoreId;
    const benchMoves = (db.$client.prepare('SELECT count(*) AS n FROM stock_moves WHERE item_id = ?').get(item) as { n: number }).n;
    const figures = {
      moves: fixture.counts.moves,
      benchItemMoves: benchMoves,
      balances: fixture.counts.balances,
      buildMs,
      onHand: await timed('stock.onHand', { itemId: item, pageSize: 1000 }),
      ledgerFirst: await timed('stock.ledger', { itemId: item, storeId: store, page: 1, pageSize: 50 }),
      ledgerDeep: await timed('stock.ledger', { itemId: item, storeId: store, page: 10, pageSize: 50 }),
      ledgerCommunity: await timed('stock.ledger', { itemId: item, page: 1, pageSize: 50 }),
    };
    db.$client.close();
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const small = await measure(SMALL);
console.log(JSON.stringify({ benchmark: 'stock.views', ...small }));
const large = await measure(LARGE);
console.log(JSON.stringify({ benchmark: 'stock.views', ...large }));
const ratio = (key: 'onHand' | 'ledgerFirst' | 'ledgerDeep' | 'ledgerCommunity') => Number((large[key].ms / small[key].ms).toFixed(2));
console.log(
  JSON.stringify({
    benchmark: 'stock.views.ratio',
    small: small.moves,
    large: large.moves,
    onHand: ratio('onHand'),
    ledgerFirstPage: ratio('ledgerFirst'),
    ledgerDeepPage: ratio('ledgerDeep'),
    ledgerCommunity: ratio('ledgerCommunity'),
    target: 2,
  }),
);

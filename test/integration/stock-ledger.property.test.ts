import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open.js';
import { DomainError } from '../../core/errors.js';
import { batchFor, postMoves, reverseMovesOf, type MoveInput } from '../../core/stock/ledger.js';
import { verifyStock } from '../../core/stock/verify.js';
import { freshDb } from '../support/db.js';
import { inSlip, insertItem, testContext } from '../support/stock.js';
import { inTransaction } from '../../core/transaction.js';

/**
 * The ledger under random sequences of receipts, issues, transfers (through an in-transit location), documents of
 * several moves and reversals, each step one transaction as an operation runs it: after every step the balances
 * equal a model replayed in JavaScript, every invariant `stock verify` checks holds, and a refused step leaves
 * nothing behind.
 */
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

interface World {
  db: Db;
  locations: number[];
  batches: { id: number; itemId: number }[];
}

function world(): World {
  const fresh = freshDb();
  cleanups.push(fresh.dispose);
  const { db } = fresh;
  const sqlite = db.$client;
  const at = new Date().toISOString();
  const unit = Number(
    sqlite.prepare(`INSERT INTO units (code, name, kind, level, created_at, updated_at) VALUES ('U1', '县人民医院', 'county_hospital', 'county', ?, ?)`).run(at, at)
      .lastInsertRowid,
  );
  for (const [code, name] of [['S1', '中心药库'], ['S2', '门诊药房'], ['S3', '青石镇药房']]) {
    sqlite.prepare('INSERT INTO stores (unit_id, code, name, created_at) VALUES (?, ?, ?, ?)').run(unit, code, name, at);
  }
  sqlite.prepare(`INSERT INTO stock_locations (kind, store_id, unit_id, name, created_at) VALUES ('transit', NULL, ?, '在途', ?)`).run(unit, at);
  const locations = (sqlite.prepare('SELECT id FROM stock_locations ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  const items = [insertItem(db), insertItem(db, { name: '布洛芬缓释胶囊' })];
  const ctx = testContext(db);
  const batches = [0, 1, 2].map((n) => {
    const itemId = items[n % 2]!;
    const id = inTransaction(sqlite, true, () =>
      batchFor(ctx, { itemId, batchNo: `P${n}`, productionDate: null, expiry: '2028-12-31', costMicro: 10_000_000, costUnit: '盒', costPackFactor: 24, supplierId: null }),
    );
    return { id, itemId };
  });
  return { db, locations, batches };
}

type Model = Map<string, number>;
const key = (batchId: number, locationId: number) => `${batchId}:${locationId}`;

/** Applies moves to a copy of the model as postMoves does (from-end first); null if a balance would go below zero. */
function applied(model: Model, moves: readonly Pick<MoveInput, 'batchId' | 'fromLocationId' | 'toLocationId' | 'quantity'>[]): Model | null {
  const next = new Map(model);
  const change = (batchId: number, locationId: number, delta: number) => {
    const value = (next.get(key(batchId, locationId)) ?? 0) + delta;
    next.set(key(batchId, locationId), value);
    return value >= 0;
  };
  for (const m of moves) {
    if (m.fromLocationId !== null && !change(m.batchId, m.fromLocationId, -m.quantity)) return null;
    if (m.toLocationId !== null && !change(m.batchId, m.toLocationId, m.quantity)) return null;
  }
  return next;
}

function snapshot(db: Db): string {
  const sqlite = db.$client;
  return JSON.stringify([
    sqlite.prepare('SELECT count(*) AS n, COALESCE(max(id), 0) AS last FROM stock_moves').get(),
    sqlite.prepare('SELECT batch_id, location_id, quantity, reserved FROM stock_balances ORDER BY batch_id, location_id').all(),
    sqlite.prepare('SELECT count(*) AS n FROM documents').get(),
    sqlite.prepare('SELECT series, year, last FROM number_series ORDER BY series, year').all(),
  ]);
}

const moveSpec = fc.record({
  batch: fc.nat(2),
  from: fc.option(fc.nat(3), { nil: null }),
  to: fc.option(fc.nat(3), { nil: null }),
  quantity: fc.integer({ min: 1, max: 60 }),
});
const step = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('receive' as const), batch: fc.nat(2), to: fc.nat(3), quantity: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('moves' as const), moves: fc.array(moveSpec, { minLength: 1, maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reverse' as const), doc: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reverseTwice' as const), doc: fc.nat(20) }) },
);

describe('stock ledger (property)', () => {
  it('random moves and reversals keep balance = Σ moves, never below zero, and verify agrees; refusals leave nothing', () => {
    const seen = { accepted: 0, refused: 0, reversals: 0 };
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const { db, locations, batches } = world();
        let model: Model = new Map();
        /** Documents whose moves were posted and not yet reversed. */
        const posted: number[] = [];
        const reversed: number[] = [];
        for (const s of steps) {
          const before = snapshot(db);
          let planned: MoveInput[] = [];
          let expected: Model | null;
          let work: (documentId: number) => void;
          let target = 0;
          if (s.kind === 'receive') {
            const b = batches[s.batch]!;
            planned = [{ itemId: b.itemId, batchId: b.id, fromLocationId: null, toLocationId: locations[s.to]!, quantity: s.quantity, changeType: '108', documentId: 0, documentLineId: null }];
            expected = applied(model, planned);
            work = (documentId) => void postMoves(testContext(db), planned.map((m) => ({ ...m, documentId })));
          } else if (s.kind === 'moves') {
            planned = s.moves
              .map((m) => ({ ...m, from: m.from === null ? null : locations[m.from]!, to: m.to === null ? null : locations[m.to]! }))
              .filter((m) => m.from !== m.to && (m.from !== null || m.to !== null))
              .map((m) => {
                const b = batches[m.batch]!;
                return { itemId: b.itemId, batchId: b.id, fromLocationId: m.from, toLocationId: m.to, quantity: m.quantity, changeType: m.from && m.to ? '102' : m.to ? '106' : '107', documentId: 0, documentLineId: null } as MoveInput;
              });
            if (planned.length === 0) continue;
            expected = applied(model, planned);
            work = (documentId) => void postMoves(testContext(db), planned.map((m) => ({ ...m, documentId })));
          } else {
            const pool = s.kind === 'reverse' ? posted : reversed;
            if (pool.length === 0) continue;
            const original = (target = pool[s.doc % pool.length]!);
            const originals = db.$client
              .prepare('SELECT batch_id AS batchId, from_location_id AS fromLocationId, to_location_id AS toLocationId, -quantity AS quantity FROM stock_moves WHERE document_id = ? ORDER BY id')
              .all(original) as MoveInput[];
            expected = s.kind === 'reverse' ? applied(model, originals) : null;
            work = (documentId) => void reverseMovesOf(testContext(db), original, documentId);
          }
          let documentId = 0;
          let refusal: unknown = null;
          try {
            inSlip(db, (_ctx, id) => {
              documentId = id;
              work(id);
            });
          } catch (error) {
            refusal = error;
          }
          if (expected === null) {
            // Refused as a user would see it (VALIDATION: 库存不足, CONFLICT: 已冲销), and nothing of it is left behind.
            expect(refusal, JSON.stringify(s)).toBeInstanceOf(DomainError);
            expect(['VALIDATION', 'CONFLICT']).toContain((refusal as DomainError).code);
            expect(snapshot(db)).toBe(before);
            seen.refused += 1;
          } else {
            expect(refusal, JSON.stringify(s)).toBeNull();
            model = expected;
            seen.accepted += 1;
            if (s.kind === 'reverse') seen.reversals += 1;
            if (s.kind === 'reverse') reversed.push(...posted.splice(posted.indexOf(target), 1));
            else posted.push(documentId);
          }
          const stored = db.$client.prepare('SELECT batch_id AS b, location_id AS l, quantity AS q FROM stock_balances').all() as { b: number; l: number; q: number }[];
          for (const row of stored) expect(row.q).toBe(model.get(key(row.b, row.l)) ?? -1);
          expect([...model.values()].every((q) => q >= 0)).toBe(true);
          const verified = verifyStock(db.$client);
          expect(verified.problems).toEqual([]);
        }
      }),
      { numRuns: 40 },
    );
    // The generator reaches every path: posted steps, refused ones and reversals.
    expect(seen.accepted).toBeGreaterThan(50);
    expect(seen.refused).toBeGreaterThan(10);
    expect(seen.reversals).toBeGreaterThan(5);
  });

  it('the database refuses to update or delete a move, to reverse one twice, or a balance below zero', () => {
    const { db, locations, batches } = world();
    const b = batches[0]!;
    const { documentId } = inSlip(db, (ctx, id) => ({ documentId: id, moves: postMoves(ctx, [{ itemId: b.itemId, batchId: b.id, fromLocationId: null, toLocationId: locations[0]!, quantity: 10, changeType: '108', documentId: id, documentLineId: null }]) }));
    const sqlite = db.$client;
    expect(() => sqlite.prepare('UPDATE stock_moves SET quantity = 11').run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM stock_moves').run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('UPDATE stock_balances SET quantity = -1').run()).toThrow(/CHECK constraint failed/);
    expect(() => sqlite.prepare('UPDATE stock_balances SET reserved = 11').run()).toThrow(/CHECK constraint failed/);
    inSlip(db, (ctx, id) => reverseMovesOf(ctx, documentId, id));
    // reverseMovesOf picks only moves not themselves reversals; a hand-made second reversal is refused twice over.
    const again = () =>
      inSlip(db, (ctx, id) =>
        postMoves(ctx, [{ itemId: b.itemId, batchId: b.id, fromLocationId: null, toLocationId: locations[0]!, quantity: -10, changeType: '108', documentId: id, documentLineId: null, reversesMoveId: 1 }]),
      );
    expect(again).toThrow(/已冲销/);
    const docs = sqlite.prepare('SELECT max(id) AS d FROM documents').get() as { d: number };
    expect(() =>
      sqlite
        .prepare(`INSERT INTO stock_moves (item_id, batch_id, from_location_id, to_location_id, quantity, change_type, document_id, reverses_move_id, at, actor_name)
                  VALUES (?, ?, NULL, ?, -10, '108', ?, 1, 'now', 'x')`)
        .run(b.itemId, b.id, locations[0], docs.d),
    ).toThrow(/UNIQUE constraint failed: stock_moves.reverses_move_id/);
    // A move of another item's batch, a mirror that is not one, a negative move that reverses nothing: bugs, refused.
    const other = batches[1]!;
    expect(() => inSlip(db, (ctx, id) => postMoves(ctx, [{ itemId: b.itemId, batchId: other.id, fromLocationId: null, toLocationId: locations[0]!, quantity: 1, changeType: '108', documentId: id, documentLineId: null }]))).toThrow(/names batch/);
    expect(() => inSlip(db, (ctx, id) => postMoves(ctx, [{ itemId: b.itemId, batchId: b.id, fromLocationId: locations[0]!, toLocationId: null, quantity: -1, changeType: '107', documentId: id, documentLineId: null }]))).toThrow(/only a reversing move/);
    expect(verifyStock(sqlite).ok).toBe(true);
  });
});

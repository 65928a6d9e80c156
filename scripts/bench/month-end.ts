/**
 * 月结 (month-end): the 内部结算单 of 300 member units for a month of 100,000 confirmed shipment lines, on a database
 * of 1,000,000 moves — `settlement.issueAll` (every member's statement issued: the month's figures read, 300
 * documents numbered, written and read back, the audit entry) and `books.trialBalance` for the month, timed at the
 * operation level (executeOperation: admission, parsing, the transaction, the output checked), against the raw
 * limit measured in the same run: the same sums by bare SQL aggregates over journal_lines (per unit the opening,
 * received, returned, consumed, adjusted and closing 库存物资 of the statement and the centre's 内部往来 naming it;
 * per unit and account the trial balance's opening, debit, credit). Target: ratio ≤ 2.
 *
 *   npx tsx scripts/bench/month-end.ts [--moves 1000000] [--batches 50000] [--members 300] [--lines 100000]
 *                                      [--per-shipment 25] [--runs 5] [--keep]
 *
 * The fixture (not timed):
 * - the history is buildStockFixture's (scripts/bench/stock-fixture.ts) with 300 member units, its moves 30 s
 *   apart and ending before the month (about eleven months: 2025-11 … 2026-10), and booked into the journal by the
 *   app's own `bookMoves` one document at a time at each document's time — what `postMoves` books when the document
 *   is posted — so every member has an opening balance made of thousands of entries;
 * - the month (2026-11): `--lines` shipment lines in shipments of `--per-shipment` lines, round the members, each
 *   written, shipped and confirmed by the app's own functions (writeLines, shipShipment, confirmShipment: the
 *   reservations, the 102 / 101 moves through the member's in-transit location, the 签收 entries in both books),
 *   plus one 其他出库 per member (an adjustment) so every column of the statement has something in it.
 * After timing, the figures are checked: each issued statement equals the bare sums, its month's received equals
 * Σ amount of the shipment lines it signed for, and one member's opening equals its store's moves before the month
 * valued at cost move by move (the ledger, not the journal).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { OperationName, OpOutput } from '../../core/api/index.js';
import { lineAmountMicro } from '../../core/api/money.js';
import type { OperationContext } from '../../core/context.js';
import { shipmentType } from '../../core/distribution/document-types.js';
import { confirmShipment } from '../../core/distribution/shipments/confirmation.js';
import { storedLines, writeLines } from '../../core/distribution/shipments/lines.js';
import { shipShipment } from '../../core/distribution/shipments/shipping.js';
import { createDocument } from '../../core/documents/lifecycle.js';
import { bookMoves, type BookedMove } from '../../core/finance/books/booking.js';
import { executeOperation } from '../../core/registry.js';
import { postMoves, transitLocationFor, type MoveInput } from '../../core/stock/ledger.js';
import { inTransaction } from '../../core/transaction.js';
import { systemActor } from '../../core/system-actor.js';
import type { Db } from '../../db/open.js';
import { testContext, testSlip } from '../../test/support/stock.js';
import { buildStockFixture, type StockFixture } from './stock-fixture.js';
import { arg, median, signedInDatabase } from './support.js';

const MOVES = arg('moves', 1_000_000);
const BATCHES = arg('batches', 50_000);
const MEMBERS = arg('members', 300);
const LINES = arg('lines', 100_000);
const PER_SHIPMENT = arg('per-shipment', 25);
const RUNS = arg('runs', 5);
/** `--keep`: leave the database in place (its directory is printed) for EXPLAIN QUERY PLAN and the like. */
const KEEP = process.argv.includes('--keep');
const MONTH = '2026-11';
const LINE_QUANTITY = 48; // two boxes of 24
const TARGET_RATIO = 2;
const system = { system: systemActor('cli') };
const actor = systemActor('cli');
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** Books the fixture's history as postMoves would have when each document was posted: one call per document, at its time. */
function bookHistory(db: Db): { documents: number; entries: number; lines: number } {
  const c = db.$client;
  const documents = c.prepare(`SELECT id FROM documents WHERE type = 'bench_slip' ORDER BY id`).pluck().all() as number[];
  const movesOf = c.prepare(
    `SELECT document_id AS documentId, batch_id AS batchId, from_location_id AS fromLocationId, to_location_id AS toLocationId, quantity,
       change_type AS changeType, at FROM stock_moves WHERE document_id BETWEEN ? AND ? ORDER BY document_id, id`,
  );
  c.transaction(() => {
    const CHUNK = 500;
    for (let i = 0; i < documents.length; i += CHUNK) {
      const chunk = documents.slice(i, i + CHUNK);
      const rows = movesOf.all(chunk[0], chunk.at(-1)) as (BookedMove & { at: string })[];
      let from = 0;
      while (from < rows.length) {
        let to = from;
        while (to < rows.length && rows[to]!.documentId === rows[from]!.documentId) to += 1;
        const moves = rows.slice(from, to);
        bookMoves(testContext(db, actor, new Date(moves.at(-1)!.at)), moves);
        from = to;
      }
    }
  })();
  const count = (sql: string) => (c.prepare(sql).get() as { n: number }).n;
  return { documents: documents.length, entries: count('SELECT count(*) AS n FROM journal_entries'), lines: count('SELECT count(*) AS n FROM journal_lines') };
}

/** The month: shipments round the members, each written, shipped and confirmed by the app's functions. */
function shipMonth(db: Db, fixture: StockFixture): { shipments: number; lines: number } {
  const c = db.$client;
  const free = c
    .prepare(
      `SELECT sb.batch_id AS batchId, sb.item_id AS itemId, sb.quantity - sb.reserved AS free FROM stock_balances sb JOIN stock_batches b ON b.id = sb.batch_id
       WHERE sb.location_id = ? AND b.status = 'normal' AND sb.quantity - sb.reserved >= ? ORDER BY sb.batch_id`,
    )
    .all(fixture.centralLocationId, LINE_QUANTITY) as { batchId: number; itemId: number; free: number }[];
  const capacity = free.reduce((s, b) => s + Math.floor(b.free / LINE_QUANTITY), 0);
  if (capacity < LINES) throw new Error(`the central store can fill ${capacity} lines of ${LINE_QUANTITY}, not ${LINES}`);
  const shipmentCount = Math.ceil(LINES / PER_SHIPMENT);
  const monthStart = Date.parse(`${MONTH}-01T01:00:00Z`);
  const span = 28 * 86_400_000;
  let cursor = 0;
  let written = 0;
  const nextBatch = () => {
    for (;;) {
      const b = free[cursor % free.length]!;
      cursor += 1;
      if (b.free >= LINE_QUANTITY) {
        b.free -= LINE_QUANTITY;
        return b;
      }
    }
  };
  c.transaction(() => {
    for (let s = 0; s < shipmentCount; s++) {
      const m = s % fixture.memberUnitIds.length;
      const unitId = fixture.memberUnitIds[m]!;
      const at = monthStart + Math.floor((s * span) / shipmentCount);
      const ctx: OperationContext = testContext(db, actor, new Date(at));
      const document = createDocument(ctx, shipmentType);
      c.prepare(
        `INSERT INTO shipments (document_id, kind, requisition_id, from_store_id, to_store_id, member_unit_id, transit_location_id, return_reason, recall_id, reship_of_id, note)
         VALUES (?, 'transfer', NULL, ?, ?, ?, ?, '', NULL, NULL, '')`,
      ).run(document.id, fixture.centralStoreId, fixture.memberStoreIds[m]!, unitId, transitLocationFor(ctx, unitId));
      const n = Math.min(PER_SHIPMENT, LINES - written);
      writeLines(
        ctx,
        document.id,
        fixture.centralLocationId,
        Array.from({ length: n }, (_, i) => {
          const b = nextBatch();
          return { requisitionLineId: null, itemId: b.itemId, batchId: b.batchId, quantity: LINE_QUANTITY, nearMinimum: false, path: `lines.${i}.quantity` };
        }),
      );
      written += n;
      // Boxes are not scanned in the bench (every line says so), as a shipment without trace codes.
      shipShipment(ctx, 'transfer', { id: document.id, lines: storedLines(ctx, document.id).map((l) => ({ id: l.id, traceCodes: [] })) });
      confirmShipment(testContext(db, actor, new Date(at + 3_600_000)), { id: document.id });
    }
  })();
  // One 其他出库 per member in the month (an adjustment on its statement): 6 units of what it signed for.
  const signed = c.prepare(
    `SELECT l.item_id AS itemId, l.batch_id AS batchId FROM shipment_lines l JOIN shipments s ON s.document_id = l.document_id
     WHERE s.member_unit_id = ? ORDER BY l.id LIMIT 1`,
  );
  fixture.memberUnitIds.forEach((unitId, m) => {
    const line = signed.get(unitId) as { itemId: number; batchId: number } | undefined;
    if (!line) return;
    const ctxAt = new Date(Date.parse(`${MONTH}-29T03:00:00Z`) + m * 1000);
    inSlipAt(db, ctxAt, [{ itemId: line.itemId, batchId: line.batchId, fromLocationId: fixture.memberLocationIds[m]!, toLocationId: null, quantity: 6, changeType: '107' }]);
  });
  return { shipments: shipmentCount, lines: written };
}

/** Posts moves under a 测试出入库单 at a given time (as test/support/stock.ts inSlip does, with the bench's clock). */
function inSlipAt(db: Db, at: Date, moves: Omit<MoveInput, 'documentId' | 'documentLineId'>[]): void {
  const ctx = testContext(db, actor, at);
  inTransaction(db.$client, true, () => {
    const documentId = createDocument(ctx, testSlip).id;
    postMoves(ctx, moves.map((m) => ({ ...m, documentId, documentLineId: null })));
  });
}

interface BareFigures {
  unitId: number;
  openingMicro: number;
  receivedMicro: number;
  returnedMicro: number;
  consumedMicro: number;
  adjustedMicro: number;
  closingMicro: number;
  centreReceivedMicro: number;
  centreReturnedMicro: number;
}

/** The raw limit: the same sums with bare prepared statements — the statements' figures and the trial balance's. */
function bareSums(db: Db): { ms: number; figures: Map<number, BareFigures>; trialRows: number } {
  const c = db.$client;
  const member = c.prepare(
    `SELECT unit_id AS unitId,
       SUM(CASE WHEN month < @m THEN debit_micro - credit_micro ELSE 0 END) AS openingMicro,
       SUM(CASE WHEN month = @m AND kind = 'transfer' THEN debit_micro ELSE 0 END) AS receivedMicro,
       SUM(CASE WHEN month = @m AND kind = 'transfer' THEN credit_micro ELSE 0 END) AS returnedMicro,
       SUM(CASE WHEN month = @m AND kind = 'consumption' THEN credit_micro - debit_micro ELSE 0 END) AS consumedMicro,
       SUM(CASE WHEN month = @m AND kind NOT IN ('transfer', 'consumption') THEN debit_micro - credit_micro ELSE 0 END) AS adjustedMicro
     FROM journal_lines WHERE account = 'inventory' AND month <= @m GROUP BY unit_id`,
  );
  const centre = c.prepare(
    `SELECT counter_unit_id AS unitId, SUM(debit_micro) AS d, SUM(credit_micro) AS c FROM journal_lines
     WHERE account = 'interunit' AND month = @m AND counter_unit_id IS NOT NULL GROUP BY counter_unit_id`,
  );
  const trial = c.prepare(
    `SELECT unit_id, account, SUM(CASE WHEN month < @m THEN debit_micro - credit_micro ELSE 0 END) AS opening,
       SUM(CASE WHEN month = @m THEN debit_micro ELSE 0 END) AS debit, SUM(CASE WHEN month = @m THEN credit_micro ELSE 0 END) AS credit
     FROM journal_lines WHERE month <= @m GROUP BY unit_id, account`,
  );
  const started = performance.now();
  const figures = new Map<number, BareFigures>();
  for (const r of member.all({ m: MONTH }) as Omit<BareFigures, 'closingMicro' | 'centreReceivedMicro' | 'centreReturnedMicro'>[]) {
    const closingMicro = r.openingMicro + r.receivedMicro - r.returnedMicro - r.consumedMicro + r.adjustedMicro;
    figures.set(r.unitId, { ...r, closingMicro, centreReceivedMicro: 0, centreReturnedMicro: 0 });
  }
  for (const r of centre.all({ m: MONTH }) as { unitId: number; d: number; c: number }[]) {
    const f = figures.get(r.unitId);
    if (f) {
      f.centreReceivedMicro = r.d;
      f.centreReturnedMicro = r.c;
    }
  }
  const trialRows = (trial.all({ m: MONTH }) as unknown[]).length;
  return { ms: performance.now() - started, figures, trialRows };
}

/** One member's opening from the ledger itself: its store's moves before the month, valued at cost one move at a time. */
function openingFromMoves(db: Db, locationId: number): number {
  const rows = db.$client
    .prepare(
      `SELECT m.from_location_id AS fromId, m.quantity, b.cost_micro AS priceMicro, b.cost_pack_factor AS packFactor FROM stock_moves m
       JOIN stock_batches b ON b.id = m.batch_id WHERE (m.from_location_id = ? OR m.to_location_id = ?) AND m.at < ?`,
    )
    .all(locationId, locationId, `${MONTH}-01T00:00:00Z`) as { fromId: number | null; quantity: number; priceMicro: number; packFactor: number }[];
  return rows.reduce((s, r) => s + (r.fromId === locationId ? -1 : 1) * lineAmountMicro(r.quantity, r), 0);
}

async function op<N extends OperationName>(db: Db, name: N, input: unknown): Promise<{ ms: number; output: OpOutput<N> }> {
  const t0 = performance.now();
  const result = await executeOperation(db, name, input, system);
  const ms = performance.now() - t0;
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error).slice(0, 400)}`);
  return { ms, output: result.output as OpOutput<N> };
}

const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-bench-month-end-'));
try {
  const { db } = await signedInDatabase(dir);
  let started = performance.now();
  const fixture = buildStockFixture(db, { moves: MOVES, batches: BATCHES, members: MEMBERS, traceCodes: 0, endsAt: new Date(`${MONTH}-01T00:00:00+08:00`), moveSpacingMs: 30_000 });
  console.log(`history: ${JSON.stringify(fixture.counts)} in ${seconds(started)}`);
  started = performance.now();
  const booked = bookHistory(db);
  console.log(`history booked: ${JSON.stringify(booked)} in ${seconds(started)}`);
  started = performance.now();
  const month = shipMonth(db, fixture);
  const journal = db.$client.prepare('SELECT count(*) AS n, sum(month = ?) AS inMonth FROM journal_lines').get(MONTH) as { n: number; inMonth: number };
  console.log(`${MONTH}: ${month.lines} shipment lines in ${month.shipments} shipments, confirmed, in ${seconds(started)}; journal ${journal.n} lines, ${journal.inMonth} in the month`);
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.pragma('optimize');

  // Warm both sides once (page cache, prepared statements), then the raw limit.
  bareSums(db);
  await op(db, 'books.trialBalance', { month: MONTH });
  const bares: number[] = [];
  let bare = bareSums(db);
  for (let r = 0; r < RUNS; r++) {
    bare = bareSums(db);
    bares.push(bare.ms);
  }

  // The month-end itself: every member's statement issued, then the trial balance.
  const issued = await op(db, 'settlement.issueAll', { month: MONTH, requestId: `bench-month-end-${Date.now()}` });
  const trial = await op(db, 'books.trialBalance', { month: MONTH });
  const totalMs = issued.ms + trial.ms;
  bares.push(bareSums(db).ms);
  const bareMs = median(bares);

  // The figures are the books': every statement equals the bare sums and what it signed for; one opening equals the ledger.
  if (issued.output.issued !== MEMBERS) throw new Error(`issued ${issued.output.issued} statements, expected ${MEMBERS}`);
  const shipped = new Map(
    (
      db.$client
        .prepare(`SELECT s.member_unit_id AS unitId, SUM(l.amount_micro) AS amount FROM shipment_lines l JOIN shipments s ON s.document_id = l.document_id GROUP BY s.member_unit_id`)
        .all() as { unitId: number; amount: number }[]
    ).map((r) => [r.unitId, r.amount]),
  );
  for (const s of issued.output.statements) {
    const b = bare.figures.get(s.unitId)!;
    const keys = ['openingMicro', 'receivedMicro', 'returnedMicro', 'consumedMicro', 'adjustedMicro', 'closingMicro', 'centreReceivedMicro', 'centreReturnedMicro'] as const;
    for (const k of keys) if (s[k] !== b[k]) throw new Error(`${s.unitName} ${k}: statement ${s[k]} ≠ bare ${b[k]}`);
    if (s.receivedMicro !== shipped.get(s.unitId)) throw new Error(`${s.unitName} received ${s.receivedMicro} ≠ shipment lines ${shipped.get(s.unitId)}`);
    if (s.centreReceivedMicro - s.centreReturnedMicro !== s.receivedMicro - s.returnedMicro) throw new Error(`${s.unitName} does not balance with the centre`);
  }
  if (trial.output.rows.length !== bare.trialRows || !trial.output.balanced) throw new Error(`trial balance: ${trial.output.rows.length} rows vs ${bare.trialRows}, balanced ${trial.output.balanced}`);
  const sampleIndex = Math.floor(MEMBERS / 2);
  const sample = await op(db, 'settlement.statement', { unitId: fixture.memberUnitIds[sampleIndex]!, month: MONTH });
  const ledgerOpening = openingFromMoves(db, fixture.memberLocationIds[sampleIndex]!);
  if (sample.output.openingMicro !== ledgerOpening) throw new Error(`${sample.output.unitName} opening ${sample.output.openingMicro} ≠ its moves ${ledgerOpening}`);
  console.log(
    `sample ${sample.output.unitName}: opening ${sample.output.openingMicro} (= its moves before ${MONTH}), received ${sample.output.receivedMicro}, returned ${sample.output.returnedMicro}, ` +
      `consumed ${sample.output.consumedMicro}, adjusted ${sample.output.adjustedMicro}, closing ${sample.output.closingMicro} micro-yuan`,
  );
  const again = await op(db, 'settlement.issueAll', { month: MONTH, requestId: `bench-month-end-again-${Date.now()}` });
  console.log(
    `settlement.issueAll: ${issued.ms.toFixed(0)} ms (${issued.output.issued} issued); books.trialBalance: ${trial.ms.toFixed(0)} ms (${trial.output.rows.length} rows); ` +
      `bare sums: ${bares.map((b) => b.toFixed(0)).join(', ')} ms; issueAll again (nothing changed): ${again.ms.toFixed(0)} ms (${again.output.skipped} skipped)`,
  );
  console.log(
    JSON.stringify({
      moves: fixture.counts.moves + 2 * month.lines + MEMBERS,
      members: MEMBERS,
      shipmentLines: month.lines,
      journalLines: journal.n,
      issueAllMs: Math.round(issued.ms),
      trialBalanceMs: Math.round(trial.ms),
      totalMs: Math.round(totalMs),
      bareMs: Math.round(bareMs),
      ratio: Number((totalMs / bareMs).toFixed(2)),
      targetRatio: TARGET_RATIO,
      withinTarget: totalMs / bareMs <= TARGET_RATIO,
    }),
  );
  db.$client.close();
} finally {
  if (KEEP) console.log(`database kept: ${path.join(dir, 'tongcai.db')}`);
  else rmSync(dir, { recursive: true, force: true });
}

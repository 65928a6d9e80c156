/**
 * A stock ledger of a given size for the benchmarks, written with bare prepared statements in one transaction
 * (seconds, not the hours posting it through operations would take): `buildStockFixture(db, {moves, batches,
 * traceCodes, items})` on a migrated database whose community is set up (support.ts `signedInDatabase`).
 *
 * What it holds: `items` formulary items (在用, every level, a listed price per 盒 of 24, a 7-digit trace prefix
 * each: `1000000 + index`), 20 township units with a store each, one in-transit location, one qualified supplier,
 * `batches` batches, `traceCodes` received trace codes (prefix + a 13-digit serial below `traceCodes`), and
 * `moves` moves under posted 其他出入库 documents (series QT, 50 moves each): receipts into the central store,
 * transfers to the member stores, issues out of them, returns and an occasional reversal, every balance kept
 * non-negative on the way and `stock_balances` equal to the replay (so `stock verify` passes).
 *
 * The **bench item** (`benchItemId`, the first item) has the same current stock whatever the size — 20 batches
 * in the central store and in each of the 20 member stores, 420 balances — and 20 % of all moves: its history
 * grows with `moves` while what `stock.onHand` must return does not. Every one of its later moves touches the
 * central store, so its ledger card there has a page as deep as wanted at every size.
 */
import { usccCheckChar } from '../../core/api/codes.js';
import { communityYear } from '../../core/time.js';
import type { Db } from '../../db/open.js';

export interface StockFixtureOptions {
  moves: number;
  batches?: number;
  traceCodes?: number;
  items?: number;
  /** Member units (each with one store); default 20. */
  members?: number;
  /** When the last move happened (default: now); the moves before it are `moveSpacingMs` apart. */
  endsAt?: Date;
  /** Time between two moves, default 1,000 ms (30,000: 1,000,000 moves span about eleven months). */
  moveSpacingMs?: number;
}

export interface StockFixture {
  itemIds: number[];
  benchItemId: number;
  supplierId: number;
  centralStoreId: number;
  centralLocationId: number;
  /** The member stores and their locations, in the same order. */
  memberStoreIds: number[];
  memberLocationIds: number[];
  memberUnitIds: number[];
  transitLocationId: number;
  /** Trace codes in use are `tracePrefix(itemId)` + a 13-digit serial below this. */
  traceSerialsUsed: number;
  tracePrefix: (itemId: number) => string;
  counts: { moves: number; batches: number; balances: number; traceCodes: number; documents: number };
}

const BENCH_BATCHES = 20;
const MOVES_PER_DOCUMENT = 50;

/** A small deterministic generator (mulberry32), so the same size builds the same ledger. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildStockFixture(db: Db, options: StockFixtureOptions): StockFixture {
  const sqlite = db.$client;
  const totalMoves = options.moves;
  const batchCount = options.batches ?? 50_000;
  const traceCount = options.traceCodes ?? 1_000_000;
  const itemCount = options.items ?? 1_000;
  const memberCount = options.members ?? 20;
  const now = new Date();
  const at = now.toISOString();
  const year = communityYear(now);
  const rand = random(7);

  return sqlite.transaction((): StockFixture => {
    // Units and stores (the trigger gives each store its location), one in-transit location, a supplier.
    const central = sqlite.prepare('SELECT s.id AS storeId, l.id AS locationId FROM stores s JOIN stock_locations l ON l.store_id = s.id WHERE s.is_central = 1 ORDER BY s.id LIMIT 1').get() as
      | { storeId: number; locationId: number }
      | undefined;
    if (!central) throw new Error('the community must be set up first (signedInDatabase)');
    const insertUnit = sqlite.prepare(`INSERT INTO units (code, name, kind, level, created_at, updated_at) VALUES (?, ?, 'township_hospital', 'township', ?, ?)`);
    const insertStore = sqlite.prepare('INSERT INTO stores (unit_id, code, name, created_at) VALUES (?, ?, ?, ?)');
    const locationOf = sqlite.prepare('SELECT id FROM stock_locations WHERE store_id = ?');
    const memberUnitIds: number[] = [];
    const memberStoreIds: number[] = [];
    const memberLocationIds: number[] = [];
    for (let m = 0; m < memberCount; m++) {
      const unitId = Number(insertUnit.run(`BENCH-WS${m + 1}`, `基准第${m + 1}卫生院`, at, at).lastInsertRowid);
      const storeId = Number(insertStore.run(unitId, `BENCH-YF${m + 1}`, `第${m + 1}卫生院药房`, at).lastInsertRowid);
      memberUnitIds.push(unitId);
      memberStoreIds.push(storeId);
      memberLocationIds.push((locationOf.get(storeId) as { id: number }).id);
    }
    const transitLocationId = Number(
      sqlite.prepare(`INSERT INTO stock_locations (kind, store_id, unit_id, name, created_at) VALUES ('transit', NULL, ?, '在途：中心药库 → 第1卫生院', ?)`).run(memberUnitIds[0] ?? 1, at)
        .lastInsertRowid,
    );
    const uscc = '91330100700000099';
    const supplierId = Number(
      sqlite
        .prepare(`INSERT INTO suppliers (name, uscc, kind, sme, created_at, updated_at) VALUES ('基准医药有限公司', ?, 'distributor', 1, ?, ?)`)
        .run(`${uscc}${usccCheckChar(uscc)!}`, at, at).lastInsertRowid,
    );
    const qualification = sqlite.prepare('INSERT INTO supplier_qualifications (supplier_id, kind, number, expires_on) VALUES (?, ?, ?, ?)');
    for (const kind of ['business_licence', 'drug_trade_licence', 'drug_production_licence', 'device_trade_licence', 'gsp', 'authorization']) {
      qualification.run(supplierId, kind, `BENCH-${kind}`, kind === 'business_licence' ? null : '2035-12-31');
    }

    // Items.
    const insertItem = sqlite.prepare(
      `INSERT INTO formulary_items (code, insurance_code, generic_name, trade_name, spec, dosage_form, manufacturer, holder, approval_no, standard_code,
         category, base_unit, packs, purchase_unit, issue_unit, essential, insurance_class, vbp, level_county, level_township, level_village, status,
         pinyin_initials, pinyin_full, version, created_at, updated_at, trace_prefix, trace_pack)
       VALUES (?, '', ?, '', ?, '片剂', '基准制药股份有限公司', '', ?, '', 'western', '片', '[{"unit":"盒","factor":24}]', '盒', '片', 0, '', NULL, 1, 1, 1, 'active',
         ?, ?, 0, ?, ?, ?, '盒')`,
    );
    const insertPrice = sqlite.prepare(
      `INSERT INTO item_prices (item_id, kind, price_micro, unit, pack_factor, effective_from, note, recorded_at, recorded_by) VALUES (?, 'listed', ?, '盒', 24, '2026-01-01', '', ?, '基准')`,
    );
    const itemIds: number[] = [];
    const prefixes = new Map<number, string>();
    for (let i = 0; i < itemCount; i++) {
      const prefix = String(1_000_000 + i);
      const id = Number(insertItem.run(`BENCH${String(i).padStart(6, '0')}`, `基准药品${i}`, `${(i % 9) + 1}0mg`, `国药准字H${30000000 + i}`, `jzyp${i}`, `jizhunyaopin${i}`, at, at, prefix).lastInsertRowid);
      insertPrice.run(id, 12_000_000 + i * 1000, at);
      itemIds.push(id);
      prefixes.set(id, prefix);
    }
    const benchItemId = itemIds[0]!;

    // Batches: batch b belongs to item b % items; the bench item's first 20 batches are the ones it holds.
    const insertBatch = sqlite.prepare(
      `INSERT INTO stock_batches (item_id, batch_no, production_date, expiry, cost_micro, cost_unit, cost_pack_factor, supplier_id, status, created_at)
       VALUES (?, ?, '2026-01-01', ?, ?, '盒', 24, ?, ?, ?)`,
    );
    const batchIds = new Int32Array(batchCount);
    const batchItem = new Int32Array(batchCount);
    for (let b = 0; b < batchCount; b++) {
      const itemId = itemIds[b % itemCount]!;
      const month = (b % 36) + 1;
      const expiry = `${2026 + Math.floor(month / 12) + 1}-${String((month % 12) + 1).padStart(2, '0')}-28`;
      batchItem[b] = itemId;
      batchIds[b] = Number(insertBatch.run(itemId, `P${String(b).padStart(7, '0')}`, expiry, 12_000_000 + (b % 500) * 1000, supplierId, b % 97 === 5 ? 'on_hold' : 'normal', at).lastInsertRowid);
    }
    const benchBatches: number[] = [];
    for (let b = 0; b < batchCount && benchBatches.length < BENCH_BATCHES; b += itemCount) benchBatches.push(b);
    // Every batch of the bench item stays out of the general traffic; only its first 20 hold stock.
    const isBench = new Uint8Array(batchCount);
    for (let b = 0; b < batchCount; b += itemCount) isBench[b] = 1;

    // Documents are made as moves need them.
    const startSeq = ((sqlite.prepare("SELECT last FROM number_series WHERE series = 'QT' AND year = ?").get(year) as { last: number } | undefined)?.last ?? 0) + 1;
    let seq = startSeq - 1;
    const insertDocument = sqlite.prepare(
      `INSERT INTO documents (type, series, year, seq, number, state, version, posted, created_at, created_by, updated_at, updated_by)
       VALUES ('bench_slip', 'QT', ?, ?, ?, 'posted', 2, 1, ?, '基准', ?, '基准')`,
    );
    let documentId = 0;
    let inDocument = MOVES_PER_DOCUMENT;

    // The moves, replayed into balances on the way (locations: 0 = central, 1..members = member stores).
    const locationIds = [central.locationId, ...memberLocationIds];
    const L = locationIds.length;
    const balance = new Int32Array(batchCount * L);
    const touched = new Uint8Array(batchCount * L);
    const firstMoveId = ((sqlite.prepare('SELECT COALESCE(max(id), 0) AS n FROM stock_moves').get() as { n: number }).n) + 1;
    let moveId = firstMoveId - 1;
    const insertMove = sqlite.prepare(
      `INSERT INTO stock_moves (id, item_id, batch_id, from_location_id, to_location_id, quantity, change_type, document_id, document_line_id, reverses_move_id, at, actor_name)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, '基准')`,
    );
    const spacingMs = options.moveSpacingMs ?? 1000;
    const startMs = (options.endsAt ?? now).getTime() - totalMoves * spacingMs;
    const issues: { id: number; b: number; from: number; q: number }[] = [];
    const move = (b: number, from: number | null, to: number | null, q: number, changeType: string, reverses: number | null = null) => {
      if (inDocument === MOVES_PER_DOCUMENT) {
        seq += 1;
        documentId = Number(insertDocument.run(year, seq, `QT${year}-${String(seq).padStart(6, '0')}`, at, at).lastInsertRowid);
        inDocument = 0;
      }
      inDocument += 1;
      moveId += 1;
      if (from !== null) {
        balance[b * L + from]! -= q;
        touched[b * L + from] = 1;
      }
      if (to !== null) {
        balance[b * L + to]! += q;
        touched[b * L + to] = 1;
      }
      insertMove.run(moveId, batchItem[b]!, batchIds[b]!, from === null ? null : locationIds[from]!, to === null ? null : locationIds[to]!, q, changeType, documentId, reverses, new Date(startMs + (moveId - firstMoveId) * spacingMs).toISOString());
      return moveId;
    };
    const budget = () => moveId - firstMoveId + 1 < totalMoves;
    const member = () => 1 + Math.floor(rand() * memberCount);

    // The bench item's standing stock: 20 batches in the central store and in every member store.
    for (const b of benchBatches) {
      if (!budget()) break;
      // Enough for 500 in every member store and as much again in the central store (100,000 up to 100 members).
      move(b, null, 0, Math.max(100_000, memberCount * 1_000), '108');
      for (let m = 1; m <= memberCount && budget(); m++) move(b, 0, m, 500, '102');
    }
    let nextBatch = 0;
    const received: number[] = [];
    while (budget()) {
      if (rand() < 0.2 && benchBatches.length > 0) {
        // The bench item: a small transfer out of the central store and back, so its stock stays put.
        const b = benchBatches[Math.floor(rand() * benchBatches.length)]!;
        const m = member();
        if (rand() < 0.5 && balance[b * L]! > 10) move(b, 0, m, 3, '102');
        else if (balance[b * L + m]! > 300) move(b, m, 0, 3, '101');
        else move(b, null, 0, 10, '106');
        continue;
      }
      while (nextBatch < batchCount && isBench[nextBatch]) nextBatch += 1;
      if (nextBatch < batchCount && (received.length < 50 || rand() < 0.35)) {
        move(nextBatch, null, 0, 2_400, '108');
        received.push(nextBatch++);
        continue;
      }
      if (received.length === 0) break;
      const b = received[Math.floor(rand() * received.length)]!;
      const m = member();
      const roll = rand();
      if (roll < 0.01 && issues.length > 0) {
        const issue = issues.splice(Math.floor(rand() * issues.length), 1)[0]!;
        move(issue.b, issue.from, null, -issue.q, '107', issue.id);
      } else if (roll < 0.5 && balance[b * L]! >= 48) move(b, 0, m, 48, '102');
      else if (balance[b * L + m]! >= 6) {
        const id = move(b, m, null, 6, '107');
        if (issues.length < 10_000) issues.push({ id, b, from: m, q: 6 });
      } else move(b, null, 0, 240, '106');
    }
    sqlite
      .prepare(`INSERT INTO number_series (series, year, last) VALUES ('QT', ?, ?) ON CONFLICT (series, year) DO UPDATE SET last = max(last, excluded.last)`)
      .run(year, seq);

    // Balances: every (batch, location) a move touched, zero ones too, as the ledger keeps them.
    const insertBalance = sqlite.prepare('INSERT INTO stock_balances (batch_id, location_id, item_id, quantity, reserved, expiry) VALUES (?, ?, ?, ?, 0, (SELECT expiry FROM stock_batches WHERE id = ?))');
    let balances = 0;
    for (let b = 0; b < batchCount; b++) {
      for (let l = 0; l < L; l++) {
        if (!touched[b * L + l]) continue;
        insertBalance.run(batchIds[b]!, locationIds[l]!, batchItem[b]!, balance[b * L + l]!, batchIds[b]!);
        balances += 1;
      }
    }

    // Trace codes: received into the batches, under the documents made above.
    const insertCode = sqlite.prepare('INSERT INTO trace_codes (code, item_id, batch_id, document_id, document_line_id, at) VALUES (?, ?, ?, ?, 1, ?)');
    const firstDocument = documentId - (seq - startSeq);
    for (let n = 0; n < traceCount; n++) {
      const b = n % batchCount;
      insertCode.run(`${prefixes.get(batchItem[b]!)!}${String(n).padStart(13, '0')}`, batchItem[b]!, batchIds[b]!, documentId > 0 ? firstDocument + (n % (seq - startSeq + 1)) : 1, at);
    }

    return {
      itemIds,
      benchItemId,
      supplierId,
      centralStoreId: central.storeId,
      centralLocationId: central.locationId,
      memberStoreIds,
      memberLocationIds,
      memberUnitIds,
      transitLocationId,
      traceSerialsUsed: traceCount,
      tracePrefix: (itemId) => prefixes.get(itemId)!,
      counts: { moves: moveId - firstMoveId + 1, batches: batchCount, balances, traceCodes: traceCount, documents: seq - startSeq + 1 },
    };
  })();
}

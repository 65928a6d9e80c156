import type Database from 'better-sqlite3';
import { prepared } from '../../db/statements.js';

/**
 * `stock verify`: the ledger's invariants, checked from the database alone. Every balance is rebuilt by
 * replaying the moves in order (Σ in − Σ out per batch and location) and diffed with `stock_balances`; the
 * replay also proves no balance ever went below zero. Then every move is checked on its own (non-zero
 * quantity, two different ends, its item is its batch's) and every reversing move against its original.
 * Finally each balance's `reserved` must equal what the unshipped shipments hold there: Σ quantity of the lines
 * of allocated transfers (调拨单 已配货) and of returns not yet shipped (退库单 草稿 / 待审核 / 已批准), at their
 * sending store's location — a reservation nothing holds, or a line that holds none, is a problem.
 */
export type StockProblemKind =
  | 'balance_missing'
  | 'balance_extra'
  | 'balance_different'
  | 'balance_item_mismatch'
  | 'balance_expiry_mismatch'
  | 'negative_balance'
  | 'reserved_invalid'
  | 'reserved_mismatch'
  | 'went_negative'
  | 'move_item_mismatch'
  | 'zero_quantity'
  | 'same_location'
  | 'no_location'
  | 'reversal_mismatch'
  | 'reversed_twice';

export interface StockProblem {
  kind: StockProblemKind;
  /** zh-CN, for the console. */
  message: string;
  moveId?: number;
  batchId?: number;
  locationId?: number;
  itemId?: number;
  /** From the moves. */
  expected?: number;
  /** In stock_balances. */
  actual?: number;
}

export interface StockVerifyResult {
  ok: boolean;
  checked: { moves: number; balances: number };
  /** How many problems were found (only the first `limit` are listed). */
  problemCount: number;
  problems: StockProblem[];
}

interface Move {
  id: number;
  itemId: number;
  batchId: number;
  batchItemId: number | null;
  fromLocationId: number | null;
  toLocationId: number | null;
  quantity: number;
  changeType: string;
  reversesMoveId: number | null;
}

export function verifyStock(sqlite: Database.Database, options: { limit?: number } = {}): StockVerifyResult {
  const limit = options.limit ?? 100;
  const problems: StockProblem[] = [];
  let problemCount = 0;
  const report = (problem: StockProblem) => {
    problemCount += 1;
    if (problems.length < limit) problems.push(problem);
  };

  // Replay the moves in id order: the balances they make, and whether any went below zero on the way.
  const replayed = new Map<string, { batchId: number; locationId: number; itemId: number; quantity: number }>();
  const apply = (move: Move, locationId: number, delta: number) => {
    const key = `${move.batchId}:${locationId}`;
    let balance = replayed.get(key);
    if (!balance) replayed.set(key, (balance = { batchId: move.batchId, locationId, itemId: move.batchItemId ?? move.itemId, quantity: 0 }));
    balance.quantity += delta;
    if (balance.quantity < 0) {
      report({ kind: 'went_negative', moveId: move.id, batchId: move.batchId, locationId, actual: balance.quantity, message: `移动 #${move.id} 使批次 ${move.batchId} 在库位 ${locationId} 的结存变为 ${balance.quantity}（不得为负）` });
    }
  };
  let moves = 0;
  const moveRows = prepared(
    sqlite,
    `SELECT m.id, m.item_id AS itemId, m.batch_id AS batchId, b.item_id AS batchItemId, m.from_location_id AS fromLocationId,
       m.to_location_id AS toLocationId, m.quantity, m.change_type AS changeType, m.reverses_move_id AS reversesMoveId
     FROM stock_moves m LEFT JOIN stock_batches b ON b.id = m.batch_id ORDER BY m.id`,
  );
  const reversed = new Map<number, number>();
  for (const move of moveRows.iterate() as IterableIterator<Move>) {
    moves += 1;
    if (move.quantity === 0 || !Number.isInteger(move.quantity)) report({ kind: 'zero_quantity', moveId: move.id, message: `移动 #${move.id} 的数量为 ${move.quantity}（须为非零整数）` });
    if (move.fromLocationId === null && move.toLocationId === null) report({ kind: 'no_location', moveId: move.id, message: `移动 #${move.id} 既无发出库位也无接收库位` });
    if (move.fromLocationId !== null && move.fromLocationId === move.toLocationId) {
      report({ kind: 'same_location', moveId: move.id, locationId: move.fromLocationId, message: `移动 #${move.id} 的发出与接收是同一库位 ${move.fromLocationId}` });
    }
    if (move.batchItemId !== move.itemId) {
      report({ kind: 'move_item_mismatch', moveId: move.id, batchId: move.batchId, itemId: move.itemId, message: `移动 #${move.id} 的品种 ${move.itemId} 与其批次 ${move.batchId} 的品种 ${move.batchItemId ?? '（批次不存在）'} 不符` });
    }
    if (move.reversesMoveId !== null) {
      const times = (reversed.get(move.reversesMoveId) ?? 0) + 1;
      reversed.set(move.reversesMoveId, times);
      if (times > 1) report({ kind: 'reversed_twice', moveId: move.id, message: `移动 #${move.reversesMoveId} 被冲销了 ${times} 次（移动 #${move.id}）` });
    }
    if (move.fromLocationId !== null) apply(move, move.fromLocationId, -move.quantity);
    if (move.toLocationId !== null) apply(move, move.toLocationId, move.quantity);
  }

  // Each reversing move mirrors its original: same item, batch, ends and change type, negated quantity; an original is not itself a reversal.
  const mismatched = prepared(
    sqlite,
    `SELECT r.id AS moveId, r.reverses_move_id AS originalId FROM stock_moves r JOIN stock_moves o ON o.id = r.reverses_move_id
     WHERE r.reverses_move_id IS NOT NULL AND (o.item_id <> r.item_id OR o.batch_id <> r.batch_id OR o.from_location_id IS NOT r.from_location_id
       OR o.to_location_id IS NOT r.to_location_id OR o.change_type <> r.change_type OR o.quantity <> -r.quantity OR o.reverses_move_id IS NOT NULL
       OR o.id >= r.id)
     ORDER BY r.id`,
  ).all() as { moveId: number; originalId: number }[];
  for (const m of mismatched) {
    report({ kind: 'reversal_mismatch', moveId: m.moveId, message: `冲销移动 #${m.moveId} 与原移动 #${m.originalId} 不对应（品种、批次、库位、变更类型须相同，数量须相反，且原移动不能是冲销）` });
  }

  // The stored balances against the replay.
  let balances = 0;
  const stored = prepared(
    sqlite,
    `SELECT sb.batch_id AS batchId, sb.location_id AS locationId, sb.item_id AS itemId, b.item_id AS batchItemId, sb.expiry, b.expiry AS batchExpiry,
       sb.quantity, sb.reserved
     FROM stock_balances sb LEFT JOIN stock_batches b ON b.id = sb.batch_id ORDER BY sb.batch_id, sb.location_id`,
  );
  for (const row of stored.iterate() as IterableIterator<{
    batchId: number;
    locationId: number;
    itemId: number;
    batchItemId: number | null;
    expiry: string;
    batchExpiry: string | null;
    quantity: number;
    reserved: number;
  }>) {
    balances += 1;
    const where = { batchId: row.batchId, locationId: row.locationId };
    const key = `${row.batchId}:${row.locationId}`;
    const expected = replayed.get(key);
    replayed.delete(key);
    if (!expected) {
      report({ kind: 'balance_extra', ...where, actual: row.quantity, message: `批次 ${row.batchId} 在库位 ${row.locationId} 有结存 ${row.quantity}，但没有任何移动` });
    } else if (expected.quantity !== row.quantity) {
      report({ kind: 'balance_different', ...where, expected: expected.quantity, actual: row.quantity, message: `批次 ${row.batchId} 在库位 ${row.locationId} 的结存为 ${row.quantity}，按移动重算应为 ${expected.quantity}` });
    }
    if (row.itemId !== row.batchItemId) report({ kind: 'balance_item_mismatch', ...where, itemId: row.itemId, message: `批次 ${row.batchId} 在库位 ${row.locationId} 的结存记为品种 ${row.itemId}，批次属于品种 ${row.batchItemId ?? '（不存在）'}` });
    // The FEFO walk orders by the balance's copy of the batch's expiry.
    if (row.expiry !== row.batchExpiry) report({ kind: 'balance_expiry_mismatch', ...where, message: `批次 ${row.batchId} 在库位 ${row.locationId} 的结存记有效期 ${row.expiry || '（空）'}，批次为 ${row.batchExpiry ?? '（不存在）'}` });
    if (row.quantity < 0) report({ kind: 'negative_balance', ...where, actual: row.quantity, message: `批次 ${row.batchId} 在库位 ${row.locationId} 的结存为负数 ${row.quantity}` });
    if (row.reserved < 0 || row.reserved > row.quantity) {
      report({ kind: 'reserved_invalid', ...where, expected: row.quantity, actual: row.reserved, message: `批次 ${row.batchId} 在库位 ${row.locationId} 已分配 ${row.reserved}，超出结存 ${row.quantity} 或为负` });
    }
  }
  // What the unshipped shipments hold, per (batch, sending store location).
  const holding = new Map<string, number>();
  const held = prepared(
    sqlite,
    `SELECT l.batch_id AS batchId, loc.id AS locationId, SUM(l.quantity) AS quantity
     FROM shipment_lines l JOIN shipments s ON s.document_id = l.document_id JOIN documents d ON d.id = l.document_id
     JOIN stock_locations loc ON loc.store_id = s.from_store_id
     WHERE (s.kind = 'transfer' AND d.state = 'allocated') OR (s.kind = 'return' AND d.state IN ('draft', 'submitted', 'approved'))
     GROUP BY l.batch_id, loc.id`,
  ).all() as { batchId: number; locationId: number; quantity: number }[];
  for (const h of held) holding.set(`${h.batchId}:${h.locationId}`, h.quantity);
  const reservedRows = prepared(sqlite, 'SELECT batch_id AS batchId, location_id AS locationId, reserved FROM stock_balances WHERE reserved <> 0').all() as {
    batchId: number;
    locationId: number;
    reserved: number;
  }[];
  const reservedAt = new Map(reservedRows.map((r) => [`${r.batchId}:${r.locationId}`, r]));
  for (const key of new Set([...holding.keys(), ...reservedAt.keys()])) {
    const expected = holding.get(key) ?? 0;
    const actual = reservedAt.get(key)?.reserved ?? 0;
    if (expected === actual) continue;
    const [batchId, locationId] = key.split(':').map(Number) as [number, number];
    report({
      kind: 'reserved_mismatch',
      batchId,
      locationId,
      expected,
      actual,
      message: `批次 ${batchId} 在库位 ${locationId} 已分配 ${actual}，未发出的调拨单与退库单占用 ${expected}`,
    });
  }
  for (const missing of replayed.values()) {
    report({
      kind: 'balance_missing',
      batchId: missing.batchId,
      locationId: missing.locationId,
      itemId: missing.itemId,
      expected: missing.quantity,
      message: `批次 ${missing.batchId} 在库位 ${missing.locationId} 按移动应有结存 ${missing.quantity}，结存表中没有这一行`,
    });
  }
  return { ok: problemCount === 0, checked: { moves, balances }, problemCount, problems };
}

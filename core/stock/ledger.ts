import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import { CHANGE_TYPES, type ChangeType } from '../api/stock.js';
import type { OperationContext } from '../context.js';
import { DomainError } from '../errors.js';
import { bookMoves } from '../finance/books/booking.js';

/**
 * The one writer of the stock ledger. Every document that moves stock (入库验收 108, 退货 109, 报损 105, 其他出入库
 * 106/107, 调拨 101/102, 盘点 103/104, 消耗出库 107) calls `postMoves` inside its operation's transaction: the moves
 * are appended and the balance of each (batch, location) they touch changes by the same amount in the same
 * transaction. Nothing else writes `stock_moves` or `stock_balances` (`stock verify` rebuilds the balances from
 * the moves and diffs them).
 *
 * A move takes `quantity` base units out of `fromLocationId` (null: from outside — a supplier, a count gain) and
 * into `toLocationId` (null: to outside). A reversing move has the same locations and change type and the
 * negated quantity, and names the move it reverses.
 */
export interface MoveInput {
  itemId: number;
  batchId: number;
  fromLocationId: number | null;
  toLocationId: number | null;
  /** Base units, never zero; negative only in a reversing move. */
  quantity: number;
  changeType: ChangeType;
  documentId: number;
  documentLineId: number | null;
  reversesMoveId?: number | null;
  /** Where a refusal is reported in the caller's input (e.g. `lines.3.quantity`). */
  path?: string;
}

export interface StoredMove {
  id: number;
  itemId: number;
  batchId: number;
  fromLocationId: number | null;
  toLocationId: number | null;
  quantity: number;
  changeType: ChangeType;
  documentId: number;
  documentLineId: number | null;
}

/** The stock location of a store (made by trigger with the store). */
export function storeLocationId(db: Db, storeId: number): number {
  const row = prepared(db.$client, 'SELECT id FROM stock_locations WHERE store_id = ?').get(storeId) as { id: number } | undefined;
  if (!row) throw new DomainError('NOT_FOUND', '库房不存在');
  return row.id;
}

export interface BatchInput {
  itemId: number;
  batchNo: string;
  productionDate: string | null;
  /** YYYY-MM-DD (core/api/expiry.ts parseExpiry). */
  expiry: string;
  /** Micro-yuan per `costUnit` of `costPackFactor` base units. */
  costMicro: number;
  costUnit: string;
  costPackFactor: number;
  supplierId: number | null;
}

/**
 * The batch row for what was bought: the same item, 批号, dates, cost and supplier reuse one row (a second
 * delivery of the same batch at the same price), anything else is a new row.
 */
export function batchFor(ctx: OperationContext, batch: BatchInput): number {
  const found = prepared(
    ctx.db.$client,
    // INDEXED BY: without ANALYZE statistics SQLite may pick the expiry index, and month-end expiries are shared
    // by thousands of batches; (item, 批号) narrows to a handful whatever the table's size.
    `SELECT id FROM stock_batches INDEXED BY stock_batches_item_batch_idx
     WHERE item_id = @itemId AND batch_no = @batchNo AND expiry = @expiry AND production_date IS @productionDate
       AND cost_micro = @costMicro AND cost_unit = @costUnit AND cost_pack_factor = @costPackFactor AND supplier_id IS @supplierId
     LIMIT 1`,
  ).get(batch) as { id: number } | undefined;
  if (found) return found.id;
  const { id } = prepared(
    ctx.db.$client,
    `INSERT INTO stock_batches (item_id, batch_no, production_date, expiry, cost_micro, cost_unit, cost_pack_factor, supplier_id, status, created_at)
     VALUES (@itemId, @batchNo, @productionDate, @expiry, @costMicro, @costUnit, @costPackFactor, @supplierId, 'normal', @at) RETURNING id`,
  ).get({ ...batch, at: ctx.now.toISOString() }) as { id: number };
  return id;
}

function shortage(db: Db, move: MoveInput, locationId: number, needed: number): DomainError {
  const row = prepared(
    db.$client,
    `SELECT i.generic_name AS name, i.spec, i.base_unit AS unit, b.batch_no AS batchNo, l.name AS location,
       COALESCE((SELECT quantity - reserved FROM stock_balances WHERE batch_id = b.id AND location_id = l.id), 0) AS available
     FROM stock_batches b JOIN formulary_items i ON i.id = b.item_id, stock_locations l WHERE b.id = ? AND l.id = ?`,
  ).get(move.batchId, locationId) as { name: string; spec: string; unit: string; batchNo: string; location: string; available: number };
  const message = `库存不足：${row.name} ${row.spec} 批号 ${row.batchNo} 在「${row.location}」可用 ${row.available}${row.unit}，需要 ${needed}${row.unit}`;
  return new DomainError('VALIDATION', message, [{ path: move.path ?? 'lines', message }]);
}

/** Changes one balance by `delta` (never below what is reserved, never below zero). */
function changeBalance(db: Db, move: MoveInput, locationId: number, delta: number): void {
  if (delta > 0) {
    prepared(
      db.$client,
      `INSERT INTO stock_balances (batch_id, location_id, item_id, quantity, reserved, expiry)
       VALUES (@batchId, @locationId, @itemId, @delta, 0, (SELECT expiry FROM stock_batches WHERE id = @batchId))
       ON CONFLICT (batch_id, location_id) DO UPDATE SET quantity = quantity + excluded.quantity`,
    ).run({ batchId: move.batchId, locationId, itemId: move.itemId, delta });
    return;
  }
  const changed = prepared(
    db.$client,
    `UPDATE stock_balances SET quantity = quantity + @delta WHERE batch_id = @batchId AND location_id = @locationId AND quantity + @delta >= reserved`,
  ).run({ batchId: move.batchId, locationId, delta });
  if (changed.changes !== 1) throw shortage(db, move, locationId, -delta);
}

/**
 * A reversing move mirrors its original — same item, batch, locations and change type, the negated quantity —
 * and a move is reversed once (the database's unique index `stock_moves_reverses_uq` says so too).
 */
function checkReversal(db: Db, move: MoveInput): void {
  const original = prepared(
    db.$client,
    `SELECT item_id AS itemId, batch_id AS batchId, from_location_id AS fromLocationId, to_location_id AS toLocationId, quantity,
       change_type AS changeType, reverses_move_id AS reversesMoveId,
       (SELECT id FROM stock_moves r WHERE r.reverses_move_id = m.id) AS reversedBy
     FROM stock_moves m WHERE id = ?`,
  ).get(move.reversesMoveId) as (Omit<StoredMove, 'id' | 'documentId' | 'documentLineId'> & { reversesMoveId: number | null; reversedBy: number | null }) | undefined;
  if (!original) throw new Error(`move ${move.reversesMoveId} to reverse does not exist`);
  const mirrors =
    original.itemId === move.itemId &&
    original.batchId === move.batchId &&
    original.fromLocationId === move.fromLocationId &&
    original.toLocationId === move.toLocationId &&
    original.changeType === move.changeType &&
    original.quantity === -move.quantity &&
    original.reversesMoveId === null;
  if (!mirrors) throw new Error(`move does not mirror move ${move.reversesMoveId} it reverses`);
  if (original.reversedBy !== null) {
    const message = `该库存移动已冲销（移动 #${original.reversedBy}），不能再次冲销`;
    throw new DomainError('CONFLICT', message, [{ path: move.path ?? 'id', message }]);
  }
}

/**
 * Appends the moves and changes the balances, in the caller's transaction. Refuses (VALIDATION, with the
 * move's `path`) any move that would take a balance below what is reserved or below zero — the database's CHECK
 * would refuse it too, this says which batch and where — and (CONFLICT) a second reversal of a move. A zero or
 * fractional quantity, an unknown change type, the same location at both ends, a batch of another item, a
 * negative quantity outside a reversal or a reversal that does not mirror its original are bugs of the caller
 * (plain errors, INTERNAL).
 */
export function postMoves(ctx: OperationContext, moves: readonly MoveInput[]): StoredMove[] {
  const actor = ctx.actor;
  if (!actor) throw new Error('postMoves needs a caller');
  const at = ctx.now.toISOString();
  const actorUserId = actor.kind === 'user' ? actor.userId : null;
  const insert = prepared(
    ctx.db.$client,
    `INSERT INTO stock_moves (item_id, batch_id, from_location_id, to_location_id, quantity, change_type, document_id, document_line_id,
       reverses_move_id, at, actor_name, actor_user_id)
     VALUES (@itemId, @batchId, @fromLocationId, @toLocationId, @quantity, @changeType, @documentId, @documentLineId, @reversesMoveId, @at,
       @actorName, @actorUserId) RETURNING id`,
  );
  const batchItem = prepared(ctx.db.$client, 'SELECT item_id AS itemId FROM stock_batches WHERE id = ?');
  const stored: StoredMove[] = [];
  for (const move of moves) {
    if (!Number.isInteger(move.quantity) || move.quantity === 0) throw new Error(`a stock move needs a non-zero integer quantity, got ${move.quantity}`);
    if (!(move.changeType in CHANGE_TYPES)) throw new Error(`unknown change type ${move.changeType}`);
    if (move.fromLocationId === move.toLocationId) throw new Error('a stock move goes from one location to another');
    const batch = batchItem.get(move.batchId) as { itemId: number } | undefined;
    if (batch?.itemId !== move.itemId) throw new Error(`stock move of item ${move.itemId} names batch ${move.batchId} of item ${batch?.itemId ?? '(none)'}`);
    if (move.reversesMoveId != null) checkReversal(ctx.db, move);
    else if (move.quantity < 0) throw new Error('only a reversing move has a negative quantity');
    if (move.fromLocationId !== null) changeBalance(ctx.db, move, move.fromLocationId, -move.quantity);
    if (move.toLocationId !== null) changeBalance(ctx.db, move, move.toLocationId, move.quantity);
    const { id } = insert.get({
      itemId: move.itemId,
      batchId: move.batchId,
      fromLocationId: move.fromLocationId,
      toLocationId: move.toLocationId,
      quantity: move.quantity,
      changeType: move.changeType,
      documentId: move.documentId,
      documentLineId: move.documentLineId,
      reversesMoveId: move.reversesMoveId ?? null,
      at,
      actorName: actor.username,
      actorUserId,
    }) as { id: number };
    stored.push({
      id,
      itemId: move.itemId,
      batchId: move.batchId,
      fromLocationId: move.fromLocationId,
      toLocationId: move.toLocationId,
      quantity: move.quantity,
      changeType: move.changeType,
      documentId: move.documentId,
      documentLineId: move.documentLineId,
    });
  }
  // The journal follows the ledger: each unit's 库存物资 changes with its stock, in the same transaction.
  bookMoves(ctx, stored);
  return stored;
}

/**
 * 冲销 of a document's moves: for each move of `originalDocumentId` (not itself a reversal), a move with the
 * negated quantity under `reversalDocumentId`. Refused like any move when the stock has moved on since (a
 * received batch already issued cannot be un-received).
 */
export function reverseMovesOf(ctx: OperationContext, originalDocumentId: number, reversalDocumentId: number): StoredMove[] {
  const originals = prepared(
    ctx.db.$client,
    `SELECT id, item_id AS itemId, batch_id AS batchId, from_location_id AS fromLocationId, to_location_id AS toLocationId, quantity,
       change_type AS changeType, document_line_id AS documentLineId
     FROM stock_moves WHERE document_id = ? AND reverses_move_id IS NULL ORDER BY id`,
  ).all(originalDocumentId) as (Omit<StoredMove, 'documentId'> & { id: number })[];
  return postMoves(
    ctx,
    originals.map((m) => ({
      itemId: m.itemId,
      batchId: m.batchId,
      fromLocationId: m.fromLocationId,
      toLocationId: m.toLocationId,
      quantity: -m.quantity,
      changeType: m.changeType,
      documentId: reversalDocumentId,
      documentLineId: m.documentLineId,
      reversesMoveId: m.id,
    })),
  );
}

export interface ReservationChange {
  batchId: number;
  locationId: number;
  /** Base units: positive reserves (an allocation), negative releases (shipped, cancelled, swapped). */
  delta: number;
  /** Where a refusal is reported in the caller's input (e.g. `lines.3.quantity`). */
  path?: string;
}

/**
 * Reserves or releases stock of a (batch, location), in the caller's transaction: what an allocation takes is
 * reserved at once, so a second allocation in another transaction sees it gone (write transactions are
 * serialised, and the balance's CHECK says reserved ≤ on hand whatever the code does). Refuses (VALIDATION,
 * naming the batch and place) reserving more than is available; releasing more than is reserved is a bug.
 * Shipping releases the reservation and then moves the stock with `postMoves`.
 */
export function changeReservation(ctx: OperationContext, change: ReservationChange): void {
  if (!Number.isInteger(change.delta) || change.delta === 0) throw new Error(`a reservation changes by a non-zero integer, got ${change.delta}`);
  const changed = prepared(
    ctx.db.$client,
    `UPDATE stock_balances SET reserved = reserved + @delta
     WHERE batch_id = @batchId AND location_id = @locationId AND reserved + @delta >= 0 AND reserved + @delta <= quantity`,
  ).run({ batchId: change.batchId, locationId: change.locationId, delta: change.delta });
  if (changed.changes === 1) return;
  if (change.delta < 0) throw new Error(`release of ${-change.delta} from batch ${change.batchId} at location ${change.locationId} exceeds what is reserved`);
  const itemId = (prepared(ctx.db.$client, 'SELECT item_id AS itemId FROM stock_batches WHERE id = ?').get(change.batchId) as { itemId: number }).itemId;
  throw shortage(
    ctx.db,
    { itemId, batchId: change.batchId, fromLocationId: change.locationId, toLocationId: null, quantity: change.delta, changeType: '102', documentId: 0, documentLineId: null, path: change.path },
    change.locationId,
    change.delta,
  );
}

/**
 * The in-transit location of goods on their way to `unitId` (one per receiving unit, made on first use): stock
 * there belongs to the receiving unit until it confirms receipt, and what it did not confirm stays there as an
 * open discrepancy.
 */
export function transitLocationFor(ctx: OperationContext, unitId: number): number {
  const found = prepared(ctx.db.$client, "SELECT id FROM stock_locations WHERE kind = 'transit' AND unit_id = ?").get(unitId) as { id: number } | undefined;
  if (found) return found.id;
  const unit = prepared(ctx.db.$client, 'SELECT name FROM units WHERE id = ?').get(unitId) as { name: string } | undefined;
  if (!unit) throw new DomainError('NOT_FOUND', '单位不存在');
  const { id } = prepared(
    ctx.db.$client,
    `INSERT INTO stock_locations (kind, store_id, unit_id, name, created_at) VALUES ('transit', NULL, @unitId, @name, @at) RETURNING id`,
  ).get({ unitId, name: `在途（${unit.name}）`, at: ctx.now.toISOString() }) as { id: number };
  return id;
}

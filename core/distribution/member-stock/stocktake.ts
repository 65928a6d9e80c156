import { prepared } from '../../../db/statements.js';
import type { OpParsedInput } from '../../api/index.js';
import type { Stocktake } from '../../api/member-stock.js';
import type { OperationContext } from '../../context.js';
import { applyTransition, checkVersion, createDocument, loadDocument } from '../../documents/lifecycle.js';
import { once } from '../../documents/requests.js';
import { conflict, DomainError, invalid, type FieldProblem } from '../../errors.js';
import type { HandlerMap } from '../../handler.js';
import { postMoves, storeLocationId, type MoveInput } from '../../stock/ledger.js';
import { stocktakeType } from '../document-types.js';
import { reviseDocument } from '../../documents/lifecycle.js';
import { requireEditable } from './revise.js';
import { listStocktakes, readStocktake, stocktakeHeader, stocktakeLines } from './stocktake-read.js';

/**
 * 盘点单. A sheet is a snapshot of the store's book quantities per batch (every balance > 0, optionally of one
 * category or a few items) and the newest move id at that instant; the store is not blocked. On posting, each
 * line's difference counted − book-at-the-snapshot is posted now against the current balance (103 盘盈 in, 104
 * 盘损 out): what moved while counting stays moved, so balance after = counted + net of the moves since the snapshot.
 */

type StocktakeOps = 'stocktake.create' | 'stocktake.count' | 'stocktake.addLine' | 'stocktake.post' | 'stocktake.void' | 'stocktake.get' | 'stocktake.list';

const label = (line: { lineNo: number; itemName: string; spec: string; batchNo: string }) => `第 ${line.lineNo} 行 ${line.itemName} ${line.spec} 批号 ${line.batchNo}`;

function create(ctx: OperationContext, input: OpParsedInput<'stocktake.create'>): Stocktake {
  const locationId = storeLocationId(ctx.db, input.storeId);
  const document = createDocument(ctx, stocktakeType);
  // In the operation's IMMEDIATE transaction: no move can land between the newest id and the balances read.
  const { snapshotMoveId } = prepared(ctx.db.$client, 'SELECT COALESCE(MAX(id), 0) AS snapshotMoveId FROM stock_moves').get() as { snapshotMoveId: number };
  prepared(
    ctx.db.$client,
    'INSERT INTO stocktakes (document_id, store_id, snapshot_at, snapshot_move_id, category, note) VALUES (@id, @storeId, @at, @snapshotMoveId, @category, @note)',
  ).run({ id: document.id, storeId: input.storeId, at: ctx.now.toISOString(), snapshotMoveId, category: input.category ?? '', note: input.note });
  const { changes } = prepared(
    ctx.db.$client,
    `INSERT INTO stocktake_lines (document_id, line_no, item_id, batch_id, book_quantity)
     SELECT @id, ROW_NUMBER() OVER (ORDER BY i.category, i.pinyin_full, i.generic_name, i.spec, b.expiry, b.id), sb.item_id, sb.batch_id, sb.quantity
     FROM stock_balances sb JOIN stock_batches b ON b.id = sb.batch_id JOIN formulary_items i ON i.id = sb.item_id
     WHERE sb.location_id = @locationId AND sb.quantity > 0 AND (@category IS NULL OR i.category = @category)
       AND (@items IS NULL OR sb.item_id IN (SELECT value FROM json_each(@items)))`,
  ).run({ id: document.id, locationId, category: input.category ?? null, items: input.itemIds ? JSON.stringify(input.itemIds) : null });
  if (changes === 0) throw invalid(input.itemIds ? 'itemIds' : input.category ? 'category' : 'storeId', '该库房在所选范围内没有库存，无需盘点');
  ctx.audit({
    target: `${stocktakeType.type}:${document.number}`,
    summary: { storeId: input.storeId, category: input.category ?? null, itemIds: input.itemIds ?? null, snapshotMoveId, lines: changes },
  });
  return readStocktake(ctx.db, document.id);
}

function count(ctx: OperationContext, input: OpParsedInput<'stocktake.count'>): Stocktake {
  const document = requireEditable(ctx, stocktakeType, input.id, input.version, ['counting'], '录入实盘数');
  const onSheet = new Map(stocktakeLines(ctx.db, input.id).map((l) => [l.id, l]));
  const problems: FieldProblem[] = [];
  const seen = new Set<number>();
  input.lines.forEach((line, i) => {
    if (!onSheet.has(line.id)) problems.push({ path: `lines.${i}.id`, message: `第 ${i + 1} 项不是本盘点单的行` });
    else if (seen.has(line.id)) problems.push({ path: `lines.${i}.id`, message: `第 ${onSheet.get(line.id)!.lineNo} 行重复录入` });
    seen.add(line.id);
  });
  if (problems.length > 0) throw new DomainError('VALIDATION', problems.map((p) => p.message).join('；'), problems);
  const update = prepared(ctx.db.$client, 'UPDATE stocktake_lines SET counted_quantity = @counted, reason = @reason WHERE id = @id');
  for (const line of input.lines) update.run({ id: line.id, counted: line.countedQuantity, reason: line.reason });
  reviseDocument(ctx, stocktakeType, document, input.version, {
    counted: input.lines.map((l) => ({ lineNo: onSheet.get(l.id)!.lineNo, countedQuantity: l.countedQuantity, reason: l.reason })),
  });
  return readStocktake(ctx.db, input.id);
}

function addLine(ctx: OperationContext, input: OpParsedInput<'stocktake.addLine'>): Stocktake {
  const document = requireEditable(ctx, stocktakeType, input.id, input.version, ['counting'], '增加批次');
  const header = stocktakeHeader(ctx.db, input.id);
  const batch = prepared(ctx.db.$client, 'SELECT id, item_id AS itemId, batch_no AS batchNo FROM stock_batches WHERE id = ?').get(input.batchId) as
    | { id: number; itemId: number; batchNo: string }
    | undefined;
  if (!batch) throw invalid('batchId', '批次不存在');
  const existing = stocktakeLines(ctx.db, input.id).find((l) => l.batchId === input.batchId);
  if (existing) throw invalid('batchId', `批号 ${batch.batchNo} 已在盘点单第 ${existing.lineNo} 行`);
  // Its book quantity at the snapshot: the balance now less what moved in and out since.
  const { book } = prepared(
    ctx.db.$client,
    `SELECT COALESCE((SELECT quantity FROM stock_balances WHERE batch_id = @batchId AND location_id = @loc), 0)
       - COALESCE((SELECT SUM(CASE WHEN to_location_id = @loc THEN quantity ELSE -quantity END) FROM stock_moves
                   WHERE batch_id = @batchId AND id > @snapshot AND (to_location_id = @loc OR from_location_id = @loc)), 0) AS book`,
  ).get({ batchId: input.batchId, loc: header.locationId, snapshot: header.snapshotMoveId }) as { book: number };
  const { lineNo } = prepared(ctx.db.$client, 'SELECT COALESCE(MAX(line_no), 0) + 1 AS lineNo FROM stocktake_lines WHERE document_id = ?').get(input.id) as { lineNo: number };
  prepared(
    ctx.db.$client,
    `INSERT INTO stocktake_lines (document_id, line_no, item_id, batch_id, book_quantity, counted_quantity, reason)
     VALUES (@id, @lineNo, @itemId, @batchId, @book, @counted, @reason)`,
  ).run({ id: input.id, lineNo, itemId: batch.itemId, batchId: batch.id, book, counted: input.countedQuantity, reason: input.reason });
  reviseDocument(ctx, stocktakeType, document, input.version, { added: { lineNo, batchId: batch.id, bookQuantity: book, countedQuantity: input.countedQuantity } });
  return readStocktake(ctx.db, input.id);
}

/**
 * Every line counted (or `uncountedAsBook`), a reason for every difference, and a loss the current balance can
 * give (less what is reserved) — all refusals at once, each on its line — then the transition and the moves.
 */
function post(ctx: OperationContext, input: OpParsedInput<'stocktake.post'>): Stocktake {
  const document = loadDocument(ctx.db, stocktakeType, input.id);
  if (document.state !== 'counting') throw conflict(`盘点单 ${document.number} 当前为「${document.stateLabel}」，不能过账`);
  checkVersion(ctx.db, stocktakeType, document, input.version);
  const header = stocktakeHeader(ctx.db, input.id);
  const lines = stocktakeLines(ctx.db, input.id);
  const balance = prepared(ctx.db.$client, 'SELECT quantity, reserved FROM stock_balances WHERE batch_id = ? AND location_id = ?');
  const problems: FieldProblem[] = [];
  const uncounted = lines.filter((l) => l.countedQuantity === null);
  if (uncounted.length > 0 && !input.uncountedAsBook) {
    for (const line of uncounted) problems.push({ path: `lines.${line.lineNo - 1}.countedQuantity`, message: `${label(line)} 尚未盘点` });
  }
  const moves: MoveInput[] = [];
  for (const line of lines) {
    const counted = line.countedQuantity ?? line.bookQuantity;
    const difference = counted - line.bookQuantity;
    if (difference === 0 || line.countedQuantity === null) continue;
    const path = `lines.${line.lineNo - 1}.countedQuantity`;
    if (!line.reason.trim()) problems.push({ path: `lines.${line.lineNo - 1}.reason`, message: `${label(line)} 有差异（${difference > 0 ? '+' : ''}${difference} ${line.baseUnit}），请填写差异原因` });
    if (difference < 0) {
      const now = (balance.get(line.batchId, header.locationId) as { quantity: number; reserved: number } | undefined) ?? { quantity: 0, reserved: 0 };
      const available = now.quantity - now.reserved;
      if (-difference > available) {
        problems.push({
          path,
          message: `${label(line)} 盘损 ${-difference} ${line.baseUnit}，但当前账面 ${now.quantity} ${line.baseUnit}${now.reserved > 0 ? `（其中已配货占用 ${now.reserved}）` : ''}，可扣减 ${Math.max(0, available)} ${line.baseUnit}`,
        });
      }
    }
    moves.push({
      itemId: line.itemId,
      batchId: line.batchId,
      fromLocationId: difference < 0 ? header.locationId : null,
      toLocationId: difference > 0 ? header.locationId : null,
      quantity: Math.abs(difference),
      changeType: difference > 0 ? '103' : '104',
      documentId: input.id,
      documentLineId: line.id,
      path,
    });
  }
  if (problems.length > 0) throw new DomainError('VALIDATION', `盘点单 ${document.number} 不能过账：${problems.map((p) => p.message).join('；')}`, problems);
  assertNotCountedTwice(ctx, header, lines, moves);
  // Uncounted lines taken as book are written so while the sheet is still open (posted rows never change).
  if (uncounted.length > 0) prepared(ctx.db.$client, 'UPDATE stocktake_lines SET counted_quantity = book_quantity WHERE document_id = ? AND counted_quantity IS NULL').run(input.id);
  applyTransition(ctx, stocktakeType, { id: input.id, version: input.version, transition: 'post', reason: uncounted.length > 0 ? `${uncounted.length} 行未盘按账面数` : null });
  postMoves(ctx, moves);
  ctx.audit({
    target: `${stocktakeType.type}:${document.number}`,
    summary: { posted: moves.map((m) => ({ batchId: m.batchId, changeType: m.changeType, quantity: m.quantity })), uncountedAsBook: uncounted.length },
  });
  return readStocktake(ctx.db, input.id);
}

/**
 * Two sheets of one store counted over the same time would each post the same difference: a line's difference is
 * refused (CONFLICT, on the line) when another stocktake has posted a 盘盈/盘损 of that batch in the store since this
 * sheet's snapshot — that count already corrected the book this one compares against.
 */
function assertNotCountedTwice(ctx: OperationContext, header: { id: number; locationId: number; snapshotMoveId: number }, lines: readonly { id: number; lineNo: number; itemName: string; spec: string; batchNo: string }[], moves: readonly MoveInput[]): void {
  if (moves.length === 0) return;
  const posted = prepared(
    ctx.db.$client,
    `SELECT m.batch_id AS batchId, d.number FROM stock_moves m JOIN documents d ON d.id = m.document_id
     WHERE m.id > @snapshot AND m.change_type IN ('103', '104') AND d.type = 'stocktake' AND m.document_id <> @id
       AND (m.from_location_id = @loc OR m.to_location_id = @loc) AND m.batch_id IN (SELECT value FROM json_each(@batches))`,
  ).all({ snapshot: header.snapshotMoveId, id: header.id, loc: header.locationId, batches: JSON.stringify(moves.map((m) => m.batchId)) }) as { batchId: number; number: string }[];
  if (posted.length === 0) return;
  const byBatch = new Map(posted.map((p) => [p.batchId, p.number]));
  const byLine = new Map(lines.map((l) => [l.id, l]));
  const problems = moves
    .filter((m) => byBatch.has(m.batchId))
    .map((m) => {
      const line = byLine.get(m.documentLineId!)!;
      return { path: m.path!, message: `${label(line)} 已由盘点单 ${byBatch.get(m.batchId)} 在本单快照之后盘点过账，差异不能重复过账；请作废本单后重新盘点` };
    });
  throw conflict(problems.map((p) => p.message).join('；'), problems);
}

export const stocktakeHandlers: HandlerMap<StocktakeOps> = {
  'stocktake.create': (ctx, input) => ({ stocktake: create(ctx, input) }),
  'stocktake.count': (ctx, input) => ({ stocktake: count(ctx, input) }),
  'stocktake.addLine': (ctx, input) => ({ stocktake: addLine(ctx, input) }),
  'stocktake.post': (ctx, input) => once(ctx, { requestId: input.requestId, documentId: input.id }, () => ({ stocktake: post(ctx, input) })),
  // A sheet nobody will post is 作废: kept with its number; it moved nothing.
  'stocktake.void': (ctx, { id, version, reason }) => {
    applyTransition(ctx, stocktakeType, { id, version, transition: 'void', reason });
    return { stocktake: readStocktake(ctx.db, id) };
  },
  'stocktake.get': (ctx, { id }) => ({ stocktake: readStocktake(ctx.db, id) }),
  'stocktake.list': (ctx, filter) => listStocktakes(ctx.db, ctx.scope, filter),
};

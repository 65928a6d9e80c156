import { prepared } from '../../../db/statements.js';
import type { OperationContext } from '../../context.js';
import { DomainError, type FieldProblem } from '../../errors.js';
import type { MoveInput } from '../../stock/ledger.js';
import { communityDate } from '../../time.js';

/** What a consumption's lines must be, and how posting takes them from the store's batches. */

export interface ConsumptionLineInput {
  itemId: number;
  quantity: number;
}

const fail = (problems: FieldProblem[], lead: string): DomainError => new DomainError('VALIDATION', `${lead}：${problems.map((p) => p.message).join('；')}`, problems);

/** Items of the formulary, each once (every refusal on its line's `itemId`). */
export function checkConsumptionLines(ctx: OperationContext, lines: readonly ConsumptionLineInput[]): void {
  const item = prepared(ctx.db.$client, 'SELECT generic_name AS name, spec FROM formulary_items WHERE id = ?');
  const problems: FieldProblem[] = [];
  const first = new Map<number, number>();
  lines.forEach((line, i) => {
    const found = item.get(line.itemId) as { name: string; spec: string } | undefined;
    if (!found) problems.push({ path: `lines.${i}.itemId`, message: `第 ${i + 1} 行的品种不在目录中` });
    else if (first.has(line.itemId)) problems.push({ path: `lines.${i}.itemId`, message: `第 ${i + 1} 行 ${found.name} ${found.spec} 与第 ${first.get(line.itemId)! + 1} 行重复，每个品种只填一行合计` });
    else first.set(line.itemId, i);
  });
  if (problems.length > 0) throw fail(problems, '消耗出库单有误');
}

interface StoredLine {
  id: number;
  lineNo: number;
  itemId: number;
  itemName: string;
  spec: string;
  baseUnit: string;
  quantity: number;
}

/**
 * 先到期先出: each line's quantity from the store's 正常, unexpired batches with available stock (on hand less
 * reserved), earliest 有效期至 first (then the older batch). A shortage refuses the whole posting, each short line
 * named with what is available and what is needed on `lines.N.quantity`.
 */
export function firstExpiryFirst(ctx: OperationContext, documentId: number, locationId: number, lines: readonly StoredLine[]): MoveInput[] {
  const today = communityDate(ctx.now);
  const batches = prepared(
    ctx.db.$client,
    `SELECT sb.batch_id AS batchId, sb.quantity - sb.reserved AS available FROM stock_balances sb JOIN stock_batches b ON b.id = sb.batch_id
     WHERE sb.location_id = @locationId AND sb.item_id = @itemId AND b.status = 'normal' AND b.expiry >= @today AND sb.quantity - sb.reserved > 0
     ORDER BY b.expiry, b.id`,
  );
  const problems: FieldProblem[] = [];
  const moves: MoveInput[] = [];
  for (const line of lines) {
    const path = `lines.${line.lineNo - 1}.quantity`;
    const available = batches.all({ locationId, itemId: line.itemId, today }) as { batchId: number; available: number }[];
    const total = available.reduce((sum, b) => sum + b.available, 0);
    if (total < line.quantity) {
      problems.push({ path, message: `第 ${line.lineNo} 行 ${line.itemName} ${line.spec} 库存不足：可用 ${total} ${line.baseUnit}（正常、未过期批次），需要 ${line.quantity} ${line.baseUnit}` });
      continue;
    }
    let rest = line.quantity;
    for (const batch of available) {
      if (rest === 0) break;
      const take = Math.min(rest, batch.available);
      moves.push({ itemId: line.itemId, batchId: batch.batchId, fromLocationId: locationId, toLocationId: null, quantity: take, changeType: '107', documentId, documentLineId: line.id, path });
      rest -= take;
    }
  }
  if (problems.length > 0) throw fail(problems, '不能过账');
  return moves;
}

import { prepared } from '../../../db/statements.js';
import type { RecallHolder } from '../../api/recalls.js';
import type { OperationContext } from '../../context.js';
import { createDocument } from '../../documents/lifecycle.js';
import { conflict, DomainError } from '../../errors.js';
import { createAdjustmentDraft } from '../../stock/adjustments/operations.js';
import { recallType } from '../document-types.js';
import { createCentreReturn } from '../shipments/returns.js';
import { tracedBatches, traceBatch } from './trace.js';

/**
 * 冻结并召回, in the operation's one transaction: the 召回单 (召回中) with its `recalls` row; every batch of the item
 * and 批号 set to 召回 with a `recall_batches` row (its previous status, the community's on hand when frozen); then
 * the returns of what can be ordered back now — for each member store a 退库单 (reason recall, started 已批准 by
 * `createCentreReturn`) of its available stock, and for the central store one 退货单 draft per supplier the batches
 * came from. Any refusal rolls the whole back: no batch is frozen without its returns, nor the other way round.
 * Stock in transit, or reserved by an allocation, is frozen but not yet ordered back: `notes` says so and the
 * recall's page keeps listing it.
 */
export interface CreatedRecall {
  id: number;
  number: string;
  holders: RecallHolder[];
  notes: string[];
}

/** The note a recall's 退货单 carries: the link read back by recall.get (stock_adjustments has no recall column). */
export const recallAdjustmentNote = (recallNumber: string) => `召回单 ${recallNumber}`;

/** A refusal while making one of the recall's documents names that document; the whole recall rolls back. */
function inContext<T>(what: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof DomainError) throw new DomainError(error.code, `${what}无法生成，召回未执行：${error.message}`);
    throw error;
  }
}

export function createRecall(
  ctx: OperationContext,
  input: { itemId: number; batchNo: string; reason: string; noticeNo: string },
): CreatedRecall {
  const db = ctx.db;
  const { item, batches } = tracedBatches(db, input.itemId, input.batchNo);
  const open = prepared(
    db.$client,
    `SELECT d.number FROM recall_batches rb JOIN documents d ON d.id = rb.document_id
     WHERE rb.batch_id IN (SELECT value FROM json_each(?)) AND d.state = 'open' LIMIT 1`,
  ).get(JSON.stringify(batches.map((b) => b.batchId))) as { number: string } | undefined;
  if (open)
    throw conflict(`「${item.name}」批号 ${input.batchNo} 已在召回中（${open.number}），不能重复召回`, [
      { path: 'batchNo', message: `已在召回中（${open.number}）` },
    ]);

  const before = traceBatch(db, input.itemId, input.batchNo);
  const document = createDocument(ctx, recallType, { reason: input.reason });
  prepared(
    db.$client,
    'INSERT INTO recalls (document_id, item_id, batch_no, reason, notice_no) VALUES (@id, @itemId, @batchNo, @reason, @noticeNo)',
  ).run({
    id: document.id,
    itemId: input.itemId,
    batchNo: input.batchNo,
    reason: input.reason,
    noticeNo: input.noticeNo,
  });
  const insertBatch = prepared(
    db.$client,
    'INSERT INTO recall_batches (document_id, batch_id, previous_status, quantity) VALUES (?, ?, ?, ?)',
  );
  const freeze = prepared(db.$client, "UPDATE stock_batches SET status = 'recalled' WHERE id = ?");
  for (const batch of batches) {
    const onHand = before.holders.filter((h) => h.batchId === batch.batchId).reduce((n, h) => n + h.quantity, 0);
    insertBatch.run(document.id, batch.batchId, batch.status, onHand);
    if (batch.status !== 'recalled') freeze.run(batch.batchId);
  }
  ctx.audit({
    target: `${recallType.type}:${document.number}`,
    summary: {
      itemId: input.itemId,
      batchNo: input.batchNo,
      reason: input.reason,
      noticeNo: input.noticeNo,
      frozen: batches.map((b) => ({ batchId: b.batchId, previousStatus: b.status })),
    },
  });

  const notes: string[] = [];
  const unit = item.baseUnit;
  const memberLines = new Map<number, { batchId: number; quantity: number }[]>();
  const centralLines = new Map<number, { storeId: number; lines: { batchId: number; quantity: number }[] }>();
  for (const h of before.holders) {
    const available = h.quantity - h.reserved;
    if (h.kind === 'transit') {
      notes.push(`${h.unitName} 在途 ${h.quantity}${unit}（批次 ${h.batchId}）：签收后由该单位退库`);
      continue;
    }
    if (h.reserved > 0) notes.push(`${h.storeName} 有 ${h.reserved}${unit} 已被配货或退库单占用，请取消或更换批次后再处理`);
    if (available <= 0) continue;
    if (!h.central) {
      memberLines.set(h.storeId!, [...(memberLines.get(h.storeId!) ?? []), { batchId: h.batchId, quantity: available }]);
    } else if (h.supplierId === null) {
      notes.push(`${h.storeName} ${available}${unit}（批次 ${h.batchId}）不是从供应商购入的，不能退货：请做报损或其他处理`);
    } else {
      const key = h.supplierId;
      const group = centralLines.get(key) ?? { storeId: h.storeId!, lines: [] };
      group.lines.push({ batchId: h.batchId, quantity: available });
      centralLines.set(key, group);
    }
  }
  const storeName = (storeId: number) => before.holders.find((h) => h.storeId === storeId);
  for (const [storeId, lines] of memberLines) {
    const h = storeName(storeId)!;
    inContext(`${h.unitName}「${h.storeName}」的召回退库单`, () =>
      createCentreReturn(ctx, { storeId, reason: 'recall', recallId: document.id, lines, note: `${document.number} ${input.reason}` }),
    );
  }
  for (const [supplierId, group] of centralLines) {
    inContext(`中心药库退回供应商的退货单`, () =>
      createAdjustmentDraft(
        ctx,
        {
          kind: 'return',
          storeId: group.storeId,
          supplierId,
          reason: `召回：${input.reason}`,
          note: recallAdjustmentNote(document.number),
          lines: group.lines.map((l) => ({ itemId: input.itemId, batchId: l.batchId, quantity: l.quantity, reason: '召回' })),
        },
        { createPermission: 'stock.recall' },
      ),
    );
  }
  return { id: document.id, number: document.number, holders: traceBatch(db, input.itemId, input.batchNo).holders, notes };
}

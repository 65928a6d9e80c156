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

/** The note a recall's 退货单 carries, for people; the link is `stock_adjustments.recall_id`. */
export const recallAdjustmentNote = (recallNumber: string) => `召回单 ${recallNumber}`;

/** A refusal while making one of the recall's documents names that document; the whole recall rolls back. */
function inContext<T>(what: string, failure: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof DomainError) throw new DomainError(error.code, `${what}无法生成，${failure}：${error.message}`);
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

  const notes = orderRecallReturns(
    ctx,
    { id: document.id, number: document.number, itemId: input.itemId, reason: input.reason, baseUnit: item.baseUnit },
    before.holders,
    '召回未执行',
  );
  return { id: document.id, number: document.number, holders: traceBatch(db, input.itemId, input.batchNo).holders, notes };
}

/** Quantities of each batch already on this recall's 退货单 drafts (not yet posted): not to be ordered twice. */
function pendingSupplierReturns(ctx: OperationContext, recallId: number): Map<number, number> {
  const rows = prepared(
    ctx.db.$client,
    `SELECT l.batch_id AS batchId, SUM(l.quantity) AS quantity
     FROM stores c JOIN stock_adjustments a ON a.store_id = c.id JOIN documents d ON d.id = a.document_id
     JOIN stock_adjustment_lines l ON l.document_id = a.document_id
     WHERE c.is_central = 1 AND a.kind = 'return' AND a.recall_id = ? AND d.state = 'draft' GROUP BY l.batch_id`,
  ).all(recallId) as { batchId: number; quantity: number }[];
  return new Map(rows.map((r) => [r.batchId, r.quantity]));
}

/**
 * The returns of what can be ordered back now, in the caller's transaction: per member store a 退库单 of its
 * available stock (what a return already reserves is not available, so nothing is ordered twice), and for the
 * central store one 退货单 draft per supplier of what no draft of this recall covers yet. Returns the notes about
 * what is left (in transit, reserved, bought without a supplier). `failure` ends a refusal's message.
 */
export function orderRecallReturns(
  ctx: OperationContext,
  recall: { id: number; number: string; itemId: number; reason: string; baseUnit: string },
  holders: readonly RecallHolder[],
  failure: string,
): string[] {
  const pending = pendingSupplierReturns(ctx, recall.id);
  const unit = recall.baseUnit;
  const notes: string[] = [];
  const memberLines = new Map<number, { batchId: number; quantity: number }[]>();
  const centralLines = new Map<number, { storeId: number; lines: { batchId: number; quantity: number }[] }>();
  for (const h of holders) {
    if (h.kind === 'transit') {
      notes.push(`${h.unitName} 在途 ${h.quantity}${unit}（批次 ${h.batchId}）：签收后再补发召回退库单`);
      continue;
    }
    const covered = h.central ? (pending.get(h.batchId) ?? 0) : 0;
    const available = h.quantity - h.reserved - covered;
    if (h.reserved > 0 && !h.central) notes.push(`${h.storeName} 有 ${h.reserved}${unit} 已被退库单或其他单据占用`);
    if (h.reserved > 0 && h.central) notes.push(`${h.storeName} 有 ${h.reserved}${unit} 已被配货占用，请取消配货或更换批次后再补发`);
    if (available <= 0) continue;
    if (!h.central) {
      memberLines.set(h.storeId!, [...(memberLines.get(h.storeId!) ?? []), { batchId: h.batchId, quantity: available }]);
    } else if (h.supplierId === null) {
      notes.push(`${h.storeName} ${available}${unit}（批次 ${h.batchId}）不是从供应商购入的，不能退货：请做报损或其他处理`);
    } else {
      const group = centralLines.get(h.supplierId) ?? { storeId: h.storeId!, lines: [] };
      group.lines.push({ batchId: h.batchId, quantity: available });
      centralLines.set(h.supplierId, group);
    }
  }
  const where = (storeId: number) => holders.find((h) => h.storeId === storeId)!;
  for (const [storeId, lines] of memberLines) {
    const h = where(storeId);
    inContext(`${h.unitName}「${h.storeName}」的召回退库单`, failure, () =>
      createCentreReturn(ctx, { storeId, reason: 'recall', recallId: recall.id, lines, note: `${recall.number} ${recall.reason}` }),
    );
  }
  for (const [supplierId, group] of centralLines) {
    inContext('中心药库退回供应商的退货单', failure, () =>
      createAdjustmentDraft(
        ctx,
        {
          kind: 'return',
          storeId: group.storeId,
          supplierId,
          reason: `召回：${recall.reason}`,
          note: recallAdjustmentNote(recall.number),
          recallId: recall.id,
          lines: group.lines.map((l) => ({ itemId: recall.itemId, batchId: l.batchId, quantity: l.quantity, reason: '召回' })),
        },
        { createPermission: 'stock.recall' },
      ),
    );
  }
  return notes;
}

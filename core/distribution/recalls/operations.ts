import { prepared } from '../../../db/statements.js';
import { applyTransition, loadDocument } from '../../documents/lifecycle.js';
import { once } from '../../documents/requests.js';
import { conflict, DomainError } from '../../errors.js';
import type { HandlerMap } from '../../handler.js';
import { recallType } from '../document-types.js';
import { createCentreReturn } from '../shipments/returns.js';
import { createRecall, orderRecallReturns } from './freeze.js';
import { listRecalls, memberReturns, memberStockLeft, readRecall } from './read.js';
import { redistributionCandidates } from './redistribution.js';
import { traceBatch } from './trace.js';

type RecallOps =
  | 'recall.trace'
  | 'recall.create'
  | 'recall.get'
  | 'recall.list'
  | 'recall.orderReturns'
  | 'recall.close'
  | 'redistribution.candidates'
  | 'redistribution.start';

export const recallHandlers: HandlerMap<RecallOps> = {
  'recall.trace': (ctx, { itemId, batchNo }) => traceBatch(ctx.db, itemId, batchNo),

  'recall.create': (ctx, input) =>
    once(ctx, { requestId: input.requestId, documentId: null }, () => {
      const created = createRecall(ctx, input);
      const recall = readRecall(ctx.db, created.id);
      return { recall, holders: created.holders, frozen: recall.batches, documents: recall.documents, notes: created.notes };
    }),

  'recall.get': (ctx, { id }) => {
    const recall = readRecall(ctx.db, id);
    return { recall, trace: traceBatch(ctx.db, recall.itemId, recall.batchNo) };
  },

  'recall.list': (ctx, filter) => listRecalls(ctx.db, filter),

  // 补发: stock that arrived at a member after the recall (it was in transit), or came free when an allocation was
  // cancelled, is ordered back on the same recall; what its returns already reserve is not ordered twice.
  'recall.orderReturns': (ctx, { id }) => {
    const document = loadDocument(ctx.db, recallType, id);
    if (document.state !== 'open') throw conflict(`召回单 ${document.number} 当前为「${document.stateLabel}」，不能补发退库单`);
    const before = readRecall(ctx.db, id);
    const trace = traceBatch(ctx.db, before.itemId, before.batchNo);
    const notes = orderRecallReturns(
      ctx,
      { id, number: before.number, itemId: before.itemId, reason: before.reason, baseUnit: trace.item.baseUnit },
      trace.holders,
      '未补发',
    );
    const recall = readRecall(ctx.db, id);
    const known = new Set(before.documents.map((d) => d.id));
    const documents = recall.documents.filter((d) => !known.has(d.id));
    ctx.audit({
      target: `${recallType.type}:${recall.number}`,
      summary: { action: 'orderReturns', documents: documents.map((d) => d.number) },
    });
    return { recall, documents, notes };
  },

  // 结束召回: once no stock of the batches is left in member stores (or in transit to them) — the returns have come
  // back — or earlier with a reason on record (stock destroyed on site, a member's count shows none…). The batches
  // stay 召回: what came back to the centre goes to the supplier or is destroyed, never issued again.
  'recall.close': (ctx, { id, version, reason }) => {
    const document = loadDocument(ctx.db, recallType, id);
    if (document.state !== 'open') throw conflict(`召回单 ${document.number} 当前为「${document.stateLabel}」，不能结束召回`);
    const left = memberStockLeft(ctx.db, id);
    if (left > 0 && !reason) {
      const message = `成员单位仍有该批号库存 ${left}（含在途），须待退库完成后结束召回，或填写结束原因`;
      throw new DomainError('VALIDATION', message, [{ path: 'reason', message }]);
    }
    applyTransition(ctx, recallType, { id, version, transition: 'close', reason: reason || null });
    return { recall: readRecall(ctx.db, id) };
  },

  'redistribution.candidates': (ctx, input) => redistributionCandidates(ctx, input),

  'redistribution.start': (ctx, { storeId, lines, note }) => {
    const store = prepared(ctx.db.$client, 'SELECT is_central AS central FROM stores WHERE id = ?').get(storeId) as
      { central: number } | undefined;
    if (!store) throw new DomainError('VALIDATION', '所选库房不存在', [{ path: 'storeId', message: '所选库房不存在' }]);
    const created = createCentreReturn(ctx, { storeId, reason: 'redistribution', recallId: null, lines, note });
    return { document: memberReturns(ctx.db, 'sh.document_id = ?', created.id)[0]! };
  },
};

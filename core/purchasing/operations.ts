import { prepared } from '../../db/statements.js';
import type { Order } from '../api/purchasing.js';
import type { OperationContext } from '../context.js';
import { applyTransition, checkVersion, createDocument, loadDocument } from '../documents/lifecycle.js';
import { conflict, DomainError, invalid } from '../errors.js';
import type { HandlerMap } from '../handler.js';
import { requireActor } from '../scope.js';
import { assertSupplierUsable } from '../suppliers/qualification.js';
import { communityDate } from '../time.js';
import type { ItemCategory } from '../api/formulary.js';
import { purchaseOrderType, type PurchaseOrderState } from './order-type.js';
import { listOrders, orderCreator, orderEvents, readOrder, resolveOrder, writeOrder, type ParsedOrderFields } from './orders.js';
import { suggestions } from './suggestions.js';
import { itemTerms, loadItem } from './terms.js';

type PurchaseOrderOps =
  | 'purchaseOrder.create'
  | 'purchaseOrder.update'
  | 'purchaseOrder.approve'
  | 'purchaseOrder.discard'
  | 'purchaseOrder.send'
  | 'purchaseOrder.cancel'
  | 'purchaseOrder.get'
  | 'purchaseOrder.list'
  | 'purchaseOrder.recordPlatformFeedback'
  | 'purchaseOrder.itemTerms'
  | 'purchaseOrder.suggestions'
  | 'purchaseOrder.createFromSuggestions';

function createOrder(ctx: OperationContext, fields: ParsedOrderFields, linePath?: (i: number) => string): Order {
  const resolved = resolveOrder(ctx, fields, linePath);
  const document = createDocument(ctx, purchaseOrderType);
  writeOrder(ctx, document, resolved, true);
  return readOrder(ctx.db, document.id);
}

/** The document, at the caller's version or (scripts sending `{id}` alone) the current one. */
function current(ctx: OperationContext, id: number, version: number | undefined) {
  const document = loadDocument(ctx.db, purchaseOrderType, id);
  if (version !== undefined) checkVersion(ctx.db, purchaseOrderType, document, version);
  return document;
}

function transition(
  ctx: OperationContext,
  input: { id: number; version?: number | undefined; reason?: string | undefined },
  name: 'approve' | 'discard' | 'send' | 'cancel',
): Order {
  const document = current(ctx, input.id, input.version);
  applyTransition(ctx, purchaseOrderType, {
    id: input.id,
    version: document.version,
    transition: name,
    reason: input.reason?.trim() || null,
  });
  return readOrder(ctx.db, input.id);
}

/**
 * 审核: a 线下 / 应急 order needs a second person (the approver is not its creator; the system actor may approve);
 * the supplier must still be qualified and every item still 在用 on the day of approval.
 */
function approve(ctx: OperationContext, input: { id: number; version?: number | undefined }): Order {
  const actor = requireActor(ctx);
  const document = current(ctx, input.id, input.version);
  const order = readOrder(ctx.db, input.id);
  if (order.state === 'draft') {
    if (order.channel !== 'platform' && actor.kind === 'user' && orderCreator(ctx.db, input.id) === actor.userId) {
      const label = order.channel === 'offline' ? '线下采购' : '应急采购';
      throw invalid('id', `${label}订单须由编制人以外的人审核（${order.number} 由您本人编制）`);
    }
    const problems: { path: string; message: string }[] = [];
    order.lines.forEach((line, i) => {
      const item = loadItem(ctx.db, line.itemId);
      if (item && item.status !== 'active')
        problems.push({ path: `lines.${i}.itemId`, message: `「${item.genericName} ${item.spec}」已不是在用品种，不能审核` });
    });
    try {
      assertSupplierUsable(ctx.db, order.supplierId, {
        categories: [...new Set(order.lines.map((l) => l.category as ItemCategory))],
        onDate: communityDate(ctx.now),
        path: 'supplierId',
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'VALIDATION') problems.push(...(error.fields ?? []));
      else throw error;
    }
    if (problems.length > 0) throw new DomainError('VALIDATION', problems[0]!.message, problems);
  }
  applyTransition(ctx, purchaseOrderType, { id: input.id, version: document.version, transition: 'approve' });
  return readOrder(ctx.db, input.id);
}

const FEEDBACK_STATES: readonly PurchaseOrderState[] = ['approved', 'sent', 'partly_received', 'completed', 'cancelled'];

export const purchaseOrderHandlers: HandlerMap<PurchaseOrderOps> = {
  'purchaseOrder.create': (ctx, input) => ({ order: createOrder(ctx, input) }),

  'purchaseOrder.update': (ctx, input) => {
    const document = loadDocument(ctx.db, purchaseOrderType, input.id);
    if (document.state !== 'draft') throw conflict(`采购订单 ${document.number} 当前为「${document.stateLabel}」，只有草稿可以修改`);
    checkVersion(ctx.db, purchaseOrderType, document, input.version);
    const { id: _id, version, ...fields } = input;
    const resolved = resolveOrder(ctx, fields);
    // Editing a draft is a version too: the header advances by one (as every lifecycle step does), so a second
    // editor holding the old version gets CONFLICT instead of overwriting.
    const at = ctx.now.toISOString();
    const changed = prepared(
      ctx.db.$client,
      `UPDATE documents SET version = version + 1, updated_at = @at, updated_by = @by WHERE id = @id AND version = @version AND posted = 0`,
    ).run({ at, by: ctx.actor!.username, id: input.id, version });
    if (changed.changes !== 1) throw new Error(`purchase order ${input.id} changed under its own transaction`);
    prepared(
      ctx.db.$client,
      `INSERT INTO document_events (document_id, version, transition, from_state, to_state, actor_name, actor_user_id, at, reason)
       VALUES (@id, @version, 'update', 'draft', 'draft', @by, @userId, @at, NULL)`,
    ).run({
      id: input.id,
      version: version + 1,
      by: ctx.actor!.username,
      userId: ctx.actor!.kind === 'user' ? ctx.actor!.userId : null,
      at,
    });
    writeOrder(ctx, loadDocument(ctx.db, purchaseOrderType, input.id), resolved, false);
    return { order: readOrder(ctx.db, input.id) };
  },

  'purchaseOrder.approve': (ctx, input) => ({ order: approve(ctx, input) }),
  'purchaseOrder.discard': (ctx, input) => ({ order: transition(ctx, input, 'discard') }),
  'purchaseOrder.send': (ctx, input) => ({ order: transition(ctx, input, 'send') }),
  'purchaseOrder.cancel': (ctx, input) => ({ order: transition(ctx, input, 'cancel') }),

  'purchaseOrder.get': (ctx, input) => ({ order: readOrder(ctx.db, input.id), events: orderEvents(ctx.db, input.id) }),

  'purchaseOrder.list': (ctx, input) => ({ ...listOrders(ctx, input), page: input.page, pageSize: input.pageSize }),

  'purchaseOrder.recordPlatformFeedback': (ctx, input) => {
    const order = readOrder(ctx.db, input.id);
    if (!FEEDBACK_STATES.includes(order.state)) throw conflict(`采购订单 ${order.number} 当前为「${order.stateLabel}」，不能登记平台回执`);
    const problems: { path: string; message: string }[] = [];
    const rows = input.lines.length
      ? input.lines.map((l, i) => {
          const line = order.lines.find((x) => (l.lineId !== undefined ? x.id === l.lineId : x.hospitalLineId === l.hospitalLineId));
          if (!line)
            problems.push({
              path: `lines.${i}.${l.lineId !== undefined ? 'lineId' : 'hospitalLineId'}`,
              message: `订单 ${order.number} 没有这一行明细`,
            });
          return { line, platformLineId: l.platformLineId, lineState: l.lineState };
        })
      : // The order code alone: every line keeps what the platform last said about it.
        order.lines.map((line) => ({
          line,
          platformLineId: line.feedback?.platformLineId ?? '',
          lineState: line.feedback?.lineState ?? '',
        }));
    if (problems.length) throw new DomainError('VALIDATION', problems[0]!.message, problems);
    const insert = prepared(
      ctx.db.$client,
      `INSERT INTO purchase_order_platform_feedback (order_line_id, order_code, platform_line_id, line_state, recorded_at, recorded_by)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    for (const row of rows)
      insert.run(row.line!.id, input.orderCode, row.platformLineId, row.lineState, ctx.now.toISOString(), ctx.actor!.username);
    ctx.audit({
      target: `${purchaseOrderType.type}:${order.number}`,
      summary: {
        platformFeedback: {
          orderCode: input.orderCode,
          lines: rows.map((r) => ({ line: r.line!.hospitalLineId, platformLineId: r.platformLineId, lineState: r.lineState })),
        },
      },
    });
    return { order: readOrder(ctx.db, input.id) };
  },

  'purchaseOrder.itemTerms': (ctx, input) => {
    const today = communityDate(ctx.now);
    const terms = input.itemIds.flatMap((itemId) => {
      const item = loadItem(ctx.db, itemId);
      if (!item) return [];
      const { item: _item, ceilingPrice: _ceiling, ...rest } = itemTerms(ctx.db, item, today, input.platformProfile);
      return [rest];
    });
    return { terms };
  },

  'purchaseOrder.suggestions': (ctx, input) => suggestions(ctx, input),

  'purchaseOrder.createFromSuggestions': (ctx, input) => {
    const groups = new Map<number, number[]>();
    input.lines.forEach((line, i) => groups.set(line.supplierId, [...(groups.get(line.supplierId) ?? []), i]));
    const orders = [...groups.entries()].map(([supplierId, indexes]) =>
      createOrder(
        ctx,
        {
          supplierId,
          storeId: input.storeId,
          channel: 'platform',
          channelReason: '',
          platformProfile: input.platformProfile,
          expectedOn: null,
          note: '由采购建议生成',
          lines: indexes.map((i) => {
            const line = input.lines[i]!;
            return { itemId: line.itemId, quantity: line.quantity, priceMicro: line.priceMicro, priceReason: line.priceReason, memo: '' };
          }),
        },
        (j) => `lines.${indexes[j]}`,
      ),
    );
    return { orders };
  },
};

import { prepared } from '../../../db/statements.js';
import type { Adjustment, AdjustmentLineInput } from '../../api/adjustments.js';
import type { Permission } from '../../api/roles.js';
import type { AdjustmentKind } from '../../api/stock.js';
import type { Actor, OperationContext } from '../../context.js';
import { applyTransition, checkVersion, createDocument, loadDocument, reviseDocument, reverseDocument, type DocumentHeader, type TransitionDeclaration } from '../../documents/lifecycle.js';
import { once } from '../../documents/requests.js';
import { conflict, DomainError, forbidden } from '../../errors.js';
import type { HandlerMap } from '../../handler.js';
import { batchFor, postMoves, reverseMovesOf, storeLocationId, type MoveInput } from '../ledger.js';
import { ADJUSTMENT_MOVES, ADJUSTMENT_TYPES, type AdjustmentTransition } from '../adjustment-types.js';
import { adjustmentKindOf, batchesInStore, listAdjustments, purchasePackFactor, readAdjustment } from './read.js';
import { checkAdjustment, type ResolvedLine } from './rules.js';

type AdjustmentOps =
  | 'stockAdjustment.create'
  | 'stockAdjustment.update'
  | 'stockAdjustment.submit'
  | 'stockAdjustment.approve'
  | 'stockAdjustment.reject'
  | 'stockAdjustment.post'
  | 'stockAdjustment.reverse'
  | 'stockAdjustment.void'
  | 'stockAdjustment.get'
  | 'stockAdjustment.list'
  | 'stockAdjustment.batches';

interface StoredHeader {
  kind: AdjustmentKind;
  storeId: number;
  supplierId: number | null;
  reason: string;
  note: string;
}

function storedHeader(ctx: OperationContext, id: number): StoredHeader {
  return prepared(ctx.db.$client, 'SELECT kind, store_id AS storeId, supplier_id AS supplierId, reason, note FROM stock_adjustments WHERE document_id = ?').get(
    id,
  ) as StoredHeader;
}

interface StoredLine extends ResolvedLine {
  id: number;
}

function storedLines(ctx: OperationContext, id: number): StoredLine[] {
  return prepared(
    ctx.db.$client,
    `SELECT id, item_id AS itemId, batch_id AS batchId, batch_no AS batchNo, expiry, cost_micro AS costMicro, quantity, reason
     FROM stock_adjustment_lines WHERE document_id = ? ORDER BY line_no`,
  ).all(id) as StoredLine[];
}

function writeLines(ctx: OperationContext, documentId: number, lines: readonly ResolvedLine[]): void {
  const insert = prepared(
    ctx.db.$client,
    `INSERT INTO stock_adjustment_lines (document_id, line_no, item_id, batch_id, batch_no, expiry, cost_micro, quantity, reason)
     VALUES (@documentId, @lineNo, @itemId, @batchId, @batchNo, @expiry, @costMicro, @quantity, @reason)`,
  );
  lines.forEach((line, i) =>
    insert.run({
      documentId,
      lineNo: i + 1,
      itemId: line.itemId,
      batchId: line.batchId,
      batchNo: line.batchId === null ? line.batchNo : '',
      expiry: line.batchId === null ? line.expiry : null,
      costMicro: line.batchId === null ? line.costMicro : null,
      quantity: line.quantity,
      reason: line.reason,
    }),
  );
}

const auditLines = (lines: readonly ResolvedLine[]) =>
  lines.map((l) => ({ itemId: l.itemId, batchId: l.batchId, ...(l.batchId === null ? { batchNo: l.batchNo, expiry: l.expiry, costMicro: l.costMicro } : {}), quantity: l.quantity }));

const actorUserId = (actor: Actor) => (actor.kind === 'user' ? actor.userId : null);

/** A draft (or, for 报损, a rejected one being revised) at the version the caller read. */
function requireEditable(ctx: OperationContext, id: number, version: number, action: string): { kind: AdjustmentKind; document: DocumentHeader } {
  const kind = adjustmentKindOf(ctx.db, id);
  const docType = ADJUSTMENT_TYPES[kind];
  const document = loadDocument(ctx.db, docType, id);
  const editable = kind === 'loss' ? ['draft', 'rejected'] : ['draft'];
  if (!editable.includes(document.state)) {
    throw conflict(`${docType.label} ${document.number} 当前为「${document.stateLabel}」，不能${action}（仅草稿${kind === 'loss' ? '或已驳回' : ''}的单据可以${action}）`);
  }
  checkVersion(ctx.db, docType, document, version);
  return { kind, document };
}


/**
 * 报损 is approved by a second person: the approver is none of those who created, edited or submitted it
 * (compared by user, or by name for the hub's own system actors).
 */
function assertSecondPerson(ctx: OperationContext, id: number, number: string): void {
  const actor = ctx.actor!;
  const authors = prepared(
    ctx.db.$client,
    `SELECT DISTINCT actor_name AS name, actor_user_id AS userId FROM document_events WHERE document_id = ? AND transition IN ('create', 'edit', 'submit')`,
  ).all(id) as { name: string; userId: number | null }[];
  const userId = actorUserId(actor);
  const same = authors.some((a) => (userId !== null ? a.userId === userId : a.userId === null && a.name === actor.username));
  if (same) throw forbidden(`报损单 ${number} 须由编制人、提交人以外的第二人审批，您不能审批自己编制或提交的报损单`);
}

/**
 * Posts the document's moves, in the operation's transaction: the rules again (stock may have moved since the
 * draft was saved), new batches for 其他入库 written onto their lines while the document is not yet posted, then
 * the transition (permission, state, version) and the moves through the ledger, each refusal on its line.
 */
function postAdjustment(ctx: OperationContext, id: number, version: number, transition: AdjustmentTransition, reason: string | null): Adjustment {
  const kind = adjustmentKindOf(ctx.db, id);
  const docType = ADJUSTMENT_TYPES[kind];
  const header = storedHeader(ctx, id);
  const lines = storedLines(ctx, id);
  const document = loadDocument(ctx.db, docType, id);
  // State and version first: a document already posted answers CONFLICT, not whatever its stock now says.
  const declared = (docType.transitions as Record<string, TransitionDeclaration<string>>)[transition]!;
  if (!declared.from.includes(document.state)) {
    throw conflict(`${docType.label} ${document.number} 当前为「${document.stateLabel}」，不能${declared.label}`);
  }
  checkVersion(ctx.db, docType, document, version);
  if (transition === 'approve') assertSecondPerson(ctx, id, document.number);
  const { lines: resolved } = checkAdjustment(ctx, {
    kind,
    storeId: header.storeId,
    supplierId: header.supplierId,
    lines: lines.map((l) => ({
      itemId: l.itemId,
      batchId: l.batchId,
      batchNo: l.batchNo,
      expiry: l.expiry ?? '',
      costMicro: l.costMicro,
      quantity: l.quantity,
      reason: l.reason,
    })),
  });
  const { changeType, direction } = ADJUSTMENT_MOVES[kind];
  const location = storeLocationId(ctx.db, header.storeId);
  const setBatch = prepared(ctx.db.$client, 'UPDATE stock_adjustment_lines SET batch_id = ? WHERE id = ?');
  const moves: MoveInput[] = resolved.map((line, i) => {
    let batchId = line.batchId;
    if (batchId === null) {
      const item = prepared(ctx.db.$client, 'SELECT base_unit AS baseUnit, packs, purchase_unit AS purchaseUnit FROM formulary_items WHERE id = ?').get(line.itemId) as {
        baseUnit: string;
        packs: string;
        purchaseUnit: string;
      };
      batchId = batchFor(ctx, {
        itemId: line.itemId,
        batchNo: line.batchNo,
        productionDate: line.productionDate,
        expiry: line.expiry!,
        costMicro: line.costMicro!,
        costUnit: item.purchaseUnit,
        costPackFactor: purchasePackFactor(item.baseUnit, item.packs, item.purchaseUnit),
        supplierId: null,
      });
      setBatch.run(batchId, lines[i]!.id);
    }
    return {
      itemId: line.itemId,
      batchId,
      fromLocationId: direction === 'out' ? location : null,
      toLocationId: direction === 'in' ? location : null,
      quantity: line.quantity,
      changeType,
      documentId: id,
      documentLineId: lines[i]!.id,
      path: `lines.${i}.quantity`,
    };
  });
  applyTransition(ctx, docType, { id, version, transition, reason });
  postMoves(ctx, moves);
  return readAdjustment(ctx.db, id);
}

function transition(ctx: OperationContext, id: number, version: number, name: AdjustmentTransition, reason: string | null): Adjustment {
  applyTransition(ctx, ADJUSTMENT_TYPES[adjustmentKindOf(ctx.db, id)], { id, version, transition: name, reason });
  return readAdjustment(ctx.db, id);
}

/** 报损 is submitted and approved, never posted directly; 退货 and 其他出入库 are posted, never approved. */
function assertTransitionDeclared(ctx: OperationContext, id: number, name: AdjustmentTransition): void {
  const kind = adjustmentKindOf(ctx.db, id);
  const docType = ADJUSTMENT_TYPES[kind];
  if (name in docType.transitions) return;
  const document = loadDocument(ctx.db, docType, id);
  const hint = kind === 'loss' ? '报损单须提交审批，由第二人审批后过账' : `${docType.label}不需要审批，直接过账`;
  throw conflict(`${docType.label} ${document.number} 不能${name === 'post' ? '直接过账' : '执行此操作'}：${hint}`);
}

export interface AdjustmentDraftInput {
  kind: AdjustmentKind;
  storeId: number;
  supplierId: number | null;
  reason: string;
  note: string;
  lines: readonly AdjustmentLineInput[];
  /** The 召回单 that orders this 退货单 (a recall of the central store's stock). */
  recallId?: number | null;
}

/**
 * A draft 退货/报损/其他出入库单 checked by the rules (every refusal on its line), in the caller's transaction:
 * `stockAdjustment.create`, and a recall's 退货单 of the central store's stock (core/distribution/recalls). A recall
 * is ordered by the pharmacy officer, who holds stock.recall but not stock.adjust: `createPermission` names the
 * permission that admits the caller to make this draft instead of the type's own; posting it stays with stock.adjust.
 */
export function createAdjustmentDraft(ctx: OperationContext, input: AdjustmentDraftInput, options: { createPermission?: Permission } = {}): Adjustment {
  const { supplierId, lines } = checkAdjustment(ctx, {
    kind: input.kind,
    storeId: input.storeId,
    supplierId: input.supplierId,
    lines: input.lines.map((l) => ({
      itemId: l.itemId,
      batchId: l.batchId ?? null,
      batchNo: l.batchNo ?? '',
      expiry: l.expiry ?? '',
      costMicro: l.costMicro ?? null,
      quantity: l.quantity,
      reason: l.reason ?? '',
    })),
  });
  const declared = ADJUSTMENT_TYPES[input.kind];
  const docType = options.createPermission ? { ...declared, createPermission: options.createPermission } : declared;
  const document = createDocument(ctx, docType);
  prepared(
    ctx.db.$client,
    `INSERT INTO stock_adjustments (document_id, kind, store_id, supplier_id, reason, note, recall_id)
     VALUES (@id, @kind, @storeId, @supplierId, @reason, @note, @recallId)`,
  ).run({ id: document.id, kind: input.kind, storeId: input.storeId, supplierId, reason: input.reason, note: input.note, recallId: input.recallId ?? null });
  writeLines(ctx, document.id, lines);
  ctx.audit({
    target: `${declared.type}:${document.number}`,
    summary: { kind: input.kind, storeId: input.storeId, supplierId, reason: input.reason, lines: auditLines(lines) },
  });
  return readAdjustment(ctx.db, document.id);
}

export const adjustmentHandlers: HandlerMap<AdjustmentOps> = {
  'stockAdjustment.create': (ctx, input) => ({ adjustment: createAdjustmentDraft(ctx, input) }),

  'stockAdjustment.update': (ctx, input) => {
    const { kind, document } = requireEditable(ctx, input.id, input.version, '修改');
    const header = storedHeader(ctx, input.id);
    const { supplierId, lines } = checkAdjustment(ctx, { kind, storeId: header.storeId, supplierId: input.supplierId, lines: input.lines });
    prepared(ctx.db.$client, 'UPDATE stock_adjustments SET supplier_id = @supplierId, reason = @reason, note = @note WHERE document_id = @id').run({
      id: input.id,
      supplierId,
      reason: input.reason,
      note: input.note,
    });
    prepared(ctx.db.$client, 'DELETE FROM stock_adjustment_lines WHERE document_id = ?').run(input.id);
    writeLines(ctx, input.id, lines);
    reviseDocument(ctx, ADJUSTMENT_TYPES[kind], document, input.version, { supplierId, reason: input.reason, lines: auditLines(lines) });
    return { adjustment: readAdjustment(ctx.db, input.id) };
  },

  'stockAdjustment.submit': (ctx, { id, version }) => {
    assertTransitionDeclared(ctx, id, 'submit');
    return { adjustment: transition(ctx, id, version, 'submit', null) };
  },

  'stockAdjustment.approve': (ctx, { id, version, requestId, reason }) =>
    once(ctx, { requestId, documentId: id }, () => {
      assertTransitionDeclared(ctx, id, 'approve');
      return { adjustment: postAdjustment(ctx, id, version, 'approve', reason || null) };
    }),

  'stockAdjustment.reject': (ctx, { id, version, reason }) => {
    assertTransitionDeclared(ctx, id, 'reject');
    return { adjustment: transition(ctx, id, version, 'reject', reason) };
  },

  'stockAdjustment.post': (ctx, { id, version, requestId }) =>
    once(ctx, { requestId, documentId: id }, () => {
      assertTransitionDeclared(ctx, id, 'post');
      return { adjustment: postAdjustment(ctx, id, version, 'post', null) };
    }),

  'stockAdjustment.reverse': (ctx, { id, version, requestId, reason }) =>
    once(ctx, { requestId, documentId: id }, () => {
      const kind = adjustmentKindOf(ctx.db, id);
      const docType = ADJUSTMENT_TYPES[kind];
      const { reversal } = reverseDocument(ctx, docType, { id, version, reason }, (reversalDoc, original) => {
        const header = storedHeader(ctx, original.id);
        prepared(
          ctx.db.$client,
          'INSERT INTO stock_adjustments (document_id, kind, store_id, supplier_id, reason, note) VALUES (@id, @kind, @storeId, @supplierId, @reason, @note)',
        ).run({ id: reversalDoc.id, kind, storeId: header.storeId, supplierId: header.supplierId, reason, note: `冲销 ${original.number}` });
        prepared(
          ctx.db.$client,
          `INSERT INTO stock_adjustment_lines (document_id, line_no, item_id, batch_id, batch_no, expiry, cost_micro, quantity, reason)
           SELECT @reversalId, line_no, item_id, batch_id, batch_no, expiry, cost_micro, quantity, reason FROM stock_adjustment_lines WHERE document_id = @originalId`,
        ).run({ reversalId: reversalDoc.id, originalId: original.id });
        try {
          reverseMovesOf(ctx, original.id, reversalDoc.id);
        } catch (error) {
          if (error instanceof DomainError && error.code === 'VALIDATION') {
            throw new DomainError('CONFLICT', `不能冲销 ${original.number}：${error.message}（库存已发生变动）`);
          }
          throw error;
        }
      });
      return { adjustment: readAdjustment(ctx.db, id), reversal: readAdjustment(ctx.db, reversal.id) };
    }),

  // A draft nobody will post is 作废: kept, numbered, never deleted; it moved no stock.
  'stockAdjustment.void': (ctx, { id, version, reason }) => ({ adjustment: transition(ctx, id, version, 'void', reason) }),

  'stockAdjustment.get': (ctx, { id }) => ({ adjustment: readAdjustment(ctx.db, id) }),

  'stockAdjustment.list': (ctx, filter) => ({ adjustments: listAdjustments(ctx.db, ctx.scope, filter) }),

  'stockAdjustment.batches': (ctx, { storeId, itemId, query }) => ({ batches: batchesInStore(ctx.db, storeId, { itemId, query }) }),
};

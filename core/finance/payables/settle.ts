import { prepared } from '../../../db/statements.js';
import type { SettlementKind } from '../../api/finance.js';
import type { OperationContext } from '../../context.js';
import { conflict, notFound } from '../../errors.js';
import { formatYuan } from '../../api/money.js';
import { leadUnitId, postEntry } from '../books/journal.js';

/**
 * What settles a payable (payable_settlements, append-only) and its journal entry in the lead hospital's books:
 * - bank (a payment batch line): Dr 应付账款 (supplier) / Cr 银行存款;
 * - insurance (医保基金直接结算): Dr 应付账款 (supplier) / Cr 医保基金直接结算;
 * - red_invoice: no entry here — the red-letter invoice's own entry already debited 应付账款.
 * So the journal's 应付账款 of a supplier = Σ its payables − Σ their settlements. A settlement beyond the open amount
 * is refused (fail closed). A reversal (`reverseSettlement`) is a negative row naming the one it reverses, with a
 * reason, and a red-ink entry naming the original entry; the payable reopens by that amount.
 */
export interface SettlementInput {
  payableId: number;
  kind: SettlementKind;
  amountMicro: number;
  settledOn: string;
  reference: string;
  documentId: number | null;
  paymentLineId?: number | null;
  /** false: the caller books the journal itself (one entry for many settlements, e.g. a whole batch). */
  book?: boolean;
}

interface PayableRow {
  id: number;
  supplierId: number;
  amountMicro: number;
  settledMicro: number;
}

export function payableOpen(ctx: OperationContext, payableId: number): PayableRow {
  const row = prepared(
    ctx.db.$client,
    `SELECT p.id, p.supplier_id AS supplierId, p.amount_micro AS amountMicro,
            COALESCE((SELECT SUM(s.amount_micro) FROM payable_settlements s WHERE s.payable_id = p.id), 0) AS settledMicro
       FROM payables p WHERE p.id = ?`,
  ).get(payableId) as PayableRow | undefined;
  if (!row) throw notFound(`应付款 ${payableId} `);
  return row;
}

function actorFields(ctx: OperationContext): { actorName: string; actorUserId: number | null } {
  const actor = ctx.actor;
  if (!actor) throw new Error('a settlement needs a caller');
  return { actorName: actor.username, actorUserId: actor.kind === 'user' ? actor.userId : null };
}

export const SETTLEMENT_ENTRY: Record<'bank' | 'insurance', { kind: 'payment' | 'insurance'; credit: 'bank' | 'insurance_clearing' }> = {
  bank: { kind: 'payment', credit: 'bank' },
  insurance: { kind: 'insurance', credit: 'insurance_clearing' },
};

export function recordSettlement(ctx: OperationContext, input: SettlementInput): { id: number } {
  if (!Number.isSafeInteger(input.amountMicro) || input.amountMicro <= 0) throw conflict('结算金额必须大于零');
  const payable = payableOpen(ctx, input.payableId);
  const open = payable.amountMicro - payable.settledMicro;
  if (input.amountMicro > open) {
    throw conflict(`应付款 ${payable.id} 未结金额 ${formatYuan(open)} 元，不能结算 ${formatYuan(input.amountMicro)} 元`);
  }
  const { id } = prepared(
    ctx.db.$client,
    `INSERT INTO payable_settlements (payable_id, kind, amount_micro, settled_on, reference, payment_line_id, document_id, reverses_id, reason, at, actor_name, actor_user_id)
     VALUES (@payableId, @kind, @amountMicro, @settledOn, @reference, @paymentLineId, @documentId, NULL, '', @at, @actorName, @actorUserId) RETURNING id`,
  ).get({
    payableId: payable.id,
    kind: input.kind,
    amountMicro: input.amountMicro,
    settledOn: input.settledOn,
    reference: input.reference,
    paymentLineId: input.paymentLineId ?? null,
    documentId: input.documentId,
    at: ctx.now.toISOString(),
    ...actorFields(ctx),
  }) as { id: number };
  if (input.kind !== 'red_invoice' && input.book !== false) {
    bookSettlements(ctx, input.kind, input.documentId, `${input.kind === 'bank' ? '付款' : '医保基金直接结算'} ${input.reference}`, [
      { supplierId: payable.supplierId, amountMicro: input.amountMicro },
    ]);
  }
  return { id };
}

/** One entry for settlements of one kind: Dr 应付账款 per supplier / Cr 银行存款 or 医保基金直接结算 (negative: red ink). */
export function bookSettlements(
  ctx: OperationContext,
  kind: 'bank' | 'insurance',
  documentId: number | null,
  summary: string,
  lines: readonly { supplierId: number; amountMicro: number }[],
  reversesEntryId?: number | null,
): number | null {
  const unitId = leadUnitId(ctx);
  if (unitId === null) throw conflict('未设置牵头医院，无法记账');
  const bySupplier = new Map<number, number>();
  for (const l of lines) bySupplier.set(l.supplierId, (bySupplier.get(l.supplierId) ?? 0) + l.amountMicro);
  const total = [...bySupplier.values()].reduce((a, b) => a + b, 0);
  const spec = SETTLEMENT_ENTRY[kind];
  const entry = postEntry(ctx, {
    unitId,
    kind: spec.kind,
    documentId,
    summary,
    reversesEntryId: reversesEntryId ?? null,
    lines: [
      ...[...bySupplier].map(([supplierId, amount]) => ({ account: 'accounts_payable' as const, debitMicro: amount, supplierId })),
      { account: spec.credit, creditMicro: total },
    ],
  });
  return entry?.id ?? null;
}

/**
 * Reverses one settlement (bank or insurance) with a reason: a negative row naming it, and — when `book` — a red-ink
 * entry (the same accounts, negated) in the lead unit's books. The payable reopens by the amount.
 */
export function reverseSettlement(
  ctx: OperationContext,
  input: { settlementId: number; reason: string; settledOn: string; book?: boolean; reversesEntryId?: number | null },
): { id: number; payableId: number; supplierId: number; amountMicro: number; kind: SettlementKind } {
  const original = prepared(
    ctx.db.$client,
    `SELECT s.id, s.payable_id AS payableId, s.kind, s.amount_micro AS amountMicro, s.reference, s.payment_line_id AS paymentLineId,
            s.document_id AS documentId, s.reverses_id AS reversesId, p.supplier_id AS supplierId,
            (SELECT r.id FROM payable_settlements r WHERE r.reverses_id = s.id) AS reversedBy
       FROM payable_settlements s JOIN payables p ON p.id = s.payable_id WHERE s.id = ?`,
  ).get(input.settlementId) as
    | { id: number; payableId: number; kind: SettlementKind; amountMicro: number; reference: string; paymentLineId: number | null; documentId: number | null; reversesId: number | null; supplierId: number; reversedBy: number | null }
    | undefined;
  if (!original) throw notFound('结算记录');
  if (original.reversesId !== null) throw conflict('冲销记录不能再冲销');
  if (original.reversedBy !== null) throw conflict('该笔结算已冲销');
  if (original.kind === 'red_invoice') throw conflict('红字发票冲减不能在此冲销');
  if (input.reason.trim() === '') throw conflict('冲销须填写原因');
  const { id } = prepared(
    ctx.db.$client,
    `INSERT INTO payable_settlements (payable_id, kind, amount_micro, settled_on, reference, payment_line_id, document_id, reverses_id, reason, at, actor_name, actor_user_id)
     VALUES (@payableId, @kind, @amountMicro, @settledOn, @reference, @paymentLineId, @documentId, @reversesId, @reason, @at, @actorName, @actorUserId) RETURNING id`,
  ).get({
    payableId: original.payableId,
    kind: original.kind,
    amountMicro: -original.amountMicro,
    settledOn: input.settledOn,
    reference: original.reference,
    paymentLineId: original.paymentLineId,
    documentId: original.documentId,
    reversesId: original.id,
    reason: input.reason.trim(),
    at: ctx.now.toISOString(),
    ...actorFields(ctx),
  }) as { id: number };
  if (input.book !== false) {
    bookSettlements(
      ctx,
      original.kind,
      original.documentId,
      `冲销${original.kind === 'bank' ? '付款' : '医保基金直接结算'} ${original.reference}：${input.reason.trim()}`,
      [{ supplierId: original.supplierId, amountMicro: -original.amountMicro }],
      input.reversesEntryId ?? null,
    );
  }
  return { id, payableId: original.payableId, supplierId: original.supplierId, amountMicro: original.amountMicro, kind: original.kind };
}

import { prepared } from '../../../db/statements.js';
import { formatYuan } from '../../api/money.js';
import type { OperationContext } from '../../context.js';
import { conflict, DomainError, notFound } from '../../errors.js';
import { availability } from './batches.js';
import { bookSettlements, recordSettlement } from './settle.js';

/**
 * 医保基金直接结算: the fund pays the company for 集采 products, and the payables it covers are closed without a bank
 * payment — by hand on the payables page (chosen payables and amounts), or against a settlement statement the
 * platform sent (`settlements_in`, core/platform/imports/settlements.ts), which closes every open payable of the
 * statement's supplier and period when, and only when, their open amounts add up to what the statement pays. What
 * a payment batch not yet paid holds of a payable is never settled by the fund (the bank would pay it as well).
 */

export interface InsuranceLine {
  payableId: number;
  amountMicro: number;
}

/** Settles the lines with the statement's reference: one settlement row each, one journal entry for all. */
export function settleByInsurance(ctx: OperationContext, lines: readonly InsuranceLine[], reference: string, settledOn: string) {
  const seen = new Set<number>();
  const settlements = lines.map((line, index) => {
    if (seen.has(line.payableId)) throw conflict(`第 ${index + 1} 行：应付款重复`);
    seen.add(line.payableId);
    // What a payment batch waiting to be paid holds is not the fund's to settle: paying both would pay twice.
    const a = availability(ctx, line.payableId, null);
    if (!a) throw notFound(`应付款 ${line.payableId} `);
    const held = Math.max(0, a.committedMicro);
    if (held > 0 && line.amountMicro > a.amountMicro - a.settledMicro - held) {
      throw conflict(`第 ${index + 1} 行：应付款 ${line.payableId} 有 ${formatYuan(held)} 元在待付的付款单中，医保结算最多 ${formatYuan(Math.max(0, a.amountMicro - a.settledMicro - held))} 元`);
    }
    const { id } = recordSettlement(ctx, { payableId: line.payableId, kind: 'insurance', amountMicro: line.amountMicro, settledOn, reference, documentId: null, book: false });
    return { id, payableId: line.payableId, amountMicro: line.amountMicro };
  });
  const supplierOf = prepared(ctx.db.$client, 'SELECT supplier_id AS supplierId FROM payables WHERE id = ?');
  bookSettlements(
    ctx,
    'insurance',
    null,
    `医保基金直接结算 ${reference}`,
    lines.map((l) => ({ supplierId: (supplierOf.get(l.payableId) as { supplierId: number }).supplierId, amountMicro: l.amountMicro })),
  );
  const totalMicro = settlements.reduce((a, s) => a + s.amountMicro, 0);
  ctx.audit({ target: `insurance:${reference}`, summary: { settledOn, lines: settlements.length, totalMicro } });
  return { settlements, totalMicro };
}

export interface PeriodPayable {
  id: number;
  amountMicro: number;
  openMicro: number;
}

/** A supplier's payables accepted in a statement's period ('' = open-ended), with what is still open on each. */
export function periodPayables(ctx: OperationContext, supplierId: number, from: string, to: string): PeriodPayable[] {
  return prepared(
    ctx.db.$client,
    `SELECT p.id, p.amount_micro AS amountMicro,
            p.amount_micro - COALESCE((SELECT SUM(s.amount_micro) FROM payable_settlements s WHERE s.payable_id = p.id), 0) AS openMicro
       FROM payables p WHERE p.supplier_id = @supplierId AND (@from = '' OR p.accepted_on >= @from) AND (@to = '' OR p.accepted_on <= @to)
      ORDER BY p.accepted_on, p.id`,
  ).all({ supplierId, from, to }) as PeriodPayable[];
}

/** What a reconciled statement recorded (platform_exchanges.summary of a settlements_in import). */
export interface RecordedStatement {
  payOrdId: string;
  supplierId: number;
  supplierName: string;
  dueMicro: number;
  periodFrom: string;
  periodTo: string;
}

function recordedStatement(ctx: OperationContext, exchangeId: number, payOrdId: string): RecordedStatement {
  const row = prepared(ctx.db.$client, "SELECT summary FROM platform_exchanges WHERE id = ? AND exchange = 'settlements_in'").get(exchangeId) as { summary: string } | undefined;
  if (!row) throw notFound('结算单导入记录');
  const statements = (JSON.parse(row.summary) as { statements?: RecordedStatement[] }).statements ?? [];
  const statement = statements.find((s) => s.payOrdId === payOrdId);
  if (!statement) throw notFound(`结算单 ${payOrdId} `);
  return statement;
}

/**
 * Closes the open payables of a reconciled statement by 医保基金直接结算. Fails closed: a statement already used, no
 * open payable, or open amounts that do not add up to the statement's figure are refused with the figures — those
 * are settled by hand, payable by payable.
 */
export function settleStatement(ctx: OperationContext, exchangeId: number, payOrdId: string, settledOn: string) {
  const statement = recordedStatement(ctx, exchangeId, payOrdId);
  const used = prepared(ctx.db.$client, "SELECT 1 FROM payable_settlements WHERE kind = 'insurance' AND reference = ? LIMIT 1").get(payOrdId);
  if (used) throw conflict(`结算单 ${payOrdId} 已用于医保基金直接结算，不能再次结清`);
  const open = periodPayables(ctx, statement.supplierId, statement.periodFrom, statement.periodTo).filter((p) => p.openMicro > 0);
  const openMicro = open.reduce((a, p) => a + p.openMicro, 0);
  if (open.length === 0) throw new DomainError('VALIDATION', `${statement.supplierName} 在结算期内没有未结应付款`, [{ path: 'payOrdId', message: '结算期内没有未结应付款' }]);
  if (openMicro !== statement.dueMicro) {
    const message = `平台结算 ${formatYuan(statement.dueMicro)} 元，${statement.supplierName} 结算期内未结应付款 ${formatYuan(openMicro)} 元，金额不一致：请在应付款页面逐笔结算`;
    throw new DomainError('VALIDATION', message, [{ path: 'payOrdId', message }]);
  }
  return settleByInsurance(
    ctx,
    open.map((p) => ({ payableId: p.id, amountMicro: p.openMicro })),
    payOrdId,
    settledOn,
  );
}

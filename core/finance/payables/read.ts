import { prepared } from '../../../db/statements.js';
import { DUE_RULE_LABELS, type DueRule } from '../../api/finance.js';
import type { PayableRow } from '../../api/payables.js';
import type { OperationContext } from '../../context.js';
import { communityDate } from '../../time.js';
import { financeSettings, type FinanceSettings } from '../settings.js';
import { addDays, daysBetween, lateInterestMicro } from './due-rules.js';

/**
 * Reading payables: every figure is computed on read from payables and payable_settlements (both append-only), so
 * the open amount is always Σ payables − Σ settlements. As of a past day (`@bookedBy`: the 月报 of a month, an
 * ageing as of a date) only the payables for goods accepted by then count, less what was settled by then, so a
 * later payment or delivery does not show in it; as of today or later, every payable and settlement recorded
 * counts (a settlement may be entered with a later statement date). "Committed" is what unpaid lines of payment
 * batches that are not cancelled hold of a payable now: line amount − the net bank payments recorded on that line.
 */
export const PAYABLE_SELECT = `
  SELECT p.id, p.supplier_id AS supplierId, s.name AS supplierName, p.sme, p.invoice_id AS invoiceId,
         i.invoice_code || i.invoice_no AS invoiceNumber, d.number AS invoiceDocumentNumber,
         p.item_id AS itemId, fi.generic_name || CASE WHEN fi.spec = '' THEN '' ELSE ' ' || fi.spec END AS itemName,
         p.vbp, p.delivered_on AS deliveredOn, p.accepted_on AS acceptedOn, p.due_on AS dueOn, p.rule, p.rule_days AS ruleDays,
         p.amount_micro AS amountMicro, p.interest_rate_bp AS interestRateBp,
         COALESCE((SELECT SUM(x.amount_micro) FROM payable_settlements x WHERE x.payable_id = p.id AND x.settled_on <= @bookedBy), 0) AS paidMicro,
         COALESCE((SELECT SUM(bl.amount_micro - COALESCE((SELECT SUM(y.amount_micro) FROM payable_settlements y WHERE y.payment_line_id = bl.id), 0))
                     FROM payment_batch_lines bl JOIN documents bd ON bd.id = bl.document_id
                    WHERE bl.payable_id = p.id AND bd.state <> 'cancelled'), 0) AS committedMicro
    FROM payables p
    JOIN suppliers s ON s.id = p.supplier_id
    JOIN supplier_invoices i ON i.document_id = p.invoice_id
    JOIN documents d ON d.id = p.invoice_id
    JOIN formulary_items fi ON fi.id = p.item_id
   WHERE p.accepted_on <= @bookedBy`;

export interface RawPayable {
  id: number;
  supplierId: number;
  supplierName: string;
  sme: number;
  invoiceId: number;
  invoiceNumber: string;
  invoiceDocumentNumber: string;
  itemId: number;
  itemName: string;
  vbp: number;
  deliveredOn: string;
  acceptedOn: string;
  dueOn: string;
  rule: DueRule;
  ruleDays: number;
  amountMicro: number;
  interestRateBp: number | null;
  paidMicro: number;
  committedMicro: number;
}

export function toPayableRow(ctx: OperationContext, raw: RawPayable, asOf: string, settings: FinanceSettings): PayableRow {
  const openMicro = raw.amountMicro - raw.paidMicro;
  const overdue = openMicro > 0 && raw.dueOn < asOf ? daysBetween(raw.dueOn, asOf) : 0;
  let interestMicro = 0;
  if (raw.sme === 1 && raw.dueOn < asOf) {
    const settlements = prepared(ctx.db.$client, 'SELECT settled_on AS settledOn, amount_micro AS amountMicro FROM payable_settlements WHERE payable_id = ?').all(raw.id) as {
      settledOn: string;
      amountMicro: number;
    }[];
    interestMicro = lateInterestMicro({
      amountMicro: raw.amountMicro,
      dueOn: raw.dueOn,
      asOf,
      settlements,
      contractRateBp: raw.interestRateBp,
      lprBp: settings.lprBp,
      dailyCentiBp: settings.statutoryDailyInterestCentiBp,
    });
  }
  return {
    id: raw.id,
    supplierId: raw.supplierId,
    supplierName: raw.supplierName,
    sme: raw.sme === 1,
    invoiceId: raw.invoiceId,
    invoiceNumber: raw.invoiceNumber,
    invoiceDocumentNumber: raw.invoiceDocumentNumber,
    itemId: raw.itemId,
    itemName: raw.itemName,
    vbp: raw.vbp === 1,
    deliveredOn: raw.deliveredOn,
    acceptedOn: raw.acceptedOn,
    dueOn: raw.dueOn,
    rule: raw.rule,
    ruleLabel: DUE_RULE_LABELS[raw.rule],
    ruleDays: raw.ruleDays,
    amountMicro: raw.amountMicro,
    paidMicro: raw.paidMicro,
    openMicro,
    committedMicro: Math.max(0, raw.committedMicro),
    overdueDays: overdue,
    interestMicro,
    ageDays: Math.max(0, daysBetween(raw.acceptedOn, asOf)),
    status: openMicro > 0 ? 'open' : 'settled',
  };
}

export interface PayableFilter {
  supplierId?: number;
  supplierIds?: readonly number[];
  dueBefore?: string;
  status: 'open' | 'settled' | 'all';
  overdueOnly?: boolean;
  vbp?: boolean;
  ids?: readonly number[];
}

export function queryPayables(ctx: OperationContext, filter: PayableFilter, asOf = communityDate(ctx.now)): PayableRow[] {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.supplierId !== undefined) {
    where.push('q.supplierId = @supplierId');
    params.supplierId = filter.supplierId;
  }
  if (filter.supplierIds && filter.supplierIds.length > 0) where.push(`q.supplierId IN (${filter.supplierIds.map((n) => Number(n)).join(',')})`);
  if (filter.ids) where.push(filter.ids.length === 0 ? '0' : `q.id IN (${filter.ids.map((n) => Number(n)).join(',')})`);
  if (filter.dueBefore !== undefined) {
    where.push('q.dueOn <= @dueBefore');
    params.dueBefore = filter.dueBefore;
  }
  if (filter.status === 'open') where.push('q.amountMicro > q.paidMicro');
  if (filter.status === 'settled') where.push('q.amountMicro <= q.paidMicro');
  if (filter.overdueOnly) where.push('q.amountMicro > q.paidMicro AND q.dueOn < @asOf');
  params.asOf = asOf;
  params.bookedBy = asOf < communityDate(ctx.now) ? asOf : '9999-12-31';
  if (filter.vbp !== undefined) where.push(`q.vbp = ${filter.vbp ? 1 : 0}`);
  const sql = `SELECT * FROM (${PAYABLE_SELECT}) q ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY q.dueOn, q.supplierId, q.id`;
  const settings = financeSettings(ctx.db);
  return (ctx.db.$client.prepare(sql).all(params) as RawPayable[]).map((raw) => toPayableRow(ctx, raw, asOf, settings));
}

const emptyBuckets = () => ({ d0to30: 0, d31to60: 0, d61to90: 0, over90: 0 });

/** 账龄 by days since acceptance; due-soon windows (0–7 and 0–30 days ahead, today included) and overdue by due date. */
export function ageing(ctx: OperationContext, asOf: string) {
  const rows = queryPayables(ctx, { status: 'open' }, asOf);
  const in7 = addDays(asOf, 7);
  const in30 = addDays(asOf, 30);
  const bySupplier = new Map<number, ReturnType<typeof emptyAgeing> & { supplierId: number; supplierName: string; sme: boolean }>();
  const totals = emptyAgeing();
  for (const r of rows) {
    let entry = bySupplier.get(r.supplierId);
    if (!entry) {
      entry = { supplierId: r.supplierId, supplierName: r.supplierName, sme: r.sme, ...emptyAgeing() };
      bySupplier.set(r.supplierId, entry);
    }
    for (const target of [entry, totals]) {
      target.openMicro += r.openMicro;
      target.openCount += 1;
      const age = r.ageDays;
      if (age <= 30) target.buckets.d0to30 += r.openMicro;
      else if (age <= 60) target.buckets.d31to60 += r.openMicro;
      else if (age <= 90) target.buckets.d61to90 += r.openMicro;
      else target.buckets.over90 += r.openMicro;
      if (r.dueOn < asOf) target.overdueMicro += r.openMicro;
      else {
        if (r.dueOn <= in7) target.dueNext7Micro += r.openMicro;
        if (r.dueOn <= in30) target.dueNext30Micro += r.openMicro;
      }
      target.interestMicro += r.interestMicro;
    }
  }
  const suppliers = [...bySupplier.values()].sort((a, b) => b.openMicro - a.openMicro || a.supplierName.localeCompare(b.supplierName, 'zh-CN'));
  return { asOf, basis: 'acceptance' as const, suppliers, totals };
}

function emptyAgeing() {
  return { openMicro: 0, buckets: emptyBuckets(), dueNext7Micro: 0, dueNext30Micro: 0, overdueMicro: 0, interestMicro: 0, openCount: 0 };
}

/**
 * Days from acceptance to payment, weighted by amount: Σ(amount × days) / Σ amount over the bank payments and
 * 医保直接结算 dated in [from, to] that stand (neither reversed nor a reversal). Red-letter invoices are not payments.
 */
export function paymentDays(ctx: OperationContext, from: string | null, to: string | null) {
  const rows = prepared(
    ctx.db.$client,
    `SELECT p.supplier_id AS supplierId, s.name AS supplierName, p.vbp, x.amount_micro AS amountMicro,
            CAST(julianday(x.settled_on) - julianday(p.accepted_on) AS INTEGER) AS days
       FROM payable_settlements x
       JOIN payables p ON p.id = x.payable_id
       JOIN suppliers s ON s.id = p.supplier_id
      WHERE x.kind IN ('bank', 'insurance') AND x.reverses_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM payable_settlements r WHERE r.reverses_id = x.id)
        AND (@from IS NULL OR x.settled_on >= @from) AND (@to IS NULL OR x.settled_on <= @to)`,
  ).all({ from, to }) as { supplierId: number; supplierName: string; vbp: number; amountMicro: number; days: number }[];
  const acc = () => ({ paid: 0, weighted: 0, count: 0 });
  const bySupplier = new Map<number, { supplierName: string } & ReturnType<typeof acc>>();
  const vbp = acc();
  const overall = acc();
  for (const r of rows) {
    let s = bySupplier.get(r.supplierId);
    if (!s) bySupplier.set(r.supplierId, (s = { supplierName: r.supplierName, ...acc() }));
    const targets = r.vbp === 1 ? [s, vbp, overall] : [s, overall];
    for (const t of targets) {
      t.paid += r.amountMicro;
      t.weighted += r.amountMicro * Math.max(0, r.days);
      t.count += 1;
    }
  }
  const avg = (a: ReturnType<typeof acc>) => (a.paid > 0 ? Math.round((a.weighted / a.paid) * 10) / 10 : null);
  return {
    from,
    to,
    weighting: 'amount' as const,
    suppliers: [...bySupplier]
      .map(([supplierId, s]) => ({ supplierId, supplierName: s.supplierName, paidMicro: s.paid, count: s.count, averageDays: avg(s) ?? 0 }))
      .sort((a, b) => b.averageDays - a.averageDays),
    vbp: { paidMicro: vbp.paid, count: vbp.count, averageDays: avg(vbp) },
    overall: { paidMicro: overall.paid, count: overall.count, averageDays: avg(overall) },
  };
}

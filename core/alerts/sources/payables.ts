import { formatYuan } from '../../api/money.js';
import type { PayableRow } from '../../api/payables.js';
import { addDays } from '../../finance/payables/due-rules.js';
import { queryPayables } from '../../finance/payables/read.js';
import { communityDate } from '../../time.js';
import { communityReadContext, type AlertCondition, type SourceInput } from './types.js';

interface Group {
  supplierId: number;
  supplierName: string;
  sme: boolean;
  vbp: boolean;
  count: number;
  openMicro: number;
  committedMicro: number;
  earliestDue: string;
  maxOverdueDays: number;
}

function grouped(rows: readonly PayableRow[]): Group[] {
  const groups = new Map<number, Group>();
  for (const r of rows) {
    let g = groups.get(r.supplierId);
    if (!g) {
      g = { supplierId: r.supplierId, supplierName: r.supplierName, sme: r.sme, vbp: false, count: 0, openMicro: 0, committedMicro: 0, earliestDue: r.dueOn, maxOverdueDays: 0 };
      groups.set(r.supplierId, g);
    }
    g.count += 1;
    g.openMicro += r.openMicro;
    g.committedMicro += r.committedMicro;
    g.vbp ||= r.vbp;
    if (r.dueOn < g.earliestDue) g.earliestDue = r.dueOn;
    g.maxOverdueDays = Math.max(g.maxOverdueDays, r.overdueDays);
  }
  return [...groups.values()];
}

const data = (g: Group) => ({
  supplierId: g.supplierId,
  payables: g.count,
  openMicro: g.openMicro,
  committedMicro: g.committedMicro,
  earliestDue: g.earliestDue,
  maxOverdueDays: g.maxOverdueDays,
  sme: g.sme,
  vbp: g.vbp,
});

/**
 * 应付款 per supplier (the payables query of the 应付款 page, open amounts computed from payables and their
 * settlements): overdue (past the due date by rule — 集采 30 days, 中小企业 30/60 days …) and due within
 * `payableDays` (7 by default, today included). Finance acts (payment.manage): put them on a payment batch.
 */
export function payableConditions({ db, now, settings }: SourceInput): AlertCondition[] {
  const today = communityDate(now);
  const rows = queryPayables(communityReadContext(db, now), { status: 'open', dueBefore: addDays(today, settings.payableDays) }, today);
  const overdue = grouped(rows.filter((r) => r.dueOn < today));
  const due = grouped(rows.filter((r) => r.dueOn >= today));
  return [
    ...overdue.map(
      (g): AlertCondition => ({
        key: `payable_overdue:${g.supplierId}`,
        kind: 'payable_overdue',
        severity: 'critical',
        unitId: null,
        permission: 'payment.manage',
        title: `应付${g.supplierName} ${g.count} 笔已逾期，未付 ${formatYuan(g.openMicro)} 元（最长逾期 ${g.maxOverdueDays} 天）`,
        action: g.sme
          ? '中小企业逾期付款须按约定或法定利率支付逾期利息：请尽快编制付款单并提交审核'
          : '请尽快编制付款单并提交审核；暂不能付款的须与供应商书面确认付款安排',
        link: '/payables',
        data: data(g),
      }),
    ),
    ...due.map(
      (g): AlertCondition => ({
        key: `payable_due:${g.supplierId}`,
        kind: 'payable_due',
        severity: 'warning',
        unitId: null,
        permission: 'payment.manage',
        title: `应付${g.supplierName} ${g.count} 笔将于 ${g.earliestDue} 起到期，未付 ${formatYuan(g.openMicro)} 元`,
        action: `请在到期前（${g.earliestDue}）编制付款单并完成审核、导出银行文件`,
        link: '/payables',
        data: data(g),
      }),
    ),
  ];
}

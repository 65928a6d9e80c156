import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import type { TrialBalanceRow } from '../../api/books.js';
import { ACCOUNT_LABELS, ACCOUNTS, type Account } from '../../api/finance.js';
import { formatYuan } from '../../api/money.js';

/** 科目余额表: per unit and account, the balance before the month, the month's debits and credits, and after. */

const SQL = `SELECT l.unit_id AS unitId, u.name AS unitName, l.account,
    SUM(CASE WHEN l.month < @month THEN l.debit_micro - l.credit_micro ELSE 0 END) AS openingMicro,
    SUM(CASE WHEN l.month = @month THEN l.debit_micro ELSE 0 END) AS debitMicro,
    SUM(CASE WHEN l.month = @month THEN l.credit_micro ELSE 0 END) AS creditMicro
  FROM journal_lines l JOIN units u ON u.id = l.unit_id
  WHERE l.month <= @month AND (@unitId IS NULL OR l.unit_id = @unitId)
  GROUP BY l.unit_id, l.account`;

const ORDER = new Map(ACCOUNTS.map((a, i) => [a, i]));

export function trialBalance(db: Db, input: { unitId?: number | undefined; month: string }) {
  const raw = prepared(db.$client, SQL).all({ month: input.month, unitId: input.unitId ?? null }) as (Omit<TrialBalanceRow, 'accountLabel' | 'closingMicro' | `${string}Yuan`> & {
    account: Account;
    unitLevel?: string;
  })[];
  const leadFirst = prepared(db.$client, 'SELECT id FROM units ORDER BY is_lead DESC, level, code').all() as { id: number }[];
  const unitOrder = new Map(leadFirst.map((u, i) => [u.id, i]));
  const rows: TrialBalanceRow[] = raw
    .map((r) => {
      const closingMicro = r.openingMicro + r.debitMicro - r.creditMicro;
      return {
        ...r,
        accountLabel: ACCOUNT_LABELS[r.account],
        closingMicro,
        openingYuan: formatYuan(r.openingMicro),
        debitYuan: formatYuan(r.debitMicro),
        creditYuan: formatYuan(r.creditMicro),
        closingYuan: formatYuan(closingMicro),
      };
    })
    .sort((a, b) => (unitOrder.get(a.unitId) ?? 0) - (unitOrder.get(b.unitId) ?? 0) || (ORDER.get(a.account) ?? 0) - (ORDER.get(b.account) ?? 0));
  const debit = rows.reduce((s, r) => s + r.debitMicro, 0);
  const credit = rows.reduce((s, r) => s + r.creditMicro, 0);
  return { month: input.month, rows, balanced: debit === credit };
}

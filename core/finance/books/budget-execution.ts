import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import type { BudgetMonth } from '../../api/books.js';
import { formatYuan } from '../../api/money.js';
import { budgetFigures } from '../../distribution/requisitions/budget.js';
import { notFound } from '../../errors.js';

/**
 * 预算执行 of a member unit by month: the year's budget spread evenly (累计预算 = annual × month ÷ 12, the last month
 * exact), what its books were charged each month (内部调拨 on its 库存物资: goods signed for at cost less goods sent
 * back), and what is committed now (approved requisitions not yet shipped, as the requisition budget check counts
 * it). The requisition check spends on shipping; the books on signing: the difference is the goods in transit.
 */

const ACTUAL_SQL = `SELECT CAST(substr(month, 6, 2) AS INTEGER) AS month, SUM(debit_micro - credit_micro) AS actualMicro
  FROM journal_lines
  WHERE unit_id = @unitId AND account = 'inventory' AND kind = 'transfer' AND month BETWEEN @from AND @to
  GROUP BY month`;

const blankOr = (micro: number | null) => (micro === null ? '' : formatYuan(micro));

export function budgetExecution(db: Db, input: { unitId: number; year: number; today: string }) {
  const unit = prepared(db.$client, 'SELECT name FROM units WHERE id = ?').get(input.unitId) as { name: string } | undefined;
  if (!unit) throw notFound('单位');
  const budget = prepared(db.$client, 'SELECT amount_micro AS amountMicro FROM unit_budgets WHERE unit_id = ? AND year = ?').get(input.unitId, input.year) as
    | { amountMicro: number }
    | undefined;
  const annual = budget?.amountMicro ?? null;
  const actualByMonth = new Map(
    (prepared(db.$client, ACTUAL_SQL).all({ unitId: input.unitId, from: `${input.year}-01`, to: `${input.year}-12` }) as { month: number; actualMicro: number }[]).map((r) => [
      r.month,
      r.actualMicro,
    ]),
  );
  const [todayYear, todayMonth] = input.today.split('-').map(Number) as [number, number];
  // Committed is what stands now: it belongs to the current month (and weighs on every month after it).
  const committedNow = input.year >= todayYear ? (budgetFigures(db, input.year, input.today).committed.get(input.unitId) ?? 0) : 0;
  const committedMonth = input.year === todayYear ? todayMonth : input.year > todayYear ? 1 : 13;
  let cumulative = 0;
  const months: BudgetMonth[] = [];
  for (let month = 1; month <= 12; month += 1) {
    const actualMicro = actualByMonth.get(month) ?? 0;
    cumulative += actualMicro;
    const committedMicro = month === committedMonth ? committedNow : 0;
    const budgetMicro = annual === null ? null : month === 12 ? annual : Math.floor((annual * month) / 12);
    const remainingMicro = annual === null ? null : annual - cumulative - (month >= committedMonth ? committedNow : 0);
    months.push({
      month,
      budgetMicro,
      committedMicro,
      actualMicro,
      cumulativeActualMicro: cumulative,
      remainingMicro,
      budgetYuan: blankOr(budgetMicro),
      committedYuan: formatYuan(committedMicro),
      actualYuan: formatYuan(actualMicro),
      cumulativeActualYuan: formatYuan(cumulative),
      remainingYuan: blankOr(remainingMicro),
    });
  }
  return {
    unitId: input.unitId,
    unitName: unit.name,
    year: input.year,
    months,
    totals: { budgetMicro: annual, committedMicro: committedNow, actualMicro: cumulative, remainingMicro: annual === null ? null : annual - cumulative - committedNow },
  };
}

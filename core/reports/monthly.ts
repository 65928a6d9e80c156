import type { MonthlyFigureRow, MonthlyPayments, MonthlyReport } from '../api/reports.js';
import { UNIT_LEVEL_LABELS } from '../api/labels.js';
import type { UnitLevel } from '../api/units.js';
import { UNIT_LEVELS } from '../api/units.js';
import type { OperationContext } from '../context.js';
import { budgetRows } from '../distribution/requisitions/budget.js';
import { ageing, paymentDays, queryPayables } from '../finance/payables/read.js';
import { prepared } from '../../db/statements.js';
import { inUnits } from '../scope.js';
import { vbpByUnit, type VbpUnitFigures } from './vbp.js';
import { activeUnits, addStockFigures, emptyStockFigures, stockFigures, turnoverDays, type StockFigures, type UnitRow } from './figures.js';
import { monthPeriod, type MonthPeriod } from './period.js';
import { DEFINITIONS } from './definitions.js';

const shareBp = (num: number, den: number): number | null => (den > 0 ? Math.round((num * 10_000) / den) : null);

interface Budget {
  budgetMicro: number | null;
  actualMicro: number;
  committedMicro: number;
}

function figureRow(
  head: Pick<MonthlyFigureRow, 'scope' | 'unitId' | 'unitCode' | 'name' | 'level' | 'unitCount'>,
  f: StockFigures,
  vbp: VbpUnitFigures,
  budget: Budget,
  period: MonthPeriod,
): MonthlyFigureRow {
  return {
    ...head,
    inflowMicro: f.inflowMicro,
    formularyMicro: f.formularyMicro,
    formularyShareBp: shareBp(f.formularyMicro, f.inflowMicro),
    varieties: f.varieties,
    essentialVarieties: f.essentialVarieties,
    essentialVarietyShareBp: shareBp(f.essentialVarieties, f.varieties),
    essentialMicro: f.essentialMicro,
    essentialAmountShareBp: shareBp(f.essentialMicro, f.inflowMicro),
    platformMicro: f.platformMicro,
    platformShareBp: shareBp(f.platformMicro, f.inflowMicro),
    vbpAgreedMicro: vbp.agreedMicro,
    vbpBoughtMicro: vbp.boughtMicro,
    vbpCompletionBp: shareBp(vbp.boughtMicro, vbp.agreedMicro),
    vbpElapsedBp: vbp.elapsedBp,
    vbpProductsBehind: vbp.behind,
    budgetMicro: budget.budgetMicro,
    budgetActualMicro: budget.actualMicro,
    budgetCommittedMicro: budget.committedMicro,
    budgetExecutionBp: budget.budgetMicro === null ? null : shareBp(budget.actualMicro, budget.budgetMicro),
    preparationMicro: f.preparationMicro,
    preparationQuantity: f.preparationQuantity,
    nearExpiryMicro: f.nearExpiryMicro,
    expiredMicro: f.expiredMicro,
    openingMicro: f.openingMicro,
    closingMicro: f.closingMicro,
    outflowMicro: f.outflowMicro,
    turnoverDays: turnoverDays(f, period.days),
  };
}

function payments(ctx: OperationContext, period: MonthPeriod): MonthlyPayments {
  const days = paymentDays(ctx, period.firstDay, period.lastDay);
  const open = ageing(ctx, period.lastDay);
  const overdueCount = queryPayables(ctx, { status: 'open' }, period.lastDay).filter((p) => p.dueOn < period.lastDay).length;
  const smeOverdueMicro = open.suppliers.filter((s) => s.sme).reduce((sum, s) => sum + s.overdueMicro, 0);
  return {
    averageDays: days.overall.averageDays,
    vbpAverageDays: days.vbp.averageDays,
    paidMicro: days.overall.paidMicro,
    paidCount: days.overall.count,
    openMicro: open.totals.openMicro,
    overdueMicro: open.totals.overdueMicro,
    overdueCount,
    smeOverdueMicro,
    interestMicro: open.totals.interestMicro,
  };
}

const noBudget = (): Budget => ({ budgetMicro: null, actualMicro: 0, committedMicro: 0 });

/**
 * The month's report: one row per active unit the caller may see; per level and for the community only for
 * community-wide callers. `unitId` narrows the unit rows to one.
 */
export function monthlyReport(ctx: OperationContext, input: { month: string; unitId?: number }): MonthlyReport {
  const period = monthPeriod(input.month);
  const all = activeUnits(ctx.db);
  const visible = all.filter((u) => inUnits(ctx.scope, u.unitId) && (input.unitId === undefined || u.unitId === input.unitId));
  const wide = ctx.scope.units === null && input.unitId === undefined;
  const units = wide ? all : visible;
  const stock = stockFigures(ctx.db, period, units);
  const vbp = vbpByUnit(ctx.db, period, units);
  const year = Number(input.month.slice(0, 4));
  const budgets = new Map(
    budgetRows(ctx.db, { year, today: period.lastDay, until: period.endAt, unitIds: units.map((u) => u.unitId) }).map((b) => [
      b.unitId,
      { budgetMicro: b.amountMicro, actualMicro: b.actualMicro, committedMicro: b.committedMicro },
    ]),
  );
  const unitRow = (u: UnitRow) =>
    figureRow(
      { scope: 'unit', unitId: u.unitId, unitCode: u.unitCode, name: u.unitName, level: u.level, unitCount: 1 },
      stock.get(u.unitId) ?? emptyStockFigures(),
      vbp.units.get(u.unitId) ?? vbp.empty(),
      budgets.get(u.unitId) ?? noBudget(),
      period,
    );
  const rows = visible.map(unitRow);

  const sum = (members: readonly UnitRow[]) => {
    const f = emptyStockFigures();
    const budget: Budget = { budgetMicro: null, actualMicro: 0, committedMicro: 0 };
    for (const u of members) {
      addStockFigures(f, stock.get(u.unitId) ?? emptyStockFigures());
      const b = budgets.get(u.unitId);
      if (b) {
        if (b.budgetMicro !== null) budget.budgetMicro = (budget.budgetMicro ?? 0) + b.budgetMicro;
        budget.actualMicro += b.actualMicro;
        budget.committedMicro += b.committedMicro;
      }
    }
    // 品种数 of a group: distinct items over its units, not the sum of each unit's.
    const v = vbp.group(members);
    const distinct = stockVarieties(ctx, period, members);
    return { f: { ...f, varieties: distinct.varieties, essentialVarieties: distinct.essentialVarieties }, budget, v };
  };
  const levels = wide
    ? UNIT_LEVELS.filter((level) => all.some((u) => u.level === level)).map((level: UnitLevel) => {
        const members = all.filter((u) => u.level === level);
        const s = sum(members);
        return figureRow({ scope: 'level', unitId: null, unitCode: level, name: `${UNIT_LEVEL_LABELS[level]}级`, level, unitCount: members.length }, s.f, s.v, s.budget, period);
      })
    : [];
  const community = wide
    ? (() => {
        const s = sum(all);
        const name = (ctx.db.$client.prepare('SELECT name FROM community WHERE id = 1').get() as { name: string } | undefined)?.name ?? '医共体';
        return figureRow({ scope: 'community', unitId: null, unitCode: '', name, level: null, unitCount: all.length }, s.f, vbp.community, s.budget, period);
      })()
    : null;
  return {
    month: input.month,
    firstDay: period.firstDay,
    lastDay: period.lastDay,
    units: rows,
    levels,
    community,
    payments: ctx.scope.units === null ? payments(ctx, period) : null,
    definitions: DEFINITIONS,
  };
}

/** Distinct items (and essential ones) received by a group of units in the month. */
function stockVarieties(ctx: OperationContext, period: MonthPeriod, members: readonly UnitRow[]): { varieties: number; essentialVarieties: number } {
  return prepared(
    ctx.db.$client,
    `SELECT count(*) AS varieties, COALESCE(SUM(essential), 0) AS essentialVarieties FROM (
         SELECT m.item_id, MAX(i.essential) AS essential FROM stock_moves m
           JOIN stock_locations l ON l.id = m.to_location_id JOIN units u ON u.id = l.unit_id JOIN formulary_items i ON i.id = m.item_id
          WHERE m.change_type IN ('101', '108') AND m.at >= @startAt AND m.at < @endAt
            AND l.kind = 'store' AND (m.change_type = '108' OR (m.change_type = '101' AND u.is_lead = 0))
            AND l.unit_id IN (SELECT value FROM json_each(@units))
          GROUP BY m.item_id HAVING SUM(m.quantity) <> 0)`,
  ).get({ ...period, units: JSON.stringify(members.map((u) => u.unitId)) }) as { varieties: number; essentialVarieties: number };
}

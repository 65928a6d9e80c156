import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import type { BudgetRule } from '../../api/distribution.js';
import { BUDGET_RULE_LABELS } from '../../api/distribution.js';
import { formatYuan, lineAmountMicro } from '../../api/money.js';
import type { BudgetRow } from '../../api/requisitions.js';
import type { UnitLevel } from '../../api/units.js';
import { centralStoreId } from '../../purchasing/suggestions.js';
import { distributionSettings } from '../settings.js';
import { estimatedCosts, NO_COST } from './measures.js';
import { openBackOrders } from './progress.js';

/**
 * 全面预算 of the member units, per unit and year:
 *   committed (已承诺) = the back-orders of its approved requisitions of that budget year at estimated cost
 *     + the amounts of shipment lines allocated to it and not yet shipped;
 *   actual (已执行) = the amounts of transfer shipment lines shipped to it in that year, less the returns from it
 *     the central store received in that year;
 *   remaining (可用) = budget − committed − actual, where a unit with no budget has 0: never unlimited.
 * The rule over budget is the unit's own when it has a budget, else the community's `budgetRule` (block by
 * default).
 */

interface UnitRow {
  unitId: number;
  unitName: string;
  unitLevel: UnitLevel;
  amountMicro: number | null;
  overRule: BudgetRule | null;
  note: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** Community year of an instant stored as ISO UTC: China time. */
const YEAR_OF = (column: string) => `CAST(strftime('%Y', ${column}, '+8 hours') AS INTEGER)`;

const ALLOCATED_SQL = `SELECT s.member_unit_id AS unitId, SUM(sl.amount_micro) AS amount FROM shipments s
  JOIN documents d ON d.id = s.document_id JOIN shipment_lines sl ON sl.document_id = s.document_id
  LEFT JOIN requisitions r ON r.document_id = s.requisition_id
  WHERE s.kind = 'transfer' AND d.state = 'allocated' AND COALESCE(r.budget_year, d.year) = @year GROUP BY s.member_unit_id`;

/** The year a shipment left (its ship event) or, for a return, arrived at the centre (its receive event). */
const MOVED_SQL = `SELECT s.member_unit_id AS unitId, SUM(sl.amount_micro) AS amount FROM shipments s
  JOIN documents d ON d.id = s.document_id JOIN shipment_lines sl ON sl.document_id = s.document_id
  WHERE s.kind = @kind AND d.state IN (SELECT value FROM json_each(@states))
    AND (SELECT ${YEAR_OF('MIN(e.at)')} FROM document_events e WHERE e.document_id = d.id AND e.transition = @transition) = @year
    AND (SELECT MIN(e.at) FROM document_events e WHERE e.document_id = d.id AND e.transition = @transition) < @until
  GROUP BY s.member_unit_id`;

/** No bound: every movement of the year so far. */
const NOW_ON = '9999-12-31T00:00:00.000Z';

function sumsByUnit(rows: { unitId: number; amount: number }[]): Map<number, number> {
  return new Map(rows.map((r) => [r.unitId, r.amount]));
}

export interface BudgetFigures {
  committed: Map<number, number>;
  actual: Map<number, number>;
}

/**
 * Committed and actual per unit for a year, each one statement (plus the back-orders of all open requisitions).
 * `until` (an instant) bounds the actual to what moved before it — the 月报 of November, made in December, counts
 * the year through November 30; committed is always as of now (what is allocated is not kept per day).
 */
export function budgetFigures(db: Db, year: number, today: string, until: string = NOW_ON): BudgetFigures {
  const committed = sumsByUnit(prepared(db.$client, ALLOCATED_SQL).all({ year }) as { unitId: number; amount: number }[]);
  const owed = openBackOrders(db).filter((b) => b.budgetYear === year);
  if (owed.length > 0) {
    const costs = estimatedCosts(db, { centralStoreId: centralStoreId(db), today, itemIds: [...new Set(owed.map((b) => b.itemId))] });
    for (const b of owed) committed.set(b.unitId, (committed.get(b.unitId) ?? 0) + lineAmountMicro(b.quantity, costs.get(b.itemId) ?? NO_COST));
  }
  const shipped = sumsByUnit(
    prepared(db.$client, MOVED_SQL).all({ kind: 'transfer', states: JSON.stringify(['shipped', 'received']), transition: 'ship', year, until }) as {
      unitId: number;
      amount: number;
    }[],
  );
  const returned = sumsByUnit(
    prepared(db.$client, MOVED_SQL).all({ kind: 'return', states: JSON.stringify(['received']), transition: 'receive', year, until }) as { unitId: number; amount: number }[],
  );
  const actual = new Map(shipped);
  for (const [unitId, amount] of returned) actual.set(unitId, (actual.get(unitId) ?? 0) - amount);
  return { committed, actual };
}

/** One row from the unit's budget (or none) and its figures. */
export function budgetRowOf(unit: UnitRow, year: number, communityRule: BudgetRule, figures: BudgetFigures): BudgetRow {
  const own = unit.amountMicro !== null;
  const overRule = own ? (unit.overRule ?? 'block') : communityRule;
  const committedMicro = figures.committed.get(unit.unitId) ?? 0;
  const actualMicro = figures.actual.get(unit.unitId) ?? 0;
  const remainingMicro = (unit.amountMicro ?? 0) - committedMicro - actualMicro;
  return {
    unitId: unit.unitId,
    unitName: unit.unitName,
    unitLevel: unit.unitLevel,
    year,
    amountMicro: unit.amountMicro,
    overRule,
    overRuleLabel: BUDGET_RULE_LABELS[overRule],
    ruleSource: own ? 'own' : 'community',
    note: unit.note ?? '',
    committedMicro,
    actualMicro,
    remainingMicro,
    amountYuan: own ? formatYuan(unit.amountMicro!) : '',
    committedYuan: formatYuan(committedMicro),
    actualYuan: formatYuan(actualMicro),
    remainingYuan: formatYuan(remainingMicro),
    updatedAt: unit.updatedAt,
    updatedBy: unit.updatedBy,
  };
}

const UNITS_SQL = `SELECT u.id AS unitId, u.name AS unitName, u.level AS unitLevel, b.amount_micro AS amountMicro, b.over_rule AS overRule,
    b.note, b.updated_at AS updatedAt, b.updated_by AS updatedBy
  FROM units u LEFT JOIN unit_budgets b ON b.unit_id = u.id AND b.year = @year
  WHERE u.active = 1 AND u.is_lead = 0 AND (@unitIds IS NULL OR u.id IN (SELECT value FROM json_each(@unitIds)))
  ORDER BY u.level, u.code`;

/** Every active member unit's budget row for the year (those of `unitIds` only, when given). */
export function budgetRows(db: Db, input: { year: number; today: string; unitIds: readonly number[] | null; until?: string }): BudgetRow[] {
  const units = prepared(db.$client, UNITS_SQL).all({ year: input.year, unitIds: input.unitIds === null ? null : JSON.stringify(input.unitIds) }) as UnitRow[];
  const figures = budgetFigures(db, input.year, input.today, input.until);
  const rule = distributionSettings(db).budgetRule;
  return units.map((unit) => budgetRowOf(unit, input.year, rule, figures));
}

/** One unit's row (a lead unit too, should it ever request). */
export function budgetOfUnit(db: Db, input: { unitId: number; year: number; today: string }): BudgetRow {
  const unit = prepared(
    db.$client,
    `SELECT u.id AS unitId, u.name AS unitName, u.level AS unitLevel, b.amount_micro AS amountMicro, b.over_rule AS overRule,
       b.note, b.updated_at AS updatedAt, b.updated_by AS updatedBy
     FROM units u LEFT JOIN unit_budgets b ON b.unit_id = u.id AND b.year = @year WHERE u.id = @unitId`,
  ).get({ unitId: input.unitId, year: input.year }) as UnitRow;
  return budgetRowOf(unit, input.year, distributionSettings(db).budgetRule, budgetFigures(db, input.year, input.today));
}

export type BudgetVerdict = { outcome: 'within' } | { outcome: 'warn'; message: string } | { outcome: 'block'; message: string };

/**
 * The check at submit and approve: a requisition of `valueMicro` against what remains. Over it, a `block` rule
 * refuses and a `warn` rule lets it through with the message. A zero-value requisition never exceeds.
 */
export function budgetVerdict(budget: Pick<BudgetRow, 'unitName' | 'year' | 'amountMicro' | 'overRule' | 'remainingMicro'>, valueMicro: number, number: string): BudgetVerdict {
  if (valueMicro <= budget.remainingMicro || valueMicro === 0) return { outcome: 'within' };
  const which = budget.amountMicro === null ? `${budget.unitName} ${budget.year} 年度未设预算（可用 0）` : `${budget.unitName} ${budget.year} 年度预算可用 ${formatYuan(budget.remainingMicro)} 元`;
  const text = `请领单 ${number} 金额 ${formatYuan(valueMicro)} 元，超出预算：${which}`;
  return budget.overRule === 'block' ? { outcome: 'block', message: `${text}，按「超预算禁止」不能继续` } : { outcome: 'warn', message: `${text}（超预算提醒）` };
}

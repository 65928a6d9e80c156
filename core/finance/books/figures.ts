import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import type { StatementCategoryRow, StatementFigures } from '../../api/books.js';
import type { ItemCategory } from '../../api/formulary.js';
import { ITEM_CATEGORY_LABELS } from '../../api/labels.js';

/**
 * A member's month as its books show it, derived from the journal every time (never a stored running balance, so a
 * late entry needs no "repost"): the member's 库存物资 lines sorted into the statement's columns —
 *   received / returned: 内部调拨 debits / credits (goods charged to it at cost, goods going back or on);
 *   consumed: 消耗 credits − debits; adjusted: every other kind, signed (盘盈盘亏, 报损, 其他出入库);
 *   opening: the balance before the month; closing = opening + received − returned − consumed + adjusted.
 * The centre's side is what the other books say about this unit: their 内部往来 lines naming it (debit: charged to
 * it, credit: taken back). Every transfer books both sides, so received − returned equals charged − credited.
 * Entries are booked on the day they happen, so a finished month never changes again.
 */

const FIGURES_SQL = `SELECT unit_id AS unitId,
    SUM(CASE WHEN month < @month THEN debit_micro - credit_micro ELSE 0 END) AS openingMicro,
    SUM(CASE WHEN month = @month AND kind = 'transfer' THEN debit_micro ELSE 0 END) AS receivedMicro,
    SUM(CASE WHEN month = @month AND kind = 'transfer' THEN credit_micro ELSE 0 END) AS returnedMicro,
    SUM(CASE WHEN month = @month AND kind = 'consumption' THEN credit_micro - debit_micro ELSE 0 END) AS consumedMicro,
    SUM(CASE WHEN month = @month AND kind NOT IN ('transfer', 'consumption') THEN debit_micro - credit_micro ELSE 0 END) AS adjustedMicro
  FROM journal_lines
  WHERE account = 'inventory' AND month <= @month AND (@unitId IS NULL OR unit_id = @unitId)
  GROUP BY unit_id`;

const CENTRE_SQL = `SELECT counter_unit_id AS unitId, SUM(debit_micro) AS centreReceivedMicro, SUM(credit_micro) AS centreReturnedMicro
  FROM journal_lines
  WHERE account = 'interunit' AND month = @month AND counter_unit_id IS NOT NULL AND (@unitId IS NULL OR counter_unit_id = @unitId)
  GROUP BY counter_unit_id`;

const CATEGORY_SQL = `SELECT item_category AS category,
    SUM(CASE WHEN kind = 'transfer' THEN debit_micro ELSE 0 END) AS receivedMicro,
    SUM(CASE WHEN kind = 'transfer' THEN credit_micro ELSE 0 END) AS returnedMicro,
    SUM(CASE WHEN kind = 'consumption' THEN credit_micro - debit_micro ELSE 0 END) AS consumedMicro,
    SUM(CASE WHEN kind NOT IN ('transfer', 'consumption') THEN debit_micro - credit_micro ELSE 0 END) AS adjustedMicro
  FROM journal_lines
  WHERE unit_id = @unitId AND account = 'inventory' AND month = @month
  GROUP BY item_category ORDER BY item_category`;

export const ZERO_FIGURES: StatementFigures = Object.freeze({
  openingMicro: 0,
  receivedMicro: 0,
  returnedMicro: 0,
  consumedMicro: 0,
  adjustedMicro: 0,
  closingMicro: 0,
  centreReceivedMicro: 0,
  centreReturnedMicro: 0,
});

type MemberSide = Omit<StatementFigures, 'closingMicro' | 'centreReceivedMicro' | 'centreReturnedMicro'> & { unitId: number };

/** The month's figures of every unit with journal lines (or of one unit), in two grouped reads. */
export function monthFigures(db: Db, month: string, unitId: number | null = null): Map<number, StatementFigures> {
  const out = new Map<number, StatementFigures>();
  for (const row of prepared(db.$client, FIGURES_SQL).all({ month, unitId }) as MemberSide[]) {
    const { unitId: id, ...side } = row;
    out.set(id, { ...ZERO_FIGURES, ...side, closingMicro: closing(side) });
  }
  for (const row of prepared(db.$client, CENTRE_SQL).all({ month, unitId }) as { unitId: number; centreReceivedMicro: number; centreReturnedMicro: number }[]) {
    const { unitId: id, ...centre } = row;
    out.set(id, { ...(out.get(id) ?? ZERO_FIGURES), ...centre });
  }
  return out;
}

/** One unit's month (zeros when its books are empty). */
export function unitFigures(db: Db, unitId: number, month: string): StatementFigures {
  return monthFigures(db, month, unitId).get(unitId) ?? { ...ZERO_FIGURES };
}

export function closing(f: Pick<StatementFigures, 'openingMicro' | 'receivedMicro' | 'returnedMicro' | 'consumedMicro' | 'adjustedMicro'>): number {
  return f.openingMicro + f.receivedMicro - f.returnedMicro - f.consumedMicro + f.adjustedMicro;
}

/** The member's side agrees with what the other books say about it, to the micro-yuan. */
export function isBalanced(f: StatementFigures): boolean {
  return f.receivedMicro - f.returnedMicro === f.centreReceivedMicro - f.centreReturnedMicro;
}

const FIGURE_KEYS = Object.keys(ZERO_FIGURES) as (keyof StatementFigures)[];

export function sameFigures(a: StatementFigures, b: StatementFigures): boolean {
  return FIGURE_KEYS.every((key) => a[key] === b[key]);
}

/** The month's columns per item category (药品/耗材 split for the member's accountant). */
export function categoryRows(db: Db, unitId: number, month: string): StatementCategoryRow[] {
  const rows = prepared(db.$client, CATEGORY_SQL).all({ unitId, month }) as (Omit<StatementCategoryRow, 'categoryLabel' | 'category'> & { category: ItemCategory | '' })[];
  return rows.map((row) => ({ ...row, categoryLabel: row.category === '' ? '其他' : ITEM_CATEGORY_LABELS[row.category] }));
}

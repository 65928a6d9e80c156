import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';

/**
 * How far each approved line of a 请领单 has come, from the shipments that name it: the one place the back-order
 * (欠货) arithmetic lives. Allocation (core/distribution/shipments) reads `backOrders` to know what is left to pick,
 * requisition.get shows every figure, budgets and 采购建议 sum the back-orders of many requisitions.
 */
export interface LineProgressFigures {
  /** The requisition's lifecycle state. */
  state: string;
  /** Null until approved. */
  approved: number | null;
  /** Σ shipment_lines of this line in shipments not cancelled. */
  allocated: number;
  /** Σ of those in shipments shipped or received. */
  shipped: number;
  /** Σ shipment_receipts.received_quantity of those lines. */
  received: number;
  /** Σ discrepancies of those lines resolved 重新发货: the goods went back, the centre allocates them again. */
  reshipped: number;
}

/** The states in which what is approved and not yet allocated is still owed to the unit. */
export const OWING_STATES: readonly string[] = ['approved', 'allocated', 'shipped', 'received'];

/**
 * 欠货 = approved − allocated + reshipped, never negative; nothing is owed before approval or once the
 * requisition is closed, rejected or cancelled.
 */
export function requisitionLineProgress(figures: LineProgressFigures): { backOrder: number } {
  if (!OWING_STATES.includes(figures.state) || figures.approved === null) return { backOrder: 0 };
  return { backOrder: Math.max(0, figures.approved - figures.allocated + figures.reshipped) };
}

export interface LineProgressRow extends LineProgressFigures {
  requisitionLineId: number;
  requisitionId: number;
  itemId: number;
  requested: number;
  backOrder: number;
}

/**
 * Every figure of the requisition lines `where` selects (a condition on `rl` requisition_lines and `d` its
 * document), in one statement: the per-line sums are correlated subqueries over shipment_lines' index on
 * requisition_line_id, so a 1,500-line requisition is one pass, never a query per line.
 */
function progressSql(where: string): string {
  return `SELECT rl.id AS requisitionLineId, rl.document_id AS requisitionId, rl.item_id AS itemId,
      rl.requested_quantity AS requested, rl.approved_quantity AS approved, d.state AS state,
      COALESCE(p.allocated, 0) AS allocated, COALESCE(p.shipped, 0) AS shipped,
      COALESCE(p.received, 0) AS received, COALESCE(p.reshipped, 0) AS reshipped
    FROM requisition_lines rl JOIN documents d ON d.id = rl.document_id
    LEFT JOIN (
      SELECT sl.requisition_line_id AS lineId, SUM(sl.quantity) AS allocated,
        SUM(CASE WHEN sd.state IN ('shipped', 'received') THEN sl.quantity ELSE 0 END) AS shipped,
        SUM(COALESCE((SELECT sr.received_quantity FROM shipment_receipts sr WHERE sr.shipment_line_id = sl.id), 0)) AS received,
        SUM(COALESCE((SELECT SUM(x.quantity) FROM shipment_discrepancies x
          WHERE x.shipment_line_id = sl.id AND x.status = 'resolved' AND x.resolution = 'reshipped'), 0)) AS reshipped
      FROM shipment_lines sl JOIN documents sd ON sd.id = sl.document_id
      WHERE sd.state <> 'cancelled' AND sl.requisition_line_id IN (SELECT rl.id FROM requisition_lines rl JOIN documents d ON d.id = rl.document_id
        WHERE ${where})
      GROUP BY sl.requisition_line_id
    ) p ON p.lineId = rl.id
    WHERE ${where}
    ORDER BY rl.document_id, rl.line_no`;
}

function withBackOrder(rows: Omit<LineProgressRow, 'backOrder'>[]): LineProgressRow[] {
  return rows.map((row) => ({ ...row, backOrder: requisitionLineProgress(row).backOrder }));
}

const ONE_REQUISITION_SQL = progressSql('rl.document_id = @requisitionId');

/** The progress of every line of one requisition, in line order. */
export function requisitionProgress(db: Db, requisitionId: number): LineProgressRow[] {
  return withBackOrder(prepared(db.$client, ONE_REQUISITION_SQL).all({ requisitionId }) as Omit<LineProgressRow, 'backOrder'>[]);
}

/** What is still owed on a requisition's lines (欠货), the lines with nothing owed left out. */
export function backOrders(db: Db, requisitionId: number): { requisitionLineId: number; itemId: number; quantity: number }[] {
  return requisitionProgress(db, requisitionId)
    .filter((row) => row.backOrder > 0)
    .map((row) => ({ requisitionLineId: row.requisitionLineId, itemId: row.itemId, quantity: row.backOrder }));
}

const MANY_SQL = progressSql('rl.document_id IN (SELECT value FROM json_each(@ids))');

/** The progress of every line of several requisitions (a list page), one statement. */
export function progressForRequisitions(db: Db, requisitionIds: readonly number[]): LineProgressRow[] {
  if (requisitionIds.length === 0) return [];
  return withBackOrder(prepared(db.$client, MANY_SQL).all({ ids: JSON.stringify(requisitionIds) }) as Omit<LineProgressRow, 'backOrder'>[]);
}

const OPEN_SQL = progressSql(`d.type = 'requisition' AND d.state IN ('approved', 'allocated', 'shipped', 'received')`);

export interface OpenBackOrder {
  requisitionLineId: number;
  requisitionId: number;
  number: string;
  unitId: number;
  unitName: string;
  storeId: number;
  budgetYear: number;
  itemId: number;
  quantity: number;
}

/** Every line still owed, over all open requisitions of the community (per unit: 欠货; in sum: 采购建议's needs). */
export function openBackOrders(db: Db): OpenBackOrder[] {
  const rows = withBackOrder(prepared(db.$client, OPEN_SQL).all() as Omit<LineProgressRow, 'backOrder'>[]).filter((r) => r.backOrder > 0);
  if (rows.length === 0) return [];
  const headers = new Map(
    (
      prepared(
        db.$client,
        `SELECT r.document_id AS id, d.number, r.unit_id AS unitId, u.name AS unitName, r.store_id AS storeId, r.budget_year AS budgetYear
         FROM requisitions r JOIN documents d ON d.id = r.document_id JOIN units u ON u.id = r.unit_id
         WHERE d.state IN ('approved', 'allocated', 'shipped', 'received')`,
      ).all() as { id: number; number: string; unitId: number; unitName: string; storeId: number; budgetYear: number }[]
    ).map((h) => [h.id, h]),
  );
  return rows.flatMap((row) => {
    const header = headers.get(row.requisitionId);
    if (!header) return [];
    return [
      {
        requisitionLineId: row.requisitionLineId,
        requisitionId: row.requisitionId,
        number: header.number,
        unitId: header.unitId,
        unitName: header.unitName,
        storeId: header.storeId,
        budgetYear: header.budgetYear,
        itemId: row.itemId,
        quantity: row.backOrder,
      },
    ];
  });
}

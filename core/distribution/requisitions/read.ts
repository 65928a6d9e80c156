import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import type { RequisitionState } from '../../api/distribution.js';
import { formatYuan, lineAmountMicro } from '../../api/money.js';
import { baseUnitsPer, type PackLevel } from '../../api/packs.js';
import type { Requisition, RequisitionLine, RequisitionSummary } from '../../api/requisitions.js';
import type { UnitLevel } from '../../api/units.js';
import type { CallerScope } from '../../context.js';
import { documentEvents, type StateDeclaration, type TransitionDeclaration } from '../../documents/lifecycle.js';
import { notFound } from '../../errors.js';
import { centralStoreId } from '../../purchasing/suggestions.js';
import { communityDate } from '../../time.js';
import { requisitionType, shipmentType } from '../document-types.js';
import { distributionSettings } from '../settings.js';
import { budgetOfUnit } from './budget.js';
import { centralAvailable, estimatedCosts, hintsFor, NO_COST, storeMeasures, suggestedQuantity } from './measures.js';
import { progressForRequisitions, requisitionProgress } from './progress.js';

/**
 * Reads of 请领单: one requisition with its lines (stock hints and progress, each measure one statement over all
 * lines), events, budget panel and shipments; a list with values and back-orders.
 */

interface HeaderRow {
  id: number;
  number: string;
  state: RequisitionState;
  version: number;
  posted: number;
  unitId: number;
  unitName: string;
  unitLevel: UnitLevel;
  storeId: number;
  storeName: string;
  reviewUnitId: number | null;
  reviewUnitName: string | null;
  budgetYear: number;
  note: string;
  submittedAt: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

const HEADER_SELECT = `SELECT d.id, d.number, d.state, d.version, d.posted, r.unit_id AS unitId, u.name AS unitName, u.level AS unitLevel,
    r.store_id AS storeId, s.name AS storeName, r.review_unit_id AS reviewUnitId, ru.name AS reviewUnitName, r.budget_year AS budgetYear, r.note,
    (SELECT MAX(e.at) FROM document_events e WHERE e.document_id = d.id AND e.transition = 'submit') AS submittedAt,
    d.created_at AS createdAt, COALESCE(cu.display_name, d.created_by) AS createdBy, d.updated_at AS updatedAt,
    COALESCE(uu.display_name, d.updated_by) AS updatedBy
  FROM requisitions r
  JOIN documents d ON d.id = r.document_id
  JOIN units u ON u.id = r.unit_id
  JOIN stores s ON s.id = r.store_id
  LEFT JOIN units ru ON ru.id = r.review_unit_id
  LEFT JOIN users cu ON cu.id = d.created_by_user_id
  LEFT JOIN users uu ON uu.username = d.updated_by`;

interface LineRow {
  id: number;
  documentId: number;
  lineNo: number;
  itemId: number;
  itemCode: string;
  itemName: string;
  spec: string;
  manufacturer: string;
  baseUnit: string;
  packs: string;
  issueUnit: string;
  requested: number;
  approved: number | null;
  approveReason: string;
  note: string;
}

const LINE_SELECT = `SELECT l.id, l.document_id AS documentId, l.line_no AS lineNo, l.item_id AS itemId, i.code AS itemCode,
    i.generic_name AS itemName, i.spec, i.manufacturer, i.base_unit AS baseUnit, i.packs, i.issue_unit AS issueUnit,
    l.requested_quantity AS requested, l.approved_quantity AS approved, l.approve_reason AS approveReason, l.note
  FROM requisition_lines l JOIN formulary_items i ON i.id = l.item_id`;

const states = requisitionType.states as Record<string, StateDeclaration>;
const transitions = requisitionType.transitions as Record<string, TransitionDeclaration<string>>;

/** A line as the summary counts it; `outstanding` is what is still to send (requested before approval). */
interface SummaryLine {
  amountMicro: number;
  backOrder: number;
  outstanding: number;
  central: number;
}

const OPEN_BEFORE_APPROVAL = ['draft', 'submitted', 'reviewed'];
const outstandingOf = (state: string, requested: number, backOrder: number) => (OPEN_BEFORE_APPROVAL.includes(state) ? requested : backOrder);

function toSummary(h: HeaderRow, lines: SummaryLine[]): RequisitionSummary {
  const valueMicro = lines.reduce((sum, l) => sum + l.amountMicro, 0);
  const owed = lines.filter((l) => l.backOrder > 0);
  return {
    id: h.id,
    number: h.number,
    status: h.state,
    state: h.state,
    stateLabel: states[h.state]?.label ?? h.state,
    version: h.version,
    posted: h.posted === 1,
    unitId: h.unitId,
    unitName: h.unitName,
    unitLevel: h.unitLevel,
    storeId: h.storeId,
    storeName: h.storeName,
    reviewUnitId: h.reviewUnitId,
    reviewUnitName: h.reviewUnitName,
    budgetYear: h.budgetYear,
    note: h.note,
    lineCount: lines.length,
    valueMicro,
    valueYuan: formatYuan(valueMicro),
    backOrderLines: owed.length,
    backOrderQuantity: owed.reduce((sum, l) => sum + l.backOrder, 0),
    centralShortLines: lines.filter((l) => l.outstanding > l.central).length,
    submittedAt: h.submittedAt,
    createdAt: h.createdAt,
    createdBy: h.createdBy,
    updatedAt: h.updatedAt,
    updatedBy: h.updatedBy,
  };
}

export function issuePackFactor(baseUnit: string, packs: readonly PackLevel[], issueUnit: string): number {
  return baseUnitsPer(baseUnit, packs, issueUnit) ?? 1;
}

function header(db: Db, id: number): HeaderRow {
  const row = prepared(db.$client, `${HEADER_SELECT} WHERE d.id = ? AND d.type = 'requisition'`).get(id) as HeaderRow | undefined;
  if (!row) throw notFound('请领单');
  return row;
}

/** The lines of one requisition with their hints, progress and amounts. */
export function requisitionLines(db: Db, h: Pick<HeaderRow, 'id' | 'storeId' | 'unitId' | 'unitLevel'>, now: Date): RequisitionLine[] {
  const rows = prepared(db.$client, `${LINE_SELECT} WHERE l.document_id = ? ORDER BY l.line_no`).all(h.id) as LineRow[];
  if (rows.length === 0) return [];
  const today = communityDate(now);
  const progress = new Map(requisitionProgress(db, h.id).map((p) => [p.requisitionLineId, p]));
  const measures = storeMeasures(db, { storeId: h.storeId, unitId: h.unitId, now, today, excludeRequisitionId: h.id });
  const costs = estimatedCosts(db, { centralStoreId: centralStoreId(db), today, itemIds: rows.map((r) => r.itemId) });
  const target = distributionSettings(db).targetMonths[h.unitLevel];
  const central = centralAvailable(db, centralStoreId(db), today);
  return rows.map((row) => {
    const packs = JSON.parse(row.packs) as PackLevel[];
    const factor = issuePackFactor(row.baseUnit, packs, row.issueUnit);
    const hints = hintsFor(measures, row.itemId);
    const p = progress.get(row.id);
    const cost = costs.get(row.itemId) ?? NO_COST;
    return {
      id: row.id,
      lineNo: row.lineNo,
      itemId: row.itemId,
      itemCode: row.itemCode,
      itemName: row.itemName,
      spec: row.spec,
      manufacturer: row.manufacturer,
      baseUnit: row.baseUnit,
      packs,
      issueUnit: row.issueUnit,
      issuePackFactor: factor,
      ...hints,
      suggested: suggestedQuantity({ ...hints, targetMonths: target, issuePackFactor: factor }),
      centralAvailable: central.get(row.itemId) ?? 0,
      requested: row.requested,
      approved: row.approved,
      approveReason: row.approveReason,
      allocated: p?.allocated ?? 0,
      shipped: p?.shipped ?? 0,
      received: p?.received ?? 0,
      backOrder: p?.backOrder ?? 0,
      costMicro: cost.priceMicro,
      costPackFactor: cost.packFactor,
      amountMicro: lineAmountMicro(row.approved ?? row.requested, cost),
      note: row.note,
    };
  });
}

/** The value of a set of lines at estimated cost (the budget check's figure). */
export function valueOf(db: Db, lines: readonly { itemId: number; quantity: number }[], now: Date): number {
  if (lines.length === 0) return 0;
  const costs = estimatedCosts(db, { centralStoreId: centralStoreId(db), today: communityDate(now), itemIds: lines.map((l) => l.itemId) });
  return lines.reduce((sum, l) => sum + lineAmountMicro(l.quantity, costs.get(l.itemId) ?? NO_COST), 0);
}

export function readRequisition(db: Db, id: number, now: Date): Requisition {
  const h = header(db, id);
  const lines = requisitionLines(db, h, now);
  const events = documentEvents(db, id).map((e) => ({
    ...e,
    transitionLabel: e.transition === 'create' ? '新建' : e.transition === 'edit' ? '修改' : (transitions[e.transition]?.label ?? e.transition),
    toStateLabel: states[e.toState]?.label ?? e.toState,
  }));
  const shipmentStates = shipmentType.states as Record<string, StateDeclaration>;
  const shipments = (
    prepared(
      db.$client,
      `SELECT d.id, d.number, d.state, d.created_at AS createdAt, COUNT(sl.id) AS lineCount, COALESCE(SUM(sl.amount_micro), 0) AS amountMicro
       FROM shipments s JOIN documents d ON d.id = s.document_id LEFT JOIN shipment_lines sl ON sl.document_id = s.document_id
       WHERE s.requisition_id = ? GROUP BY d.id ORDER BY d.id`,
    ).all(id) as { id: number; number: string; state: string; createdAt: string; lineCount: number; amountMicro: number }[]
  ).map((s) => ({ ...s, stateLabel: shipmentStates[s.state]?.label ?? s.state }));
  const budget = budgetOfUnit(db, { unitId: h.unitId, year: h.budgetYear, today: communityDate(now) });
  const summaryLines = lines.map((l) => ({ amountMicro: l.amountMicro, backOrder: l.backOrder, outstanding: outstandingOf(h.state, l.requested, l.backOrder), central: l.centralAvailable }));
  return { ...toSummary(h, summaryLines), lines, events, budget, shipments };
}

export interface ListFilter {
  states?: RequisitionState[] | undefined;
  unitId?: number | undefined;
  query?: string | undefined;
  limit: number;
  offset: number;
}

export function listRequisitions(db: Db, scope: CallerScope, filter: ListFilter, now: Date): { requisitions: RequisitionSummary[]; total: number } {
  const query = filter.query?.trim() ? `%${filter.query.trim()}%` : null;
  const where = `WHERE (@states IS NULL OR d.state IN (SELECT value FROM json_each(@states))) AND (@unitId IS NULL OR r.unit_id = @unitId)
       AND (@units IS NULL OR r.unit_id IN (SELECT value FROM json_each(@units)))
       AND (@query IS NULL OR d.number LIKE @query OR u.name LIKE @query OR r.note LIKE @query)`;
  const params = {
    states: filter.states?.length ? JSON.stringify(filter.states) : null,
    unitId: filter.unitId ?? null,
    units: scope.units === null ? null : JSON.stringify(scope.units),
    query,
  };
  const total = (
    prepared(db.$client, `SELECT COUNT(*) AS n FROM requisitions r JOIN documents d ON d.id = r.document_id JOIN units u ON u.id = r.unit_id ${where}`).get(params) as {
      n: number;
    }
  ).n;
  const headers = prepared(db.$client, `${HEADER_SELECT} ${where} ORDER BY d.id DESC LIMIT @limit OFFSET @offset`).all({
    ...params,
    limit: filter.limit,
    offset: filter.offset,
  }) as HeaderRow[];
  if (headers.length === 0) return { requisitions: [], total };
  const progress = progressForRequisitions(
    db,
    headers.map((h) => h.id),
  );
  const costs = estimatedCosts(db, { centralStoreId: centralStoreId(db), today: communityDate(now), itemIds: [...new Set(progress.map((p) => p.itemId))] });
  const central = centralAvailable(db, centralStoreId(db), communityDate(now));
  const byDocument = new Map<number, SummaryLine[]>();
  for (const p of progress) {
    const line = {
      amountMicro: lineAmountMicro(p.approved ?? p.requested, costs.get(p.itemId) ?? NO_COST),
      backOrder: p.backOrder,
      outstanding: outstandingOf(p.state, p.requested, p.backOrder),
      central: central.get(p.itemId) ?? 0,
    };
    const list = byDocument.get(p.requisitionId);
    if (list) list.push(line);
    else byDocument.set(p.requisitionId, [line]);
  }
  return { requisitions: headers.map((h) => toSummary(h, byDocument.get(h.id) ?? [])), total };
}

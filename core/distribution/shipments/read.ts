import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import {
  DISCREPANCY_KIND_LABELS,
  DISCREPANCY_RESOLUTION_LABELS,
  DISCREPANCY_STATUS_LABELS,
  MEMBER_RETURN_REASON_LABELS,
  REQUISITION_STATE_LABELS,
  SHIPMENT_KIND_LABELS,
  type DiscrepancyKind,
  type DiscrepancyResolution,
  type DiscrepancyStatus,
  type MemberReturnReason,
  type RequisitionState,
  type ShipmentKind,
} from '../../api/distribution.js';
import { formatYuan, lineAmountMicro } from '../../api/money.js';
import { formatQuantity, type PackLevel } from '../../api/packs.js';
import type { Discrepancy, Shipment, ShipmentAnyState, ShipmentLine, ShipmentSummary } from '../../api/shipments.js';
import type { BatchStatus } from '../../api/stock.js';
import type { CallerScope } from '../../context.js';
import { documentEvents, type StateDeclaration, type TransitionDeclaration } from '../../documents/lifecycle.js';
import { notFound } from '../../errors.js';
import { typeOfKind } from './header.js';

/** Reads of 调拨单 / 退库单 (one with its lines, discrepancies and events; a list; the 待配货 queue) and discrepancies. */

interface SummaryRow {
  id: number;
  number: string;
  kind: ShipmentKind;
  state: ShipmentAnyState;
  version: number;
  requisitionId: number | null;
  requisitionNumber: string | null;
  fromStoreId: number;
  fromStoreName: string;
  fromUnitName: string;
  toStoreId: number;
  toStoreName: string;
  toUnitName: string;
  unitId: number;
  unitName: string;
  returnReason: MemberReturnReason | '';
  recallId: number | null;
  reshipOfId: number | null;
  note: string;
  lineCount: number;
  totalQuantity: number;
  totalMicro: number;
  openDiscrepancies: number;
  createdAt: string;
  createdBy: string;
  shippedAt: string | null;
  receivedAt: string | null;
}

const SUMMARY_SELECT = `SELECT d.id, d.number, s.kind, d.state, d.version, s.requisition_id AS requisitionId, rq.number AS requisitionNumber,
    s.from_store_id AS fromStoreId, fs.name AS fromStoreName, fu.name AS fromUnitName,
    s.to_store_id AS toStoreId, ts.name AS toStoreName, tu.name AS toUnitName,
    s.member_unit_id AS unitId, mu.name AS unitName, s.return_reason AS returnReason, s.recall_id AS recallId, s.reship_of_id AS reshipOfId, s.note,
    (SELECT count(*) FROM shipment_lines l WHERE l.document_id = d.id) AS lineCount,
    (SELECT COALESCE(SUM(quantity), 0) FROM shipment_lines l WHERE l.document_id = d.id) AS totalQuantity,
    (SELECT COALESCE(SUM(amount_micro), 0) FROM shipment_lines l WHERE l.document_id = d.id) AS totalMicro,
    (SELECT count(*) FROM shipment_discrepancies x WHERE x.document_id = d.id AND x.status <> 'resolved') AS openDiscrepancies,
    d.created_at AS createdAt, COALESCE(cu.display_name, d.created_by) AS createdBy,
    (SELECT MIN(at) FROM document_events e WHERE e.document_id = d.id AND e.transition = 'ship') AS shippedAt,
    (SELECT MIN(at) FROM document_events e WHERE e.document_id = d.id AND e.transition = 'receive') AS receivedAt
  FROM shipments s
  JOIN documents d ON d.id = s.document_id
  LEFT JOIN documents rq ON rq.id = s.requisition_id
  JOIN stores fs ON fs.id = s.from_store_id JOIN units fu ON fu.id = fs.unit_id
  JOIN stores ts ON ts.id = s.to_store_id JOIN units tu ON tu.id = ts.unit_id
  JOIN units mu ON mu.id = s.member_unit_id
  LEFT JOIN users cu ON cu.id = d.created_by_user_id`;

function toSummary(row: SummaryRow): ShipmentSummary {
  const docType = typeOfKind(row.kind);
  const states = docType.states as Record<string, StateDeclaration>;
  return {
    ...row,
    kindLabel: SHIPMENT_KIND_LABELS[row.kind],
    typeLabel: docType.label,
    status: row.state,
    stateLabel: states[row.state]?.label ?? row.state,
    returnReason: row.returnReason === '' ? null : row.returnReason,
    returnReasonLabel: row.returnReason === '' ? null : MEMBER_RETURN_REASON_LABELS[row.returnReason],
    totalYuan: formatYuan(row.totalMicro),
  };
}

interface LineRow extends Omit<ShipmentLine, 'quantityText' | 'nearMinimum' | 'codes' | 'receipt'> {
  packs: string;
  nearMinimum: number;
  codeList: string | null;
  receivedQuantity: number | null;
  damagedQuantity: number | null;
  receiptReason: string | null;
  receiptAt: string | null;
  receiptBy: string | null;
}

export function shipmentLines(db: Db, id: number): ShipmentLine[] {
  const rows = prepared(
    db.$client,
    `SELECT l.id, l.line_no AS lineNo, l.requisition_line_id AS requisitionLineId, l.item_id AS itemId, i.code AS itemCode, i.generic_name AS itemName,
       i.spec, i.manufacturer, i.base_unit AS baseUnit, i.packs, l.batch_id AS batchId, b.batch_no AS batchNo, b.expiry, b.status AS batchStatus,
       st.name AS location, b.cost_micro AS costMicro, b.cost_unit AS costUnit, b.cost_pack_factor AS costPackFactor, l.quantity, l.amount_micro AS amountMicro,
       l.near_minimum AS nearMinimum, l.swap_reason AS swapReason,
       (SELECT count(*) FROM shipment_line_codes c WHERE c.shipment_line_id = l.id) AS codeCount,
       (SELECT json_group_array(code) FROM (SELECT code FROM shipment_line_codes c WHERE c.shipment_line_id = l.id ORDER BY c.id)) AS codeList,
       r.received_quantity AS receivedQuantity, r.damaged_quantity AS damagedQuantity, r.reason AS receiptReason, r.at AS receiptAt, r.actor_name AS receiptBy
     FROM shipment_lines l
     JOIN shipments s ON s.document_id = l.document_id
     JOIN stores st ON st.id = s.from_store_id
     JOIN formulary_items i ON i.id = l.item_id
     JOIN stock_batches b ON b.id = l.batch_id
     LEFT JOIN shipment_receipts r ON r.shipment_line_id = l.id
     WHERE l.document_id = ? ORDER BY l.line_no`,
  ).all(id) as LineRow[];
  return rows.map(({ packs, codeList, receivedQuantity, damagedQuantity, receiptReason, receiptAt, receiptBy, ...row }) => ({
    ...row,
    batchStatus: row.batchStatus as BatchStatus,
    quantityText: formatQuantity(row.baseUnit, JSON.parse(packs) as PackLevel[], row.quantity),
    nearMinimum: row.nearMinimum === 1,
    codes: codeList ? (JSON.parse(codeList) as string[]) : [],
    receipt:
      receivedQuantity === null
        ? null
        : { receivedQuantity, damagedQuantity: damagedQuantity ?? 0, reason: receiptReason ?? '', at: receiptAt ?? '', actorName: receiptBy ?? '' },
  }));
}

interface DiscrepancyRow extends Omit<Discrepancy, 'kindLabel' | 'statusLabel' | 'resolutionLabel' | 'amountMicro'> {
  costMicro: number;
  costPackFactor: number;
}

const DISCREPANCY_SELECT = `SELECT x.id, x.document_id AS shipmentId, d.number AS shipmentNumber, s.kind AS shipmentKind, x.shipment_line_id AS lineId,
    l.item_id AS itemId, i.generic_name AS itemName, i.spec, i.base_unit AS baseUnit, b.batch_no AS batchNo, b.expiry, x.kind, x.quantity, x.reason,
    x.status, x.resolution, x.resolution_note AS resolutionNote, x.opened_at AS openedAt, x.opened_by AS openedBy, x.requested_by AS requestedBy,
    x.requested_at AS requestedAt, x.resolved_by AS resolvedBy, x.resolved_at AS resolvedAt, fs.name AS fromStoreName, ts.name AS toStoreName,
    s.member_unit_id AS unitId, mu.name AS unitName, b.cost_micro AS costMicro, b.cost_pack_factor AS costPackFactor
  FROM shipment_discrepancies x
  JOIN documents d ON d.id = x.document_id
  JOIN shipments s ON s.document_id = x.document_id
  JOIN shipment_lines l ON l.id = x.shipment_line_id
  JOIN formulary_items i ON i.id = l.item_id
  JOIN stock_batches b ON b.id = l.batch_id
  JOIN stores fs ON fs.id = s.from_store_id
  JOIN stores ts ON ts.id = s.to_store_id
  JOIN units mu ON mu.id = s.member_unit_id`;

function toDiscrepancy({ costMicro, costPackFactor, ...row }: DiscrepancyRow): Discrepancy {
  return {
    ...row,
    kindLabel: DISCREPANCY_KIND_LABELS[row.kind as DiscrepancyKind],
    statusLabel: DISCREPANCY_STATUS_LABELS[row.status as DiscrepancyStatus],
    resolutionLabel: row.resolution ? DISCREPANCY_RESOLUTION_LABELS[row.resolution as DiscrepancyResolution] : null,
    amountMicro: lineAmountMicro(row.quantity, { priceMicro: costMicro, packFactor: costPackFactor }),
  };
}

export function readDiscrepancy(db: Db, id: number): Discrepancy {
  const row = prepared(db.$client, `${DISCREPANCY_SELECT} WHERE x.id = ?`).get(id) as DiscrepancyRow | undefined;
  if (!row) throw notFound('签收差异');
  return toDiscrepancy(row);
}

export function shipmentDiscrepancies(db: Db, shipmentId: number): Discrepancy[] {
  return (prepared(db.$client, `${DISCREPANCY_SELECT} WHERE x.document_id = ? ORDER BY x.id`).all(shipmentId) as DiscrepancyRow[]).map(toDiscrepancy);
}

export function listDiscrepancies(
  db: Db,
  scope: CallerScope,
  filter: { status: DiscrepancyStatus | 'unresolved' | 'all'; shipmentId?: number; unitId?: number; limit: number },
): Discrepancy[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: filter.limit };
  if (filter.status === 'unresolved') where.push("x.status <> 'resolved'");
  else if (filter.status !== 'all') {
    where.push('x.status = @status');
    params.status = filter.status;
  }
  if (filter.shipmentId !== undefined) {
    where.push('x.document_id = @shipmentId');
    params.shipmentId = filter.shipmentId;
  }
  if (filter.unitId !== undefined) {
    where.push('s.member_unit_id = @unitId');
    params.unitId = filter.unitId;
  }
  if (scope.units !== null) where.push(`s.member_unit_id IN (${scope.units.map(Number).join(', ') || 'NULL'})`);
  const sql = `${DISCREPANCY_SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY x.id DESC LIMIT @limit`;
  return (db.$client.prepare(sql).all(params) as DiscrepancyRow[]).map(toDiscrepancy);
}

export function readShipment(db: Db, id: number): Shipment {
  const row = prepared(db.$client, `${SUMMARY_SELECT} WHERE d.id = ?`).get(id) as SummaryRow | undefined;
  if (!row) throw notFound('调拨单或退库单');
  const docType = typeOfKind(row.kind);
  const transitions = docType.transitions as Record<string, TransitionDeclaration<string>>;
  return {
    ...toSummary(row),
    lines: shipmentLines(db, id),
    discrepancies: shipmentDiscrepancies(db, id),
    events: documentEvents(db, id).map((e) => ({
      ...e,
      transitionLabel: transitions[e.transition]?.label ?? ({ create: '新建', edit: '修改', swap: '换批' } as Record<string, string>)[e.transition] ?? e.transition,
    })),
  };
}

export interface ListFilter {
  kind?: ShipmentKind;
  states?: ShipmentAnyState[];
  unitId?: number;
  requisitionId?: number;
  direction?: 'incoming' | 'outgoing';
  query?: string;
  limit: number;
  offset: number;
}

export function listShipments(db: Db, scope: CallerScope, filter: ListFilter): { shipments: ShipmentSummary[]; total: number } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  let kind = filter.kind;
  // A member's incoming goods are transfers to it, its outgoing ones its returns.
  if (filter.direction === 'incoming') kind = 'transfer';
  if (filter.direction === 'outgoing') kind = 'return';
  if (kind) {
    where.push('s.kind = @kind');
    params.kind = kind;
  }
  if (filter.states?.length) {
    where.push(`d.state IN (${filter.states.map((_, i) => `@state${i}`).join(', ')})`);
    filter.states.forEach((s, i) => (params[`state${i}`] = s));
  }
  if (filter.unitId !== undefined) {
    where.push('s.member_unit_id = @unitId');
    params.unitId = filter.unitId;
  }
  if (filter.requisitionId !== undefined) {
    where.push('s.requisition_id = @requisitionId');
    params.requisitionId = filter.requisitionId;
  }
  if (filter.query) {
    where.push("(d.number LIKE @q ESCAPE '\\' OR mu.name LIKE @q ESCAPE '\\' OR rq.number LIKE @q ESCAPE '\\')");
    params.q = `%${filter.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  if (scope.units !== null) where.push(`s.member_unit_id IN (${scope.units.map(Number).join(', ') || 'NULL'})`);
  const clause = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const total = (
    db.$client
      .prepare(`SELECT count(*) AS n FROM shipments s JOIN documents d ON d.id = s.document_id LEFT JOIN documents rq ON rq.id = s.requisition_id JOIN units mu ON mu.id = s.member_unit_id${clause}`)
      .get(params) as { n: number }
  ).n;
  const rows = db.$client.prepare(`${SUMMARY_SELECT}${clause} ORDER BY d.id DESC LIMIT @limit OFFSET @offset`).all({ ...params, limit: filter.limit, offset: filter.offset }) as SummaryRow[];
  return { shipments: rows.map(toSummary), total };
}

/**
 * 待配货: approved requisitions (or ones partly allocated, shipped or received) with a back-order, read from the
 * requisition tables directly — approved − allocated in shipments not cancelled + quantities resolved 重新发货.
 */
export function allocationQueue(db: Db): {
  requisitionId: number;
  number: string;
  state: string;
  stateLabel: string;
  unitId: number;
  unitName: string;
  storeId: number;
  storeName: string;
  approvedAt: string | null;
  lineCount: number;
  backOrderQuantity: number;
}[] {
  const rows = prepared(
    db.$client,
    `WITH owed AS (
       SELECT rl.document_id AS requisitionId,
         MAX(0, COALESCE(rl.approved_quantity, 0)
           - COALESCE((SELECT SUM(sl.quantity) FROM shipment_lines sl JOIN documents sd ON sd.id = sl.document_id
               WHERE sl.requisition_line_id = rl.id AND sd.state <> 'cancelled'), 0)
           + COALESCE((SELECT SUM(x.quantity) FROM shipment_lines sl JOIN shipment_discrepancies x ON x.shipment_line_id = sl.id
               WHERE sl.requisition_line_id = rl.id AND x.status = 'resolved' AND x.resolution = 'reshipped'), 0)) AS backOrder
       FROM requisition_lines rl JOIN documents d ON d.id = rl.document_id
       WHERE d.type = 'requisition' AND d.state IN ('approved', 'allocated', 'shipped', 'received'))
     SELECT o.requisitionId, d.number, d.state, r.unit_id AS unitId, u.name AS unitName, r.store_id AS storeId, st.name AS storeName,
       (SELECT MIN(at) FROM document_events e WHERE e.document_id = d.id AND e.transition = 'approve') AS approvedAt,
       SUM(o.backOrder > 0) AS lineCount, SUM(o.backOrder) AS backOrderQuantity
     FROM owed o JOIN documents d ON d.id = o.requisitionId JOIN requisitions r ON r.document_id = d.id
     JOIN units u ON u.id = r.unit_id JOIN stores st ON st.id = r.store_id
     GROUP BY o.requisitionId HAVING SUM(o.backOrder) > 0 ORDER BY approvedAt, o.requisitionId`,
  ).all() as { requisitionId: number; number: string; state: RequisitionState; unitId: number; unitName: string; storeId: number; storeName: string; approvedAt: string | null; lineCount: number; backOrderQuantity: number }[];
  return rows.map((r) => ({ ...r, stateLabel: REQUISITION_STATE_LABELS[r.state] ?? r.state }));
}

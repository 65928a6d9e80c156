import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import { MEMBER_RETURN_STATE_LABELS, RECALL_STATE_LABELS, type RecallState } from '../../api/distribution.js';
import type { RecallDetail, RecallDocument, RecallSummary } from '../../api/recalls.js';
import { BATCH_STATUS_LABELS, type BatchStatus } from '../../api/stock.js';
import { documentEvents } from '../../documents/lifecycle.js';
import { notFound } from '../../errors.js';
import { ADJUSTMENT_TYPES } from '../../stock/adjustment-types.js';
import { recallType } from '../document-types.js';

/** Reads of 召回单: one with its frozen batches and the documents it made, and the paged list. */

const SUMMARY_SELECT = `SELECT d.id, d.number, d.state, d.version, r.item_id AS itemId, i.code AS itemCode, i.generic_name AS itemName, i.spec, i.manufacturer,
    r.batch_no AS batchNo, r.reason, r.notice_no AS noticeNo,
    (SELECT count(*) FROM recall_batches rb WHERE rb.document_id = d.id) AS batchCount,
    (SELECT COALESCE(SUM(rb.quantity), 0) FROM recall_batches rb WHERE rb.document_id = d.id) AS frozenQuantity,
    d.created_at AS createdAt, COALESCE(cu.display_name, d.created_by) AS createdBy, d.updated_at AS updatedAt, COALESCE(uu.display_name, d.updated_by) AS updatedBy
  FROM recalls r
  JOIN documents d ON d.id = r.document_id
  JOIN formulary_items i ON i.id = r.item_id
  LEFT JOIN users cu ON cu.id = d.created_by_user_id
  LEFT JOIN users uu ON uu.username = d.updated_by`;

type SummaryRow = Omit<RecallSummary, 'stateLabel'>;
const toSummary = (row: SummaryRow): RecallSummary => ({ ...row, stateLabel: RECALL_STATE_LABELS[row.state as RecallState] });

const STOCK_RETURN_STATE_LABELS = ADJUSTMENT_TYPES.return.states as Record<string, { label: string }>;

/** Stock of the recalled batches still in member stores or on its way to one (not what is coming back to the centre): what closing without a reason waits for. */
export function memberStockLeft(db: Db, recallId: number): number {
  return (
    prepared(
      db.$client,
      `SELECT COALESCE(SUM(sb.quantity), 0) AS n FROM recall_batches rb
       JOIN stock_balances sb ON sb.batch_id = rb.batch_id
       JOIN stock_locations l ON l.id = sb.location_id
       LEFT JOIN stores s ON s.id = l.store_id
       WHERE rb.document_id = ? AND (s.id IS NULL OR s.is_central = 0)
         AND NOT (l.kind = 'transit' AND l.unit_id = (SELECT unit_id FROM stores WHERE is_central = 1 ORDER BY id LIMIT 1))`,
    ).get(recallId) as { n: number }
  ).n;
}

const RETURN_SELECT = `SELECT d.id, d.number, d.state, sh.from_store_id AS storeId, s.name AS storeName, s.unit_id AS unitId, u.name AS unitName,
    (SELECT COALESCE(SUM(l.quantity), 0) FROM shipment_lines l WHERE l.document_id = d.id) AS quantity
  FROM shipments sh JOIN documents d ON d.id = sh.document_id JOIN stores s ON s.id = sh.from_store_id JOIN units u ON u.id = s.unit_id`;

/** 退库单 as a recall or a 调剂 lists them. */
export function memberReturns(db: Db, where: 'sh.recall_id = ?' | 'sh.document_id = ?', id: number): RecallDocument[] {
  return (
    prepared(db.$client, `${RETURN_SELECT} WHERE ${where} ORDER BY d.id`).all(id) as {
      id: number;
      number: string;
      state: string;
      storeId: number;
      storeName: string;
      unitId: number;
      unitName: string;
      quantity: number;
    }[]
  ).map((r) => ({
    ...r,
    kind: 'member_return' as const,
    kindLabel: '退库单',
    stateLabel: (MEMBER_RETURN_STATE_LABELS as Record<string, string>)[r.state] ?? r.state,
    supplierName: null,
  }));
}

export function readRecall(db: Db, id: number): RecallDetail {
  const row = prepared(db.$client, `${SUMMARY_SELECT} WHERE r.document_id = ?`).get(id) as SummaryRow | undefined;
  if (!row) throw notFound('召回单');
  const batches = (
    prepared(
      db.$client,
      `SELECT rb.batch_id AS batchId, b.batch_no AS batchNo, b.expiry, rb.previous_status AS previousStatus, b.status, rb.quantity
       FROM recall_batches rb JOIN stock_batches b ON b.id = rb.batch_id WHERE rb.document_id = ? ORDER BY rb.batch_id`,
    ).all(id) as { batchId: number; batchNo: string; expiry: string; previousStatus: BatchStatus; status: BatchStatus; quantity: number }[]
  ).map((b) => ({ ...b, previousStatusLabel: BATCH_STATUS_LABELS[b.previousStatus], statusLabel: BATCH_STATUS_LABELS[b.status] }));
  const returns = memberReturns(db, 'sh.recall_id = ?', id);
  const adjustments = (
    prepared(
      db.$client,
      `SELECT d.id, d.number, d.state, a.store_id AS storeId, s.name AS storeName, s.unit_id AS unitId, u.name AS unitName, sp.name AS supplierName,
         (SELECT COALESCE(SUM(l.quantity), 0) FROM stock_adjustment_lines l WHERE l.document_id = d.id) AS quantity
       FROM stores c
       JOIN stock_adjustments a ON a.store_id = c.id
       JOIN documents d ON d.id = a.document_id JOIN stores s ON s.id = a.store_id JOIN units u ON u.id = s.unit_id
       LEFT JOIN suppliers sp ON sp.id = a.supplier_id
       WHERE c.is_central = 1 AND a.kind = 'return' AND a.recall_id = ? AND d.reverses_id IS NULL ORDER BY d.id`,
    ).all(id) as { id: number; number: string; state: string; storeId: number; storeName: string; unitId: number; unitName: string; supplierName: string | null; quantity: number }[]
  ).map((a) => ({ ...a, kind: 'stock_return' as const, kindLabel: '退货单', stateLabel: STOCK_RETURN_STATE_LABELS[a.state]?.label ?? a.state }));
  const states = recallType.states as Record<string, { label: string }>;
  return {
    ...toSummary(row),
    batches,
    documents: [...returns, ...adjustments],
    memberStockLeft: memberStockLeft(db, id),
    events: documentEvents(db, id).map((e) => ({ version: e.version, transition: e.transition, stateLabel: states[e.toState]?.label ?? e.toState, actorName: e.actorName, at: e.at, reason: e.reason })),
  };
}

export function listRecalls(
  db: Db,
  filter: { state?: RecallState | undefined; itemId?: number | undefined; q?: string | undefined; page: number; pageSize: number },
): { recalls: RecallSummary[]; total: number; page: number; pageSize: number } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.state) {
    where.push('d.state = @state');
    params.state = filter.state;
  }
  if (filter.itemId) {
    where.push('r.item_id = @itemId');
    params.itemId = filter.itemId;
  }
  if (filter.q) {
    where.push("(d.number LIKE @q ESCAPE '\\' OR r.batch_no LIKE @q ESCAPE '\\' OR i.generic_name LIKE @q ESCAPE '\\' OR r.reason LIKE @q ESCAPE '\\')");
    params.q = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  const clause = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const rows = prepared(db.$client, `${SUMMARY_SELECT}${clause} ORDER BY d.id DESC LIMIT @limit OFFSET @offset`).all({ ...params, limit: filter.pageSize, offset: (filter.page - 1) * filter.pageSize }) as SummaryRow[];
  const { n } = prepared(db.$client, `SELECT count(*) AS n FROM recalls r JOIN documents d ON d.id = r.document_id JOIN formulary_items i ON i.id = r.item_id${clause}`).get(params) as {
    n: number;
  };
  return { recalls: rows.map(toSummary), total: n, page: filter.page, pageSize: filter.pageSize };
}


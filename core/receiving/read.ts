import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import type { PackLevel } from '../api/packs.js';
import { formatYuan, lineAmountMicro } from '../api/money.js';
import type { Receipt, ReceiptConclusion, ReceiptHeader, ReceiptLine, ReceiptState } from '../api/receiving.js';
import type { CallerScope } from '../context.js';
import { documentEvents, loadDocument } from '../documents/lifecycle.js';
import { communityDate } from '../time.js';
import { receiptType } from './receipt-type.js';

/** 验收结论 as printed. */
export const CONCLUSION_LABELS: Record<ReceiptConclusion, string> = { accepted: '合格', partial: '部分合格', rejected: '拒收' };

const HEADER_SQL = `SELECT d.id, d.number, d.state, d.version, d.posted, d.reverses_id AS reversesId, o.number AS reversesNumber,
    rv.id AS reversedById, rv.number AS reversedByNumber,
    COALESCE(r.supplier_id, orr.supplier_id) AS supplierId, sp.name AS supplierName,
    COALESCE(r.store_id, orr.store_id) AS storeId, st.name AS storeName, st.unit_id AS unitId, u.name AS unitName,
    COALESCE(r.order_id, orr.order_id) AS orderId, po.number AS orderNumber,
    COALESCE(r.unplanned_reason, orr.unplanned_reason) AS unplannedReason, COALESCE(r.arrived_on, orr.arrived_on) AS arrivedOn,
    COALESCE(r.note, orr.note, '') AS note,
    (SELECT substr(e.at, 1, 19) FROM document_events e WHERE e.document_id = d.id AND e.transition IN ('post', 'reversal_posted') ORDER BY e.version DESC LIMIT 1) AS postedAt,
    d.created_at AS createdAt, d.created_by AS createdBy, d.updated_at AS updatedAt, d.updated_by AS updatedBy
  FROM documents d
  LEFT JOIN receipts r ON r.document_id = d.id
  LEFT JOIN receipts orr ON r.document_id IS NULL AND orr.document_id = d.reverses_id
  LEFT JOIN documents o ON o.id = d.reverses_id
  LEFT JOIN documents rv ON rv.reverses_id = d.id
  JOIN suppliers sp ON sp.id = COALESCE(r.supplier_id, orr.supplier_id)
  JOIN stores st ON st.id = COALESCE(r.store_id, orr.store_id)
  JOIN units u ON u.id = st.unit_id
  LEFT JOIN documents po ON po.id = COALESCE(r.order_id, orr.order_id)`;

interface HeaderRow extends Omit<ReceiptHeader, 'posted' | 'status' | 'stateLabel' | 'acceptedOn' | 'lineCount' | 'traceCodeCount' | 'totalMicro'> {
  posted: number;
  postedAt: string | null;
}

interface LineRow {
  id: number;
  lineNo: number;
  orderLineId: number | null;
  itemId: number;
  itemCode: string;
  genericName: string;
  tradeName: string;
  dosageForm: string;
  spec: string;
  manufacturer: string;
  approvalNo: string;
  standardCode: string;
  udiDi: string;
  category: ReceiptLine['category'];
  controlledClass: ReceiptLine['controlledClass'];
  coldChain: number;
  storageTempMin: number | null;
  storageTempMax: number | null;
  tracePrefix: string;
  tracePack: string;
  baseUnit: string;
  packs: string;
  packUnit: string;
  packFactor: number;
  batchNo: string;
  productionDate: string | null;
  expiry: string;
  arrivedQuantity: number;
  acceptedQuantity: number;
  rejectedQuantity: number;
  rejectReason: string;
  priceMicro: number;
  deliveryNoteNo: string;
  distributorInvoiceNo: string;
  manufacturerInvoiceNo: string;
  traceCodes: string;
  arrivalTempTenths: number | null;
  conclusion: ReceiptConclusion;
  shortExpiryReason: string;
  inspectorName: string;
  secondInspectorUserId: number | null;
  secondInspectorName: string;
  batchId: number | null;
  levelCounty: number;
  levelTownship: number;
  levelVillage: number;
}

const LINES_SQL = `SELECT l.id, l.line_no AS lineNo, l.order_line_id AS orderLineId, l.item_id AS itemId, i.code AS itemCode,
    i.generic_name AS genericName, i.trade_name AS tradeName, i.dosage_form AS dosageForm, i.spec, i.manufacturer, i.approval_no AS approvalNo,
    i.standard_code AS standardCode, i.udi_di AS udiDi, i.category, i.controlled_class AS controlledClass, i.cold_chain AS coldChain,
    i.storage_temp_min AS storageTempMin, i.storage_temp_max AS storageTempMax, i.trace_prefix AS tracePrefix, i.trace_pack AS tracePack,
    i.base_unit AS baseUnit, i.packs, l.pack_unit AS packUnit, l.pack_factor AS packFactor, l.batch_no AS batchNo,
    l.production_date AS productionDate, l.expiry, l.arrived_quantity AS arrivedQuantity, l.accepted_quantity AS acceptedQuantity,
    l.rejected_quantity AS rejectedQuantity, l.reject_reason AS rejectReason, l.price_micro AS priceMicro, l.delivery_note_no AS deliveryNoteNo,
    COALESCE((SELECT v.distributor_invoice_no FROM receipt_line_invoices v WHERE v.receipt_line_id = l.id AND v.distributor_invoice_no <> ''
      ORDER BY v.id DESC LIMIT 1), l.distributor_invoice_no) AS distributorInvoiceNo,
    COALESCE((SELECT v.manufacturer_invoice_no FROM receipt_line_invoices v WHERE v.receipt_line_id = l.id AND v.manufacturer_invoice_no <> ''
      ORDER BY v.id DESC LIMIT 1), l.manufacturer_invoice_no) AS manufacturerInvoiceNo, l.trace_codes AS traceCodes,
    l.arrival_temp_tenths AS arrivalTempTenths, l.conclusion, l.short_expiry_reason AS shortExpiryReason, l.inspector_name AS inspectorName,
    l.second_inspector_user_id AS secondInspectorUserId, l.second_inspector_name AS secondInspectorName, l.batch_id AS batchId,
    i.level_county AS levelCounty, i.level_township AS levelTownship, i.level_village AS levelVillage
  FROM receipt_lines l JOIN formulary_items i ON i.id = l.item_id WHERE l.document_id = ? ORDER BY l.line_no`;

function toLine(row: LineRow, sign: 1 | -1, packsOf: Map<string, PackLevel[]>): ReceiptLine {
  const { levelCounty, levelTownship, levelVillage, packs, traceCodes, coldChain, ...rest } = row;
  let parsedPacks = packsOf.get(packs);
  if (!parsedPacks) packsOf.set(packs, (parsedPacks = JSON.parse(packs) as PackLevel[]));
  const codes = JSON.parse(traceCodes) as string[];
  const accepted = sign * row.acceptedQuantity;
  return {
    ...rest,
    coldChain: coldChain === 1,
    packs: parsedPacks,
    traceCodes: codes,
    traceCodeCount: codes.length,
    arrivedQuantity: sign * row.arrivedQuantity,
    acceptedQuantity: accepted,
    rejectedQuantity: sign * row.rejectedQuantity,
    quantity: accepted,
    amountMicro: lineAmountMicro(accepted, { priceMicro: row.priceMicro, packFactor: row.packFactor }),
    conclusionLabel: CONCLUSION_LABELS[row.conclusion],
    levels: { county: levelCounty === 1, township: levelTownship === 1, village: levelVillage === 1 },
  };
}

function toHeader(row: HeaderRow, lines: { lineCount: number; traceCodeCount: number; totalMicro: number }): ReceiptHeader {
  const { postedAt, posted, ...rest } = row;
  const state = row.state as ReceiptState;
  return {
    ...rest,
    state,
    status: state,
    stateLabel: receiptType.states[state]?.label ?? state,
    posted: posted === 1,
    acceptedOn: postedAt && (state === 'posted' || state === 'reversed' || state === 'reversal') ? communityDate(new Date(`${postedAt}Z`)) : null,
    ...lines,
  };
}

/** One receipt with its lines (a 冲销单 shows its original's lines negated) and its events; NOT_FOUND otherwise. */
export function readReceipt(db: Db, id: number): Receipt {
  loadDocument(db, receiptType, id);
  const header = prepared(db.$client, `${HEADER_SQL} WHERE d.id = ?`).get(id) as HeaderRow;
  const reversal = header.reversesId !== null;
  const rows = prepared(db.$client, LINES_SQL).all(reversal ? header.reversesId : id) as LineRow[];
  const packsOf = new Map<string, PackLevel[]>();
  const lines = rows.map((r) => toLine(r, reversal ? -1 : 1, packsOf));
  const totalMicro = lines.reduce((sum, l) => sum + l.amountMicro, 0);
  const traceCodeCount = lines.reduce((sum, l) => sum + l.traceCodeCount, 0);
  return { ...toHeader(header, { lineCount: lines.length, traceCodeCount, totalMicro }), lines, events: documentEvents(db, id) };
}

export interface ReceiptFilter {
  state?: ReceiptState | undefined;
  supplierId?: number | undefined;
  storeId?: number | undefined;
  orderId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

const TOTALS_SQL = `SELECT document_id AS documentId, count(*) AS lineCount, SUM(json_array_length(trace_codes)) AS traceCodeCount,
    json_group_array(json_array(accepted_quantity, price_micro, pack_factor)) AS amounts
  FROM receipt_lines WHERE document_id IN (SELECT value FROM json_each(?)) GROUP BY document_id`;

/** Receipts (and 冲销单) for the grid, newest first, filtered to the caller's units, paged. */
export function listReceipts(db: Db, scope: CallerScope, filter: ReceiptFilter): { rows: (ReceiptHeader & { totalYuan: string })[]; total: number } {
  const where: string[] = [`d.type = 'receipt'`];
  const params: Record<string, unknown> = {};
  if (scope.units !== null) {
    where.push('st.unit_id IN (SELECT value FROM json_each(@units))');
    params.units = JSON.stringify(scope.units);
  }
  const add = (condition: string, key: string, value: unknown) => {
    if (value === undefined || value === null) return;
    where.push(condition);
    params[key] = value;
  };
  add('d.state = @state', 'state', filter.state);
  add('sp.id = @supplierId', 'supplierId', filter.supplierId);
  add('st.id = @storeId', 'storeId', filter.storeId);
  add('po.id = @orderId', 'orderId', filter.orderId);
  add('COALESCE(r.arrived_on, orr.arrived_on) >= @from', 'from', filter.from);
  add('COALESCE(r.arrived_on, orr.arrived_on) <= @to', 'to', filter.to);
  const whereSql = where.join(' AND ');
  const total = (prepared(db.$client, `SELECT count(*) AS n FROM (${HEADER_SQL} WHERE ${whereSql})`).get(params) as { n: number }).n;
  const rows = prepared(db.$client, `${HEADER_SQL} WHERE ${whereSql} ORDER BY d.id DESC LIMIT @limit OFFSET @offset`).all({
    ...params,
    limit: filter.pageSize,
    offset: (filter.page - 1) * filter.pageSize,
  }) as HeaderRow[];
  const sources = rows.map((r) => r.reversesId ?? r.id);
  const totals = new Map(
    (prepared(db.$client, TOTALS_SQL).all(JSON.stringify(sources)) as { documentId: number; lineCount: number; traceCodeCount: number; amounts: string }[]).map(
      (t) => [t.documentId, t],
    ),
  );
  return {
    total,
    rows: rows.map((row) => {
      const t = totals.get(row.reversesId ?? row.id);
      const sign = row.reversesId !== null ? -1 : 1;
      const amounts = t ? (JSON.parse(t.amounts) as [number, number, number][]) : [];
      const totalMicro = amounts.reduce((sum, [q, priceMicro, packFactor]) => sum + lineAmountMicro(sign * q, { priceMicro, packFactor }), 0);
      const header = toHeader(row, { lineCount: t?.lineCount ?? 0, traceCodeCount: t?.traceCodeCount ?? 0, totalMicro });
      return { ...header, totalYuan: formatYuan(totalMicro) };
    }),
  };
}

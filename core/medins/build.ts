import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import { DomainError, notFound } from '../errors.js';
import { communityDate } from '../time.js';
import { ALL_CHANGE_TYPES_SQL } from '../stock/views.js';
import { MEDINS_REPORTS, MEDINS_SPECS, hubFields, type MedinsReport } from './fields.js';
import { localDateTime, type MedinsPeriod } from './period.js';
import { perBaseUnit, quantity4 } from './numbers.js';

/**
 * The records of 医保 3501–3506 for one 定点 unit (units.insurance_code non-empty) and a period, built from the
 * stock ledger: every move into or out of the unit's stores in the period (moves between two stores of the same
 * unit are internal and not reported; in-transit locations are nobody's store).
 *
 * - 3502 every such move, `inv_chg_type` = the move's stored change type; a reversing move (冲销) keeps its type
 *   with a negative count and says what it reverses in `memo`.
 * - 3503 goods in: accepted receipts (108), 赠药入库 (110, `prod_geay_flag` 1) and, for a member, shipments from
 *   the centre confirmed into its stores (101 of a 调拨单), whose `spler_name` is the lead hospital.
 * - 3504 goods back: returns to the supplier (109), 赠药退回 (111) and a member's returns to the centre (102 of a
 *   退库单). A reversed purchase is reported as a return and a reversed return as a purchase (医保 has no
 *   negative purchase), `memo` naming the reversal.
 * - 3505 the unit's 消耗出库 (107 of a 消耗出库单), one record per batch the posting took; 3506 their 冲销.
 * - 3501 the stocktakes posted in the period (their counted quantities) or, when none was posted, the book
 *   stock per batch at the period start: 3501 is the starting point 医保 reconciles the later changes against,
 *   and without a count the ledger's opening balance is what the unit holds.
 */

export type TraceInfo = { drug_trac_codg: string }[];
export type RecordData = Record<string, string | TraceInfo>;

export interface MedinsSource {
  documentId: number | null;
  documentNumber: string;
  documentType: string;
  lineNo: number | null;
  moveId: number | null;
}

export interface MedinsRecord {
  report: MedinsReport;
  data: RecordData;
  source: MedinsSource;
}

export interface Unreportable extends MedinsSource {
  report: MedinsReport;
  itemCode: string;
  itemName: string;
  field: string;
  label: string;
  reason: string;
}

export interface MedinsUnit {
  id: number;
  code: string;
  name: string;
  insuranceCode: string;
  isLead: boolean;
}

export interface MedinsBuild {
  unit: MedinsUnit;
  period: MedinsPeriod;
  /** What 3501 states: the period's stocktakes, or the opening stock. */
  inventoryBasis: 'stocktake' | 'opening';
  /** The records kept: all of them, or only the page asked for (MedinsPage). */
  records: Record<MedinsReport, MedinsRecord[]>;
  /** How many records each report has, kept or not. */
  counts: Record<MedinsReport, number>;
  unreportable: Unreportable[];
}

/**
 * Only one report's page is kept (the screen shows one tab's page and every report's count): the other records are
 * checked and counted, then dropped at once, so a month of the central store's moves is not held in memory, and
 * what only the kept records carry (trace codes) is not read for the rest.
 */
export interface MedinsPage {
  report: MedinsReport;
  offset: number;
  limit: number;
}

/** Items whose 处方药标志 is 0 (非处方药): the formulary has no such column, so it is kept in hub_settings. */
export const MEDINS_SETTINGS_KEY = 'medins.settings';

function nonPrescriptionCodes(db: Db): Set<string> {
  const row = prepared(db.$client, 'SELECT value FROM hub_settings WHERE name = ?').get(MEDINS_SETTINGS_KEY) as { value: string } | undefined;
  if (!row) return new Set();
  try {
    const parsed = JSON.parse(row.value) as { nonPrescriptionItemCodes?: unknown };
    return new Set(Array.isArray(parsed.nonPrescriptionItemCodes) ? parsed.nonPrescriptionItemCodes.filter((c): c is string => typeof c === 'string') : []);
  } catch {
    return new Set();
  }
}

export function medinsUnit(db: Db, unitId: number): MedinsUnit {
  const row = prepared(db.$client, 'SELECT id, code, name, insurance_code AS insuranceCode, is_lead AS isLead FROM units WHERE id = ?').get(unitId) as
    | { id: number; code: string; name: string; insuranceCode: string; isLead: number }
    | undefined;
  if (!row) throw notFound('单位');
  return { ...row, isLead: row.isLead === 1 };
}

/** The 定点 units (with a 定点医药机构编码), the lead hospital first. */
export function medinsUnits(db: Db, units: readonly number[] | null): MedinsUnit[] {
  const rows = prepared(db.$client, "SELECT id, code, name, insurance_code AS insuranceCode, is_lead AS isLead FROM units WHERE insurance_code <> '' ORDER BY is_lead DESC, CASE level WHEN 'county' THEN 0 WHEN 'township' THEN 1 ELSE 2 END, code").all() as {
    id: number;
    code: string;
    name: string;
    insuranceCode: string;
    isLead: number;
  }[];
  return rows.filter((r) => units === null || units.includes(r.id)).map((r) => ({ ...r, isLead: r.isLead === 1 }));
}

interface ItemCols {
  itemId: number;
  itemCode: string;
  insuranceCode: string;
  genericName: string;
  spec: string;
  manufacturer: string;
  approvalNo: string;
  packs: string;
}
interface BatchCols {
  batchId: number;
  batchNo: string;
  productionDate: string | null;
  expiry: string;
  costMicro: number;
  costPackFactor: number;
}
interface MoveRow {
  moveId: number;
  itemId: number;
  batchId: number;
  at: string;
  quantity: number;
  changeType: string;
  reversesMoveId: number | null;
  actorName: string;
  lineId: number | null;
  fromUnit: number;
  toUnit: number;
  documentId: number;
  documentNumber: string;
  documentType: string;
  reversesNumber: string | null;
  lineNo: number | null;
  // receipts
  receiptSupplier: string | null;
  receiptSupplierId: number | null;
  deliveryNoteNo: string | null;
  distributorInvoiceNo: string | null;
  inspectorName: string | null;
  linePriceMicro: number | null;
  linePackFactor: number | null;
  traceCodesJson: string | null;
  // 退货单
  returnSupplier: string | null;
  returnSupplierId: number | null;
  // 调拨 / 退库
  shipmentKind: string | null;
}

const MOVES_SQL = `
WITH locs AS (SELECT id FROM stock_locations WHERE kind = 'store' AND unit_id = @unitId)
SELECT m.id AS moveId, m.at, m.quantity, m.change_type AS changeType, m.reverses_move_id AS reversesMoveId, m.actor_name AS actorName,
       m.document_line_id AS lineId,
       (m.from_location_id IN (SELECT id FROM locs)) AS fromUnit, (m.to_location_id IN (SELECT id FROM locs)) AS toUnit,
       d.id AS documentId, d.number AS documentNumber, d.type AS documentType, od.number AS reversesNumber,
       m.batch_id AS batchId, m.item_id AS itemId,
       CASE d.type
         WHEN 'receipt' THEN rl.line_no
         WHEN 'shipment' THEN sl.line_no
         WHEN 'member_return' THEN sl.line_no
         WHEN 'stocktake' THEN tl.line_no
         WHEN 'consumption' THEN cl.line_no
         ELSE al.line_no END AS lineNo,
       rs.name AS receiptSupplier, rs.id AS receiptSupplierId, rl.delivery_note_no AS deliveryNoteNo,
       coalesce((SELECT x.distributor_invoice_no FROM receipt_line_invoices x WHERE x.receipt_line_id = rl.id AND x.distributor_invoice_no <> '' ORDER BY x.id DESC LIMIT 1),
                rl.distributor_invoice_no) AS distributorInvoiceNo,
       rl.inspector_name AS inspectorName, rl.price_micro AS linePriceMicro, rl.pack_factor AS linePackFactor, rl.trace_codes AS traceCodesJson,
       asup.name AS returnSupplier, asup.id AS returnSupplierId,
       sh.kind AS shipmentKind
FROM stock_moves m
JOIN documents d ON d.id = m.document_id
LEFT JOIN documents od ON od.id = d.reverses_id
LEFT JOIN receipt_lines rl ON d.type = 'receipt' AND rl.id = m.document_line_id
LEFT JOIN receipts r ON r.document_id = rl.document_id
LEFT JOIN suppliers rs ON rs.id = r.supplier_id
LEFT JOIN shipment_lines sl ON d.type IN ('shipment', 'member_return') AND sl.id = m.document_line_id
LEFT JOIN shipments sh ON sh.document_id = sl.document_id
LEFT JOIN stocktake_lines tl ON d.type = 'stocktake' AND tl.id = m.document_line_id
LEFT JOIN consumption_lines cl ON d.type = 'consumption' AND cl.id = m.document_line_id
LEFT JOIN stock_adjustment_lines al ON d.type IN ('stock_return', 'stock_loss', 'stock_other') AND al.id = m.document_line_id
LEFT JOIN stock_adjustments a ON d.type IN ('stock_return', 'stock_loss', 'stock_other') AND a.document_id = coalesce(od.id, d.id)
LEFT JOIN suppliers asup ON asup.id = a.supplier_id
WHERE m.change_type IN ${ALL_CHANGE_TYPES_SQL} AND m.at >= @startAt AND m.at < @endAt
  -- The unary + keeps the planner on the (change_type, at) index: the period's moves, not the stores' whole history.
  AND (+m.from_location_id IN (SELECT id FROM locs) OR +m.to_location_id IN (SELECT id FROM locs))
ORDER BY m.id`;

// A month's moves repeat the same items and batches: their columns are read once each (Context.items / .batches),
// not with every move: the query hands JS half the columns it used to.
const ITEM_SQL = `SELECT id AS itemId, code AS itemCode, insurance_code AS insuranceCode, generic_name AS genericName, spec, manufacturer,
  approval_no AS approvalNo, packs FROM formulary_items WHERE id = ?`;
const BATCH_SQL = `SELECT id AS batchId, batch_no AS batchNo, production_date AS productionDate, expiry, cost_micro AS costMicro,
  cost_pack_factor AS costPackFactor FROM stock_batches WHERE id = ?`;

const SHIPMENT_CODES_SQL = 'SELECT shipment_line_id AS lineId, code FROM shipment_line_codes WHERE shipment_line_id = ? ORDER BY id';

interface Context {
  db: Db;
  unit: MedinsUnit;
  leadName: string;
  nonRx: Set<string>;
  licences: Map<number, string>;
  items: Map<number, ItemCols & { firstFactor: number }>;
  batches: Map<number, BatchCols>;
  page: MedinsPage | null;
  records: Record<MedinsReport, MedinsRecord[]>;
  counts: Record<MedinsReport, number>;
  unreportable: Unreportable[];
}

/** Whether the next record of `report` that can be reported is one to keep. */
function keeps(c: Context, report: MedinsReport): boolean {
  if (c.page === null) return true;
  const index = c.counts[report];
  return c.page.report === report && index >= c.page.offset && index < c.page.offset + c.page.limit;
}

/** 批次流水号: the community's batch id, the same in every report and unit, so 3505 links to the 3503 it came from. */
export const batchSerial = (batchId: number): string => `B${String(batchId).padStart(9, '0')}`;

/** The factor of the item's smallest pack (24 for 24 粒/盒), 1 when it has none. */
function firstPackFactor(packsJson: string): number {
  try {
    return (JSON.parse(packsJson) as { factor?: number }[])[0]?.factor ?? 1;
  } catch {
    return 1;
  }
}

/** 拆零: a quantity that is not a whole number of the item's smallest pack (e.g. 30 粒 of 24 粒/盒). */
function splitFlag(first: number, qty: number): string {
  return first > 1 && Math.abs(qty) % first !== 0 ? '1' : '0';
}

function itemOf(c: Context, itemId: number): ItemCols & { firstFactor: number } {
  let item = c.items.get(itemId);
  if (!item) {
    const row = prepared(c.db.$client, ITEM_SQL).get(itemId) as ItemCols;
    item = { ...row, firstFactor: firstPackFactor(row.packs) };
    c.items.set(itemId, item);
  }
  return item;
}

function batchOf(c: Context, batchId: number): BatchCols {
  let batch = c.batches.get(batchId);
  if (!batch) {
    batch = prepared(c.db.$client, BATCH_SQL).get(batchId) as BatchCols;
    c.batches.set(batchId, batch);
  }
  return batch;
}

type ReasonOf = (item: { itemCode: string; genericName: string; spec: string }, batchNo: string) => string;
const REASONS: Record<string, ReasonOf> = {
  med_list_codg: (i) => `品种 ${i.itemCode} ${i.genericName} ${i.spec} 未维护医保代码（医疗目录编码）`,
  manu_date: (_i, batchNo) => `批次 ${batchNo} 未记录生产日期`,
  aprvno: (i) => `品种 ${i.itemCode} ${i.genericName} 未维护批准文号`,
  prodentp_name: (i) => `品种 ${i.itemCode} ${i.genericName} 未维护生产企业`,
  spler_name: () => '未记录供应商',
  fixmedins_bchno: () => '缺少批次流水号',
  manu_lotnum: () => '缺少生产批号',
  expy_end: (_i, batchNo) => `批次 ${batchNo} 未记录有效期`,
};

/** Adds the record, or lists every required field it lacks (and every value longer than the field allows). */
function push(c: Context, report: MedinsReport, data: RecordData, source: MedinsSource, item: ItemCols, batchNo: string): void {
  const problems: Unreportable[] = [];
  for (const field of hubFields(report)) {
    const value = data[field.name];
    if (field.type === 'list') continue;
    const text = typeof value === 'string' ? value : '';
    if (field.required && text.trim() === '') {
      problems.push({ report, ...source, itemCode: item.itemCode, itemName: item.genericName, field: field.name, label: field.label, reason: (REASONS[field.name] ?? (() => `缺少${field.label}`))(item, batchNo) });
    } else if (field.type === 'text' && field.length !== undefined && text.length > field.length && [...text].length > field.length) {
      problems.push({ report, ...source, itemCode: item.itemCode, itemName: item.genericName, field: field.name, label: field.label, reason: `${field.label}超过 ${field.length} 个字符` });
    }
  }
  if (problems.length) c.unreportable.push(...problems);
  else {
    if (keeps(c, report)) c.records[report].push({ report, data, source });
    c.counts[report] += 1;
  }
}

function traceOfReceipt(json: string | null): TraceInfo {
  if (!json) return [];
  try {
    const codes = JSON.parse(json) as unknown[];
    return codes.filter((x): x is string => typeof x === 'string').map((code) => ({ drug_trac_codg: code }));
  } catch {
    return [];
  }
}

function supplierLicence(c: Context, supplierId: number | null): string {
  if (supplierId === null) return '';
  let licence = c.licences.get(supplierId);
  if (licence === undefined) {
    const row = prepared(
      c.db.$client,
      "SELECT number FROM supplier_qualifications WHERE supplier_id = ? AND kind IN ('drug_trade_licence', 'drug_production_licence') ORDER BY kind = 'drug_trade_licence' DESC LIMIT 1",
    ).get(supplierId) as { number: string } | undefined;
    licence = row?.number ?? '';
    c.licences.set(supplierId, licence);
  }
  return licence;
}

function moveRecords(c: Context, row: MoveRow, wanted: ReadonlySet<MedinsReport>): void {
  const into = row.toUnit === 1;
  const out = row.fromUnit === 1;
  if (into && out) return; // between two stores of the unit
  const item = itemOf(c, row.itemId);
  const b = batchOf(c, row.batchId);
  const reversal = row.reversesMoveId !== null;
  const source: MedinsSource = { documentId: row.documentId, documentNumber: row.documentNumber, documentType: row.documentType, lineNo: row.lineNo, moveId: row.moveId };
  const rxFlag = c.nonRx.has(item.itemCode) ? '0' : '1';
  const time = localDateTime(row.at);
  const isReceipt = row.documentType === 'receipt';
  const priceMicro = isReceipt && row.linePriceMicro !== null && row.linePackFactor !== null ? perBaseUnit(row.linePriceMicro, row.linePackFactor) : perBaseUnit(b.costMicro, b.costPackFactor);
  const reversalMemo = reversal ? `冲销 ${row.reversesNumber ?? ''}`.trim() : '';
  const batch = {
    fixmedins_bchno: batchSerial(row.batchId),
    manu_lotnum: b.batchNo,
    manu_date: b.productionDate ?? '',
    expy_end: b.expiry,
  };
  const shipmentCodes = (): TraceInfo =>
    row.lineId === null ? [] : (prepared(c.db.$client, SHIPMENT_CODES_SQL).all(row.lineId) as { code: string }[]).map((x) => ({ drug_trac_codg: x.code }));

  if (wanted.has('3502')) {
    const trace = !keeps(c, '3502') ? [] : isReceipt ? traceOfReceipt(row.traceCodesJson) : row.documentType === 'shipment' || row.documentType === 'member_return' ? shipmentCodes() : [];
    push(
      c,
      '3502',
      {
        // Written out, never spread: a literal that spreads an object and then adds a dozen keys takes V8's slow
        // path, and 3502 has a record per move (spreads were 40 % of a month's build for the central store).
        med_list_codg: item.insuranceCode,
        fixmedins_hilist_id: item.itemCode,
        fixmedins_hilist_name: item.genericName,
        inv_chg_type: row.changeType,
        fixmedins_bchno: batch.fixmedins_bchno,
        pric: priceMicro,
        cnt: quantity4(row.quantity),
        rx_flag: rxFlag,
        inv_chg_time: time,
        inv_chg_opter_name: row.actorName,
        memo: [row.documentNumber, reversalMemo].filter(Boolean).join(' '),
        trdn_flag: splitFlag(item.firstFactor, row.quantity),
        drugtracinfo: trace,
      },
      source,
      item,
      b.batchNo,
    );
  }

  // Goods in (3503) and back (3504); a reversal of one is reported as the other.
  let purchase: 'in' | 'back' | null = null;
  let supplier = '';
  let licence = '';
  let gift = '0';
  if (isReceipt && row.changeType === '108' && into) {
    purchase = 'in';
    supplier = row.receiptSupplier ?? '';
    licence = supplierLicence(c, row.receiptSupplierId);
  } else if (row.changeType === '110' && into) {
    purchase = 'in';
    gift = '1';
    supplier = row.receiptSupplier ?? row.returnSupplier ?? '';
  } else if (row.documentType === 'shipment' && row.changeType === '101' && into && !c.unit.isLead) {
    purchase = 'in';
    supplier = c.leadName;
  } else if (row.changeType === '109' && out) {
    purchase = 'back';
    supplier = row.returnSupplier ?? '';
    licence = supplierLicence(c, row.returnSupplierId);
  } else if (row.changeType === '111' && out) {
    purchase = 'back';
    gift = '1';
    supplier = row.returnSupplier ?? '';
  } else if (row.documentType === 'member_return' && row.changeType === '102' && out && !c.unit.isLead) {
    purchase = 'back';
    supplier = c.leadName;
  }
  if (purchase !== null) {
    const report: MedinsReport = (purchase === 'in') !== reversal ? '3503' : '3504';
    if (wanted.has(report)) {
      const data: RecordData = {
        med_list_codg: item.insuranceCode,
        fixmedins_hilist_id: item.itemCode,
        fixmedins_hilist_name: item.genericName,
        fixmedins_bchno: batch.fixmedins_bchno,
        spler_name: supplier,
        spler_pmtno: licence,
        manu_date: batch.manu_date,
        expy_end: batch.expy_end,
        finl_trns_pric: priceMicro,
        purc_retn_cnt: quantity4(Math.abs(row.quantity)),
        purc_invo_codg: '',
        purc_invo_no: row.distributorInvoiceNo ?? '',
        rx_flag: rxFlag,
        purc_retn_stoin_time: time,
        purc_retn_opter_name: (isReceipt && row.inspectorName) || row.actorName,
        memo: [row.documentNumber, reversalMemo].filter(Boolean).join(' '),
      };
      if (report === '3503') {
        data.dynt_no = isReceipt ? (row.deliveryNoteNo ?? '') : row.documentNumber;
        data.manu_lotnum = batch.manu_lotnum;
        data.prodentp_name = item.manufacturer;
        data.aprvno = item.approvalNo;
        data.prod_geay_flag = gift;
      } else {
        data.medins_prod_purc_no = reversal ? (row.reversesNumber ?? '') : '';
      }
      push(c, report, data, source, item, b.batchNo);
    }
  }

  // 消耗出库 (3505) and its 冲销 (3506).
  if (row.documentType === 'consumption' && row.changeType === '107' && out) {
    const report: MedinsReport = reversal ? '3506' : '3505';
    if (!wanted.has(report)) return;
    const data: RecordData = {
      med_list_codg: item.insuranceCode,
      fixmedins_hilist_id: item.itemCode,
      fixmedins_hilist_name: item.genericName,
      fixmedins_bchno: batch.fixmedins_bchno,
      manu_lotnum: batch.manu_lotnum,
      manu_date: batch.manu_date,
      expy_end: batch.expy_end,
      rx_flag: rxFlag,
      trdn_flag: splitFlag(item.firstFactor, row.quantity),
      finl_trns_pric: priceMicro,
      sel_retn_cnt: quantity4(Math.abs(row.quantity)),
      sel_retn_time: time,
      sel_retn_opter_name: row.actorName,
    };
    if (report === '3505') {
      Object.assign(data, { rtal_docno: row.documentNumber, stoout_no: row.documentNumber, bchno: b.batchNo, drug_prod_barc: '', shelf_posi: '', memo: '期间汇总（消耗出库单）' });
    } else {
      Object.assign(data, { memo: reversalMemo, medins_prod_sel_no: row.reversesNumber ?? '' });
    }
    push(c, report, data, source, item, b.batchNo);
  }
}

interface InventoryRow extends ItemCols, BatchCols {
  quantity: number;
}

/**
 * The 追溯码 of each batch that reached the unit (accepted into its stores, or shipped to it and confirmed) and did
 * not leave it again by a shipment — of every batch, or of the batches named (a page of 3501: the central store has
 * received every code of the community, and a page must not read them all).
 */
function unitTraceCodes(db: Db, unitId: number, before: string, batchIds: readonly number[] | null): Map<number, string[]> {
  const only = (column: string) => (batchIds === null ? '' : `AND ${column} IN (SELECT value FROM json_each(@batches))`);
  const batches = JSON.stringify(batchIds ?? []);
  const arrived = prepared(
    db.$client,
    `SELECT t.batch_id AS batchId, t.code FROM trace_codes t
       JOIN receipt_lines rl ON rl.id = t.document_line_id JOIN receipts r ON r.document_id = rl.document_id JOIN stores s ON s.id = r.store_id
     WHERE s.unit_id = @unitId AND t.reversed_document_id IS NULL AND t.at < @before ${only('t.batch_id')}
     UNION ALL
     SELECT l.batch_id, c.code FROM shipment_line_codes c JOIN shipment_lines l ON l.id = c.shipment_line_id JOIN shipments sh ON sh.document_id = l.document_id
       JOIN stores s ON s.id = sh.to_store_id JOIN shipment_receipts sr ON sr.shipment_line_id = l.id
     WHERE s.unit_id = @unitId AND sr.at < @before ${only('l.batch_id')}`,
  ).all({ unitId, before, batches }) as { batchId: number; code: string }[];
  const left = new Set(
    (
      prepared(
        db.$client,
        `SELECT c.code FROM shipment_line_codes c JOIN shipments sh ON sh.document_id = c.document_id JOIN stores s ON s.id = sh.from_store_id
         JOIN documents d ON d.id = sh.document_id JOIN shipment_lines l ON l.id = c.shipment_line_id
         WHERE s.unit_id = @unitId AND d.posted = 1 AND d.updated_at < @before ${only('l.batch_id')}`,
      ).all({ unitId, before, batches }) as { code: string }[]
    ).map((r) => r.code),
  );
  const byBatch = new Map<number, string[]>();
  for (const { batchId, code } of arrived) {
    if (left.has(code)) continue;
    const list = byBatch.get(batchId);
    if (list) list.push(code);
    else byBatch.set(batchId, [code]);
  }
  return byBatch;
}

function inventoryRecords(c: Context, period: MedinsPeriod): 'stocktake' | 'opening' {
  const sqlite = c.db.$client;
  const counted = prepared(
    sqlite,
    `SELECT d.id AS documentId, d.number AS documentNumber, e.at AS postedAt, tl.line_no AS lineNo, coalesce(tl.counted_quantity, tl.book_quantity) AS quantity,
            b.id AS batchId, b.batch_no AS batchNo, b.production_date AS productionDate, b.expiry, b.cost_micro AS costMicro, b.cost_pack_factor AS costPackFactor,
            i.id AS itemId, i.code AS itemCode, i.insurance_code AS insuranceCode, i.generic_name AS genericName, i.spec, i.manufacturer, i.approval_no AS approvalNo, i.packs
     FROM stocktakes t
     JOIN stores s ON s.id = t.store_id
     JOIN documents d ON d.id = t.document_id
     JOIN document_events e ON e.document_id = d.id AND e.transition = 'post'
     JOIN stocktake_lines tl ON tl.document_id = d.id
     JOIN stock_batches b ON b.id = tl.batch_id
     JOIN formulary_items i ON i.id = tl.item_id
     WHERE s.unit_id = @unitId AND d.reverses_id IS NULL AND d.posted = 1 AND e.at >= @startAt AND e.at < @endAt
     ORDER BY e.at, d.id, tl.line_no`,
  ).all({ unitId: c.unit.id, startAt: period.startAt, endAt: period.endAt }) as (InventoryRow & { documentId: number; documentNumber: string; postedAt: string; lineNo: number })[];
  const basis = counted.length > 0 ? 'stocktake' : 'opening';
  const before = basis === 'stocktake' ? period.endAt : period.startAt;
  // The codes are filled in once the kept records are known (all of them, or one page).
  const traced: [number, TraceInfo][] = [];
  const traceOf = (batchId: number): TraceInfo => {
    const trace: TraceInfo = [];
    if (keeps(c, '3501')) traced.push([batchId, trace]);
    return trace;
  };
  const fillTraces = () => {
    if (traced.length === 0) return;
    const codes = unitTraceCodes(c.db, c.unit.id, before, c.page === null ? null : [...new Set(traced.map(([batchId]) => batchId))]);
    for (const [batchId, trace] of traced) for (const code of codes.get(batchId) ?? []) trace.push({ drug_trac_codg: code });
  };
  const record = (row: InventoryRow, invdate: string, source: MedinsSource, memo: string) =>
    push(
      c,
      '3501',
      {
        med_list_codg: row.insuranceCode,
        fixmedins_hilist_id: row.itemCode,
        fixmedins_hilist_name: row.genericName,
        rx_flag: c.nonRx.has(row.itemCode) ? '0' : '1',
        invdate,
        inv_cnt: quantity4(row.quantity),
        manu_lotnum: row.batchNo,
        fixmedins_bchno: batchSerial(row.batchId),
        manu_date: row.productionDate ?? '',
        expy_end: row.expiry,
        memo,
        drugtracinfo: traceOf(row.batchId),
      },
      source,
      row,
      row.batchNo,
    );
  if (basis === 'stocktake') {
    for (const row of counted) {
      record(row, communityDate(new Date(row.postedAt)), { documentId: row.documentId, documentNumber: row.documentNumber, documentType: 'stocktake', lineNo: row.lineNo, moveId: null }, `盘点单 ${row.documentNumber}`);
    }
    fillTraces();
    return basis;
  }
  // The opening stock is today's balances less what moved since the period began — never a sum over the stores'
  // whole history (the central store holds most of the ledger's moves).
  const opening = prepared(
    sqlite,
    `WITH locs AS (SELECT id FROM stock_locations WHERE kind = 'store' AND unit_id = @unitId),
     flows AS (
       SELECT batch_id, quantity FROM stock_balances WHERE location_id IN (SELECT id FROM locs)
       UNION ALL
       SELECT batch_id, -quantity FROM stock_moves
        WHERE change_type IN ${ALL_CHANGE_TYPES_SQL} AND at >= @startAt AND +to_location_id IN (SELECT id FROM locs)
       UNION ALL
       SELECT batch_id, quantity FROM stock_moves
        WHERE change_type IN ${ALL_CHANGE_TYPES_SQL} AND at >= @startAt AND +from_location_id IN (SELECT id FROM locs))
     SELECT f.batch_id AS batchId, sum(f.quantity) AS quantity,
            b.batch_no AS batchNo, b.production_date AS productionDate, b.expiry, b.cost_micro AS costMicro, b.cost_pack_factor AS costPackFactor,
            i.id AS itemId, i.code AS itemCode, i.insurance_code AS insuranceCode, i.generic_name AS genericName, i.spec, i.manufacturer, i.approval_no AS approvalNo, i.packs
     FROM flows f JOIN stock_batches b ON b.id = f.batch_id JOIN formulary_items i ON i.id = b.item_id
     GROUP BY f.batch_id HAVING sum(f.quantity) <> 0
     ORDER BY i.code, b.expiry, b.id`,
  ).all({ unitId: c.unit.id, startAt: period.startAt }) as InventoryRow[];
  for (const row of opening) record(row, period.from, { documentId: null, documentNumber: `期初库存 ${period.from}`, documentType: 'opening', lineNo: null, moveId: null }, '期初账面库存');
  fillTraces();
  return basis;
}

/** The period's records of the reports asked for, and every row that cannot be reported, with its reason. */
export function buildMedinsReports(db: Db, unitId: number, period: MedinsPeriod, reports: readonly MedinsReport[] = MEDINS_REPORTS, page: MedinsPage | null = null): MedinsBuild {
  const unit = medinsUnit(db, unitId);
  if (!unit.insuranceCode) {
    throw new DomainError('VALIDATION', `${unit.name} 不是医保定点医药机构（未维护定点医药机构编码），没有 3501–3506 上报`, [{ path: 'unitId', message: '该单位未维护定点医药机构编码' }]);
  }
  const lead = prepared(db.$client, 'SELECT name FROM units WHERE is_lead = 1 ORDER BY id LIMIT 1').get() as { name: string } | undefined;
  const c: Context = {
    db,
    unit,
    leadName: lead?.name ?? '',
    nonRx: nonPrescriptionCodes(db),
    licences: new Map(),
    items: new Map(),
    batches: new Map(),
    page,
    records: { '3501': [], '3502': [], '3503': [], '3504': [], '3505': [], '3506': [] },
    counts: { '3501': 0, '3502': 0, '3503': 0, '3504': 0, '3505': 0, '3506': 0 },
    unreportable: [],
  };
  const wanted = new Set(reports);
  let inventoryBasis: 'stocktake' | 'opening' = 'opening';
  if (wanted.has('3501')) inventoryBasis = inventoryRecords(c, period);
  if (reports.some((r) => r !== '3501')) {
    for (const row of prepared(db.$client, MOVES_SQL).iterate({ unitId, startAt: period.startAt, endAt: period.endAt }) as IterableIterator<MoveRow>) moveRecords(c, row, wanted);
  }
  return { unit, period, inventoryBasis, records: c.records, counts: c.counts, unreportable: c.unreportable };
}

/** One record as public 医保 clients send it: `{infno, input: {<node>: {...}}}`. */
export function medinsMessage(record: MedinsRecord): { infno: MedinsReport; input: Record<string, RecordData> } {
  const spec = MEDINS_SPECS[record.report];
  const data: RecordData = {};
  for (const field of hubFields(record.report)) {
    const value = record.data[field.name];
    if (value !== undefined) data[field.name] = value;
  }
  return { infno: record.report, input: { [spec.node]: data } };
}

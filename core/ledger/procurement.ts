import { COMMUNITY_UTC_OFFSET_HOURS, dateStartInstant, nextDate } from '../time.js';
import { prepared } from '../../db/statements.js';
import { LEDGER_KIND_LABELS, LEDGER_KINDS, type LedgerKind, type ProcurementLedgerRow } from '../api/ledger.js';
import { formatYuan } from '../api/money.js';
import type { OpInput, OpOutput } from '../api/index.js';
import type { OperationContext } from '../context.js';
import { purchaseOrderType } from '../purchasing/order-type.js';
import { receiptType } from '../receiving/receipt-type.js';
import { paymentBatchType, supplierInvoiceType } from '../finance/document-types.js';
import type { DocumentType, StateDeclaration } from '../documents/lifecycle.js';

/**
 * 采购台账: every line of the four documents a purchase passes through — 订单 (purchase_order_lines), 入库
 * (receipt_lines), 发票 (supplier_invoice_lines) and 付款 (payment_batch_lines) — as one list, with who took each
 * step of its document and when. Read-only.
 *
 * The query is a UNION ALL of one branch per kind. Each branch starts from `documents` by type (the
 * `documents_type_state_idx` index), joins its header by primary key and its lines by their (document_id, line_no)
 * index; a supplier or item filter lets SQLite start from the header's supplier index or the line's item index
 * instead. No table holds an index on the dates the period filters on (an order's creation, a receipt's arrival,
 * an invoice's issue date): the branch reads every document of its type and keeps those in the period, which is a
 * few thousand header rows for a year of a county's purchasing. Who and when come afterwards, for the page only.
 */

/** The states a document leaves the ledger in: never in force (drafts, and drafts withdrawn). */
const EXCLUDED_STATES: Record<LedgerKind, string[]> = {
  order: ['draft', 'discarded'],
  receipt: ['draft', 'voided'],
  invoice: ['voided'],
  payment: ['draft', 'cancelled'],
};

export const LEDGER_DOCUMENT_TYPES: Record<LedgerKind, DocumentType> = {
  order: purchaseOrderType,
  receipt: receiptType,
  invoice: supplierInvoiceType,
  payment: paymentBatchType,
};

/** A line amount rounded half-up to the fen, exactly as lineAmountMicro does it for a non-negative quantity. */
const lineAmount = (q: string, p: string, f: string) => `((2 * ${q} * ${p} + ${f} * 10000) / (2 * ${f} * 10000)) * 10000`;

/** The community date of a stored instant, in SQL. */
const communityDay = (column: string) => `substr(datetime(${column}, '+${COMMUNITY_UTC_OFFSET_HOURS} hours'), 1, 10)`;

const excluded = (kind: LedgerKind) => EXCLUDED_STATES[kind].map((s) => `'${s}'`).join(', ');

/** Each branch's columns, in the same order: kind, its rank, document, line, date, store, supplier, item, 集采, quantity, price, amount. */
const BRANCHES: Record<LedgerKind, { sql: string; unit: string; supplier: string; item: string; vbp: string }> = {
  order: {
    unit: 's.unit_id',
    supplier: 'po.supplier_id',
    item: 'l.item_id',
    vbp: 'l.vbp',
    sql: `
    SELECT 'order' AS kind, 1 AS rank, d.id AS documentId, d.number AS number, d.state AS state, d.created_at AS createdAt,
           d.created_by AS createdBy, d.created_by_user_id AS createdByUserId, l.id AS lineId, l.line_no AS lineNo,
           ${communityDay('d.created_at')} AS date, s.id AS storeId, s.unit_id AS unitId, po.supplier_id AS supplierId, l.item_id AS itemId,
           l.vbp AS vbp, l.quantity AS quantity, l.price_micro AS priceMicro, l.pack_unit AS packUnit, l.pack_factor AS packFactor,
           ${lineAmount('l.quantity', 'l.price_micro', 'l.pack_factor')} AS amountMicro
      FROM documents d
      JOIN purchase_orders po ON po.document_id = d.id
      JOIN stores s ON s.id = po.store_id
      JOIN purchase_order_lines l ON l.document_id = d.id
     WHERE d.type = 'purchase_order' AND d.state NOT IN (${excluded('order')})
       AND d.created_at >= @fromIso AND d.created_at < @toIso`,
  },
  receipt: {
    unit: 's.unit_id',
    supplier: 'r.supplier_id',
    item: 'l.item_id',
    vbp: 'COALESCE(ol.vbp, fi.vbp IS NOT NULL)',
    sql: `
    SELECT 'receipt' AS kind, 2 AS rank, d.id AS documentId, d.number AS number, d.state AS state, d.created_at AS createdAt,
           d.created_by AS createdBy, d.created_by_user_id AS createdByUserId, l.id AS lineId, l.line_no AS lineNo,
           r.arrived_on AS date, s.id AS storeId, s.unit_id AS unitId, r.supplier_id AS supplierId, l.item_id AS itemId,
           COALESCE(ol.vbp, fi.vbp IS NOT NULL) AS vbp, l.accepted_quantity AS quantity, l.price_micro AS priceMicro,
           l.pack_unit AS packUnit, l.pack_factor AS packFactor,
           ${lineAmount('l.accepted_quantity', 'l.price_micro', 'l.pack_factor')} AS amountMicro
      FROM documents d
      JOIN receipts r ON r.document_id = d.id
      JOIN stores s ON s.id = r.store_id
      JOIN receipt_lines l ON l.document_id = d.id
      JOIN formulary_items fi ON fi.id = l.item_id
      LEFT JOIN purchase_order_lines ol ON ol.id = l.order_line_id
     WHERE d.type = 'receipt' AND d.state NOT IN (${excluded('receipt')})
       AND r.arrived_on >= @from AND r.arrived_on <= @to`,
  },
  invoice: {
    unit: 's.unit_id',
    supplier: 'si.supplier_id',
    item: 'rl.item_id',
    vbp: 'COALESCE(ol.vbp, fi.vbp IS NOT NULL)',
    sql: `
    SELECT 'invoice' AS kind, 3 AS rank, d.id AS documentId, d.number AS number, d.state AS state, d.created_at AS createdAt,
           d.created_by AS createdBy, d.created_by_user_id AS createdByUserId, l.id AS lineId, l.line_no AS lineNo,
           si.issued_on AS date, s.id AS storeId, s.unit_id AS unitId, si.supplier_id AS supplierId, rl.item_id AS itemId,
           COALESCE(ol.vbp, fi.vbp IS NOT NULL) AS vbp, l.quantity AS quantity, NULL AS priceMicro, NULL AS packUnit, NULL AS packFactor,
           l.amount_micro AS amountMicro
      FROM documents d
      JOIN supplier_invoices si ON si.document_id = d.id
      JOIN supplier_invoice_lines l ON l.document_id = d.id
      JOIN receipt_lines rl ON rl.id = l.receipt_line_id
      JOIN receipts r ON r.document_id = rl.document_id
      JOIN stores s ON s.id = r.store_id
      JOIN formulary_items fi ON fi.id = rl.item_id
      LEFT JOIN purchase_order_lines ol ON ol.id = rl.order_line_id
     WHERE d.type = 'supplier_invoice' AND d.state NOT IN (${excluded('invoice')})
       AND si.issued_on >= @from AND si.issued_on <= @to`,
  },
  payment: {
    unit: 's.unit_id',
    supplier: 'l.supplier_id',
    item: 'p.item_id',
    vbp: 'p.vbp',
    sql: `
    SELECT 'payment' AS kind, 4 AS rank, d.id AS documentId, d.number AS number, d.state AS state, d.created_at AS createdAt,
           d.created_by AS createdBy, d.created_by_user_id AS createdByUserId, l.id AS lineId, l.line_no AS lineNo,
           ${communityDay('d.created_at')} AS date, s.id AS storeId, s.unit_id AS unitId, l.supplier_id AS supplierId, p.item_id AS itemId,
           p.vbp AS vbp, NULL AS quantity, NULL AS priceMicro, NULL AS packUnit, NULL AS packFactor, l.amount_micro AS amountMicro
      FROM documents d
      JOIN payment_batch_lines l ON l.document_id = d.id
      JOIN payables p ON p.id = l.payable_id
      JOIN receipt_lines rl ON rl.id = p.receipt_line_id
      JOIN receipts r ON r.document_id = rl.document_id
      JOIN stores s ON s.id = r.store_id
     WHERE d.type = 'payment_batch' AND d.state NOT IN (${excluded('payment')})
       AND d.created_at >= @fromIso AND d.created_at < @toIso`,
  },
};

export type LedgerFilter = Pick<OpInput<'ledger.procurement'>, 'from' | 'to' | 'unitId' | 'supplierId' | 'itemId' | 'vbp' | 'kind'>;

/** The UNION ALL of the kinds asked for, and its parameters (exported for the query-plan test). */
export function ledgerQuery(filter: LedgerFilter): { union: string; params: Record<string, string | number | null> } {
  const kinds = filter.kind ? [filter.kind] : LEDGER_KINDS;
  return {
    union: kinds
      .map((k) => {
        const b = BRANCHES[k];
        const extra = [
          filter.unitId !== undefined ? ` AND ${b.unit} = @unitId` : '',
          filter.supplierId !== undefined ? ` AND ${b.supplier} = @supplierId` : '',
          filter.itemId !== undefined ? ` AND ${b.item} = @itemId` : '',
          filter.vbp !== undefined ? ` AND ${b.vbp} = @vbp` : '',
        ].join('');
        return b.sql + extra;
      })
      .join('\n    UNION ALL\n'),
    params: {
      from: filter.from,
      to: filter.to,
      fromIso: dateStartInstant(filter.from),
      toIso: dateStartInstant(nextDate(filter.to)),
      unitId: filter.unitId ?? null,
      supplierId: filter.supplierId ?? null,
      itemId: filter.itemId ?? null,
      vbp: filter.vbp === undefined ? null : filter.vbp ? 1 : 0,
    },
  };
}

interface RawRow {
  kind: LedgerKind;
  documentId: number;
  number: string;
  state: string;
  createdAt: string;
  createdBy: string;
  createdByName: string | null;
  lineId: number;
  lineNo: number;
  date: string;
  storeId: number;
  storeName: string;
  unitId: number;
  unitName: string;
  supplierId: number;
  supplierName: string;
  itemId: number;
  itemCode: string;
  itemName: string;
  spec: string;
  baseUnit: string;
  vbp: number;
  quantity: number | null;
  priceMicro: number | null;
  packUnit: string | null;
  packFactor: number | null;
  amountMicro: number;
}

interface Step {
  by: string;
  at: string;
}

/** The last event of each (document, transition), display names where the actor is a user. */
function documentSteps(ctx: OperationContext, documentIds: number[]): Map<number, Map<string, Step>> {
  const steps = new Map<number, Map<string, Step>>();
  if (documentIds.length === 0) return steps;
  const rows = ctx.db.$client
    .prepare(
      `SELECT e.document_id AS documentId, e.transition, e.at, COALESCE(u.display_name, e.actor_name) AS by
         FROM document_events e LEFT JOIN users u ON u.id = e.actor_user_id
        WHERE e.document_id IN (SELECT value FROM json_each(?)) ORDER BY e.document_id, e.version`,
    )
    .all(JSON.stringify(documentIds)) as { documentId: number; transition: string; at: string; by: string }[];
  for (const row of rows) {
    let map = steps.get(row.documentId);
    if (!map) steps.set(row.documentId, (map = new Map()));
    map.set(row.transition, { by: row.by, at: row.at });
  }
  return steps;
}

/** Who recorded each payment line as paid (银行付款, the latest not reversed), and when. */
function paymentSteps(ctx: OperationContext, lineIds: number[]): Map<number, Step> {
  const paid = new Map<number, Step>();
  if (lineIds.length === 0) return paid;
  const rows = ctx.db.$client
    .prepare(
      `SELECT x.payment_line_id AS lineId, x.at, COALESCE(u.display_name, x.actor_name) AS by
         FROM payable_settlements x LEFT JOIN users u ON u.id = x.actor_user_id
        WHERE x.payment_line_id IN (SELECT value FROM json_each(?)) AND x.reverses_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM payable_settlements y WHERE y.reverses_id = x.id)
        ORDER BY x.id`,
    )
    .all(JSON.stringify(lineIds)) as { lineId: number; at: string; by: string }[];
  for (const row of rows) paid.set(row.lineId, { by: row.by, at: row.at });
  return paid;
}

const FINAL_STEP: Record<LedgerKind, { transition: string; label: string } | null> = {
  order: { transition: 'send', label: '发送' },
  receipt: { transition: 'post', label: '验收入库' },
  invoice: null,
  payment: { transition: 'pay', label: '付款' },
};

const stateLabel = (kind: LedgerKind, state: string) => (LEDGER_DOCUMENT_TYPES[kind].states as Record<string, StateDeclaration>)[state]?.label ?? state;

export function procurementLedger(ctx: OperationContext, input: OpInput<'ledger.procurement'>): OpOutput<'ledger.procurement'> {
  const page = input.page ?? 1;
  const pageSize = input.pageSize ?? 100;
  const { union, params } = ledgerQuery(input);
  const sqlite = ctx.db.$client;
  const totals = { order: 0, receipt: 0, invoice: 0, payment: 0 };
  let total = 0;
  for (const row of prepared(sqlite, `SELECT kind, COUNT(*) AS n, COALESCE(SUM(amountMicro), 0) AS amount FROM (${union}) GROUP BY kind`).all(params) as {
    kind: LedgerKind;
    n: number;
    amount: number;
  }[]) {
    totals[row.kind] = row.amount;
    total += row.n;
  }
  const raw = prepared(
    sqlite,
    `SELECT x.kind, x.documentId, x.number, x.state, x.createdAt, x.createdBy, cu.display_name AS createdByName, x.lineId, x.lineNo, x.date,
            x.storeId, st.name AS storeName, x.unitId, un.name AS unitName, x.supplierId, sp.name AS supplierName,
            x.itemId, fi.code AS itemCode, fi.generic_name AS itemName, fi.spec, fi.base_unit AS baseUnit,
            x.vbp, x.quantity, x.priceMicro, x.packUnit, x.packFactor, x.amountMicro
       FROM (${union}) x
       JOIN stores st ON st.id = x.storeId
       JOIN units un ON un.id = x.unitId
       JOIN suppliers sp ON sp.id = x.supplierId
       JOIN formulary_items fi ON fi.id = x.itemId
       LEFT JOIN users cu ON cu.id = x.createdByUserId
      ORDER BY x.date, x.rank, x.number, x.lineNo
      LIMIT @limit OFFSET @offset`,
  ).all({ ...params, limit: pageSize, offset: (page - 1) * pageSize }) as RawRow[];

  const steps = documentSteps(ctx, [...new Set(raw.map((r) => r.documentId))]);
  const paid = paymentSteps(ctx, raw.filter((r) => r.kind === 'payment').map((r) => r.lineId));
  const rows: ProcurementLedgerRow[] = raw.map((r) => {
    const events = steps.get(r.documentId);
    const approved = r.kind === 'receipt' ? undefined : events?.get('approve');
    const final = FINAL_STEP[r.kind];
    const finalStep = r.kind === 'payment' ? paid.get(r.lineId) : final ? events?.get(final.transition) : undefined;
    return {
      kind: r.kind,
      kindLabel: LEDGER_KIND_LABELS[r.kind],
      documentId: r.documentId,
      documentNumber: r.number,
      stateLabel: stateLabel(r.kind, r.state),
      lineId: r.lineId,
      lineNo: r.lineNo,
      date: r.date,
      unitId: r.unitId,
      unitName: r.unitName,
      storeId: r.storeId,
      storeName: r.storeName,
      supplierId: r.supplierId,
      supplierName: r.supplierName,
      itemId: r.itemId,
      itemCode: r.itemCode,
      itemName: r.itemName,
      spec: r.spec,
      vbp: r.vbp === 1,
      quantity: r.quantity,
      baseUnit: r.baseUnit,
      priceMicro: r.priceMicro,
      packUnit: r.packUnit,
      packFactor: r.packFactor,
      amountMicro: r.amountMicro,
      priceText: r.priceMicro === null ? '' : formatYuan(r.priceMicro),
      amountText: formatYuan(r.amountMicro),
      createdBy: r.createdByName ?? r.createdBy,
      createdAt: r.createdAt,
      approvedBy: approved?.by ?? null,
      approvedAt: approved?.at ?? null,
      finalStep: final?.label ?? '',
      finalBy: finalStep?.by ?? null,
      finalAt: finalStep?.at ?? null,
    };
  });
  return { rows, total, page, pageSize, totals };
}

import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import { MATCH_EXCEPTION_LABELS, type MatchExceptionKind } from '../../api/finance.js';
import type { Price } from '../../api/formulary.js';
import { PRICE_KIND_LABELS } from '../../api/labels.js';
import { formatYuan, lineAmountMicro, MICRO_PER_FEN } from '../../api/money.js';
import { baseUnitsPer, formatQuantity, type PackLevel } from '../../api/packs.js';
import { priceInForce } from '../../formulary/prices.js';
import { ceilingOf } from '../../purchasing/terms.js';
import { communityDate } from '../../time.js';

/**
 * 三单匹配: an invoice line against its accepted receipt line and that line's order line. Everything is computed on
 * read from the records it depends on (receipt, returns, other invoices, prices, the manufacturer's invoice), so
 * fixing the cause — a corrected invoice line, a red-letter invoice, the manufacturer's invoice recorded on the
 * receipt — clears the exception without anyone touching it. `evaluateLine` is pure; `loadFacts` reads.
 */

/** 两票制 applies to drugs bought through a distributor: 西药 and 中成药. 中药饮片 (bought from growers and processors, outside
 * the 2016 两票制 notice), 医用耗材, 检验试剂 and 院内制剂 are exempt. */
export const TWO_INVOICE_CATEGORIES: readonly string[] = ['western', 'chinese_patent'];

export interface ReceiptLineFacts {
  receiptLineId: number;
  receiptId: number;
  receiptNumber: string;
  receiptState: string;
  supplierId: number;
  arrivedOn: string;
  acceptedOn: string | null;
  orderId: number | null;
  orderNumber: string | null;
  orderLineId: number | null;
  itemId: number;
  itemCode: string;
  itemName: string;
  spec: string;
  manufacturer: string;
  category: string;
  baseUnit: string;
  packs: PackLevel[];
  batchNo: string;
  expiry: string;
  batchId: number | null;
  /** Accepted base units of a posted receipt (0 once reversed, or while a draft). */
  accepted: number;
  returned: number;
  /** The receipt line's price per its pack. */
  priceMicro: number;
  packUnit: string;
  packFactor: number;
  /** The order line's price, per the order line's own pack. */
  orderPrice: { priceMicro: number; packFactor: number } | null;
  ceiling: Price | null;
  vbpPrice: { priceMicro: number; packFactor: number } | null;
  twoInvoiceRequired: boolean;
  manufacturerInvoiceNo: string;
  /** Every non-void invoice line on this receipt line. */
  invoiceLines: { documentId: number; quantity: number; amountMicro: number; state: string; redOfId: number | null }[];
}

interface FactRow {
  receiptLineId: number;
  receiptId: number;
  receiptNumber: string;
  receiptState: string;
  supplierId: number;
  arrivedOn: string;
  postedAt: string | null;
  orderId: number | null;
  orderNumber: string | null;
  orderLineId: number | null;
  orderPriceMicro: number | null;
  orderPackFactor: number | null;
  orderVbp: number | null;
  itemId: number;
  itemCode: string;
  itemName: string;
  spec: string;
  manufacturer: string;
  category: string;
  baseUnit: string;
  packs: string;
  purchaseUnit: string;
  vbpTerms: string | null;
  batchNo: string;
  expiry: string;
  batchId: number | null;
  accepted: number;
  priceMicro: number;
  packUnit: string;
  packFactor: number;
  manufacturerInvoiceNo: string;
}

export const FACTS_SQL = `SELECT l.id AS receiptLineId, l.document_id AS receiptId, d.number AS receiptNumber, d.state AS receiptState,
    r.supplier_id AS supplierId, r.arrived_on AS arrivedOn,
    (SELECT substr(e.at, 1, 19) FROM document_events e WHERE e.document_id = d.id AND e.transition = 'post' ORDER BY e.version DESC LIMIT 1) AS postedAt,
    r.order_id AS orderId, od.number AS orderNumber, l.order_line_id AS orderLineId, ol.price_micro AS orderPriceMicro,
    ol.pack_factor AS orderPackFactor, ol.vbp AS orderVbp, l.item_id AS itemId, i.code AS itemCode, i.generic_name AS itemName, i.spec,
    i.manufacturer, i.category, i.base_unit AS baseUnit, i.packs, i.purchase_unit AS purchaseUnit, i.vbp AS vbpTerms, l.batch_no AS batchNo,
    l.expiry, l.batch_id AS batchId, l.accepted_quantity AS accepted, l.price_micro AS priceMicro, l.pack_unit AS packUnit,
    l.pack_factor AS packFactor,
    COALESCE((SELECT v.manufacturer_invoice_no FROM receipt_line_invoices v WHERE v.receipt_line_id = l.id AND v.manufacturer_invoice_no <> ''
      ORDER BY v.id DESC LIMIT 1), l.manufacturer_invoice_no) AS manufacturerInvoiceNo
  FROM receipt_lines l JOIN documents d ON d.id = l.document_id AND d.type = 'receipt' JOIN receipts r ON r.document_id = l.document_id
  JOIN formulary_items i ON i.id = l.item_id
  LEFT JOIN purchase_order_lines ol ON ol.id = l.order_line_id LEFT JOIN documents od ON od.id = r.order_id`;

/** The facts of these receipt lines (missing ids are left out), keyed by receipt line id. */
export function loadFacts(db: Db, receiptLineIds: readonly number[]): Map<number, ReceiptLineFacts> {
  const out = new Map<number, ReceiptLineFacts>();
  if (receiptLineIds.length === 0) return out;
  const ids = JSON.stringify([...new Set(receiptLineIds)]);
  const rows = prepared(db.$client, `${FACTS_SQL} WHERE l.id IN (SELECT value FROM json_each(?))`).all(ids) as FactRow[];
  return factsOf(db, rows);
}

/** Facts from rows of FACTS_SQL: returns allocated to receipt lines, other invoices, prices. */
export function factsOf(db: Db, rows: readonly FactRow[]): Map<number, ReceiptLineFacts> {
  const out = new Map<number, ReceiptLineFacts>();
  if (rows.length === 0) return out;
  const returned = returnedByLine(db, rows);
  const invoiceLines = new Map<number, ReceiptLineFacts['invoiceLines']>();
  for (const row of prepared(
    db.$client,
    `SELECT il.receipt_line_id AS receiptLineId, il.document_id AS documentId, il.quantity, il.amount_micro AS amountMicro, d.state, si.red_of_id AS redOfId
     FROM supplier_invoice_lines il JOIN documents d ON d.id = il.document_id JOIN supplier_invoices si ON si.document_id = il.document_id
     WHERE il.receipt_line_id IN (SELECT value FROM json_each(?)) AND d.state <> 'voided'`,
  ).all(JSON.stringify(rows.map((r) => r.receiptLineId))) as { receiptLineId: number; documentId: number; quantity: number; amountMicro: number; state: string; redOfId: number | null }[]) {
    const list = invoiceLines.get(row.receiptLineId) ?? [];
    list.push({ documentId: row.documentId, quantity: row.quantity, amountMicro: row.amountMicro, state: row.state, redOfId: row.redOfId });
    invoiceLines.set(row.receiptLineId, list);
  }
  for (const row of rows) {
    const packs = JSON.parse(row.packs) as PackLevel[];
    const vbpTerms = row.vbpTerms ? (JSON.parse(row.vbpTerms) as { agreedPriceMicro?: number }) : null;
    const isVbp = vbpTerms !== null || row.orderVbp === 1;
    let vbpPrice: ReceiptLineFacts['vbpPrice'] = null;
    if (isVbp) {
      const price = priceInForce(db, row.itemId, 'vbp', row.arrivedOn);
      const perPurchase = baseUnitsPer(row.baseUnit, packs, row.purchaseUnit);
      if (price) vbpPrice = { priceMicro: price.priceMicro, packFactor: price.packFactor };
      else if (vbpTerms?.agreedPriceMicro != null && perPurchase) vbpPrice = { priceMicro: vbpTerms.agreedPriceMicro, packFactor: perPurchase };
    }
    out.set(row.receiptLineId, {
      receiptLineId: row.receiptLineId,
      receiptId: row.receiptId,
      receiptNumber: row.receiptNumber,
      receiptState: row.receiptState,
      supplierId: row.supplierId,
      arrivedOn: row.arrivedOn,
      acceptedOn: row.postedAt ? communityDate(new Date(`${row.postedAt}Z`)) : null,
      orderId: row.orderId,
      orderNumber: row.orderNumber,
      orderLineId: row.orderLineId,
      itemId: row.itemId,
      itemCode: row.itemCode,
      itemName: row.itemName,
      spec: row.spec,
      manufacturer: row.manufacturer,
      category: row.category,
      baseUnit: row.baseUnit,
      packs,
      batchNo: row.batchNo,
      expiry: row.expiry,
      batchId: row.batchId,
      accepted: row.receiptState === 'posted' ? row.accepted : 0,
      returned: returned.get(row.receiptLineId) ?? 0,
      priceMicro: row.priceMicro,
      packUnit: row.packUnit,
      packFactor: row.packFactor,
      orderPrice: row.orderPriceMicro !== null && row.orderPackFactor !== null ? { priceMicro: row.orderPriceMicro, packFactor: row.orderPackFactor } : null,
      ceiling: ceilingOf(db, row.itemId, row.category, row.arrivedOn),
      vbpPrice,
      twoInvoiceRequired: TWO_INVOICE_CATEGORIES.includes(row.category),
      manufacturerInvoiceNo: row.manufacturerInvoiceNo,
      invoiceLines: invoiceLines.get(row.receiptLineId) ?? [],
    });
  }
  return out;
}

/**
 * 退货 (109) of each line's batch, reversals netted, shared out over the posted receipt lines of that batch oldest
 * first (a batch bought twice at the same price from the same supplier is one batch).
 */
function returnedByLine(db: Db, rows: readonly FactRow[]): Map<number, number> {
  const batches = [...new Set(rows.flatMap((r) => (r.batchId === null ? [] : [r.batchId])))];
  const out = new Map<number, number>();
  if (batches.length === 0) return out;
  const json = JSON.stringify(batches);
  const returned = new Map(
    (prepared(
      db.$client,
      `SELECT batch_id AS batchId, SUM(quantity) AS q FROM stock_moves WHERE change_type = '109' AND batch_id IN (SELECT value FROM json_each(?)) GROUP BY batch_id`,
    ).all(json) as { batchId: number; q: number }[]).map((r) => [r.batchId, r.q]),
  );
  if (returned.size === 0) return out;
  const lines = prepared(
    db.$client,
    `SELECT l.id, l.batch_id AS batchId, l.accepted_quantity AS accepted FROM receipt_lines l JOIN documents d ON d.id = l.document_id
     WHERE l.batch_id IN (SELECT value FROM json_each(?)) AND d.state = 'posted' ORDER BY l.id`,
  ).all(json) as { id: number; batchId: number; accepted: number }[];
  const left = new Map(returned);
  for (const line of lines) {
    const rest = left.get(line.batchId) ?? 0;
    if (rest <= 0) continue;
    const share = Math.min(rest, line.accepted);
    out.set(line.id, share);
    left.set(line.batchId, rest - share);
  }
  return out;
}

/** Base units already invoiced on this receipt line by invoices other than `documentId`: blue ones not void, net of approved red ones. */
export function invoicedElsewhere(facts: ReceiptLineFacts, documentId: number | null): number {
  let total = 0;
  for (const l of facts.invoiceLines) {
    if (l.documentId === documentId) continue;
    if (l.redOfId === null) total += l.quantity;
    else if (l.state === 'approved') total += l.quantity;
  }
  return total;
}

export interface MatchLine {
  quantity: number;
  amountMicro: number;
  /** The blue invoice a red-letter line offsets. */
  redOfId: number | null;
}

export interface MatchContext {
  documentId: number | null;
  toleranceMicro: number;
}

export interface FoundException {
  kind: MatchExceptionKind;
  reason: string;
}

const yuan = (micro: number) => `${formatYuan(micro)} 元`;

/** The invoice's price per pack of `packFactor` base units, to the micro-yuan (half away from zero). */
export function unitPriceOf(quantity: number, amountMicro: number, packFactor: number): number {
  if (quantity === 0) return 0;
  const n = BigInt(Math.abs(amountMicro)) * BigInt(packFactor);
  const d = BigInt(Math.abs(quantity));
  return Number((2n * n + d) / (2n * d));
}

/**
 * How far the invoice amount may be from `quantity` at a reference price before it is an exception: the tolerance per
 * pack of the receipt line (`packFactor` base units) times the packs invoiced, and never less than one fen (the line's
 * own rounding). Compared exactly: |diff| · packFactor > tolerance · quantity.
 */
function beyondTolerance(diff: number, quantity: number, packFactor: number, toleranceMicro: number): boolean {
  const abs = Math.abs(diff);
  if (abs <= MICRO_PER_FEN) return false;
  return BigInt(abs) * BigInt(packFactor) > BigInt(toleranceMicro) * BigInt(Math.abs(quantity));
}

/**
 * The exceptions of one invoice line, pure: quantity (beyond what the receipt line may still bill), price against the
 * order (either way), above the ceiling (挂网价 / 限价) and above the 集采价 — each beyond the tolerance — and the
 * 两票制 manufacturer's invoice on a drug line. A red-letter line is checked against what its blue invoice billed: its
 * quantity against what is left to offset, its price against the blue line's (it offsets at the price billed).
 */
/** What the blue invoice billed on this receipt line, and how much of it other red-letter invoices have not yet offset. */
export interface BlueLine {
  quantity: number;
  amountMicro: number;
  left: number;
}

export function evaluateLine(line: MatchLine, facts: ReceiptLineFacts, context: MatchContext, blue: BlueLine | null): FoundException[] {
  const found: FoundException[] = [];
  const q = Math.abs(line.quantity);
  const amount = Math.abs(line.amountMicro);
  const pf = facts.packFactor;
  const qty = (n: number) => formatQuantity(facts.baseUnit, facts.packs, n);
  const unitPrice = unitPriceOf(q, amount, pf);
  const perPack = `元/${facts.packUnit}`;
  if (line.redOfId === null) {
    const elsewhere = invoicedElsewhere(facts, context.documentId);
    const open = facts.accepted - facts.returned - elsewhere;
    if (q > open) {
      const state = facts.receiptState === 'posted' ? '' : `（验收单 ${facts.receiptNumber} 已${facts.receiptState === 'reversed' ? '冲销' : '不在已验收状态'}）`;
      found.push({
        kind: 'quantity',
        reason: `开票 ${qty(q)}，超出可开票数量 ${qty(Math.max(0, open))}（验收 ${facts.accepted} − 退货 ${facts.returned} − 其他发票已开 ${elsewhere}）${state}`,
      });
    }
  } else if (blue) {
    if (q > blue.left) found.push({ kind: 'quantity', reason: `红字冲减 ${qty(q)}，超出蓝字发票该行尚可冲减的 ${qty(Math.max(0, blue.left))}` });
    if (blue.quantity > 0) {
      // The blue line's amount for q, to the fen: |amount| · q / quantity, half away from zero.
      const n = BigInt(Math.abs(blue.amountMicro)) * BigInt(q);
      const d = BigInt(blue.quantity) * BigInt(MICRO_PER_FEN);
      const expected = Number(((2n * n + d) / (2n * d)) * BigInt(MICRO_PER_FEN));
      if (beyondTolerance(amount - expected, q, pf, context.toleranceMicro)) {
        found.push({
          kind: 'price_order',
          reason: `红字单价 ${formatYuan(unitPrice)} ${perPack}，蓝字发票单价 ${formatYuan(unitPriceOf(blue.quantity, blue.amountMicro, pf))} ${perPack}；按蓝字发票应冲减 ${yuan(expected)}，红字 ${yuan(amount)}`,
        });
      }
    }
    return found;
  }
  const reference = facts.orderPrice ?? { priceMicro: facts.priceMicro, packFactor: facts.packFactor };
  const expected = lineAmountMicro(q, reference);
  if (beyondTolerance(amount - expected, q, pf, context.toleranceMicro)) {
    const refPerPack = unitPriceOf(reference.packFactor, reference.priceMicro, pf);
    const what = facts.orderPrice ? `订单 ${facts.orderNumber ?? ''} 价` : '验收价（无订单）';
    found.push({
      kind: 'price_order',
      reason: `发票单价 ${formatYuan(unitPrice)} ${perPack}，${what} ${formatYuan(refPerPack)} ${perPack}；按订单价应为 ${yuan(expected)}，发票 ${yuan(amount)}，相差 ${yuan(amount - expected)}，超出容差 ${yuan(context.toleranceMicro)}/${facts.packUnit}`,
    });
  }
  if (facts.ceiling) {
    const cap = lineAmountMicro(q, facts.ceiling);
    if (amount > cap && beyondTolerance(amount - cap, q, pf, context.toleranceMicro)) {
      const label = PRICE_KIND_LABELS[facts.ceiling.kind];
      found.push({
        kind: 'price_ceiling',
        reason: `发票单价 ${formatYuan(unitPrice)} ${perPack}，高于${label} ${formatYuan(unitPriceOf(facts.ceiling.packFactor, facts.ceiling.priceMicro, pf))} ${perPack}（超出 ${yuan(amount - cap)}）`,
      });
    }
  }
  if (facts.vbpPrice) {
    const cap = lineAmountMicro(q, facts.vbpPrice);
    if (amount > cap && beyondTolerance(amount - cap, q, pf, context.toleranceMicro)) {
      found.push({
        kind: 'price_vbp',
        reason: `发票单价 ${formatYuan(unitPrice)} ${perPack}，高于集采中选价 ${formatYuan(unitPriceOf(facts.vbpPrice.packFactor, facts.vbpPrice.priceMicro, pf))} ${perPack}（超出 ${yuan(amount - cap)}）`,
      });
    }
  }
  if (line.redOfId === null && facts.twoInvoiceRequired && facts.manufacturerInvoiceNo.trim() === '') {
    found.push({
      kind: 'two_invoice',
      reason: `两票制：${facts.itemName} ${facts.spec} 批号 ${facts.batchNo} 缺生产企业发票，请库管在验收单 ${facts.receiptNumber} 补录生产企业发票号`,
    });
  }
  return found;
}

export const exceptionLabel = (kind: MatchExceptionKind) => MATCH_EXCEPTION_LABELS[kind];

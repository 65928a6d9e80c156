import { prepared } from '../../db/statements.js';
import type { OpParsedInput } from '../api/index.js';
import { baseUnitsPer, type PackLevel } from '../api/packs.js';
import { readScan } from '../api/scan.js';
import type { OperationContext } from '../context.js';
import { applyTransition, loadDocument, reviseDocument } from '../documents/lifecycle.js';
import { once } from '../documents/requests.js';
import { conflict, DomainError, invalid, notFound } from '../errors.js';
import type { HandlerMap } from '../handler.js';
import { orderLinesForReceiving } from '../purchasing/progress.js';
import { purchaseOrderType } from '../purchasing/order-type.js';
import { communityDate } from '../time.js';
import { priceInForce } from '../formulary/prices.js';
import { ROLE_PERMISSIONS, type Role } from '../api/roles.js';
import type { ReceivingItem } from '../api/receiving.js';
import { createReceiptDraft, writeHeader, writeLines } from './draft.js';
import { postReceipt, recordedReasons, requireDraft, reverseReceipt, storedDraft } from './post.js';
import { listReceipts, readReceipt } from './read.js';
import { receiptType } from './receipt-type.js';
import { checkReceipt, type DraftReceipt } from './rules.js';

type ReceivingOps =
  | 'receipt.create'
  | 'receipt.update'
  | 'receipt.post'
  | 'receipt.void'
  | 'receipt.reverse'
  | 'receipt.allowShortExpiry'
  | 'receipt.recordInvoices'
  | 'receipt.get'
  | 'receipt.list'
  | 'receipt.arrivals'
  | 'receipt.checkScan'
  | 'receipt.items'
  | 'receipt.inspectors'
  | 'formulary.setTracing';

type ReceiptInput = OpParsedInput<'receipt.create'>;

/** The contract's input as the rules read it: arrived = accepted + rejected unless both are given. */
function toDraft(ctx: OperationContext, input: ReceiptInput): DraftReceipt {
  return {
    supplierId: input.supplierId,
    storeId: input.storeId,
    orderId: input.orderId ?? null,
    unplannedReason: input.unplannedReason,
    arrivedOn: input.arrivedOn ?? communityDate(ctx.now),
    note: input.note,
    lines: input.lines.map((l) => {
      const rejected = l.rejectedQuantity ?? (l.arrivedQuantity != null ? Math.max(0, l.arrivedQuantity - l.quantity) : 0);
      return {
        itemId: l.itemId,
        orderLineId: l.orderLineId ?? null,
        batchNo: l.batchNo,
        expiry: l.expiry,
        productionDate: l.productionDate ?? null,
        accepted: l.quantity,
        rejected,
        arrived: l.arrivedQuantity ?? l.quantity + rejected,
        rejectReason: l.rejectReason,
        priceMicro: l.priceMicro,
        packUnit: l.packUnit || null,
        traceCodes: l.traceCodes,
        deliveryNoteNo: l.deliveryNoteNo,
        distributorInvoiceNo: l.distributorInvoiceNo,
        manufacturerInvoiceNo: l.manufacturerInvoiceNo,
        arrivalTempTenths: l.arrivalTemp == null ? null : Math.round(l.arrivalTemp * 10),
        shortExpiryReason: l.shortExpiryReason,
        secondInspectorUserId: l.secondInspectorUserId ?? null,
      };
    }),
  };
}

/** A draft's edit (the lifecycle's `reviseDocument`). */
function reviseDraft(ctx: OperationContext, id: number, version: number, summary: Record<string, unknown>): void {
  reviseDocument(ctx, receiptType, loadDocument(ctx.db, receiptType, id), version, summary);
}

const ARRIVAL_STATES = ['approved', 'sent', 'partly_received'];

/** Roles whose users may inspect a delivery (the second inspector of 双人验收). */
const INSPECTOR_ROLES = (Object.keys(ROLE_PERMISSIONS) as Role[]).filter(
  (r) => ROLE_PERMISSIONS[r].includes('stock.receive') || ROLE_PERMISSIONS[r].includes('purchase.approve'),
);

const RECEIVING_ITEM_SQL = `SELECT id, code, generic_name AS genericName, dosage_form AS dosageForm, spec, manufacturer, category, status,
  base_unit AS baseUnit, packs, purchase_unit AS purchaseUnit, cold_chain AS coldChain, storage_temp_min AS storageTempMin,
  storage_temp_max AS storageTempMax, controlled_class AS controlledClass, trace_prefix AS tracePrefix, trace_pack AS tracePack,
  udi_di AS udiDi, standard_code AS standardCode FROM formulary_items`;

function receivingItems(ctx: OperationContext, where: string, params: unknown[]): ReceivingItem[] {
  const today = communityDate(ctx.now);
  const rows = prepared(ctx.db.$client, `${RECEIVING_ITEM_SQL} WHERE ${where} ORDER BY id LIMIT 2000`).all(...params) as (Omit<
    ReceivingItem,
    'packs' | 'coldChain' | 'priceMicro'
  > & { packs: string; coldChain: number })[];
  return rows.map((r) => {
    const packs = JSON.parse(r.packs) as PackLevel[];
    // The price a delivery is usually invoiced at: 集采价, else 议价, else 挂网价 — per the purchase unit.
    const price = (['vbp', 'negotiated', 'listed'] as const).map((k) => priceInForce(ctx.db, r.id, k, today)).find((p) => p !== null) ?? null;
    const perPurchase = baseUnitsPer(r.baseUnit, packs, r.purchaseUnit);
    const priceMicro = price && perPurchase ? Math.round((price.priceMicro * perPurchase) / price.packFactor) : null;
    return { ...r, packs, coldChain: r.coldChain === 1, priceMicro };
  });
}

export const receivingHandlers: HandlerMap<ReceivingOps> = {
  'receipt.create': (ctx, input) => {
    const { id } = createReceiptDraft(ctx, toDraft(ctx, input));
    return { receipt: readReceipt(ctx.db, id) };
  },

  'receipt.update': (ctx, input) => {
    const document = requireDraft(ctx, input.id, '修改', input.version);
    const before = storedDraft(ctx, input.id).draft;
    const draft = toDraft(ctx, input);
    const { lines } = checkReceipt(ctx, draft, { stage: 'draft', posterUserId: null, recordedReasons: recordedReasons(before) });
    prepared(ctx.db.$client, 'DELETE FROM receipt_lines WHERE document_id = ?').run(document.id);
    writeHeader(ctx, document.id, draft, false);
    writeLines(ctx, document.id, lines);
    reviseDraft(ctx, document.id, input.version, { lines: lines.length });
    return { receipt: readReceipt(ctx.db, document.id) };
  },

  'receipt.post': (ctx, { id, requestId, version }) => once(ctx, { requestId, documentId: id }, () => ({ receipt: postReceipt(ctx, id, version) })),

  'receipt.void': (ctx, { id, version, reason }) => {
    const document = requireDraft(ctx, id, '作废', version);
    applyTransition(ctx, receiptType, { id, version: document.version, transition: 'void', reason: reason || null });
    return { receipt: readReceipt(ctx.db, id) };
  },

  'receipt.reverse': (ctx, { id, version, reason, requestId }) => once(ctx, { requestId, documentId: id }, () => reverseReceipt(ctx, { id, version, reason })),

  'receipt.allowShortExpiry': (ctx, { id, lineId, version, reason }) => {
    const document = requireDraft(ctx, id, '记录近效期原因', version);
    const line = prepared(ctx.db.$client, 'SELECT line_no AS lineNo, batch_no AS batchNo FROM receipt_lines WHERE id = ? AND document_id = ?').get(lineId, id) as
      | { lineNo: number; batchNo: string }
      | undefined;
    if (!line) throw invalid('lineId', '该行不属于此验收单');
    prepared(ctx.db.$client, 'UPDATE receipt_lines SET short_expiry_reason = ? WHERE id = ?').run(reason, lineId);
    reviseDraft(ctx, id, document.version, { shortExpiry: { lineNo: line.lineNo, batchNo: line.batchNo, reason } });
    return { receipt: readReceipt(ctx.db, id) };
  },

  'receipt.recordInvoices': (ctx, { id, lines }) => {
    const document = loadDocument(ctx.db, receiptType, id);
    if (document.state !== 'posted') {
      throw conflict(`${document.number} 当前为「${document.stateLabel}」：草稿在保存时填写发票号，只有已验收的验收单补录发票号`);
    }
    const own = new Map(
      (prepared(ctx.db.$client, 'SELECT id, line_no AS lineNo FROM receipt_lines WHERE document_id = ?').all(id) as { id: number; lineNo: number }[]).map((l) => [
        l.id,
        l.lineNo,
      ]),
    );
    const problems = lines.flatMap((line, i) => {
      if (!own.has(line.lineId)) return [{ path: `lines.${i}.lineId`, message: '该行不属于此验收单' }];
      if (line.distributorInvoiceNo === '' && line.manufacturerInvoiceNo === '') {
        return [{ path: `lines.${i}.distributorInvoiceNo`, message: '请填写配送企业发票号或生产企业发票号' }];
      }
      return [];
    });
    if (problems.length > 0) throw new DomainError('VALIDATION', problems[0]!.message, problems);
    const insert = prepared(
      ctx.db.$client,
      `INSERT INTO receipt_line_invoices (document_id, receipt_line_id, distributor_invoice_no, manufacturer_invoice_no, recorded_at, recorded_by)
       VALUES (@documentId, @lineId, @distributorInvoiceNo, @manufacturerInvoiceNo, @at, @by)`,
    );
    const at = ctx.now.toISOString();
    for (const line of lines) insert.run({ documentId: id, lineId: line.lineId, distributorInvoiceNo: line.distributorInvoiceNo, manufacturerInvoiceNo: line.manufacturerInvoiceNo, at, by: ctx.actor!.username });
    ctx.audit({
      target: `receipt:${document.number}`,
      summary: {
        action: 'record_invoices',
        lines: lines.map((l) => ({ lineNo: own.get(l.lineId), distributorInvoiceNo: l.distributorInvoiceNo, manufacturerInvoiceNo: l.manufacturerInvoiceNo })),
      },
    });
    return { receipt: readReceipt(ctx.db, id) };
  },

  'receipt.get': (ctx, { id }) => ({ receipt: readReceipt(ctx.db, id) }),

  'receipt.list': (ctx, input) => {
    const { rows, total } = listReceipts(ctx.db, ctx.scope, input);
    return { receipts: rows, total, page: input.page, pageSize: input.pageSize };
  },

  'receipt.arrivals': (ctx, { storeId }) => {
    const params: Record<string, unknown> = { states: JSON.stringify(ARRIVAL_STATES), storeId: storeId ?? null };
    let unitFilter = '';
    if (ctx.scope.units !== null) {
      unitFilter = 'AND st.unit_id IN (SELECT value FROM json_each(@units))';
      params.units = JSON.stringify(ctx.scope.units);
    }
    const orders = prepared(
      ctx.db.$client,
      `SELECT d.id AS orderId, d.number, d.state, p.supplier_id AS supplierId, sp.name AS supplierName, p.store_id AS storeId, st.name AS storeName,
         st.unit_id AS unitId, u.name AS unitName, p.expected_on AS expectedOn, st.is_central AS central
       FROM documents d JOIN purchase_orders p ON p.document_id = d.id JOIN suppliers sp ON sp.id = p.supplier_id
       JOIN stores st ON st.id = p.store_id JOIN units u ON u.id = st.unit_id
       WHERE d.type = 'purchase_order' AND d.state IN (SELECT value FROM json_each(@states)) AND (@storeId IS NULL OR p.store_id = @storeId) ${unitFilter}
       ORDER BY COALESCE(p.expected_on, '9999'), d.id`,
    ).all(params) as {
      orderId: number;
      number: string;
      state: keyof typeof purchaseOrderType.states;
      supplierId: number;
      supplierName: string;
      storeId: number;
      storeName: string;
      unitId: number;
      unitName: string;
      expectedOn: string | null;
      central: number;
    }[];
    const withLines = orders
      .map(({ central, ...o }) => ({
        ...o,
        stateLabel: purchaseOrderType.states[o.state]?.label ?? o.state,
        direct: central !== 1,
        lines: orderLinesForReceiving(ctx.db, o.orderId)
          .filter((l) => l.outstanding > 0)
          .map((l) => ({
            orderLineId: l.id,
            lineNo: l.lineNo,
            itemId: l.itemId,
            itemCode: l.itemCode,
            genericName: l.genericName,
            dosageForm: l.dosageForm,
            spec: l.spec,
            manufacturer: l.manufacturer,
            baseUnit: l.baseUnit,
            packUnit: l.packUnit,
            packFactor: l.packFactor,
            priceMicro: l.priceMicro,
            ordered: l.ordered,
            received: l.received,
            outstanding: l.outstanding,
          })),
      }))
      .filter((o) => o.lines.length > 0);
    const drafts = listReceipts(ctx.db, ctx.scope, { state: 'draft', storeId, page: 1, pageSize: 500 }).rows;
    return { orders: withLines, drafts };
  },

  'receipt.checkScan': (ctx, { id, scan }) => {
    const receipt = readReceipt(ctx.db, id);
    const none = { lineId: null, itemId: null, code: null, batchNo: null, productionDate: null, expiry: null, newBatch: false };
    const read = readScan(scan);
    if (read.kind === 'invalid') return { kind: 'invalid' as const, ...none, problem: read.reason };
    if (read.kind === 'trace') {
      const already = receipt.lines.find((l) => l.traceCodes.includes(read.code));
      if (already) return { kind: 'trace' as const, ...none, lineId: already.id, itemId: already.itemId, code: read.code, problem: `追溯码 ${read.code} 已在第 ${already.lineNo} 行扫描过` };
      const line =
        receipt.lines.find((l) => l.tracePrefix === read.productPrefix) ??
        receipt.lines.find((l) => l.tracePrefix === '' && l.traceCodes.some((c) => c.startsWith(read.productPrefix)));
      if (!line) return { kind: 'trace' as const, ...none, code: read.code, problem: `没有药品标识码为 ${read.productPrefix} 的验收行，请先选中对应的行再扫描` };
      return { kind: 'trace' as const, ...none, lineId: line.id, itemId: line.itemId, code: read.code, problem: null };
    }
    const gtins = [read.gtin, read.gtin.replace(/^0/, '')];
    const item = prepared(
      ctx.db.$client,
      `SELECT id FROM formulary_items WHERE udi_di IN (SELECT value FROM json_each(@g)) OR (standard_code <> '' AND standard_code IN (SELECT value FROM json_each(@g))) LIMIT 1`,
    ).get({ g: JSON.stringify(gtins) }) as { id: number } | undefined;
    const found = { ...none, code: read.serial, batchNo: read.batch, productionDate: read.production, expiry: read.expiry };
    if (!item) return { kind: 'udi' as const, ...found, problem: `目录中没有 GTIN 为 ${read.gtin} 的品种（请在目录中维护 UDI-DI）` };
    const ofItem = receipt.lines.filter((l) => l.itemId === item.id);
    if (ofItem.length === 0) return { kind: 'udi' as const, ...found, itemId: item.id, problem: '本单中没有该品种的验收行' };
    const same = ofItem.find((l) => read.batch === null || l.batchNo === read.batch || l.batchNo === '');
    return { kind: 'udi' as const, ...found, itemId: item.id, lineId: (same ?? ofItem[0]!).id, newBatch: !same, problem: null };
  },

  'receipt.items': (ctx, { itemIds, gtin, tracePrefix }) => {
    const items: ReceivingItem[] = [];
    if (itemIds.length > 0) items.push(...receivingItems(ctx, 'id IN (SELECT value FROM json_each(?))', [JSON.stringify(itemIds)]));
    if (gtin) {
      const g = JSON.stringify([gtin, gtin.replace(/^0/, '')]);
      items.push(...receivingItems(ctx, `udi_di IN (SELECT value FROM json_each(?)) OR (standard_code <> '' AND standard_code IN (SELECT value FROM json_each(?)))`, [g, g]));
    }
    if (tracePrefix) items.push(...receivingItems(ctx, 'trace_prefix = ?', [tracePrefix]));
    return { items };
  },

  'receipt.inspectors': (ctx, { storeId }) => {
    const store = prepared(ctx.db.$client, 'SELECT unit_id AS unitId FROM stores WHERE id = ?').get(storeId) as { unitId: number } | undefined;
    if (!store) throw notFound('库房');
    const users = prepared(
      ctx.db.$client,
      `SELECT id, username, display_name AS displayName, unit_id AS unitId FROM users
       WHERE unit_id = ? AND active = 1 AND role IN (SELECT value FROM json_each(?)) ORDER BY display_name`,
    ).all(store.unitId, JSON.stringify(INSPECTOR_ROLES)) as { id: number; username: string; displayName: string; unitId: number }[];
    return { users };
  },

  'formulary.setTracing': (ctx, { itemId, tracePrefix, tracePack }) => {
    const item = prepared(
      ctx.db.$client,
      'SELECT code, base_unit AS baseUnit, packs, trace_prefix AS tracePrefix, trace_pack AS tracePack FROM formulary_items WHERE id = ?',
    ).get(itemId) as { code: string; baseUnit: string; packs: string; tracePrefix: string; tracePack: string } | undefined;
    if (!item) throw notFound('目录品种');
    const prefix = tracePrefix ?? item.tracePrefix;
    const pack = tracePack ?? item.tracePack;
    if (pack !== '' && baseUnitsPer(item.baseUnit, JSON.parse(item.packs) as PackLevel[], pack) === null) throw invalid('tracePack', `该品种没有包装单位「${pack}」`);
    if (prefix !== '') {
      const owner = prepared(ctx.db.$client, 'SELECT generic_name AS name, spec FROM formulary_items WHERE trace_prefix = ? AND id <> ?').get(prefix, itemId) as
        | { name: string; spec: string }
        | undefined;
      if (owner) throw invalid('tracePrefix', `药品标识码 ${prefix} 已属于品种 ${owner.name} ${owner.spec}`);
    }
    prepared(ctx.db.$client, 'UPDATE formulary_items SET trace_prefix = ?, trace_pack = ? WHERE id = ?').run(prefix, pack, itemId);
    ctx.audit({
      target: `item:${item.code}`,
      summary: { tracePrefix: { from: item.tracePrefix, to: prefix }, tracePack: { from: item.tracePack, to: pack } },
    });
    return { itemId, tracePrefix: prefix, tracePack: pack };
  },
};


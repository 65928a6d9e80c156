import { prepared } from '../../../db/statements.js';
import { parseExpiry } from '../../api/expiry.js';
import { formatYuan, roundToFen } from '../../api/money.js';
import type { PlatformImportPreview } from '../../api/platform-imports.js';
import type { OperationContext } from '../../context.js';
import { DomainError, forbidden } from '../../errors.js';
import { purchaseOrderType } from '../../purchasing/order-type.js';
import { receivedByLine } from '../../purchasing/progress.js';
import { createReceiptDraft, writeReceiptDraft } from '../../receiving/draft.js';
import { checkReceipt, loadItems, type DraftReceipt, type ResolvedLine } from '../../receiving/rules.js';
import { actorHas } from '../../scope.js';
import { communityDate } from '../../time.js';
import { databaseStamp, logExchange, PlanBuilder, refuseRejected, type ReadFile } from './common.js';

/**
 * 配送明细导入: each row of the platform's shipment detail is matched to our purchase order line — by
 * `hospPurcDetlId` (our own line id, echoed back) or `ordDetlId` (the platform's line id, recorded from its order
 * feedback) — and to the order's supplier by the supplier's platform code under the profile. `shpCnt` is in the
 * platform's pack: base units = shpCnt × the order line's platform pack (ordered base units ÷ platformQuantity).
 * `shpPric` is per platform pack; the receipt's price is restated per the order line's pack.
 *
 * Rows are grouped into receipt drafts per order and 配送单号 (`shpCode`), at most 2,000 lines each, and every
 * draft is checked by the acceptance rules of core/receiving (draft stage) already in the preview, so what the
 * preview accepts the commit creates. The commit creates the drafts through core/receiving's `createReceiptDraft` (what `receipt.create` runs), then
 * records each line in platform_shipment_lines (unique per profile and shpId) with its receipt line, and logs
 * the file in platform_exchanges — all in the operation's one transaction.
 */

const RECEIVABLE_STATES = new Set(['sent', 'partly_received']);
const MAX_LINES_PER_RECEIPT = 2000;
/** shpAmt may differ from shpCnt × shpPric by the platform's own rounding to the fen. */
const AMOUNT_TOLERANCE_MICRO = 10_000;

interface OrderLineRow {
  id: number;
  lineNo: number;
  orderId: number;
  orderNumber: string;
  orderState: string;
  supplierId: number;
  supplierName: string;
  storeId: number;
  orderProfile: string;
  itemId: number;
  genericName: string;
  spec: string;
  baseUnit: string;
  quantity: number;
  packUnit: string;
  packFactor: number;
  platformQuantity: number | null;
  platformProductId: string;
  hospitalLineId: string;
}

const LINE_SQL = `SELECT l.id, l.line_no AS lineNo, l.document_id AS orderId, d.number AS orderNumber, d.state AS orderState, p.supplier_id AS supplierId, s.name AS supplierName,
    p.store_id AS storeId, p.platform_profile AS orderProfile, l.item_id AS itemId, i.generic_name AS genericName, i.spec, i.base_unit AS baseUnit,
    l.quantity, l.pack_unit AS packUnit, l.pack_factor AS packFactor, l.platform_quantity AS platformQuantity,
    l.platform_product_id AS platformProductId, l.hospital_line_id AS hospitalLineId
  FROM purchase_order_lines l JOIN documents d ON d.id = l.document_id JOIN purchase_orders p ON p.document_id = l.document_id
    JOIN suppliers s ON s.id = p.supplier_id JOIN formulary_items i ON i.id = l.item_id`;

export interface PlannedShipment {
  row: number;
  shpId: string;
  shpCode: string;
  line: OrderLineRow;
  platformQuantity: number;
  quantity: number;
  /** shpPric per platform pack, and per the order line's pack (the receipt's price). */
  platformPriceMicro: number;
  priceMicro: number;
  amountMicro: number;
  batchNo: string;
  expiry: string;
  productionDate: string | null;
  invoiceCode: string;
  invoiceNo: string;
}

export interface ShipmentGroup {
  key: string;
  label: string;
  orderId: number;
  supplierId: number;
  storeId: number;
  shpCode: string;
  lines: PlannedShipment[];
}

export interface ShipmentPlan {
  preview: PlatformImportPreview;
  groups: ShipmentGroup[];
  /** With the acceptance rules run: each group's lines as the rules resolved them, by group key. */
  checked: Map<string, ResolvedLine[]>;
}

const itemText = (l: OrderLineRow) => `${l.genericName} ${l.spec}`;

function stateLabel(state: string): string {
  return purchaseOrderType.states[state as keyof typeof purchaseOrderType.states]?.label ?? state;
}

/** Base units per platform pack of an order line: ordered ÷ platformQuantity, else the line's own pack. */
const platformPackOf = (l: OrderLineRow): number => (l.platformQuantity ? l.quantity / l.platformQuantity : l.packFactor);

function loadLines(ctx: OperationContext, file: ReadFile) {
  const db = ctx.db.$client;
  const rows = file.read.rows;
  const hospitalIds = [...new Set(rows.map((r) => r.values.hospPurcDetlId ?? '').filter((v) => v !== ''))];
  const platformIds = [...new Set(rows.map((r) => r.values.ordDetlId ?? '').filter((v) => v !== ''))];
  const byHospital = new Map<string, OrderLineRow>();
  for (const l of prepared(db, `${LINE_SQL} WHERE l.hospital_line_id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(hospitalIds)) as OrderLineRow[]) {
    byHospital.set(l.hospitalLineId, l);
  }
  // ordDetlId: what the platform's latest feedback for the line said.
  const byPlatform = new Map<string, OrderLineRow>();
  if (platformIds.length) {
    const found = prepared(
      db,
      `${LINE_SQL} JOIN purchase_order_platform_feedback f ON f.order_line_id = l.id
       WHERE f.platform_line_id IN (SELECT value FROM json_each(?))
         AND f.id = (SELECT MAX(g.id) FROM purchase_order_platform_feedback g WHERE g.order_line_id = l.id)`,
    ).all(JSON.stringify(platformIds)) as (OrderLineRow & { platformLineId?: string })[];
    const codes = prepared(
      db,
      `SELECT f.order_line_id AS lineId, f.platform_line_id AS platformLineId FROM purchase_order_platform_feedback f
       WHERE f.platform_line_id IN (SELECT value FROM json_each(?))
         AND f.id = (SELECT MAX(g.id) FROM purchase_order_platform_feedback g WHERE g.order_line_id = f.order_line_id)`,
    ).all(JSON.stringify(platformIds)) as { lineId: number; platformLineId: string }[];
    const lineById = new Map(found.map((l) => [l.id, l]));
    for (const c of codes) {
      const l = lineById.get(c.lineId);
      if (l) byPlatform.set(c.platformLineId, l);
    }
  }
  const shpIds = [...new Set(rows.map((r) => r.values.shpId ?? '').filter((v) => v !== ''))];
  const imported = new Map(
    (prepared(db, 'SELECT shp_id AS shpId, imported_at AS at FROM platform_shipment_lines WHERE profile = ? AND shp_id IN (SELECT value FROM json_each(?))').all(
      file.profile.name,
      JSON.stringify(shpIds),
    ) as { shpId: string; at: string }[]).map((r) => [r.shpId, r.at]),
  );
  return { byHospital, byPlatform, imported };
}

function supplierCodes(ctx: OperationContext, profile: string): Map<number, string> {
  return new Map(
    (prepared(ctx.db.$client, 'SELECT supplier_id AS supplierId, code FROM supplier_platform_codes WHERE profile = ?').all(profile) as {
      supplierId: number;
      code: string;
    }[]).map((r) => [r.supplierId, r.code]),
  );
}

/** Base units already on their way into receipts: imported shipment lines whose receipt is still a draft, per order line. */
function pendingByLine(ctx: OperationContext, orderLineIds: number[]): Map<number, number> {
  const rows = prepared(
    ctx.db.$client,
    `SELECT s.order_line_id AS lineId, SUM(s.quantity) AS quantity FROM platform_shipment_lines s
       JOIN receipt_lines rl ON rl.id = s.receipt_line_id JOIN documents d ON d.id = rl.document_id
     WHERE d.state = 'draft' AND s.order_line_id IN (SELECT value FROM json_each(?)) GROUP BY s.order_line_id`,
  ).all(JSON.stringify(orderLineIds)) as { lineId: number; quantity: number }[];
  return new Map(rows.map((r) => [r.lineId, r.quantity]));
}

/** The receipt draft of a group, as the acceptance rules read it. */
function draftOf(group: ShipmentGroup, note: string, today: string): DraftReceipt {
  return {
    supplierId: group.supplierId,
    storeId: group.storeId,
    orderId: group.orderId,
    unplannedReason: '',
    arrivedOn: today,
    note,
    lines: group.lines.map((s) => ({
      itemId: s.line.itemId,
      orderLineId: s.line.id,
      batchNo: s.batchNo,
      expiry: s.expiry,
      productionDate: s.productionDate,
      accepted: s.quantity,
      rejected: 0,
      arrived: s.quantity,
      rejectReason: '',
      priceMicro: s.priceMicro,
      packUnit: s.line.packUnit,
      traceCodes: [],
      deliveryNoteNo: s.shpCode,
      distributorInvoiceNo: s.invoiceNo,
      manufacturerInvoiceNo: '',
      arrivalTempTenths: null,
      shortExpiryReason: '',
      secondInspectorUserId: null,
    })),
  };
}

/** Which file field a receipt rule's line field is about. */
const RULE_FIELDS: Record<string, string> = {
  itemId: 'hospListId',
  orderLineId: 'hospPurcDetlId',
  batchNo: 'manuLotnum',
  expiry: 'expyEndtime',
  productionDate: 'manuDate',
  quantity: 'shpCnt',
  accepted: 'shpCnt',
  priceMicro: 'shpPric',
  packUnit: 'shpCnt',
  deliveryNoteNo: 'shpCode',
  distributorInvoiceNo: 'invoiceId',
};

/** A receipt rule's refusal, put on the file's rows: a line's problem on its row, a header's on every row of the draft. */
function rejectRuleProblems(plan: PlanBuilder, group: ShipmentGroup, error: DomainError): void {
  for (const f of error.fields ?? [{ path: '', message: error.message }]) {
    const m = /^lines\.(\d+)\.([A-Za-z]+)/.exec(f.path);
    const line = m ? group.lines[Number(m[1])] : undefined;
    if (line) {
      const field = RULE_FIELDS[m![2]!] ?? '';
      plan.reject(line.row, field === 'hospPurcDetlId' && !plan.title(field) ? 'ordDetlId' : field, f.message);
    } else {
      const field = f.path === 'supplierId' ? 'delventpCode' : '';
      for (const l of group.lines) plan.reject(l.row, field, `${group.label}：${f.message}`);
    }
  }
}

const noteOf = (file: ReadFile, group: ShipmentGroup) =>
  `平台配送明细导入（${file.profile.label}，文件 ${file.fileName}${group.shpCode ? `，配送单 ${group.shpCode}` : ''}）`;

/**
 * Plans the file: every row matched or rejected with its column and reason. `checkRules` runs the acceptance
 * rules of each draft (the preview); the commit leaves that to `receipt.create` itself.
 */
export function planShipments(ctx: OperationContext, file: ReadFile, checkRules: boolean): ShipmentPlan {
  const plan = new PlanBuilder(file);
  const profile = file.profile.name;
  const { byHospital, byPlatform, imported } = loadLines(ctx, file);
  const codes = supplierCodes(ctx, profile);
  const seen = new Map<string, number>();
  const planned: PlannedShipment[] = [];
  // Rows with a codec problem still hold their shpId: a later row repeating it is reported too.
  for (const r of file.read.rows) {
    const shpId = r.values.shpId ?? '';
    if (shpId === '') continue;
    const first = seen.get(shpId);
    if (first !== undefined) plan.reject(r.rowNumber, 'shpId', `配送明细ID ${shpId} 在文件中出现了两次（第 ${first} 行和第 ${r.rowNumber} 行）`);
    else seen.set(shpId, r.rowNumber);
  }
  for (const r of plan.rows()) {
    const v = r.values;
    const row = r.rowNumber;
    if (plan.isRejected(row)) continue;
    const reject = (field: string, message: string) => plan.reject(row, field, message);
    const shpId = v.shpId!;
    const at = imported.get(shpId);
    if (at) {
      reject('shpId', `配送明细ID ${shpId} 已于 ${communityDate(new Date(at))} 导入过，不能重复导入`);
      continue;
    }
    const hospital = v.hospPurcDetlId ?? '';
    const platform = v.ordDetlId ?? '';
    const viaHospital = hospital ? byHospital.get(hospital) : undefined;
    const viaPlatform = platform ? byPlatform.get(platform) : undefined;
    if (hospital === '' && platform === '') {
      reject(plan.title('hospPurcDetlId') ? 'hospPurcDetlId' : 'ordDetlId', '请填写医院采购明细ID或订单明细ID，才能对上采购订单');
      continue;
    }
    if (hospital && !viaHospital) {
      reject('hospPurcDetlId', `医院采购明细ID ${hospital} 不是本院的采购订单明细`);
      continue;
    }
    if (!hospital && !viaPlatform) {
      reject('ordDetlId', `订单明细ID ${platform} 没有对应的采购订单明细（请先导入订单回执）`);
      continue;
    }
    if (viaHospital && viaPlatform && viaHospital.id !== viaPlatform.id) {
      reject('ordDetlId', `订单明细ID ${platform} 属于订单 ${viaPlatform.orderNumber}，与医院采购明细ID ${hospital}（订单 ${viaHospital.orderNumber}）不一致`);
      continue;
    }
    const line = (viaHospital ?? viaPlatform)!;
    const lineField = viaHospital ? 'hospPurcDetlId' : 'ordDetlId';
    if (line.orderProfile !== profile) {
      reject(lineField, `订单 ${line.orderNumber} 不是在平台「${file.profile.label}」下的单${line.orderProfile ? `（下单平台：${line.orderProfile}）` : '（线下或应急采购）'}`);
      continue;
    }
    if (!RECEIVABLE_STATES.has(line.orderState)) {
      const why = line.orderState === 'approved' ? '尚未发送到平台' : '不能再收货';
      reject(lineField, `订单 ${line.orderNumber} 当前为「${stateLabel(line.orderState)}」，${why}`);
      continue;
    }
    const supplierCode = codes.get(line.supplierId);
    if (!supplierCode) {
      reject('delventpCode', `订单的供应商「${line.supplierName}」在平台「${file.profile.label}」没有登记企业编码`);
      continue;
    }
    if (v.delventpCode !== supplierCode) {
      reject('delventpCode', `配送企业编码 ${v.delventpCode} 与订单 ${line.orderNumber} 的供应商「${line.supplierName}」（${supplierCode}）不一致`);
      continue;
    }
    if (v.hospListId && line.platformProductId && v.hospListId !== line.platformProductId) {
      reject('hospListId', `本院目录ID ${v.hospListId} 与订单明细的品种「${itemText(line)}」（${line.platformProductId}）不一致`);
      continue;
    }
    const platformQuantity = Number(v.shpCnt);
    if (!Number.isSafeInteger(platformQuantity) || platformQuantity <= 0) {
      reject('shpCnt', `配送数量须为大于 0 的整数（平台包装数），而不是「${v.shpCnt}」`);
      continue;
    }
    const perPack = platformPackOf(line);
    if (!Number.isInteger(perPack)) {
      reject('shpCnt', `订单明细的平台包装无法换算为整${line.baseUnit}（${line.quantity} ÷ ${line.platformQuantity}）`);
      continue;
    }
    const quantity = platformQuantity * perPack;
    const expiry = parseExpiry(v.expyEndtime ?? '');
    if (!expiry.ok) {
      reject('expyEndtime', expiry.reason);
      continue;
    }
    const platformPriceMicro = Number(v.shpPric);
    const expected = roundToFen(platformQuantity * platformPriceMicro);
    const amountMicro = v.shpAmt ? Number(v.shpAmt) : expected;
    if (v.shpAmt && Math.abs(amountMicro - platformQuantity * platformPriceMicro) > AMOUNT_TOLERANCE_MICRO) {
      reject('shpAmt', `配送金额 ${formatYuan(amountMicro)} 元与配送数量 × 配送单价（${platformQuantity} × ${formatYuan(platformPriceMicro)} = ${formatYuan(expected)} 元）不一致`);
      continue;
    }
    planned.push({
      row,
      shpId,
      shpCode: v.shpCode ?? '',
      line,
      platformQuantity,
      quantity,
      platformPriceMicro,
      priceMicro: Math.round((platformPriceMicro * line.packFactor) / perPack),
      amountMicro,
      batchNo: v.manuLotnum!,
      expiry: expiry.date,
      productionDate: v.manuDate ? v.manuDate : null,
      invoiceCode: v.invoiceCode ?? '',
      invoiceNo: v.invoiceId ?? '',
    });
  }

  // Quantities: no more than the order line still awaits (ordered − received − drafts of earlier imports − rows above).
  const orderIds = [...new Set(planned.map((s) => s.line.orderId))];
  const received = new Map<number, number>();
  for (const orderId of orderIds) for (const [lineId, q] of receivedByLine(ctx.db, orderId)) received.set(lineId, q);
  const pending = pendingByLine(ctx, [...new Set(planned.map((s) => s.line.id))]);
  const taken = new Map<number, number>();
  const accepted: PlannedShipment[] = [];
  for (const s of planned) {
    const before = (received.get(s.line.id) ?? 0) + (pending.get(s.line.id) ?? 0) + (taken.get(s.line.id) ?? 0);
    const awaits = Math.max(0, s.line.quantity - before);
    if (s.quantity > awaits) {
      const pack = platformPackOf(s.line);
      plan.reject(
        s.row,
        'shpCnt',
        `配送 ${s.platformQuantity} 个平台包装（${s.quantity} ${s.line.baseUnit}）超过订单 ${s.line.orderNumber} 该明细尚未到货的 ${awaits} ${s.line.baseUnit}（订购 ${s.line.quantity}，1 个平台包装 = ${pack} ${s.line.baseUnit}）`,
      );
      continue;
    }
    taken.set(s.line.id, (taken.get(s.line.id) ?? 0) + s.quantity);
    accepted.push(s);
  }

  // Receipt drafts: per order and 配送单号, in file order.
  const groups: ShipmentGroup[] = [];
  const open = new Map<string, ShipmentGroup>();
  for (const s of accepted) {
    const base = `${s.line.orderId}|${s.shpCode}`;
    let group = open.get(base);
    if (!group || group.lines.length >= MAX_LINES_PER_RECEIPT) {
      const part = group ? groups.filter((g) => g.key.startsWith(`${base}#`)).length + 1 : 1;
      group = {
        key: `${base}#${part}`,
        label: `订单 ${s.line.orderNumber}${s.shpCode ? ` 配送单 ${s.shpCode}` : ''}${part > 1 ? `（${part}）` : ''}`,
        orderId: s.line.orderId,
        supplierId: s.line.supplierId,
        storeId: s.line.storeId,
        shpCode: s.shpCode,
        lines: [],
      };
      open.set(base, group);
      groups.push(group);
    }
    group.lines.push(s);
    plan.change({
      row: s.row,
      key: s.shpId,
      target: `${s.line.orderNumber} 第 ${s.line.lineNo} 行 ${itemText(s.line)}`,
      change: `入库 ${s.quantity} ${s.line.baseUnit}（平台 ${s.platformQuantity} 包装），批号 ${s.batchNo}，有效期至 ${s.expiry}，${formatYuan(s.priceMicro)} 元/${s.line.packUnit}${s.invoiceNo ? `，发票 ${s.invoiceNo}` : ''}`,
      group: group.label,
    });
  }
  const checked = new Map<string, ResolvedLine[]>();
  if (checkRules) {
    const today = communityDate(ctx.now);
    // One read of the items for every receipt of the file (the same items recur across its orders).
    const items = loadItems(ctx.db, groups.flatMap((g) => g.lines.map((l) => l.line.itemId)));
    for (const group of groups) {
      try {
        checked.set(group.key, checkReceipt(ctx, draftOf(group, noteOf(file, group), today), { stage: 'draft', posterUserId: null, items }).lines);
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'VALIDATION') throw error;
        rejectRuleProblems(plan, group, error);
      }
    }
  }
  const kept = groups.filter((g) => g.lines.every((l) => !plan.isRejected(l.row)));
  return {
    preview: plan.preview({ receipts: kept.length, lines: kept.reduce((n, g) => n + g.lines.length, 0) }),
    groups,
    checked,
  };
}

/**
 * The last previews, by file and database stamp: a commit of the same file with nothing written since (the stamp
 * unchanged) writes what the preview planned and checked instead of planning and checking 20,000 lines again; with
 * anything written in between, it plans and checks afresh. Each is taken once.
 */
const previewed = new Map<string, ShipmentPlan>();
const PREVIEWS_KEPT = 2;

/** The preview (acceptance rules included), kept for its commit. */
export function previewShipments(ctx: OperationContext, file: ReadFile): PlatformImportPreview {
  const plan = planShipments(ctx, file, true);
  const key = `${file.key}|${databaseStamp(ctx)}`;
  previewed.delete(key);
  previewed.set(key, plan);
  while (previewed.size > PREVIEWS_KEPT) previewed.delete(previewed.keys().next().value!);
  return plan.preview;
}

function takePreviewed(ctx: OperationContext, file: ReadFile): ShipmentPlan | undefined {
  const key = `${file.key}|${databaseStamp(ctx)}`;
  const plan = previewed.get(key);
  previewed.delete(key);
  return plan;
}

export interface ShipmentCommit {
  preview: PlatformImportPreview;
  exchangeId: number;
  receipts: { id: number; number: string; label: string }[];
}

/** Creates the receipt drafts and records the shipment lines, or refuses with every rejected row (nothing written). */
export function commitShipments(ctx: OperationContext, file: ReadFile): ShipmentCommit {
  if (!ctx.actor || !actorHas(ctx.actor, 'stock.receive')) throw forbidden('导入配送明细会生成入库验收单草稿，需要入库验收权限');
  const fromPreview = takePreviewed(ctx, file);
  const plan = fromPreview ?? planShipments(ctx, file, false);
  refuseRejected(plan.preview);
  const today = communityDate(ctx.now);
  const receipts: { id: number; number: string; label: string; lineIds: number[] }[] = [];
  for (const group of plan.groups) {
    const draft = draftOf(group, noteOf(file, group), today);
    const checked = fromPreview?.checked.get(group.key);
    try {
      receipts.push({ ...(checked ? writeReceiptDraft(ctx, draft, checked) : createReceiptDraft(ctx, draft)), label: group.label });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'VALIDATION') throw error;
      const again = new PlanBuilder(file);
      rejectRuleProblems(again, group, error);
      refuseRejected(again.preview({}));
      throw error;
    }
  }
  const lineCount = plan.groups.reduce((n, g) => n + g.lines.length, 0);
  const exchangeId = logExchange(ctx, file.profile.name, 'shipments_in', file.fileName, file.read.rows.length, {
    lines: lineCount,
    receipts: receipts.map((r) => ({ id: r.id, number: r.number })),
  });
  const insert = prepared(
    ctx.db.$client,
    `INSERT INTO platform_shipment_lines (profile, shp_id, shp_code, order_line_id, receipt_line_id, item_id, supplier_id, quantity, platform_quantity,
       price_micro, amount_micro, batch_no, expiry, invoice_code, invoice_no, exchange_id, imported_at, imported_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const at = ctx.now.toISOString();
  const by = ctx.actor.username;
  plan.groups.forEach((group, g) => {
    group.lines.forEach((s, i) => {
      insert.run(
        file.profile.name,
        s.shpId,
        s.shpCode,
        s.line.id,
        receipts[g]!.lineIds[i]!,
        s.line.itemId,
        s.line.supplierId,
        s.quantity,
        s.platformQuantity,
        s.platformPriceMicro,
        s.amountMicro,
        s.batchNo,
        s.expiry,
        s.invoiceCode,
        s.invoiceNo,
        exchangeId,
        at,
        by,
      );
    });
  });
  ctx.audit({
    target: `platform:${file.profile.name}:shipments_in`,
    summary: { file: file.fileName, exchangeId, lines: lineCount, receipts: receipts.map((r) => r.number) },
  });
  return { preview: plan.preview, exchangeId, receipts: receipts.map(({ lineIds: _l, ...r }) => r) };
}

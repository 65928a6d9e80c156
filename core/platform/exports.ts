import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import { lineAmountMicro } from '../api/money.js';
import type { PlatformExchange, PlatformExportSummary, PlatformProfile } from '../api/platform.js';
import { DomainError, type FieldProblem } from '../errors.js';
import { communityDate } from '../time.js';
import type { ExchangeRow } from './codec.js';

/**
 * The rows of the files going out to the platform, read from what is already stored (order lines' platform fields,
 * imported platform shipment lines and the receipts and returns made from them). Each builder collects every
 * reason the file cannot be written — an item with no platform id on the profile, a supplier with no platform
 * code, a quantity that is not whole platform packs, a store with no 收货地址ID — each naming its document, line,
 * item or supplier; `refuseIfAny` throws them together.
 */
export interface OutFile {
  exchange: PlatformExchange;
  rows: ExchangeRow[];
  summary: PlatformExportSummary;
  problems: FieldProblem[];
}

export interface Period {
  from?: string | undefined;
  to?: string | undefined;
}

const inPeriod = (iso: string | null, { from, to }: Period) => {
  if (!iso) return false;
  const day = communityDate(new Date(iso));
  return (!from || day >= from) && (!to || day <= to);
};

export function refuseIfAny(file: OutFile, profile: PlatformProfile): void {
  if (file.problems.length === 0) return;
  const shown = file.problems.slice(0, 3).map((p) => p.message).join('；');
  const more = file.problems.length > 3 ? ` 等 ${file.problems.length} 处问题` : '';
  throw new DomainError('VALIDATION', `不能导出平台文件（${profile.label}）：${shown}${more}`, file.problems);
}

const itemLabel = (i: { genericName: string; spec: string }) => `「${i.genericName} ${i.spec}」`;

function platformProductId(db: Db, itemId: number, profile: string): string {
  const row = prepared(db.$client, 'SELECT product_id AS productId FROM item_platform_ids WHERE item_id = ? AND profile = ?').get(itemId, profile) as
    | { productId: string }
    | undefined;
  return row?.productId.trim() ?? '';
}

function supplierCode(db: Db, supplierId: number, profile: string): string {
  const row = prepared(db.$client, 'SELECT code FROM supplier_platform_codes WHERE supplier_id = ? AND profile = ?').get(supplierId, profile) as
    | { code: string }
    | undefined;
  return row?.code.trim() ?? '';
}

/** The profile's 医疗机构代码, else the community's. */
export function medinsCodeOf(db: Db, profile: PlatformProfile): string {
  if (profile.account.medinsCode.trim()) return profile.account.medinsCode.trim();
  const row = prepared(db.$client, 'SELECT institution_code AS code FROM community WHERE id = 1').get() as { code: string } | undefined;
  return row?.code ?? '';
}

/** Memoised look-ups of the item and supplier identities on the profile, each missing one reported once. */
class Identities {
  private readonly items = new Map<number, string>();
  private readonly suppliers = new Map<number, string>();
  private readonly reported = new Set<string>();
  constructor(
    private readonly db: Db,
    private readonly profile: PlatformProfile,
    private readonly problems: FieldProblem[],
  ) {}
  item(itemId: number, fallback: string, label: { genericName: string; spec: string }, path: string): string {
    if (!this.items.has(itemId)) this.items.set(itemId, platformProductId(this.db, itemId, this.profile.name) || fallback.trim());
    const code = this.items.get(itemId)!;
    if (!code && !this.reported.has(`item:${itemId}`)) {
      this.reported.add(`item:${itemId}`);
      this.problems.push({ path, message: `品种${itemLabel(label)}没有平台「${this.profile.label}」（${this.profile.name}）的平台编码（本院目录ID），请先在目录中维护平台标识` });
    }
    return code;
  }
  supplier(supplierId: number, fallback: string, name: string, path: string): string {
    if (!this.suppliers.has(supplierId)) this.suppliers.set(supplierId, supplierCode(this.db, supplierId, this.profile.name) || fallback.trim());
    const code = this.suppliers.get(supplierId)!;
    if (!code && !this.reported.has(`supplier:${supplierId}`)) {
      this.reported.add(`supplier:${supplierId}`);
      this.problems.push({ path, message: `供应商「${name}」没有平台「${this.profile.label}」（${this.profile.name}）的配送企业编码，请先在供应商资料中登记` });
    }
    return code;
  }
}

const mapped = (profile: PlatformProfile, exchange: PlatformExchange, field: string) => profile.exchanges[exchange].columns.some((c) => c.field === field);

interface OrderHead {
  id: number;
  number: string;
  state: string;
  channel: string;
  profile: string;
  supplierId: number;
  supplierName: string;
  storeId: number;
  storeName: string;
  approvedAt: string | null;
}

const ORDER_HEAD = `SELECT d.id, d.number, d.state, po.channel, po.platform_profile AS profile, po.supplier_id AS supplierId, s.name AS supplierName,
    po.store_id AS storeId, st.name AS storeName,
    (SELECT e.at FROM document_events e WHERE e.document_id = d.id AND e.transition = 'approve' ORDER BY e.version DESC LIMIT 1) AS approvedAt
  FROM documents d JOIN purchase_orders po ON po.document_id = d.id JOIN suppliers s ON s.id = po.supplier_id JOIN stores st ON st.id = po.store_id`;

/** 采购订单（上传）: one row per line of each approved or sent platform order on the profile, the header repeated. */
export function orderRows(db: Db, profile: PlatformProfile, input: Period & { orderIds?: number[] | undefined }): OutFile {
  const problems: FieldProblem[] = [];
  let heads: OrderHead[];
  if (input.orderIds?.length) {
    heads = [];
    input.orderIds.forEach((orderId, i) => {
      const head = prepared(db.$client, `${ORDER_HEAD} WHERE d.id = ? AND d.type = 'purchase_order'`).get(orderId) as OrderHead | undefined;
      const path = `orderIds.${i}`;
      if (!head) return problems.push({ path, message: `采购订单 ${orderId} 不存在` });
      if (head.state !== 'approved' && head.state !== 'sent') return problems.push({ path, message: `采购订单 ${head.number} 尚未审核或已结束，只能导出已审核、已发送的订单` });
      if (head.channel !== 'platform') return problems.push({ path, message: `采购订单 ${head.number} 不是平台采购订单` });
      if (head.profile !== profile.name) return problems.push({ path, message: `采购订单 ${head.number} 是平台「${head.profile || '未指定'}」的订单，不是「${profile.name}」的` });
      heads.push(head);
    });
  } else {
    heads = (
      prepared(db.$client, `${ORDER_HEAD} WHERE d.type = 'purchase_order' AND d.state IN ('approved', 'sent') AND po.channel = 'platform' AND po.platform_profile = ? ORDER BY d.id`).all(
        profile.name,
      ) as OrderHead[]
    ).filter((h) => inPeriod(h.approvedAt, input));
  }
  const ids = new Identities(db, profile, problems);
  const medinsCode = medinsCodeOf(db, profile);
  const account = profile.account;
  if (!medinsCode) problems.push({ path: 'account.medinsCode', message: '没有医疗机构代码：请在平台配置或医共体信息中填写' });
  if (heads.length && !account.conerName.trim()) problems.push({ path: 'account.conerName', message: `平台配置「${profile.label}」没有填写联系人` });
  if (heads.length && !account.conerTel.trim()) problems.push({ path: 'account.conerTel', message: `平台配置「${profile.label}」没有填写联系电话` });
  const rows: ExchangeRow[] = [];
  let total = 0;
  const missingAddress = new Set<number>();
  for (const head of heads) {
    const lines = prepared(
      db.$client,
      `SELECT l.id, l.line_no AS lineNo, l.item_id AS itemId, l.quantity, l.price_micro AS priceMicro, l.pack_factor AS packFactor, l.vbp,
         l.platform_product_id AS platformProductId, l.supplier_platform_code AS supplierPlatformCode, l.platform_quantity AS platformQuantity,
         l.hospital_line_id AS hospitalLineId, l.memo, i.generic_name AS genericName, i.spec
       FROM purchase_order_lines l JOIN formulary_items i ON i.id = l.item_id WHERE l.document_id = ? ORDER BY l.line_no`,
    ).all(head.id) as {
      id: number;
      lineNo: number;
      itemId: number;
      quantity: number;
      priceMicro: number;
      packFactor: number;
      vbp: number;
      platformProductId: string;
      supplierPlatformCode: string;
      platformQuantity: number | null;
      hospitalLineId: string;
      memo: string;
      genericName: string;
      spec: string;
    }[];
    const address = account.addresses.find((a) => a.storeId === head.storeId)?.addrId.trim() ?? '';
    if (!address && !missingAddress.has(head.storeId)) {
      missingAddress.add(head.storeId);
      problems.push({ path: `orders.${head.number}.storeId`, message: `收货库房「${head.storeName}」（订单 ${head.number}）没有平台收货地址ID，请在平台配置的账户信息中填写` });
    }
    const amounts = lines.map((l) => lineAmountMicro(l.quantity, { priceMicro: l.priceMicro, packFactor: l.packFactor }));
    const planSumamt = amounts.reduce((s, a) => s + a, 0);
    total += planSumamt;
    lines.forEach((line) => {
      const path = `orders.${head.number}.lines.${line.lineNo}`;
      const hospListId = ids.item(line.itemId, line.platformProductId, line, `${path}.itemId`);
      const delventpCode = ids.supplier(head.supplierId, line.supplierPlatformCode, head.supplierName, `orders.${head.number}.supplierId`);
      if (line.platformQuantity === null || line.platformQuantity <= 0) {
        problems.push({ path: `${path}.quantity`, message: `订单 ${head.number} 第 ${line.lineNo} 行${itemLabel(line)}没有平台包装数量（不是按平台包装下的单）` });
        return;
      }
      // 采购单价 per platform pack: the line's price is per its purchase pack of packFactor base units.
      const perPlatformPack = Math.round((line.priceMicro * (line.quantity / line.platformQuantity)) / line.packFactor);
      rows.push({
        medinsCode,
        planSumamt,
        addrId: address,
        conerName: account.conerName,
        conerTel: account.conerTel,
        invottl: account.invottl,
        ordType: head.channel === 'emergency' ? 'temporary' : line.vbp ? 'vbp' : 'normal',
        hospListId,
        delventpCode,
        purcCnt: line.platformQuantity,
        hospPurcPric: perPlatformPack,
        hospPurcDetlId: line.hospitalLineId,
        planDetlMemo: line.memo,
      });
    });
  }
  if (heads.length === 0 && problems.length === 0) problems.push({ path: 'from', message: '所选范围内没有已审核或已发送的平台采购订单' });
  return {
    exchange: 'orders_out',
    rows,
    problems,
    summary: { from: input.from ?? null, to: input.to ?? null, documents: heads.map((h) => h.number), lineCount: rows.length, amountMicro: total },
  };
}

interface ConfirmationLine {
  shpId: string;
  quantity: number;
  platformQuantity: number;
  itemId: number;
  supplierId: number;
  supplierName: string;
  genericName: string;
  spec: string;
  acceptedQuantity: number;
  batchNo: string;
  number: string;
  lineNo: number;
  postedAt: string | null;
}

/** How many platform packs `quantity` base units are, on a shipment line of `base` base units = `packs` packs. */
function inPlatformPacks(quantity: number, base: number, packs: number): number | null {
  const scaled = quantity * packs;
  return scaled % base === 0 ? scaled / base : null;
}

/** 收货确认（上传）: {shpId, shppCnt} of every accepted receipt line that came from an imported platform shipment line. */
export function receiptConfirmationRows(db: Db, profile: PlatformProfile, period: Period): OutFile {
  const problems: FieldProblem[] = [];
  const lines = (
    prepared(
      db.$client,
      `SELECT p.shp_id AS shpId, p.quantity, p.platform_quantity AS platformQuantity, p.item_id AS itemId, p.supplier_id AS supplierId,
         s.name AS supplierName, i.generic_name AS genericName, i.spec, r.accepted_quantity AS acceptedQuantity, r.batch_no AS batchNo,
         d.number, r.line_no AS lineNo,
         (SELECT e.at FROM document_events e WHERE e.document_id = d.id AND e.to_state = 'posted' ORDER BY e.version LIMIT 1) AS postedAt
       FROM platform_shipment_lines p
       JOIN receipt_lines r ON r.id = p.receipt_line_id
       JOIN documents d ON d.id = r.document_id
       JOIN suppliers s ON s.id = p.supplier_id
       JOIN formulary_items i ON i.id = p.item_id
       WHERE p.profile = ? AND d.state = 'posted'
       ORDER BY d.id, r.line_no, p.id`,
    ).all(profile.name) as ConfirmationLine[]
  ).filter((l) => inPeriod(l.postedAt, period));
  const ids = new Identities(db, profile, problems);
  const withItem = mapped(profile, 'receipt_confirmations_out', 'hospListId');
  const withSupplier = mapped(profile, 'receipt_confirmations_out', 'delventpCode');
  const rows: ExchangeRow[] = [];
  for (const l of lines) {
    const path = `receipts.${l.number}.lines.${l.lineNo}`;
    const shppCnt = inPlatformPacks(l.acceptedQuantity, l.quantity, l.platformQuantity);
    if (shppCnt === null) {
      problems.push({ path: `${path}.acceptedQuantity`, message: `验收单 ${l.number} 第 ${l.lineNo} 行${itemLabel(l)}的合格数量 ${l.acceptedQuantity} 不是平台包装的整数倍（配送明细 ${l.shpId}：${l.quantity} = ${l.platformQuantity} 包装）` });
      continue;
    }
    rows.push({
      shpId: l.shpId,
      shppCnt,
      hospListId: withItem ? ids.item(l.itemId, '', l, `${path}.itemId`) : '',
      manuLotnum: l.batchNo,
      delventpCode: withSupplier ? ids.supplier(l.supplierId, '', l.supplierName, `${path}.supplierId`) : '',
      rcvDate: l.postedAt ? communityDate(new Date(l.postedAt)) : '',
    });
  }
  if (lines.length === 0) problems.push({ path: 'from', message: '所选范围内没有来自平台配送明细的已验收入库明细' });
  const documents = [...new Set(lines.map((l) => l.number))];
  return { exchange: 'receipt_confirmations_out', rows, problems, summary: { from: period.from ?? null, to: period.to ?? null, documents, lineCount: rows.length, amountMicro: null } };
}

interface ReturnLine {
  number: string;
  reason: string;
  supplierId: number;
  supplierName: string;
  lineNo: number;
  itemId: number;
  batchId: number | null;
  quantity: number;
  lineReason: string;
  genericName: string;
  spec: string;
  postedAt: string | null;
}

/** 退货单（上传）: {shpId, retnCnt, retnRea} of every posted 退货单 line whose batch came in on a platform shipment line. */
export function returnRows(db: Db, profile: PlatformProfile, period: Period): OutFile {
  const problems: FieldProblem[] = [];
  const lines = (
    prepared(
      db.$client,
      `SELECT d.number, a.reason, a.supplier_id AS supplierId, s.name AS supplierName, l.line_no AS lineNo, l.item_id AS itemId, l.batch_id AS batchId,
         l.quantity, l.reason AS lineReason, i.generic_name AS genericName, i.spec,
         (SELECT e.at FROM document_events e WHERE e.document_id = d.id AND e.to_state = 'posted' ORDER BY e.version LIMIT 1) AS postedAt
       FROM stock_adjustments a
       JOIN documents d ON d.id = a.document_id
       JOIN stock_adjustment_lines l ON l.document_id = d.id
       JOIN suppliers s ON s.id = a.supplier_id
       JOIN formulary_items i ON i.id = l.item_id
       WHERE a.kind = 'return' AND d.state = 'posted'
       ORDER BY d.id, l.line_no`,
    ).all() as ReturnLine[]
  ).filter((l) => inPeriod(l.postedAt, period));
  const shipmentOf = prepared(
    db.$client,
    `SELECT p.shp_id AS shpId, p.quantity, p.platform_quantity AS platformQuantity, p.batch_no AS batchNo
     FROM platform_shipment_lines p JOIN receipt_lines r ON r.id = p.receipt_line_id
     WHERE r.batch_id = ? AND p.profile = ? ORDER BY p.id LIMIT 1`,
  );
  const ids = new Identities(db, profile, problems);
  const withItem = mapped(profile, 'returns_out', 'hospListId');
  const rows: ExchangeRow[] = [];
  const documents = new Set<string>();
  let skipped = 0;
  for (const l of lines) {
    const shipment = l.batchId === null ? undefined : (shipmentOf.get(l.batchId, profile.name) as { shpId: string; quantity: number; platformQuantity: number; batchNo: string } | undefined);
    if (!shipment) {
      skipped++;
      continue;
    }
    documents.add(l.number);
    const path = `returns.${l.number}.lines.${l.lineNo}`;
    const retnCnt = inPlatformPacks(l.quantity, shipment.quantity, shipment.platformQuantity);
    if (retnCnt === null) {
      problems.push({ path: `${path}.quantity`, message: `退货单 ${l.number} 第 ${l.lineNo} 行${itemLabel(l)}的退货数量 ${l.quantity} 不是平台包装的整数倍（配送明细 ${shipment.shpId}：${shipment.quantity} = ${shipment.platformQuantity} 包装）` });
      continue;
    }
    rows.push({
      shpId: shipment.shpId,
      retnCnt,
      retnRea: (l.lineReason.trim() || l.reason.trim()).slice(0, 200),
      hospListId: withItem ? ids.item(l.itemId, '', l, `${path}.itemId`) : '',
      manuLotnum: shipment.batchNo,
      delventpCode: ids.supplier(l.supplierId, '', l.supplierName, `returns.${l.number}.supplierId`),
      retnDate: l.postedAt ? communityDate(new Date(l.postedAt)) : '',
    });
  }
  if (documents.size === 0 && problems.length === 0) {
    problems.push({ path: 'from', message: skipped ? `所选范围内的 ${skipped} 行退货都不是平台配送的批号，没有可上传的退货` : '所选范围内没有已退货的退货单' });
  }
  return { exchange: 'returns_out', rows, problems, summary: { from: period.from ?? null, to: period.to ?? null, documents: [...documents], lineCount: rows.length, amountMicro: null } };
}

/**
 * 结算对账（上传）: per distributor, the amounts received (accepted receipt lines of the profile's platform orders,
 * receipts accepted in the period) and returned (their batches on 退货单 posted in the period, at the batch cost).
 */
export function settlementRows(db: Db, profile: PlatformProfile, period: Period & { from: string; to: string }): OutFile {
  const problems: FieldProblem[] = [];
  const received = (
    prepared(
      db.$client,
      `SELECT rc.supplier_id AS supplierId, s.name AS supplierName, d.number, r.accepted_quantity AS quantity, r.price_micro AS priceMicro, r.pack_factor AS packFactor,
         (SELECT e.at FROM document_events e WHERE e.document_id = d.id AND e.to_state = 'posted' ORDER BY e.version LIMIT 1) AS postedAt
       FROM receipt_lines r JOIN receipts rc ON rc.document_id = r.document_id JOIN documents d ON d.id = r.document_id
       JOIN purchase_orders po ON po.document_id = rc.order_id JOIN suppliers s ON s.id = rc.supplier_id
       WHERE d.state = 'posted' AND po.platform_profile = ? AND r.accepted_quantity > 0`,
    ).all(profile.name) as { supplierId: number; supplierName: string; number: string; quantity: number; priceMicro: number; packFactor: number; postedAt: string | null }[]
  ).filter((l) => inPeriod(l.postedAt, period));
  const returned = (
    prepared(
      db.$client,
      `SELECT a.supplier_id AS supplierId, s.name AS supplierName, d.number, l.quantity, b.cost_micro AS priceMicro, b.cost_pack_factor AS packFactor,
         (SELECT e.at FROM document_events e WHERE e.document_id = d.id AND e.to_state = 'posted' ORDER BY e.version LIMIT 1) AS postedAt
       FROM stock_adjustments a JOIN documents d ON d.id = a.document_id JOIN stock_adjustment_lines l ON l.document_id = d.id
       JOIN stock_batches b ON b.id = l.batch_id JOIN suppliers s ON s.id = a.supplier_id
       WHERE a.kind = 'return' AND d.state = 'posted'
         AND EXISTS (SELECT 1 FROM receipt_lines r JOIN receipts rc ON rc.document_id = r.document_id JOIN purchase_orders po ON po.document_id = rc.order_id
                     WHERE r.batch_id = l.batch_id AND po.platform_profile = ?)`,
    ).all(profile.name) as typeof received
  ).filter((l) => inPeriod(l.postedAt, period));
  const bySupplier = new Map<number, { name: string; shpp: number; retn: number; lines: number }>();
  const add = (l: (typeof received)[number], side: 'shpp' | 'retn') => {
    const entry = bySupplier.get(l.supplierId) ?? { name: l.supplierName, shpp: 0, retn: 0, lines: 0 };
    entry[side] += lineAmountMicro(l.quantity, { priceMicro: l.priceMicro, packFactor: l.packFactor });
    entry.lines++;
    bySupplier.set(l.supplierId, entry);
  };
  received.forEach((l) => add(l, 'shpp'));
  returned.forEach((l) => add(l, 'retn'));
  const ids = new Identities(db, profile, problems);
  const medinsCode = medinsCodeOf(db, profile);
  const rows: ExchangeRow[] = [...bySupplier.entries()].map(([supplierId, e]) => ({
    medinsCode,
    delventpCode: ids.supplier(supplierId, '', e.name, `suppliers.${supplierId}`),
    delventpName: e.name,
    periodFrom: period.from,
    periodTo: period.to,
    shppAmt: e.shpp,
    retnAmt: e.retn,
    stlmAmt: Math.max(0, e.shpp - e.retn),
    lineCount: e.lines,
  }));
  if (rows.length === 0) problems.push({ path: 'from', message: '所选结算期内没有该平台订单的入库或退货' });
  const documents = [...new Set([...received, ...returned].map((l) => l.number))];
  const amountMicro = [...bySupplier.values()].reduce((s, e) => s + e.shpp - e.retn, 0);
  return { exchange: 'settlements_out', rows, problems, summary: { from: period.from, to: period.to, documents, lineCount: rows.length, amountMicro } };
}

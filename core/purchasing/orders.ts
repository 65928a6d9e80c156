import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import type { ItemCategory } from '../api/formulary.js';
import { ITEM_STATUS_LABELS, ORDER_CHANNEL_LABELS, PRICE_KIND_LABELS, UNIT_LEVEL_LABELS } from '../api/labels.js';
import type { UnitLevel } from '../api/units.js';
import { formatYuan, lineAmountMicro } from '../api/money.js';
import { formatQuantity } from '../api/packs.js';
import {
  PLATFORM_LINE_STATES,
  type Order,
  type OrderFields,
  type OrderHeader,
  type OrderLine,
  type OrderRow,
  type OrderState,
} from '../api/purchasing.js';
import type { OperationContext } from '../context.js';
import { documentEvents, type DocumentHeader } from '../documents/lifecycle.js';
import { DomainError, notFound, type FieldProblem } from '../errors.js';
import { assertSupplierUsable, supplierPlatformCode } from '../suppliers/qualification.js';
import { communityDate } from '../time.js';
import { purchaseOrderType } from './order-type.js';
import { receivedByLine } from './progress.js';
import { aboveCeiling, itemTerms, loadItem } from './terms.js';

/** Order fields after parsing (defaults applied). */
export type ParsedOrderFields = Omit<Required<OrderFields>, 'lines' | 'expectedOn'> & {
  expectedOn: string | null;
  lines: { itemId: number; quantity: number; priceMicro: number; vbp?: boolean | undefined; priceReason: string; memo: string }[];
};

/** A line checked and completed with what the platform order needs, ready to be written. */
export interface ResolvedLine {
  itemId: number;
  itemCode: string;
  quantity: number;
  priceMicro: number;
  packUnit: string;
  packFactor: number;
  vbp: boolean;
  ceilingMicro: number | null;
  priceReason: string;
  platformProductId: string;
  supplierPlatformCode: string;
  platformQuantity: number | null;
  memo: string;
}

export interface ResolvedOrder {
  supplierId: number;
  storeId: number;
  channel: OrderFields['channel'] & string;
  channelReason: string;
  platformProfile: string;
  expectedOn: string | null;
  note: string;
  lines: ResolvedLine[];
}

/** Collected refusals, every one with its field path; thrown together (the first message heads them). */
class Problems {
  readonly list: FieldProblem[] = [];
  add(path: string, message: string) {
    this.list.push({ path, message });
  }
  /** Runs a check that throws a VALIDATION DomainError and keeps its fields. */
  catch(work: () => void) {
    try {
      work();
    } catch (error) {
      if (error instanceof DomainError && error.code === 'VALIDATION')
        this.list.push(...(error.fields ?? [{ path: '', message: error.message }]));
      else throw error;
    }
  }
  throwIfAny() {
    if (this.list.length === 0) return;
    const [first] = this.list;
    const message = this.list.length === 1 ? first!.message : `${first!.message}（另有 ${this.list.length - 1} 处问题）`;
    throw new DomainError('VALIDATION', message, this.list);
  }
}

const itemName = (item: { genericName: string; spec: string }) => `「${item.genericName} ${item.spec}」`;

/**
 * Checks an order's fields against the rules and resolves each line (pack, ceiling, platform fields):
 * - the receiving store is active and is the central store or a member unit's store (直配);
 * - only 在用 items, each once, in whole purchase packs (and whole platform packs when ordering on a platform);
 * - the supplier qualified today for the items' categories, with a platform code on the profile, and, when the
 *   platform lists distributors for an item, one of them;
 * - a price above the 挂网价 (限价 for consumables and reagents) only with a reason;
 * - 线下 / 应急采购 only with a reason.
 * Every refusal is collected (VALIDATION with its path, e.g. `lines.2.priceMicro`). `linePath` maps a line's
 * index to its path in the caller's input (createFromSuggestions groups lines by supplier).
 */
export function resolveOrder(
  ctx: OperationContext,
  fields: ParsedOrderFields,
  linePath: (i: number) => string = (i) => `lines.${i}`,
): ResolvedOrder {
  const db = ctx.db;
  const today = communityDate(ctx.now);
  const problems = new Problems();
  const store = prepared(
    db.$client,
    `SELECT s.name, s.active, s.is_central AS isCentral, u.is_lead AS isLead, u.active AS unitActive, u.level, u.name AS unitName
     FROM stores s JOIN units u ON u.id = s.unit_id WHERE s.id = ?`,
  ).get(fields.storeId) as
    { name: string; active: number; isCentral: number; isLead: number; unitActive: number; level: UnitLevel; unitName: string } | undefined;
  if (!store) problems.add('storeId', '收货库房不存在');
  else if (store.active !== 1 || store.unitActive !== 1) problems.add('storeId', `收货库房「${store.name}」已停用`);
  else if (store.isCentral !== 1 && store.isLead === 1)
    problems.add('storeId', `「${store.name}」不是收货库房：采购订单收货到中心药库，或直配到成员单位的库房`);

  const channel = fields.channel;
  const onPlatform = channel === 'platform' && fields.platformProfile !== '';
  const profile = channel === 'platform' ? fields.platformProfile : '';
  if (channel !== 'platform' && fields.channelReason.trim() === '') {
    problems.add('channelReason', `${ORDER_CHANNEL_LABELS[channel]}须填写原因（计入网上采购率统计，并须由编制人以外的人审核）`);
  }

  const supplier = prepared(db.$client, 'SELECT name FROM suppliers WHERE id = ?').get(fields.supplierId) as { name: string } | undefined;
  if (!supplier) problems.add('supplierId', '供应商不存在');
  const supplierCode = supplier && profile ? supplierPlatformCode(db, fields.supplierId, profile) : null;
  if (supplier && onPlatform && supplierCode === null) {
    problems.add('supplierId', `供应商「${supplier.name}」在平台 ${profile} 没有登记企业编码（delventpCode），请先在供应商资料中登记`);
  }

  const seen = new Map<number, number>();
  const categories = new Set<ItemCategory>();
  const lines: ResolvedLine[] = [];
  fields.lines.forEach((line, i) => {
    const path = linePath(i);
    const item = loadItem(db, line.itemId);
    if (!item) {
      problems.add(`${path}.itemId`, '目录中没有该品种');
      return;
    }
    const duplicate = seen.get(line.itemId);
    if (duplicate !== undefined)
      problems.add(`${path}.itemId`, `${itemName(item)}与第 ${duplicate + 1} 行重复，同一品种在一张订单中只列一行`);
    seen.set(line.itemId, i);
    if (item.status !== 'active') {
      problems.add(
        `${path}.itemId`,
        `${itemName(item)}当前为「${ITEM_STATUS_LABELS[item.status as keyof typeof ITEM_STATUS_LABELS] ?? item.status}」，只能采购在用品种`,
      );
    }
    // 直配 to a member: only items of that unit's level sub-catalogue (县 / 乡 / 村).
    if (store && store.isCentral !== 1 && !item.levels[store.level]) {
      problems.add(`${path}.itemId`, `${itemName(item)}不在${UNIT_LEVEL_LABELS[store.level]}级目录中，不能直配到「${store.unitName}」`);
    }
    categories.add(item.category as ItemCategory);
    const terms = itemTerms(db, item, today, profile);
    if (line.quantity % terms.packFactor !== 0) {
      problems.add(
        `${path}.quantity`,
        `${itemName(item)}按${terms.packUnit}采购（1 ${terms.packUnit} = ${terms.packFactor} ${item.baseUnit}），${formatQuantity(item.baseUnit, item.packs, line.quantity)}不是整${terms.packUnit}`,
      );
    }
    let platformQuantity: number | null = null;
    if (onPlatform) {
      if (!terms.platformProductId)
        problems.add(`${path}.itemId`, `${itemName(item)}在平台 ${profile} 没有平台编码，请先在目录中维护平台标识`);
      if (line.quantity % terms.platformPackFactor !== 0) {
        problems.add(
          `${path}.quantity`,
          `${itemName(item)}在平台上按 ${terms.platformPackFactor} ${item.baseUnit} 一个包装下单，${line.quantity} ${item.baseUnit}不是整包装`,
        );
      } else platformQuantity = line.quantity / terms.platformPackFactor;
      if (supplier && supplierCode !== null && terms.distributors.length > 0 && !terms.distributors.some((d) => d.code === supplierCode)) {
        const allowed = terms.distributors.map((d) => d.name || d.code).join('、');
        problems.add(`${path}.itemId`, `供应商「${supplier.name}」不是${itemName(item)}在平台 ${profile} 上的配送企业（可选：${allowed}）`);
      }
    }
    const ceiling = terms.ceilingPrice;
    if (ceiling && aboveCeiling(line.priceMicro, terms.packFactor, ceiling) && line.priceReason.trim() === '') {
      const label = PRICE_KIND_LABELS[ceiling.kind];
      problems.add(
        `${path}.priceMicro`,
        `单价 ${formatYuan(line.priceMicro)} 元/${terms.packUnit}高于${label} ${formatYuan(terms.ceilingMicro ?? ceiling.priceMicro)} 元/${terms.packUnit}，须填写超限价原因`,
      );
    }
    lines.push({
      itemId: item.id,
      itemCode: item.code,
      quantity: line.quantity,
      priceMicro: line.priceMicro,
      packUnit: terms.packUnit,
      packFactor: terms.packFactor,
      vbp: line.vbp ?? terms.vbp,
      ceilingMicro: terms.ceilingMicro,
      priceReason: line.priceReason.trim(),
      platformProductId: terms.platformProductId,
      supplierPlatformCode: supplierCode ?? '',
      platformQuantity: onPlatform ? platformQuantity : null,
      memo: line.memo,
    });
  });
  if (supplier && categories.size > 0)
    problems.catch(() => assertSupplierUsable(db, fields.supplierId, { categories: [...categories], onDate: today, path: 'supplierId' }));
  problems.throwIfAny();
  return {
    supplierId: fields.supplierId,
    storeId: fields.storeId,
    channel,
    channelReason: channel === 'platform' ? '' : fields.channelReason.trim(),
    platformProfile: profile,
    expectedOn: fields.expectedOn,
    note: fields.note,
    lines,
  };
}

/** Writes the order's header fields (insert for a new document, update for a draft) and replaces its lines. */
export function writeOrder(ctx: OperationContext, document: DocumentHeader, order: ResolvedOrder, isNew: boolean): void {
  const sqlite = ctx.db.$client;
  const header = {
    documentId: document.id,
    supplierId: order.supplierId,
    storeId: order.storeId,
    channel: order.channel,
    channelReason: order.channelReason,
    platformProfile: order.platformProfile,
    expectedOn: order.expectedOn,
    note: order.note,
  };
  if (isNew) {
    prepared(
      sqlite,
      `INSERT INTO purchase_orders (document_id, supplier_id, store_id, channel, channel_reason, platform_profile, expected_on, note)
       VALUES (@documentId, @supplierId, @storeId, @channel, @channelReason, @platformProfile, @expectedOn, @note)`,
    ).run(header);
  } else {
    prepared(
      sqlite,
      `UPDATE purchase_orders SET supplier_id = @supplierId, store_id = @storeId, channel = @channel, channel_reason = @channelReason,
         platform_profile = @platformProfile, expected_on = @expectedOn, note = @note WHERE document_id = @documentId`,
    ).run(header);
    prepared(sqlite, 'DELETE FROM purchase_order_lines WHERE document_id = ?').run(document.id);
  }
  const insert = prepared(
    sqlite,
    `INSERT INTO purchase_order_lines (document_id, line_no, item_id, quantity, price_micro, pack_unit, pack_factor, vbp, ceiling_micro,
       price_reason, platform_product_id, supplier_platform_code, platform_quantity, hospital_line_id, memo)
     VALUES (@documentId, @lineNo, @itemId, @quantity, @priceMicro, @packUnit, @packFactor, @vbp, @ceilingMicro,
       @priceReason, @platformProductId, @supplierPlatformCode, @platformQuantity, @hospitalLineId, @memo)`,
  );
  order.lines.forEach((line, i) => {
    const { itemCode: _code, ...columns } = line;
    insert.run({
      ...columns,
      documentId: document.id,
      lineNo: i + 1,
      vbp: line.vbp ? 1 : 0,
      hospitalLineId: `${document.number}-${String(i + 1).padStart(3, '0')}`,
    });
  });
  ctx.audit({
    target: `${purchaseOrderType.type}:${document.number}`,
    summary: {
      [isNew ? 'created' : 'updated']: {
        supplierId: order.supplierId,
        storeId: order.storeId,
        channel: order.channel,
        channelReason: order.channelReason,
        platformProfile: order.platformProfile,
        expectedOn: order.expectedOn,
        lines: order.lines.map((l) => ({
          item: l.itemCode,
          quantity: l.quantity,
          price: formatYuan(l.priceMicro),
          pack: `${l.packUnit}/${l.packFactor}`,
          vbp: l.vbp,
          ...(l.priceReason ? { priceReason: l.priceReason } : {}),
        })),
      },
    },
  });
}

/* ───────────── reading ───────────── */

// Who made and approved it, by the name people sign with (the system actor keeps its own name).
const HEADER_SQL = `SELECT d.id, d.number, d.state, d.version, d.posted, d.created_at AS createdAt,
    COALESCE((SELECT cu.display_name FROM users cu WHERE cu.id = d.created_by_user_id), d.created_by) AS createdBy,
    d.created_by_user_id AS createdByUserId, d.updated_at AS updatedAt, d.updated_by AS updatedBy,
    p.supplier_id AS supplierId, su.name AS supplierName, su.uscc AS supplierUscc, p.store_id AS storeId, s.name AS storeName,
    s.unit_id AS unitId, u.name AS unitName, s.is_central AS isCentral, p.channel, p.channel_reason AS channelReason,
    p.platform_profile AS platformProfile, p.expected_on AS expectedOn, p.note,
    (SELECT COALESCE(au.display_name, e.actor_name) FROM document_events e LEFT JOIN users au ON au.id = e.actor_user_id
       WHERE e.document_id = d.id AND e.transition = 'approve') AS approvedBy,
    (SELECT e.at FROM document_events e WHERE e.document_id = d.id AND e.transition = 'approve') AS approvedAt,
    (SELECT f.order_code FROM purchase_order_platform_feedback f JOIN purchase_order_lines l ON l.id = f.order_line_id
       WHERE l.document_id = d.id ORDER BY f.id DESC LIMIT 1) AS orderCode
  FROM documents d JOIN purchase_orders p ON p.document_id = d.id JOIN suppliers su ON su.id = p.supplier_id
    JOIN stores s ON s.id = p.store_id JOIN units u ON u.id = s.unit_id`;

interface HeaderRow {
  id: number;
  number: string;
  state: OrderState;
  version: number;
  posted: number;
  createdAt: string;
  createdBy: string;
  createdByUserId: number | null;
  updatedAt: string;
  updatedBy: string;
  supplierId: number;
  supplierName: string;
  supplierUscc: string;
  storeId: number;
  storeName: string;
  unitId: number;
  unitName: string;
  isCentral: number;
  channel: OrderHeader['channel'];
  channelReason: string;
  platformProfile: string;
  expectedOn: string | null;
  note: string;
  approvedBy: string | null;
  approvedAt: string | null;
  orderCode: string | null;
}

interface LineRow {
  id: number;
  lineNo: number;
  itemId: number;
  itemCode: string;
  genericName: string;
  tradeName: string;
  dosageForm: string;
  spec: string;
  manufacturer: string;
  approvalNo: string;
  category: string;
  baseUnit: string;
  packs: string;
  quantity: number;
  packUnit: string;
  packFactor: number;
  priceMicro: number;
  vbp: number;
  ceilingMicro: number | null;
  priceReason: string;
  platformProductId: string;
  supplierPlatformCode: string;
  platformQuantity: number | null;
  hospitalLineId: string;
  memo: string;
}

const LINES_SQL = `SELECT l.id, l.line_no AS lineNo, l.item_id AS itemId, i.code AS itemCode, i.generic_name AS genericName, i.trade_name AS tradeName,
    i.dosage_form AS dosageForm, i.spec, i.manufacturer, i.approval_no AS approvalNo, i.category, i.base_unit AS baseUnit, i.packs,
    l.quantity, l.pack_unit AS packUnit, l.pack_factor AS packFactor, l.price_micro AS priceMicro, l.vbp, l.ceiling_micro AS ceilingMicro,
    l.price_reason AS priceReason, l.platform_product_id AS platformProductId, l.supplier_platform_code AS supplierPlatformCode,
    l.platform_quantity AS platformQuantity, l.hospital_line_id AS hospitalLineId, l.memo
  FROM purchase_order_lines l JOIN formulary_items i ON i.id = l.item_id WHERE l.document_id = ? ORDER BY l.line_no`;

const lineStateText = (state: string) => (PLATFORM_LINE_STATES as Record<string, string>)[state] ?? state;

function feedbackByLine(db: Db, orderId: number): Map<number, OrderLine['feedback']> {
  const rows = prepared(
    db.$client,
    `SELECT f.order_line_id AS lineId, f.order_code AS orderCode, f.platform_line_id AS platformLineId, f.line_state AS lineState,
       f.recorded_at AS recordedAt, f.recorded_by AS recordedBy
     FROM purchase_order_platform_feedback f JOIN purchase_order_lines l ON l.id = f.order_line_id WHERE l.document_id = ? ORDER BY f.id`,
  ).all(orderId) as ({ lineId: number } & Omit<NonNullable<OrderLine['feedback']>, 'lineStateText'>)[];
  const latest = new Map<number, OrderLine['feedback']>();
  for (const { lineId, ...row } of rows) latest.set(lineId, { ...row, lineStateText: lineStateText(row.lineState) });
  return latest;
}

function toHeader(row: HeaderRow, lineCount: number, totalMicro: number): OrderHeader {
  const { createdByUserId: _user, isCentral, posted, orderCode, ...rest } = row;
  return {
    ...rest,
    status: row.state,
    stateLabel: purchaseOrderType.states[row.state]?.label ?? row.state,
    posted: posted === 1,
    orderDate: communityDate(new Date(row.createdAt)),
    direct: isCentral !== 1,
    lineCount,
    totalMicro,
    orderCode: orderCode ?? '',
  };
}

export function readOrderLines(db: Db, orderId: number): OrderLine[] {
  const rows = prepared(db.$client, LINES_SQL).all(orderId) as LineRow[];
  const received = receivedByLine(db, orderId);
  const feedback = feedbackByLine(db, orderId);
  return rows.map((row) => {
    const got = received.get(row.id) ?? 0;
    return {
      ...row,
      packs: JSON.parse(row.packs) as OrderLine['packs'],
      packQuantity: row.quantity / row.packFactor,
      amountMicro: lineAmountMicro(row.quantity, row),
      vbp: row.vbp === 1,
      received: got,
      outstanding: Math.max(0, row.quantity - got),
      feedback: feedback.get(row.id) ?? null,
    };
  });
}

function headerRow(db: Db, id: number): HeaderRow {
  const row = prepared(db.$client, `${HEADER_SQL} WHERE d.id = ? AND d.type = 'purchase_order'`).get(id) as HeaderRow | undefined;
  if (!row) throw notFound('采购订单');
  return row;
}

/** The order with its lines (received, outstanding, the platform's latest feedback per line). */
export function readOrder(db: Db, id: number): Order {
  const row = headerRow(db, id);
  const lines = readOrderLines(db, id);
  return {
    ...toHeader(
      row,
      lines.length,
      lines.reduce((sum, l) => sum + l.amountMicro, 0),
    ),
    lines,
  };
}

/** Who created the order (a user id; null for the system actor). */
export function orderCreator(db: Db, id: number): number | null {
  return headerRow(db, id).createdByUserId;
}

/** The order's lifecycle events, oldest first, each actor by display name. */
export function orderEvents(db: Db, id: number) {
  const transitions = purchaseOrderType.transitions as Record<string, { label: string }>;
  const names = prepared(
    db.$client,
    `SELECT e.version, COALESCE(u.display_name, e.actor_name) AS name FROM document_events e LEFT JOIN users u ON u.id = e.actor_user_id
     WHERE e.document_id = ?`,
  ).all(id) as { version: number; name: string }[];
  const byVersion = new Map(names.map((n) => [n.version, n.name]));
  return documentEvents(db, id).map((e) => ({
    ...e,
    actorName: byVersion.get(e.version) ?? e.actorName,
    transitionLabel:
      e.transition === 'create' ? '新建' : e.transition === 'update' ? '修改' : (transitions[e.transition]?.label ?? e.transition),
  }));
}

/* ───────────── the list ───────────── */

export interface ListFilter {
  state?: OrderState | undefined;
  open?: boolean | undefined;
  supplierId?: number | undefined;
  storeId?: number | undefined;
  unitId?: number | undefined;
  channel?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

/** The community day `date` starts at, as a UTC instant (UTC+8). */
const dayStart = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();
const nextDayStart = (date: string) => new Date(Date.parse(`${date}T00:00:00+08:00`) + 86_400_000).toISOString();

const LIST_WHERE = `WHERE d.type = 'purchase_order'
    AND (@units IS NULL OR s.unit_id IN (SELECT value FROM json_each(@units)))
    AND (@state IS NULL OR d.state = @state)
    AND (@open = 0 OR d.state IN ('approved', 'sent', 'partly_received'))
    AND (@supplierId IS NULL OR p.supplier_id = @supplierId)
    AND (@storeId IS NULL OR p.store_id = @storeId)
    AND (@unitId IS NULL OR s.unit_id = @unitId)
    AND (@channel IS NULL OR p.channel = @channel)
    AND (@fromAt IS NULL OR d.created_at >= @fromAt)
    AND (@toAt IS NULL OR d.created_at < @toAt)
    AND (@q IS NULL OR d.number LIKE @q OR su.name LIKE @q OR s.name LIKE @q OR u.name LIKE @q)`;

export function listOrders(ctx: OperationContext, filter: ListFilter): { orders: OrderRow[]; total: number } {
  const params = {
    units: ctx.scope.units === null ? null : JSON.stringify(ctx.scope.units),
    state: filter.state ?? null,
    open: filter.open ? 1 : 0,
    supplierId: filter.supplierId ?? null,
    storeId: filter.storeId ?? null,
    unitId: filter.unitId ?? null,
    channel: filter.channel ?? null,
    fromAt: filter.from ? dayStart(filter.from) : null,
    toAt: filter.to ? nextDayStart(filter.to) : null,
    q: filter.q ? `%${filter.q.replace(/[%_]/g, '')}%` : null,
  };
  const sqlite = ctx.db.$client;
  const total = (
    prepared(
      sqlite,
      `SELECT count(*) AS n FROM documents d JOIN purchase_orders p ON p.document_id = d.id JOIN suppliers su ON su.id = p.supplier_id
         JOIN stores s ON s.id = p.store_id JOIN units u ON u.id = s.unit_id ${LIST_WHERE}`,
    ).get(params) as { n: number }
  ).n;
  const rows = prepared(sqlite, `${HEADER_SQL} ${LIST_WHERE} ORDER BY d.id DESC LIMIT @limit OFFSET @offset`).all({
    ...params,
    limit: filter.pageSize,
    offset: (filter.page - 1) * filter.pageSize,
  }) as HeaderRow[];
  const linesOf = prepared(
    sqlite,
    'SELECT quantity, price_micro AS priceMicro, pack_factor AS packFactor FROM purchase_order_lines WHERE document_id = ?',
  );
  const orders = rows.map((row) => {
    const lines = linesOf.all(row.id) as { quantity: number; priceMicro: number; packFactor: number }[];
    const header = toHeader(
      row,
      lines.length,
      lines.reduce((sum, l) => sum + lineAmountMicro(l.quantity, l), 0),
    );
    return {
      ...header,
      channelText: ORDER_CHANNEL_LABELS[header.channel],
      totalText: formatYuan(header.totalMicro),
      directText: header.direct ? '是' : '',
    };
  });
  return { orders, total };
}

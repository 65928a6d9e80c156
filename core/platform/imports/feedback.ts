import { prepared } from '../../../db/statements.js';
import { PLATFORM_LINE_STATE_CODES } from '../../api/platform.js';
import type { PlatformImportPreview } from '../../api/platform-imports.js';
import { purchaseOrderRecordPlatformFeedback } from '../../api/purchasing.js';
import type { OperationContext } from '../../context.js';
import { conflict, DomainError, forbidden } from '../../errors.js';
import { purchaseOrderType } from '../../purchasing/order-type.js';
import { purchaseOrderHandlers } from '../../purchasing/operations.js';
import { actorHas } from '../../scope.js';
import { logExchange, PlanBuilder, refuseRejected, syncHandler, type ReadFile } from './common.js';

/**
 * 订单回执导入: each row (`ordCode`, `ordDetlId`, `hospPurcDetlId`, the line state through the profile's value map)
 * is matched to our order line by `hospPurcDetlId`; rows of one order go to `purchaseOrder.recordPlatformFeedback`
 * (its own handler, so its rules and audit entry are the ones used) in one call per order. A row that says what
 * the platform last said about the line is unchanged.
 */

interface LineRow {
  id: number;
  lineNo: number;
  orderId: number;
  orderNumber: string;
  orderState: string;
  hospitalLineId: string;
  genericName: string;
  spec: string;
  lastCode: string | null;
  lastPlatformLineId: string | null;
  lastState: string | null;
}

/** The order states that take feedback: sent to the platform, or past it (a cancelled order's 已撤销 too). */
const NO_FEEDBACK_STATES = new Set(['draft', 'discarded']);

interface OrderFeedback {
  orderId: number;
  orderNumber: string;
  orderCode: string;
  lines: { row: number; hospitalLineId: string; platformLineId: string; lineState: string }[];
}

const stateText = (value: string) => PLATFORM_LINE_STATE_CODES.find((c) => c.value === value)?.label ?? value;

export function planFeedback(ctx: OperationContext, file: ReadFile): { preview: PlatformImportPreview; orders: OrderFeedback[] } {
  const plan = new PlanBuilder(file);
  const ids = [...new Set(plan.rows().map((r) => r.values.hospPurcDetlId ?? ''))];
  const lines = new Map(
    (prepared(
      ctx.db.$client,
      `SELECT l.id, l.line_no AS lineNo, l.document_id AS orderId, d.number AS orderNumber, d.state AS orderState, l.hospital_line_id AS hospitalLineId,
         i.generic_name AS genericName, i.spec, f.order_code AS lastCode, f.platform_line_id AS lastPlatformLineId, f.line_state AS lastState
       FROM purchase_order_lines l JOIN documents d ON d.id = l.document_id JOIN formulary_items i ON i.id = l.item_id
         LEFT JOIN purchase_order_platform_feedback f ON f.id = (SELECT MAX(g.id) FROM purchase_order_platform_feedback g WHERE g.order_line_id = l.id)
       WHERE l.hospital_line_id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(ids)) as LineRow[]).map((l) => [l.hospitalLineId, l]),
  );
  const orders = new Map<number, OrderFeedback>();
  const seen = new Map<string, number>();
  for (const r of plan.rows()) {
    const v = r.values;
    const row = r.rowNumber;
    const line = lines.get(v.hospPurcDetlId!);
    if (!line) {
      plan.reject(row, 'hospPurcDetlId', `医院采购明细ID ${v.hospPurcDetlId} 不是本院的采购订单明细`);
      continue;
    }
    const twice = seen.get(line.hospitalLineId);
    if (twice !== undefined) {
      plan.reject(row, 'hospPurcDetlId', `医院采购明细ID ${line.hospitalLineId} 在文件中出现了两次（第 ${twice} 行和第 ${row} 行）`);
      continue;
    }
    seen.set(line.hospitalLineId, row);
    if (NO_FEEDBACK_STATES.has(line.orderState)) {
      const label = purchaseOrderType.states[line.orderState as keyof typeof purchaseOrderType.states]?.label ?? line.orderState;
      plan.reject(row, 'hospPurcDetlId', `采购订单 ${line.orderNumber} 当前为「${label}」，不能登记平台回执`);
      continue;
    }
    let order = orders.get(line.orderId);
    if (order && order.orderCode !== v.ordCode) {
      plan.reject(row, 'ordCode', `订单 ${line.orderNumber} 的平台订单号在第 ${order.lines[0]!.row} 行是 ${order.orderCode}，一张订单只能有一个`);
      continue;
    }
    if (line.lastCode === v.ordCode && line.lastPlatformLineId === v.ordDetlId && line.lastState === v.lineState) {
      plan.unchanged++;
      continue;
    }
    if (!order) {
      order = { orderId: line.orderId, orderNumber: line.orderNumber, orderCode: v.ordCode!, lines: [] };
      orders.set(line.orderId, order);
    }
    order.lines.push({ row, hospitalLineId: line.hospitalLineId, platformLineId: v.ordDetlId!, lineState: v.lineState! });
    const before = line.lastState ? `${stateText(line.lastState)} → ` : '';
    plan.change({
      row,
      key: v.ordDetlId!,
      target: `${line.orderNumber} 第 ${line.lineNo} 行 ${line.genericName} ${line.spec}`,
      change: `平台订单号 ${v.ordCode}，明细ID ${v.ordDetlId}，状态 ${before}${stateText(v.lineState!)}`,
      group: line.orderNumber,
    });
  }
  const list = [...orders.values()];
  return { preview: plan.preview({ orders: list.length, lines: list.reduce((n, o) => n + o.lines.length, 0) }), orders: list };
}

export function commitFeedback(ctx: OperationContext, file: ReadFile) {
  if (!ctx.actor || !actorHas(ctx.actor, 'purchase.manage')) throw forbidden('导入订单回执会更新采购订单，需要采购管理权限');
  const { preview, orders } = planFeedback(ctx, file);
  refuseRejected(preview);
  const record = syncHandler(purchaseOrderHandlers['purchaseOrder.recordPlatformFeedback']);
  const documents = orders.map((o) => {
    const input = purchaseOrderRecordPlatformFeedback.input.parse({
      id: o.orderId,
      orderCode: o.orderCode,
      lines: o.lines.map((l) => ({ hospitalLineId: l.hospitalLineId, platformLineId: l.platformLineId, lineState: l.lineState })),
    });
    try {
      const { order } = record(ctx, input);
      return { id: order.id, number: order.number, kind: 'order', label: `平台订单号 ${o.orderCode}` };
    } catch (error) {
      if (error instanceof DomainError) throw conflict(`第 ${o.lines[0]!.row} 行（订单 ${o.orderNumber}）：${error.message}`, error.fields);
      throw error;
    }
  });
  const exchangeId = logExchange(ctx, file.profile.name, 'order_feedback_in', file.fileName, file.read.rows.length, {
    ...preview.counts,
    orders: documents.map((d) => d.number),
  });
  ctx.audit({ target: `platform:${file.profile.name}:order_feedback_in`, summary: { file: file.fileName, exchangeId, ...preview.counts } });
  return { preview, exchangeId, documents };
}

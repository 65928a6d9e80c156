/**
 * Distribution to member units: the vocabularies shared by requisitions (请领单), shipments (调拨单) and member
 * returns (退库单), discrepancies at receipt (签收差异), stocktakes (盘点单), consumption (消耗出库单), recalls (召回单)
 * and budgets (全面预算). The operations live in their own contract files (requisitions.ts, shipments.ts,
 * member-stock.ts, recalls.ts); the document types (core/distribution/document-types.ts) declare who moves
 * each state. db/schema.ts keeps a copy of every list its CHECKs enforce (test/unit/schema-enums.test.ts).
 */
import type { UnitLevel } from './units.js';

/** 请领单: 草稿 → 已提交 → (村卫生室经乡镇审核: 乡镇已审核) → 已审核 / 已驳回 → 已配货 → 已发出 → 已签收; 已撤销, 已关闭 (欠货不再配送). */
export const REQUISITION_STATES = ['draft', 'submitted', 'reviewed', 'approved', 'rejected', 'allocated', 'shipped', 'received', 'cancelled', 'closed'] as const;
export type RequisitionState = (typeof REQUISITION_STATES)[number];

/** Which way a shipment goes: 调拨 (central store → member store) or 退库 (member store → central store). */
export const SHIPMENT_KINDS = ['transfer', 'return'] as const;
export type ShipmentKind = (typeof SHIPMENT_KINDS)[number];

/** 调拨单: 已配货 (reserved) → 已发出 (in transit, posted) → 已签收; 已取消 (reservations released). */
export const SHIPMENT_STATES = ['allocated', 'shipped', 'received', 'cancelled'] as const;
export type ShipmentState = (typeof SHIPMENT_STATES)[number];

/** 退库单: 草稿 (reserved at the member store) → 待审核 → 已批准 → 已发出 → 已签收 (by the centre); 已驳回 / 已作废. */
export const MEMBER_RETURN_STATES = ['draft', 'submitted', 'approved', 'rejected', 'shipped', 'received', 'cancelled'] as const;
export type MemberReturnState = (typeof MEMBER_RETURN_STATES)[number];

/** Why a 退库 is made. */
export const MEMBER_RETURN_REASONS = ['near_expiry', 'overstock', 'quality', 'recall', 'redistribution', 'other'] as const;
export type MemberReturnReason = (typeof MEMBER_RETURN_REASONS)[number];

/** How a received line differs from what was shipped. */
export const DISCREPANCY_KINDS = ['short', 'damaged', 'excess'] as const;
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];

/** 待处理 → (报损待第二人审批) → 已处理. */
export const DISCREPANCY_STATUSES = ['open', 'pending_write_off', 'resolved'] as const;
export type DiscrepancyStatus = (typeof DISCREPANCY_STATUSES)[number];

/**
 * How an open discrepancy is resolved: 已找到 (in transit → the receiving store), 退回发货方 (in transit → back to the
 * sending store), 报损 (written off from transit, second person's approval), 重新发货 (back to the sender and
 * allocated again on a new shipment), for an excess: 确认多发 (the sender's stock moves to the receiver) or 退回多发
 * (the surplus goes back; nothing was booked).
 */
export const DISCREPANCY_RESOLUTIONS = ['found', 'returned', 'write_off', 'reshipped', 'excess_accepted', 'excess_returned'] as const;
export type DiscrepancyResolution = (typeof DISCREPANCY_RESOLUTIONS)[number];

/** 盘点单: 盘点中 (a snapshot of the book quantities) → 已过账 (103 盘盈 / 104 盘损); 已作废. */
export const STOCKTAKE_STATES = ['counting', 'posted', 'voided'] as const;
export type StocktakeState = (typeof STOCKTAKE_STATES)[number];

/** 消耗出库单: period totals per item from the member's HIS, 草稿 → 已过账 (107, first expiry first); 作废, 冲销. */
export const CONSUMPTION_STATES = ['draft', 'posted', 'voided', 'reversed', 'reversal'] as const;
export type ConsumptionState = (typeof CONSUMPTION_STATES)[number];

/** To whom the stock went: patients (门诊/住院发药) or a department (科室领用). */
export const CONSUMPTION_TARGETS = ['patients', 'department'] as const;
export type ConsumptionTarget = (typeof CONSUMPTION_TARGETS)[number];

/** 召回单: 召回中 (batches frozen everywhere, returns under way) → 已结束. */
export const RECALL_STATES = ['open', 'closed'] as const;
export type RecallState = (typeof RECALL_STATES)[number];

/** What happens when a requisition would exceed its unit's budget: 禁止 or 提醒. */
export const BUDGET_RULES = ['block', 'warn'] as const;
export type BudgetRule = (typeof BUDGET_RULES)[number];

export const REQUISITION_STATE_LABELS: Readonly<Record<RequisitionState, string>> = {
  draft: '草稿',
  submitted: '已提交',
  reviewed: '乡镇已审核',
  approved: '已审核',
  rejected: '已驳回',
  allocated: '已配货',
  shipped: '已发出',
  received: '已签收',
  cancelled: '已撤销',
  closed: '已关闭',
};
export const SHIPMENT_KIND_LABELS: Readonly<Record<ShipmentKind, string>> = { transfer: '调拨', return: '退库' };
export const SHIPMENT_STATE_LABELS: Readonly<Record<ShipmentState, string>> = { allocated: '已配货', shipped: '已发出', received: '已签收', cancelled: '已取消' };
export const MEMBER_RETURN_STATE_LABELS: Readonly<Record<MemberReturnState, string>> = {
  draft: '草稿',
  submitted: '待审核',
  approved: '已批准',
  rejected: '已驳回',
  shipped: '已发出',
  received: '已签收',
  cancelled: '已作废',
};
export const MEMBER_RETURN_REASON_LABELS: Readonly<Record<MemberReturnReason, string>> = {
  near_expiry: '近效期',
  overstock: '积压',
  quality: '质量问题',
  recall: '召回',
  redistribution: '调剂',
  other: '其他',
};
export const DISCREPANCY_KIND_LABELS: Readonly<Record<DiscrepancyKind, string>> = { short: '短少', damaged: '破损', excess: '多发' };
export const DISCREPANCY_STATUS_LABELS: Readonly<Record<DiscrepancyStatus, string>> = { open: '待处理', pending_write_off: '报损待审批', resolved: '已处理' };
export const DISCREPANCY_RESOLUTION_LABELS: Readonly<Record<DiscrepancyResolution, string>> = {
  found: '已找到',
  returned: '退回发货方',
  write_off: '报损',
  reshipped: '重新发货',
  excess_accepted: '确认多发',
  excess_returned: '退回多发',
};
export const STOCKTAKE_STATE_LABELS: Readonly<Record<StocktakeState, string>> = { counting: '盘点中', posted: '已过账', voided: '已作废' };
export const CONSUMPTION_STATE_LABELS: Readonly<Record<ConsumptionState, string>> = {
  draft: '草稿',
  posted: '已过账',
  voided: '已作废',
  reversed: '已冲销',
  reversal: '冲销单',
};
export const CONSUMPTION_TARGET_LABELS: Readonly<Record<ConsumptionTarget, string>> = { patients: '患者发药', department: '科室领用' };
export const RECALL_STATE_LABELS: Readonly<Record<RecallState, string>> = { open: '召回中', closed: '已结束' };
export const BUDGET_RULE_LABELS: Readonly<Record<BudgetRule, string>> = { block: '超预算禁止', warn: '超预算提醒' };

/** Per level of the receiving unit (县 / 乡 / 村). */
export type PerLevel = Record<UnitLevel, number>;

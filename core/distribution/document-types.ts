import { defineDocumentType } from '../documents/lifecycle.js';

/**
 * The document types of distribution to member units, on the one lifecycle (core/documents/lifecycle.ts).
 * Their tables are in 0005_distribution.sql; which command takes which transition is in each module.
 */

/**
 * 请领单 (QL): a member unit asks the central store for stock. 草稿 → 已提交 → (村卫生室 via its township centre when
 * the community routes it so: 乡镇已审核) → 已审核 (posted: the approved quantities are fixed) / 已驳回. After
 * approval its state follows its shipments (`refreshRequisitionProgress`): 已配货 while one is allocated, 已发出
 * while one is on its way, 已签收 when all arrived; 已关闭 when the officer closes what is still back-ordered.
 */
export const requisitionType = defineDocumentType({
  type: 'requisition',
  label: '请领单',
  series: 'QL',
  states: {
    draft: { label: '草稿' },
    submitted: { label: '已提交' },
    reviewed: { label: '乡镇已审核' },
    approved: { label: '已审核', posted: true },
    rejected: { label: '已驳回', posted: true },
    allocated: { label: '已配货', posted: true },
    shipped: { label: '已发出', posted: true },
    received: { label: '已签收', posted: true },
    cancelled: { label: '已撤销', posted: true },
    closed: { label: '已关闭', posted: true },
  },
  initial: 'draft',
  createPermission: 'requisition.request',
  transitions: {
    submit: { label: '提交', from: ['draft'], to: 'submitted', permission: 'requisition.request' },
    review: { label: '乡镇审核', from: ['submitted'], to: 'reviewed', permission: 'requisition.review' },
    // The township centre sends a village clinic's requisition back (it may be revised and submitted again).
    send_back: { label: '退回修改', from: ['submitted'], to: 'draft', permission: 'requisition.review' },
    approve: { label: '审核', from: ['submitted', 'reviewed'], to: 'approved', permission: 'requisition.approve', posts: true },
    reject: { label: '驳回', from: ['submitted', 'reviewed'], to: 'rejected', permission: 'requisition.approve', posts: true },
    cancel: { label: '撤销', from: ['draft', 'submitted'], to: 'cancelled', permission: 'requisition.request', posts: true },
    allocate: { label: '配货', from: ['approved', 'shipped', 'received'], to: 'allocated', permission: 'distribution.ship' },
    ship: { label: '发货', from: ['allocated'], to: 'shipped', permission: 'distribution.ship' },
    receive: { label: '签收', from: ['shipped', 'allocated'], to: 'received', permission: 'stock.receive' },
    unallocate: { label: '取消配货', from: ['allocated'], to: 'approved', permission: 'distribution.ship' },
    close: { label: '关闭欠货', from: ['approved', 'allocated', 'shipped', 'received'], to: 'closed', permission: 'requisition.approve' },
  },
});

/**
 * 调拨单 (DB): central store → member store. 已配货 (FEFO batches reserved; the pick list) → 已发出 (posted: central store
 * → the member's in-transit location, 102) → 已签收 (in transit → the member store, 101; differences stay in transit
 * as discrepancies); 已取消 releases the reservations.
 */
export const shipmentType = defineDocumentType({
  type: 'shipment',
  label: '调拨单',
  series: 'DB',
  states: {
    allocated: { label: '已配货' },
    shipped: { label: '已发出', posted: true },
    received: { label: '已签收', posted: true },
    cancelled: { label: '已取消', posted: true },
  },
  initial: 'allocated',
  createPermission: 'distribution.ship',
  transitions: {
    ship: { label: '发货', from: ['allocated'], to: 'shipped', permission: 'distribution.ship', posts: true },
    receive: { label: '签收', from: ['shipped'], to: 'received', permission: 'stock.receive' },
    cancel: { label: '取消', from: ['allocated'], to: 'cancelled', permission: 'distribution.ship', posts: true },
  },
});

/**
 * 退库单 (TK): member store → central store (near expiry, overstock, quality, a recall, 调剂). 草稿 (batches reserved
 * at the member store) → 待审核 → 已批准 (the pharmacy officer) → 已发出 (posted: member store → the centre's
 * in-transit location) → 已签收 (by the central store, differences as for a transfer); 已驳回 / 已作废 release the
 * reservations. A recall or a redistribution (调剂) ordered by the centre starts approved (`direct`). Created by whoever the operation admits
 * (a member pharmacist's 退库, the officer's recall): the contracts gate who may call.
 */
export const memberReturnType = defineDocumentType({
  type: 'member_return',
  label: '退库单',
  series: 'TK',
  states: {
    draft: { label: '草稿' },
    submitted: { label: '待审核' },
    approved: { label: '已批准' },
    rejected: { label: '已驳回', posted: true },
    shipped: { label: '已发出', posted: true },
    received: { label: '已签收', posted: true },
    cancelled: { label: '已作废', posted: true },
  },
  initial: 'draft',
  createPermission: 'requisition.read',
  transitions: {
    submit: { label: '提交', from: ['draft'], to: 'submitted', permission: 'stock.adjust' },
    approve: { label: '批准', from: ['submitted'], to: 'approved', permission: 'requisition.approve' },
    // The centre orders the return itself (a recall, a 调剂): it starts approved.
    direct: { label: '中心发起', from: ['draft'], to: 'approved', permission: 'stock.recall' },
    reject: { label: '驳回', from: ['submitted'], to: 'rejected', permission: 'requisition.approve', posts: true },
    ship: { label: '发出', from: ['approved'], to: 'shipped', permission: 'stock.adjust', posts: true },
    receive: { label: '签收', from: ['shipped'], to: 'received', permission: 'stock.receive' },
    cancel: { label: '作废', from: ['draft', 'submitted', 'approved'], to: 'cancelled', permission: 'stock.adjust', posts: true },
  },
});

/**
 * 盘点单 (PD): 盘点中 (a snapshot of the store's book quantities per batch; counts are entered meanwhile, and the
 * store keeps moving) → 已过账 (103 盘盈 / 104 盘损 of counted − book at the snapshot); 已作废.
 */
export const stocktakeType = defineDocumentType({
  type: 'stocktake',
  label: '盘点单',
  series: 'PD',
  states: {
    counting: { label: '盘点中' },
    posted: { label: '已过账', posted: true },
    voided: { label: '已作废', posted: true },
  },
  initial: 'counting',
  createPermission: 'stock.adjust',
  transitions: {
    post: { label: '过账', from: ['counting'], to: 'posted', permission: 'stock.adjust', posts: true },
    void: { label: '作废', from: ['counting'], to: 'voided', permission: 'stock.adjust', posts: true },
  },
});

/** 消耗出库单 (CK): a period's totals per item (107, first expiry first), 草稿 → 已过账; 作废; 冲销. */
export const consumptionType = defineDocumentType({
  type: 'consumption',
  label: '消耗出库单',
  series: 'CK',
  states: {
    draft: { label: '草稿' },
    posted: { label: '已过账', posted: true },
    voided: { label: '已作废', posted: true },
    reversed: { label: '已冲销', posted: true },
    reversal: { label: '冲销单', posted: true },
  },
  initial: 'draft',
  createPermission: 'stock.adjust',
  transitions: {
    post: { label: '过账', from: ['draft'], to: 'posted', permission: 'stock.adjust', posts: true },
    void: { label: '作废', from: ['draft'], to: 'voided', permission: 'stock.adjust', posts: true },
    reverse: { label: '冲销', from: ['posted'], to: 'reversed', permission: 'stock.adjust' },
  },
  reversal: { transition: 'reverse', state: 'reversal' },
});

/** 召回单 (ZH): 召回中 (the batch frozen everywhere, returns created) → 已结束. */
export const recallType = defineDocumentType({
  type: 'recall',
  label: '召回单',
  series: 'ZH',
  states: {
    open: { label: '召回中' },
    closed: { label: '已结束', posted: true },
  },
  initial: 'open',
  createPermission: 'stock.recall',
  transitions: {
    close: { label: '结束召回', from: ['open'], to: 'closed', permission: 'stock.recall', posts: true },
  },
});

import type { AdjustmentKind } from '../api/stock.js';
import type { ChangeType } from '../api/stock.js';
import { defineDocumentType, type DocumentType } from '../documents/lifecycle.js';

/**
 * The document types that adjust stock outside buying and transfers, one per number series. Each posts through
 * the stock ledger (core/stock/ledger.ts) and is cancelled by 冲销 (a reversing document with reversing moves).
 */

/** 退货单 (TH): 草稿 → 已退货 (109, back to the supplier the batches came from); a draft is 作废 (voided, kept). */
export const returnType = defineDocumentType({
  type: 'stock_return',
  label: '退货单',
  series: 'TH',
  states: {
    draft: { label: '草稿' },
    posted: { label: '已退货', posted: true },
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

/**
 * 报损单 (BS): 草稿 → 待审批 → 已审批 (posted: 105 销毁) or 已驳回 (revised and submitted again). Approved by a
 * second person: the approver is none of the people who created, edited or submitted it (stock.approve).
 */
export const lossType = defineDocumentType({
  type: 'stock_loss',
  label: '报损单',
  series: 'BS',
  states: {
    draft: { label: '草稿' },
    submitted: { label: '待审批' },
    rejected: { label: '已驳回' },
    posted: { label: '已审批', posted: true },
    voided: { label: '已作废', posted: true },
    reversed: { label: '已冲销', posted: true },
    reversal: { label: '冲销单', posted: true },
  },
  initial: 'draft',
  createPermission: 'stock.adjust',
  transitions: {
    submit: { label: '提交审批', from: ['draft', 'rejected'], to: 'submitted', permission: 'stock.adjust' },
    approve: { label: '审批', from: ['submitted'], to: 'posted', permission: 'stock.approve', posts: true },
    reject: { label: '驳回', from: ['submitted'], to: 'rejected', permission: 'stock.approve' },
    void: { label: '作废', from: ['draft', 'rejected'], to: 'voided', permission: 'stock.adjust', posts: true },
    reverse: { label: '冲销', from: ['posted'], to: 'reversed', permission: 'stock.adjust' },
  },
  reversal: { transition: 'reverse', state: 'reversal' },
});

/** 其他出入库单 (QT): 其他入库 (106) or 其他出库 (107), 草稿 → 已过账. */
export const otherType = defineDocumentType({
  type: 'stock_other',
  label: '其他出入库单',
  series: 'QT',
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

/** Transitions any of the three may declare (a document type is looked up by its kind). */
export type AdjustmentTransition = 'post' | 'submit' | 'approve' | 'reject' | 'reverse' | 'void';

export const ADJUSTMENT_TYPES: Record<AdjustmentKind, DocumentType> = {
  return: returnType,
  loss: lossType,
  other_in: otherType,
  other_out: otherType,
};

export const ADJUSTMENT_DOCUMENT_TYPES = [returnType, lossType, otherType] as const;

/** The 3502 change type of a kind's moves, and which way they go. */
export const ADJUSTMENT_MOVES: Record<AdjustmentKind, { changeType: ChangeType; direction: 'in' | 'out' }> = {
  return: { changeType: '109', direction: 'out' },
  loss: { changeType: '105', direction: 'out' },
  other_in: { changeType: '106', direction: 'in' },
  other_out: { changeType: '107', direction: 'out' },
};

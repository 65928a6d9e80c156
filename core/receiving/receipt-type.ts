import { defineDocumentType } from '../documents/lifecycle.js';

/**
 * 入库验收单: 草稿 → 已验收 (posted: batches, moves 108, balances, trace codes, the order's progress — one
 * transaction). A posted receipt is cancelled by 冲销 (a reversing receipt with negated moves); a draft is 作废.
 */
export const receiptType = defineDocumentType({
  type: 'receipt',
  label: '入库验收单',
  series: 'RK',
  states: {
    draft: { label: '草稿' },
    posted: { label: '已验收', posted: true },
    voided: { label: '已作废', posted: true },
    reversed: { label: '已冲销', posted: true },
    reversal: { label: '冲销单', posted: true },
  },
  initial: 'draft',
  createPermission: 'stock.receive',
  transitions: {
    post: { label: '验收入库', from: ['draft'], to: 'posted', permission: 'stock.receive', posts: true },
    void: { label: '作废', from: ['draft'], to: 'voided', permission: 'stock.receive', posts: true },
    reverse: { label: '冲销', from: ['posted'], to: 'reversed', permission: 'stock.receive' },
  },
  reversal: { transition: 'reverse', state: 'reversal' },
});

import { defineDocumentType } from '../documents/lifecycle.js';

/**
 * 采购订单: 草稿 → 已审核 → 已发送 → 部分到货 → 已完成 / 已撤销. Approval posts the order (its lines are immutable
 * from then on); receipts move it to 部分到货 / 已完成 (`receive_part`, `receive_all`, taken by the posting of a
 * receipt, with the receiver's permission; a reversed receipt reopens a 已完成 order as 部分到货); 撤销 closes what is
 * still open. A draft is discarded, never deleted.
 */
export const purchaseOrderType = defineDocumentType({
  type: 'purchase_order',
  label: '采购订单',
  series: 'CG',
  states: {
    draft: { label: '草稿' },
    approved: { label: '已审核', posted: true },
    sent: { label: '已发送', posted: true },
    partly_received: { label: '部分到货', posted: true },
    completed: { label: '已完成', posted: true },
    cancelled: { label: '已撤销', posted: true },
    discarded: { label: '已作废', posted: true },
  },
  initial: 'draft',
  createPermission: 'purchase.manage',
  transitions: {
    approve: { label: '审核', from: ['draft'], to: 'approved', permission: 'purchase.approve', posts: true },
    discard: { label: '作废', from: ['draft'], to: 'discarded', permission: 'purchase.manage', posts: true },
    send: { label: '发送', from: ['approved'], to: 'sent', permission: 'purchase.manage' },
    receive_part: {
      label: '部分到货',
      from: ['approved', 'sent', 'partly_received', 'completed'],
      to: 'partly_received',
      permission: 'stock.receive',
    },
    receive_all: { label: '到货完成', from: ['approved', 'sent', 'partly_received'], to: 'completed', permission: 'stock.receive' },
    cancel: { label: '撤销', from: ['approved', 'sent', 'partly_received'], to: 'cancelled', permission: 'purchase.manage' },
  },
});
export type PurchaseOrderState = keyof typeof purchaseOrderType.states;

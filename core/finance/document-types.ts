import { defineDocumentType } from '../documents/lifecycle.js';

/**
 * The document types of consolidated payment, on the one lifecycle (core/documents/lifecycle.ts). Their tables are
 * in 0006_payment_books.sql; which command takes which transition is in each module.
 */

/**
 * 发票 (FP): 已登记 (lines matched to accepted receipt lines; exceptions shown; editable) → 已审核 (posted: every line a
 * payable, the journal booked) by a second person; 已作废 (a registered invoice withdrawn). A red-letter invoice
 * (红字发票) is its own FP document naming the blue one.
 */
export const supplierInvoiceType = defineDocumentType({
  type: 'supplier_invoice',
  label: '发票',
  series: 'FP',
  states: {
    registered: { label: '已登记' },
    approved: { label: '已审核', posted: true },
    voided: { label: '已作废', posted: true },
  },
  initial: 'registered',
  createPermission: 'invoice.manage',
  transitions: {
    approve: { label: '审核', from: ['registered'], to: 'approved', permission: 'invoice.approve', posts: true },
    void: { label: '作废', from: ['registered'], to: 'voided', permission: 'invoice.manage', posts: true },
  },
});

/**
 * 付款单 (FK): 草稿 → 已审核 (a second finance user, never the preparer; posted: the lines are fixed and the bank file
 * can be exported) → 部分付款 / 已付款 as the bank's payments are recorded (a reversed paid line takes it back to
 * 部分付款); 已作废 (draft or approved, nothing paid).
 */
export const paymentBatchType = defineDocumentType({
  type: 'payment_batch',
  label: '付款单',
  series: 'FK',
  states: {
    draft: { label: '草稿' },
    approved: { label: '已审核', posted: true },
    partly_paid: { label: '部分付款', posted: true },
    paid: { label: '已付款', posted: true },
    cancelled: { label: '已作废', posted: true },
  },
  initial: 'draft',
  createPermission: 'payment.manage',
  transitions: {
    approve: { label: '审核', from: ['draft'], to: 'approved', permission: 'payment.approve', posts: true },
    pay_part: { label: '登记部分付款', from: ['approved', 'partly_paid', 'paid'], to: 'partly_paid', permission: 'payment.manage' },
    pay: { label: '登记付款', from: ['approved', 'partly_paid'], to: 'paid', permission: 'payment.manage' },
    cancel: { label: '作废', from: ['draft'], to: 'cancelled', permission: 'payment.manage', posts: true },
    cancel_approved: { label: '作废', from: ['approved'], to: 'cancelled', permission: 'payment.manage' },
  },
});

/**
 * 内部结算单 (JS): the centre issues a member's month (待确认: a snapshot of its books, re-issued while not confirmed);
 * the member's pharmacist or accountant confirms it (已确认, posted) or disputes it with a reason (有异议), after which
 * the centre corrects and re-issues.
 */
export const settlementStatementType = defineDocumentType({
  type: 'settlement_statement',
  label: '内部结算单',
  series: 'JS',
  states: {
    issued: { label: '待确认' },
    disputed: { label: '有异议' },
    confirmed: { label: '已确认', posted: true },
  },
  initial: 'issued',
  createPermission: 'settlement.issue',
  transitions: {
    confirm: { label: '确认', from: ['issued'], to: 'confirmed', permission: 'settlement.confirm', posts: true },
    dispute: { label: '提出异议', from: ['issued'], to: 'disputed', permission: 'settlement.confirm' },
    reissue: { label: '重新出具', from: ['disputed', 'issued'], to: 'issued', permission: 'settlement.issue' },
  },
});

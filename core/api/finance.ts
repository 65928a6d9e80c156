/**
 * Consolidated payment and each member unit's own books: the vocabularies shared by supplier invoices (发票),
 * payables (应付款), payment batches (付款单), the journal (记账) and internal settlement statements (内部结算单).
 * The operations live in their own contract files (invoices.ts, payables.ts, books.ts); the document types are in
 * core/finance/document-types.ts. db/schema.ts keeps a copy of every list its CHECKs enforce
 * (test/unit/schema-enums.test.ts).
 */

/** 数电票 (全电发票: a 20-digit number, no code) or a paper VAT invoice (发票代码 10/12 digits + 发票号码 8 digits). */
export const INVOICE_MEDIA = ['digital', 'paper'] as const;
export type InvoiceMedium = (typeof INVOICE_MEDIA)[number];
export const INVOICE_MEDIUM_LABELS: Record<InvoiceMedium, string> = { digital: '数电票', paper: '纸质增值税发票' };

/** 发票: 已登记 (editable; match exceptions shown) → 已审核 (posted: payables made) ; 已作废 (a registered one withdrawn). */
export const INVOICE_STATES = ['registered', 'approved', 'voided'] as const;
export type InvoiceState = (typeof INVOICE_STATES)[number];

/**
 * Three-way-match exceptions of an invoice line (order line ↔ accepted receipt line ↔ invoice line):
 * 数量 (invoiced beyond accepted − returned − already invoiced), 价格与订单不符, 高于挂网价/限价, 高于集采中选价 — each
 * beyond the tolerance in fen — and 两票制 (the manufacturer's invoice missing on a drug line; never approvable: it is
 * resolved by recording that invoice on the receipt).
 */
export const MATCH_EXCEPTION_KINDS = ['quantity', 'price_order', 'price_ceiling', 'price_vbp', 'two_invoice'] as const;
export type MatchExceptionKind = (typeof MATCH_EXCEPTION_KINDS)[number];
export const MATCH_EXCEPTION_LABELS: Record<MatchExceptionKind, string> = {
  quantity: '数量超出可开票数量',
  price_order: '价格与订单不符',
  price_ceiling: '价格高于挂网价/限价',
  price_vbp: '价格高于集采中选价',
  two_invoice: '两票制：缺生产企业发票',
};

/**
 * The rule that set a payable's due date: 集采 (≤ 30 days after acceptance), 中小企业 statutory (30 days after
 * delivery, or acceptance when the contract makes it the condition), 中小企业 by contract (its term, never beyond 60
 * days), 合同约定 (other suppliers' contract term), 默认账期 (no term set: the community's default).
 */
export const DUE_RULES = ['vbp', 'sme_statutory', 'sme_contract', 'contract', 'default'] as const;
export type DueRule = (typeof DUE_RULES)[number];
export const DUE_RULE_LABELS: Record<DueRule, string> = {
  vbp: '集采药品：验收后30日内',
  sme_statutory: '中小企业：交付后30日内',
  sme_contract: '中小企业：合同约定（不超过60日）',
  contract: '合同约定付款期限',
  default: '默认账期',
};

/** What settled (part of) a payable: 银行付款 (a payment batch line), 医保基金直接结算, 红字发票. */
export const SETTLEMENT_KINDS = ['bank', 'insurance', 'red_invoice'] as const;
export type SettlementKind = (typeof SETTLEMENT_KINDS)[number];
export const SETTLEMENT_KIND_LABELS: Record<SettlementKind, string> = { bank: '银行付款', insurance: '医保基金直接结算', red_invoice: '红字发票冲减' };

/** 付款单: 草稿 → 已审核 (second finance user, not the preparer; posted) → 部分付款 → 已付款; 已作废 (draft or approved, nothing paid). */
export const PAYMENT_BATCH_STATES = ['draft', 'approved', 'partly_paid', 'paid', 'cancelled'] as const;
export type PaymentBatchState = (typeof PAYMENT_BATCH_STATES)[number];

/** 内部结算单: 待确认 (issued by the centre: a snapshot of the month) → 已确认 (by the member, posted) / 有异议 (re-issued after correction). */
export const STATEMENT_STATES = ['issued', 'confirmed', 'disputed'] as const;
export type StatementState = (typeof STATEMENT_STATES)[number];

/**
 * The journal's accounts (internal keys; an administrator maps each to the accounting software's code for the
 * voucher export). Every unit's books use the same chart: 库存物资 (stock at cost, incl. goods in transit the unit
 * shipped), 应付暂估 (received, not yet invoiced; by supplier), 应付账款 (by supplier), 内部往来 (between the lead
 * hospital and a member, by counter unit: the centre's debit balance is the member's credit balance), 药品费用
 * (consumption), 盘盈 / 盘亏及报损, 其他入库 / 其他出库, 采购价差 (invoice vs receipt value), 银行存款, 医保基金直接结算.
 */
export const ACCOUNTS = [
  'inventory',
  'grni',
  'accounts_payable',
  'interunit',
  'drug_expense',
  'stock_gain',
  'stock_loss',
  'other_in',
  'other_out',
  'price_variance',
  'bank',
  'insurance_clearing',
] as const;
export type Account = (typeof ACCOUNTS)[number];
export const ACCOUNT_LABELS: Record<Account, string> = {
  inventory: '库存物资—药品耗材',
  grni: '应付账款—暂估',
  accounts_payable: '应付账款',
  interunit: '内部往来',
  drug_expense: '药品耗材费用',
  stock_gain: '盘盈',
  stock_loss: '盘亏及报损',
  other_in: '其他入库',
  other_out: '其他出库',
  price_variance: '采购价差',
  bank: '银行存款',
  insurance_clearing: '医保基金直接结算',
};

/**
 * What booked an entry: 采购 (receipts 108, supplier returns 109), 内部调拨 (stock crossing from one unit's books to
 * another's: a member's received shipment, a 直配 delivery, a 退库 the centre signed for), 消耗 (消耗出库单), 库存调整
 * (盘盈盘亏, 报损, 其他出入库), 发票, 付款, 医保直接结算, 红字发票.
 */
export const ENTRY_KINDS = ['purchase', 'transfer', 'consumption', 'adjustment', 'invoice', 'payment', 'insurance', 'red_invoice'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
export const ENTRY_KIND_LABELS: Record<EntryKind, string> = {
  purchase: '采购入库/退货',
  transfer: '内部调拨',
  consumption: '消耗',
  adjustment: '库存调整',
  invoice: '发票',
  payment: '付款',
  insurance: '医保直接结算',
  red_invoice: '红字发票',
};

/** A month as statements and vouchers name it: 2026-11. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

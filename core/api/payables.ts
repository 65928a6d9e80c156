/** 应付款 and 付款单 (FK): payables with due dates by rule, ageing, 医保直接结算, payment batches and bank files. Vocabularies: ./finance.ts. */
import { z } from 'zod';
import { id, optionalText, requiredText } from './common.js';
import { documentVersionSchema, requestIdSchema } from './documents.js';
import { DUE_RULES, PAYMENT_BATCH_STATES, SETTLEMENT_KINDS } from './finance.js';
import { defineOperation } from './operation.js';

const isoDate = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}须为 YYYY-MM-DD 格式`)
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), `${label}不是有效日期`);

const amountMicro = z.number({ error: '金额必须是数字' }).int('金额必须是整数（微元）').positive('金额必须大于零');
const page = z.number().int().min(1).default(1);
const pageSize = z.number().int().min(1).max(10_000).default(100);

// ---------------------------------------------------------------------------------------------------------------
// Payables

export const payableRow = z.object({
  id,
  supplierId: id,
  supplierName: z.string(),
  sme: z.boolean(),
  invoiceId: id,
  /** 发票号码 (code ‖ number for a paper invoice) and the FP registration number. */
  invoiceNumber: z.string(),
  invoiceDocumentNumber: z.string(),
  itemId: id,
  itemName: z.string(),
  vbp: z.boolean(),
  deliveredOn: z.string(),
  acceptedOn: z.string(),
  dueOn: z.string(),
  rule: z.enum(DUE_RULES),
  ruleLabel: z.string(),
  ruleDays: z.number().int(),
  amountMicro: z.number().int(),
  /** Net of reversals: bank payments + 医保直接结算 + 红字发票. */
  paidMicro: z.number().int(),
  openMicro: z.number().int(),
  /** In unpaid lines of payment batches not cancelled (may not be committed again). */
  committedMicro: z.number().int(),
  /** Days past the due date (0 when not overdue or settled). */
  overdueDays: z.number().int(),
  /** Statutory late-payment interest accrued to today (中小企业 only), micro-yuan. */
  interestMicro: z.number().int(),
  /** 账龄: days since acceptance. */
  ageDays: z.number().int(),
  status: z.enum(['open', 'settled']),
});
export type PayableRow = z.infer<typeof payableRow>;

export const payableList = defineOperation({
  name: 'payable.list',
  title: '查询应付款',
  access: { permission: 'invoice.read' },
  mutates: false,
  scope: 'centre',
  input: z
    .object({
      supplierId: id.optional(),
      /** Due on or before this date. */
      dueBefore: isoDate('到期日').optional(),
      status: z.enum(['open', 'settled', 'all']).default('open'),
      overdueOnly: z.boolean().default(false),
      vbp: z.boolean().optional(),
      page,
      pageSize,
    })
    .default({ status: 'open', overdueOnly: false, page: 1, pageSize: 100 }),
  output: z.object({
    rows: z.array(payableRow),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    asOf: z.string(),
    openMicro: z.number().int(),
    interestMicro: z.number().int(),
  }),
  export: {
    rows: 'rows',
    sheet: '应付款',
    filename: '应付款',
    columns: [
      { key: 'supplierName', header: '供应商', width: 28 },
      { key: 'invoiceNumber', header: '发票号码', width: 22 },
      { key: 'itemName', header: '品名', width: 22 },
      { key: 'acceptedOn', header: '验收日期', width: 12 },
      { key: 'dueOn', header: '到期日', width: 12 },
      { key: 'ruleLabel', header: '付款期限规则', width: 26 },
      { key: 'amountMicro', header: '应付金额(微元)', width: 16 },
      { key: 'paidMicro', header: '已付(微元)', width: 16 },
      { key: 'openMicro', header: '未付(微元)', width: 16 },
      { key: 'overdueDays', header: '逾期天数', width: 10 },
      { key: 'interestMicro', header: '逾期利息(微元)', width: 16 },
    ],
  },
});

export const payableSettlement = z.object({
  id,
  kind: z.enum(SETTLEMENT_KINDS),
  kindLabel: z.string(),
  amountMicro: z.number().int(),
  settledOn: z.string(),
  reference: z.string(),
  documentId: id.nullable(),
  documentNumber: z.string().nullable(),
  reversesId: id.nullable(),
  reason: z.string(),
  actorName: z.string(),
  at: z.string(),
});

export const payableGet = defineOperation({
  name: 'payable.get',
  title: '查看应付款',
  access: { permission: 'invoice.read' },
  mutates: false,
  scope: 'centre',
  input: z.object({ id }),
  output: z.object({ payable: payableRow, settlements: z.array(payableSettlement) }),
});

const ageingBuckets = z.object({
  d0to30: z.number().int(),
  d31to60: z.number().int(),
  d61to90: z.number().int(),
  over90: z.number().int(),
});

export const ageingRow = z.object({
  supplierId: id,
  supplierName: z.string(),
  sme: z.boolean(),
  openMicro: z.number().int(),
  buckets: ageingBuckets,
  dueNext7Micro: z.number().int(),
  dueNext30Micro: z.number().int(),
  overdueMicro: z.number().int(),
  interestMicro: z.number().int(),
  openCount: z.number().int(),
});

export const payableAgeing = defineOperation({
  name: 'payable.ageing',
  title: '应付款账龄',
  access: { permission: 'invoice.read' },
  mutates: false,
  scope: 'centre',
  input: z.object({ asOf: isoDate('截止日期').optional() }).default({}),
  output: z.object({
    asOf: z.string(),
    /** 账龄 counts days since acceptance (验收日), the age of the liability; due-soon and overdue count from the due date. */
    basis: z.literal('acceptance'),
    suppliers: z.array(ageingRow),
    totals: ageingRow.omit({ supplierId: true, supplierName: true, sme: true }),
  }),
  export: {
    rows: 'suppliers',
    sheet: '账龄',
    filename: '应付款账龄',
    columns: [
      { key: 'supplierName', header: '供应商', width: 28 },
      { key: 'openMicro', header: '未付合计(微元)', width: 16 },
      { key: 'dueNext7Micro', header: '7日内到期(微元)', width: 16 },
      { key: 'dueNext30Micro', header: '30日内到期(微元)', width: 16 },
      { key: 'overdueMicro', header: '已逾期(微元)', width: 16 },
      { key: 'interestMicro', header: '逾期利息(微元)', width: 16 },
    ],
  },
});

export const paymentDaysRow = z.object({
  supplierId: id,
  supplierName: z.string(),
  paidMicro: z.number().int(),
  count: z.number().int(),
  /** Σ(amount × days from acceptance to payment) / Σ amount, one decimal. */
  averageDays: z.number(),
});

export const payablePaymentDays = defineOperation({
  name: 'payable.paymentDays',
  title: '验收至付款平均天数',
  access: { permission: 'invoice.read' },
  mutates: false,
  scope: 'centre',
  input: z.object({ from: isoDate('起始日期').optional(), to: isoDate('截止日期').optional() }).default({}),
  output: z.object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    /** How the averages are weighted: by the amount settled (a 10,000-yuan payment counts 100 times a 100-yuan one). */
    weighting: z.literal('amount'),
    suppliers: z.array(paymentDaysRow),
    vbp: z.object({ paidMicro: z.number().int(), count: z.number().int(), averageDays: z.number().nullable() }),
    overall: z.object({ paidMicro: z.number().int(), count: z.number().int(), averageDays: z.number().nullable() }),
  }),
});

export const payableSettleInsurance = defineOperation({
  name: 'payable.settleInsurance',
  title: '医保基金直接结算',
  access: { permission: 'payment.manage' },
  mutates: true,
  scope: 'centre',
  input: z.object({
    lines: z.array(z.object({ payableId: id, amountMicro }), { error: '请选择应付款' }).min(1, '请选择应付款').max(5000),
    statementReference: requiredText('医保结算单号', 80),
    settledOn: isoDate('结算日期'),
    requestId: requestIdSchema,
  }),
  output: z.object({ settlements: z.array(z.object({ id, payableId: id, amountMicro: z.number().int() })), totalMicro: z.number().int() }),
});

/** 按平台结算单结清: every open payable of a reconciled statement's supplier and period, when they add up to its figure. */
export const payableSettleStatement = defineOperation({
  name: 'payable.settleStatement',
  title: '按平台结算单医保直接结算',
  access: { permission: 'payment.manage' },
  mutates: true,
  scope: 'centre',
  input: z.object({
    /** The settlements_in import (platform_exchanges) that reconciled the statement. */
    exchangeId: id,
    payOrdId: requiredText('结算单号', 80),
    settledOn: isoDate('结算日期'),
    requestId: requestIdSchema,
  }),
  output: z.object({ settlements: z.array(z.object({ id, payableId: id, amountMicro: z.number().int() })), totalMicro: z.number().int() }),
});

// ---------------------------------------------------------------------------------------------------------------
// Supplier terms and settings

export const supplierTermsShape = z.object({
  supplierId: id,
  supplierName: z.string(),
  sme: z.boolean(),
  /** null: the contract sets no term. */
  termDays: z.number().int().nullable(),
  fromAcceptance: z.boolean(),
  interestRateBp: z.number().int().nullable(),
  note: z.string(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});

export const supplierTermsGet = defineOperation({
  name: 'supplierTerms.get',
  title: '查看供应商付款条款',
  access: { permission: 'invoice.read' },
  mutates: false,
  scope: 'centre',
  input: z.object({ supplierId: id.optional() }).default({}),
  output: z.object({ terms: z.array(supplierTermsShape) }),
});

export const supplierTermsSave = defineOperation({
  name: 'supplierTerms.save',
  title: '保存供应商付款条款',
  access: { permission: 'payment.manage' },
  mutates: true,
  scope: 'centre',
  input: z.object({
    supplierId: id,
    termDays: z.number({ error: '付款期限必须是天数' }).int('付款期限必须是整数天').min(0, '付款期限不能为负').max(3650, '付款期限不能超过 3650 天').nullable(),
    fromAcceptance: z.boolean().default(true),
    interestRateBp: z.number({ error: '利率必须是数字' }).int('利率以基点计（整数）').min(0, '利率不能为负').max(100_000, '利率过大').nullable().default(null),
    note: optionalText('备注', 200),
  }),
  output: z.object({ terms: supplierTermsShape }),
});

const days = (label: string, max = 3650) => z.number({ error: `${label}必须是天数` }).int(`${label}必须是整数天`).min(0, `${label}不能为负`).max(max, `${label}不能超过 ${max} 天`);

export const financeSettingsShape = z.object({
  vbpDays: days('集采付款期限'),
  smeDays: days('中小企业付款期限'),
  smeMaxDays: days('中小企业合同最长期限'),
  defaultTermDays: days('默认账期'),
  lprBp: z.number({ error: 'LPR 必须是数字' }).int('LPR 以基点计（整数）').min(0, 'LPR 不能为负').max(10_000, 'LPR 过大'),
  statutoryDailyInterestCentiBp: z.number({ error: '日利率必须是数字' }).int().min(0).max(100_000),
  priceToleranceMicro: z.number({ error: '容差必须是数字' }).int('容差以微元计（整数）').min(0, '容差不能为负').max(1_000_000_000),
});

export const financeSettingsGet = defineOperation({
  name: 'financeSettings.get',
  title: '查看付款规则设置',
  access: { permission: 'invoice.read' },
  mutates: false,
  scope: 'centre',
  input: z.object({}).default({}),
  output: z.object({ settings: financeSettingsShape, defaults: financeSettingsShape }),
});

export const financeSettingsSave = defineOperation({
  name: 'financeSettings.save',
  title: '保存付款规则设置',
  access: { permission: 'finance.configure' },
  mutates: true,
  scope: 'centre',
  input: financeSettingsShape.refine((s) => s.smeDays <= s.smeMaxDays, { message: '中小企业付款期限不能超过最长期限', path: ['smeDays'] }),
  output: z.object({ settings: financeSettingsShape }),
});

// ---------------------------------------------------------------------------------------------------------------
// Bank file profiles

export const BANK_COLUMN_FIELDS = [
  'payeeName',
  'accountNo',
  'bankName',
  'bankBranch',
  'amount',
  'purpose',
  'batchNumber',
  'lineNo',
  'supplierUscc',
] as const;
export type BankColumnField = (typeof BANK_COLUMN_FIELDS)[number];
export const BANK_COLUMN_LABELS: Record<BankColumnField, string> = {
  payeeName: '收款人名称',
  accountNo: '收款账号',
  bankName: '开户银行',
  bankBranch: '联行号',
  amount: '金额',
  purpose: '用途',
  batchNumber: '付款单号',
  lineNo: '序号',
  supplierUscc: '统一社会信用代码',
};
export const BANK_AMOUNT_UNITS = ['yuan', 'fen'] as const;

export const bankProfileShape = z.object({
  /** 0 on save: a new profile. */
  id: z.number().int().min(0),
  name: requiredText('格式名称', 40),
  columns: z
    .array(z.object({ field: z.enum(BANK_COLUMN_FIELDS, { error: '未知的列' }), header: requiredText('列标题', 40) }))
    .min(1, '至少选择一列')
    .max(20),
  /** 金额: yuan with two decimals, or whole fen. */
  amountUnit: z.enum(BANK_AMOUNT_UNITS).default('yuan'),
  defaultFormat: z.enum(['xlsx', 'csv']).default('xlsx'),
  defaultEncoding: z.enum(['utf8bom', 'gbk']).default('utf8bom'),
  /** 用途 when the line names none. */
  purpose: optionalText('默认用途', 40),
  /** Write the header row. */
  headerRow: z.boolean().default(true),
});
export type BankProfile = z.infer<typeof bankProfileShape>;

export const bankProfileList = defineOperation({
  name: 'bankProfile.list',
  title: '查看银行文件格式',
  access: { permission: 'invoice.read' },
  mutates: false,
  scope: 'centre',
  input: z.object({}).default({}),
  output: z.object({ profiles: z.array(bankProfileShape), fields: z.array(z.object({ field: z.enum(BANK_COLUMN_FIELDS), label: z.string() })) }),
});

export const bankProfileSave = defineOperation({
  name: 'bankProfile.save',
  title: '保存银行文件格式',
  access: { permission: 'finance.configure' },
  mutates: true,
  scope: 'centre',
  input: bankProfileShape,
  output: z.object({ profile: bankProfileShape }),
});

// ---------------------------------------------------------------------------------------------------------------
// Payment batches

export const batchLine = z.object({
  id,
  lineNo: z.number().int(),
  payableId: id,
  supplierId: id,
  supplierName: z.string(),
  /** The supplier's bank details: only for holders of community.account (the auditor sees the lines without them). */
  bankName: z.string().optional(),
  bankAccountName: z.string().optional(),
  bankAccountNo: z.string().optional(),
  invoiceNumber: z.string(),
  itemName: z.string(),
  dueOn: z.string(),
  amountMicro: z.number().int(),
  purpose: z.string(),
  /** Net bank payments recorded on this line. */
  paidMicro: z.number().int(),
  status: z.enum(['unpaid', 'paid']),
  paidOn: z.string().nullable(),
  bankReference: z.string().nullable(),
  /** The payment on the line that may be reversed (null when unpaid). */
  settlementId: id.nullable(),
  reversals: z.array(z.object({ id, amountMicro: z.number().int(), reason: z.string(), at: z.string(), actorName: z.string() })),
});

export const batchDetail = z.object({
  id,
  number: z.string(),
  status: z.enum(PAYMENT_BATCH_STATES),
  statusLabel: z.string(),
  version: z.number().int(),
  note: z.string(),
  totalMicro: z.number().int(),
  paidMicro: z.number().int(),
  lineCount: z.number().int(),
  supplierCount: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  lines: z.array(batchLine),
  events: z.array(z.object({ transition: z.string(), toState: z.string(), actorName: z.string(), at: z.string(), reason: z.string().nullable() })),
});

const batchLinesInput = z
  .array(z.object({ payableId: id, amountMicro, purpose: optionalText('用途', 40) }), { error: '请选择应付款' })
  .min(1, '付款单至少一行')
  .max(5000, '一张付款单最多 5000 行');

export const paymentBatchCreate = defineOperation({
  name: 'paymentBatch.create',
  title: '编制付款单',
  access: { permission: 'payment.manage' },
  mutates: true,
  scope: 'centre',
  input: z.object({ lines: batchLinesInput, note: optionalText('备注', 200), requestId: requestIdSchema.optional() }),
  output: z.object({ batch: batchDetail }),
});

export const paymentBatchUpdate = defineOperation({
  name: 'paymentBatch.update',
  title: '修改付款单',
  access: { permission: 'payment.manage' },
  mutates: true,
  scope: 'centre',
  input: z.object({ id, version: documentVersionSchema, lines: batchLinesInput, note: optionalText('备注', 200) }),
  output: z.object({ batch: batchDetail }),
});

export const paymentBatchSuggest = defineOperation({
  name: 'paymentBatch.suggest',
  title: '付款建议',
  access: { permission: 'payment.manage' },
  mutates: false,
  scope: 'centre',
  input: z
    .object({ dueBefore: isoDate('到期日').optional(), supplierIds: z.array(id).max(500).optional(), limit: z.number().int().min(1).max(10_000).default(2000) })
    .default({ limit: 2000 }),
  output: z.object({
    lines: z.array(
      z.object({
        payableId: id,
        supplierId: id,
        supplierName: z.string(),
        invoiceNumber: z.string(),
        itemName: z.string(),
        dueOn: z.string(),
        ruleLabel: z.string(),
        overdueDays: z.number().int(),
        openMicro: z.number().int(),
        /** open − committed in other unpaid batch lines: the most this batch may pay. */
        availableMicro: z.number().int(),
        hasBankAccount: z.boolean(),
      }),
    ),
    totalMicro: z.number().int(),
  }),
});

export const paymentBatchApprove = defineOperation({
  name: 'paymentBatch.approve',
  title: '审核付款单',
  access: { permission: 'payment.approve' },
  mutates: true,
  scope: 'centre',
  input: z.object({ id, version: documentVersionSchema.optional(), requestId: requestIdSchema.optional() }),
  output: z.object({ batch: batchDetail }),
});

export const paymentBatchCancel = defineOperation({
  name: 'paymentBatch.cancel',
  title: '作废付款单',
  access: { permission: 'payment.manage' },
  mutates: true,
  scope: 'centre',
  input: z.object({ id, version: documentVersionSchema.optional(), reason: requiredText('作废原因', 200) }),
  output: z.object({ batch: batchDetail }),
});

export const paymentBatchRecordPaid = defineOperation({
  name: 'paymentBatch.recordPaid',
  title: '登记付款',
  access: { permission: 'payment.manage' },
  mutates: true,
  scope: 'centre',
  input: z.object({
    id,
    bankReference: requiredText('银行流水号', 80),
    paidOn: isoDate('付款日期'),
    /** Only these lines (line by line); absent: every unpaid line. */
    lineIds: z.array(id).min(1, '请选择付款行').max(5000).optional(),
    version: documentVersionSchema.optional(),
    requestId: requestIdSchema.optional(),
  }),
  output: z.object({ batch: batchDetail }),
});

export const paymentBatchReverseLine = defineOperation({
  name: 'paymentBatch.reverseLine',
  title: '冲销付款行',
  access: { permission: 'payment.manage' },
  mutates: true,
  scope: 'centre',
  input: z.object({ lineId: id, reason: requiredText('冲销原因', 200), requestId: requestIdSchema.optional() }),
  output: z.object({ batch: batchDetail }),
});

export const paymentBatchGet = defineOperation({
  name: 'paymentBatch.get',
  title: '查看付款单',
  access: { permission: 'invoice.read' },
  mutates: false,
  scope: 'centre',
  restricted: (['bankName', 'bankAccountName', 'bankAccountNo'] as const).map((f) => ({ path: `batch.lines.${f}`, permission: 'community.account' as const })),
  input: z.object({ id }),
  output: z.object({ batch: batchDetail }),
});

export const batchSummary = batchDetail.omit({ lines: true, events: true });

export const paymentBatchList = defineOperation({
  name: 'paymentBatch.list',
  title: '查询付款单',
  access: { permission: 'invoice.read' },
  mutates: false,
  scope: 'centre',
  input: z.object({ status: z.enum(PAYMENT_BATCH_STATES).optional(), page, pageSize }).default({ page: 1, pageSize: 100 }),
  output: z.object({ batches: z.array(batchSummary), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }),
  export: {
    rows: 'batches',
    sheet: '付款单',
    filename: '付款单',
    columns: [
      { key: 'number', header: '付款单号', width: 16 },
      { key: 'statusLabel', header: '状态', width: 10 },
      { key: 'lineCount', header: '行数', width: 8 },
      { key: 'supplierCount', header: '供应商数', width: 8 },
      { key: 'totalMicro', header: '金额(微元)', width: 16 },
      { key: 'paidMicro', header: '已付(微元)', width: 16 },
      { key: 'createdBy', header: '编制人', width: 10 },
      { key: 'approvedBy', header: '审核人', width: 10 },
    ],
  },
});

export const paymentBatchExportBankFile = defineOperation({
  name: 'paymentBatch.exportBankFile',
  title: '导出银行付款文件',
  access: { permission: 'payment.manage' },
  mutates: false,
  scope: 'centre',
  input: z.object({
    id,
    profileId: z.number({ error: '请选择银行文件格式' }).int().positive('请选择银行文件格式'),
    format: z.enum(['xlsx', 'csv'], { error: '文件格式须为 xlsx 或 csv' }),
    encoding: z.enum(['utf8bom', 'gbk'], { error: '编码须为 UTF-8 (BOM) 或 GBK' }).optional(),
    /** Only the unpaid lines (a re-export after part was paid). */
    unpaidOnly: z.boolean().default(false),
  }),
  output: z.object({ fileName: z.string(), mimeType: z.string(), contentBase64: z.string(), lineCount: z.number().int(), totalMicro: z.number().int() }),
});

export const payableOperations = [
  payableList,
  payableGet,
  payableAgeing,
  payablePaymentDays,
  payableSettleInsurance,
  payableSettleStatement,
  supplierTermsGet,
  supplierTermsSave,
  financeSettingsGet,
  financeSettingsSave,
  bankProfileList,
  bankProfileSave,
  paymentBatchCreate,
  paymentBatchUpdate,
  paymentBatchSuggest,
  paymentBatchApprove,
  paymentBatchCancel,
  paymentBatchRecordPaid,
  paymentBatchReverseLine,
  paymentBatchGet,
  paymentBatchList,
  paymentBatchExportBankFile,
] as const;

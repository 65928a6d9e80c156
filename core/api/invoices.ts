/** 发票 (FP): registering, importing and correcting supplier invoices, the three-way match, approval. Vocabularies: ./finance.ts. */
import { z } from 'zod';
import { id, optionalText, requiredText } from './common.js';
import { documentVersionSchema, requestIdSchema } from './documents.js';
import { INVOICE_MEDIA, INVOICE_STATES, MATCH_EXCEPTION_KINDS } from './finance.js';
import { defineOperation } from './operation.js';

const isoDate = z.string({ error: '请填写日期' }).regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const signedMicro = z.number({ error: '金额须为整数（微元）' }).int('金额须为整数（微元）').min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
const digits = z
  .string()
  .transform((s) => s.replace(/[\s\u3000]/g, '').replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)));

/** 数电票: a 20-digit number, no code; a paper VAT invoice: 发票代码 10 or 12 digits + 发票号码 8 digits. */
export const INVOICE_NUMBER_RULES = {
  digital: /^\d{20}$/,
  paperCode: /^\d{10}(\d{2})?$/,
  paperNumber: /^\d{8}$/,
} as const;

export const invoiceLineInput = z.object({
  receiptLineId: id,
  /** Base units; negative on a red-letter (红字) invoice. */
  quantity: z.number({ error: '请填写数量' }).int('数量须为整数（最小单位）').refine((q) => q !== 0, '数量不能为 0'),
  /** 价税合计 of the line, micro-yuan; ≤ 0 on a red-letter invoice. */
  amountMicro: signedMicro,
  note: optionalText('备注', 200),
});
export type InvoiceLineInput = z.infer<typeof invoiceLineInput>;

const invoiceFields = z.object({
  supplierId: id,
  medium: z.enum(INVOICE_MEDIA, { error: '请选择发票类型（数电票或纸质发票）' }).default('digital'),
  /** 发票代码 (paper only). */
  code: digits.default(''),
  /** 发票号码. */
  number: digits,
  /** 开票日期. */
  date: isoDate,
  /** 价税合计 as printed; must equal Σ lines when given. */
  amountMicro: signedMicro.optional(),
  /** 金额 (without tax) and 税额 as printed; when neither is given they follow from the rate. */
  amountExTaxMicro: signedMicro.optional(),
  taxMicro: signedMicro.optional(),
  /** 税率 in basis points (13 % = 1300). */
  taxRateBp: z.number({ error: '税率须为数字' }).int('税率须为整数（基点）').min(0, '税率不能为负').max(10000, '税率不能超过 100%').default(1300),
  /** The blue invoice this red-letter (红字) invoice offsets. */
  redOfId: id.nullable().optional(),
  note: optionalText('备注', 500),
  lines: z.array(invoiceLineInput).min(1, '至少需要一行发票明细').max(500, '一张发票最多 500 行'),
});

function checkNumber(value: { medium: 'digital' | 'paper'; code: string; number: string }, ctx: z.RefinementCtx): void {
  if (value.medium === 'digital') {
    if (!INVOICE_NUMBER_RULES.digital.test(value.number)) ctx.addIssue({ code: 'custom', path: ['number'], message: '数电票号码应为 20 位数字' });
    if (value.code !== '') ctx.addIssue({ code: 'custom', path: ['code'], message: '数电票没有发票代码，请清空发票代码' });
  } else {
    if (!INVOICE_NUMBER_RULES.paperCode.test(value.code)) ctx.addIssue({ code: 'custom', path: ['code'], message: '纸质发票的发票代码应为 10 位或 12 位数字' });
    if (!INVOICE_NUMBER_RULES.paperNumber.test(value.number)) ctx.addIssue({ code: 'custom', path: ['number'], message: '纸质发票的发票号码应为 8 位数字' });
  }
}

export const invoiceDraftInput = invoiceFields.superRefine(checkNumber);

/** A three-way-match exception of one line, with its reason, and the second person's approval when there is one. */
export const invoiceException = z.object({
  lineId: id.nullable(),
  lineNo: z.number().int(),
  receiptLineId: id,
  kind: z.enum(MATCH_EXCEPTION_KINDS),
  label: z.string(),
  /** Why, in figures: what was invoiced against what it is matched to. */
  reason: z.string(),
  /** two_invoice is never approved: it is resolved by recording the manufacturer's invoice on the receipt. */
  approvable: z.boolean(),
  approved: z.boolean(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  approvalReason: z.string().nullable(),
});
export type InvoiceException = z.infer<typeof invoiceException>;

export const invoiceLine = z.object({
  id: id.nullable(),
  lineNo: z.number().int(),
  receiptLineId: id,
  receiptId: id,
  receiptNumber: z.string(),
  receiptState: z.string(),
  acceptedOn: z.string().nullable(),
  orderId: id.nullable(),
  orderNumber: z.string().nullable(),
  orderLineId: id.nullable(),
  itemId: id,
  itemCode: z.string(),
  itemName: z.string(),
  spec: z.string(),
  manufacturer: z.string(),
  category: z.string(),
  batchNo: z.string(),
  baseUnit: z.string(),
  packUnit: z.string(),
  packFactor: z.number().int(),
  /** Base units (negative on a red-letter invoice). */
  quantity: z.number().int(),
  amountMicro: z.number().int(),
  /** The invoice's price per pack (amount × factor ÷ quantity, to the micro-yuan). */
  unitPriceMicro: z.number().int(),
  /** The accepted price per pack on the receipt line, the order line's (restated per the receipt's pack), the ceiling and the 集采价. */
  receiptPriceMicro: z.number().int(),
  orderPriceMicro: z.number().int().nullable(),
  ceilingMicro: z.number().int().nullable(),
  ceilingLabel: z.string().nullable(),
  vbpPriceMicro: z.number().int().nullable(),
  /** What the line may bill: accepted − returned − already invoiced on other invoices (net of red). */
  acceptedQuantity: z.number().int(),
  returnedQuantity: z.number().int(),
  invoicedElsewhere: z.number().int(),
  openQuantity: z.number().int(),
  /** The receipt value of the invoiced quantity (at the accepted price). */
  receiptValueMicro: z.number().int(),
  twoInvoiceRequired: z.boolean(),
  manufacturerInvoiceNo: z.string(),
  note: z.string(),
  exceptions: z.array(invoiceException),
});
export type InvoiceLine = z.infer<typeof invoiceLine>;

export const invoiceSummary = z.object({
  id,
  /** The FP document number (FP2026-000012). */
  documentNumber: z.string(),
  medium: z.enum(INVOICE_MEDIA),
  mediumLabel: z.string(),
  /** 发票代码 ('' on a 数电票) and 发票号码. */
  code: z.string(),
  number: z.string(),
  status: z.enum(INVOICE_STATES),
  stateLabel: z.string(),
  version: z.number().int(),
  supplierId: id,
  supplierName: z.string(),
  date: z.string(),
  amountMicro: z.number().int(),
  amountExTaxMicro: z.number().int(),
  taxMicro: z.number().int(),
  taxRateBp: z.number().int(),
  red: z.boolean(),
  redOfId: id.nullable(),
  redOfNumber: z.string().nullable(),
  lineCount: z.number().int(),
  /** Exceptions not yet approved (registered invoices; 0 once approved or voided). */
  openExceptionCount: z.number().int(),
  exceptionCount: z.number().int(),
  sourceFile: z.string(),
  note: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type InvoiceSummary = z.infer<typeof invoiceSummary>;

export const invoiceDetail = invoiceSummary.extend({
  lines: z.array(invoiceLine),
  exceptions: z.array(invoiceException),
  totals: z.object({ amountMicro: z.number().int(), receiptValueMicro: z.number().int(), varianceMicro: z.number().int(), quantity: z.number().int() }),
  /** The registrar may not approve this invoice's exceptions. */
  createdByUserId: id.nullable(),
  payables: z.array(z.object({ id, invoiceLineId: id, amountMicro: z.number().int(), dueOn: z.string(), rule: z.string() })),
  journalEntryIds: z.array(id),
  /** The red-letter invoices that offset this one. */
  redInvoices: z.array(z.object({ id, number: z.string(), status: z.string(), amountMicro: z.number().int() })),
  events: z.array(z.object({ version: z.number().int(), transition: z.string(), toState: z.string(), actorName: z.string(), at: z.string(), reason: z.string().nullable() })),
});
export type InvoiceDetail = z.infer<typeof invoiceDetail>;

export const invoiceRegister = defineOperation({
  name: 'invoice.register',
  title: '登记发票',
  access: { permission: 'invoice.manage' },
  mutates: true,
  scope: 'centre',
  input: invoiceFields.extend({ requestId: requestIdSchema.optional() }).superRefine(checkNumber),
  output: z.object({ invoice: invoiceDetail }),
});

/** What registering would give (the exceptions line by line, the totals, every problem) without saving anything. */
export const invoiceCheck = defineOperation({
  name: 'invoice.check',
  title: '检查发票（三单匹配预览）',
  access: { permission: 'invoice.manage' },
  mutates: false,
  scope: 'centre',
  input: invoiceFields.extend({ id: id.optional(), lines: z.array(invoiceLineInput).max(500, '一张发票最多 500 行') }),
  output: z.object({
    lines: z.array(invoiceLine),
    exceptions: z.array(invoiceException),
    problems: z.array(z.object({ path: z.string(), message: z.string() })),
    totals: z.object({ amountMicro: z.number().int(), amountExTaxMicro: z.number().int(), taxMicro: z.number().int(), receiptValueMicro: z.number().int() }),
  }),
});

export const invoiceUpdate = defineOperation({
  name: 'invoice.update',
  title: '修改发票',
  access: { permission: 'invoice.manage' },
  mutates: true,
  scope: 'centre',
  input: invoiceFields.extend({ id, version: documentVersionSchema }).superRefine(checkNumber),
  output: z.object({ invoice: invoiceDetail }),
});

export const invoiceApprove = defineOperation({
  name: 'invoice.approve',
  title: '审核发票',
  access: { permission: 'invoice.approve' },
  mutates: true,
  scope: 'centre',
  input: z.object({ id, version: documentVersionSchema.optional(), requestId: requestIdSchema.optional() }),
  output: z.object({ invoice: invoiceDetail, payables: z.array(z.object({ id })), journalEntryId: id.nullable() }),
});

export const invoiceVoid = defineOperation({
  name: 'invoice.void',
  title: '作废发票',
  access: { permission: 'invoice.manage' },
  mutates: true,
  scope: 'centre',
  input: z.object({ id, version: documentVersionSchema, reason: requiredText('作废原因', 200) }),
  output: z.object({ invoice: invoiceDetail }),
});

export const invoiceApproveException = defineOperation({
  name: 'invoice.approveException',
  title: '审批发票匹配例外',
  access: { permission: 'invoice.approve' },
  mutates: true,
  scope: 'centre',
  input: z.object({ invoiceId: id, lineId: id, kind: z.enum(MATCH_EXCEPTION_KINDS, { error: '请选择例外类型' }), reason: requiredText('审批理由', 200) }),
  output: z.object({ invoice: invoiceDetail }),
});

export const invoiceGet = defineOperation({
  name: 'invoice.get',
  title: '查看发票',
  access: { permission: 'invoice.read' },
  mutates: false,
  scope: 'centre',
  input: z.object({ id }),
  output: z.object({ invoice: invoiceDetail }),
});

export const invoiceList = defineOperation({
  name: 'invoice.list',
  title: '查询发票',
  access: { permission: 'invoice.read' },
  mutates: false,
  scope: 'centre',
  input: z
    .object({
      supplierId: id.optional(),
      status: z.enum(INVOICE_STATES).optional(),
      /** Registered invoices with an exception not yet approved. */
      exceptionsOnly: z.boolean().default(false),
      /** 发票号码, FP number or supplier name contains. */
      q: z.string().trim().max(60).optional(),
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(1).max(10_000).default(100),
    })
    .default({ exceptionsOnly: false, page: 1, pageSize: 100 }),
  output: z.object({ invoices: z.array(invoiceSummary), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }),
  export: {
    rows: 'invoices',
    sheet: '发票',
    filename: '发票登记',
    columns: [
      { key: 'documentNumber', header: '登记号', width: 16 },
      { key: 'mediumLabel', header: '发票类型', width: 12 },
      { key: 'code', header: '发票代码', width: 14 },
      { key: 'number', header: '发票号码', width: 24 },
      { key: 'date', header: '开票日期', width: 12 },
      { key: 'supplierName', header: '供应商', width: 28 },
      { key: 'amountMicro', header: '价税合计(微元)', width: 16 },
      { key: 'stateLabel', header: '状态', width: 8 },
      { key: 'openExceptionCount', header: '未处理例外', width: 10 },
      { key: 'createdBy', header: '登记人', width: 10 },
    ],
  },
});

export const invoiceableLine = z.object({
  receiptLineId: id,
  receiptId: id,
  receiptNumber: z.string(),
  arrivedOn: z.string(),
  acceptedOn: z.string().nullable(),
  orderId: id.nullable(),
  orderNumber: z.string().nullable(),
  itemId: id,
  itemCode: z.string(),
  itemName: z.string(),
  spec: z.string(),
  manufacturer: z.string(),
  category: z.string(),
  batchNo: z.string(),
  expiry: z.string(),
  baseUnit: z.string(),
  packUnit: z.string(),
  packFactor: z.number().int(),
  priceMicro: z.number().int(),
  orderPriceMicro: z.number().int().nullable(),
  acceptedQuantity: z.number().int(),
  returnedQuantity: z.number().int(),
  invoicedQuantity: z.number().int(),
  openQuantity: z.number().int(),
  /** The open quantity at the accepted price. */
  openAmountMicro: z.number().int(),
  twoInvoiceRequired: z.boolean(),
  manufacturerInvoiceNo: z.string(),
});
export type InvoiceableLine = z.infer<typeof invoiceableLine>;

export const invoiceInvoiceable = defineOperation({
  name: 'invoice.invoiceable',
  title: '可开票的验收明细',
  access: { permission: 'invoice.read' },
  mutates: false,
  scope: 'centre',
  input: z.object({ supplierId: id, receiptId: id.optional(), q: z.string().trim().max(60).optional() }),
  output: z.object({ rows: z.array(invoiceableLine) }),
});

/* ───────────── import from the invoice platform's xlsx export ───────────── */

/** The columns of a 数电票 platform export (one row per invoice line) an import reads; the header text is remembered. */
export const INVOICE_IMPORT_FIELDS = [
  { key: 'number', label: '发票号码', required: true },
  { key: 'code', label: '发票代码', required: false },
  { key: 'date', label: '开票日期', required: true },
  { key: 'sellerName', label: '销方名称', required: false },
  { key: 'sellerUscc', label: '销方纳税人识别号', required: false },
  { key: 'itemName', label: '货物或应税劳务名称', required: true },
  { key: 'spec', label: '规格型号', required: false },
  { key: 'unit', label: '单位', required: false },
  { key: 'quantity', label: '数量', required: true },
  { key: 'unitPrice', label: '单价', required: false },
  { key: 'amountExTax', label: '金额', required: false },
  { key: 'taxRate', label: '税率', required: false },
  { key: 'tax', label: '税额', required: false },
  { key: 'total', label: '价税合计', required: false },
  { key: 'batchNo', label: '批号', required: false },
  { key: 'receiptLine', label: '验收明细', required: false },
] as const;
export type InvoiceImportField = (typeof INVOICE_IMPORT_FIELDS)[number]['key'];

export const INVOICE_UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

export const invoiceImportUpload = defineOperation({
  name: 'invoice.importUpload',
  title: '上传发票导入文件',
  access: { permission: 'invoice.manage' },
  mutates: true,
  scope: 'centre',
  upload: { maxBytes: INVOICE_UPLOAD_LIMIT_BYTES },
  input: z.object({}).default({}),
  output: z.object({ uploadId: id }),
});

const invoiceImportSource = z.object({
  uploadId: id,
  /** Default: the first sheet. */
  sheet: z.string().optional(),
  /** 1-based; default: the row that looks most like a header. */
  headerRow: z.number().int().positive().optional(),
  /** field → 0-based column; default: the remembered mapping by header text, else recognised from the headers. */
  mapping: z.record(z.string(), z.number().int().nonnegative()).optional(),
});

export const invoiceImportProblem = z.object({ row: z.number().int(), column: z.string(), message: z.string() });

export const invoiceImportRow = z.object({
  row: z.number().int(),
  number: z.string(),
  itemName: z.string(),
  spec: z.string(),
  quantity: z.number().int().nullable(),
  amountMicro: z.number().int().nullable(),
  receiptLineId: id.nullable(),
  receiptNumber: z.string().nullable(),
  problems: z.array(z.string()),
});

export const invoiceImportPreviewOutput = z.object({
  filename: z.string(),
  sheets: z.array(z.string()),
  sheet: z.string(),
  headerRow: z.number().int(),
  header: z.array(z.string()),
  fields: z.array(z.object({ key: z.string(), label: z.string(), required: z.boolean() })),
  mapping: z.record(z.string(), z.number().int()),
  /** The file's first rows, for the mapping screen. */
  sample: z.array(z.array(z.string())),
  rows: z.array(invoiceImportRow),
  problems: z.array(invoiceImportProblem),
  invoices: z.array(
    z.object({
      medium: z.enum(INVOICE_MEDIA),
      code: z.string(),
      number: z.string(),
      date: z.string(),
      supplierId: id.nullable(),
      supplierName: z.string(),
      lineCount: z.number().int(),
      amountMicro: z.number().int(),
      amountExTaxMicro: z.number().int(),
      taxMicro: z.number().int(),
      exceptionCount: z.number().int(),
    }),
  ),
});

export const invoiceImportPreview = defineOperation({
  name: 'invoice.importPreview',
  title: '预览发票导入',
  access: { permission: 'invoice.manage' },
  mutates: false,
  scope: 'centre',
  input: invoiceImportSource,
  output: invoiceImportPreviewOutput,
});

export const invoiceImportCommit = defineOperation({
  name: 'invoice.importCommit',
  title: '提交发票导入',
  access: { permission: 'invoice.manage' },
  mutates: true,
  scope: 'centre',
  input: invoiceImportSource.extend({ requestId: requestIdSchema.optional() }),
  output: z.object({ invoices: z.array(invoiceSummary) }),
});

export const invoiceOperations = [
  invoiceRegister,
  invoiceCheck,
  invoiceUpdate,
  invoiceApprove,
  invoiceVoid,
  invoiceApproveException,
  invoiceGet,
  invoiceList,
  invoiceInvoiceable,
  invoiceImportUpload,
  invoiceImportPreview,
  invoiceImportCommit,
] as const;

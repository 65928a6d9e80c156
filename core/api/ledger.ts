/** 采购台账与完整性检查（审计） (issue 10): read-only views for the auditor; nothing here writes. */
import { z } from 'zod';
import { auditEntry } from './audit.js';
import { id } from './common.js';
import { defineOperation, type ExportSpec } from './operation.js';

/** 订单 / 入库 / 发票 / 付款: the four documents a purchase passes through, in that order. */
export const LEDGER_KINDS = ['order', 'receipt', 'invoice', 'payment'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];
export const LEDGER_KIND_LABELS: Readonly<Record<LedgerKind, string>> = { order: '订单', receipt: '入库', invoice: '发票', payment: '付款' };

/** A calendar date: 2026-06-31 is refused (Date.parse would roll it over to July 1). */
const isoDate = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 YYYY-MM-DD`)
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v, `${label}不是有效日期`);

/** One step of a document's lifecycle: who took it and when (ISO time). */
const step = {
  by: z.string().nullable(),
  at: z.string().nullable(),
};

/**
 * One line of one document in the ledger. `date` is the document's business date: an order's creation (community
 * date), a receipt's arrival (到货日期), an invoice's issue date (开票日期), a payment batch's preparation; the
 * period filters on it. The three steps are the document's own: created (制单), approved (审核: order, invoice,
 * payment; none for a receipt) and the last step (发送 / 验收入库 / — / 付款, named by `finalStep`).
 */
export const procurementLedgerRow = z.object({
  kind: z.enum(LEDGER_KINDS),
  kindLabel: z.string(),
  documentId: z.number().int(),
  documentNumber: z.string(),
  /** The document's state now, zh-CN: 已审核, 已验收, 已付款… */
  stateLabel: z.string(),
  lineId: z.number().int(),
  lineNo: z.number().int(),
  date: z.string(),
  unitId: z.number().int(),
  unitName: z.string(),
  storeId: z.number().int(),
  storeName: z.string(),
  supplierId: z.number().int(),
  supplierName: z.string(),
  itemId: z.number().int(),
  itemCode: z.string(),
  itemName: z.string(),
  spec: z.string(),
  /** 集采: the order line's flag (receipts and invoices through their order line, else the item's 集采 record; payments: the payable's). */
  vbp: z.boolean(),
  /** Base units; null for a payment line (it pays an amount). */
  quantity: z.number().int().nullable(),
  baseUnit: z.string(),
  /** micro-yuan per `packUnit` of `packFactor` base units (orders and receipts; null for invoices and payments). */
  priceMicro: z.number().int().nullable(),
  packUnit: z.string().nullable(),
  packFactor: z.number().int().nullable(),
  amountMicro: z.number().int(),
  /** For the export: "12.50" yuan. */
  priceText: z.string(),
  amountText: z.string(),
  createdBy: step.by,
  createdAt: step.at,
  approvedBy: step.by,
  approvedAt: step.at,
  /** 发送 (order), 验收入库 (receipt), 付款 (payment line: who recorded the bank payment); '' for an invoice. */
  finalStep: z.string(),
  finalBy: step.by,
  finalAt: step.at,
});
export type ProcurementLedgerRow = z.infer<typeof procurementLedgerRow>;

const procurementLedgerColumns: ExportSpec['columns'] = [
  { key: 'kindLabel', header: '类别', width: 6 },
  { key: 'documentNumber', header: '单据号', width: 16 },
  { key: 'stateLabel', header: '状态', width: 8 },
  { key: 'lineNo', header: '行号', width: 6 },
  { key: 'date', header: '日期', width: 12 },
  { key: 'unitName', header: '单位', width: 20 },
  { key: 'storeName', header: '库房', width: 12 },
  { key: 'supplierName', header: '供应商', width: 26 },
  { key: 'itemCode', header: '目录编码', width: 12 },
  { key: 'itemName', header: '通用名', width: 20 },
  { key: 'spec', header: '规格', width: 12 },
  { key: 'vbp', header: '集采', width: 6 },
  { key: 'quantity', header: '数量(最小单位)', width: 12 },
  { key: 'baseUnit', header: '最小单位', width: 8 },
  { key: 'priceText', header: '单价(元)', width: 10 },
  { key: 'packUnit', header: '计价单位', width: 8 },
  { key: 'amountText', header: '金额(元)', width: 12 },
  { key: 'createdBy', header: '制单人', width: 10 },
  { key: 'createdAt', header: '制单时间', width: 22 },
  { key: 'approvedBy', header: '审核人', width: 10 },
  { key: 'approvedAt', header: '审核时间', width: 22 },
  { key: 'finalStep', header: '末步', width: 8 },
  { key: 'finalBy', header: '末步经办人', width: 10 },
  { key: 'finalAt', header: '末步时间', width: 22 },
];

export const procurementLedgerFilter = z
  .object({
    from: isoDate('起始日期'),
    to: isoDate('截止日期'),
    unitId: id.optional(),
    supplierId: id.optional(),
    itemId: id.optional(),
    /** true: 集采 lines only; false: non-集采 only; absent: both. */
    vbp: z.boolean({ error: '集采筛选应为是或否' }).optional(),
    kind: z.enum(LEDGER_KINDS, { error: '类别应为订单、入库、发票或付款' }).optional(),
    page: z.number({ error: '页码必须是数字' }).int('页码必须是整数').min(1, '页码从 1 开始').default(1),
    pageSize: z.number({ error: '每页条数必须是数字' }).int('每页条数必须是整数').min(1, '每页至少 1 条').max(10_000, '每页最多 10000 条').default(100),
  })
  .refine((f) => f.from <= f.to, { message: '截止日期不能早于起始日期', path: ['to'] });

export const ledgerProcurement = defineOperation({
  name: 'ledger.procurement',
  title: '查询采购台账',
  access: { permission: 'ledger.read' },
  mutates: false,
  scope: 'centre',
  input: procurementLedgerFilter,
  output: z.object({
    rows: z.array(procurementLedgerRow),
    /** Rows in all pages. */
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    /** Σ amount over every page, per kind (micro-yuan). */
    totals: z.object({ order: z.number().int(), receipt: z.number().int(), invoice: z.number().int(), payment: z.number().int() }),
  }),
  export: { rows: 'rows', sheet: '采购台账', filename: '采购台账', columns: procurementLedgerColumns },
});

/** A lifecycle step of a document (document_events), with the step's name in zh-CN. */
export const documentEventRow = z.object({
  version: z.number().int(),
  transition: z.string(),
  transitionLabel: z.string(),
  fromStateLabel: z.string().nullable(),
  toStateLabel: z.string(),
  actorName: z.string(),
  at: z.string(),
  reason: z.string().nullable(),
});

/** 廉政风险 trace: everything recorded about one document of the ledger — its steps and its audit-log entries. */
export const ledgerTrace = defineOperation({
  name: 'ledger.trace',
  title: '查看单据留痕',
  access: { permission: 'ledger.read' },
  mutates: false,
  scope: 'centre',
  input: z.object({ documentId: id }),
  output: z.object({
    document: z.object({
      id: z.number().int(),
      number: z.string(),
      typeLabel: z.string(),
      stateLabel: z.string(),
      createdBy: z.string(),
      createdAt: z.string(),
      /** The document this one reverses (冲销), and the one reversing it. */
      reverses: z.string().nullable(),
      reversedBy: z.string().nullable(),
    }),
    events: z.array(documentEventRow),
    /** Audit entries whose target is this document (`<type>:<number>`), oldest first. */
    audit: z.array(auditEntry),
  }),
});

/** One verification's outcome: ok, the first problems (capped) and how many there are, what was checked, how long it took. */
export const integrityCheck = z.object({
  key: z.enum(['audit', 'stock', 'books']),
  title: z.string(),
  ok: z.boolean(),
  problemCount: z.number().int(),
  problems: z.array(z.object({ kind: z.string(), message: z.string() })),
  /** What was checked: a label and a count of rows each. */
  checked: z.array(z.object({ label: z.string(), count: z.number().int() })),
  /** Notes that are not problems (books: statements the books moved past since issue). */
  notes: z.array(z.string()),
  durationMs: z.number().int(),
});
export type IntegrityCheck = z.infer<typeof integrityCheck>;

export const integrityRun = defineOperation({
  name: 'integrity.run',
  title: '运行完整性检查',
  access: { permission: 'audit.read' },
  mutates: false,
  scope: 'centre',
  input: z.object({ limit: z.number().int().min(1, '至少列出 1 条').max(500, '最多列出 500 条').default(20) }).default({ limit: 20 }),
  output: z.object({ ok: z.boolean(), ranAt: z.string(), checks: z.array(integrityCheck) }),
});

export const ledgerOperations = [ledgerProcurement, ledgerTrace, integrityRun] as const;

/** 入库验收: vocabularies and contracts (operations are added below the vocabularies). */
import { z } from 'zod';
import { id, optionalText, requiredText } from './common.js';
import { toHalfWidth } from './codes.js';
import { documentVersionSchema, requestIdSchema } from './documents.js';
import { expiryText, parseExpiry } from './expiry.js';
import { CONTROLLED_CLASSES, ITEM_CATEGORIES } from './formulary.js';
import { packLevel } from './packs.js';
import { defineOperation } from './operation.js';

/** 验收结论 per line: 合格 (all accepted), 部分合格, 拒收. */
export const RECEIPT_CONCLUSIONS = ['accepted', 'partial', 'rejected'] as const;
export type ReceiptConclusion = (typeof RECEIPT_CONCLUSIONS)[number];

/** The receipt states (core/receiving/receipt-type.ts declares the machine). */
export const RECEIPT_STATES = ['draft', 'posted', 'voided', 'reversed', 'reversal'] as const;
export type ReceiptState = (typeof RECEIPT_STATES)[number];

/** Most trace codes one receipt line may carry (a 件 of 600 boxes fits many times). */
export const MAX_TRACE_CODES_PER_LINE = 20_000;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期应为 YYYY-MM-DD' });

/** 生产日期 as printed: the same forms as 有效期; a month-only date means the first day of that month. */
export const productionDateText = z.string().transform((text, ctx) => {
  const parsed = parseExpiry(text);
  if (parsed.ok) return parsed.monthOnly ? `${parsed.date.slice(0, 8)}01` : parsed.date;
  ctx.addIssue({ code: 'custom', message: parsed.reason.replace(/有效期/g, '生产日期') });
  return z.NEVER;
});

/** A scanned or pasted code: full-width folded, spaces removed. */
const traceCode = z
  .string({ error: '追溯码必须是文本' })
  .transform((s) => toHalfWidth(s).replace(/\s+/g, ''))
  .pipe(z.string().min(8, { error: '追溯码过短（药品追溯码为 20 位数字）' }).max(80, { error: '追溯码不能超过 80 个字符' }));

const quantity = (label: string) => z.number({ error: `${label}必须是数字` }).int({ error: `${label}须为整数（最小单位）` });

/** One line as the receiver enters it: one batch of one item. Quantities in base units, price per the pack. */
export const receiptLineInput = z.object({
  itemId: id,
  /** The order line received against (picked by item when absent and the receipt names an order). */
  orderLineId: id.nullish(),
  batchNo: z
    .string()
    .transform((s) => toHalfWidth(s).trim())
    .pipe(z.string().min(1, { error: '请填写批号' }).max(40, { error: '批号不能超过 40 个字符' })),
  /** 有效期 as printed: 2027-09-30, 2027-09, 202709, 2027.09, 2027/9, 有效期至2027年09月 (month = its last day). */
  expiry: expiryText,
  productionDate: productionDateText.nullish(),
  /** 验收合格数量 (accepted), base units. */
  quantity: quantity('验收数量').min(0, { error: '验收数量不能为负' }),
  /** 到货数量; defaults to quantity + rejectedQuantity. */
  arrivedQuantity: quantity('到货数量').positive({ error: '到货数量须大于 0' }).nullish(),
  rejectedQuantity: quantity('拒收数量').min(0, { error: '拒收数量不能为负' }).nullish(),
  rejectReason: optionalText('拒收原因', 200),
  /** 购进价格: micro-yuan per `packUnit` (the order line's pack, else the item's purchase unit). */
  priceMicro: z.number({ error: '价格必须是数字' }).int({ error: '价格须为整数微元' }).min(0, { error: '价格不能为负' }),
  packUnit: z.string().trim().max(8).nullish(),
  traceCodes: z.array(traceCode).max(MAX_TRACE_CODES_PER_LINE, { error: `一行最多 ${MAX_TRACE_CODES_PER_LINE} 个追溯码` }).default([]),
  deliveryNoteNo: optionalText('随货同行单号', 60),
  distributorInvoiceNo: optionalText('配送企业发票号', 60),
  manufacturerInvoiceNo: optionalText('生产企业发票号', 60),
  /** 冷链 到货温度, °C with at most one decimal (stored in tenths). */
  arrivalTemp: z.number({ error: '到货温度必须是数字' }).min(-90, { error: '到货温度不合理' }).max(60, { error: '到货温度不合理' }).nullish(),
  /** 近效期验收的原因 — only the pharmacy officer's (purchase.approve) is accepted; see receipt.allowShortExpiry. */
  shortExpiryReason: optionalText('近效期原因', 200),
  /** 双人验收 (麻醉 / 精一): the second inspector, a different active user. */
  secondInspectorUserId: id.nullish(),
});
export type ReceiptLineInput = z.input<typeof receiptLineInput>;

const receiptFields = {
  supplierId: id,
  storeId: id,
  orderId: id.nullish(),
  /** 计划外到货的原因: required without an order. */
  unplannedReason: optionalText('计划外到货原因', 200),
  /** 到货日期 (community date); today when absent. */
  arrivedOn: isoDate.nullish(),
  note: optionalText('备注', 500),
  lines: z.array(receiptLineInput).min(1, { error: '验收单至少须有一行' }).max(2000, { error: '一张验收单最多 2000 行' }),
};

const level = z.object({ county: z.boolean(), township: z.boolean(), village: z.boolean() });

export const receiptLine = z.object({
  id,
  lineNo: z.number().int(),
  orderLineId: z.number().int().nullable(),
  itemId: id,
  itemCode: z.string(),
  genericName: z.string(),
  tradeName: z.string(),
  dosageForm: z.string(),
  spec: z.string(),
  manufacturer: z.string(),
  approvalNo: z.string(),
  standardCode: z.string(),
  udiDi: z.string(),
  category: z.enum(ITEM_CATEGORIES),
  controlledClass: z.enum(CONTROLLED_CLASSES),
  coldChain: z.boolean(),
  storageTempMin: z.number().int().nullable(),
  storageTempMax: z.number().int().nullable(),
  tracePrefix: z.string(),
  tracePack: z.string(),
  baseUnit: z.string(),
  packs: z.array(packLevel),
  packUnit: z.string(),
  packFactor: z.number().int(),
  batchNo: z.string(),
  productionDate: z.string().nullable(),
  expiry: z.string(),
  arrivedQuantity: z.number().int(),
  /** = acceptedQuantity (the field scripts send). */
  quantity: z.number().int(),
  acceptedQuantity: z.number().int(),
  rejectedQuantity: z.number().int(),
  rejectReason: z.string(),
  priceMicro: z.number().int(),
  /** accepted × price ÷ factor, rounded to the fen once (the money rule). */
  amountMicro: z.number().int(),
  deliveryNoteNo: z.string(),
  distributorInvoiceNo: z.string(),
  manufacturerInvoiceNo: z.string(),
  traceCodes: z.array(z.string()),
  traceCodeCount: z.number().int(),
  arrivalTempTenths: z.number().int().nullable(),
  conclusion: z.enum(RECEIPT_CONCLUSIONS),
  conclusionLabel: z.string(),
  shortExpiryReason: z.string(),
  inspectorName: z.string(),
  secondInspectorUserId: z.number().int().nullable(),
  secondInspectorName: z.string(),
  batchId: z.number().int().nullable(),
  levels: level,
});
export type ReceiptLine = z.infer<typeof receiptLine>;

export const receiptEvent = z.object({
  version: z.number().int(),
  transition: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  actorName: z.string(),
  at: z.string(),
  reason: z.string().nullable(),
});

export const receiptHeader = z.object({
  id,
  number: z.string(),
  state: z.enum(RECEIPT_STATES),
  /** = state (the stable output `receipt.status`). */
  status: z.enum(RECEIPT_STATES),
  stateLabel: z.string(),
  version: z.number().int(),
  posted: z.boolean(),
  /** A 冲销单's original, and the 冲销单 of a reversed receipt. */
  reversesId: z.number().int().nullable(),
  reversesNumber: z.string().nullable(),
  reversedById: z.number().int().nullable(),
  reversedByNumber: z.string().nullable(),
  supplierId: id,
  supplierName: z.string(),
  storeId: id,
  storeName: z.string(),
  unitId: id,
  unitName: z.string(),
  orderId: z.number().int().nullable(),
  orderNumber: z.string().nullable(),
  unplannedReason: z.string(),
  arrivedOn: z.string(),
  /** 验收日期 (community date of posting), null while a draft. */
  acceptedOn: z.string().nullable(),
  note: z.string(),
  lineCount: z.number().int(),
  traceCodeCount: z.number().int(),
  totalMicro: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export const receipt = receiptHeader.extend({ lines: z.array(receiptLine), events: z.array(receiptEvent) });
export type Receipt = z.infer<typeof receipt>;
export type ReceiptHeader = z.infer<typeof receiptHeader>;

const receiptOut = z.object({ receipt });
const receiptScope = { units: { input: [{ path: 'id', record: 'receipt' as const }], output: [{ rows: 'receipt', unit: 'unitId' }] } };

export const receiptCreate = defineOperation({
  name: 'receipt.create',
  title: '新建入库验收单',
  access: { permission: 'stock.receive' },
  mutates: true,
  scope: {
    units: {
      input: [
        { path: 'storeId', record: 'store' },
        { path: 'orderId', record: 'purchaseOrder' },
      ],
      output: [{ rows: 'receipt', unit: 'unitId' }],
    },
  },
  input: z.object(receiptFields),
  output: receiptOut,
});

export const receiptUpdate = defineOperation({
  name: 'receipt.update',
  title: '修改入库验收单（草稿）',
  access: { permission: 'stock.receive' },
  mutates: true,
  scope: {
    units: {
      input: [
        { path: 'id', record: 'receipt' },
        { path: 'storeId', record: 'store' },
        { path: 'orderId', record: 'purchaseOrder' },
      ],
      output: [{ rows: 'receipt', unit: 'unitId' }],
    },
  },
  input: z.object({ id, version: documentVersionSchema, ...receiptFields }),
  output: receiptOut,
});

export const receiptPost = defineOperation({
  name: 'receipt.post',
  title: '验收入库',
  access: { permission: 'stock.receive' },
  mutates: true,
  scope: receiptScope,
  input: z.object({ id, requestId: requestIdSchema, version: documentVersionSchema.optional() }),
  output: receiptOut,
});

export const receiptVoid = defineOperation({
  name: 'receipt.void',
  title: '作废入库验收单',
  access: { permission: 'stock.receive' },
  mutates: true,
  scope: receiptScope,
  input: z.object({ id, version: documentVersionSchema.optional(), reason: optionalText('作废原因', 200) }),
  output: receiptOut,
});

export const receiptReverse = defineOperation({
  name: 'receipt.reverse',
  title: '冲销入库验收单',
  access: { permission: 'stock.receive' },
  mutates: true,
  scope: { units: { input: [{ path: 'id', record: 'receipt' }], output: [{ rows: 'receipt', unit: 'unitId' }, { rows: 'reversal', unit: 'unitId' }] } },
  input: z.object({
    id,
    version: documentVersionSchema.optional(),
    requestId: requestIdSchema,
    reason: z.string().trim().min(1, { error: '请填写冲销原因' }).max(200, { error: '冲销原因不能超过 200 个字符' }),
  }),
  output: z.object({ receipt, reversal: receipt }),
});

/**
 * 发票补录: goods often arrive before their invoices. Posted lines never change, so the numbers that follow are
 * appended (the latest of each kind is the line's, shown by receipt.get, the list and the print view).
 */
export const receiptRecordInvoices = defineOperation({
  name: 'receipt.recordInvoices',
  title: '补录入库验收单发票号',
  access: { permission: 'stock.receive' },
  mutates: true,
  scope: { units: { input: [{ path: 'id', record: 'receipt' }], output: [{ rows: 'receipt', unit: 'unitId' }] } },
  input: z.object({
    id,
    lines: z
      .array(
        z.object({
          lineId: id,
          distributorInvoiceNo: optionalText('配送企业发票号', 60),
          manufacturerInvoiceNo: optionalText('生产企业发票号', 60),
        }),
      )
      .min(1, { error: '至少补录一行的发票号' })
      .max(500, { error: '一次最多补录 500 行' }),
  }),
  output: receiptOut,
});

export const receiptAllowShortExpiry = defineOperation({
  name: 'receipt.allowShortExpiry',
  title: '近效期验收（药事部记录原因）',
  access: { permission: 'purchase.approve' },
  mutates: true,
  scope: { units: { input: [{ path: 'id', record: 'receipt' }], output: [{ rows: 'receipt', unit: 'unitId' }] } },
  input: z.object({
    id,
    lineId: id,
    version: documentVersionSchema.optional(),
    reason: requiredText('近效期验收的原因', 200),
  }),
  output: receiptOut,
});

export const receiptGet = defineOperation({
  name: 'receipt.get',
  title: '查看入库验收单',
  access: { permission: 'stock.read' },
  mutates: false,
  scope: receiptScope,
  input: z.object({ id }),
  output: receiptOut,
});

export const receiptListRow = receiptHeader.extend({ stateLabel: z.string(), totalYuan: z.string() });

export const receiptList = defineOperation({
  name: 'receipt.list',
  title: '查询入库验收单',
  access: { permission: 'stock.read' },
  mutates: false,
  scope: {
    units: {
      input: [
        { path: 'storeId', record: 'store' },
        { path: 'orderId', record: 'purchaseOrder' },
      ],
      output: [{ rows: 'receipts', unit: 'unitId' }],
    },
  },
  input: z
    .object({
      state: z.enum(RECEIPT_STATES).optional(),
      supplierId: id.optional(),
      storeId: id.optional(),
      orderId: id.optional(),
      /** 到货日期 from / to (inclusive, community dates). */
      from: isoDate.optional(),
      to: isoDate.optional(),
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(1).max(5000).default(100),
    })
    .default({ page: 1, pageSize: 100 }),
  output: z.object({ receipts: z.array(receiptListRow), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }),
  export: {
    rows: 'receipts',
    sheet: '入库验收单',
    filename: '入库验收单',
    columns: [
      { key: 'number', header: '单号', width: 16 },
      { key: 'stateLabel', header: '状态', width: 10 },
      { key: 'arrivedOn', header: '到货日期', width: 12 },
      { key: 'acceptedOn', header: '验收日期', width: 12 },
      { key: 'supplierName', header: '供货单位', width: 26 },
      { key: 'storeName', header: '库房', width: 16 },
      { key: 'unitName', header: '单位', width: 18 },
      { key: 'orderNumber', header: '采购订单', width: 16 },
      { key: 'lineCount', header: '行数', width: 8 },
      { key: 'traceCodeCount', header: '追溯码数', width: 10 },
      { key: 'totalYuan', header: '金额（元）', width: 14 },
      { key: 'createdBy', header: '制单人', width: 12 },
    ],
  },
});

/** An order line still to arrive, for the 待到货 list and to prefill a receipt. */
export const arrivalLine = z.object({
  orderLineId: id,
  lineNo: z.number().int(),
  itemId: id,
  itemCode: z.string(),
  genericName: z.string(),
  dosageForm: z.string(),
  spec: z.string(),
  manufacturer: z.string(),
  baseUnit: z.string(),
  packUnit: z.string(),
  packFactor: z.number().int(),
  priceMicro: z.number().int(),
  ordered: z.number().int(),
  received: z.number().int(),
  outstanding: z.number().int(),
});

export const arrivalOrder = z.object({
  orderId: id,
  number: z.string(),
  state: z.string(),
  stateLabel: z.string(),
  supplierId: id,
  supplierName: z.string(),
  storeId: id,
  storeName: z.string(),
  unitId: id,
  unitName: z.string(),
  expectedOn: z.string().nullable(),
  /** 直配: the order goes to a member unit's store, not the central store. */
  direct: z.boolean(),
  lines: z.array(arrivalLine),
});

export const receiptArrivals = defineOperation({
  name: 'receipt.arrivals',
  title: '待到货与待验收',
  access: { permission: 'stock.read' },
  mutates: false,
  scope: {
    units: {
      input: [{ path: 'storeId', record: 'store' }],
      output: [
        { rows: 'orders', unit: 'unitId' },
        { rows: 'drafts', unit: 'unitId' },
      ],
    },
  },
  input: z.object({ storeId: id.optional() }).default({}),
  output: z.object({ orders: z.array(arrivalOrder), drafts: z.array(receiptListRow) }),
});

/** Where a scanned line lands on a receipt draft (the renderer does the same with core/api/scan.ts). */
export const receiptCheckScan = defineOperation({
  name: 'receipt.checkScan',
  title: '扫码定位验收行',
  access: { permission: 'stock.receive' },
  mutates: false,
  scope: { units: { input: [{ path: 'id', record: 'receipt' }] } },
  input: z.object({ id, scan: z.string().max(200) }),
  output: z.object({
    kind: z.enum(['trace', 'udi', 'invalid']),
    /** The line it lands on (its id), or null with the reason. */
    lineId: z.number().int().nullable(),
    itemId: z.number().int().nullable(),
    code: z.string().nullable(),
    batchNo: z.string().nullable(),
    productionDate: z.string().nullable(),
    expiry: z.string().nullable(),
    /** A UDI whose batch differs from every line of the item: the renderer adds a second batch line. */
    newBatch: z.boolean(),
    problem: z.string().nullable(),
  }),
});

export const formularySetTracing = defineOperation({
  name: 'formulary.setTracing',
  title: '设置品种追溯码规则',
  access: { permission: 'formulary.manage' },
  mutates: true,
  scope: 'centre',
  input: z.object({
    itemId: id,
    /** 药品标识码: the 7 first digits of the item's 追溯码; '' clears it (learned again from the next receipt). */
    tracePrefix: z.string().trim().regex(/^(\d{7})?$/, { error: '药品标识码应为 7 位数字' }).optional(),
    /** The pack that carries one code (盒); '' = not traced per box. */
    tracePack: z.string().trim().max(8).optional(),
  }),
  output: z.object({ itemId: id, tracePrefix: z.string(), tracePack: z.string() }),
});

/** What the receiving grid needs of an item to place scans and check a line before saving. */
export const receivingItem = z.object({
  id,
  code: z.string(),
  genericName: z.string(),
  dosageForm: z.string(),
  spec: z.string(),
  manufacturer: z.string(),
  category: z.enum(ITEM_CATEGORIES),
  status: z.string(),
  baseUnit: z.string(),
  packs: z.array(packLevel),
  purchaseUnit: z.string(),
  coldChain: z.boolean(),
  storageTempMin: z.number().int().nullable(),
  storageTempMax: z.number().int().nullable(),
  controlledClass: z.enum(CONTROLLED_CLASSES),
  /** 药品标识码 ('' until learned or set) and the pack carrying one code ('' = not traced per box). */
  tracePrefix: z.string(),
  tracePack: z.string(),
  udiDi: z.string(),
  standardCode: z.string(),
  /** The current 挂网价 / 议价 … per purchase unit, for an unplanned line's price. */
  priceMicro: z.number().int().nullable(),
});
export type ReceivingItem = z.infer<typeof receivingItem>;

export const receiptItems = defineOperation({
  name: 'receipt.items',
  title: '验收品种信息（追溯码、UDI、冷链）',
  access: { permission: 'stock.receive' },
  mutates: false,
  scope: 'community',
  input: z.object({
    itemIds: z.array(id).max(2000).default([]),
    /** A scanned GS1 GTIN-14: the item whose UDI-DI (or 本位码) it is. */
    gtin: z.string().regex(/^\d{14}$/).optional(),
    /** A scanned 追溯码's 7-digit 药品标识码: the item it belongs to. */
    tracePrefix: z.string().regex(/^\d{7}$/).optional(),
  }),
  output: z.object({ items: z.array(receivingItem) }),
});

/** Who may be the second inspector (双人验收) for a store: active users of its unit who receive or approve. */
export const receiptInspectors = defineOperation({
  name: 'receipt.inspectors',
  title: '可选的复核验收人',
  access: { permission: 'stock.receive' },
  mutates: false,
  scope: { units: { input: [{ path: 'storeId', record: 'store' }], output: [{ rows: 'users', unit: 'unitId' }] } },
  input: z.object({ storeId: id }),
  output: z.object({ users: z.array(z.object({ id, username: z.string(), displayName: z.string(), unitId: id })) }),
});

export const receivingOperations = [
  receiptCreate,
  receiptUpdate,
  receiptPost,
  receiptVoid,
  receiptReverse,
  receiptAllowShortExpiry,
  receiptRecordInvoices,
  receiptGet,
  receiptList,
  receiptArrivals,
  receiptCheckScan,
  receiptItems,
  receiptInspectors,
  formularySetTracing,
] as const;

/**
 * 平台配置（平台文件格式）与导出上传平台的文件 (issue 10).
 *
 * The provincial platform (the national TPS, or a province's own) publishes no import/export template, so every
 * file exchanged with it goes through a profile an administrator can edit: per exchange the sheet, the header row,
 * the columns in order (title → field) and value maps for coded fields. The field catalogue below is the fixed
 * vocabulary (TPS names, ../shared/docs/domain.md §4); core/platform/codec.ts writes and reads files through a
 * profile, core/platform/profile.ts validates one.
 */
import { z } from 'zod';
import { id } from './common.js';
import { defineOperation } from './operation.js';

/** The files exchanged with the platform (same list as DB_PLATFORM_EXCHANGES in db/schema.ts). */
export const PLATFORM_EXCHANGES = [
  'catalogue_in',
  'orders_out',
  'order_feedback_in',
  'shipments_in',
  'receipt_confirmations_out',
  'returns_out',
  'settlements_in',
  'settlements_out',
] as const;
export type PlatformExchange = (typeof PLATFORM_EXCHANGES)[number];

export const PLATFORM_EXCHANGE_LABELS: Record<PlatformExchange, string> = {
  catalogue_in: '挂网目录（导入）',
  orders_out: '采购订单（上传）',
  order_feedback_in: '订单回执（导入）',
  shipments_in: '配送明细（导入）',
  receipt_confirmations_out: '收货确认（上传）',
  returns_out: '退货单（上传）',
  settlements_in: '结算单（导入）',
  settlements_out: '结算对账（上传）',
};

/** A file we write for the platform (the others are read). */
export const isOutgoingExchange = (exchange: PlatformExchange): boolean => exchange.endsWith('_out');

/**
 * Cell types: text as it is; int a whole number; money yuan in the file, micro-yuan inside; date YYYY-MM-DD.
 * Coded fields (`codes`) carry an internal value that a profile's value map turns into the platform's code.
 */
export const PLATFORM_FIELD_TYPES = ['text', 'int', 'money', 'date'] as const;
export type PlatformFieldType = (typeof PLATFORM_FIELD_TYPES)[number];

export interface PlatformCode {
  value: string;
  label: string;
}
export interface PlatformField {
  field: string;
  label: string;
  type: PlatformFieldType;
  required: boolean;
  /** Internal values of a coded field (the value map of a profile gives each its platform code). */
  codes?: readonly PlatformCode[];
}

/**
 * 平台订单明细状态. The national TPS codes 1–5 are stored as they are (purchase_order_platform_feedback.line_state,
 * PLATFORM_LINE_STATES in ./purchasing.ts); the others are states only some platforms report (四川: 已保存待提交,
 * 已收货, 拒绝收货, 已退货), kept under their own internal names.
 */
export const PLATFORM_LINE_STATE_CODES: readonly PlatformCode[] = [
  { value: '1', label: '待发货' },
  { value: '2', label: '全部发货' },
  { value: '3', label: '部分发货' },
  { value: '4', label: '缺货' },
  { value: '5', label: '已撤销' },
  { value: 'saved', label: '已保存待提交' },
  { value: 'received', label: '已收货' },
  { value: 'rejected', label: '拒绝收货' },
  { value: 'returned', label: '已退货' },
];
/** The national TPS file codes are the internal codes themselves; other platforms map theirs. */
export const NATIONAL_LINE_STATE_CODES = ['1', '2', '3', '4', '5'] as const;

/** 订单类型 (四川: 0 普通, 1 补录, 3 临时, 4 备案, 5 带量). A 集采 line is 带量, an emergency order 临时, others 普通. */
export const PLATFORM_ORDER_TYPE_CODES: readonly PlatformCode[] = [
  { value: 'normal', label: '普通' },
  { value: 'supplement', label: '补录' },
  { value: 'temporary', label: '临时' },
  { value: 'filing', label: '备案' },
  { value: 'vbp', label: '带量' },
];

const f = (field: string, label: string, type: PlatformFieldType, required: boolean, codes?: readonly PlatformCode[]): PlatformField =>
  codes ? { field, label, type, required, codes } : { field, label, type, required };

/** Every exchange's fields (TPS names), in the order a new profile lists them. */
export const PLATFORM_EXCHANGE_FIELDS: Record<PlatformExchange, readonly PlatformField[]> = {
  catalogue_in: [
    f('hospListId', '本院目录ID', 'text', true),
    f('prodCode', '产品编码', 'text', true),
    f('prodName', '产品名称', 'text', false),
    f('aprvno', '批准文号', 'text', false),
    f('dosform', '剂型', 'text', false),
    f('prodSpec', '规格', 'text', false),
    f('prodPac', '包装', 'text', false),
    f('convrat', '转换比', 'int', false),
    f('prodentpName', '生产企业', 'text', false),
    f('pubonlnPric', '挂网价', 'money', true),
    f('delventpCode', '配送企业编码', 'text', false),
    f('delventpName', '配送企业名称', 'text', false),
    f('mcsCode', '耗材编码', 'text', false),
    f('mcsRegno', '注册证号', 'text', false),
    f('lmtpric', '限价', 'money', false),
  ],
  orders_out: [
    f('medinsCode', '医疗机构代码', 'text', true),
    f('planSumamt', '计划总金额', 'money', true),
    f('addrId', '收货地址ID', 'text', true),
    f('conerName', '联系人', 'text', true),
    f('conerTel', '联系电话', 'text', true),
    f('invottl', '发票抬头', 'text', false),
    f('ordType', '订单类型', 'text', false, PLATFORM_ORDER_TYPE_CODES),
    f('hospListId', '本院目录ID', 'text', true),
    f('delventpCode', '配送企业编码', 'text', true),
    f('purcCnt', '采购数量', 'int', true),
    f('hospPurcPric', '采购单价', 'money', true),
    f('hospPurcDetlId', '医院采购明细ID', 'text', true),
    f('planDetlMemo', '明细备注', 'text', false),
  ],
  order_feedback_in: [
    f('ordCode', '订单编号', 'text', true),
    f('ordDetlId', '订单明细ID', 'text', true),
    f('hospPurcDetlId', '医院采购明细ID', 'text', true),
    f('lineState', '明细状态', 'text', true, PLATFORM_LINE_STATE_CODES),
  ],
  shipments_in: [
    f('shpId', '配送明细ID', 'text', true),
    f('shpCode', '配送单号', 'text', false),
    f('ordDetlId', '订单明细ID', 'text', false),
    f('hospPurcDetlId', '医院采购明细ID', 'text', false),
    f('hospListId', '本院目录ID', 'text', true),
    f('shpCnt', '配送数量', 'int', true),
    f('shpPric', '配送单价', 'money', true),
    f('shpAmt', '配送金额', 'money', false),
    f('manuLotnum', '生产批号', 'text', true),
    f('manuDate', '生产日期', 'date', false),
    f('expyEndtime', '有效期至', 'date', true),
    f('invoiceCode', '发票代码', 'text', false),
    f('invoiceId', '发票号码', 'text', false),
    f('delventpCode', '配送企业编码', 'text', true),
  ],
  receipt_confirmations_out: [
    f('shpId', '配送明细ID', 'text', true),
    f('shppCnt', '收货数量', 'int', true),
    f('hospListId', '本院目录ID', 'text', false),
    f('manuLotnum', '生产批号', 'text', false),
    f('delventpCode', '配送企业编码', 'text', false),
    f('rcvDate', '收货日期', 'date', false),
  ],
  returns_out: [
    f('shpId', '配送明细ID', 'text', true),
    f('retnCnt', '退货数量', 'int', true),
    f('retnRea', '退货原因', 'text', true),
    f('hospListId', '本院目录ID', 'text', false),
    f('manuLotnum', '生产批号', 'text', false),
    f('delventpCode', '配送企业编码', 'text', false),
    f('retnDate', '退货日期', 'date', false),
  ],
  settlements_in: [
    f('payOrdId', '结算单号', 'text', true),
    f('delventpCode', '配送企业编码', 'text', true),
    f('delventpName', '配送企业名称', 'text', false),
    f('shppAmt', '收货金额', 'money', true),
    f('retnAmt', '退货金额', 'money', false),
    f('stlmAmt', '结算金额', 'money', false),
    f('periodFrom', '结算期起', 'date', false),
    f('periodTo', '结算期止', 'date', false),
  ],
  settlements_out: [
    f('medinsCode', '医疗机构代码', 'text', false),
    f('delventpCode', '配送企业编码', 'text', true),
    f('delventpName', '配送企业名称', 'text', false),
    f('periodFrom', '结算期起', 'date', true),
    f('periodTo', '结算期止', 'date', true),
    f('shppAmt', '收货金额', 'money', true),
    f('retnAmt', '退货金额', 'money', true),
    f('stlmAmt', '应结算金额', 'money', false),
    f('lineCount', '明细条数', 'int', false),
  ],
};

export function platformField(exchange: PlatformExchange, field: string): PlatformField | undefined {
  return PLATFORM_EXCHANGE_FIELDS[exchange].find((x) => x.field === field);
}

// ---------------------------------------------------------------------------------------------------------------
// The profile model. Its shape is checked here; what it means (every required field mapped, no title twice …)
// is validateProfile's (core/platform/profile.ts), which reports every problem with its path.

const text = (label: string, max: number) => z.string({ error: `请填写${label}` }).trim().max(max, `${label}不能超过 ${max} 个字符`);

export const platformColumn = z.object({
  title: text('列标题', 60),
  field: z.string({ error: '请选择字段' }).trim().max(40),
});
export type PlatformColumn = z.infer<typeof platformColumn>;

export const platformValueMap = z.object({
  field: z.string({ error: '请选择字段' }).trim().max(40),
  /** internal value → the platform's code; several platform codes may read as one internal value. */
  entries: z.array(z.object({ internal: text('内部值', 40), file: text('平台代码', 40) })).max(100, '最多 100 项'),
});
export type PlatformValueMap = z.infer<typeof platformValueMap>;

export const platformExchangeLayout = z.object({
  sheetName: text('工作表名称', 60),
  /** The 1-based row of the column titles; rows above it are left blank (a title row). */
  headerRow: z.number({ error: '表头行须为整数' }).int('表头行须为整数'),
  columns: z.array(platformColumn).max(60, '最多 60 列'),
  valueMaps: z.array(platformValueMap).max(20).default([]),
});
export type PlatformExchangeLayout = z.infer<typeof platformExchangeLayout>;

/** 收货地址: the platform's addrId of each receiving store. */
export const platformAddress = z.object({ storeId: id, addrId: text('收货地址ID', 60) });

export const platformAccount = z.object({
  /** '' = the community's 医疗机构代码 (communities.institution_code). */
  medinsCode: text('医疗机构代码', 40).default(''),
  conerName: text('联系人', 40).default(''),
  conerTel: text('联系电话', 40).default(''),
  invottl: text('发票抬头', 100).default(''),
  addresses: z.array(platformAddress).max(500).default([]),
});
export type PlatformAccount = z.infer<typeof platformAccount>;

export const PROFILE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

export const platformProfileShape = z.object({
  /** The key orders, platform ids and supplier codes are stored under (national, sichuan …). */
  name: z.string({ error: '请填写配置代号' }).trim().min(1, '请填写配置代号').max(40, '配置代号不能超过 40 个字符'),
  label: text('配置名称', 60),
  account: platformAccount,
  exchanges: z.object(
    Object.fromEntries(PLATFORM_EXCHANGES.map((e) => [e, platformExchangeLayout])) as Record<PlatformExchange, typeof platformExchangeLayout>,
    { error: '缺少交换文件的格式' },
  ),
});
export type PlatformProfile = z.infer<typeof platformProfileShape>;
export type PlatformProfileInput = z.input<typeof platformProfileShape>;

export const platformProfileProblem = z.object({ path: z.string(), message: z.string() });
export type PlatformProfileProblem = z.infer<typeof platformProfileProblem>;

/** A stored profile: `version` counts saves (0 = a built-in never saved), for the optimistic check. */
export const platformProfileRecord = platformProfileShape.extend({
  version: z.number().int().min(0),
  builtIn: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type PlatformProfileRecord = z.infer<typeof platformProfileRecord>;

// ---------------------------------------------------------------------------------------------------------------
// Operations

const profileName = z.string({ error: '请选择平台配置' }).trim().min(1, '请选择平台配置').max(40, '配置代号不能超过 40 个字符');

export const platformProfileList = defineOperation({
  name: 'platformProfile.list',
  title: '查看平台配置',
  access: { permission: 'platform.read' },
  mutates: false,
  scope: 'centre',
  input: z.object({}).default({}),
  output: z.object({ profiles: z.array(platformProfileRecord.extend({ problems: z.array(platformProfileProblem) })) }),
});

export const platformProfileGet = defineOperation({
  name: 'platformProfile.get',
  title: '查看平台配置',
  access: { permission: 'platform.read' },
  mutates: false,
  scope: 'centre',
  input: z.object({ name: profileName }),
  output: z.object({ profile: platformProfileRecord, problems: z.array(platformProfileProblem) }),
});

export const platformProfileSave = defineOperation({
  name: 'platformProfile.save',
  title: '保存平台配置',
  access: { permission: 'platform.manage' },
  mutates: true,
  scope: 'centre',
  /** `version`: the one the editor loaded (0 for a new profile or a built-in never saved); a stale one is CONFLICT. */
  input: platformProfileShape.extend({ version: z.number({ error: '缺少版本号' }).int().min(0) }),
  output: z.object({ profile: platformProfileRecord }),
});

export const platformProfileValidate = defineOperation({
  name: 'platformProfile.validate',
  title: '检查平台配置',
  access: { permission: 'platform.read' },
  mutates: false,
  scope: 'centre',
  input: platformProfileShape,
  output: z.object({ problems: z.array(platformProfileProblem) }),
});

const isoDate = (label: string) => z.string({ error: `请选择${label}` }).regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 2026-11-03`);

const exportFields = {
  profile: profileName,
  from: isoDate('开始日期').optional(),
  to: isoDate('结束日期').optional(),
  format: z.enum(['xlsx', 'csv'], { error: '文件格式须为 xlsx 或 csv' }).default('xlsx'),
};
const periodIssues = (what: string, orderIds = false) => (v: { from?: string | undefined; to?: string | undefined; orderIds?: number[] | undefined }, ctx: z.RefinementCtx) => {
  if (v.from && v.to && v.from > v.to) ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期' });
  if (orderIds && v.orderIds?.length) return;
  if (!v.from) ctx.addIssue({ code: 'custom', path: ['from'], message: `请选择${what}的开始日期` });
  if (!v.to) ctx.addIssue({ code: 'custom', path: ['to'], message: `请选择${what}的结束日期` });
};
/** A file going out: the profile, the period (community dates, inclusive) and the format. */
const exportInput = (what: string) => z.object(exportFields).superRefine(periodIssues(what));

export const platformExportSummary = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** The documents in the file (order, receipt, return numbers). */
  documents: z.array(z.string()),
  lineCount: z.number().int(),
  /** Σ of the file's amounts where it has one (planSumamt, shppAmt − retnAmt …), else null. */
  amountMicro: z.number().int().nullable(),
});
export type PlatformExportSummary = z.infer<typeof platformExportSummary>;

export const platformExportOutput = z.object({
  exchangeId: id,
  fileName: z.string(),
  mimeType: z.string(),
  contentBase64: z.string(),
  rowCount: z.number().int(),
  summary: platformExportSummary,
});
export type PlatformExportOutput = z.infer<typeof platformExportOutput>;

export const platformExportOrders = defineOperation({
  name: 'platform.exportOrders',
  title: '导出平台采购订单',
  access: { permission: 'platform.exchange' },
  mutates: true,
  scope: 'centre',
  /** Approved or sent platform orders on the profile, approved within the period, or the orders named. */
  input: z.object({ ...exportFields, orderIds: z.array(id).max(500).optional() }).superRefine(periodIssues('审核日期', true)),
  output: platformExportOutput,
});

export const platformExportReceiptConfirmations = defineOperation({
  name: 'platform.exportReceiptConfirmations',
  title: '导出平台收货确认',
  access: { permission: 'platform.exchange' },
  mutates: true,
  scope: 'centre',
  /** Accepted receipt lines from imported platform shipment lines, receipts accepted within the period. */
  input: exportInput('验收日期'),
  output: platformExportOutput,
});

export const platformExportReturns = defineOperation({
  name: 'platform.exportReturns',
  title: '导出平台退货单',
  access: { permission: 'platform.exchange' },
  mutates: true,
  scope: 'centre',
  /** Posted 退货单 (109) whose batches came in on a platform shipment line, posted within the period. */
  input: exportInput('退货日期'),
  output: platformExportOutput,
});

export const platformExportSettlement = defineOperation({
  name: 'platform.exportSettlement',
  title: '导出平台结算对账',
  access: { permission: 'platform.exchange' },
  mutates: true,
  scope: 'centre',
  /** Per distributor: received and returned amounts of the period. */
  input: exportInput('结算期'),
  output: platformExportOutput,
});

export const platformExchangeList = defineOperation({
  name: 'platformExchange.list',
  title: '查看平台文件记录',
  access: { permission: 'platform.read' },
  mutates: false,
  scope: 'centre',
  input: z
    .object({
      profile: z.string().optional(),
      /** Only the files written for the platform (out) or only those read from it (in). */
      direction: z.enum(['in', 'out'], { error: '方向须为 in（导入）或 out（上传）' }).optional(),
      limit: z.number().int().min(1).max(200).default(50),
    })
    .default({ limit: 50 }),
  output: z.object({
    exchanges: z.array(
      z.object({
        id,
        profile: z.string(),
        exchange: z.enum(PLATFORM_EXCHANGES),
        fileName: z.string(),
        rowCount: z.number().int(),
        summary: z.record(z.string(), z.unknown()),
        at: z.string(),
        /** Who wrote or read it: the sign-in name (`cli` for the console) and the person's name as shown. */
        actorName: z.string(),
        actorDisplayName: z.string(),
      }),
    ),
  }),
});

export const platformOperations = [
  platformProfileList,
  platformProfileGet,
  platformProfileSave,
  platformProfileValidate,
  platformExportOrders,
  platformExportReceiptConfirmations,
  platformExportReturns,
  platformExportSettlement,
  platformExchangeList,
] as const;

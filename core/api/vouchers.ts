/**
 * 记账凭证 export: the journal's entries of one unit and month as the vouchers of the accounting software the finance
 * department already uses (用友 / 金蝶), through an administrator's account map (会计科目对照: internal account →
 * the software's code and name, community-wide with per-unit overrides, and how 辅助核算 codes are exported) and an
 * editable column profile (导出格式). Vocabularies: ./finance.ts.
 */
import { z } from 'zod';
import { id } from './common.js';
import { ACCOUNTS, ENTRY_KINDS, MONTH_PATTERN } from './finance.js';
import { defineOperation } from './operation.js';

const voucherMonth = z.string({ error: '请选择月份' }).regex(MONTH_PATTERN, '月份格式应为 2026-11');

const accountCode = z
  .string({ error: '请填写科目编码' })
  .trim()
  .max(40, '科目编码不能超过 40 个字符')
  .regex(/^[0-9A-Za-z.\-_]*$/, '科目编码只能包含数字、字母、. - _');
const accountName = z.string({ error: '请填写科目名称' }).trim().max(60, '科目名称不能超过 60 个字符');
const auxCode = z.string({ error: '请填写辅助核算编码' }).trim().max(40, '辅助核算编码不能超过 40 个字符');

/** One internal account mapped to the accounting software's code and name ('' code: not mapped). */
export const voucherAccountMapping = z.object({
  account: z.enum(ACCOUNTS, { error: '未知的内部科目' }),
  code: accountCode,
  name: accountName,
});

/** A unit whose own books use other codes for some accounts (a village clinic under 基层医疗卫生机构会计制度). */
export const voucherUnitOverride = z.object({
  unitId: id,
  accounts: z.array(voucherAccountMapping).max(ACCOUNTS.length * 2),
});

/**
 * 辅助核算: how a line's supplier (供应商) and counter unit (往来单位) are named in the export — the supplier's
 * 统一社会信用代码 or a code entered here; the unit's own code (units.code), its USCC, or a code entered here.
 */
export const VOUCHER_SUPPLIER_CODE_SOURCES = ['uscc', 'entered'] as const;
export const VOUCHER_UNIT_CODE_SOURCES = ['code', 'uscc', 'entered'] as const;
export const voucherAuxiliary = z.object({
  supplierSource: z.enum(VOUCHER_SUPPLIER_CODE_SOURCES, { error: '供应商辅助核算编码来源须为统一社会信用代码或自定义编码' }),
  supplierCodes: z.array(z.object({ supplierId: id, code: auxCode })).max(5_000),
  unitSource: z.enum(VOUCHER_UNIT_CODE_SOURCES, { error: '单位辅助核算编码来源须为单位编码、统一社会信用代码或自定义编码' }),
  unitCodes: z.array(z.object({ unitId: id, code: auxCode })).max(5_000),
});

export const voucherAccountMap = z.object({
  accounts: z.array(voucherAccountMapping).max(ACCOUNTS.length * 2),
  unitOverrides: z.array(voucherUnitOverride).max(2_000),
  auxiliary: voucherAuxiliary,
});
export type VoucherAccountMap = z.infer<typeof voucherAccountMap>;

/** Every internal account with its label, as the map editor lists them. */
const accountRow = z.object({
  account: z.enum(ACCOUNTS),
  label: z.string(),
  code: z.string(),
  name: z.string(),
  /** A starting point under 政府会计制度, offered by the editor (never applied without a save). */
  suggestedCode: z.string(),
  suggestedName: z.string(),
});

export const accountMapGet = defineOperation({
  name: 'accountMap.get',
  title: '查看会计科目对照',
  access: { permission: 'finance.configure' },
  mutates: false,
  scope: 'centre',
  input: z.object({}).default({}),
  output: z.object({
    map: voucherAccountMap,
    /** The community-wide map, one row per internal account (code '' when not mapped). */
    rows: z.array(accountRow),
    updatedAt: z.string().nullable(),
  }),
});

export const accountMapSave = defineOperation({
  name: 'accountMap.save',
  title: '保存会计科目对照',
  access: { permission: 'finance.configure' },
  mutates: true,
  scope: 'centre',
  input: voucherAccountMap,
  output: z.object({ map: voucherAccountMap, rows: z.array(accountRow), updatedAt: z.string().nullable() }),
});

/** The columns a voucher file can have (one row per voucher line). */
export const VOUCHER_FIELDS = [
  'date',
  'year',
  'period',
  'word',
  'number',
  'lineNo',
  'summary',
  'accountCode',
  'accountName',
  'debit',
  'credit',
  'auxSupplier',
  'auxUnit',
  'attachments',
  'preparer',
  'documentNumber',
] as const;
export type VoucherField = (typeof VOUCHER_FIELDS)[number];
export const VOUCHER_FIELD_LABELS: Record<VoucherField, string> = {
  date: '凭证日期',
  year: '会计年度',
  period: '会计期间',
  word: '凭证字',
  number: '凭证号',
  lineNo: '分录号',
  summary: '摘要',
  accountCode: '科目编码',
  accountName: '科目名称',
  debit: '借方金额',
  credit: '贷方金额',
  auxSupplier: '辅助核算-供应商',
  auxUnit: '辅助核算-单位',
  attachments: '附件数',
  preparer: '制单人',
  documentNumber: '单据号',
};

export const VOUCHER_DATE_FORMATS = ['YYYY-MM-DD', 'YYYY/MM/DD', 'YYYYMMDD'] as const;

export const voucherProfile = z.object({
  /** 0 on save: a new profile. */
  id: z.number().int().min(0),
  name: z.string({ error: '请填写格式名称' }).trim().min(1, '请填写格式名称').max(40, '格式名称不能超过 40 个字符'),
  columns: z
    .array(
      z.object({
        field: z.enum(VOUCHER_FIELDS, { error: '未知的凭证列' }),
        header: z.string({ error: '请填写列标题' }).trim().min(1, '请填写列标题').max(30, '列标题不能超过 30 个字符'),
      }),
    )
    .min(1, '至少需要一列')
    .max(30, '最多 30 列')
    .refine((cols) => new Set(cols.map((c) => c.field)).size === cols.length, '同一列不能出现两次')
    .refine((cols) => cols.some((c) => c.field === 'debit') && cols.some((c) => c.field === 'credit'), '须包含借方金额和贷方金额两列')
    .refine((cols) => cols.some((c) => c.field === 'accountCode'), '须包含科目编码列'),
  /** 凭证字: 记 (one general voucher type), or 转 / 付 … as the software's voucher types are set up. */
  voucherWord: z.string({ error: '请填写凭证字' }).trim().min(1, '请填写凭证字').max(4, '凭证字不能超过 4 个字符'),
  dateFormat: z.enum(VOUCHER_DATE_FORMATS, { error: '日期格式须为 YYYY-MM-DD、YYYY/MM/DD 或 YYYYMMDD' }),
  /** Amounts are yuan with 2 decimals; the side a line is not on is left blank or written 0.00. */
  zeroAs: z.enum(['blank', 'zero'], { error: '空金额须为留空或 0.00' }),
});
export type VoucherProfile = z.infer<typeof voucherProfile>;

export const voucherProfileList = defineOperation({
  name: 'voucherProfile.list',
  title: '查看凭证导出格式',
  access: { permission: 'finance.configure' },
  mutates: false,
  scope: 'centre',
  input: z.object({}).default({}),
  output: z.object({ profiles: z.array(voucherProfile.extend({ builtIn: z.boolean() })) }),
});

export const voucherProfileSave = defineOperation({
  name: 'voucherProfile.save',
  title: '保存凭证导出格式',
  access: { permission: 'finance.configure' },
  mutates: true,
  scope: 'centre',
  input: voucherProfile.extend({ id: z.number().int().min(0).default(0) }),
  output: z.object({ profile: voucherProfile.extend({ builtIn: z.boolean() }) }),
});

export const voucherLine = z.object({
  lineNo: z.number().int(),
  account: z.enum(ACCOUNTS),
  accountLabel: z.string(),
  /** The mapped code and name ('' when the account is not mapped: the export is refused). */
  accountCode: z.string(),
  accountName: z.string(),
  debitMicro: z.number().int(),
  creditMicro: z.number().int(),
  supplierId: id.nullable(),
  supplierName: z.string(),
  supplierCode: z.string(),
  counterUnitId: id.nullable(),
  counterUnitName: z.string(),
  counterUnitCode: z.string(),
});
export type VoucherLine = z.infer<typeof voucherLine>;

export const voucherRow = z.object({
  entryId: id,
  /** 凭证号: 1, 2, … per unit and month in booking order. */
  number: z.number().int(),
  date: z.string(),
  summary: z.string(),
  kind: z.enum(ENTRY_KINDS),
  kindLabel: z.string(),
  documentNumber: z.string(),
  attachments: z.number().int(),
  preparer: z.string(),
  /** A red-ink reversal (红字冲销) of another entry. */
  reversal: z.boolean(),
  debitMicro: z.number().int(),
  creditMicro: z.number().int(),
  lines: z.array(voucherLine),
});
export type VoucherRow = z.infer<typeof voucherRow>;

export const voucherList = defineOperation({
  name: 'voucher.list',
  title: '查询记账凭证',
  access: { permission: 'books.read' },
  mutates: false,
  scope: 'centre',
  input: z.object({
    unitId: id,
    month: voucherMonth,
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(1_000).default(50),
  }),
  output: z.object({
    unitId: id,
    unitName: z.string(),
    month: z.string(),
    vouchers: z.array(voucherRow),
    /** Vouchers in the month (all pages), and the month's totals. */
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    lineCount: z.number().int(),
    debitMicro: z.number().int(),
    creditMicro: z.number().int(),
    /** Accounts used in the month with no code: the export is refused until they are mapped. */
    unmapped: z.array(z.object({ account: z.enum(ACCOUNTS), label: z.string() })),
    /** The export profiles to choose from (the editor is voucherProfile.list). */
    profiles: z.array(z.object({ id, name: z.string() })),
  }),
});

export const voucherExport = defineOperation({
  name: 'voucher.export',
  title: '导出记账凭证',
  access: { permission: 'books.read' },
  mutates: false,
  scope: 'centre',
  input: z.object({
    unitId: id,
    month: voucherMonth,
    profileId: z.number({ error: '请选择导出格式' }).int().positive('请选择导出格式'),
    format: z.enum(['xlsx', 'csv'], { error: '文件格式须为 xlsx 或 csv' }),
  }),
  output: z.object({
    fileName: z.string(),
    mimeType: z.string(),
    contentBase64: z.string(),
    voucherCount: z.number().int(),
    lineCount: z.number().int(),
    debitMicro: z.number().int(),
    creditMicro: z.number().int(),
  }),
});

export const voucherOperations = [accountMapGet, accountMapSave, voucherProfileList, voucherProfileSave, voucherList, voucherExport] as const;

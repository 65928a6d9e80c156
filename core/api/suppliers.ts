import { z } from 'zod';
import { defineOperation } from './operation.js';
import { documentVersionSchema } from './documents.js';
import { parseExpiry } from './expiry.js';
import { id, optionalText, phone, requiredText, uscc } from './common.js';

/** 供应商 / 配送企业 and their 首营资料: contracts (operations are added below the vocabularies). */
export const SUPPLIER_KINDS = ['distributor', 'manufacturer'] as const;
export type SupplierKind = (typeof SUPPLIER_KINDS)[number];

/** 首营资料 kinds. */
export const QUALIFICATION_KINDS = [
  'business_licence', // 营业执照
  'drug_trade_licence', // 药品经营许可证
  'drug_production_licence', // 药品生产许可证
  'device_trade_licence', // 医疗器械经营许可证
  'gsp', // GSP 证书
  'authorization', // 授权委托书
] as const;
export type QualificationKind = (typeof QUALIFICATION_KINDS)[number];


/** Days before a licence's expiry from which it shows as an alert (30天内到期). */
export const QUALIFICATION_ALERT_DAYS = 30;

/** A qualification's state on a given day: valid, expiring within 30 days, or expired. */
export const QUALIFICATION_STATES = ['valid', 'expiring', 'expired'] as const;
export type QualificationState = (typeof QUALIFICATION_STATES)[number];

/** 有效期至 of a licence as printed (2029-06-30, 2029.06.30, 2029年6月30日, or a month: its last day); empty or null = 长期. */
const licenceExpiry = z
  .union([z.string(), z.null()])
  .transform((text, ctx) => {
    if (text === null || text.trim() === '') return null;
    const parsed = parseExpiry(text);
    if (parsed.ok) return parsed.date;
    ctx.addIssue({ code: 'custom', message: parsed.reason });
    return z.NEVER;
  });

export const qualificationFields = z.object({
  kind: z.enum(QUALIFICATION_KINDS, { error: '请选择证照类型' }),
  number: requiredText('证照编号', 60),
  /** The last day it is valid (YYYY-MM-DD, or as printed); null or empty = 长期有效. */
  expiresOn: licenceExpiry.default(null),
  note: optionalText('备注', 200),
});
export type QualificationFields = z.input<typeof qualificationFields>;

export const platformCodeFields = z.object({
  /** The platform profile (e.g. national-tps). */
  profile: requiredText('平台配置', 40),
  /** delventpCode: opaque, as the platform gives it. */
  code: requiredText('平台企业编码', 64),
});

export const supplierFields = z
  .object({
    name: requiredText('供应商名称', 100),
    uscc: uscc.pipe(z.string().min(1, '请填写统一社会信用代码')),
    kind: z.enum(SUPPLIER_KINDS, { error: '请选择企业类型' }),
    sme: z.boolean({ error: '请选择是否中小企业' }),
    bankName: optionalText('开户银行', 100),
    bankAccountName: optionalText('账户名称', 100),
    bankAccountNo: optionalText('银行账号', 40).refine((s) => /^[0-9 -]*$/.test(s), '银行账号只能包含数字、空格和 -'),
    contactName: optionalText('联系人', 30),
    contactPhone: phone.default(''),
    address: optionalText('地址', 200),
    note: optionalText('备注', 500),
    qualifications: z.array(qualificationFields).max(20).default([]),
    platformCodes: z.array(platformCodeFields).max(20).default([]),
  })
  .superRefine((s, ctx) => {
    const kinds = new Set<string>();
    s.qualifications.forEach((q, i) => {
      if (kinds.has(q.kind)) ctx.addIssue({ code: 'custom', path: ['qualifications', i, 'kind'], message: '同一类证照只能登记一份' });
      kinds.add(q.kind);
    });
    const profiles = new Set<string>();
    s.platformCodes.forEach((p, i) => {
      if (profiles.has(p.profile)) ctx.addIssue({ code: 'custom', path: ['platformCodes', i, 'profile'], message: '同一平台配置只能登记一个企业编码' });
      profiles.add(p.profile);
    });
  });
export type SupplierFields = z.input<typeof supplierFields>;

export const qualification = z.object({
  id,
  kind: z.enum(QUALIFICATION_KINDS),
  number: z.string(),
  expiresOn: z.string().nullable(),
  note: z.string(),
  state: z.enum(QUALIFICATION_STATES),
  /** Days until it expires (negative once expired); null for 长期. */
  daysLeft: z.number().int().nullable(),
});
export type Qualification = z.infer<typeof qualification>;

export const supplier = z.object({
  id,
  name: z.string(),
  uscc: z.string(),
  kind: z.enum(SUPPLIER_KINDS),
  sme: z.boolean(),
  /** Removed for callers without community.account (finance, the pharmacy officer and administrators see them). */
  bankName: z.string().optional(),
  bankAccountName: z.string().optional(),
  bankAccountNo: z.string().optional(),
  contactName: z.string(),
  contactPhone: z.string(),
  address: z.string(),
  note: z.string(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  qualifications: z.array(qualification),
  platformCodes: z.array(z.object({ profile: z.string(), code: z.string() })),
  /** The worst state of its qualifications: expired > expiring > valid. */
  alert: z.enum(QUALIFICATION_STATES),
  /** 证照预警 as one line, for the grid and the export (e.g. 药品经营许可证已过期). */
  alertText: z.string(),
  /** For the export: 配送企业, 是/否, 在用/停用, and the 首营资料 as one line. */
  kindLabel: z.string(),
  smeLabel: z.string(),
  activeLabel: z.string(),
  qualificationText: z.string(),
});
export type Supplier = z.infer<typeof supplier>;

const BANK_FIELDS = ['bankName', 'bankAccountName', 'bankAccountNo'] as const;
const restrictedBank = (holder: string) => BANK_FIELDS.map((f) => ({ path: `${holder}.${f}`, permission: 'community.account' as const }));

export const supplierList = defineOperation({
  name: 'supplier.list',
  title: '查询供应商',
  access: { permission: 'supplier.read' },
  mutates: false,
  scope: 'community',
  restricted: restrictedBank('suppliers'),
  input: z
    .object({
      query: z.string().trim().max(100).optional(),
      kind: z.enum(SUPPLIER_KINDS).optional(),
      includeInactive: z.boolean().default(false),
    })
    .default({ includeInactive: false }),
  output: z.object({ suppliers: z.array(supplier) }),
  export: {
    rows: 'suppliers',
    sheet: '供应商',
    filename: '供应商',
    columns: [
      { key: 'name', header: '供应商名称', width: 30 },
      { key: 'uscc', header: '统一社会信用代码', width: 22 },
      { key: 'kindLabel', header: '企业类型', width: 10 },
      { key: 'smeLabel', header: '中小企业', width: 8 },
      { key: 'contactName', header: '联系人', width: 10 },
      { key: 'contactPhone', header: '联系电话', width: 16 },
      { key: 'address', header: '地址', width: 30 },
      { key: 'qualificationText', header: '首营资料', width: 60 },
      { key: 'alertText', header: '证照预警', width: 30 },
      { key: 'activeLabel', header: '状态', width: 8 },
    ],
  },
});

export const supplierGet = defineOperation({
  name: 'supplier.get',
  title: '查看供应商',
  access: { permission: 'supplier.read' },
  mutates: false,
  scope: 'community',
  restricted: restrictedBank('supplier'),
  input: z.object({ id }),
  output: z.object({ supplier }),
});

export const supplierCreate = defineOperation({
  name: 'supplier.create',
  title: '新增供应商',
  access: { permission: 'supplier.manage' },
  mutates: true,
  scope: 'community',
  restricted: restrictedBank('supplier'),
  input: supplierFields,
  output: z.object({ supplier }),
});

export const supplierUpdate = defineOperation({
  name: 'supplier.update',
  title: '修改供应商',
  access: { permission: 'supplier.manage' },
  mutates: true,
  scope: 'community',
  restricted: restrictedBank('supplier'),
  input: z.object({ id, version: documentVersionSchema, fields: supplierFields }),
  output: z.object({ supplier }),
});

export const supplierSetActive = defineOperation({
  name: 'supplier.setActive',
  title: '停用或启用供应商',
  access: { permission: 'supplier.manage' },
  mutates: true,
  scope: 'community',
  restricted: restrictedBank('supplier'),
  input: z.object({ id, version: documentVersionSchema, active: z.boolean(), reason: optionalText('原因', 200) }),
  output: z.object({ supplier }),
});

export const supplierAlerts = defineOperation({
  name: 'supplier.alerts',
  title: '供应商证照预警',
  access: { permission: 'supplier.read' },
  mutates: false,
  scope: 'community',
  input: z.object({ days: z.number().int().min(0).max(365).default(QUALIFICATION_ALERT_DAYS) }).default({ days: QUALIFICATION_ALERT_DAYS }),
  output: z.object({
    alerts: z.array(
      z.object({
        supplierId: id,
        supplierName: z.string(),
        qualificationId: id,
        kind: z.enum(QUALIFICATION_KINDS),
        number: z.string(),
        expiresOn: z.string(),
        daysLeft: z.number().int(),
        state: z.enum(['expiring', 'expired']),
      }),
    ),
  }),
});

export const supplierOperations = [supplierList, supplierGet, supplierCreate, supplierUpdate, supplierSetActive, supplierAlerts] as const;

const DAY_MS = 86_400_000;

/** Days from `today` to `expiresOn` (both YYYY-MM-DD): 0 on the last valid day, negative once expired. */
export function daysUntil(expiresOn: string, today: string): number {
  return Math.round((Date.parse(`${expiresOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}

/** A licence valid through `expiresOn` (null = 长期) as of `today`: expired after that day, expiring within 30 days. */
export function qualificationState(expiresOn: string | null, today: string, alertDays = QUALIFICATION_ALERT_DAYS): QualificationState {
  if (expiresOn === null) return 'valid';
  const days = daysUntil(expiresOn, today);
  if (days < 0) return 'expired';
  return days <= alertDays ? 'expiring' : 'valid';
}

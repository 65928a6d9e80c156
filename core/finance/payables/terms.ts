import { prepared } from '../../../db/statements.js';
import { BANK_COLUMN_FIELDS, bankProfileShape, type BankProfile } from '../../api/payables.js';
import type { OperationContext } from '../../context.js';
import { conflict, notFound } from '../../errors.js';

/** 合同付款条款 per supplier (supplier_terms) and the bank-file column profiles (hub_settings JSON). */
export interface SupplierTermsRow {
  supplierId: number;
  supplierName: string;
  sme: boolean;
  termDays: number | null;
  fromAcceptance: boolean;
  interestRateBp: number | null;
  note: string;
  updatedAt: string | null;
  updatedBy: string | null;
}

export function supplierTerms(ctx: OperationContext, supplierId?: number): SupplierTermsRow[] {
  const rows = prepared(
    ctx.db.$client,
    `SELECT s.id AS supplierId, s.name AS supplierName, s.sme, t.term_days AS termDays, t.from_acceptance AS fromAcceptance,
            t.interest_rate_bp AS interestRateBp, t.note, t.updated_at AS updatedAt, t.updated_by AS updatedBy
       FROM suppliers s LEFT JOIN supplier_terms t ON t.supplier_id = s.id
      WHERE (@supplierId IS NULL OR s.id = @supplierId) AND (s.active = 1 OR t.supplier_id IS NOT NULL OR @supplierId IS NOT NULL)
      ORDER BY s.name`,
  ).all({ supplierId: supplierId ?? null }) as (Omit<SupplierTermsRow, 'sme' | 'fromAcceptance'> & { sme: number; fromAcceptance: number | null })[];
  return rows.map((r) => ({
    ...r,
    sme: r.sme === 1,
    // No row: the statute's reading (delivery) for a small supplier, acceptance for the others (createPayables agrees).
    fromAcceptance: r.fromAcceptance === null ? r.sme !== 1 : r.fromAcceptance === 1,
    note: r.note ?? '',
  }));
}

export function saveSupplierTerms(
  ctx: OperationContext,
  input: { supplierId: number; termDays: number | null; fromAcceptance: boolean; interestRateBp: number | null; note: string },
): SupplierTermsRow {
  const before = supplierTerms(ctx, input.supplierId)[0];
  if (!before) throw notFound('供应商');
  prepared(
    ctx.db.$client,
    `INSERT INTO supplier_terms (supplier_id, term_days, from_acceptance, interest_rate_bp, note, updated_at, updated_by)
     VALUES (@supplierId, @termDays, @fromAcceptance, @interestRateBp, @note, @at, @by)
     ON CONFLICT (supplier_id) DO UPDATE SET term_days = excluded.term_days, from_acceptance = excluded.from_acceptance,
       interest_rate_bp = excluded.interest_rate_bp, note = excluded.note, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run({
    supplierId: input.supplierId,
    termDays: input.termDays,
    fromAcceptance: input.fromAcceptance ? 1 : 0,
    interestRateBp: input.interestRateBp,
    note: input.note,
    at: ctx.now.toISOString(),
    by: ctx.actor?.username ?? '',
  });
  const after = supplierTerms(ctx, input.supplierId)[0]!;
  ctx.audit({ target: `supplier:${input.supplierId}:terms`, summary: { before, after } });
  return after;
}

export const BANK_PROFILES_KEY = 'finance.bankProfiles';

/** Two seeded layouts: 工商银行-style and 建设银行-style 批量代付 (an administrator edits or adds more). */
export const DEFAULT_BANK_PROFILES: BankProfile[] = [
  {
    id: 1,
    name: '工商银行 批量代付',
    columns: [
      { field: 'lineNo', header: '序号' },
      { field: 'accountNo', header: '收款账号' },
      { field: 'payeeName', header: '收款户名' },
      { field: 'bankName', header: '收款银行' },
      { field: 'bankBranch', header: '收款行行号' },
      { field: 'amount', header: '金额' },
      { field: 'purpose', header: '用途' },
    ],
    amountUnit: 'yuan',
    defaultFormat: 'xlsx',
    defaultEncoding: 'utf8bom',
    purpose: '药品货款',
    headerRow: true,
  },
  {
    id: 2,
    name: '建设银行 批量代发',
    columns: [
      { field: 'payeeName', header: '收款方户名' },
      { field: 'accountNo', header: '收款方账号' },
      { field: 'bankName', header: '收款方开户行' },
      { field: 'amount', header: '金额（分）' },
      { field: 'purpose', header: '摘要' },
      { field: 'batchNumber', header: '业务参考号' },
      { field: 'supplierUscc', header: '统一社会信用代码' },
    ],
    amountUnit: 'fen',
    defaultFormat: 'csv',
    defaultEncoding: 'gbk',
    purpose: '药款',
    headerRow: true,
  },
];

export function bankProfiles(ctx: OperationContext): BankProfile[] {
  const row = prepared(ctx.db.$client, 'SELECT value FROM hub_settings WHERE name = ?').get(BANK_PROFILES_KEY) as { value: string } | undefined;
  if (!row) return DEFAULT_BANK_PROFILES;
  const parsed = JSON.parse(row.value) as unknown[];
  return parsed.map((p) => bankProfileShape.parse(p));
}

export function bankProfile(ctx: OperationContext, id: number): BankProfile {
  const profile = bankProfiles(ctx).find((p) => p.id === id);
  if (!profile) throw notFound('银行文件格式');
  return profile;
}

export function saveBankProfile(ctx: OperationContext, input: BankProfile): BankProfile {
  const profiles = bankProfiles(ctx);
  const seen = new Set<string>();
  for (const c of input.columns) {
    if (!BANK_COLUMN_FIELDS.includes(c.field)) throw conflict(`未知的列 ${c.field}`);
    if (seen.has(c.field)) throw conflict(`列「${c.header}」重复`);
    seen.add(c.field);
  }
  if (!seen.has('amount') || !seen.has('accountNo') || !seen.has('payeeName')) throw conflict('银行文件至少须有收款人名称、收款账号和金额三列');
  if (profiles.some((p) => p.name === input.name && p.id !== input.id)) throw conflict(`已有名为「${input.name}」的银行文件格式`);
  let saved: BankProfile;
  let next: BankProfile[];
  const before = input.id === 0 ? null : (profiles.find((p) => p.id === input.id) ?? null);
  if (input.id === 0) {
    saved = { ...input, id: Math.max(0, ...profiles.map((p) => p.id)) + 1 };
    next = [...profiles, saved];
  } else {
    if (!before) throw notFound('银行文件格式');
    saved = input;
    next = profiles.map((p) => (p.id === input.id ? input : p));
  }
  prepared(
    ctx.db.$client,
    `INSERT INTO hub_settings (name, value, updated_at) VALUES (@name, @value, @at)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run({ name: BANK_PROFILES_KEY, value: JSON.stringify(next), at: ctx.now.toISOString() });
  ctx.audit({ target: `settings:bankProfile:${saved.id}`, summary: { before, after: saved } });
  return saved;
}

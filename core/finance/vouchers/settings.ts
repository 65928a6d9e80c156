import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import { ACCOUNT_LABELS, ACCOUNTS, type Account } from '../../api/finance.js';
import { VOUCHER_FIELD_LABELS, type VoucherAccountMap, type VoucherField, type VoucherProfile } from '../../api/vouchers.js';

/**
 * The voucher export's configuration, in `hub_settings` as JSON:
 * - `finance.accountMap`: 会计科目对照 — one community-wide map (internal account → the accounting software's code
 *   and name) with per-unit overrides (a village clinic's books under 基层医疗卫生机构会计制度 may use other codes than
 *   the county hospital's under 政府会计制度), and how 辅助核算 codes are written. Nothing is mapped until an
 *   administrator or finance maps it: the export fails closed.
 * - `finance.voucherProfiles`: the column profiles (导出格式); two defaults in 用友 U8 and 金蝶 K/3 layouts until saved.
 */
export const ACCOUNT_MAP_KEY = 'finance.accountMap';
export const VOUCHER_PROFILES_KEY = 'finance.voucherProfiles';

export const EMPTY_ACCOUNT_MAP: VoucherAccountMap = {
  accounts: [],
  unitOverrides: [],
  auxiliary: { supplierSource: 'uscc', supplierCodes: [], unitSource: 'code', unitCodes: [] },
};

/**
 * Codes a county finance department would start from under 政府会计制度 (public hospitals); offered by the editor,
 * never applied without a save.
 */
export const SUGGESTED_ACCOUNT_CODES: Record<Account, { code: string; name: string }> = {
  inventory: { code: '1302', name: '库存物品' },
  grni: { code: '230299', name: '应付账款—暂估' },
  accounts_payable: { code: '2302', name: '应付账款' },
  interunit: { code: '2307', name: '其他应付款—内部往来' },
  drug_expense: { code: '5001', name: '业务活动费用' },
  stock_gain: { code: '1902', name: '待处理财产损溢' },
  stock_loss: { code: '1902', name: '待处理财产损溢' },
  other_in: { code: '6609', name: '其他收入' },
  other_out: { code: '7701', name: '其他费用' },
  price_variance: { code: '5001', name: '业务活动费用' },
  bank: { code: '1002', name: '银行存款' },
  insurance_clearing: { code: '1212', name: '应收账款—医保基金' },
};

function readSetting(db: Db, name: string): { value: string; updatedAt: string } | undefined {
  return prepared(db.$client, 'SELECT value, updated_at AS updatedAt FROM hub_settings WHERE name = ?').get(name) as { value: string; updatedAt: string } | undefined;
}

function writeSetting(db: Db, name: string, value: unknown, now: Date): void {
  prepared(
    db.$client,
    `INSERT INTO hub_settings (name, value, updated_at) VALUES (@name, @value, @at)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run({ name, value: JSON.stringify(value), at: now.toISOString() });
}

export function accountMap(db: Db): { map: VoucherAccountMap; updatedAt: string | null } {
  const row = readSetting(db, ACCOUNT_MAP_KEY);
  if (!row) return { map: EMPTY_ACCOUNT_MAP, updatedAt: null };
  const stored = JSON.parse(row.value) as Partial<VoucherAccountMap>;
  return {
    map: {
      accounts: stored.accounts ?? [],
      unitOverrides: stored.unitOverrides ?? [],
      auxiliary: { ...EMPTY_ACCOUNT_MAP.auxiliary, ...stored.auxiliary },
    },
    updatedAt: row.updatedAt,
  };
}

/** Saves the map whole, without blank rows, in the caller's transaction; the caller audits. */
export function saveAccountMap(db: Db, map: VoucherAccountMap, now: Date): VoucherAccountMap {
  const clean: VoucherAccountMap = {
    accounts: map.accounts.filter((a) => a.code !== ''),
    unitOverrides: map.unitOverrides.map((o) => ({ unitId: o.unitId, accounts: o.accounts.filter((a) => a.code !== '') })).filter((o) => o.accounts.length > 0),
    auxiliary: {
      supplierSource: map.auxiliary.supplierSource,
      supplierCodes: map.auxiliary.supplierCodes.filter((c) => c.code !== ''),
      unitSource: map.auxiliary.unitSource,
      unitCodes: map.auxiliary.unitCodes.filter((c) => c.code !== ''),
    },
  };
  writeSetting(db, ACCOUNT_MAP_KEY, clean, now);
  return clean;
}

/** The community-wide rows of the editor: every internal account, mapped or not. */
export function accountRows(map: VoucherAccountMap) {
  const byAccount = new Map(map.accounts.map((a) => [a.account, a]));
  return ACCOUNTS.map((account) => ({
    account,
    label: ACCOUNT_LABELS[account],
    code: byAccount.get(account)?.code ?? '',
    name: byAccount.get(account)?.name ?? '',
    suggestedCode: SUGGESTED_ACCOUNT_CODES[account].code,
    suggestedName: SUGGESTED_ACCOUNT_CODES[account].name,
  }));
}

/** What one unit's books use for each account: its override, else the community-wide code; name falls back to the code's own. */
export function accountsForUnit(map: VoucherAccountMap, unitId: number): Map<Account, { code: string; name: string }> {
  const result = new Map<Account, { code: string; name: string }>();
  for (const a of map.accounts) if (a.code) result.set(a.account, { code: a.code, name: a.name || ACCOUNT_LABELS[a.account] });
  for (const a of map.unitOverrides.find((o) => o.unitId === unitId)?.accounts ?? []) {
    if (a.code) result.set(a.account, { code: a.code, name: a.name || ACCOUNT_LABELS[a.account] });
  }
  return result;
}

const columns = (pairs: [VoucherField, string?][]) => pairs.map(([field, header]) => ({ field, header: header ?? VOUCHER_FIELD_LABELS[field] }));

/** 用友 U8 总账「凭证引入」and 金蝶 K/3「凭证引入」style layouts; ids 1 and 2, editable like any other. */
export const DEFAULT_VOUCHER_PROFILES: VoucherProfile[] = [
  {
    id: 1,
    name: '用友 U8 凭证引入',
    columns: columns([
      ['date', '制单日期'],
      ['word', '凭证类别'],
      ['number', '凭证号'],
      ['attachments', '附单据数'],
      ['summary', '摘要'],
      ['accountCode', '科目编码'],
      ['accountName', '科目名称'],
      ['debit', '借方金额'],
      ['credit', '贷方金额'],
      ['auxSupplier', '供应商编码'],
      ['auxUnit', '往来单位编码'],
      ['preparer', '制单人'],
      ['documentNumber', '单据号'],
    ]),
    voucherWord: '记',
    dateFormat: 'YYYY-MM-DD',
    zeroAs: 'zero',
  },
  {
    id: 2,
    name: '金蝶 K/3 凭证引入',
    columns: columns([
      ['date', '凭证日期'],
      ['year', '会计年度'],
      ['period', '会计期间'],
      ['word', '凭证字'],
      ['number', '凭证号'],
      ['lineNo', '分录序号'],
      ['summary', '凭证摘要'],
      ['accountCode', '科目代码'],
      ['accountName', '科目名称'],
      ['debit', '借方'],
      ['credit', '贷方'],
      ['auxSupplier', '核算项目-供应商'],
      ['auxUnit', '核算项目-往来单位'],
      ['attachments', '附件数'],
      ['preparer', '制单'],
    ]),
    voucherWord: '记',
    dateFormat: 'YYYY/MM/DD',
    zeroAs: 'blank',
  },
];

export function voucherProfiles(db: Db): (VoucherProfile & { builtIn: boolean })[] {
  const row = readSetting(db, VOUCHER_PROFILES_KEY);
  const profiles = row ? (JSON.parse(row.value) as VoucherProfile[]) : DEFAULT_VOUCHER_PROFILES;
  return profiles.map((p) => ({ ...p, builtIn: p.id <= DEFAULT_VOUCHER_PROFILES.length }));
}

/** Creates (id 0) or replaces a profile; returns it with its id. The caller audits. */
export function saveVoucherProfile(db: Db, profile: VoucherProfile, now: Date): VoucherProfile & { builtIn: boolean } {
  const profiles = voucherProfiles(db).map(({ builtIn: _builtIn, ...p }) => p);
  const saved = { ...profile, id: profile.id === 0 ? Math.max(0, ...profiles.map((p) => p.id)) + 1 : profile.id };
  const index = profiles.findIndex((p) => p.id === saved.id);
  if (index >= 0) profiles[index] = saved;
  else profiles.push(saved);
  writeSetting(db, VOUCHER_PROFILES_KEY, profiles, now);
  return { ...saved, builtIn: saved.id <= DEFAULT_VOUCHER_PROFILES.length };
}

import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';

/**
 * The community's payment rules, kept in `hub_settings` under `finance.settings` (JSON) and changed by finance or
 * the administrator (`finance.configure`, audited with before and after). The law's day counts are defaults, not
 * constants, because a province or a later revision may change them:
 * - `vbpDays`: 集采 products are paid no later than this many days after acceptance (国办发〔2019〕2号: 30);
 * - `smeDays` / `smeMaxDays`: small and medium suppliers are paid within `smeDays` of delivery (of acceptance when the
 *   contract makes acceptance the condition), or by the contract's term, never beyond `smeMaxDays`
 *   (保障中小企业款项支付条例, 国务院令第802号: 30 / 60);
 * - `defaultTermDays`: other suppliers whose contract sets no term;
 * - `lprBp`: the one-year LPR in basis points (the floor of a contract's late-payment rate);
 *   `statutoryDailyInterestCentiBp`: the late-payment interest per day when the contract sets none, in hundredths of a
 *   basis point (0.05 % a day = 500);
 * - `priceToleranceMicro`: how far an invoice price may differ from the order / 挂网价 / 集采价 before it is an
 *   exception (default one fen per pack).
 */
export interface FinanceSettings {
  vbpDays: number;
  smeDays: number;
  smeMaxDays: number;
  defaultTermDays: number;
  lprBp: number;
  statutoryDailyInterestCentiBp: number;
  priceToleranceMicro: number;
}

export const FINANCE_SETTINGS_KEY = 'finance.settings';

export const DEFAULT_FINANCE_SETTINGS: FinanceSettings = {
  vbpDays: 30,
  smeDays: 30,
  smeMaxDays: 60,
  defaultTermDays: 90,
  lprBp: 300,
  statutoryDailyInterestCentiBp: 500,
  priceToleranceMicro: 10_000,
};

export function financeSettings(db: Db): FinanceSettings {
  const row = prepared(db.$client, 'SELECT value FROM hub_settings WHERE name = ?').get(FINANCE_SETTINGS_KEY) as { value: string } | undefined;
  if (!row) return DEFAULT_FINANCE_SETTINGS;
  return { ...DEFAULT_FINANCE_SETTINGS, ...(JSON.parse(row.value) as Partial<FinanceSettings>) };
}

/** Saves the settings (whole), in the caller's transaction; the caller audits. */
export function saveFinanceSettings(db: Db, settings: FinanceSettings, now: Date): void {
  prepared(
    db.$client,
    `INSERT INTO hub_settings (name, value, updated_at) VALUES (@name, @value, @at)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run({ name: FINANCE_SETTINGS_KEY, value: JSON.stringify(settings), at: now.toISOString() });
}

import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import type { BudgetRule, PerLevel } from '../api/distribution.js';

/**
 * The community's distribution rules, kept in `hub_settings` under `distribution.settings` (JSON) and changed by
 * the pharmacy officer (`stock.approve`, audited with before and after):
 * - `villageViaTownship`: a village clinic's requisition is reviewed by its township centre first (乡村一体化);
 * - `targetMonths`: the months of average consumption a suggested requisition quantity covers, per level of the
 *   requesting unit (township 2: 长处方 patients get up to two months there);
 * - `minShelfLifeMonths`: the least remaining shelf life a batch must have to be sent to a unit of that level;
 *   `nearMinimumMonths`: a batch within this many months above that minimum is flagged on the pick list;
 * - `minStockMonths`: a unit's stock of an item below this many months of its consumption is 低于下限;
 * - `budgetRule`: what a requisition over budget does for a unit with no budget set (block by default, so a
 *   missing budget never means "unlimited").
 */
export interface DistributionSettings {
  villageViaTownship: boolean;
  targetMonths: PerLevel;
  minShelfLifeMonths: PerLevel;
  nearMinimumMonths: number;
  minStockMonths: PerLevel;
  budgetRule: BudgetRule;
}

export const DISTRIBUTION_SETTINGS_KEY = 'distribution.settings';

export const DEFAULT_DISTRIBUTION_SETTINGS: DistributionSettings = {
  villageViaTownship: false,
  targetMonths: { county: 1, township: 2, village: 1 },
  minShelfLifeMonths: { county: 3, township: 6, village: 6 },
  nearMinimumMonths: 2,
  minStockMonths: { county: 0.5, township: 1, village: 0.5 },
  budgetRule: 'block',
};

export function distributionSettings(db: Db): DistributionSettings {
  const row = prepared(db.$client, 'SELECT value FROM hub_settings WHERE name = ?').get(DISTRIBUTION_SETTINGS_KEY) as { value: string } | undefined;
  if (!row) return DEFAULT_DISTRIBUTION_SETTINGS;
  const saved = JSON.parse(row.value) as Partial<DistributionSettings>;
  const d = DEFAULT_DISTRIBUTION_SETTINGS;
  return {
    villageViaTownship: saved.villageViaTownship ?? d.villageViaTownship,
    targetMonths: { ...d.targetMonths, ...saved.targetMonths },
    minShelfLifeMonths: { ...d.minShelfLifeMonths, ...saved.minShelfLifeMonths },
    nearMinimumMonths: saved.nearMinimumMonths ?? d.nearMinimumMonths,
    minStockMonths: { ...d.minStockMonths, ...saved.minStockMonths },
    budgetRule: saved.budgetRule ?? d.budgetRule,
  };
}

/** Saves the settings (whole), in the caller's transaction; the caller audits. */
export function saveDistributionSettings(db: Db, settings: DistributionSettings, now: Date): void {
  prepared(
    db.$client,
    `INSERT INTO hub_settings (name, value, updated_at) VALUES (@name, @value, @at)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run({ name: DISTRIBUTION_SETTINGS_KEY, value: JSON.stringify(settings), at: now.toISOString() });
}

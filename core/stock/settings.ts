import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import { ITEM_CATEGORIES, type ItemCategory } from '../api/formulary.js';

/**
 * The community's stock rules, kept in `hub_settings` under `stock.settings` (JSON) and changed by the
 * pharmacy officer: the minimum remaining shelf life a batch must have to be accepted, per item category
 * (default 6 months), and the near-expiry thresholds in months (default 6 / 3 / 1).
 */
export interface StockSettings {
  minShelfLifeMonths: Record<ItemCategory, number>;
  nearExpiryMonths: number[];
}

export const STOCK_SETTINGS_KEY = 'stock.settings';

export const DEFAULT_STOCK_SETTINGS: StockSettings = {
  minShelfLifeMonths: Object.fromEntries(ITEM_CATEGORIES.map((c) => [c, 6])) as Record<ItemCategory, number>,
  nearExpiryMonths: [6, 3, 1],
};

export function stockSettings(db: Db): StockSettings {
  const row = prepared(db.$client, 'SELECT value FROM hub_settings WHERE name = ?').get(STOCK_SETTINGS_KEY) as { value: string } | undefined;
  if (!row) return DEFAULT_STOCK_SETTINGS;
  const saved = JSON.parse(row.value) as Partial<StockSettings>;
  return {
    minShelfLifeMonths: { ...DEFAULT_STOCK_SETTINGS.minShelfLifeMonths, ...saved.minShelfLifeMonths },
    nearExpiryMonths: saved.nearExpiryMonths ?? DEFAULT_STOCK_SETTINGS.nearExpiryMonths,
  };
}

/** Saves the settings (whole), in the caller's transaction; the caller audits. */
export function saveStockSettings(db: Db, settings: StockSettings, now: Date): void {
  prepared(
    db.$client,
    `INSERT INTO hub_settings (name, value, updated_at) VALUES (@name, @value, @at)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run({ name: STOCK_SETTINGS_KEY, value: JSON.stringify(settings), at: now.toISOString() });
}

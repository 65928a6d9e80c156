import type { TFunction } from 'i18next';
import {
  formatPacks,
  formatYuan,
  type ChangeKind,
  type Item,
  type ItemCategory,
  type ItemStatus,
  type LevelAvailability,
  type PackLevel,
  type Price,
  type PriceKind,
} from '../../../../core/api/index.js';

/** Formulary vocabularies in the user's language. An empty enum value ("none") is said by the caller. */
export const categoryLabel = (t: TFunction, c: ItemCategory) => t(`itemCategory.${c}`);
export const statusLabel = (t: TFunction, s: ItemStatus) => t(`itemStatus.${s}`);
export const priceKindLabel = (t: TFunction, k: PriceKind) => t(`priceKind.${k}`);
export const changeKindLabel = (t: TFunction, k: ChangeKind) => t(`changeKind.${k}`);
export const changeStatusLabel = (t: TFunction, s: string) => t(`changeStatus.${s}`);
export const insuranceClassLabel = (t: TFunction, c: string) => (c ? t(`insuranceClass.${c}`) : t('formulary.none'));
export const controlledLabel = (t: TFunction, c: string) => (c ? t(`controlledClass.${c}`) : t('formulary.none'));
export const antibacterialLabel = (t: TFunction, c: string) => (c ? t(`antibacterialTier.${c}`) : t('formulary.none'));

export const STATUS_COLOR: Record<ItemStatus, string> = { active: 'success', suspended: 'warning', retired: 'default' };
export const CHANGE_STATUS_COLOR: Record<string, string> = {
  submitted: 'processing',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

/** "县 乡" – the levels that may stock and request an item. */
export function levelsText(t: TFunction, levels: LevelAvailability): string {
  return (['county', 'township', 'village'] as const)
    .filter((l) => levels[l])
    .map((l) => t(`unitLevel.${l}`))
    .join(' ');
}

/** "1 件 = 200 盒 = 4800 片": each level in base units, largest first, so the factors can be checked at a glance. */
export function packChainText(baseUnit: string, packs: readonly PackLevel[]): string {
  if (!baseUnit) return '';
  const steps: string[] = [];
  let per = 1;
  const totals = packs.map((p) => ({ unit: p.unit, per: (per *= Number.isInteger(p.factor) && p.factor > 0 ? p.factor : NaN) }));
  if (totals.length === 0) return `1 ${baseUnit}`;
  const top = totals[totals.length - 1]!;
  steps.push(`1 ${top.unit}`);
  for (let i = totals.length - 2; i >= 0; i--) steps.push(`${Number.isNaN(top.per) ? '?' : top.per / totals[i]!.per} ${totals[i]!.unit}`);
  steps.push(`${Number.isNaN(top.per) ? '?' : top.per} ${baseUnit}`);
  return steps.join(' = ');
}

/** A price with the unit it is per: "12.50 元/盒". */
export function priceText(t: TFunction, price: Pick<Price, 'priceMicro' | 'unit'> | null | undefined): string {
  return price ? t('formulary.perUnit', { price: formatYuan(price.priceMicro), unit: price.unit }) : '';
}

/** The item's packs as the catalogue prints them: "24片/盒，200盒/件". */
export const packText = (item: Pick<Item, 'baseUnit' | 'packs'>): string => formatPacks(item.baseUnit, item.packs);

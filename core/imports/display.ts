/** Item field values as the preview shows them ("from → to"), in the words the file used. */
import { formatYuan } from '../api/money.js';
import type { ItemFields, PriceKind } from '../api/formulary.js';
import { ANTIBACTERIAL_TIER_LABELS, CONTROLLED_CLASS_LABELS, ITEM_CATEGORY_LABELS, ITEM_FIELD_LABELS, PRICE_KIND_LABELS } from '../api/labels.js';
import { FIELD_LABEL } from './rows.js';

const CATEGORY: Readonly<Record<ItemFields['category'], string>> = ITEM_CATEGORY_LABELS;
const INSURANCE: Record<ItemFields['insuranceClass'], string> = { '': '', A: '甲', B: '乙', C: '丙' };
// A blank cell stays blank in the preview.
const CONTROLLED: Record<ItemFields['controlledClass'], string> = { ...CONTROLLED_CLASS_LABELS, '': '' };
const ANTIBACTERIAL: Record<ItemFields['antibacterialTier'], string> = { ...ANTIBACTERIAL_TIER_LABELS, '': '' };

export function fieldLabel(field: string): string {
  return (FIELD_LABEL as Record<string, string>)[field] ?? ITEM_FIELD_LABELS[field as keyof ItemFields] ?? field;
}

export const PRICE_LABEL: Readonly<Record<PriceKind, string>> = PRICE_KIND_LABELS;
export const PRICE_FIELD: Record<PriceKind, string> = { listed: 'listedPrice', limit: 'limitPrice', negotiated: 'negotiatedPrice', vbp: 'vbpPrice' };

export function levelsText(levels: ItemFields['levels']): string {
  return [levels.county && '县', levels.township && '乡', levels.village && '村'].filter(Boolean).join(',');
}

export function packsText(baseUnit: string, packs: ItemFields['packs']): string {
  let below = baseUnit;
  return packs
    .map((p) => {
      const text = `${p.factor}${below}/${p.unit}`;
      below = p.unit;
      return text;
    })
    .join('，');
}

export function displayValue<K extends keyof ItemFields>(field: K, value: ItemFields[K], fields: ItemFields): string {
  if (value === null || value === undefined) return '';
  switch (field) {
    case 'category':
      return CATEGORY[value as ItemFields['category']];
    case 'insuranceClass':
      return INSURANCE[value as ItemFields['insuranceClass']];
    case 'controlledClass':
      return CONTROLLED[value as ItemFields['controlledClass']];
    case 'antibacterialTier':
      return ANTIBACTERIAL[value as ItemFields['antibacterialTier']];
    case 'levels':
      return levelsText(value as ItemFields['levels']);
    case 'packs':
      return packsText(fields.baseUnit, value as ItemFields['packs']);
  }
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export const priceText = (micro: number | null) => (micro === null ? '' : formatYuan(micro));

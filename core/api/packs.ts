import { z } from 'zod';

/**
 * Pack levels of an item: a base unit (最小制剂单位, e.g. 片) and named levels above it, each an integer
 * multiple of the one below (盒 = 24 片, 件 = 200 盒). Quantities are stored in base units.
 */
export const packLevel = z.object({
  unit: z.string().trim().min(1, '请填写包装单位').max(8, '包装单位不能超过 8 个字符'),
  /** How many of the level below make one of this level. */
  factor: z.number({ error: '包装系数须为正整数' }).int('包装系数须为正整数').positive('包装系数须为正整数').max(1_000_000, '包装系数过大'),
});
export type PackLevel = z.infer<typeof packLevel>;

/** Base units in one of `unit`, or null when the item has no such unit. */
export function baseUnitsPer(baseUnit: string, packs: readonly PackLevel[], unit: string): number | null {
  if (unit === baseUnit) return 1;
  let factor = 1;
  for (const level of packs) {
    factor *= level.factor;
    if (level.unit === unit) return factor;
  }
  return null;
}

/** A quantity in `unit` as base units; throws on an unknown unit. */
export function toBaseUnits(baseUnit: string, packs: readonly PackLevel[], quantity: number, unit: string): number {
  const per = baseUnitsPer(baseUnit, packs, unit);
  if (per === null) throw new Error(`unknown unit ${unit}`);
  return quantity * per;
}

/** Base units split into whole packs of each level, largest first: 4810 片 → [{件,1},{盒,0},{片,10}]… */
export function splitIntoPacks(baseUnit: string, packs: readonly PackLevel[], baseQuantity: number): { unit: string; quantity: number }[] {
  const levels = [{ unit: baseUnit, per: 1 }];
  let per = 1;
  for (const level of packs) levels.push({ unit: level.unit, per: (per *= level.factor) });
  let rest = baseQuantity;
  return levels.reverse().map(({ unit, per: size }) => {
    const quantity = Math.floor(rest / size);
    rest -= quantity * size;
    return { unit, quantity };
  });
}

/** "4810 片（1 件 + 10 片）"-style text; every quantity shown says its unit. */
export function formatQuantity(baseUnit: string, packs: readonly PackLevel[], baseQuantity: number): string {
  const parts = splitIntoPacks(baseUnit, packs, baseQuantity).filter((p) => p.quantity > 0);
  const breakdown = parts.map((p) => `${p.quantity} ${p.unit}`).join(' + ');
  return parts.length > 1 || (parts[0] && parts[0].unit !== baseUnit) ? `${baseQuantity} ${baseUnit}（${breakdown}）` : `${baseQuantity} ${baseUnit}`;
}

/** Pack levels as printed in a catalogue: "24片/盒，200盒/件"; just the base unit when there are none. */
export function formatPacks(baseUnit: string, packs: readonly PackLevel[]): string {
  if (packs.length === 0) return baseUnit;
  let below = baseUnit;
  return packs
    .map((level) => {
      const text = `${level.factor}${below}/${level.unit}`;
      below = level.unit;
      return text;
    })
    .join('，');
}

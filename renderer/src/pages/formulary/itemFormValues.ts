import { parseYuan, formatYuan, type ItemFieldsInput, type PackLevel } from '../../../../core/api/index.js';

/**
 * The item form's values: the contract's item fields, except that money is the yuan text people type and
 * 集采 terms are switched on by a checkbox. `toItemInput` turns them back into what itemFields parses.
 */
export interface ItemFormValues extends Omit<ItemFieldsInput, 'vbp' | 'packs'> {
  packs: Partial<PackLevel>[];
  vbpEnabled: boolean;
  /** unitVolumes has no editor yet; it is carried through so a change request does not drop it. */
  vbp: { batch: string; agreedPriceMicro: string; annualVolume: number | null; unitVolumes: { unitId: number; volume: number }[]; yearStart: string; referencePriceMicro: string };
}

const EMPTY_VBP = { batch: '', agreedPriceMicro: '', annualVolume: null, unitVolumes: [], yearStart: '', referencePriceMicro: '' };

export function emptyItemValues(): ItemFormValues {
  return {
    genericName: '',
    tradeName: '',
    dosageForm: '',
    spec: '',
    packMaterial: '',
    manufacturer: '',
    holder: '',
    approvalNo: '',
    standardCode: '',
    insuranceCode: '',
    category: 'western',
    baseUnit: '',
    packs: [],
    purchaseUnit: '',
    issueUnit: '',
    essential: false,
    insuranceClass: '',
    highAlert: false,
    controlledClass: '',
    antibacterialTier: '',
    coldChain: false,
    storageTempMin: null,
    storageTempMax: null,
    highValue: false,
    udiDi: '',
    preparationUnitId: null,
    vbpEnabled: false,
    vbp: EMPTY_VBP,
    levels: { county: true, township: true, village: false },
  };
}

/** Form values from an existing item or a dictionary draft (missing fields keep their defaults). */
export function itemFormValues(source: Partial<ItemFieldsInput>): ItemFormValues {
  const base = emptyItemValues();
  const { vbp, packs, ...rest } = source;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<ItemFormValues>;
  return {
    ...base,
    ...defined,
    packs: packs ?? [],
    vbpEnabled: !!vbp,
    vbp: vbp
      ? {
          batch: vbp.batch,
          agreedPriceMicro: formatYuan(vbp.agreedPriceMicro),
          annualVolume: vbp.annualVolume,
          unitVolumes: vbp.unitVolumes ?? [],
          yearStart: vbp.yearStart ?? '',
          referencePriceMicro: vbp.referencePriceMicro === undefined ? '' : formatYuan(vbp.referencePriceMicro),
        }
      : EMPTY_VBP,
  };
}

/**
 * What the contract parses. An unreadable amount becomes -1 so the schema reports it on its own field
 * (negative amounts are refused with a Chinese message), rather than the form guessing.
 */
export function toItemInput(values: ItemFormValues): ItemFieldsInput {
  const { vbpEnabled, vbp, packs, ...rest } = values;
  return {
    ...rest,
    packs: (packs ?? []).map((p) => ({ unit: p.unit ?? '', factor: p.factor ?? Number.NaN })),
    vbp: vbpEnabled
      ? {
          batch: vbp.batch,
          agreedPriceMicro: parseYuan(vbp.agreedPriceMicro ?? '') ?? -1,
          annualVolume: vbp.annualVolume ?? Number.NaN,
          unitVolumes: vbp.unitVolumes ?? [],
          // Both optional: blank leaves them out (the agreement year then starts on January 1; no savings).
          ...(vbp.yearStart?.trim() ? { yearStart: vbp.yearStart.trim() } : {}),
          ...(vbp.referencePriceMicro?.trim() ? { referencePriceMicro: parseYuan(vbp.referencePriceMicro) ?? -1 } : {}),
        }
      : null,
  };
}

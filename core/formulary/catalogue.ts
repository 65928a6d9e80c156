/**
 * The formulary as people read it: a level's view of the one list, a past version rebuilt from its
 * snapshots, and the printable catalogue rows with Chinese texts.
 */
import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import { formatYuan } from '../api/money.js';
import { formatPacks } from '../api/packs.js';
import { ITEM_CATEGORY_LABELS, ITEM_STATUS_LABELS } from '../api/labels.js';
import type { FormularyRow, Item, ItemCategory, ItemFields, ItemStatus, PriceKind } from '../api/formulary.js';
import type { UnitLevel } from '../api/units.js';
import { invalid } from '../errors.js';
import { listItems, pinyinColumns, platformIdsOf } from './items.js';
import { communityDate } from '../time.js';
import { noPrices, pricesInForce } from './prices.js';
import { currentVersion, snapshotsAt } from './versions.js';

export interface CatalogueQuery {
  level?: UnitLevel | undefined;
  status?: ItemStatus | undefined;
  version?: number | undefined;
}

/** Items of the formulary now, or as they stood at `version`, filtered by level and status. */
export function catalogueItems(db: Db, query: CatalogueQuery, now: Date): { items: Item[]; version: number } {
  const latest = currentVersion(db);
  if (query.version === undefined || query.version === latest) {
    return { items: listItems(db, { level: query.level, status: query.status }, now), version: latest };
  }
  if (query.version > latest) throw invalid('version', `目录只有 ${latest} 个版本`);
  const created = prepared(db.$client, 'SELECT created_at AS at FROM formulary_versions WHERE version = ?').get(query.version) as {
    at: string;
  };
  // Prices are not versioned by the 药事会; show those in force on the day the version was made.
  const prices = pricesInForce(db, communityDate(new Date(created.at)));
  const items: Item[] = [];
  for (const [id, { version, snapshot }] of snapshotsAt(db, query.version)) {
    const { fields, code, status } = snapshot;
    if (query.level && !fields.levels[query.level]) continue;
    if (query.status && status !== query.status) continue;
    items.push({
      ...fields,
      id,
      code,
      status: status as ItemStatus,
      currentPrices: prices.get(id) ?? noPrices(),
      platformIds: platformIdsOf(db, id),
      pinyinInitials: pinyinColumns(fields).pinyinInitials,
      version,
      updatedAt: created.at,
    });
  }
  items.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { items, version: query.version };
}

export const CATEGORY_TEXT: Readonly<Record<ItemCategory, string>> = ITEM_CATEGORY_LABELS;
export const STATUS_TEXT: Readonly<Record<ItemStatus, string>> = ITEM_STATUS_LABELS;
const CONTROLLED_TEXT = {
  narcotic: '麻醉',
  psychotropic1: '精一',
  psychotropic2: '精二',
  toxic: '医疗用毒性',
  radioactive: '放射性',
  precursor: '易制毒',
} as const;
const ANTIBACTERIAL_TEXT = { unrestricted: '抗菌非限制', restricted: '抗菌限制', special: '抗菌特殊使用' } as const;
const INSURANCE_TEXT = { A: '医保甲', B: '医保乙', C: '医保丙' } as const;

/** The item's flags as tags: 基药、集采、医保乙、高警示、冷链2–8℃… */
export function flagTexts(item: ItemFields): string[] {
  const tags: string[] = [];
  if (item.essential) tags.push('基药');
  if (item.vbp) tags.push('集采');
  if (item.insuranceClass) tags.push(INSURANCE_TEXT[item.insuranceClass]);
  if (item.highAlert) tags.push('高警示');
  if (item.controlledClass) tags.push(CONTROLLED_TEXT[item.controlledClass]);
  if (item.antibacterialTier) tags.push(ANTIBACTERIAL_TEXT[item.antibacterialTier]);
  if (item.coldChain) tags.push(`冷链${item.storageTempMin ?? ''}–${item.storageTempMax ?? ''}℃`);
  if (item.highValue) tags.push('高值');
  return tags;
}

export function levelsText(levels: ItemFields['levels']): string {
  return [levels.county && '县', levels.township && '乡', levels.village && '村'].filter(Boolean).join('/');
}

const yuan = (price: { priceMicro: number } | null) => (price ? formatYuan(price.priceMicro) : '');

export function catalogueRow(item: Item) {
  return {
    code: item.code,
    insuranceCode: item.insuranceCode,
    genericName: item.genericName,
    tradeName: item.tradeName,
    dosageForm: item.dosageForm,
    spec: item.spec,
    packText: formatPacks(item.baseUnit, item.packs),
    manufacturer: item.manufacturer,
    approvalNo: item.approvalNo,
    standardCode: item.standardCode,
    categoryText: CATEGORY_TEXT[item.category],
    flagsText: flagTexts(item).join('、'),
    levelsText: levelsText(item.levels),
    listedPrice: yuan(item.currentPrices.listed ?? item.currentPrices.limit ?? null),
    negotiatedPrice: yuan(item.currentPrices.negotiated ?? null),
    vbpPrice: yuan(item.currentPrices.vbp ?? null),
    statusText: STATUS_TEXT[item.status],
    levels: item.levels,
  };
}

const gridPrice = (price: Item['currentPrices'][PriceKind] | undefined) =>
  price ? { priceMicro: price.priceMicro, unit: price.unit } : null;

/** The item as one row of the formulary grid (formulary.list); formulary.get has the rest. */
export function gridRow(item: Item): FormularyRow {
  const prices = item.currentPrices;
  return {
    id: item.id,
    code: item.code,
    status: item.status,
    genericName: item.genericName,
    tradeName: item.tradeName,
    pinyinInitials: item.pinyinInitials,
    dosageForm: item.dosageForm,
    spec: item.spec,
    manufacturer: item.manufacturer,
    holder: item.holder,
    approvalNo: item.approvalNo,
    standardCode: item.standardCode,
    insuranceCode: item.insuranceCode,
    category: item.category,
    baseUnit: item.baseUnit,
    packs: item.packs,
    essential: item.essential,
    insuranceClass: item.insuranceClass,
    highAlert: item.highAlert,
    controlledClass: item.controlledClass,
    antibacterialTier: item.antibacterialTier,
    coldChain: item.coldChain,
    storageTempMin: item.storageTempMin,
    storageTempMax: item.storageTempMax,
    highValue: item.highValue,
    vbp: item.vbp,
    levels: item.levels,
    currentPrices: {
      listed: gridPrice(prices.listed),
      limit: gridPrice(prices.limit),
      negotiated: gridPrice(prices.negotiated),
      vbp: gridPrice(prices.vbp),
    },
    version: item.version,
    updatedAt: item.updatedAt,
  };
}

const LEVEL_COLUMN: Record<UnitLevel, string> = { county: 'level_county', township: 'level_township', village: 'level_village' };

interface GridSqlRow {
  id: number;
  code: string;
  status: ItemStatus;
  genericName: string;
  tradeName: string;
  pinyinInitials: string;
  dosageForm: string;
  spec: string;
  manufacturer: string;
  holder: string;
  approvalNo: string;
  standardCode: string;
  insuranceCode: string;
  category: ItemCategory;
  baseUnit: string;
  packs: string;
  essential: number;
  insuranceClass: FormularyRow['insuranceClass'];
  highAlert: number;
  controlledClass: FormularyRow['controlledClass'];
  antibacterialTier: FormularyRow['antibacterialTier'];
  coldChain: number;
  storageTempMin: number | null;
  storageTempMax: number | null;
  highValue: number;
  vbp: string | null;
  levelCounty: number;
  levelTownship: number;
  levelVillage: number;
  version: number;
  updatedAt: string;
}

const GRID_COLUMNS = `id, code, status, generic_name AS genericName, trade_name AS tradeName, pinyin_initials AS pinyinInitials,
  dosage_form AS dosageForm, spec, manufacturer, holder, approval_no AS approvalNo, standard_code AS standardCode,
  insurance_code AS insuranceCode, category, base_unit AS baseUnit, packs, essential, insurance_class AS insuranceClass,
  high_alert AS highAlert, controlled_class AS controlledClass, antibacterial_tier AS antibacterialTier, cold_chain AS coldChain,
  storage_temp_min AS storageTempMin, storage_temp_max AS storageTempMax, high_value AS highValue, vbp,
  level_county AS levelCounty, level_township AS levelTownship, level_village AS levelVillage, version, updated_at AS updatedAt`;

/**
 * The formulary grid's rows (formulary.list): for the current version read straight from the columns the grid
 * shows, with the prices in force today (the one rule, pricesInForce); a past version from its snapshots.
 * Same filters and order as catalogueItems.
 */
export function gridItems(db: Db, query: CatalogueQuery, now: Date): { items: FormularyRow[]; version: number } {
  const latest = currentVersion(db);
  if (query.version !== undefined && query.version !== latest) {
    const past = catalogueItems(db, query, now);
    return { items: past.items.map(gridRow), version: past.version };
  }
  const where: string[] = [];
  const params: string[] = [];
  if (query.level) where.push(`${LEVEL_COLUMN[query.level]} = 1`);
  if (query.status) {
    where.push('status = ?');
    params.push(query.status);
  }
  const rows = prepared(
    db.$client,
    `SELECT ${GRID_COLUMNS} FROM formulary_items ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY code`,
  ).all(...params) as GridSqlRow[];
  const prices = pricesInForce(db, communityDate(now));
  const none = noPrices();
  const items = rows.map((r): FormularyRow => {
    const current = prices.get(r.id) ?? none;
    return {
      id: r.id,
      code: r.code,
      status: r.status,
      genericName: r.genericName,
      tradeName: r.tradeName,
      pinyinInitials: r.pinyinInitials,
      dosageForm: r.dosageForm,
      spec: r.spec,
      manufacturer: r.manufacturer,
      holder: r.holder,
      approvalNo: r.approvalNo,
      standardCode: r.standardCode,
      insuranceCode: r.insuranceCode,
      category: r.category,
      baseUnit: r.baseUnit,
      packs: JSON.parse(r.packs) as FormularyRow['packs'],
      essential: r.essential === 1,
      insuranceClass: r.insuranceClass,
      highAlert: r.highAlert === 1,
      controlledClass: r.controlledClass,
      antibacterialTier: r.antibacterialTier,
      coldChain: r.coldChain === 1,
      storageTempMin: r.storageTempMin,
      storageTempMax: r.storageTempMax,
      highValue: r.highValue === 1,
      vbp: r.vbp ? (JSON.parse(r.vbp) as FormularyRow['vbp']) : null,
      levels: { county: r.levelCounty === 1, township: r.levelTownship === 1, village: r.levelVillage === 1 },
      currentPrices: {
        listed: gridPrice(current.listed),
        limit: gridPrice(current.limit),
        negotiated: gridPrice(current.negotiated),
        vbp: gridPrice(current.vbp),
      },
      version: r.version,
      updatedAt: r.updatedAt,
    };
  });
  return { items, version: latest };
}

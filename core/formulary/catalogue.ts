/**
 * The formulary as people read it: a level's view of the one list, a past version rebuilt from its
 * snapshots, and the printable catalogue rows with Chinese texts.
 */
import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import { formatYuan } from '../api/money.js';
import { formatPacks } from '../api/packs.js';
import { ITEM_CATEGORY_LABELS, ITEM_STATUS_LABELS } from '../api/labels.js';
import type { Item, ItemCategory, ItemFields, ItemStatus } from '../api/formulary.js';
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

import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import { formatPacks } from '../api/packs.js';
import type { ItemStatus } from '../api/formulary.js';
import type { UnitLevel } from '../api/units.js';
import { SearchIndexBuilder, searchIndexOf, searchIndexReady, type SearchIndex } from '../search/index.js';

const LEVEL_BIT: Record<UnitLevel, number> = { county: 1, township: 2, village: 4 };
const STATUS_BIT: Record<ItemStatus, number> = { active: 8, suspended: 16, retired: 32 };
const CODE_FIELDS = ['insuranceCode', 'standardCode', 'approvalNo', 'code'] as const;

interface IndexRow {
  id: number;
  code: string;
  genericName: string;
  tradeName: string;
  manufacturer: string;
  insuranceCode: string;
  standardCode: string;
  approvalNo: string;
  pinyinInitials: string;
  pinyinFull: string;
  levelCounty: number;
  levelTownship: number;
  levelVillage: number;
  status: ItemStatus;
}

/** Built from the stored pinyin columns, so a rebuild after a change costs only a table read (a few thousand rows). */
function* buildFormularyIndex(db: Db): Generator<void, SearchIndex<number>> {
  const rows = prepared(
    db.$client,
    `SELECT id, code, generic_name AS genericName, trade_name AS tradeName, manufacturer, insurance_code AS insuranceCode,
            standard_code AS standardCode, approval_no AS approvalNo, pinyin_initials AS pinyinInitials, pinyin_full AS pinyinFull,
            level_county AS levelCounty, level_township AS levelTownship, level_village AS levelVillage, status
     FROM formulary_items`,
  ).all() as IndexRow[];
  const builder = new SearchIndexBuilder<number>(CODE_FIELDS);
  rows.forEach((r) =>
    builder.add({
      key: r.id,
      codes: [r.insuranceCode, r.standardCode, r.approvalNo, r.code],
      names: r.tradeName ? [r.genericName, r.tradeName] : [r.genericName],
      manufacturer: r.manufacturer,
      pinyin: { initials: r.pinyinInitials.split(' '), full: r.pinyinFull.split(' ') },
      sortCode: r.code,
      flags: (r.levelCounty ? 1 : 0) | (r.levelTownship ? 2 : 0) | (r.levelVillage ? 4 : 0) | STATUS_BIT[r.status],
    }),
  );
  return yield* builder.steps();
}

export interface FormularySearchOptions {
  limit: number;
  level?: UnitLevel | undefined;
  includeInactive: boolean;
}

/** The formulary's search index, built on first use and after each change to items. */
export function formularyIndex(db: Db): SearchIndex<number> {
  return searchIndexOf(db, 'formulary', () => buildFormularyIndex(db));
}

/** The same index without blocking the hub (built in slices when stale); see searchIndexReady. */
export function formularyIndexReady(db: Db): Promise<SearchIndex<number>> {
  return searchIndexReady(db, 'formulary', () => buildFormularyIndex(db));
}

/** Ranked item ids with the field that matched; only the level's items, only 在用 unless told. */
export function searchFormulary(
  db: Db,
  q: string,
  options: FormularySearchOptions,
  index: SearchIndex<number> = formularyIndex(db),
): { id: number; matched: string }[] {
  const levelBit = options.level ? LEVEL_BIT[options.level] : 0;
  const accept = (flags: number) =>
    (levelBit === 0 || (flags & levelBit) !== 0) && (options.includeInactive || (flags & STATUS_BIT.active) !== 0);
  return index.search(q, options.limit, accept).map((m) => ({ id: m.key, matched: m.matched }));
}

interface HitRow {
  id: number;
  levelCounty: number;
  levelTownship: number;
  levelVillage: number;
  code: string;
  genericName: string;
  tradeName: string;
  spec: string;
  dosageForm: string;
  manufacturer: string;
  insuranceCode: string;
  approvalNo: string;
  baseUnit: string;
  packs: string;
  status: ItemStatus;
}

/** The search hits as the picker shows them, in rank order. */
export function formularyHits(db: Db, matches: { id: number; matched: string }[]) {
  if (matches.length === 0) return [];
  const rows = db.$client
    .prepare(
      `SELECT id, code, generic_name AS genericName, trade_name AS tradeName, spec, dosage_form AS dosageForm, manufacturer,
              insurance_code AS insuranceCode, approval_no AS approvalNo, base_unit AS baseUnit, packs, status,
              level_county AS levelCounty, level_township AS levelTownship, level_village AS levelVillage
       FROM formulary_items WHERE id IN (${matches.map(() => '?').join(',')})`,
    )
    .all(...matches.map((m) => m.id)) as HitRow[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return matches.flatMap((m) => {
    const r = byId.get(m.id);
    if (!r) return [];
    const { baseUnit, packs, levelCounty, levelTownship, levelVillage, ...rest } = r;
    const levels = { county: levelCounty === 1, township: levelTownship === 1, village: levelVillage === 1 };
    return [
      { ...rest, packText: formatPacks(baseUnit, JSON.parse(packs) as { unit: string; factor: number }[]), matched: m.matched, levels },
    ];
  });
}

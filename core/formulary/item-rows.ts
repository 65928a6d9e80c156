/**
 * Formulary item rows as stored and as the API sees them, and the one query that reads them. Both the
 * item writers (items.ts) and the version history (versions.ts) build on this module, which imports
 * neither — so the two do not import each other.
 */
import { getTableColumns } from 'drizzle-orm';
import type { Db } from '../../db/open.js';
import { formularyItems } from '../../db/schema.js';
import { prepared } from '../../db/statements.js';
import type { ItemCategory, ItemFields, ItemStatus } from '../api/formulary.js';
import type { UnitLevel } from '../api/units.js';

export type ItemRow = typeof formularyItems.$inferSelect;

const bool = (n: number) => n === 1;

export function itemFieldsOfRow(row: ItemRow): ItemFields {
  return {
    genericName: row.genericName,
    tradeName: row.tradeName,
    dosageForm: row.dosageForm,
    spec: row.spec,
    packMaterial: row.packMaterial,
    manufacturer: row.manufacturer,
    holder: row.holder,
    approvalNo: row.approvalNo,
    standardCode: row.standardCode,
    insuranceCode: row.insuranceCode,
    category: row.category as ItemCategory,
    baseUnit: row.baseUnit,
    packs: JSON.parse(row.packs) as ItemFields['packs'],
    purchaseUnit: row.purchaseUnit,
    issueUnit: row.issueUnit,
    essential: bool(row.essential),
    insuranceClass: row.insuranceClass as ItemFields['insuranceClass'],
    highAlert: bool(row.highAlert),
    controlledClass: row.controlledClass as ItemFields['controlledClass'],
    antibacterialTier: row.antibacterialTier as ItemFields['antibacterialTier'],
    coldChain: bool(row.coldChain),
    storageTempMin: row.storageTempMin,
    storageTempMax: row.storageTempMax,
    highValue: bool(row.highValue),
    udiDi: row.udiDi,
    preparationUnitId: row.preparationUnitId,
    vbp: row.vbp ? (JSON.parse(row.vbp) as ItemFields['vbp']) : null,
    levels: { county: bool(row.levelCounty), township: bool(row.levelTownship), village: bool(row.levelVillage) },
  };
}

/* ───────────── the read ───────────── */

const LEVEL_COLUMN: Record<UnitLevel, string> = { county: 'level_county', township: 'level_township', village: 'level_village' };

export interface ItemFilter {
  id?: number;
  /** One level's sub-catalogue: items available at that level. */
  level?: UnitLevel | undefined;
  status?: ItemStatus | undefined;
}

/** Every column under its schema property name, so raw rows are ItemRows without drizzle's per-row mapping. */
const COLUMN_OF = Object.fromEntries(Object.entries(getTableColumns(formularyItems)).map(([key, column]) => [key, column.name])) as Record<keyof ItemRow, string>;
const ITEM_COLUMNS = Object.entries(COLUMN_OF)
  .map(([key, name]) => `${name} AS ${key}`)
  .join(', ');

type ItemValues = Partial<Record<keyof ItemRow, string | number | null>>;

/** Inserts an item row from values keyed like ItemRow; returns its id. The statement is cached per key set. */
export function insertItemRow(db: Db, values: ItemValues): number {
  const keys = Object.keys(values) as (keyof ItemRow)[];
  const sql = `INSERT INTO formulary_items (${keys.map((k) => COLUMN_OF[k]).join(', ')}) VALUES (${keys.map((k) => `@${k}`).join(', ')}) RETURNING id`;
  return (prepared(db.$client, sql).get(values) as { id: number }).id;
}

/** Sets the given columns of one item row, keyed like ItemRow. */
export function updateItemRow(db: Db, id: number, values: ItemValues): void {
  const keys = Object.keys(values) as (keyof ItemRow)[];
  const sql = `UPDATE formulary_items SET ${keys.map((k) => `${COLUMN_OF[k]} = @${k}`).join(', ')} WHERE id = @id__`;
  prepared(db.$client, sql).run({ ...values, id__: id });
}

/** Raw rows, filtered in SQL, ordered by 目录编码 (a list of 4,000 is the grid's first load: kept lean). */
export function selectItemRows(db: Db, filter: ItemFilter = {}): ItemRow[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.id !== undefined) {
    where.push('id = ?');
    params.push(filter.id);
  }
  if (filter.level) where.push(`${LEVEL_COLUMN[filter.level]} = 1`);
  if (filter.status) {
    where.push('status = ?');
    params.push(filter.status);
  }
  const sql = `SELECT ${ITEM_COLUMNS} FROM formulary_items ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY code`;
  return prepared(db.$client, sql).all(...params) as ItemRow[];
}

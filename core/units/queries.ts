import { prepared } from '../../db/statements.js';
import { cachedRead } from '../read-cache.js';
import type { Store, Unit } from '../api/units.js';
import type { Db } from '../../db/open.js';
import type { stores, units } from '../../db/schema.js';
import { DomainError, notFound } from '../errors.js';

export type UnitRow = typeof units.$inferSelect;
export type StoreRow = typeof stores.$inferSelect;

const UNIT_ROW = `SELECT id, code, name, kind, level, parent_id AS parentId, uscc, insurance_code AS insuranceCode, address,
  contact_name AS contactName, contact_phone AS contactPhone, is_lead AS isLead, active, created_at AS createdAt, updated_at AS updatedAt
  FROM units WHERE id = ?`;
const STORE_COLUMNS = 'id, unit_id AS unitId, code, name, is_central AS isCentral, active, created_at AS createdAt';

/** The unit, or NOT_FOUND; with `field`, a missing unit is a validation error on that input field. */
export function getUnitRow(db: Db, id: number, field?: string): UnitRow {
  const row = prepared(db.$client, UNIT_ROW).get(id) as UnitRow | undefined;
  if (!row) {
    if (field) throw new DomainError('VALIDATION', '所选单位不存在', [{ path: field, message: '所选单位不存在' }]);
    throw notFound('成员单位');
  }
  return row;
}

export function getStoreRow(db: Db, id: number): StoreRow {
  const row = prepared(db.$client, `SELECT ${STORE_COLUMNS} FROM stores WHERE id = ?`).get(id) as StoreRow | undefined;
  if (!row) throw notFound('库房');
  return row;
}

/** A new store (active, not central); returns its id. */
export function insertStore(db: Db, store: { unitId: number; code: string; name: string }, at: string): number {
  return (
    prepared(
      db.$client,
      'INSERT INTO stores (unit_id, code, name, is_central, active, created_at) VALUES (?, ?, ?, 0, 1, ?) RETURNING id',
    ).get(store.unitId, store.code, store.name, at) as { id: number }
  ).id;
}

/** A unit's stores by code. */
export function storesOfUnit(db: Db, unitId: number): StoreRow[] {
  return prepared(db.$client, `SELECT ${STORE_COLUMNS} FROM stores WHERE unit_id = ? ORDER BY code`).all(unitId) as StoreRow[];
}

export function toStore(row: StoreRow): Store {
  return { id: row.id, unitId: row.unitId, code: row.code, name: row.name, isCentral: row.isCentral === 1, active: row.active === 1 };
}

const UNIT_COLUMNS = `u.id, u.code, u.name, u.kind, u.level, u.parent_id AS parentId,
  (SELECT p.name FROM units p WHERE p.id = u.parent_id) AS parentName,
  u.uscc, u.insurance_code AS insuranceCode, u.address, u.contact_name AS contactName, u.contact_phone AS contactPhone,
  u.is_lead AS isLead, u.active, u.created_at AS createdAt, u.updated_at AS updatedAt,
  (SELECT count(*) FROM stores s WHERE s.unit_id = u.id AND s.active = 1) AS storeCount`;
const ORDER = 'ORDER BY u.is_lead DESC, u.level, u.code';

type UnitSqlRow = Omit<Unit, 'isLead' | 'active'> & { isLead: number; active: number };
const toUnit = (r: UnitSqlRow): Unit => ({ ...r, isLead: r.isLead === 1, active: r.active === 1 });

/** Units with their parent's name and active store count; `only` limits to a set of units (a caller's scope). */
export function selectUnits(db: Db, filter: { only?: readonly number[] | null; id?: number } = {}): Unit[] {
  if (filter.id !== undefined)
    return (prepared(db.$client, `SELECT ${UNIT_COLUMNS} FROM units u WHERE u.id = ? ${ORDER}`).all(filter.id) as UnitSqlRow[]).map(toUnit);
  // Every page asks for the units; they change rarely. Kept until any row of the database changes.
  const all = cachedRead(db.$client, 'units.all', () =>
    (prepared(db.$client, `SELECT ${UNIT_COLUMNS} FROM units u ${ORDER}`).all() as UnitSqlRow[]).map(toUnit),
  );
  const only = filter.only ? new Set(filter.only) : null;
  return only ? all.filter((u) => only.has(u.id)) : all.slice();
}

export function getUnit(db: Db, id: number): Unit {
  const [unit] = selectUnits(db, { id });
  if (!unit) throw notFound('成员单位');
  return unit;
}

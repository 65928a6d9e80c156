import { asc, eq, sql } from 'drizzle-orm';
import type { Store, Unit, UnitKind, UnitLevel } from '../api/units.js';
import type { Db } from '../../db/open.js';
import { stores, units } from '../../db/schema.js';
import { DomainError, notFound } from '../errors.js';

export type UnitRow = typeof units.$inferSelect;
export type StoreRow = typeof stores.$inferSelect;

/** The unit, or NOT_FOUND; with `field`, a missing unit is a validation error on that input field. */
export function getUnitRow(db: Db, id: number, field?: string): UnitRow {
  const row = db.select().from(units).where(eq(units.id, id)).get();
  if (!row) {
    if (field) throw new DomainError('VALIDATION', '所选单位不存在', [{ path: field, message: '所选单位不存在' }]);
    throw notFound('成员单位');
  }
  return row;
}

export function getStoreRow(db: Db, id: number): StoreRow {
  const row = db.select().from(stores).where(eq(stores.id, id)).get();
  if (!row) throw notFound('库房');
  return row;
}

export function toStore(row: StoreRow): Store {
  return { id: row.id, unitId: row.unitId, code: row.code, name: row.name, isCentral: row.isCentral === 1, active: row.active === 1 };
}

// Written out in SQL: drizzle would render the outer column unqualified inside the subquery.
const storeCount = sql<number>`(SELECT count(*) FROM stores s WHERE s.unit_id = units.id AND s.active = 1)`;

/** Units with their parent's name and active store count; `only` limits to one unit (a member's scope). */
export function selectUnits(db: Db, filter: { only?: number | null; id?: number } = {}): Unit[] {
  const parentName = sql<string | null>`(SELECT p.name FROM units p WHERE p.id = units.parent_id)`;
  let query = db.select({ unit: units, parentName, storeCount }).from(units).$dynamic();
  const id = filter.id ?? filter.only ?? null;
  if (id !== null) query = query.where(eq(units.id, id));
  return query
    .orderBy(sql`${units.isLead} DESC`, asc(units.level), asc(units.code))
    .all()
    .map(({ unit, parentName, storeCount }) => ({
      id: unit.id,
      code: unit.code,
      name: unit.name,
      kind: unit.kind as UnitKind,
      level: unit.level as UnitLevel,
      parentId: unit.parentId,
      parentName,
      uscc: unit.uscc,
      insuranceCode: unit.insuranceCode,
      address: unit.address,
      contactName: unit.contactName,
      contactPhone: unit.contactPhone,
      isLead: unit.isLead === 1,
      active: unit.active === 1,
      storeCount,
      createdAt: unit.createdAt,
      updatedAt: unit.updatedAt,
    }));
}

export function getUnit(db: Db, id: number): Unit {
  const [unit] = selectUnits(db, { id });
  if (!unit) throw notFound('成员单位');
  return unit;
}

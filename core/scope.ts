import type { InputRef, OperationContract, OutputRef, RecordKind } from './api/operation.js';
import { roleHas, UNIT_SCOPED_ROLES, type Permission } from './api/roles.js';
import type { UnitLevel } from './api/units.js';
import type { Db } from '../db/open.js';
import { prepared } from '../db/statements.js';
import type { Actor, CallerScope, OperationContext, UserActor } from './context.js';
import { DomainError, forbidden } from './errors.js';
import { distributionSettings } from './distribution/settings.js';

export function requireActor(ctx: OperationContext): Actor {
  if (!ctx.actor) throw new DomainError('UNAUTHENTICATED', '请先登录');
  return ctx.actor;
}

/** The signed-in user, for operations about a person (their profile, password, uploads, proposals). */
export function requireUser(ctx: OperationContext): UserActor {
  const actor = requireActor(ctx);
  if (actor.kind !== 'user') throw forbidden('此操作须由登录的用户执行');
  return actor;
}

export function actorHas(actor: Actor, permission: Permission): boolean {
  return actor.kind === 'system' ? actor.permissions.includes(permission) : roleHas(actor.role, permission);
}

const EVERYTHING: CallerScope = { units: null, levels: null };

/**
 * What a caller may reach: every unit for the system and for community-wide roles; for a unit-confined role,
 * their own unit (a set, so that a township centre acting for its village clinics fits later) and its level.
 */
export function callerScope(db: Db, actor: Actor | null): CallerScope {
  if (!actor || actor.kind === 'system' || !UNIT_SCOPED_ROLES.includes(actor.role)) return EVERYTHING;
  const own = prepared(db.$client, 'SELECT level FROM units WHERE id = ?').get(actor.unitId) as { level: UnitLevel } | undefined;
  if (!own) return { units: [actor.unitId], levels: [], writeUnits: [actor.unitId] };
  const units = [actor.unitId];
  const levels: UnitLevel[] = [own.level];
  // 乡村一体化: when the community routes village requisitions through the township centre, the township's
  // pharmacists act for its village clinics too (review their requisitions, see their stock).
  if (own.level === 'township' && distributionSettings(db).villageViaTownship) {
    const villages = prepared(db.$client, "SELECT id FROM units WHERE parent_id = ? AND level = 'village' ORDER BY id").all(actor.unitId) as { id: number }[];
    if (villages.length) {
      units.push(...villages.map((v) => v.id));
      levels.push('village');
    }
  }
  return { units, levels, writeUnits: [actor.unitId] };
}

export const inUnits = (scope: CallerScope, unitId: number): boolean => scope.units === null || scope.units.includes(unitId);

/** Refuses when the caller's scope does not include `unitId`. */
export function assertUnitAccess(scope: CallerScope, unitId: number): void {
  if (!inUnits(scope, unitId)) throw forbidden('只能查看或修改本单位的数据');
}

type Levels = { county: boolean; township: boolean; village: boolean };
const availableTo = (scope: CallerScope, levels: Levels): boolean => scope.levels === null || scope.levels.some((l) => levels[l]);

/** Where a record named by id belongs: its unit, or (formulary items) the levels it is available at. */
type Owner = { unitId: number | null } | { levels: Levels };

const RECORD_OWNERS: Record<RecordKind, (db: Db, id: number) => Owner | undefined> = {
  unit: (db, id) => (prepared(db.$client, 'SELECT id AS unitId FROM units WHERE id = ?').get(id) as { unitId: number } | undefined),
  store: (db, id) => prepared(db.$client, 'SELECT unit_id AS unitId FROM stores WHERE id = ?').get(id) as { unitId: number } | undefined,
  user: (db, id) => prepared(db.$client, 'SELECT unit_id AS unitId FROM users WHERE id = ?').get(id) as { unitId: number } | undefined,
  changeRequest: (db, id) =>
    prepared(db.$client, 'SELECT proposer_unit_id AS unitId FROM formulary_change_requests WHERE id = ?').get(id) as { unitId: number | null } | undefined,
  item: (db, id) => {
    const row = prepared(db.$client, 'SELECT level_county AS c, level_township AS t, level_village AS v FROM formulary_items WHERE id = ?').get(id) as
      | { c: number; t: number; v: number }
      | undefined;
    return row && { levels: { county: row.c === 1, township: row.t === 1, village: row.v === 1 } };
  },
  // Documents belong to the unit of the store they receive into or move from.
  purchaseOrder: (db, id) =>
    prepared(db.$client, 'SELECT s.unit_id AS unitId FROM purchase_orders p JOIN stores s ON s.id = p.store_id WHERE p.document_id = ?').get(id) as
      | { unitId: number }
      | undefined,
  receipt: (db, id) =>
    prepared(db.$client, 'SELECT s.unit_id AS unitId FROM receipts r JOIN stores s ON s.id = r.store_id WHERE r.document_id = ?').get(id) as { unitId: number } | undefined,
  stockAdjustment: (db, id) =>
    prepared(db.$client, 'SELECT s.unit_id AS unitId FROM stock_adjustments a JOIN stores s ON s.id = a.store_id WHERE a.document_id = ?').get(id) as
      | { unitId: number }
      | undefined,
  location: (db, id) => prepared(db.$client, 'SELECT unit_id AS unitId FROM stock_locations WHERE id = ?').get(id) as { unitId: number } | undefined,
  requisition: (db, id) => prepared(db.$client, 'SELECT unit_id AS unitId FROM requisitions WHERE document_id = ?').get(id) as { unitId: number } | undefined,
  requisitionLine: (db, id) =>
    prepared(db.$client, 'SELECT r.unit_id AS unitId FROM requisition_lines l JOIN requisitions r ON r.document_id = l.document_id WHERE l.id = ?').get(id) as
      | { unitId: number }
      | undefined,
  // A shipment (调拨 or 退库) belongs to its member side; the centre's roles are community-wide anyway.
  shipment: (db, id) => prepared(db.$client, 'SELECT member_unit_id AS unitId FROM shipments WHERE document_id = ?').get(id) as { unitId: number } | undefined,
  shipmentLine: (db, id) =>
    prepared(db.$client, 'SELECT s.member_unit_id AS unitId FROM shipment_lines l JOIN shipments s ON s.document_id = l.document_id WHERE l.id = ?').get(id) as
      | { unitId: number }
      | undefined,
  discrepancy: (db, id) =>
    prepared(db.$client, 'SELECT s.member_unit_id AS unitId FROM shipment_discrepancies d JOIN shipments s ON s.document_id = d.document_id WHERE d.id = ?').get(id) as
      | { unitId: number }
      | undefined,
  stocktake: (db, id) =>
    prepared(db.$client, 'SELECT s.unit_id AS unitId FROM stocktakes t JOIN stores s ON s.id = t.store_id WHERE t.document_id = ?').get(id) as { unitId: number } | undefined,
  consumption: (db, id) =>
    prepared(db.$client, 'SELECT s.unit_id AS unitId FROM consumptions c JOIN stores s ON s.id = c.store_id WHERE c.document_id = ?').get(id) as
      | { unitId: number }
      | undefined,
  // 内部结算单 belongs to the member unit whose month it states.
  statement: (db, id) => prepared(db.$client, 'SELECT unit_id AS unitId FROM settlement_statements WHERE document_id = ?').get(id) as { unitId: number } | undefined,
};

/** Every value at a dot path, stepping into arrays: `items.vbp.unitVolumes` yields each unit-volume row. */
function valuesAt(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const key of path.split('.')) {
    const next: unknown[] = [];
    for (const value of current) {
      const child = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
      if (Array.isArray(child)) next.push(...child);
      else if (child !== undefined && child !== null) next.push(child);
    }
    current = next;
  }
  return current;
}

function bindingOf(contract: OperationContract): { input?: readonly InputRef[]; output?: readonly OutputRef[] } | null {
  const { scope } = contract;
  if (typeof scope === 'string') return null;
  return 'units' in scope ? scope.units : scope.level;
}

/**
 * Before the handler: a unit-confined caller may name only records of their own units (or, for the level
 * sub-catalogues, items of their level), whatever ids they send; community-wide management is refused.
 * A record that does not exist is left to the handler's NOT_FOUND.
 */
export function checkInputScope(db: Db, contract: OperationContract, input: unknown, scope: CallerScope): void {
  if (scope.units === null) return;
  if (contract.scope === 'centre') throw forbidden('此操作只能由总医院（医共体）层面的人员执行');
  const binding = bindingOf(contract);
  // A change is made for the caller's own unit; only a review acts on the records of the units the caller reviews.
  const reviews = typeof contract.scope === 'object' && 'units' in contract.scope && contract.scope.units.reviewedUnits === true;
  const reach: CallerScope = contract.mutates && !reviews && scope.writeUnits ? { ...scope, units: scope.writeUnits } : scope;
  for (const ref of binding?.input ?? []) {
    for (const value of valuesAt(input, ref.path)) {
      if (typeof value !== 'number') continue;
      const owner = RECORD_OWNERS[ref.record](db, value);
      if (!owner) continue;
      if ('levels' in owner) {
        if (!availableTo(scope, owner.levels)) throw forbidden('该品种不在本单位层级的目录中');
      } else if (owner.unitId === null || !inUnits(reach, owner.unitId)) {
        throw forbidden(reach === scope ? '只能查看或修改本单位的数据' : '只能为本单位请领、签收、盘点或修改本单位的数据');
      }
    }
  }
}

/**
 * After the handler: every declared row of the output must be within the caller's scope. Handlers filter
 * (they page and count); this is the check that a forgotten filter cannot leak, so it fails the call.
 */
export function checkOutputScope(contract: OperationContract, output: unknown, scope: CallerScope): void {
  if (scope.units === null) return;
  for (const ref of bindingOf(contract)?.output ?? []) {
    for (const row of valuesAt(output, ref.rows)) {
      const record = row as Record<string, unknown>;
      if (ref.unit !== undefined && !inUnits(scope, record[ref.unit] as number)) {
        throw new Error(`${contract.name} returned a row of unit ${String(record[ref.unit])} outside the caller's scope (${ref.rows})`);
      }
      if (ref.levels !== undefined && !availableTo(scope, record[ref.levels] as Levels)) {
        throw new Error(`${contract.name} returned a row outside the caller's levels (${ref.rows})`);
      }
    }
  }
}

/** Removes the output fields the caller's permissions do not cover (e.g. the community's bank account). */
export function redactOutput(contract: OperationContract, output: unknown, actor: Actor | null): unknown {
  const restricted = contract.restricted?.filter((field) => !actor || !actorHas(actor, field.permission));
  if (!restricted?.length) return output;
  const copy = structuredClone(output) as Record<string, unknown>;
  for (const { path } of restricted) {
    const keys = path.split('.');
    const last = keys.pop()!;
    for (const holder of keys.length ? valuesAt(copy, keys.join('.')) : [copy]) {
      if (holder && typeof holder === 'object') delete (holder as Record<string, unknown>)[last];
    }
  }
  return copy;
}

import { and, asc, eq } from 'drizzle-orm';
import { stores, units } from '../../db/schema.js';
import { conflict, DomainError, invalid } from '../errors.js';
import type { HandlerMap } from '../handler.js';
import { diffFields } from '../audit/diff.js';
import { inUnits } from '../scope.js';
import { closeSessionsOfUnit } from '../auth/sessions.js';
import { getStoreRow, getUnit, getUnitRow, selectUnits, toStore } from './queries.js';
import { checkUnitFields, deactivationBlocker, levelOf, storeCodeTaken, uniqueStoreCode } from './rules.js';

type UnitOps = 'unit.list' | 'unit.get' | 'unit.create' | 'unit.update' | 'unit.setActive' | 'store.list' | 'store.create' | 'store.update';

export const unitHandlers: HandlerMap<UnitOps> = {
  'unit.list': (ctx, { includeInactive, level }) => {
    const all = selectUnits(ctx.db, { only: ctx.scope.units });
    return { units: all.filter((u) => (includeInactive || u.active) && (!level || u.level === level)) };
  },

  'unit.get': (ctx, { id }) => {
    const unit = getUnit(ctx.db, id);
    const rows = ctx.db.select().from(stores).where(eq(stores.unitId, id)).orderBy(asc(stores.code)).all();
    return { unit, stores: rows.map(toStore) };
  },

  'unit.create': (ctx, fields) => {
    checkUnitFields(ctx.db, fields, null);
    const at = ctx.now.toISOString();
    const row = ctx.db
      .insert(units)
      .values({ ...fields, level: levelOf(fields), isLead: 0, active: 1, createdAt: at, updatedAt: at })
      .returning()
      .get();
    // Every unit has at least one store from the start: its pharmacy (药房).
    const storeCode = uniqueStoreCode(ctx.db, `${row.code}-YF`);
    ctx.db.insert(stores).values({ unitId: row.id, code: storeCode, name: '药房', isCentral: 0, active: 1, createdAt: at }).run();
    ctx.audit({ target: `unit:${row.code}`, summary: { created: fields, store: storeCode } });
    return { unit: getUnit(ctx.db, row.id) };
  },

  'unit.update': (ctx, { id, fields }) => {
    const before = getUnitRow(ctx.db, id);
    if (before.isLead === 1 && fields.kind !== before.kind) throw invalid('fields.kind', '总医院的单位类型不能修改');
    if (fields.parentId === id) throw invalid('fields.parentId', '上级单位不能是自己');
    try {
      checkUnitFields(ctx.db, fields, id);
    } catch (error) {
      // The fields sit under `fields` in this operation's input.
      if (error instanceof DomainError && error.fields) {
        throw new DomainError(error.code, error.message, error.fields.map((f) => ({ ...f, path: `fields.${f.path}` })));
      }
      throw error;
    }
    const level = levelOf(fields);
    if (before.level === 'township' && level !== 'township') {
      const child = ctx.db.select({ id: units.id }).from(units).where(eq(units.parentId, id)).get();
      if (child) throw invalid('fields.kind', '该单位下有村卫生室，不能改为其他层级');
    }
    ctx.db
      .update(units)
      .set({ ...fields, level, updatedAt: ctx.now.toISOString() })
      .where(eq(units.id, id))
      .run();
    const changes = diffFields(before, fields, Object.keys(fields) as (keyof typeof fields)[]);
    ctx.audit({ target: `unit:${fields.code}`, summary: { changes } });
    return { unit: getUnit(ctx.db, id) };
  },

  'unit.setActive': (ctx, { id, active }) => {
    const before = getUnitRow(ctx.db, id);
    if (!active) {
      const blocker = deactivationBlocker(ctx.db, id);
      if (blocker) throw conflict(blocker);
    } else if (before.parentId !== null && getUnitRow(ctx.db, before.parentId).active !== 1) {
      throw conflict('请先启用其上级单位');
    }
    ctx.db
      .update(units)
      .set({ active: active ? 1 : 0, updatedAt: ctx.now.toISOString() })
      .where(eq(units.id, id))
      .run();
    // A deactivated unit's users stop working at once: their sessions end (and logins are refused).
    const signedOut = active ? 0 : closeSessionsOfUnit(ctx.db, id);
    ctx.audit({ target: `unit:${before.code}`, summary: { active: { from: before.active === 1, to: active }, ...(signedOut ? { sessionsEnded: signedOut } : {}) } });
    return { unit: getUnit(ctx.db, id) };
  },

  'store.list': (ctx, { unitId, includeInactive }) => {
    const rows = ctx.db
      .select({ store: stores, unitName: units.name })
      .from(stores)
      .innerJoin(units, eq(units.id, stores.unitId))
      .where(unitId === undefined ? undefined : eq(stores.unitId, unitId))
      .orderBy(asc(units.code), asc(stores.code))
      .all();
    return {
      stores: rows.filter((r) => (includeInactive || r.store.active === 1) && inUnits(ctx.scope, r.store.unitId)).map((r) => ({ ...toStore(r.store), unitName: r.unitName })),
    };
  },

  'store.create': (ctx, input) => {
    const unit = getUnitRow(ctx.db, input.unitId, 'unitId');
    if (unit.active !== 1) throw invalid('unitId', '该单位已停用，不能新增库房');
    if (storeCodeTaken(ctx.db, input.code)) throw conflict('库房编码已存在', [{ path: 'code', message: `库房编码 ${input.code} 已被使用` }]);
    const row = ctx.db
      .insert(stores)
      .values({ ...input, isCentral: 0, active: 1, createdAt: ctx.now.toISOString() })
      .returning()
      .get();
    ctx.audit({ target: `store:${row.code}`, summary: { created: { ...input, unit: unit.name } } });
    return { store: toStore(row) };
  },

  'store.update': (ctx, { id, name, active }) => {
    const before = getStoreRow(ctx.db, id);
    if (!active && before.isCentral === 1) throw invalid('active', '中心药库不能停用');
    if (!active) {
      const others = ctx.db
        .select({ id: stores.id })
        .from(stores)
        .where(and(eq(stores.unitId, before.unitId), eq(stores.active, 1)))
        .all()
        .filter((s) => s.id !== id);
      if (others.length === 0) throw invalid('active', '每个单位至少保留一个在用库房');
    }
    const row = ctx.db
      .update(stores)
      .set({ name, active: active ? 1 : 0 })
      .where(eq(stores.id, id))
      .returning()
      .get()!;
    ctx.audit({
      target: `store:${row.code}`,
      summary: { name: { from: before.name, to: name }, active: { from: before.active === 1, to: active } },
    });
    return { store: toStore(row) };
  },
};

import { prepared } from '../../db/statements.js';
import { conflict, DomainError, invalid } from '../errors.js';
import type { HandlerMap } from '../handler.js';
import { diffFields } from '../audit/diff.js';
import { inUnits } from '../scope.js';
import { closeSessionsOfUnit } from '../auth/sessions.js';
import { getStoreRow, getUnit, getUnitRow, insertStore, selectUnits, storesOfUnit, toStore, type StoreRow } from './queries.js';
import { checkUnitFields, deactivationBlocker, levelOf, storeCodeTaken, uniqueStoreCode } from './rules.js';

type UnitOps = 'unit.list' | 'unit.get' | 'unit.create' | 'unit.update' | 'unit.setActive' | 'store.list' | 'store.create' | 'store.update';

export const unitHandlers: HandlerMap<UnitOps> = {
  'unit.list': (ctx, { includeInactive, level }) => {
    const all = selectUnits(ctx.db, { only: ctx.scope.units });
    return { units: all.filter((u) => (includeInactive || u.active) && (!level || u.level === level)) };
  },

  'unit.get': (ctx, { id }) => {
    const unit = getUnit(ctx.db, id);
    return { unit, stores: storesOfUnit(ctx.db, id).map(toStore) };
  },

  'unit.create': (ctx, fields) => {
    checkUnitFields(ctx.db, fields, null);
    const at = ctx.now.toISOString();
    const { id } = prepared(
      ctx.db.$client,
      `INSERT INTO units (code, name, kind, level, parent_id, uscc, insurance_code, address, contact_name, contact_phone, is_lead, active, created_at, updated_at)
       VALUES (@code, @name, @kind, @level, @parentId, @uscc, @insuranceCode, @address, @contactName, @contactPhone, 0, 1, @at, @at) RETURNING id`,
    ).get({ ...fields, level: levelOf(fields), at }) as { id: number };
    // Every unit has at least one store from the start: its pharmacy (药房).
    const storeCode = uniqueStoreCode(ctx.db, `${fields.code}-YF`);
    insertStore(ctx.db, { unitId: id, code: storeCode, name: '药房' }, at);
    ctx.audit({ target: `unit:${fields.code}`, summary: { created: fields, store: storeCode } });
    return { unit: getUnit(ctx.db, id) };
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
      const child = prepared(ctx.db.$client, 'SELECT id FROM units WHERE parent_id = ?').get(id);
      if (child) throw invalid('fields.kind', '该单位下有村卫生室，不能改为其他层级');
    }
    prepared(
      ctx.db.$client,
      `UPDATE units SET code = @code, name = @name, kind = @kind, level = @level, parent_id = @parentId, uscc = @uscc, insurance_code = @insuranceCode,
         address = @address, contact_name = @contactName, contact_phone = @contactPhone, updated_at = @at WHERE id = @id`,
    ).run({ ...fields, level, at: ctx.now.toISOString(), id });
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
    prepared(ctx.db.$client, 'UPDATE units SET active = ?, updated_at = ? WHERE id = ?').run(active ? 1 : 0, ctx.now.toISOString(), id);
    // A deactivated unit's users stop working at once: their sessions end (and logins are refused).
    const signedOut = active ? 0 : closeSessionsOfUnit(ctx.db, id);
    ctx.audit({ target: `unit:${before.code}`, summary: { active: { from: before.active === 1, to: active }, ...(signedOut ? { sessionsEnded: signedOut } : {}) } });
    return { unit: getUnit(ctx.db, id) };
  },

  'store.list': (ctx, { unitId, includeInactive }) => {
    const rows = prepared(
      ctx.db.$client,
      `SELECT s.id, s.unit_id AS unitId, s.code, s.name, s.is_central AS isCentral, s.active, s.created_at AS createdAt, u.name AS unitName
         FROM stores s JOIN units u ON u.id = s.unit_id WHERE (@unitId IS NULL OR s.unit_id = @unitId) ORDER BY u.code, s.code`,
    ).all({ unitId: unitId ?? null }) as (StoreRow & { unitName: string })[];
    return {
      stores: rows.filter((r) => (includeInactive || r.active === 1) && inUnits(ctx.scope, r.unitId)).map((r) => ({ ...toStore(r), unitName: r.unitName })),
    };
  },

  'store.create': (ctx, input) => {
    const unit = getUnitRow(ctx.db, input.unitId, 'unitId');
    if (unit.active !== 1) throw invalid('unitId', '该单位已停用，不能新增库房');
    if (storeCodeTaken(ctx.db, input.code)) throw conflict('库房编码已存在', [{ path: 'code', message: `库房编码 ${input.code} 已被使用` }]);
    const storeId = insertStore(ctx.db, input, ctx.now.toISOString());
    ctx.audit({ target: `store:${input.code}`, summary: { created: { ...input, unit: unit.name } } });
    return { store: toStore(getStoreRow(ctx.db, storeId)) };
  },

  'store.update': (ctx, { id, name, active }) => {
    const before = getStoreRow(ctx.db, id);
    if (!active && before.isCentral === 1) throw invalid('active', '中心药库不能停用');
    if (!active) {
      const others = prepared(ctx.db.$client, 'SELECT count(*) AS n FROM stores WHERE unit_id = ? AND active = 1 AND id <> ?').get(before.unitId, id) as { n: number };
      if (others.n === 0) throw invalid('active', '每个单位至少保留一个在用库房');
    }
    prepared(ctx.db.$client, 'UPDATE stores SET name = ?, active = ? WHERE id = ?').run(name, active ? 1 : 0, id);
    const row = getStoreRow(ctx.db, id);
    ctx.audit({
      target: `store:${row.code}`,
      summary: { name: { from: before.name, to: name }, active: { from: before.active === 1, to: active } },
    });
    return { store: toStore(row) };
  },
};

import { LEVEL_OF_KIND, type UnitFields } from '../api/units.js';
import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import { DomainError, type FieldProblem } from '../errors.js';
import type { z } from 'zod';
import type { unitFields } from '../api/units.js';
import { getUnitRow } from './queries.js';

type ParsedUnitFields = z.output<typeof unitFields>;
export type { UnitFields };

/**
 * Checks that need the database: unique code and USCC, a village clinic under an active township-level
 * unit, and no parent for anything else. Every problem is reported at once.
 */
export function checkUnitFields(db: Db, fields: ParsedUnitFields, selfId: number | null): void {
  const problems: FieldProblem[] = [];
  const other = selfId ?? 0;
  const sameCode = prepared(db.$client, 'SELECT id FROM units WHERE code = ? AND id <> ?').get(fields.code, other);
  if (sameCode) problems.push({ path: 'code', message: `单位编码 ${fields.code} 已被使用` });
  if (fields.uscc) {
    const sameUscc = prepared(db.$client, 'SELECT name FROM units WHERE uscc = ? AND id <> ?').get(fields.uscc, other) as { name: string } | undefined;
    if (sameUscc) problems.push({ path: 'uscc', message: `统一社会信用代码已用于 ${sameUscc.name}` });
  }
  if (fields.kind === 'village_clinic' && fields.parentId !== null) {
    const parent = prepared(db.$client, 'SELECT level, active FROM units WHERE id = ?').get(fields.parentId) as { level: string; active: number } | undefined;
    if (!parent) problems.push({ path: 'parentId', message: '上级单位不存在' });
    else if (parent.level !== 'township') problems.push({ path: 'parentId', message: '村卫生室的上级须为乡镇卫生院或社区卫生服务中心' });
    else if (parent.active !== 1) problems.push({ path: 'parentId', message: '上级单位已停用' });
  } else if (fields.kind !== 'village_clinic' && fields.parentId !== null) {
    problems.push({ path: 'parentId', message: '只有村卫生室需要设置上级单位' });
  }
  if (problems.length > 0) throw new DomainError('VALIDATION', '输入有误，请检查标出的字段', problems);
}

export const levelOf = (fields: ParsedUnitFields) => LEVEL_OF_KIND[fields.kind];

/** Why a unit may not be deactivated, or null when it may. */
export function deactivationBlocker(db: Db, id: number): string | null {
  const unit = getUnitRow(db, id);
  if (unit.isLead === 1) return '总医院不能停用';
  const child = prepared(db.$client, 'SELECT name FROM units WHERE parent_id = ? AND active = 1').get(id) as { name: string } | undefined;
  if (child) return `请先停用其下属村卫生室（如 ${child.name}）`;
  return null;
}

export function storeCodeTaken(db: Db, code: string): boolean {
  return prepared(db.$client, 'SELECT id FROM stores WHERE code = ?').get(code) !== undefined;
}

/** `base`, or `base-2`, `base-3` … whichever is free. */
export function uniqueStoreCode(db: Db, base: string): string {
  let code = base;
  for (let n = 2; storeCodeTaken(db, code); n++) code = `${base}-${n}`;
  return code;
}

import { prepared } from '../../../db/statements.js';
import { formatQuantity, type PackLevel } from '../../api/packs.js';
import type { UnitLevel } from '../../api/units.js';
import type { OperationContext } from '../../context.js';
import { DomainError, invalid, type FieldProblem } from '../../errors.js';
import { issuePackFactor } from './read.js';

/**
 * The rules of a 请领单, checked when it is created or edited (and again at submit): every problem at once, each
 * on its line's field.
 * - The store is an active store of a member unit, not the central store; the requisition is that unit's.
 * - Each item once, 在用, and in the sub-catalogue of the REQUESTING UNIT's level (a village clinic cannot ask
 *   for a county-only item) — by the unit, not the caller, so it holds for the system actor too.
 * - Quantities are whole issue packs (发放单位) of the item.
 */
export interface RequisitionStore {
  storeId: number;
  unitId: number;
  unitName: string;
  unitLevel: UnitLevel;
  parentId: number | null;
}

export function requestingStore(ctx: OperationContext, storeId: number): RequisitionStore {
  const store = prepared(
    ctx.db.$client,
    `SELECT s.id AS storeId, s.is_central AS isCentral, s.active AS storeActive, u.id AS unitId, u.name AS unitName, u.level AS unitLevel,
       u.parent_id AS parentId, u.active AS unitActive, u.is_lead AS isLead
     FROM stores s JOIN units u ON u.id = s.unit_id WHERE s.id = ?`,
  ).get(storeId) as (RequisitionStore & { isCentral: number; storeActive: number; unitActive: number; isLead: number }) | undefined;
  if (!store) throw invalid('storeId', '库房不存在');
  if (store.isCentral === 1) throw invalid('storeId', '中心药库不能请领：请选择成员单位的库房');
  if (store.storeActive !== 1) throw invalid('storeId', '该库房已停用');
  if (store.unitActive !== 1) throw invalid('storeId', `${store.unitName} 已停用，不能请领`);
  return { storeId: store.storeId, unitId: store.unitId, unitName: store.unitName, unitLevel: store.unitLevel, parentId: store.parentId };
}

export interface CheckedLine {
  itemId: number;
  quantity: number;
  note: string;
}

interface ItemRow {
  id: number;
  name: string;
  status: string;
  baseUnit: string;
  packs: string;
  issueUnit: string;
  county: number;
  township: number;
  village: number;
}

const LEVEL_WORDS: Record<UnitLevel, string> = { county: '县级', township: '乡镇', village: '村' };

export function checkLines(ctx: OperationContext, store: RequisitionStore, lines: readonly CheckedLine[]): CheckedLine[] {
  const items = new Map(
    (
      prepared(
        ctx.db.$client,
        `SELECT id, generic_name AS name, status, base_unit AS baseUnit, packs, issue_unit AS issueUnit,
           level_county AS county, level_township AS township, level_village AS village
         FROM formulary_items WHERE id IN (SELECT value FROM json_each(?))`,
      ).all(JSON.stringify(lines.map((l) => l.itemId))) as ItemRow[]
    ).map((i) => [i.id, i]),
  );
  const problems: FieldProblem[] = [];
  const seen = new Map<number, number>();
  lines.forEach((line, i) => {
    const item = items.get(line.itemId);
    if (!item) return problems.push({ path: `lines.${i}.itemId`, message: '品种不存在' });
    const first = seen.get(line.itemId);
    if (first !== undefined) return problems.push({ path: `lines.${i}.itemId`, message: `${item.name} 与第 ${first + 1} 行重复：每个品种只能请领一行` });
    seen.set(line.itemId, i);
    if (item.status !== 'active') return problems.push({ path: `lines.${i}.itemId`, message: `${item.name} 不是在用品种，不能请领` });
    if (item[store.unitLevel] !== 1) {
      return problems.push({ path: `lines.${i}.itemId`, message: `${item.name} 不在${LEVEL_WORDS[store.unitLevel]}目录中，${store.unitName} 不能请领` });
    }
    const packs = JSON.parse(item.packs) as PackLevel[];
    const factor = issuePackFactor(item.baseUnit, packs, item.issueUnit);
    if (line.quantity % factor !== 0) {
      problems.push({
        path: `lines.${i}.quantity`,
        message: `${item.name} 须按整${item.issueUnit}请领（1${item.issueUnit} = ${factor}${item.baseUnit}）：${formatQuantity(item.baseUnit, packs, line.quantity)} 不是整${item.issueUnit}`,
      });
    }
    return undefined;
  });
  if (problems.length) throw new DomainError('VALIDATION', problems.length === 1 ? problems[0]!.message : `请领单有 ${problems.length} 处问题：${problems[0]!.message} 等`, problems);
  return lines.map((l) => ({ itemId: l.itemId, quantity: l.quantity, note: l.note }));
}

import { prepared } from '../../../db/statements.js';
import type { OperationContext } from '../../context.js';
import { applyTransition, checkVersion, createDocument, loadDocument, reviseDocument, type DocumentHeader } from '../../documents/lifecycle.js';
import { conflict, DomainError, forbidden, invalid, notFound, type FieldProblem } from '../../errors.js';
import type { HandlerMap } from '../../handler.js';
import { communityDate, communityYear } from '../../time.js';
import { requisitionType } from '../document-types.js';
import { distributionSettings, saveDistributionSettings, type DistributionSettings } from '../settings.js';
import { budgetOfUnit, budgetRows, budgetVerdict } from './budget.js';
import { hintsFor, storeMeasures, suggestedQuantity } from './measures.js';
import { openBackOrders } from './progress.js';
import { issuePackFactor, listRequisitions, readRequisition, valueOf } from './read.js';
import { checkLines, requestingStore, type CheckedLine, type RequisitionStore } from './rules.js';
import type { PackLevel } from '../../api/packs.js';
import type { RequisitionSuggestion } from '../../api/requisitions.js';

type RequisitionOps =
  | 'requisition.create'
  | 'requisition.update'
  | 'requisition.submit'
  | 'requisition.review'
  | 'requisition.sendBack'
  | 'requisition.approve'
  | 'requisition.reject'
  | 'requisition.cancel'
  | 'requisition.close'
  | 'requisition.get'
  | 'requisition.list'
  | 'requisition.suggest'
  | 'requisition.backOrders'
  | 'budget.set'
  | 'budget.list'
  | 'distribution.settings.get'
  | 'distribution.settings.update';


interface StoredHeader {
  unitId: number;
  storeId: number;
  reviewUnitId: number | null;
  budgetYear: number;
}

function storedHeader(ctx: OperationContext, id: number): StoredHeader {
  return prepared(
    ctx.db.$client,
    'SELECT unit_id AS unitId, store_id AS storeId, review_unit_id AS reviewUnitId, budget_year AS budgetYear FROM requisitions WHERE document_id = ?',
  ).get(id) as StoredHeader;
}

function storedLines(ctx: OperationContext, id: number): { id: number; itemId: number; quantity: number; note: string }[] {
  return prepared(
    ctx.db.$client,
    'SELECT id, item_id AS itemId, requested_quantity AS quantity, note FROM requisition_lines WHERE document_id = ? ORDER BY line_no',
  ).all(id) as { id: number; itemId: number; quantity: number; note: string }[];
}

/** Writes the lines with the suggested quantity of the moment (kept: what the member was advised when asking). */
function writeLines(ctx: OperationContext, documentId: number, store: RequisitionStore, lines: readonly CheckedLine[]): void {
  const measures = storeMeasures(ctx.db, { storeId: store.storeId, unitId: store.unitId, now: ctx.now, today: communityDate(ctx.now), excludeRequisitionId: documentId });
  const target = distributionSettings(ctx.db).targetMonths[store.unitLevel];
  const items = new Map(
    (
      prepared(ctx.db.$client, 'SELECT id, base_unit AS baseUnit, packs, issue_unit AS issueUnit FROM formulary_items WHERE id IN (SELECT value FROM json_each(?))').all(
        JSON.stringify(lines.map((l) => l.itemId)),
      ) as { id: number; baseUnit: string; packs: string; issueUnit: string }[]
    ).map((i) => [i.id, i]),
  );
  const insert = prepared(
    ctx.db.$client,
    `INSERT INTO requisition_lines (document_id, line_no, item_id, requested_quantity, suggested_quantity, approved_quantity, approve_reason, note)
     VALUES (@documentId, @lineNo, @itemId, @quantity, @suggested, NULL, '', @note)`,
  );
  lines.forEach((line, i) => {
    const item = items.get(line.itemId)!;
    const factor = issuePackFactor(item.baseUnit, JSON.parse(item.packs) as PackLevel[], item.issueUnit);
    const suggested = suggestedQuantity({ ...hintsFor(measures, line.itemId), targetMonths: target, issuePackFactor: factor });
    insert.run({ documentId, lineNo: i + 1, itemId: line.itemId, quantity: line.quantity, suggested, note: line.note });
  });
}

const auditLines = (lines: readonly CheckedLine[]) => lines.map((l) => ({ itemId: l.itemId, quantity: l.quantity }));

function storeOf(ctx: OperationContext, id: number): RequisitionStore {
  return requestingStore(ctx, storedHeader(ctx, id).storeId);
}

/** The document at the version the caller read (or, when a script sends none, as it stands). */
function loadAt(ctx: OperationContext, id: number, version: number | undefined): { document: DocumentHeader; version: number } {
  const document = loadDocument(ctx.db, requisitionType, id);
  if (version !== undefined) checkVersion(ctx.db, requisitionType, document, version);
  return { document, version: version ?? document.version };
}

function requireState(document: DocumentHeader, allowed: readonly string[], action: string): void {
  if (!allowed.includes(document.state)) throw conflict(`请领单 ${document.number} 当前为「${document.stateLabel}」，不能${action}`);
}

/** The budget check at submit and approve: a block refuses (VALIDATION), a warn returns its message. */
function checkBudget(ctx: OperationContext, document: DocumentHeader, lines: readonly { itemId: number; quantity: number }[]): string | null {
  const header = storedHeader(ctx, document.id);
  const budget = budgetOfUnit(ctx.db, { unitId: header.unitId, year: header.budgetYear, today: communityDate(ctx.now) });
  const verdict = budgetVerdict(budget, valueOf(ctx.db, lines, ctx.now), document.number);
  if (verdict.outcome === 'block') throw new DomainError('VALIDATION', verdict.message, [{ path: 'id', message: verdict.message }]);
  return verdict.outcome === 'warn' ? verdict.message : null;
}

/**
 * 乡村一体化: only when the community routes village requisitions through the township, only a requisition
 * waiting for this township's review (its unit's parent), and never by someone of the requesting unit.
 */
function assertReviewer(ctx: OperationContext, document: DocumentHeader): void {
  if (!distributionSettings(ctx.db).villageViaTownship) throw conflict('本医共体未设置村卫生室请领经乡镇审核，请领单直接由总医院审核');
  const header = storedHeader(ctx, document.id);
  if (header.reviewUnitId === null) throw conflict(`请领单 ${document.number} 不需要乡镇审核`);
  const actor = ctx.actor!;
  if (actor.kind !== 'user') return;
  if (actor.unitId === header.unitId) throw forbidden('请领单位的人员不能审核本单位的请领单');
  if (actor.unitId !== header.reviewUnitId) throw forbidden('只能审核本乡镇所辖村卫生室的请领单');
}


const joinReasons = (...parts: (string | null | undefined)[]) => parts.filter((p) => p && p.trim()).join('；') || null;

function simpleTransition(
  ctx: OperationContext,
  input: { id: number; version?: number | undefined; reason?: string },
  transition: 'review' | 'send_back' | 'reject' | 'cancel' | 'close',
) {
  const { version } = loadAt(ctx, input.id, input.version);
  applyTransition(ctx, requisitionType, { id: input.id, version, transition, reason: input.reason || null });
  return { requisition: readRequisition(ctx.db, input.id, ctx.now) };
}

function mergeSettings(current: DistributionSettings, change: Partial<DistributionSettings>): DistributionSettings {
  return {
    villageViaTownship: change.villageViaTownship ?? current.villageViaTownship,
    targetMonths: { ...current.targetMonths, ...change.targetMonths },
    minShelfLifeMonths: { ...current.minShelfLifeMonths, ...change.minShelfLifeMonths },
    nearMinimumMonths: change.nearMinimumMonths ?? current.nearMinimumMonths,
    minStockMonths: { ...current.minStockMonths, ...change.minStockMonths },
    budgetRule: change.budgetRule ?? current.budgetRule,
  };
}

export const requisitionHandlers: HandlerMap<RequisitionOps> = {
  'requisition.create': (ctx, input) => {
    const store = requestingStore(ctx, input.storeId);
    const lines = checkLines(ctx, store, input.lines);
    const document = createDocument(ctx, requisitionType);
    prepared(
      ctx.db.$client,
      'INSERT INTO requisitions (document_id, unit_id, store_id, review_unit_id, budget_year, note) VALUES (@id, @unitId, @storeId, NULL, @year, @note)',
    ).run({ id: document.id, unitId: store.unitId, storeId: store.storeId, year: communityYear(ctx.now), note: input.note });
    writeLines(ctx, document.id, store, lines);
    ctx.audit({ target: `requisition:${document.number}`, summary: { storeId: store.storeId, unitId: store.unitId, note: input.note, lines: auditLines(lines) } });
    return { requisition: readRequisition(ctx.db, document.id, ctx.now) };
  },

  'requisition.update': (ctx, input) => {
    const { document } = loadAt(ctx, input.id, undefined);
    requireState(document, ['draft'], '修改（仅草稿可以修改）');
    checkVersion(ctx.db, requisitionType, document, input.version);
    const store = storeOf(ctx, input.id);
    const lines = checkLines(ctx, store, input.lines);
    prepared(ctx.db.$client, 'UPDATE requisitions SET note = ? WHERE document_id = ?').run(input.note, input.id);
    prepared(ctx.db.$client, 'DELETE FROM requisition_lines WHERE document_id = ?').run(input.id);
    writeLines(ctx, input.id, store, lines);
    reviseDocument(ctx, requisitionType, document, input.version, { note: input.note, lines: auditLines(lines) });
    return { requisition: readRequisition(ctx.db, input.id, ctx.now) };
  },

  'requisition.submit': (ctx, input) => {
    const { document, version } = loadAt(ctx, input.id, input.version);
    requireState(document, ['draft'], '提交');
    const store = storeOf(ctx, input.id);
    const lines = storedLines(ctx, input.id);
    // The catalogue may have changed since the draft was saved.
    checkLines(ctx, store, lines);
    const budgetWarning = checkBudget(ctx, document, lines);
    const reviewUnitId = distributionSettings(ctx.db).villageViaTownship && store.unitLevel === 'village' ? store.parentId : null;
    prepared(ctx.db.$client, 'UPDATE requisitions SET review_unit_id = ? WHERE document_id = ?').run(reviewUnitId, input.id);
    applyTransition(ctx, requisitionType, { id: input.id, version, transition: 'submit', reason: budgetWarning });
    return { requisition: readRequisition(ctx.db, input.id, ctx.now), budgetWarning };
  },

  'requisition.review': (ctx, input) => {
    const { document } = loadAt(ctx, input.id, input.version);
    requireState(document, ['submitted'], '乡镇审核');
    assertReviewer(ctx, document);
    return simpleTransition(ctx, input, 'review');
  },

  'requisition.sendBack': (ctx, input) => {
    const { document } = loadAt(ctx, input.id, input.version);
    requireState(document, ['submitted'], '退回修改');
    assertReviewer(ctx, document);
    return simpleTransition(ctx, input, 'send_back');
  },

  'requisition.approve': (ctx, input) => {
    const { document, version } = loadAt(ctx, input.id, input.version);
    requireState(document, ['submitted', 'reviewed'], '审核');
    const header = storedHeader(ctx, input.id);
    // Routed through the township at submit, and still so: reviewed first (if the community has since stopped
    // routing, the centre approves directly rather than leave it waiting for a review nobody can give).
    if (document.state === 'submitted' && header.reviewUnitId !== null && distributionSettings(ctx.db).villageViaTownship) {
      const township = prepared(ctx.db.$client, 'SELECT name FROM units WHERE id = ?').get(header.reviewUnitId) as { name: string } | undefined;
      throw conflict(`请领单 ${document.number} 须先由${township?.name ?? '乡镇卫生院'}审核，才能由总医院审核`);
    }
    const stored = storedLines(ctx, input.id);
    const byId = new Map(stored.map((l) => [l.id, l]));
    const items = new Map(
      (
        prepared(ctx.db.$client, 'SELECT id, generic_name AS name, base_unit AS baseUnit, packs, issue_unit AS issueUnit FROM formulary_items WHERE id IN (SELECT value FROM json_each(?))').all(
          JSON.stringify(stored.map((l) => l.itemId)),
        ) as { id: number; name: string; baseUnit: string; packs: string; issueUnit: string }[]
      ).map((i) => [i.id, i]),
    );
    const problems: FieldProblem[] = [];
    const decided = new Map<number, { quantity: number; reason: string }>();
    input.lines.forEach((line, i) => {
      const own = byId.get(line.id);
      if (!own) return problems.push({ path: `lines.${i}.id`, message: `第 ${i + 1} 行不是请领单 ${document.number} 的明细` });
      if (decided.has(line.id)) return problems.push({ path: `lines.${i}.id`, message: '同一明细只能出现一次' });
      const item = items.get(own.itemId)!;
      const factor = issuePackFactor(item.baseUnit, JSON.parse(item.packs) as PackLevel[], item.issueUnit);
      if (line.approvedQuantity % factor !== 0) {
        problems.push({ path: `lines.${i}.approvedQuantity`, message: `${item.name} 须按整${item.issueUnit}核准（1${item.issueUnit} = ${factor}${item.baseUnit}）` });
      }
      if (line.approvedQuantity !== own.quantity && !line.reason.trim()) {
        problems.push({ path: `lines.${i}.reason`, message: `${item.name} 核准数量与请领数量不同，请填写调整原因` });
      }
      decided.set(line.id, { quantity: line.approvedQuantity, reason: line.approvedQuantity === own.quantity ? '' : line.reason });
      return undefined;
    });
    if (problems.length) throw new DomainError('VALIDATION', problems[0]!.message, problems);
    const approved = stored.map((l) => ({ id: l.id, itemId: l.itemId, quantity: decided.get(l.id)?.quantity ?? l.quantity, reason: decided.get(l.id)?.reason ?? '' }));
    const budgetWarning = checkBudget(ctx, document, approved);
    // Written while the document is still unposted: the approve transition posts it, and its rows are fixed from then on.
    const write = prepared(ctx.db.$client, 'UPDATE requisition_lines SET approved_quantity = @quantity, approve_reason = @reason WHERE id = @id');
    for (const line of approved) write.run({ id: line.id, quantity: line.quantity, reason: line.reason });
    ctx.audit({
      target: `requisition:${document.number}`,
      summary: { approvedLines: approved.filter((l) => decided.has(l.id)).map((l) => ({ lineId: l.id, quantity: l.quantity, reason: l.reason })), budgetWarning },
    });
    // The member reads why their quantities changed in the history, not only on the lines.
    const changed = approved.flatMap((l) => {
      const own = byId.get(l.id)!;
      if (l.quantity === own.quantity) return [];
      const item = items.get(l.itemId)!;
      const factor = issuePackFactor(item.baseUnit, JSON.parse(item.packs) as PackLevel[], item.issueUnit);
      const packs = (q: number) => (q % factor === 0 ? `${q / factor}${item.issueUnit}` : `${q}${item.baseUnit}`);
      return [`${item.name} 核准 ${packs(l.quantity)}（请领 ${packs(own.quantity)}）：${l.reason}`];
    });
    const adjustments = changed.length > 5 ? `${changed.slice(0, 5).join('；')} 等 ${changed.length} 行` : changed.join('；');
    applyTransition(ctx, requisitionType, { id: input.id, version, transition: 'approve', reason: joinReasons(input.reason, adjustments, budgetWarning) });
    return { requisition: readRequisition(ctx.db, input.id, ctx.now), budgetWarning };
  },

  'requisition.reject': (ctx, input) => simpleTransition(ctx, input, 'reject'),
  'requisition.cancel': (ctx, input) => simpleTransition(ctx, input, 'cancel'),
  'requisition.close': (ctx, input) => simpleTransition(ctx, input, 'close'),

  'requisition.get': (ctx, { id }) => ({ requisition: readRequisition(ctx.db, id, ctx.now) }),

  'requisition.list': (ctx, filter) => listRequisitions(ctx.db, ctx.scope, filter, ctx.now),

  'requisition.suggest': (ctx, { storeId, itemIds }) => {
    const store = requestingStore(ctx, storeId);
    const today = communityDate(ctx.now);
    const measures = storeMeasures(ctx.db, { storeId, unitId: store.unitId, now: ctx.now, today });
    const targetMonths = distributionSettings(ctx.db).targetMonths[store.unitLevel];
    const wanted = itemIds ?? [...new Set([...measures.onHand.keys(), ...measures.consumed.keys(), ...measures.incoming.keys(), ...measures.otherBackOrders.keys()])];
    const rows = prepared(
      ctx.db.$client,
      `SELECT id, code, generic_name AS name, spec, manufacturer, base_unit AS baseUnit, packs, issue_unit AS issueUnit FROM formulary_items
       WHERE id IN (SELECT value FROM json_each(@ids)) AND status = 'active' AND CASE @level WHEN 'county' THEN level_county WHEN 'township' THEN level_township ELSE level_village END = 1
       ORDER BY code`,
    ).all({ ids: JSON.stringify(wanted), level: store.unitLevel }) as { id: number; code: string; name: string; spec: string; manufacturer: string; baseUnit: string; packs: string; issueUnit: string }[];
    const suggestions: RequisitionSuggestion[] = rows.map((item) => {
      const packs = JSON.parse(item.packs) as PackLevel[];
      const factor = issuePackFactor(item.baseUnit, packs, item.issueUnit);
      const hints = hintsFor(measures, item.id);
      return {
        unitId: store.unitId,
        storeId,
        itemId: item.id,
        itemCode: item.code,
        itemName: item.name,
        spec: item.spec,
        manufacturer: item.manufacturer,
        baseUnit: item.baseUnit,
        packs,
        issueUnit: item.issueUnit,
        issuePackFactor: factor,
        ...hints,
        suggested: suggestedQuantity({ ...hints, targetMonths, issuePackFactor: factor }),
      };
    });
    return { targetMonths, suggestions };
  },

  'requisition.backOrders': (ctx, { unitId }) => {
    const units = ctx.scope.units;
    const owed = openBackOrders(ctx.db).filter((b) => (unitId === undefined || b.unitId === unitId) && (units === null || units.includes(b.unitId)));
    const items = new Map(
      (
        prepared(ctx.db.$client, 'SELECT id, generic_name AS name, spec, base_unit AS baseUnit FROM formulary_items WHERE id IN (SELECT value FROM json_each(?))').all(
          JSON.stringify([...new Set(owed.map((b) => b.itemId))]),
        ) as { id: number; name: string; spec: string; baseUnit: string }[]
      ).map((i) => [i.id, i]),
    );
    return {
      backOrders: owed.map((b) => {
        const item = items.get(b.itemId)!;
        return {
          unitId: b.unitId,
          unitName: b.unitName,
          requisitionId: b.requisitionId,
          number: b.number,
          requisitionLineId: b.requisitionLineId,
          itemId: b.itemId,
          itemName: item.name,
          spec: item.spec,
          baseUnit: item.baseUnit,
          quantity: b.quantity,
        };
      }),
    };
  },

  'budget.set': (ctx, input) => {
    const unit = prepared(ctx.db.$client, 'SELECT name, is_lead AS isLead FROM units WHERE id = ?').get(input.unitId) as { name: string; isLead: number } | undefined;
    if (!unit) throw notFound('单位');
    if (unit.isLead === 1) throw invalid('unitId', `${unit.name} 是总医院（中心药库），不设请领预算`);
    const before =
      (prepared(ctx.db.$client, 'SELECT amount_micro AS amountMicro, over_rule AS overRule, note FROM unit_budgets WHERE unit_id = ? AND year = ?').get(input.unitId, input.year) as
        | { amountMicro: number; overRule: string; note: string }
        | undefined) ?? null;
    prepared(
      ctx.db.$client,
      `INSERT INTO unit_budgets (unit_id, year, amount_micro, over_rule, note, updated_at, updated_by)
       VALUES (@unitId, @year, @amountMicro, @overRule, @note, @at, @by)
       ON CONFLICT (unit_id, year) DO UPDATE SET amount_micro = excluded.amount_micro, over_rule = excluded.over_rule, note = excluded.note,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ).run({ ...input, at: ctx.now.toISOString(), by: ctx.actor!.username });
    ctx.audit({
      target: `budget:${input.unitId}:${input.year}`,
      summary: { unit: unit.name, year: input.year, before, after: { amountMicro: input.amountMicro, overRule: input.overRule, note: input.note } },
    });
    return { budget: budgetOfUnit(ctx.db, { unitId: input.unitId, year: input.year, today: communityDate(ctx.now) }) };
  },

  'budget.list': (ctx, { year }) => {
    const y = year ?? communityYear(ctx.now);
    return { year: y, budgets: budgetRows(ctx.db, { year: y, today: communityDate(ctx.now), unitIds: ctx.scope.units }) };
  },

  'distribution.settings.get': (ctx) => ({ settings: distributionSettings(ctx.db) }),

  'distribution.settings.update': (ctx, input) => {
    const before = distributionSettings(ctx.db);
    const after = mergeSettings(before, input as Partial<DistributionSettings>);
    saveDistributionSettings(ctx.db, after, ctx.now);
    ctx.audit({ target: 'settings:distribution', summary: { before, after } });
    return { settings: after };
  },
};

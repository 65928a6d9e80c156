/**
 * 目录变更申请: proposed by a member pharmacist (for their own level) or the pharmacy officer; the
 * pharmacy officer records the 药事会 decision and, on approval, applies it in the same transaction as a
 * new formulary version.
 */
import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import type { ChangeKind, ChangeRequest, ChangeRequestRow, ItemFields, LevelAvailability, OpParsedInput } from '../api/index.js';
import type { UnitLevel } from '../api/units.js';
import { CHANGE_KIND_LABELS } from '../api/labels.js';
import type { CallerScope, OperationContext, UserActor } from '../context.js';
import { conflict, DomainError, forbidden, invalid, notFound, type FieldProblem } from '../errors.js';
import { nextNumber } from '../documents/numbering.js';
import { inUnits } from '../scope.js';
import {
  createItem,
  getItemRow,
  itemFieldsOfRow,
  itemReferenceProblems,
  packsLockedProblem,
  setItemLevels,
  setItemStatus,
  updateItem,
} from './items.js';
import { communityYear } from '../time.js';
import { openVersion } from './versions.js';
import { revertConflict, revertedFields } from './conflicts.js';
import { batchRows } from './batch.js';

type ProposeInput = OpParsedInput<'changeRequest.propose'>;

const KIND_TEXT: Readonly<Record<ChangeKind, string>> = CHANGE_KIND_LABELS;
const LEVEL_TEXT: Record<UnitLevel, string> = { county: '县级', township: '乡级', village: '村级' };

interface RequestRow {
  id: number;
  number: string;
  kind: ChangeKind;
  itemId: number | null;
  proposal: string | null;
  reason: string;
  status: ChangeRequest['status'];
  /** null when the hub proposed it (an import from the CLI, the demo seed). */
  proposedBy: number | null;
  proposedByName: string;
  proposerUnitId: number;
  proposerUnitName: string;
  proposedAt: string;
  resolutionNo: string | null;
  resolutionDate: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionNote: string;
  appliedVersion: number | null;
  baseVersion: number | null;
  itemName: string | null;
  rowCount: number;
}

// A request the hub made for itself has no user: it is shown under the system's name (命令行 (cli)), which
// also recorded the resolution that came with it.
const SELECT = `SELECT r.id, r.number, r.kind, r.item_id AS itemId, r.proposal, r.reason, r.status, r.proposed_by AS proposedBy,
  coalesce(pu.display_name, r.proposed_by_system) AS proposedByName, r.proposer_unit_id AS proposerUnitId, un.name AS proposerUnitName,
  r.proposed_at AS proposedAt, r.resolution_no AS resolutionNo, r.resolution_date AS resolutionDate,
  coalesce(du.display_name, CASE WHEN r.decided_at IS NOT NULL THEN r.proposed_by_system END) AS decidedByName, r.decided_at AS decidedAt,
  r.decision_note AS decisionNote, r.applied_version AS appliedVersion, r.base_version AS baseVersion,
  CASE WHEN i.id IS NULL THEN NULL ELSE i.generic_name || ' ' || i.spec END AS itemName,
  (SELECT count(*) FROM formulary_change_request_rows cr WHERE cr.request_id = r.id) AS rowCount
  FROM formulary_change_requests r
  LEFT JOIN users pu ON pu.id = r.proposed_by
  JOIN units un ON un.id = r.proposer_unit_id
  LEFT JOIN users du ON du.id = r.decided_by
  LEFT JOIN formulary_items i ON i.id = r.item_id`;

function toRequest(row: RequestRow): ChangeRequest {
  const proposal = row.proposal ? (JSON.parse(row.proposal) as ChangeRequest['proposal']) : null;
  const proposedName = proposal && proposal.genericName ? `${proposal.genericName} ${proposal.spec ?? ''}`.trim() : '';
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    itemId: row.itemId,
    itemName: row.itemName ?? proposedName,
    proposal,
    reason: row.reason,
    status: row.status,
    proposedBy: row.proposedByName,
    proposerUnitId: row.proposerUnitId,
    proposerUnitName: row.proposerUnitName,
    proposedAt: row.proposedAt,
    resolutionNo: row.resolutionNo,
    resolutionDate: row.resolutionDate,
    decidedBy: row.decidedByName,
    decidedAt: row.decidedAt,
    decisionNote: row.decisionNote,
    appliedVersion: row.appliedVersion,
    rowCount: row.rowCount,
  };
}

function requestRow(db: Db, id: number): RequestRow {
  const row = prepared(db.$client, `${SELECT} WHERE r.id = ?`).get(id) as RequestRow | undefined;
  if (!row) throw notFound('目录变更申请');
  return row;
}

export const getRequest = (db: Db, id: number): ChangeRequest => toRequest(requestRow(db, id));

/** One request with the rows of a batch (empty for the others). */
export function getRequestWithRows(db: Db, id: number): { request: ChangeRequest; rows: ChangeRequestRow[] } {
  const request = getRequest(db, id);
  return { request, rows: request.kind === 'batch' ? batchRows(db, id) : [] };
}

/** Requests newest first; a member pharmacist sees only their own unit's. */
export function listRequests(db: Db, scope: CallerScope, status?: ChangeRequest['status']): ChangeRequest[] {
  const rows = prepared(db.$client, `${SELECT} WHERE (? IS NULL OR r.status = ?) ORDER BY r.id DESC`).all(status ?? null, status ?? null) as RequestRow[];
  return rows.map(toRequest).filter((r) => inUnits(scope, r.proposerUnitId));
}

export function unitLevelOf(db: Db, unitId: number): UnitLevel {
  const row = prepared(db.$client, 'SELECT level FROM units WHERE id = ?').get(unitId) as { level: UnitLevel } | undefined;
  if (!row) throw notFound('成员单位');
  return row.level;
}

/** A member pharmacist proposes only for their own level's sub-catalogue; the officer for any. */
function checkProposerLevel(db: Db, scope: CallerScope, input: ProposeInput): void {
  // A unit-confined caller's units share one level today (their own unit).
  const level = scope.levels?.[0];
  if (level === undefined) return;
  const own = LEVEL_TEXT[level];
  if (input.kind === 'add' || input.kind === 'change') {
    if (!input.item.levels[level]) throw invalid(`item.levels.${level}`, `只能为本单位所在层级（${own}）的目录提出申请`);
  }
  if (input.kind !== 'add') {
    const current = itemFieldsOfRow(getItemRow(db, input.itemId)).levels;
    if (!current[level] && !(input.kind === 'levels' && input.levels[level])) {
      throw forbidden(`该品种不在${own}目录中，只能为本层级目录提出申请`);
    }
    if (input.kind === 'levels') {
      const others = (Object.keys(current) as UnitLevel[]).filter((l) => l !== level && current[l] !== input.levels[l]);
      if (others.length) throw invalid(`levels.${others[0]}`, `只能调整本单位所在层级（${own}）的可用性`);
    }
  }
}

function prefixed(prefix: string, problems: FieldProblem[]): FieldProblem[] {
  return problems.map((p) => ({ ...p, path: `${prefix}.${p.path}` }));
}

export function propose(ctx: OperationContext, actor: UserActor, input: ProposeInput): ChangeRequest {
  checkProposerLevel(ctx.db, ctx.scope, input);
  let itemId: number | null = null;
  let proposal: Partial<ItemFields> | LevelAvailability | null = null;
  if (input.kind === 'add' || input.kind === 'change') {
    if (input.kind === 'change') itemId = getItemRow(ctx.db, input.itemId).id;
    const problems = prefixed('item', itemReferenceProblems(ctx.db, input.item, itemId));
    const locked = itemId === null ? null : packsLockedProblem(ctx.db, itemId, itemFieldsOfRow(getItemRow(ctx.db, itemId)), input.item);
    if (locked) problems.push(...prefixed('item', [locked]));
    if (problems.length)
      throw new DomainError(
        problems.some((p) => p.path === 'item.insuranceCode') ? 'CONFLICT' : 'VALIDATION',
        problems[0]!.message,
        problems,
      );
    proposal = input.item;
  } else {
    itemId = getItemRow(ctx.db, input.itemId).id;
    if (input.kind === 'levels') {
      if (!input.levels.county && !input.levels.township && !input.levels.village) throw invalid('levels', '至少选择一个可使用层级');
      proposal = { levels: input.levels };
    }
  }
  const number = nextNumber(ctx.db, 'ML', communityYear(ctx.now));
  const row = prepared(
    ctx.db.$client,
    `INSERT INTO formulary_change_requests (number, kind, item_id, proposal, reason, status, proposed_by, proposer_unit_id, proposed_at, base_version)
     VALUES (?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?) RETURNING id`,
  ).get(
    number,
    input.kind,
    itemId,
    proposal ? JSON.stringify(proposal) : null,
    input.reason,
    actor.userId,
    actor.unitId,
    ctx.now.toISOString(),
    // The item's version this request was based on: a later decision can tell what changed since.
    itemId === null ? null : getItemRow(ctx.db, itemId).version,
  ) as {
    id: number;
  };
  ctx.audit({ target: `changeRequest:${number}`, summary: { proposed: { kind: input.kind, itemId, reason: input.reason, proposal } } });
  return getRequest(ctx.db, row.id);
}

type DecideInput = OpParsedInput<'changeRequest.decide'>;

/** Records the 药事会 decision; an approval applies the change as a new formulary version, atomically. */
export function decide(ctx: OperationContext, actor: UserActor, input: DecideInput): ChangeRequest {
  const request = requestRow(ctx.db, input.id);
  if (request.status !== 'submitted') throw conflict(`申请 ${request.number} 已${statusText(request.status)}，不能再决议`);
  let appliedVersion: number | null = null;
  let itemId = request.itemId;
  const overwritten = input.approve ? fieldsReverted(ctx.db, request) : [];
  if (overwritten.length > 0 && !input.confirmOverwrite) throw revertConflict(`申请 ${request.number} `, overwritten);
  if (input.approve) {
    appliedVersion = openVersion(ctx, `${request.number} ${KIND_TEXT[request.kind]}：${input.resolutionNo}`, request.id);
    itemId = applyChange(ctx, request, appliedVersion);
  }
  prepared(
    ctx.db.$client,
    `UPDATE formulary_change_requests SET status = ?, resolution_no = ?, resolution_date = ?, decided_by = ?, decided_at = ?,
     decision_note = ?, applied_version = ?, item_id = ? WHERE id = ?`,
  ).run(
    input.approve ? 'approved' : 'rejected',
    input.resolutionNo,
    input.resolutionDate,
    actor.userId,
    ctx.now.toISOString(),
    input.note,
    appliedVersion,
    itemId,
    request.id,
  );
  ctx.audit({
    target: `changeRequest:${request.number}`,
    summary: {
      decision: input.approve ? 'approved' : 'rejected',
      resolutionNo: input.resolutionNo,
      resolutionDate: input.resolutionDate,
      note: input.note,
      appliedVersion,
      // Fields changed since the proposal that the officer knowingly set back to the proposed values.
      ...(overwritten.length ? { overwritten: overwritten.map((f) => f.field) } : {}),
    },
  });
  return getRequest(ctx.db, request.id);
}

/** The fields an approval would set back: only `change` and `levels` carry field values. */
function fieldsReverted(db: Db, request: RequestRow) {
  if (request.itemId === null || !request.proposal || (request.kind !== 'change' && request.kind !== 'levels')) return [];
  return revertedFields(db, request.itemId, request.baseVersion, JSON.parse(request.proposal) as Partial<ItemFields>);
}

/** Applies an approved request; returns the item it touched (the new one for an addition). */
function applyChange(ctx: OperationContext, request: RequestRow, version: number): number {
  const proposal = request.proposal ? (JSON.parse(request.proposal) as Record<string, unknown>) : null;
  switch (request.kind) {
    case 'add':
      return createItem(ctx, proposal as ItemFields, version).id;
    case 'change':
      return updateItem(ctx, request.itemId!, proposal as ItemFields, version).id;
    case 'suspend':
      return setItemStatus(ctx, request.itemId!, 'suspended', version).id;
    case 'resume':
      return setItemStatus(ctx, request.itemId!, 'active', version).id;
    case 'retire':
      return setItemStatus(ctx, request.itemId!, 'retired', version).id;
    case 'levels':
      return setItemLevels(ctx, request.itemId!, (proposal as { levels: LevelAvailability }).levels, version).id;
    case 'batch':
      // A batch comes with its resolution and is applied when recorded (batch.ts); it is never pending.
      throw new Error(`batch request ${request.number} cannot be decided`);
  }
}

function statusText(status: ChangeRequest['status']): string {
  return { submitted: '提交', approved: '批准', rejected: '驳回', withdrawn: '撤回' }[status];
}

/** Only the proposer, only while the request awaits its decision. */
export function withdraw(ctx: OperationContext, actor: UserActor, id: number): ChangeRequest {
  const request = requestRow(ctx.db, id);
  if (request.proposedBy !== actor.userId) throw forbidden('只有申请人可以撤回申请');
  if (request.status !== 'submitted') throw conflict(`申请 ${request.number} 已${statusText(request.status)}，不能撤回`);
  prepared(ctx.db.$client, "UPDATE formulary_change_requests SET status = 'withdrawn' WHERE id = ?").run(id);
  ctx.audit({ target: `changeRequest:${request.number}`, summary: { withdrawn: true } });
  return getRequest(ctx.db, id);
}

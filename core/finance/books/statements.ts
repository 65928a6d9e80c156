import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import type { StatementDocument, StatementFigures, StatementView } from '../../api/books.js';
import type { StatementState } from '../../api/finance.js';
import type { OperationContext } from '../../context.js';
import { applyTransition, checkVersion, createDocument, documentEvents, loadDocument } from '../../documents/lifecycle.js';
import { conflict, invalid, notFound } from '../../errors.js';
import { communityDate } from '../../time.js';
import { settlementStatementType } from '../document-types.js';
import { categoryRows, isBalanced, monthFigures, sameFigures, unitFigures, ZERO_FIGURES } from './figures.js';

/**
 * 内部结算单 (JS): the centre issues a member's month — a snapshot of `figures.ts` — the member confirms it or
 * disputes it with a reason; the centre re-issues (the snapshot taken again) until it is confirmed. A confirmed
 * statement is posted and never changes. A statement whose snapshot no longer matches the books (an entry booked
 * in the month after issue) cannot be confirmed: the member would be confirming figures the books do not show.
 */

interface StatementRow extends StatementFigures {
  id: number;
  number: string;
  status: StatementState;
  version: number;
  unitId: number;
  unitName: string;
  month: string;
  memberNote: string;
  issuedAt: string;
  issuedBy: string;
}

const STATEMENT_SQL = `SELECT d.id, d.number, d.state AS status, d.version, s.unit_id AS unitId, u.name AS unitName, s.month,
    s.opening_micro AS openingMicro, s.received_micro AS receivedMicro, s.returned_micro AS returnedMicro,
    s.consumed_micro AS consumedMicro, s.adjusted_micro AS adjustedMicro, s.closing_micro AS closingMicro,
    s.centre_received_micro AS centreReceivedMicro, s.centre_returned_micro AS centreReturnedMicro, s.member_note AS memberNote,
    d.updated_at AS issuedAt, d.updated_by AS issuedBy
  FROM settlement_statements s JOIN documents d ON d.id = s.document_id JOIN units u ON u.id = s.unit_id`;

const STATE_LABELS = settlementStatementType.states as Record<string, { label: string }>;
const TRANSITION_LABELS: Record<string, string> = {
  create: '出具',
  ...Object.fromEntries(Object.entries(settlementStatementType.transitions).map(([k, t]) => [k, (t as { label: string }).label])),
};

export function figuresOf(row: StatementFigures): StatementFigures {
  const { openingMicro, receivedMicro, returnedMicro, consumedMicro, adjustedMicro, closingMicro, centreReceivedMicro, centreReturnedMicro } = row;
  return { openingMicro, receivedMicro, returnedMicro, consumedMicro, adjustedMicro, closingMicro, centreReceivedMicro, centreReturnedMicro };
}

function toDocument(db: Db, row: StatementRow): StatementDocument {
  const events = documentEvents(db, row.id);
  // Issued at / by: the last issue or re-issue; confirmed at / by: the confirm event.
  const issue = [...events].reverse().find((e) => e.transition === 'create' || e.transition === 'reissue');
  const confirm = events.find((e) => e.transition === 'confirm');
  return {
    ...row,
    statusLabel: STATE_LABELS[row.status]?.label ?? row.status,
    issuedAt: issue?.at ?? row.issuedAt,
    issuedBy: issue?.actorName ?? row.issuedBy,
    confirmedAt: confirm?.at ?? null,
    confirmedBy: confirm?.actorName ?? null,
    events: events.map((e) => ({
      version: e.version,
      transition: e.transition,
      transitionLabel: TRANSITION_LABELS[e.transition] ?? e.transition,
      toState: e.toState,
      toStateLabel: STATE_LABELS[e.toState]?.label ?? e.toState,
      actorName: e.actorName,
      at: e.at,
      reason: e.reason,
    })),
  };
}

export function readStatement(db: Db, id: number): StatementDocument {
  const row = prepared(db.$client, `${STATEMENT_SQL} WHERE s.document_id = ?`).get(id) as StatementRow | undefined;
  if (!row) throw notFound('内部结算单');
  return toDocument(db, row);
}

function statementOf(db: Db, unitId: number, month: string): StatementDocument | null {
  const row = prepared(db.$client, `${STATEMENT_SQL} WHERE s.unit_id = ? AND s.month = ?`).get(unitId, month) as StatementRow | undefined;
  return row ? toDocument(db, row) : null;
}

/** The live view of a unit's month, with the issued statement if there is one. */
export function statementView(db: Db, unitId: number, month: string): StatementView {
  const unit = prepared(db.$client, 'SELECT id, name FROM units WHERE id = ?').get(unitId) as { id: number; name: string } | undefined;
  if (!unit) throw notFound('单位');
  const figures = unitFigures(db, unitId, month);
  const statement = statementOf(db, unitId, month);
  return {
    ...figures,
    unitId,
    unitName: unit.name,
    month,
    byCategory: categoryRows(db, unitId, month),
    balanced: isBalanced(figures),
    statement,
    changedSinceIssue: statement !== null && !sameFigures(figuresOf(statement), figures),
  };
}

/** A month the centre can issue: not after the current one (the current month may be issued, and re-issued as it goes on). */
function checkMonth(ctx: OperationContext, month: string): void {
  const current = communityDate(ctx.now).slice(0, 7);
  if (month > current) throw invalid('month', `${month} 尚未到来，只能出具本月（${current}）及以前月份的内部结算单`);
}

interface MemberUnit {
  id: number;
  name: string;
}

/** The member units statements are issued to: active, not the lead hospital (whose books are the centre's). */
function memberUnits(db: Db): MemberUnit[] {
  return prepared(db.$client, 'SELECT id, name FROM units WHERE active = 1 AND is_lead = 0 ORDER BY level, code').all() as MemberUnit[];
}

function memberUnit(db: Db, unitId: number): MemberUnit {
  const unit = prepared(db.$client, 'SELECT id, name, is_lead AS isLead, active FROM units WHERE id = ?').get(unitId) as
    | (MemberUnit & { isLead: number; active: number })
    | undefined;
  if (!unit) throw invalid('unitId', '单位不存在');
  if (unit.isLead === 1) throw invalid('unitId', `${unit.name}是牵头医院，其账即中心账，不出具内部结算单`);
  if (unit.active !== 1) throw invalid('unitId', `${unit.name}已停用，不能出具内部结算单`);
  return unit;
}

const WRITE_FIGURES = `opening_micro = @openingMicro, received_micro = @receivedMicro, returned_micro = @returnedMicro,
  consumed_micro = @consumedMicro, adjusted_micro = @adjustedMicro, closing_micro = @closingMicro,
  centre_received_micro = @centreReceivedMicro, centre_returned_micro = @centreReturnedMicro`;

type IssueOutcome = { issued: true; statement: StatementDocument } | { issued: false; statement: StatementDocument };

/**
 * Issues (or re-issues) one unit's month from the books now. Unchanged and still 待确认: nothing to do; 已确认:
 * refused when asked for explicitly (`force`), skipped by issueAll; 有异议: re-issued on request even unchanged (the
 * centre answered the dispute), by issueAll only when the books changed.
 */
function issueOne(ctx: OperationContext, unit: MemberUnit, month: string, figures: StatementFigures, mode: 'single' | 'all'): IssueOutcome {
  const db = ctx.db;
  const existing = statementOf(db, unit.id, month);
  if (!existing) {
    const document = createDocument(ctx, settlementStatementType);
    prepared(
      db.$client,
      `INSERT INTO settlement_statements (document_id, unit_id, month, opening_micro, received_micro, returned_micro, consumed_micro,
         adjusted_micro, closing_micro, centre_received_micro, centre_returned_micro)
       VALUES (@id, @unitId, @month, @openingMicro, @receivedMicro, @returnedMicro, @consumedMicro, @adjustedMicro, @closingMicro,
         @centreReceivedMicro, @centreReturnedMicro)`,
    ).run({ id: document.id, unitId: unit.id, month, ...figures });
    return { issued: true, statement: readStatement(db, document.id) };
  }
  if (existing.status === 'confirmed') {
    if (mode === 'single') throw conflict(`${unit.name} ${month} 的内部结算单 ${existing.number} 已确认，不能重新出具`);
    return { issued: false, statement: existing };
  }
  const unchanged = sameFigures(figuresOf(existing), figures);
  if (unchanged && (existing.status === 'issued' || mode === 'all')) return { issued: false, statement: existing };
  prepared(db.$client, `UPDATE settlement_statements SET ${WRITE_FIGURES} WHERE document_id = @id`).run({ id: existing.id, ...figures });
  applyTransition(ctx, settlementStatementType, {
    id: existing.id,
    version: existing.version,
    transition: 'reissue',
    reason: unchanged ? '核对后原数据无误，重新出具' : '账面数据变动，重新出具',
  });
  return { issued: true, statement: readStatement(db, existing.id) };
}

export function issueStatement(ctx: OperationContext, unitId: number, month: string): StatementDocument {
  checkMonth(ctx, month);
  const unit = memberUnit(ctx.db, unitId);
  const outcome = issueOne(ctx, unit, month, unitFigures(ctx.db, unitId, month), 'single');
  // An unchanged 待确认 statement is left as it is, but the request is still on record (who asked, when).
  if (!outcome.issued) ctx.audit({ target: `settlement_statement:${outcome.statement.id}`, summary: { issue: outcome.statement.number, unchanged: true } });
  return outcome.statement;
}

/** Every active member unit's month, the figures read in one pass; confirmed and unchanged ones skipped. */
export function issueAllStatements(ctx: OperationContext, month: string): { month: string; issued: number; skipped: number; statements: StatementDocument[] } {
  checkMonth(ctx, month);
  const all = monthFigures(ctx.db, month);
  const statements: StatementDocument[] = [];
  let skipped = 0;
  for (const unit of memberUnits(ctx.db)) {
    const outcome = issueOne(ctx, unit, month, all.get(unit.id) ?? { ...ZERO_FIGURES }, 'all');
    if (outcome.issued) statements.push(outcome.statement);
    else skipped += 1;
  }
  // Audited even when nothing changed: the centre ran month-end for the month.
  ctx.audit({ target: `settlement_statement:${month}`, summary: { issueAll: month, issued: statements.map((s) => s.number), skipped } });
  return { month, issued: statements.length, skipped, statements };
}

function loadForMember(ctx: OperationContext, id: number, version: number): StatementDocument {
  const document = loadDocument(ctx.db, settlementStatementType, id);
  checkVersion(ctx.db, settlementStatementType, document, version);
  return readStatement(ctx.db, id);
}

/** The member confirms the month: refused when the books have moved since it was issued (re-issue first). */
export function confirmStatement(ctx: OperationContext, id: number, version: number, note: string | undefined): StatementDocument {
  const statement = loadForMember(ctx, id, version);
  // A month still running can take more entries after the member agrees to it, and a confirmed statement never
  // changes: only an ended month is confirmed (it may be issued and disputed while it runs, as a preview).
  const current = communityDate(ctx.now).slice(0, 7);
  if (statement.status === 'issued' && statement.month >= current) {
    throw invalid('id', `${statement.month} 尚未结束：内部结算单 ${statement.number} 须在月末后（下月起）确认，本月内可先核对或提出异议`);
  }
  if (statement.status === 'issued') {
    const now = unitFigures(ctx.db, statement.unitId, statement.month);
    if (!sameFigures(figuresOf(statement), now)) {
      throw conflict(`内部结算单 ${statement.number} 出具后账面已有变动，请通知中心重新出具后再确认`);
    }
  }
  const memberNote = note?.trim() ?? '';
  // The note is written before the transition posts the statement (a posted statement's row cannot change).
  if (statement.status === 'issued' && memberNote) prepared(ctx.db.$client, 'UPDATE settlement_statements SET member_note = ? WHERE document_id = ?').run(memberNote, id);
  applyTransition(ctx, settlementStatementType, { id, version, transition: 'confirm', reason: memberNote || null });
  return readStatement(ctx.db, id);
}

export function disputeStatement(ctx: OperationContext, id: number, version: number, note: string): StatementDocument {
  const statement = loadForMember(ctx, id, version);
  if (statement.status === 'issued') prepared(ctx.db.$client, 'UPDATE settlement_statements SET member_note = ? WHERE document_id = ?').run(note.trim(), id);
  applyTransition(ctx, settlementStatementType, { id, version, transition: 'dispute', reason: note.trim() });
  return readStatement(ctx.db, id);
}


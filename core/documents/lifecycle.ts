import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import type { DocumentSeries } from '../api/documents.js';
import type { Permission } from '../api/roles.js';
import type { Actor, OperationContext } from '../context.js';
import { conflict, DomainError, forbidden, invalid, notFound } from '../errors.js';
import { actorHas } from '../scope.js';
import { COMMUNITY_UTC_OFFSET_HOURS, communityYear } from '../time.js';
import { takeDocumentNumber } from './numbering.js';

/**
 * One lifecycle for every document type (采购订单, 入库验收单, 退货单 …): a type is a declaration — its states, its
 * transitions and who may take them, its number series — and its own rules and tables; this module does the part
 * they share: the number, the state machine, the optimistic version, posting, reversal, the events and the audit
 * entries, all inside the calling operation's one transaction. `documents` holds one lifecycle header per
 * document; the type's own header fields and lines live in its tables keyed by `document_id`.
 */

export interface StateDeclaration {
  /** 中文状态名, e.g. 草稿. */
  label: string;
  /** A posted state (已过账, 已冲销): the document and its rows are immutable from then on. */
  posted?: boolean;
}

export interface TransitionDeclaration<S extends string> {
  /** 中文动作名, e.g. 审核. */
  label: string;
  from: readonly S[];
  to: S;
  permission: Permission;
  /** Posts the document: the target state is a posted one (declared twice on purpose, checked at definition). */
  posts?: boolean;
}

export interface DocumentTypeDeclaration<S extends string, T extends string> {
  /** Identifier stored in `documents.type`: lower case and `_` (purchase_order). */
  type: string;
  /** 中文单据名, e.g. 采购订单. */
  label: string;
  series: DocumentSeries;
  states: Record<S, StateDeclaration>;
  /** The state a new document starts in; never a posted one. */
  initial: NoInfer<S>;
  /** Who may create one. */
  createPermission: Permission;
  transitions: Record<T, TransitionDeclaration<NoInfer<S>>>;
  /**
   * How a posted document is cancelled (冲销): the original takes `transition` (e.g. 冲销 → 已冲销) and a new
   * document of the same type, linked to it by `reverses_id`, is created directly in the posted `state`.
   */
  reversal?: { transition: NoInfer<T>; state: NoInfer<S> };
}

export type DocumentType<S extends string = string, T extends string = string> = Readonly<DocumentTypeDeclaration<S, T>>;

/** Checks a declaration once, at module load: a broken machine is a bug, not a user's mistake. */
export function defineDocumentType<S extends string, T extends string>(declaration: DocumentTypeDeclaration<S, T>): DocumentType<S, T> {
  const fail = (why: string) => {
    throw new Error(`document type ${declaration.type}: ${why}`);
  };
  const names = (value: string) => /^[a-z][a-z_]*$/.test(value);
  if (!names(declaration.type)) fail('type must be lower case letters and _');
  const states = declaration.states as Record<string, StateDeclaration>;
  const isPosted = (state: string) => states[state]?.posted === true;
  for (const state of Object.keys(states)) if (!names(state)) fail(`state ${state} must be lower case letters and _`);
  if (!(declaration.initial in states)) fail(`initial state ${declaration.initial} is not declared`);
  if (isPosted(declaration.initial)) fail('the initial state cannot be a posted one');
  for (const [name, t] of Object.entries(declaration.transitions) as [string, TransitionDeclaration<S>][]) {
    if (name === 'create' || name === REVERSAL_POSTED) fail(`"${name}" is the name of a lifecycle event`);
    if (!(t.to in states)) fail(`transition ${name} leads to undeclared state ${t.to}`);
    if (t.from.length === 0) fail(`transition ${name} has no from-state`);
    for (const from of t.from) {
      if (!(from in states)) fail(`transition ${name} starts from undeclared state ${from}`);
      if (isPosted(from) && !isPosted(t.to)) fail(`transition ${name} would take a posted document out of its posted states`);
    }
    const posts = t.from.some((from) => !isPosted(from)) && isPosted(t.to);
    if (Boolean(t.posts) !== posts) fail(`transition ${name}: posts must be ${posts} (to ${t.to} from ${t.from.join(', ')})`);
  }
  if (declaration.reversal) {
    const t = (declaration.transitions as Record<string, TransitionDeclaration<S>>)[declaration.reversal.transition];
    if (!t) fail(`reversal transition ${declaration.reversal.transition} is not declared`);
    else if (!t.from.every(isPosted)) fail('only posted documents are reversed: the reversal transition must start from posted states');
    if (!isPosted(declaration.reversal.state)) fail('a reversal document is created in a posted state');
  }
  return Object.freeze({ ...declaration });
}

/** The lifecycle header of one document, as a handler returns it inside its own document. */
/** The second event of a reversal document: its rows are written and it is marked posted (state unchanged). */
export const REVERSAL_POSTED = 'reversal_posted';

export interface DocumentHeader {
  id: number;
  type: string;
  number: string;
  state: string;
  stateLabel: string;
  version: number;
  posted: boolean;
  reversesId: number | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface DocumentEvent {
  version: number;
  transition: string;
  fromState: string | null;
  toState: string;
  actorName: string;
  at: string;
  reason: string | null;
}

const HEADER_COLUMNS = `id, type, number, state, version, posted, reverses_id AS reversesId, created_at AS createdAt,
  created_by AS createdBy, updated_at AS updatedAt, updated_by AS updatedBy`;

type HeaderRow = Omit<DocumentHeader, 'stateLabel' | 'posted'> & { posted: number };

function toHeader(docType: DocumentType, row: HeaderRow): DocumentHeader {
  const states = docType.states as Record<string, StateDeclaration>;
  return { ...row, posted: row.posted === 1, stateLabel: states[row.state]?.label ?? row.state };
}

/** A document of this type, or NOT_FOUND (a document of another type is not found either). */
export function loadDocument(db: Db, docType: DocumentType, id: number): DocumentHeader {
  const row = prepared(db.$client, `SELECT ${HEADER_COLUMNS} FROM documents WHERE id = ? AND type = ?`).get(id, docType.type) as HeaderRow | undefined;
  if (!row) throw notFound(docType.label);
  return toHeader(docType, row);
}

/** A document's lifecycle events, oldest first. */
export function documentEvents(db: Db, id: number): DocumentEvent[] {
  return prepared(
    db.$client,
    `SELECT version, transition, from_state AS fromState, to_state AS toState, actor_name AS actorName, at, reason
     FROM document_events WHERE document_id = ? ORDER BY version`,
  ).all(id) as DocumentEvent[];
}

function requireActor(ctx: OperationContext, permission: Permission, what: string): Actor {
  if (!ctx.actor || !actorHas(ctx.actor, permission)) throw forbidden(`没有权限${what}`);
  return ctx.actor;
}

const actorUserId = (actor: Actor) => (actor.kind === 'user' ? actor.userId : null);

/** An instant as the community reads it: 2026-12-01 18:30 (China time). */
export function communityDateTime(iso: string): string {
  return new Date(Date.parse(iso) + COMMUNITY_UTC_OFFSET_HOURS * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function recordEvent(ctx: OperationContext, actor: Actor, event: Omit<DocumentEvent, 'actorName' | 'at'> & { documentId: number }): void {
  prepared(
    ctx.db.$client,
    `INSERT INTO document_events (document_id, version, transition, from_state, to_state, actor_name, actor_user_id, at, reason)
     VALUES (@documentId, @version, @transition, @fromState, @toState, @actorName, @actorUserId, @at, @reason)`,
  ).run({ ...event, actorName: actor.username, actorUserId: actorUserId(actor), at: ctx.now.toISOString() });
}

function insertHeader(ctx: OperationContext, docType: DocumentType, actor: Actor, state: string, reversesId: number | null): number {
  const year = communityYear(ctx.now);
  const { seq, number } = takeDocumentNumber(ctx.db, docType.series, year);
  const at = ctx.now.toISOString();
  const result = prepared(
    ctx.db.$client,
    `INSERT INTO documents (type, series, year, seq, number, state, version, posted, reverses_id, created_at, created_by,
       created_by_user_id, updated_at, updated_by)
     VALUES (@type, @series, @year, @seq, @number, @state, 1, 0, @reversesId, @at, @by, @userId, @at, @by)`,
  ).run({ type: docType.type, series: docType.series, year, seq, number, state, reversesId, at, by: actor.username, userId: actorUserId(actor) });
  return Number(result.lastInsertRowid);
}

/**
 * Creates a document of this type in its initial state with the next number of its series and year (taken in
 * this transaction: a rollback gives it back), its first event and an audit entry. The handler then writes the
 * type's own header row and lines with the returned id.
 */
export function createDocument(ctx: OperationContext, docType: DocumentType, options: { reason?: string } = {}): DocumentHeader {
  const actor = requireActor(ctx, docType.createPermission, `新建${docType.label}`);
  const id = insertHeader(ctx, docType, actor, docType.initial, null);
  recordEvent(ctx, actor, { documentId: id, version: 1, transition: 'create', fromState: null, toState: docType.initial, reason: options.reason ?? null });
  const created = loadDocument(ctx.db, docType, id);
  ctx.audit({ target: `${docType.type}:${created.number}`, summary: { transition: 'create', to: docType.initial, version: 1, reason: options.reason ?? null } });
  return created;
}

/** Refuses a stale version with CONFLICT naming who changed the document when. */
export function checkVersion(db: Db, docType: DocumentType, document: DocumentHeader, version: number): void {
  if (document.version === version) return;
  const message =
    version < document.version
      ? `${docType.label} ${document.number} 已被 ${document.updatedBy} 于 ${communityDateTime(document.updatedAt)} 修改（当前版本 ${document.version}，您提交的是版本 ${version}），请刷新后重试`
      : `${docType.label} ${document.number} 没有版本 ${version}（当前版本 ${document.version}），请刷新后重试`;
  throw new DomainError('CONFLICT', message, [{ path: 'version', message }]);
}

/**
 * An edit of a document that is not posted (a draft written again whole): the version goes up by one, with an
 * `edit` event and an audit entry; the state stays. The caller has checked the state and the version it read
 * (`checkVersion`); the UPDATE says so again, so an edit can never slip past either.
 */
export function reviseDocument(ctx: OperationContext, docType: DocumentType, document: DocumentHeader, version: number, summary: Record<string, unknown>): void {
  const actor = ctx.actor;
  if (!actor) throw new Error('reviseDocument needs a caller');
  const changed = prepared(
    ctx.db.$client,
    `UPDATE documents SET version = version + 1, updated_at = @at, updated_by = @by WHERE id = @id AND version = @version AND posted = 0`,
  ).run({ at: ctx.now.toISOString(), by: actor.username, id: document.id, version });
  if (changed.changes !== 1) throw new Error(`${docType.type} ${document.id} changed under its own transaction`);
  recordEvent(ctx, actor, { documentId: document.id, version: version + 1, transition: 'edit', fromState: document.state, toState: document.state, reason: null });
  ctx.audit({ target: `${docType.type}:${document.number}`, summary: { transition: 'edit', version: version + 1, ...summary } });
}

export interface TransitionRequest<T extends string> {
  id: number;
  /** The version the caller read. */
  version: number;
  transition: T;
  reason?: string | null;
}

export interface TransitionResult {
  document: DocumentHeader;
  from: string;
  to: string;
  /** The transition posted the document (the handler writes its moves or postings in the same transaction). */
  posted: boolean;
}

/**
 * Applies a declared transition in the current transaction: the permission, an allowed from-state and the
 * caller's version are checked (in that order), the version goes up by one, the event and the audit entry are
 * recorded. A document entering a posted state is marked posted for good.
 */
export function applyTransition<S extends string, T extends string>(
  ctx: OperationContext,
  docType: DocumentType<S, T>,
  request: TransitionRequest<T>,
): TransitionResult {
  const t = (docType.transitions as Record<string, TransitionDeclaration<S>>)[request.transition];
  if (!t) throw new Error(`document type ${docType.type} has no transition ${request.transition}`);
  const actor = requireActor(ctx, t.permission, `${t.label}${docType.label}`);
  const document = loadDocument(ctx.db, docType, request.id);
  const states = docType.states as Record<string, StateDeclaration>;
  if (!(t.from as readonly string[]).includes(document.state)) {
    const allowed = t.from.map((s) => states[s]!.label).join('、');
    throw conflict(`${docType.label} ${document.number} 当前为「${document.stateLabel}」，不能${t.label}（仅「${allowed}」的${docType.label}可以${t.label}）`);
  }
  checkVersion(ctx.db, docType, document, request.version);
  const to = t.to as string;
  const posted = document.posted || states[to]!.posted === true;
  const at = ctx.now.toISOString();
  const changed = prepared(
    ctx.db.$client,
    `UPDATE documents SET state = @to, version = version + 1, posted = @posted, updated_at = @at, updated_by = @by
     WHERE id = @id AND version = @version`,
  ).run({ to, posted: posted ? 1 : 0, at, by: actor.username, id: document.id, version: request.version });
  if (changed.changes !== 1) throw new Error(`document ${document.id} changed under its own transaction`);
  const reason = request.reason ?? null;
  recordEvent(ctx, actor, { documentId: document.id, version: request.version + 1, transition: request.transition, fromState: document.state, toState: to, reason });
  ctx.audit({
    target: `${docType.type}:${document.number}`,
    summary: { transition: request.transition, from: document.state, to, version: request.version + 1, reason },
  });
  return { document: loadDocument(ctx.db, docType, document.id), from: document.state, to, posted: Boolean(t.posts) };
}

/**
 * 冲销: cancels a posted document by appending a reversing one, never by editing it. The original takes the
 * declared reversal transition (permission, state and version checked as for any transition); a new document of
 * the same type with the next number is created, linked by `reverses_id`, and `writeReversal` writes its own rows
 * (negated lines, reversing moves) while it is not yet marked posted; then it enters the declared posted state.
 * Both are immutable from then on. A reason is required.
 */
export function reverseDocument<S extends string, T extends string>(
  ctx: OperationContext,
  docType: DocumentType<S, T>,
  request: { id: number; version: number; reason: string },
  writeReversal?: (reversal: DocumentHeader, original: DocumentHeader) => void,
): { original: DocumentHeader; reversal: DocumentHeader } {
  if (!docType.reversal) throw new Error(`document type ${docType.type} declares no reversal`);
  const reason = request.reason.trim();
  if (!reason) throw invalid('reason', `冲销${docType.label}须填写原因`);
  const { document: original } = applyTransition(ctx, docType, { id: request.id, version: request.version, transition: docType.reversal.transition, reason });
  const actor = ctx.actor!;
  const state = docType.reversal.state as string;
  const id = insertHeader(ctx, docType, actor, state, original.id);
  recordEvent(ctx, actor, { documentId: id, version: 1, transition: 'create', fromState: null, toState: state, reason });
  writeReversal?.(loadDocument(ctx.db, docType, id), original);
  prepared(ctx.db.$client, `UPDATE documents SET posted = 1, version = version + 1 WHERE id = ? AND posted = 0`).run(id);
  recordEvent(ctx, actor, { documentId: id, version: 2, transition: REVERSAL_POSTED, fromState: state, toState: state, reason });
  const reversal = loadDocument(ctx.db, docType, id);
  ctx.audit({ target: `${docType.type}:${reversal.number}`, summary: { transition: 'create', reverses: original.number, to: state, version: 2, reason } });
  return { original, reversal };
}

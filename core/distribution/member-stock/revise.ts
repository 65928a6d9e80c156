import { prepared } from '../../../db/statements.js';
import type { Actor, OperationContext } from '../../context.js';
import { checkVersion, loadDocument, type DocumentHeader, type DocumentType } from '../../documents/lifecycle.js';
import { conflict } from '../../errors.js';

/** Shared by 盘点单 and 消耗出库单: editing a document that is not posted, as stockAdjustment.update does. */

const actorUserId = (actor: Actor) => (actor.kind === 'user' ? actor.userId : null);

/** The document in one of `editable` states at the version the caller read (CONFLICT otherwise). */
export function requireEditable(ctx: OperationContext, docType: DocumentType, id: number, version: number, editable: readonly string[], action: string): DocumentHeader {
  const document = loadDocument(ctx.db, docType, id);
  if (!editable.includes(document.state)) {
    throw conflict(`${docType.label} ${document.number} 当前为「${document.stateLabel}」，不能${action}`);
  }
  checkVersion(ctx.db, docType, document, version);
  return document;
}

/** An edit: the version goes up by one, with an `edit` event and an audit entry; the state stays. */
export function reviseDocument(ctx: OperationContext, docType: DocumentType, document: DocumentHeader, version: number, summary: Record<string, unknown>): void {
  const actor = ctx.actor!;
  const at = ctx.now.toISOString();
  const changed = prepared(
    ctx.db.$client,
    `UPDATE documents SET version = version + 1, updated_at = @at, updated_by = @by WHERE id = @id AND version = @version AND posted = 0`,
  ).run({ at, by: actor.username, id: document.id, version });
  if (changed.changes !== 1) throw new Error(`document ${document.id} changed under its own transaction`);
  prepared(
    ctx.db.$client,
    `INSERT INTO document_events (document_id, version, transition, from_state, to_state, actor_name, actor_user_id, at, reason)
     VALUES (@id, @version, 'edit', @state, @state, @by, @userId, @at, NULL)`,
  ).run({ id: document.id, version: version + 1, state: document.state, by: actor.username, userId: actorUserId(actor), at });
  ctx.audit({ target: `${docType.type}:${document.number}`, summary: { transition: 'edit', version: version + 1, ...summary } });
}

/** The events with their labels and the people by display name (events keep the username they acted under). */
export function labelledEvents(
  db: OperationContext['db'],
  docType: DocumentType,
  events: { version: number; transition: string; fromState: string | null; toState: string; actorName: string; at: string; reason: string | null }[],
  id: number,
) {
  const transitions = docType.transitions as Record<string, { label: string }>;
  const names: Record<string, string> = { create: '新建', edit: '修改', reversal_posted: '冲销过账' };
  const displayNames = new Map(
    (prepared(db.$client, 'SELECT DISTINCT e.actor_name AS username, u.display_name AS name FROM document_events e JOIN users u ON u.id = e.actor_user_id WHERE e.document_id = ?').all(id) as {
      username: string;
      name: string;
    }[]).map((r) => [r.username, r.name]),
  );
  return events.map((e) => ({ ...e, actorName: displayNames.get(e.actorName) ?? e.actorName, transitionLabel: transitions[e.transition]?.label ?? names[e.transition] ?? e.transition }));
}

import { prepared } from '../../../db/statements.js';
import type { OperationContext } from '../../context.js';
import { checkVersion, loadDocument, type DocumentHeader, type DocumentType } from '../../documents/lifecycle.js';
import { conflict } from '../../errors.js';

/** Shared by 盘点单 and 消耗出库单: the state and version checks before an edit (then the lifecycle's reviseDocument). */


/** The document in one of `editable` states at the version the caller read (CONFLICT otherwise). */
export function requireEditable(ctx: OperationContext, docType: DocumentType, id: number, version: number, editable: readonly string[], action: string): DocumentHeader {
  const document = loadDocument(ctx.db, docType, id);
  if (!editable.includes(document.state)) {
    throw conflict(`${docType.label} ${document.number} 当前为「${document.stateLabel}」，不能${action}`);
  }
  checkVersion(ctx.db, docType, document, version);
  return document;
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

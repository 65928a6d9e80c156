import { prepared } from '../../db/statements.js';
import { contractByName, type AuditEntry, type OpOutput } from '../api/index.js';
import { describeAuditSummary } from '../audit/describe.js';
import type { OperationContext } from '../context.js';
import type { StateDeclaration, TransitionDeclaration } from '../documents/lifecycle.js';
import { notFound } from '../errors.js';
import { LEDGER_DOCUMENT_TYPES } from './procurement.js';

/**
 * 廉政风险 trace of one ledger document: its lifecycle steps (document_events: who, when, from which state to which,
 * with the reason) and every audit-log entry whose target is the document (`<type>:<number>`, as core/documents
 * writes it), oldest first, with the hash that `audit verify` checks. Only the ledger's four document types.
 *
 * audit_log has no index on `target`: the entries are read from the document's creation on (`audit_log_at_idx`),
 * so the scan covers the log written since the document was made.
 */
const TYPES = new Map(Object.values(LEDGER_DOCUMENT_TYPES).map((t) => [t.type, t]));

interface DocumentRow {
  id: number;
  type: string;
  number: string;
  state: string;
  createdAt: string;
  createdBy: string;
  createdByName: string | null;
  reverses: string | null;
  reversedBy: string | null;
}

export function ledgerTrace(ctx: OperationContext, documentId: number): OpOutput<'ledger.trace'> {
  const sqlite = ctx.db.$client;
  const doc = prepared(
    sqlite,
    `SELECT d.id, d.type, d.number, d.state, d.created_at AS createdAt, d.created_by AS createdBy, u.display_name AS createdByName,
            o.number AS reverses, r.number AS reversedBy
       FROM documents d
       LEFT JOIN users u ON u.id = d.created_by_user_id
       LEFT JOIN documents o ON o.id = d.reverses_id
       LEFT JOIN documents r ON r.reverses_id = d.id
      WHERE d.id = ?`,
  ).get(documentId) as DocumentRow | undefined;
  const docType = doc && TYPES.get(doc.type);
  if (!doc || !docType) throw notFound('台账单据');
  const states = docType.states as Record<string, StateDeclaration>;
  const transitions = docType.transitions as Record<string, TransitionDeclaration<string>>;
  const label = (state: string | null) => (state === null ? null : (states[state]?.label ?? state));

  const events = (
    prepared(
      sqlite,
      `SELECT e.version, e.transition, e.from_state AS fromState, e.to_state AS toState,
              CASE WHEN u.display_name IS NULL THEN e.actor_name ELSE u.display_name || '（' || e.actor_name || '）' END AS actorName, e.at, e.reason
         FROM document_events e LEFT JOIN users u ON u.id = e.actor_user_id
        WHERE e.document_id = ? ORDER BY e.version`,
    ).all(doc.id) as { version: number; transition: string; fromState: string | null; toState: string; actorName: string; at: string; reason: string | null }[]
  ).map((e) => ({
    version: e.version,
    transition: e.transition,
    transitionLabel: e.transition === 'create' ? '创建' : (transitions[e.transition]?.label ?? e.transition),
    fromStateLabel: label(e.fromState),
    toStateLabel: label(e.toState) ?? e.toState,
    actorName: e.actorName,
    at: e.at,
    reason: e.reason,
  }));

  const audit: AuditEntry[] = (
    prepared(
      sqlite,
      `SELECT a.seq, a.at, a.user_id AS userId, a.username, a.unit_id AS unitId, COALESCE(u.name, '') AS unitName,
              a.operation, a.target, a.summary, a.hash
         FROM audit_log a LEFT JOIN units u ON u.id = a.unit_id
        WHERE a.at >= @since AND a.target = @target ORDER BY a.seq`,
    ).all({ since: doc.createdAt, target: `${doc.type}:${doc.number}` }) as Omit<AuditEntry, 'summaryText' | 'operationTitle'>[]
  ).map((r) => ({ ...r, summaryText: describeAuditSummary(r.summary), operationTitle: contractByName.get(r.operation)?.title ?? r.operation }));

  return {
    document: {
      id: doc.id,
      number: doc.number,
      typeLabel: docType.label,
      stateLabel: label(doc.state) ?? doc.state,
      createdBy: doc.createdByName ?? doc.createdBy,
      createdAt: doc.createdAt,
      reverses: doc.reverses,
      reversedBy: doc.reversedBy,
    },
    events,
    audit,
  };
}

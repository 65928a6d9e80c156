import { contractByName } from '../api/index.js';
import type { AuditEntry } from '../api/audit.js';
import type { HandlerMap } from '../handler.js';
import { verifyAuditChain } from './chain.js';
import { describeAuditSummary } from './describe.js';

interface AuditRow {
  seq: number;
  at: string;
  userId: number | null;
  username: string;
  unitId: number | null;
  unitName: string | null;
  operation: string;
  target: string;
  summary: string;
  hash: string;
}

/** A `to` date alone (YYYY-MM-DD) means through the end of that day. */
const endOf = (to: string) => (/^\d{4}-\d{2}-\d{2}$/.test(to) ? `${to}T23:59:59.999Z` : to);

export const auditHandlers: HandlerMap<'audit.list' | 'audit.verify'> = {
  'audit.list': (ctx, { from, to, operation, username, limit }) => {
    const conditions: [string, string, string | undefined][] = [
      ['a.at >= @from', 'from', from],
      ['a.at <= @to', 'to', to && endOf(to)],
      ['a.operation = @operation', 'operation', operation],
      ['a.username = @username', 'username', username],
    ];
    const params: Record<string, string | number> = { limit };
    const where: string[] = [];
    for (const [condition, key, value] of conditions) {
      if (!value) continue;
      where.push(condition);
      params[key] = value;
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const sqlite = ctx.db.$client;
    const total = (sqlite.prepare(`SELECT count(*) AS n FROM audit_log a ${clause}`).get(params) as { n: number }).n;
    const rows = sqlite
      .prepare(
        `SELECT a.seq, a.at, a.user_id AS userId, a.username, a.unit_id AS unitId, u.name AS unitName,
                a.operation, a.target, a.summary, a.hash
           FROM audit_log a LEFT JOIN units u ON u.id = a.unit_id ${clause}
          ORDER BY a.seq DESC LIMIT @limit`,
      )
      .all(params) as AuditRow[];
    const entries: AuditEntry[] = rows.map((r) => ({
      ...r,
      unitName: r.unitName ?? '',
      summaryText: describeAuditSummary(r.summary),
      operationTitle: contractByName.get(r.operation)?.title ?? r.operation,
    }));
    return { entries, total };
  },

  'audit.verify': (ctx) => verifyAuditChain(ctx.db.$client),
};

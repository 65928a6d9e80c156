import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import { ALERT_CHANNEL_LABELS, ALERT_KIND_LABELS, type AlertChannel, type AlertKind, type AlertRow, type AlertSeverity } from '../api/alerts.js';
import type { Permission } from '../api/roles.js';
import type { CallerScope } from '../context.js';

/**
 * Who sees an alert: a user whose role holds the alert's permission; a unit-confined caller (成员单位药师) only the
 * alerts of their own units — never the community-wide ones (unit_id NULL). The same filter for the list, the
 * bell's count and marking read, so nothing can be marked that cannot be seen.
 */
export interface Viewer {
  userId: number;
  permissions: readonly Permission[];
  scope: CallerScope;
}

function visibleWhere(viewer: Viewer): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = { perms: JSON.stringify(viewer.permissions), userId: viewer.userId };
  let sql = 'a.permission IN (SELECT value FROM json_each(@perms))';
  if (viewer.scope.units !== null) {
    sql += ' AND a.unit_id IN (SELECT value FROM json_each(@units))';
    params.units = JSON.stringify(viewer.scope.units);
  }
  return { sql, params };
}

const READ_SQL = 'EXISTS (SELECT 1 FROM alert_reads r WHERE r.alert_id = a.id AND r.user_id = @userId)';

interface RawAlert {
  id: number;
  key: string;
  kind: AlertKind;
  severity: AlertSeverity;
  unitId: number | null;
  unitName: string | null;
  permission: Permission;
  title: string;
  action: string;
  link: string;
  data: string;
  raisedAt: string;
  resolvedAt: string | null;
  read: number;
}

export function listAlerts(
  db: Db,
  viewer: Viewer,
  filter: { status: 'open' | 'resolved' | 'unread' | 'all'; kind?: AlertKind | undefined; page: number; pageSize: number },
): { alerts: AlertRow[]; total: number; unread: number } {
  const { sql, params } = visibleWhere(viewer);
  const where = [sql];
  if (filter.status === 'open' || filter.status === 'unread') where.push('a.resolved_at IS NULL');
  if (filter.status === 'resolved') where.push('a.resolved_at IS NOT NULL');
  if (filter.status === 'unread') where.push(`NOT ${READ_SQL}`);
  if (filter.kind) {
    where.push('a.kind = @kind');
    params.kind = filter.kind;
  }
  const whereSql = where.join(' AND ');
  const total = (db.$client.prepare(`SELECT COUNT(*) AS n FROM alerts a WHERE ${whereSql}`).get(params) as { n: number }).n;
  // Unread and critical first, then the newest.
  const rows = db.$client
    .prepare(
      `SELECT a.id, a.key, a.kind, a.severity, a.unit_id AS unitId, u.name AS unitName, a.permission, a.title, a.action, a.link, a.data,
              a.raised_at AS raisedAt, a.resolved_at AS resolvedAt, ${READ_SQL} AS read
         FROM alerts a LEFT JOIN units u ON u.id = a.unit_id
        WHERE ${whereSql}
        ORDER BY read, CASE a.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, a.raised_at DESC, a.id DESC
        LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: filter.pageSize, offset: (filter.page - 1) * filter.pageSize }) as RawAlert[];
  return {
    alerts: rows.map((r) => ({
      ...r,
      kindLabel: ALERT_KIND_LABELS[r.kind],
      data: JSON.parse(r.data) as Record<string, unknown>,
      read: r.read === 1,
    })),
    total,
    unread: unreadCount(db, viewer),
  };
}

/** The bell's count, polled by every signed-in user each minute: open alerts_open_idx (resolved_at, permission) rows. */
export function unreadCountQuery(viewer: Viewer): { sql: string; params: Record<string, unknown> } {
  const { sql, params } = visibleWhere(viewer);
  return { sql: `SELECT COUNT(*) AS n FROM alerts a WHERE ${sql} AND a.resolved_at IS NULL AND NOT ${READ_SQL}`, params };
}

export function unreadCount(db: Db, viewer: Viewer): number {
  const { sql, params } = unreadCountQuery(viewer);
  return (db.$client.prepare(sql).get(params) as { n: number }).n;
}

/** Marks read those of `ids` (or, with null, every open unread one) the viewer can see; returns how many were new. */
export function markRead(db: Db, viewer: Viewer, ids: readonly number[] | null, now: Date): number {
  const { sql, params } = visibleWhere(viewer);
  const idFilter = ids === null ? 'a.resolved_at IS NULL' : 'a.id IN (SELECT value FROM json_each(@ids))';
  const result = db.$client
    .prepare(
      `INSERT OR IGNORE INTO alert_reads (alert_id, user_id, read_at)
       SELECT a.id, @userId, @at FROM alerts a WHERE ${sql} AND ${idFilter} AND NOT ${READ_SQL}`,
    )
    .run({ ...params, ids: JSON.stringify(ids ?? []), at: now.toISOString() });
  return result.changes;
}

export function recentDeliveries(db: Db, limit = 30) {
  return (
    prepared(
      db.$client,
      `SELECT d.id, d.alert_id AS alertId, a.title AS alertTitle, d.channel, d.target, d.status, d.error, d.at
         FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id ORDER BY d.id DESC LIMIT ?`,
    ).all(limit) as { id: number; alertId: number; alertTitle: string; channel: AlertChannel; target: string; status: 'sent' | 'failed'; error: string; at: string }[]
  ).map((d) => ({ ...d, channelLabel: ALERT_CHANNEL_LABELS[d.channel] }));
}

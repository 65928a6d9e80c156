import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import { ALERT_KINDS, type AlertScanSummary } from '../api/alerts.js';
import { inTransaction } from '../transaction.js';
import { enabledChannels, pushDigest, type PushedAlert, type PushResult } from './channels.js';
import { alertSettings, type AlertSettings } from './settings.js';
import { ALERT_SOURCES } from './sources/index.js';
import type { AlertCondition, AlertSource } from './sources/types.js';

export interface RaisedAlert extends PushedAlert {
  key: string;
}

interface OpenRow {
  id: number;
  key: string;
}

/**
 * The alerts' one write step, in one transaction: every condition that holds now and has no open alert is raised
 * as a new row (a key resolved earlier and holding again is a new episode under the same key, so the earlier one
 * keeps when it was raised, resolved and read); open alerts whose condition no longer holds are resolved
 * (resolved_at); the rest keep their row and read marks, with title and figures brought up to date. Returns the
 * raised ones.
 */
export function recordConditions(db: Db, conditions: readonly AlertCondition[], now: Date): { raised: RaisedAlert[]; resolved: number; open: number } {
  const sqlite = db.$client;
  const at = now.toISOString();
  return inTransaction(sqlite, true, () => {
    const existing = new Map((prepared(sqlite, 'SELECT id, key FROM alerts WHERE resolved_at IS NULL').all() as OpenRow[]).map((r) => [r.key, r]));
    const holding = new Set<string>();
    const raised: RaisedAlert[] = [];
    const insert = prepared(
      sqlite,
      `INSERT INTO alerts (key, kind, severity, unit_id, permission, title, action, link, data, raised_at)
       VALUES (@key, @kind, @severity, @unitId, @permission, @title, @action, @link, @data, @at)`,
    );
    const refresh = prepared(sqlite, 'UPDATE alerts SET severity = @severity, title = @title, action = @action, link = @link, data = @data WHERE id = @id');
    for (const c of conditions) {
      if (holding.has(c.key)) continue;
      holding.add(c.key);
      const values = { key: c.key, kind: c.kind, severity: c.severity, unitId: c.unitId, permission: c.permission, title: c.title, action: c.action, link: c.link, data: JSON.stringify(c.data), at };
      const row = existing.get(c.key);
      if (row) {
        refresh.run({ ...values, id: row.id });
        continue;
      }
      const id = Number(insert.run(values).lastInsertRowid);
      raised.push({ id, key: c.key, kind: c.kind, severity: c.severity, title: c.title, action: c.action, link: c.link });
    }
    let resolved = 0;
    const resolve = prepared(sqlite, 'UPDATE alerts SET resolved_at = ? WHERE id = ?');
    for (const row of existing.values()) {
      if (holding.has(row.key)) continue;
      resolve.run(at, row.id);
      resolved += 1;
    }
    return { raised, resolved, open: holding.size };
  });
}

/** Appends one delivery row per alert of a push (append-only table), in its own short transaction. */
export function recordDeliveries(db: Db, alerts: readonly { id: number }[], result: PushResult, now: Date): void {
  const sqlite = db.$client;
  inTransaction(sqlite, true, () => {
    const insert = prepared(sqlite, 'INSERT INTO alert_deliveries (alert_id, channel, target, status, error, at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const a of alerts) insert.run(a.id, result.channel, result.target, result.ok ? 'sent' : 'failed', result.error, now.toISOString());
  });
}

/** Pushes the raised alerts of the kinds the settings push to every enabled channel, outside any transaction. */
export async function pushRaised(db: Db, settings: AlertSettings, raised: readonly RaisedAlert[], now: Date): Promise<AlertScanSummary['deliveries']> {
  const pushed = raised.filter((a) => settings.kinds.includes(a.kind));
  if (pushed.length === 0) return [];
  const results = await Promise.all(enabledChannels(settings).map((channel) => pushDigest(channel, settings, pushed, now)));
  for (const result of results) recordDeliveries(db, pushed, result, now);
  return results.map((r) => ({ channel: r.channel, target: r.target, alerts: pushed.length, ok: r.ok, error: r.error }));
}

export interface ScanOptions {
  /** Replace the sources (tests). */
  sources?: readonly AlertSource[];
}

/**
 * One scan: compute every condition that holds at `now`, record them in one transaction (raise new, resolve
 * gone), then — outside the transaction, network I/O never inside one — push the newly raised to every configured
 * channel, each push recorded in alert_deliveries. A failing channel is recorded as failed and never fails the scan.
 */
export async function scanAlerts(db: Db, now: Date, options: ScanOptions = {}): Promise<AlertScanSummary & { raisedAlerts: RaisedAlert[] }> {
  const { settings } = alertSettings(db);
  const sources = options.sources ?? ALERT_SOURCES;
  // The sources read; a snapshot of one instant, so the conditions agree with each other.
  const conditions = inTransaction(db.$client, false, () => sources.flatMap((source) => source({ db, now, settings })));
  const { raised, resolved, open } = recordConditions(db, conditions, now);
  const byKind: Record<string, number> = Object.fromEntries(ALERT_KINDS.map((k) => [k, 0]));
  for (const c of conditions) byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
  const deliveries = await pushRaised(db, settings, raised, now);
  return { raised: raised.length, resolved, open, byKind, deliveries, raisedAlerts: raised };
}

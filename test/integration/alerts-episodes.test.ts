import { afterAll, describe, expect, it } from 'vitest';
import { scanAlerts } from '../../core/alerts/scan.js';
import type { AlertCondition, AlertSource } from '../../core/alerts/sources/types.js';
import { initialised, ok, userWithSession } from '../support/db.js';

/**
 * An alert's episodes: a condition that holds, stops holding and holds again is two alerts under one key — the
 * first keeps when it was raised, resolved and read; the second is raised, unread, as a new row. While it holds,
 * scans refresh the one open row instead of raising it again.
 */
const env = await initialised();
afterAll(() => env.dispose());

const leadId = (await ok(env.db, 'unit.list', {}, { sessionToken: env.admin })).units[0]!.id;
const officer = { sessionToken: (await userWithSession(env.db, env.admin, { username: 'yaoshi', displayName: '李药师', role: 'pharmacy_officer', unitId: leadId })).token };

const condition = (title: string): AlertCondition => ({
  key: 'licence_expiry:test',
  kind: 'licence_expiry',
  severity: 'warning',
  unitId: null,
  permission: 'supplier.read',
  title,
  action: '请联系供应商更新证照',
  link: '/suppliers',
  data: {},
});
/** A source that holds the condition when `holding` says so. */
let holding: AlertCondition | null = null;
const sources: AlertSource[] = [() => (holding ? [holding] : [])];
const rows = () =>
  env.db.$client.prepare("SELECT id, title, raised_at AS raisedAt, resolved_at AS resolvedAt FROM alerts WHERE key = 'licence_expiry:test' ORDER BY id").all() as {
    id: number;
    title: string;
    raisedAt: string;
    resolvedAt: string | null;
  }[];

describe('alert episodes', () => {
  it('raises once while the condition holds, resolves it, and raises a second episode as a new row when it holds again', async () => {
    const t1 = new Date('2026-11-02T01:00:00Z');
    const t2 = new Date('2026-11-03T01:00:00Z');
    const t3 = new Date('2026-11-10T01:00:00Z');
    const t4 = new Date('2026-11-20T01:00:00Z');

    holding = condition('证照 10 天后到期');
    expect((await scanAlerts(env.db, t1, { sources })).raised).toBe(1);
    holding = condition('证照 9 天后到期');
    expect(await scanAlerts(env.db, t2, { sources })).toMatchObject({ raised: 0, resolved: 0, open: 1 });
    expect(rows()).toEqual([{ id: expect.any(Number), title: '证照 9 天后到期', raisedAt: t1.toISOString(), resolvedAt: null }]);
    await ok(env.db, 'alert.markRead', { ids: [rows()[0]!.id] }, officer);
    expect((await ok(env.db, 'alert.unreadCount', {}, officer)).unread).toBe(0);

    holding = null;
    expect(await scanAlerts(env.db, t3, { sources })).toMatchObject({ raised: 0, resolved: 1, open: 0 });

    holding = condition('证照已过期');
    expect(await scanAlerts(env.db, t4, { sources })).toMatchObject({ raised: 1, resolved: 0, open: 1 });
    const [first, second] = rows();
    // The first episode is untouched: raised at t1, resolved at t3, still read by the officer.
    expect(first).toMatchObject({ title: '证照 9 天后到期', raisedAt: t1.toISOString(), resolvedAt: t3.toISOString() });
    expect(second).toMatchObject({ title: '证照已过期', raisedAt: t4.toISOString(), resolvedAt: null });
    expect(second!.id).toBeGreaterThan(first!.id);
    expect((await ok(env.db, 'alert.unreadCount', {}, officer)).unread).toBe(1);
    const resolved = await ok(env.db, 'alert.list', { status: 'resolved' }, officer);
    expect(resolved.alerts.map((a) => [a.id, a.read])).toEqual([[first!.id, true]]);

    // The database holds one open alert per key.
    expect(() =>
      env.db.$client
        .prepare("INSERT INTO alerts (key, kind, permission, title, raised_at) VALUES ('licence_expiry:test', 'licence_expiry', 'supplier.read', 'x', ?)")
        .run(t4.toISOString()),
    ).toThrow(/UNIQUE/);
  });
});

import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { unreadCountQuery } from '../../core/alerts/read.js';
import { startAlertSchedule } from '../../core/alerts/schedule.js';
import { saveAlertSettings, DEFAULT_ALERT_SETTINGS } from '../../core/alerts/settings.js';
import { communityDate } from '../../core/time.js';
import { initialised, ok, userWithSession } from '../support/db.js';
import { supplierInput } from '../support/suppliers.js';

/** The hub's periodic scan (fake timers: no waiting on the wall clock) and the plan of the bell's polled count. */
const env = await initialised();
afterAll(() => env.dispose());
afterEach(() => vi.useRealTimers());

const leadId = (await ok(env.db, 'unit.list', {}, { sessionToken: env.admin })).units[0]!.id;
const officer = { sessionToken: (await userWithSession(env.db, env.admin, { username: 'yaoshi', displayName: '李药师', role: 'pharmacy_officer', unitId: leadId })).token };
const inDays = (days: number) => new Date(Date.parse(`${communityDate(new Date())}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const openAlerts = () => (env.db.$client.prepare('SELECT COUNT(*) AS n FROM alerts WHERE resolved_at IS NULL').get() as { n: number }).n;

describe('startAlertSchedule', () => {
  it('scans shortly after start, then every scanMinutes of the settings, and not after stop', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    saveAlertSettings(env.db, { ...DEFAULT_ALERT_SETTINGS, scanMinutes: 30 }, new Date());
    const first = await ok(env.db, 'supplier.create', supplierInput(1, { qualifications: [{ kind: 'business_licence', number: 'A1', expiresOn: inDays(5) }] }), officer);
    const schedule = startAlertSchedule(env.db, { firstDelayMs: 5_000 });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(openAlerts()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(openAlerts()).toBe(1);

    await ok(env.db, 'supplier.create', supplierInput(2, { qualifications: [{ kind: 'business_licence', number: 'A2', expiresOn: inDays(6) }] }), officer);
    await vi.advanceTimersByTimeAsync(29 * 60_000);
    expect(openAlerts()).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(openAlerts()).toBe(2);

    schedule.stop();
    await ok(env.db, 'supplier.setActive', { id: first.supplier.id, version: first.supplier.version, active: false, reason: '停止合作' }, officer);
    await vi.advanceTimersByTimeAsync(120 * 60_000);
    expect(openAlerts()).toBe(2);
  });

  it('minutes 0 (the hub under test) schedules nothing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const schedule = startAlertSchedule(env.db, { minutes: 0 });
    expect(vi.getTimerCount()).toBe(0);
    schedule.stop();
  });
});

describe('the bell’s count', () => {
  it('reads the open alerts of the caller’s permissions through alerts_open_idx and the read marks by their key', () => {
    const { sql, params } = unreadCountQuery({ userId: 1, permissions: ['stock.read', 'supplier.manage'], scope: { units: [2], levels: null } });
    const plan = (env.db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail);
    expect(plan).toContain('SEARCH a USING INDEX alerts_open_idx (resolved_at=? AND permission=?)');
    expect(plan.some((d) => /SEARCH r USING COVERING INDEX sqlite_autoindex_alert_reads_1 \(alert_id=\? AND user_id=\?\)/.test(d))).toBe(true);
    expect(plan.some((d) => d.startsWith('SCAN a'))).toBe(false);
  });
});

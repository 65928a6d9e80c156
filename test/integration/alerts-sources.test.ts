import { afterAll, describe, expect, it } from 'vitest';
import { scanAlerts } from '../../core/alerts/scan.js';
import { payableConditions } from '../../core/alerts/sources/payables.js';
import { communityDate } from '../../core/time.js';
import { runCli } from '../../server/cli.js';
import { ok } from '../support/db.js';
import { payablesCommunity } from './payables-support.js';

/**
 * The payables source on real data (the chain through the operations), and the CLI scan. A
 * payable of the small supplier is due 30 days after acceptance (中小企业): 25 days on it is due within the week,
 * 35 days on it is overdue.
 */
const env = await payablesCommunity();
afterAll(() => env.dispose());
const DAY = 86_400_000;
const later = (days: number) => new Date(Date.now() + days * DAY);
// The payables source alone (the community's 集采 item raises 集采进度 alerts that move with the date).
const scanPayables = (now: Date) => scanAlerts(env.db, now, { sources: [payableConditions] });

describe('payable alerts', () => {
  it('due within 7 days, then overdue (the due one resolved), seen by finance with the amount and what to do', async () => {
    const [payableId] = await env.invoiced({ packs: [4] });
    const dueOn = (env.db.$client.prepare('SELECT due_on AS d FROM payables WHERE id = ?').get(payableId) as { d: string }).d;
    const daysToDue = Math.round((Date.parse(`${dueOn}T00:00:00Z`) - Date.parse(`${communityDate(new Date())}T00:00:00Z`)) / DAY);
    expect((await scanPayables(new Date())).byKind).toMatchObject({ payable_due: 0, payable_overdue: 0 });

    const soon = await scanPayables(later(daysToDue - 3));
    expect(soon.raisedAlerts.map((a) => a.key)).toEqual([`payable_due:${env.smeId}`]);
    const { alerts } = await ok(env.db, 'alert.list', { kind: 'payable_due' }, env.caiwu);
    expect(alerts).toMatchObject([{ kind: 'payable_due', permission: 'payment.manage', link: '/payables', data: { payables: 1, openMicro: 50_000_000, earliestDue: dueOn } }]);
    expect(alerts[0]!.title).toBe(`应付清源医药有限公司1 1 笔将于 ${dueOn} 起到期，未付 50.00 元`);
    expect(alerts[0]!.action).toContain('编制付款单');

    const overdue = await scanPayables(later(daysToDue + 5));
    expect(overdue).toMatchObject({ raised: 1, resolved: 1 });
    const now = await ok(env.db, 'alert.list', { kind: 'payable_overdue' }, env.caiwu);
    expect((await ok(env.db, 'alert.list', { kind: 'payable_due' }, env.caiwu)).total).toBe(0);
    expect(now.alerts).toMatchObject([{ kind: 'payable_overdue', severity: 'critical', data: { maxOverdueDays: 5, sme: true } }]);
    expect(now.alerts[0]!.action).toContain('逾期利息');
    // The auditor reads invoices but does not pay: no payable alerts.
    expect((await ok(env.db, 'alert.list', { kind: 'payable_overdue' }, env.auditor)).total).toBe(0);
  });

  it('the CLI scans and prints the summary as JSON', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['alerts', 'scan', '--data', env.dir], { out: (l) => out.push(l), err: (l) => err.push(l) });
    expect({ code, err }).toEqual({ code: 0, err: [] });
    const summary = JSON.parse(out[0]!) as { raised: number; resolved: number; open: number; byKind: Record<string, number> };
    // At today's date nothing is due yet: the overdue alert of the scan "35 days on" resolves.
    expect(summary).toMatchObject({ byKind: { payable_due: 0, payable_overdue: 0 }, deliveries: [] });
    expect(env.db.$client.prepare("SELECT resolved_at IS NOT NULL AS resolved FROM alerts WHERE key = ?").get(`payable_overdue:${env.smeId}`)).toEqual({ resolved: 1 });
    const audit = env.db.$client.prepare("SELECT username FROM audit_log WHERE operation = 'alert.scan'").all();
    expect(audit).toEqual([{ username: '命令行 (cli)' }]);
    expect(await runCli(['alerts', 'sweep', '--data', env.dir], { out: () => undefined, err: (l) => err.push(l) })).toBe(2);
    expect(err[0]).toBe('未知的 alerts 子命令：sweep');
  });
});

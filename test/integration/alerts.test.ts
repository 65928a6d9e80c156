import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertSettingsInput } from '../../core/api/alerts.js';
import { scanAlerts } from '../../core/alerts/scan.js';
import { addMonths } from '../../core/time.js';
import { communityDate } from '../../core/time.js';
import { call, ok, userWithSession } from '../support/db.js';
import { receive } from '../support/stock.js';
import { supplierInput } from '../support/suppliers.js';
import { smtpReceiver, webhookReceiver } from './alerts-receivers.js';
import { memberStockCommunity } from './member-stock-support.js';

/**
 * 提醒: a scan raises alerts from the community's data (a licence expiring, batches expired / near expiry in two
 * townships), pushes them to a local 企业微信 and 钉钉 robot and a local SMTP server, raises nothing on a second
 * scan and resolves what no longer holds; each user sees the alerts of their permissions and units.
 */
const c = await memberStockCommunity();
const robots = await webhookReceiver();
const mailbox = await smtpReceiver();
afterAll(async () => {
  await robots.close();
  await mailbox.close();
  c.env.dispose();
});

const admin = { sessionToken: c.env.admin };
const today = communityDate(new Date());
const addDays = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const DING_SECRET = 'SECtest0123456789abcdef';
let financeToken = '';
let supplierId = 0;

const settings = (overrides: Partial<AlertSettingsInput> = {}): AlertSettingsInput => ({
  wecom: { enabled: true, url: `${robots.url}/wecom/send?key=wecom-robot-key-123456` },
  dingtalk: { enabled: true, url: `${robots.url}/dingtalk/robot/send?access_token=ding-token-abcdef`, secret: DING_SECRET },
  smtp: { enabled: true, host: '127.0.0.1', port: mailbox.port, secure: false, user: 'alerts@example.cn', password: 'mail-pass-42', from: 'alerts@example.cn', to: ['yaoshike@example.cn', 'caiwu@example.cn'] },
  kinds: ['licence_expiry', 'batch_expiry', 'payable_due', 'payable_overdue', 'vbp_behind', 'discrepancy_open'],
  scanMinutes: 15,
  publicUrl: 'https://tongcai.example.cn:8443',
  licenceDays: 30,
  payableDays: 7,
  discrepancyDays: 3,
  ...overrides,
});

beforeAll(async () => {
  financeToken = (await userWithSession(c.db, c.env.admin, { username: 'caiwu', displayName: '刘芳', role: 'finance', unitId: c.leadId })).token;
  const created = await c.ok(
    'supplier.create',
    supplierInput(11, {
      name: '清源医药有限公司',
      qualifications: [
        { kind: 'business_licence', number: 'YYZZ11', expiresOn: null },
        { kind: 'drug_trade_licence', number: '浙AA57111', expiresOn: addDays(10) },
      ],
    }),
    'officer',
  );
  supplierId = created.supplier.id;
  // 青石镇 (own): one expired and one within a month; 白沙镇 (other): one within a month; a far batch alerts nobody.
  receive(c.db, { itemId: c.amoxicillin, storeId: c.ownStore, quantity: 5, batchNo: 'GONE-1', expiry: addMonths(today, -1) });
  receive(c.db, { itemId: c.amoxicillin, storeId: c.ownStore, quantity: 30, batchNo: 'NEAR-1', expiry: addDays(12) });
  receive(c.db, { itemId: c.ibuprofen, storeId: c.otherStore, quantity: 10, batchNo: 'OTHER-NEAR', expiry: addDays(20) });
  receive(c.db, { itemId: c.ibuprofen, storeId: c.ownStore, quantity: 100, batchNo: 'FAR-1', expiry: addMonths(today, 30) });
});

describe('alertSettings', () => {
  it('validates addresses and SMTP fields with their paths, and requires alert.configure', async () => {
    const bad = await call(c.db, 'alertSettings.save', settings({ wecom: { enabled: true, url: 'ftp://robot.example/x' }, smtp: { ...settings().smtp, port: 70000, to: ['not-a-mail'] } }), admin);
    expect(bad.ok).toBe(false);
    const paths = bad.ok ? [] : (bad.error.fields ?? []).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['wecom.url', 'smtp.port', 'smtp.to.0']));
    const incomplete = await call(c.db, 'alertSettings.save', settings({ dingtalk: { enabled: true, url: null, secret: null } }), admin);
    expect(incomplete.ok ? [] : incomplete.error.fields).toEqual([{ path: 'dingtalk.url', message: '启用钉钉推送须填写机器人地址' }]);
    const denied = await call(c.db, 'alertSettings.get', {}, { sessionToken: financeToken });
    expect(denied.ok ? null : denied.error.code).toBe('FORBIDDEN');
  });

  it('saves, never returns a secret whole, and keeps a secret that is not re-entered', async () => {
    await ok(c.db, 'alertSettings.save', settings(), admin);
    const again = await ok(c.db, 'alertSettings.save', { ...settings(), wecom: { enabled: true }, dingtalk: { enabled: true }, smtp: { ...settings().smtp, password: null } }, admin);
    const json = JSON.stringify(again);
    for (const secret of ['wecom-robot-key-123456', 'ding-token-abcdef', DING_SECRET, 'mail-pass-42']) expect(json).not.toContain(secret);
    expect(again.settings.wecom).toMatchObject({ enabled: true, urlSet: true });
    expect(again.settings.wecom.urlMasked).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/wecom\/send\?key=weco••••••56$/);
    expect(again.settings.dingtalk).toMatchObject({ secretSet: true, secretMasked: 'SECt••••••ef' });
    expect(again.settings.smtp.passwordSet).toBe(true);
    const audit = c.db.$client.prepare("SELECT summary FROM audit_log WHERE operation = 'alertSettings.save'").all() as { summary: string }[];
    expect(audit).toHaveLength(2);
    for (const secret of ['wecom-robot-key-123456', DING_SECRET, 'mail-pass-42']) expect(audit.map((a) => a.summary).join()).not.toContain(secret);
  });
});

describe('alert.scan', () => {
  it('raises the conditions that hold and pushes them to 企业微信, 钉钉 (signed) and the mailbox', async () => {
    const summary = await ok(c.db, 'alert.scan', {}, admin);
    expect(summary).toMatchObject({ raised: 4, resolved: 0, open: 4, byKind: { licence_expiry: 1, batch_expiry: 3 } });
    expect(summary.deliveries.map((d) => [d.channel, d.ok, d.alerts])).toEqual([
      ['wecom', true, 4],
      ['dingtalk', true, 4],
      ['smtp', true, 4],
    ]);
    const keys = (c.db.$client.prepare('SELECT key FROM alerts ORDER BY key').all() as { key: string }[]).map((r) => r.key);
    expect(keys.slice(0, 3)).toEqual([`batch_expiry:${c.otherUnit}:within`, `batch_expiry:${c.ownUnit}:expired`, `batch_expiry:${c.ownUnit}:within`].sort());
    expect(keys[3]).toMatch(/^licence_expiry:\d+:\d{4}-\d{2}-\d{2}$/);

    const wecom = robots.hits.find((h) => h.path === '/wecom/send')!;
    expect(wecom.query.get('key')).toBe('wecom-robot-key-123456');
    expect(Object.keys(wecom.body)).toEqual(['msgtype', 'markdown']);
    expect(wecom.body.msgtype).toBe('markdown');
    const content = (wecom.body.markdown as { content: string }).content;
    expect(content).toContain('4 条新提醒');
    expect(content).toContain('清源医药有限公司的药品经营许可证将于');
    expect(content).toContain(`[打开处理页面](https://tongcai.example.cn:8443/suppliers/${supplierId})`);
    expect(content).toContain('青石镇卫生院有 1 个批次已过期');
    expect(content).toContain('过期药品不得发放');

    const ding = robots.hits.find((h) => h.path === '/dingtalk/robot/send')!;
    expect(ding.query.get('access_token')).toBe('ding-token-abcdef');
    const timestamp = ding.query.get('timestamp')!;
    expect(timestamp).toMatch(/^\d{13}$/);
    expect(ding.query.get('sign')).toBe(createHmac('sha256', DING_SECRET).update(`${timestamp}\n${DING_SECRET}`).digest('base64'));
    expect(ding.body).toMatchObject({ msgtype: 'markdown', markdown: { title: '统采提醒：4 条新提醒' } });
    expect((ding.body.markdown as { text: string }).text).toBe(content);

    expect(mailbox.mails).toHaveLength(1);
    const mail = mailbox.mails[0]!;
    expect(mail).toMatchObject({ from: 'alerts@example.cn', to: ['yaoshike@example.cn', 'caiwu@example.cn'], auth: 'alerts@example.cn:mail-pass-42', subject: '统采提醒：4 条新提醒' });
    expect(mail.text).toContain('处理：过期药品不得发放');
    expect(mail.text).toContain('页面：https://tongcai.example.cn:8443/stock-alerts');

    const deliveries = c.db.$client.prepare('SELECT channel, status, COUNT(*) AS n FROM alert_deliveries GROUP BY channel, status ORDER BY channel').all();
    expect(deliveries).toEqual([
      { channel: 'dingtalk', status: 'sent', n: 4 },
      { channel: 'smtp', status: 'sent', n: 4 },
      { channel: 'wecom', status: 'sent', n: 4 },
    ]);
    const got = await ok(c.db, 'alertSettings.get', {}, admin);
    expect(got.deliveries).toHaveLength(12);
    expect(got.deliveries[0]).toMatchObject({ status: 'sent', error: '' });
    expect(JSON.stringify(got.deliveries)).not.toContain('wecom-robot-key-123456');
  });

  it('a second scan raises nothing and pushes nothing', async () => {
    const hits = robots.hits.length;
    const summary = await ok(c.db, 'alert.scan', {}, admin);
    expect(summary).toMatchObject({ raised: 0, resolved: 0, open: 4, deliveries: [] });
    expect(robots.hits.length).toBe(hits);
    expect(mailbox.mails).toHaveLength(1);
  });
});

describe('who sees what', () => {
  it('a member pharmacist sees only their own unit’s batch alerts; another township its own', async () => {
    const own = await c.ok('alert.list', {});
    expect(own.alerts.map((a) => a.key).sort()).toEqual([`batch_expiry:${c.ownUnit}:expired`, `batch_expiry:${c.ownUnit}:within`]);
    expect(own.alerts[0]).toMatchObject({ severity: 'critical', kindLabel: '批次效期', unitName: '青石镇卫生院', link: '/stock-alerts', read: false });
    expect(own.unread).toBe(2);
    const other = await c.ok('alert.list', {}, 'baisha');
    expect(other.alerts.map((a) => a.key)).toEqual([`batch_expiry:${c.otherUnit}:within`]);
  });

  it('the pharmacy officer sees the licence and every unit’s batches; finance sees no licence (no supplier.manage)', async () => {
    const officer = await c.ok('alert.list', {}, 'officer');
    expect(officer.total).toBe(4);
    expect(officer.alerts.find((a) => a.kind === 'licence_expiry')).toMatchObject({ link: `/suppliers/${supplierId}`, severity: 'warning', data: { daysLeft: 10 } });
    const finance = await ok(c.db, 'alert.list', {}, { sessionToken: financeToken });
    expect(finance.alerts.map((a) => a.kind)).toEqual(['batch_expiry', 'batch_expiry', 'batch_expiry']);
    expect(finance.alerts.some((a) => a.kind === 'licence_expiry')).toBe(false);
  });

  it('finance sees payable alerts, the member pharmacist does not', async () => {
    // A payable condition of the payables source's shape (the payables source itself: alerts-payables.test.ts).
    await scanAlerts(c.db, new Date(), {
      sources: [
        ...(await import('../../core/alerts/sources/index.js')).ALERT_SOURCES,
        () => [{ key: 'payable_overdue:999', kind: 'payable_overdue', severity: 'critical', unitId: null, permission: 'payment.manage', title: '应付某供应商 1 笔已逾期', action: '请尽快编制付款单', link: '/payables', data: {} }],
      ],
    });
    const finance = await ok(c.db, 'alert.list', { kind: 'payable_overdue' }, { sessionToken: financeToken });
    expect(finance.alerts.map((a) => a.key)).toEqual(['payable_overdue:999']);
    expect((await c.ok('alert.list', { kind: 'payable_overdue' })).total).toBe(0);
    expect((await c.ok('alert.list', { kind: 'payable_overdue' }, 'officer')).total).toBe(0);
  });
});

describe('read marks', () => {
  it('marks read per user; ids the caller cannot see are ignored; mark all read', async () => {
    const own = await c.ok('alert.list', {});
    const other = await c.ok('alert.list', {}, 'baisha');
    const marked = await c.ok('alert.markRead', { ids: [own.alerts[0]!.id, other.alerts[0]!.id] });
    expect(marked).toEqual({ marked: 1, unread: 1 });
    expect((await c.ok('alert.unreadCount', {}, 'baisha')).unread).toBe(1);
    const unread = await c.ok('alert.list', { status: 'unread' });
    expect(unread.alerts.map((a) => a.id)).toEqual([own.alerts[1]!.id]);
    expect((await c.ok('alert.markAllRead', {})).unread).toBe(0);
    expect((await c.ok('alert.unreadCount', {})).unread).toBe(0);
    // The officer's marks are their own.
    expect((await c.ok('alert.unreadCount', {}, 'officer')).unread).toBe(4);
  });
});

describe('resolution and failing channels', () => {
  it('a renewed licence resolves its alert; it stays in the resolved list', async () => {
    const supplier = (await c.ok('supplier.get', { id: supplierId }, 'officer')).supplier;
    await c.ok(
      'supplier.update',
      {
        id: supplierId,
        version: supplier.version,
        fields: supplierInput(11, {
          name: '清源医药有限公司',
          qualifications: [
            { kind: 'business_licence', number: 'YYZZ11', expiresOn: null },
            { kind: 'drug_trade_licence', number: '浙AA57111', expiresOn: addDays(400) },
          ],
        }),
      },
      'officer',
    );
    const summary = await ok(c.db, 'alert.scan', {}, admin);
    expect(summary).toMatchObject({ raised: 0, resolved: 2, open: 3 });
    const resolved = await c.ok('alert.list', { status: 'resolved' }, 'officer');
    expect(resolved.alerts.map((a) => a.kind)).toEqual(['licence_expiry']);
    expect(resolved.alerts[0]!.resolvedAt).not.toBeNull();
  });

  it('a failing webhook is recorded as failed with its error; the scan and the other channels go on', async () => {
    await ok(c.db, 'alertSettings.save', settings({ wecom: { enabled: true, url: `${robots.url}/broken?key=x` }, dingtalk: { enabled: true, url: `${robots.url}/refuse?access_token=y`, secret: '' } }), admin);
    receive(c.db, { itemId: c.ibuprofen, storeId: c.otherStore, quantity: 3, batchNo: 'OTHER-GONE', expiry: addDays(-3) });
    const summary = await ok(c.db, 'alert.scan', {}, admin);
    expect(summary.raised).toBe(1);
    expect(summary.deliveries.map((d) => [d.channel, d.ok])).toEqual([
      ['wecom', false],
      ['dingtalk', false],
      ['smtp', true],
    ]);
    expect(summary.deliveries[0]!.error).toBe('HTTP 500：internal error');
    expect(summary.deliveries[1]!.error).toBe('机器人拒绝：310000 sign not match');
    const failed = c.db.$client.prepare("SELECT channel, error FROM alert_deliveries WHERE status = 'failed' ORDER BY channel").all();
    expect(failed).toEqual([
      { channel: 'dingtalk', error: '机器人拒绝：310000 sign not match' },
      { channel: 'wecom', error: 'HTTP 500：internal error' },
    ]);
    // No secret on the 钉钉 robot now: the address goes unsigned.
    expect(robots.hits.at(-1)!.query.has('sign')).toBe(false);
    expect((await c.ok('alert.list', {}, 'baisha')).alerts.map((a) => a.key)).toContain(`batch_expiry:${c.otherUnit}:expired`);
  });

  it('a channel that cannot be reached fails alone; a test message reports the result', async () => {
    const closed = await webhookReceiver();
    const deadUrl = `${closed.url}/wecom?key=z`;
    await closed.close();
    await ok(c.db, 'alertSettings.save', settings({ wecom: { enabled: true, url: deadUrl } }), admin);
    const dead = await ok(c.db, 'alertSettings.test', { channel: 'wecom' }, admin);
    expect(dead).toMatchObject({ channel: 'wecom', ok: false });
    expect(dead.error).toMatch(/^无法连接：ECONNREFUSED/);
    const ding = await ok(c.db, 'alertSettings.test', { channel: 'dingtalk' }, admin);
    expect(ding).toMatchObject({ channel: 'dingtalk', ok: true, error: '' });
    expect((robots.hits.at(-1)!.body.markdown as { title: string }).title).toBe('统采提醒：测试消息');
    const mails = mailbox.mails.length;
    expect(await ok(c.db, 'alertSettings.test', { channel: 'smtp' }, admin)).toMatchObject({ ok: true, target: 'yaoshike@example.cn, caiwu@example.cn' });
    expect(mailbox.mails.length).toBe(mails + 1);
  });
});

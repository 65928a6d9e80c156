import type { AlertChannel, AlertScanSummary } from '../api/alerts.js';
import type { OperationContext } from '../context.js';
import { DomainError } from '../errors.js';
import type { HandlerMap } from '../handler.js';
import { requireUser } from '../scope.js';
import { pushDingtalk, pushSmtp, pushWecom, type PushResult } from './channels.js';
import { listAlerts, markRead, recentDeliveries, unreadCount, type Viewer } from './read.js';
import { scanAlerts } from './scan.js';
import { alertSettings, maskSecret, mergeSettings, saveAlertSettings, settingsView, type AlertSettings } from './settings.js';

type AlertOps =
  | 'alert.list'
  | 'alert.unreadCount'
  | 'alert.markRead'
  | 'alert.markAllRead'
  | 'alertSettings.get'
  | 'alertSettings.save'
  | 'alertSettings.test'
  | 'alert.scan';

function viewer(ctx: OperationContext): Viewer {
  const user = requireUser(ctx);
  return { userId: user.userId, permissions: user.permissions, scope: ctx.scope };
}

function settingsOut(ctx: OperationContext) {
  const { settings, updatedAt } = alertSettings(ctx.db);
  return { settings: settingsView(settings), updatedAt, deliveries: recentDeliveries(ctx.db) };
}

/** An enabled channel must be complete: every missing field named by its path. */
function checkComplete(settings: AlertSettings): void {
  const problems: { path: string; message: string }[] = [];
  if (settings.wecom.enabled && !settings.wecom.url) problems.push({ path: 'wecom.url', message: '启用企业微信推送须填写机器人地址' });
  if (settings.dingtalk.enabled && !settings.dingtalk.url) problems.push({ path: 'dingtalk.url', message: '启用钉钉推送须填写机器人地址' });
  if (settings.smtp.enabled) {
    if (!settings.smtp.host) problems.push({ path: 'smtp.host', message: '启用邮件推送须填写 SMTP 服务器' });
    if (settings.smtp.to.length === 0) problems.push({ path: 'smtp.to', message: '启用邮件推送须至少填写一个收件人' });
    if (!settings.smtp.from && !settings.smtp.user.includes('@')) problems.push({ path: 'smtp.from', message: '请填写发件人地址（用户名不是邮箱地址时）' });
    if (settings.smtp.user && !settings.smtp.password) problems.push({ path: 'smtp.password', message: '填写了 SMTP 用户名须同时填写密码' });
  }
  if (problems.length) throw new DomainError('VALIDATION', problems.map((p) => p.message).join('；'), problems);
}

/** What the audit entry keeps of the settings: everything but the secrets, which show only masked. */
function auditable(settings: AlertSettings) {
  const view = settingsView(settings);
  return { ...view, smtp: { ...view.smtp, password: maskSecret(settings.smtp.password) } };
}

async function sendTest(channel: AlertChannel, settings: AlertSettings, now: Date): Promise<PushResult> {
  const title = '统采提醒：测试消息';
  const body = `### 统采提醒：测试消息\n\n这是一条测试消息，收到说明提醒推送已配置好。\n\n> 发送时间：${now.toISOString()}`;
  switch (channel) {
    case 'wecom':
      if (!settings.wecom.url) return { channel, target: '', ok: false, error: '尚未保存企业微信机器人地址' };
      return pushWecom(settings.wecom.url, body);
    case 'dingtalk':
      if (!settings.dingtalk.url) return { channel, target: '', ok: false, error: '尚未保存钉钉机器人地址' };
      return pushDingtalk(settings.dingtalk.url, settings.dingtalk.secret, title, body, now);
    case 'smtp':
      if (!settings.smtp.host || settings.smtp.to.length === 0) return { channel, target: '', ok: false, error: '尚未保存 SMTP 服务器和收件人' };
      return pushSmtp(settings.smtp, title, '这是一条测试邮件，收到说明统采系统的提醒邮件推送已配置好。');
  }
}

/** 提醒：站内铃铛与企业微信、钉钉、邮箱推送. */
export const alertHandlers: HandlerMap<AlertOps> = {
  'alert.list': (ctx, input) => listAlerts(ctx.db, viewer(ctx), input),
  'alert.unreadCount': (ctx) => ({ unread: unreadCount(ctx.db, viewer(ctx)) }),
  'alert.markRead': (ctx, { ids }) => {
    const v = viewer(ctx);
    const marked = markRead(ctx.db, v, ids, ctx.now);
    ctx.audit({ target: `user:${requireUser(ctx).username}`, summary: { markedRead: marked, ids } });
    return { marked, unread: unreadCount(ctx.db, v) };
  },
  'alert.markAllRead': (ctx) => {
    const v = viewer(ctx);
    const marked = markRead(ctx.db, v, null, ctx.now);
    ctx.audit({ target: `user:${requireUser(ctx).username}`, summary: { markedRead: marked, all: true } });
    return { marked, unread: unreadCount(ctx.db, v) };
  },

  'alertSettings.get': (ctx) => settingsOut(ctx),
  'alertSettings.save': (ctx, input) => {
    const before = alertSettings(ctx.db).settings;
    const after = mergeSettings(before, input);
    checkComplete(after);
    saveAlertSettings(ctx.db, after, ctx.now);
    ctx.audit({ target: 'hub_settings:alerts.settings', summary: { before: auditable(before), after: auditable(after) } });
    return settingsOut(ctx);
  },

  // The message goes out in `prepare` (network I/O, no transaction, no write); `run` records who tested what.
  'alertSettings.test': {
    prepare: (ctx, { channel }) => sendTest(channel, alertSettings(ctx.db).settings, ctx.now),
    run: (ctx, _input, result: PushResult) => {
      ctx.audit({ target: `alert_channel:${result.channel}`, summary: { test: true, target: result.target, ok: result.ok, error: result.error } });
      return result;
    },
  },

  // The scan is its own pipeline: one transaction for the conditions, the pushes outside it, then the delivery
  // rows — so it runs in `prepare`, before the operation's transaction, which then records the audit entry.
  'alert.scan': {
    prepare: (ctx) => scanAlerts(ctx.db, ctx.now),
    run: (ctx, _input, summary: AlertScanSummary) => {
      const { raised, resolved, open, byKind, deliveries } = summary;
      ctx.audit({ target: 'alerts', summary: { raised, resolved, open, byKind, deliveries: deliveries.map((d) => ({ channel: d.channel, ok: d.ok })) } });
      return { raised, resolved, open, byKind, deliveries };
    },
  },
};

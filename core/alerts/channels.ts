import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import { ALERT_KIND_LABELS, type AlertChannel, type AlertKind, type AlertSeverity } from '../api/alerts.js';
import { communityDate } from '../time.js';
import { maskUrl, type AlertSettings } from './settings.js';

/**
 * Pushing alerts out: 企业微信 and 钉钉 group robots (an HTTP POST of JSON to the robot's webhook address) and an
 * SMTP mailbox. Each push is one digest message per channel per scan — a robot takes about 20 messages a minute,
 * and a first scan can raise dozens — listing the new alerts with what to do and a link to the page. Network I/O
 * only: nothing here touches the database.
 */

export interface PushedAlert {
  id: number;
  kind: AlertKind;
  severity: AlertSeverity;
  title: string;
  action: string;
  link: string;
}

export interface PushResult {
  channel: AlertChannel;
  /** Where it went, safe to show and store (the robot's key masked; the mail's recipients). */
  target: string;
  ok: boolean;
  error: string;
}

/** How many alerts one message lists (a 企业微信 markdown message is at most 4096 bytes). */
export const DIGEST_LINES = 10;
const TIMEOUT_MS = 10_000;

const SEVERITY_MARK: Record<AlertSeverity, string> = { critical: '【紧急】', warning: '【提醒】', info: '【通知】' };

function absolute(link: string, publicUrl: string): string {
  return publicUrl && link.startsWith('/') ? `${publicUrl}${link}` : link;
}

export function digestTitle(alerts: readonly PushedAlert[]): string {
  return alerts.length === 1 ? `统采提醒：${alerts[0]!.title}` : `统采提醒：${alerts.length} 条新提醒`;
}

/** The markdown both robots render: one block per alert, its action, and the page to open. */
export function digestMarkdown(alerts: readonly PushedAlert[], publicUrl: string, now: Date): string {
  const shown = alerts.slice(0, DIGEST_LINES);
  const lines = [`### 统采提醒（${communityDate(now)}，${alerts.length} 条新提醒）`];
  for (const a of shown) {
    const link = absolute(a.link, publicUrl);
    lines.push('', `**${SEVERITY_MARK[a.severity]}${ALERT_KIND_LABELS[a.kind]}**：${a.title}`, `> ${a.action}`);
    if (link) lines.push(link.startsWith('http') ? `[打开处理页面](${link})` : `处理页面：${link}`);
  }
  if (alerts.length > shown.length) lines.push('', `另有 ${alerts.length - shown.length} 条，请登录统采系统查看提醒列表`);
  return lines.join('\n');
}

export function digestText(alerts: readonly PushedAlert[], publicUrl: string, now: Date): string {
  const lines = [`统采系统 ${communityDate(now)} 新提醒 ${alerts.length} 条：`, ''];
  alerts.forEach((a, i) => {
    lines.push(`${i + 1}. ${SEVERITY_MARK[a.severity]}${ALERT_KIND_LABELS[a.kind]}：${a.title}`, `   处理：${a.action}`);
    const link = absolute(a.link, publicUrl);
    if (link) lines.push(`   页面：${link}`);
    lines.push('');
  });
  lines.push('此邮件由统采系统自动发送，请勿直接回复。');
  return lines.join('\n');
}

/** 钉钉 加签: HMAC-SHA256 over `timestamp + "\n" + secret` keyed by the secret, base64, then URL-encoded. */
export function dingtalkSign(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

export function signedDingtalkUrl(url: string, secret: string, timestamp: number): string {
  if (!secret) return url;
  const parsed = new URL(url);
  parsed.searchParams.set('timestamp', String(timestamp));
  parsed.searchParams.set('sign', dingtalkSign(secret, timestamp));
  return parsed.toString();
}

/** POSTs JSON to a robot; both robots answer HTTP 200 with `{errcode: 0}` on success, another errcode on refusal. */
async function postRobot(url: string, body: unknown): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return `无法连接：${cause?.code ?? cause?.message ?? (error as Error).message}`;
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) return `HTTP ${response.status}${text ? `：${text.slice(0, 200)}` : ''}`;
  try {
    const answer = JSON.parse(text) as { errcode?: number; errmsg?: string };
    if (typeof answer.errcode === 'number' && answer.errcode !== 0) return `机器人拒绝：${answer.errcode} ${answer.errmsg ?? ''}`.trim();
  } catch {
    // Not JSON: a 2xx is taken as delivered.
  }
  return '';
}

export async function pushWecom(url: string, markdown: string): Promise<PushResult> {
  const error = await postRobot(url, { msgtype: 'markdown', markdown: { content: markdown } });
  return { channel: 'wecom', target: maskUrl(url), ok: error === '', error };
}

export async function pushDingtalk(url: string, secret: string, title: string, markdown: string, now: Date): Promise<PushResult> {
  const target = maskUrl(url);
  let signed: string;
  try {
    signed = signedDingtalkUrl(url, secret, now.getTime());
  } catch (error) {
    return { channel: 'dingtalk', target, ok: false, error: `地址无效：${(error as Error).message}` };
  }
  const error = await postRobot(signed, { msgtype: 'markdown', markdown: { title, text: markdown } });
  return { channel: 'dingtalk', target, ok: error === '', error };
}

export async function pushSmtp(smtp: AlertSettings['smtp'], subject: string, text: string): Promise<PushResult> {
  const target = smtp.to.join(', ');
  try {
    const transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password } } : {}),
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
    });
    try {
      await transport.sendMail({ from: smtp.from || smtp.user, to: smtp.to, subject, text });
    } finally {
      transport.close();
    }
    return { channel: 'smtp', target, ok: true, error: '' };
  } catch (error) {
    return { channel: 'smtp', target, ok: false, error: `邮件发送失败：${(error as Error).message}`.slice(0, 500) };
  }
}

/** The channels that are switched on and complete enough to send. */
export function enabledChannels(settings: AlertSettings): AlertChannel[] {
  const channels: AlertChannel[] = [];
  if (settings.wecom.enabled && settings.wecom.url) channels.push('wecom');
  if (settings.dingtalk.enabled && settings.dingtalk.url) channels.push('dingtalk');
  if (settings.smtp.enabled && settings.smtp.host && settings.smtp.to.length > 0) channels.push('smtp');
  return channels;
}

/** One digest of `alerts` to one channel; never throws (a failure is a result). */
export async function pushDigest(channel: AlertChannel, settings: AlertSettings, alerts: readonly PushedAlert[], now: Date): Promise<PushResult> {
  const title = digestTitle(alerts);
  switch (channel) {
    case 'wecom':
      return pushWecom(settings.wecom.url, digestMarkdown(alerts, settings.publicUrl, now));
    case 'dingtalk':
      return pushDingtalk(settings.dingtalk.url, settings.dingtalk.secret, title, digestMarkdown(alerts, settings.publicUrl, now), now);
    case 'smtp':
      return pushSmtp(settings.smtp, title, digestText(alerts, settings.publicUrl, now));
  }
}

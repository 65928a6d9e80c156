/**
 * 提醒：站内铃铛与企业微信、钉钉、邮箱推送 (issue 10). A scan (core/alerts/scan.ts) raises one alert per condition
 * that needs someone to act — a licence expiring, batches near expiry, payables due or overdue, 集采 behind, a
 * discrepancy left open — and resolves it when the condition no longer holds. Each user sees the alerts of the
 * permissions their role holds (a unit-confined role only its own unit's), with their own read marks; new alerts
 * are pushed to the configured 企业微信 / 钉钉 group robots and SMTP mailbox.
 */
import { z } from 'zod';
import { id } from './common.js';
import { defineOperation } from './operation.js';
import { PERMISSIONS } from './roles.js';

export const ALERT_KINDS = ['licence_expiry', 'batch_expiry', 'payable_due', 'payable_overdue', 'vbp_behind', 'discrepancy_open'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  licence_expiry: '证照到期',
  batch_expiry: '批次效期',
  payable_due: '应付款将到期',
  payable_overdue: '应付款逾期',
  vbp_behind: '集采进度落后',
  discrepancy_open: '签收差异未处理',
};
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const ALERT_CHANNELS = ['wecom', 'dingtalk', 'smtp'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];
export const ALERT_CHANNEL_LABELS: Record<AlertChannel, string> = { wecom: '企业微信群机器人', dingtalk: '钉钉群机器人', smtp: '邮箱（SMTP）' };

export const alertRow = z.object({
  id,
  key: z.string(),
  kind: z.enum(ALERT_KINDS),
  kindLabel: z.string(),
  severity: z.enum(ALERT_SEVERITIES),
  unitId: id.nullable(),
  unitName: z.string().nullable(),
  permission: z.enum(PERMISSIONS),
  title: z.string(),
  /** What to do about it. */
  action: z.string(),
  /** The renderer address that deals with it. */
  link: z.string(),
  data: z.record(z.string(), z.unknown()),
  raisedAt: z.string(),
  resolvedAt: z.string().nullable(),
  read: z.boolean(),
});
export type AlertRow = z.infer<typeof alertRow>;

export const ALERT_STATUS_FILTERS = ['open', 'resolved', 'unread', 'all'] as const;

export const alertList = defineOperation({
  name: 'alert.list',
  title: '查看我的提醒',
  access: 'session',
  mutates: false,
  // Rows of other units never reach a unit-confined caller (the handler filters; the registry checks).
  scope: { units: { output: [{ rows: 'alerts', unit: 'unitId' }] } },
  input: z
    .object({
      /** open (未处理, the default), resolved (已解除), unread (未读 and open), all. */
      status: z.enum(ALERT_STATUS_FILTERS, { error: '状态须为未处理、已解除、未读或全部' }).default('open'),
      kind: z.enum(ALERT_KINDS, { error: '未知的提醒类型' }).optional(),
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(1).max(200).default(20),
    })
    .default({ status: 'open', page: 1, pageSize: 20 }),
  output: z.object({ alerts: z.array(alertRow), total: z.number().int(), unread: z.number().int() }),
});

export const alertUnreadCount = defineOperation({
  name: 'alert.unreadCount',
  title: '未读提醒数',
  access: 'session',
  mutates: false,
  scope: 'self',
  input: z.object({}).default({}),
  output: z.object({ unread: z.number().int() }),
});

export const alertMarkRead = defineOperation({
  name: 'alert.markRead',
  title: '标记提醒为已读',
  access: 'session',
  mutates: true,
  // The caller's own read marks, on alerts the handler finds visible to them (others are ignored).
  scope: 'self',
  input: z.object({ ids: z.array(id, { error: '请选择提醒' }).min(1, '请选择提醒').max(500, '一次最多 500 条') }),
  output: z.object({ marked: z.number().int(), unread: z.number().int() }),
});

export const alertMarkAllRead = defineOperation({
  name: 'alert.markAllRead',
  title: '全部提醒标记为已读',
  access: 'session',
  mutates: true,
  scope: 'self',
  input: z.object({}).default({}),
  output: z.object({ marked: z.number().int(), unread: z.number().int() }),
});

/* ───────────── push channels ───────────── */

const httpUrl = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .max(1000, `${label}不能超过 1000 个字符`)
    .refine((s) => {
      try {
        const url = new URL(s);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
      } catch {
        return false;
      }
    }, `${label}须为 http:// 或 https:// 开头的完整地址`);

/** A secret as entered on save: omitted (or null) keeps the saved one, '' clears it. */
const secretInput = (label: string, max = 200) => z.string().max(max, `${label}不能超过 ${max} 个字符`).nullable().optional();

const email = z.string().trim().max(200, '邮箱地址不能超过 200 个字符').pipe(z.email('邮箱地址格式不正确'));

export const ALERT_SCAN_MINUTES_MAX = 24 * 60;

/** What is saved (hub_settings `alerts.settings`); secrets are never sent back whole. */
export const alertSettingsInput = z.object({
  wecom: z.object({
    enabled: z.boolean(),
    /** The robot's webhook address (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…); omitted: keep. */
    url: httpUrl('企业微信机器人地址').nullable().optional(),
  }),
  dingtalk: z.object({
    enabled: z.boolean(),
    url: httpUrl('钉钉机器人地址').nullable().optional(),
    /** 加签 secret (SEC…); omitted: keep, '': none. */
    secret: secretInput('钉钉加签密钥'),
  }),
  smtp: z.object({
    enabled: z.boolean(),
    host: z
      .string()
      .trim()
      .max(200, 'SMTP 服务器不能超过 200 个字符')
      .regex(/^[A-Za-z0-9.-]*$/, 'SMTP 服务器须为主机名或 IP 地址'),
    port: z.number({ error: '端口须为数字' }).int('端口须为整数').min(1, '端口须在 1–65535 之间').max(65535, '端口须在 1–65535 之间'),
    /** true: TLS from the start (465); false: plain, upgraded by STARTTLS when the server offers it (25 / 587). */
    secure: z.boolean(),
    user: z.string().trim().max(200, '用户名不能超过 200 个字符'),
    password: secretInput('SMTP 密码'),
    from: z.union([z.literal(''), email]),
    to: z.array(email).max(20, '收件人最多 20 个'),
  }),
  /** Which kinds are pushed (every kind shows in the bell). */
  kinds: z.array(z.enum(ALERT_KINDS, { error: '未知的提醒类型' })).max(ALERT_KINDS.length),
  /** The hub scans this often (minutes; 0: only at start and on demand). */
  scanMinutes: z.number({ error: '扫描间隔须为数字' }).int('扫描间隔须为整数').min(0, '扫描间隔不能为负').max(ALERT_SCAN_MINUTES_MAX, '扫描间隔最长 1440 分钟'),
  /** The hub's address as users open it, so pushed messages link to the page (https://tongcai.example:8443). */
  publicUrl: z.union([z.literal(''), httpUrl('系统访问地址')]),
  /** Thresholds: licences expiring within, payables due within, discrepancies open for at least (days). */
  licenceDays: z.number().int().min(1, '证照提前天数至少 1 天').max(365, '证照提前天数最多 365 天'),
  payableDays: z.number().int().min(1, '应付款提前天数至少 1 天').max(90, '应付款提前天数最多 90 天'),
  discrepancyDays: z.number().int().min(0, '差异天数不能为负').max(90, '差异天数最多 90 天'),
});
export type AlertSettingsInput = z.infer<typeof alertSettingsInput>;

/** The settings as the renderer sees them: addresses and secrets masked, with whether each is set. */
export const alertSettingsView = z.object({
  wecom: z.object({ enabled: z.boolean(), urlMasked: z.string(), urlSet: z.boolean() }),
  dingtalk: z.object({ enabled: z.boolean(), urlMasked: z.string(), urlSet: z.boolean(), secretMasked: z.string(), secretSet: z.boolean() }),
  smtp: z.object({
    enabled: z.boolean(),
    host: z.string(),
    port: z.number().int(),
    secure: z.boolean(),
    user: z.string(),
    passwordSet: z.boolean(),
    from: z.string(),
    to: z.array(z.string()),
  }),
  kinds: z.array(z.enum(ALERT_KINDS)),
  scanMinutes: z.number().int(),
  publicUrl: z.string(),
  licenceDays: z.number().int(),
  payableDays: z.number().int(),
  discrepancyDays: z.number().int(),
});
export type AlertSettingsView = z.infer<typeof alertSettingsView>;

export const alertDeliveryRow = z.object({
  id,
  alertId: id,
  alertTitle: z.string(),
  channel: z.enum(ALERT_CHANNELS),
  channelLabel: z.string(),
  target: z.string(),
  status: z.enum(['sent', 'failed']),
  error: z.string(),
  at: z.string(),
});

const settingsOut = z.object({ settings: alertSettingsView, updatedAt: z.string().nullable(), deliveries: z.array(alertDeliveryRow) });

export const alertSettingsGet = defineOperation({
  name: 'alertSettings.get',
  title: '查看提醒推送设置',
  access: { permission: 'alert.configure' },
  mutates: false,
  scope: 'centre',
  input: z.object({}).default({}),
  output: settingsOut,
});

export const alertSettingsSave = defineOperation({
  name: 'alertSettings.save',
  title: '保存提醒推送设置',
  access: { permission: 'alert.configure' },
  mutates: true,
  scope: 'centre',
  input: alertSettingsInput,
  output: settingsOut,
});

export const alertSettingsTest = defineOperation({
  name: 'alertSettings.test',
  title: '发送测试提醒',
  access: { permission: 'alert.configure' },
  mutates: true,
  scope: 'centre',
  input: z.object({ channel: z.enum(ALERT_CHANNELS, { error: '请选择推送渠道' }) }),
  output: z.object({ channel: z.enum(ALERT_CHANNELS), target: z.string(), ok: z.boolean(), error: z.string() }),
});

export const alertScanSummary = z.object({
  raised: z.number().int(),
  resolved: z.number().int(),
  open: z.number().int(),
  /** Conditions per kind found by this scan. */
  byKind: z.record(z.string(), z.number().int()),
  deliveries: z.array(z.object({ channel: z.enum(ALERT_CHANNELS), target: z.string(), alerts: z.number().int(), ok: z.boolean(), error: z.string() })),
});
export type AlertScanSummary = z.infer<typeof alertScanSummary>;

export const alertScan = defineOperation({
  name: 'alert.scan',
  title: '立即扫描提醒',
  access: { permission: 'alert.configure' },
  mutates: true,
  scope: 'centre',
  input: z.object({}).default({}),
  output: alertScanSummary,
});

export const alertOperations = [
  alertList,
  alertUnreadCount,
  alertMarkRead,
  alertMarkAllRead,
  alertSettingsGet,
  alertSettingsSave,
  alertSettingsTest,
  alertScan,
] as const;

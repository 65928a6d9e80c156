import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import { ALERT_KINDS, type AlertKind, type AlertSettingsInput, type AlertSettingsView } from '../api/alerts.js';

/**
 * Where and how alerts are pushed, kept in `hub_settings` under `alerts.settings` (JSON), changed by holders of
 * `alert.configure` (audited, secrets masked in the audit entry). Webhook addresses carry the robot's key in
 * their query, so they are secrets too: the renderer only ever sees them masked.
 */
export interface AlertSettings {
  wecom: { enabled: boolean; url: string };
  dingtalk: { enabled: boolean; url: string; secret: string };
  smtp: { enabled: boolean; host: string; port: number; secure: boolean; user: string; password: string; from: string; to: string[] };
  kinds: AlertKind[];
  scanMinutes: number;
  publicUrl: string;
  licenceDays: number;
  payableDays: number;
  discrepancyDays: number;
}

export const ALERT_SETTINGS_KEY = 'alerts.settings';

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  wecom: { enabled: false, url: '' },
  dingtalk: { enabled: false, url: '', secret: '' },
  smtp: { enabled: false, host: '', port: 465, secure: true, user: '', password: '', from: '', to: [] },
  kinds: [...ALERT_KINDS],
  scanMinutes: 15,
  publicUrl: '',
  licenceDays: 30,
  payableDays: 7,
  discrepancyDays: 3,
};

export function alertSettings(db: Db): { settings: AlertSettings; updatedAt: string | null } {
  const row = prepared(db.$client, 'SELECT value, updated_at AS updatedAt FROM hub_settings WHERE name = ?').get(ALERT_SETTINGS_KEY) as
    | { value: string; updatedAt: string }
    | undefined;
  if (!row) return { settings: DEFAULT_ALERT_SETTINGS, updatedAt: null };
  const saved = JSON.parse(row.value) as Partial<AlertSettings>;
  const d = DEFAULT_ALERT_SETTINGS;
  return {
    settings: {
      ...d,
      ...saved,
      wecom: { ...d.wecom, ...saved.wecom },
      dingtalk: { ...d.dingtalk, ...saved.dingtalk },
      smtp: { ...d.smtp, ...saved.smtp },
    },
    updatedAt: row.updatedAt,
  };
}

/** Saves the settings (whole), in the caller's transaction; the caller audits. */
export function saveAlertSettings(db: Db, settings: AlertSettings, now: Date): void {
  prepared(
    db.$client,
    `INSERT INTO hub_settings (name, value, updated_at) VALUES (@name, @value, @at)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run({ name: ALERT_SETTINGS_KEY, value: JSON.stringify(settings), at: now.toISOString() });
}

/** `SEC1a2b…9f0e` — enough to recognise, never enough to use. */
export function maskSecret(secret: string): string {
  if (secret === '') return '';
  if (secret.length <= 8) return '••••••';
  return `${secret.slice(0, 4)}••••••${secret.slice(-2)}`;
}

/** A webhook address with every query value (key, access_token …) masked: where it goes, not how to use it. */
export function maskUrl(url: string): string {
  if (url === '') return '';
  try {
    const parsed = new URL(url);
    const query = [...parsed.searchParams.entries()].map(([k, v]) => `${k}=${maskSecret(v)}`).join('&');
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}${query ? `?${query}` : ''}`;
  } catch {
    return maskSecret(url);
  }
}

export function settingsView(settings: AlertSettings): AlertSettingsView {
  const { wecom, dingtalk, smtp } = settings;
  return {
    wecom: { enabled: wecom.enabled, urlMasked: maskUrl(wecom.url), urlSet: wecom.url !== '' },
    dingtalk: {
      enabled: dingtalk.enabled,
      urlMasked: maskUrl(dingtalk.url),
      urlSet: dingtalk.url !== '',
      secretMasked: maskSecret(dingtalk.secret),
      secretSet: dingtalk.secret !== '',
    },
    smtp: { enabled: smtp.enabled, host: smtp.host, port: smtp.port, secure: smtp.secure, user: smtp.user, passwordSet: smtp.password !== '', from: smtp.from, to: smtp.to },
    kinds: settings.kinds,
    scanMinutes: settings.scanMinutes,
    publicUrl: settings.publicUrl,
    licenceDays: settings.licenceDays,
    payableDays: settings.payableDays,
    discrepancyDays: settings.discrepancyDays,
  };
}

/** The saved settings with the input applied: an omitted (null / undefined) address or secret keeps the saved one. */
export function mergeSettings(before: AlertSettings, input: AlertSettingsInput): AlertSettings {
  const keep = (value: string | null | undefined, saved: string) => (value === undefined || value === null ? saved : value.trim());
  return {
    wecom: { enabled: input.wecom.enabled, url: keep(input.wecom.url, before.wecom.url) },
    dingtalk: { enabled: input.dingtalk.enabled, url: keep(input.dingtalk.url, before.dingtalk.url), secret: keep(input.dingtalk.secret, before.dingtalk.secret) },
    smtp: {
      enabled: input.smtp.enabled,
      host: input.smtp.host,
      port: input.smtp.port,
      secure: input.smtp.secure,
      user: input.smtp.user,
      password: input.smtp.password === undefined || input.smtp.password === null ? before.smtp.password : input.smtp.password,
      from: input.smtp.from,
      to: [...new Set(input.smtp.to)],
    },
    kinds: ALERT_KINDS.filter((k) => input.kinds.includes(k)),
    scanMinutes: input.scanMinutes,
    publicUrl: input.publicUrl.replace(/\/+$/, ''),
    licenceDays: input.licenceDays,
    payableDays: input.payableDays,
    discrepancyDays: input.discrepancyDays,
  };
}

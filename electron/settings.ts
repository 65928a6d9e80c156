import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { normalizeHubUrl } from './hub-address.js';
import { normalizeFingerprint } from './fingerprint.js';

/**
 * The desktop shell's own settings (settings.json under userData): which mode, which hub, and the
 * certificate pinned for each hub origin. No business data lives here. Pure Node, no 'electron' import.
 */

const origin = z.string().refine((s) => {
  const r = normalizeHubUrl(s);
  return r.ok && r.origin === s;
});
const fingerprint = z.string().refine((s) => normalizeFingerprint(s) === s);

const settingsSchema = z.object({
  version: z.literal(1),
  connection: z
    .discriminatedUnion('mode', [z.object({ mode: z.literal('standalone') }), z.object({ mode: z.literal('connect'), hubOrigin: origin })])
    .nullable(),
  // Kept across mode changes, like ssh's known_hosts: switching back to a hub must not re-trust it silently.
  pins: z.record(origin, fingerprint),
});

export type ShellSettings = z.infer<typeof settingsSchema>;
export type Connection = NonNullable<ShellSettings['connection']>;

export const SETTINGS_FILE = 'settings.json';

export function defaultSettings(): ShellSettings {
  return { version: 1, connection: null, pins: {} };
}

/**
 * A missing, corrupt or hand-broken file means "ask again" (connection null), never a crash; the pins
 * survive if they alone are still valid, so a damaged file cannot downgrade a pinned hub to first use.
 */
export function parseSettings(text: string | null): ShellSettings {
  if (text === null) return defaultSettings();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return defaultSettings();
  }
  const parsed = settingsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const pins = z.object({ pins: settingsSchema.shape.pins }).safeParse(raw);
  return { ...defaultSettings(), pins: pins.success ? pins.data.pins : {} };
}

export function serializeSettings(settings: ShellSettings): string {
  return `${JSON.stringify(settingsSchema.parse(settings), null, 2)}\n`;
}

export function readSettings(dir: string): ShellSettings {
  let text: string | null;
  try {
    text = readFileSync(path.join(dir, SETTINGS_FILE), 'utf8');
  } catch {
    text = null;
  }
  return parseSettings(text);
}

/** Write-then-rename, so a crash mid-write leaves the previous file rather than half a file. */
export function writeSettings(dir: string, settings: ShellSettings): void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, SETTINGS_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, serializeSettings(settings), 'utf8');
  renameSync(temp, file);
}

export function withPin(settings: ShellSettings, hubOrigin: string, value: string): ShellSettings {
  const normalized = normalizeFingerprint(value);
  if (normalized === null) throw new Error('invalid fingerprint');
  return { ...settings, pins: { ...settings.pins, [hubOrigin]: normalized } };
}

export function withoutPin(settings: ShellSettings, hubOrigin: string): ShellSettings {
  const pins = { ...settings.pins };
  delete pins[hubOrigin];
  return { ...settings, pins };
}

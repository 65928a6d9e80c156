import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  defaultSettings,
  parseSettings,
  readSettings,
  SETTINGS_FILE,
  serializeSettings,
  withoutPin,
  withPin,
  writeSettings,
  type ShellSettings,
} from '../../electron/settings.js';

const pin = Array(32).fill('3C').join(':');
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tongcai-settings-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('shell settings', () => {
  it('treats a missing or unreadable file as first run', () => {
    expect(parseSettings(null)).toEqual({ version: 1, connection: null, pins: {} });
    expect(parseSettings('{not json')).toEqual(defaultSettings());
    expect(readSettings(tempDir())).toEqual(defaultSettings());
  });

  it('round-trips through the file', () => {
    const dir = tempDir();
    const settings = withPin(
      { ...defaultSettings(), connection: { mode: 'connect', hubOrigin: 'https://hub.example:8443' } },
      'https://hub.example:8443',
      pin.toLowerCase(),
    );
    writeSettings(dir, settings);
    expect(readSettings(dir)).toEqual({
      version: 1,
      connection: { mode: 'connect', hubOrigin: 'https://hub.example:8443' },
      pins: { 'https://hub.example:8443': pin },
    });
    // The write went through a temporary file that no longer exists.
    expect(readdirSync(dir)).toEqual([SETTINGS_FILE]);
  });

  it('refuses to store a connection or pin that is not canonical', () => {
    expect(() => serializeSettings({ version: 1, connection: { mode: 'connect', hubOrigin: 'http://10.1.1.1' }, pins: {} })).toThrow();
    expect(() => serializeSettings({ version: 1, connection: null, pins: { 'https://hub': 'abc' } } as ShellSettings)).toThrow();
    expect(() => withPin(defaultSettings(), 'https://hub', 'abc')).toThrow();
  });

  it('asks again after a hand-edited connection, but keeps the pins', () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, SETTINGS_FILE),
      JSON.stringify({
        version: 1,
        connection: { mode: 'connect', hubOrigin: 'http://192.168.0.9' },
        pins: { 'https://hub.example': pin },
      }),
    );
    expect(readSettings(dir)).toEqual({ version: 1, connection: null, pins: { 'https://hub.example': pin } });
  });

  it('keeps pins of other hubs when one is forgotten', () => {
    let settings = withPin(defaultSettings(), 'https://a.example', pin);
    settings = withPin(settings, 'https://b.example', pin);
    settings = withoutPin(settings, 'https://a.example');
    expect(settings.pins).toEqual({ 'https://b.example': pin });
  });

  it('writes readable JSON', () => {
    const dir = tempDir();
    writeSettings(dir, { ...defaultSettings(), connection: { mode: 'standalone' } });
    expect(JSON.parse(readFileSync(path.join(dir, SETTINGS_FILE), 'utf8'))).toEqual({
      version: 1,
      connection: { mode: 'standalone' },
      pins: {},
    });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { SETUP_CODE_POLICY } from '../../core/auth/policy.js';
import {
  ensureSetupCode,
  formatSetupCode,
  generateSetupCode,
  normalizeSetupCode,
  readSetupCode,
  SETUP_CODE_ALPHABET,
  SETUP_CODE_LENGTH,
} from '../../core/setup/setup-code.js';
import { call, freshDb, ok, SETUP_INPUT, setupCodeOf } from '../support/db.js';
import type { Db } from '../../db/open.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
function fresh() {
  const env = freshDb();
  cleanups.push(env.dispose);
  return env;
}
const count = (db: Db, sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;
const t0 = Date.parse('2026-05-04T02:00:00.000Z');
const at = (ms: number) => new Date(t0 + ms);

/** A code that is not the database's own (same alphabet and length, so only its value is wrong). */
function otherCode(db: Db): string {
  const real = setupCodeOf(db);
  return real.startsWith('A') ? `B${real.slice(1)}` : `A${real.slice(1)}`;
}

describe('the one-time setup code', () => {
  it('is made once from the unambiguous alphabet, kept until setup, and the same on every ask', () => {
    const { db } = fresh();
    expect(readSetupCode(db)).toBeNull();
    const code = ensureSetupCode(db)!;
    expect(code).toMatch(new RegExp(`^[${SETUP_CODE_ALPHABET}]{${SETUP_CODE_LENGTH}}$`));
    expect(code).not.toMatch(/[01OIL]/);
    expect(ensureSetupCode(db)).toBe(code);
    expect(readSetupCode(db)).toBe(code);
    // Random, not a constant or a counter.
    expect(new Set(Array.from({ length: 50 }, generateSetupCode)).size).toBe(50);
    expect(normalizeSetupCode(` ${formatSetupCode(code).toLowerCase()} `)).toBe(code);
  });

  it('is required: no code, a wrong code, or a database that never made one are refused and nothing is written', async () => {
    const { db } = fresh();
    const missing = await call(db, 'setup.initialize', SETUP_INPUT);
    expect(!missing.ok && missing.error.fields?.map((f) => f.path)).toEqual(['setupCode']);
    expect(!missing.ok && missing.error.fields?.[0]?.message).toBe('请输入初始化码');

    // Before the hub made a code, no code at all is right.
    const none = await call(db, 'setup.initialize', { ...SETUP_INPUT, setupCode: 'ABCDEFGHJK' });
    expect(!none.ok && none.error.code).toBe('FORBIDDEN');

    const wrong = await call(db, 'setup.initialize', { ...SETUP_INPUT, setupCode: otherCode(db) }, { clientAddress: '192.168.1.50' });
    expect(wrong.ok).toBe(false);
    if (wrong.ok) return;
    expect(wrong.error.code).toBe('FORBIDDEN');
    expect(wrong.error.fields).toEqual([{ path: 'setupCode', message: '初始化码不正确' }]);
    expect(count(db, 'SELECT count(*) AS n FROM units')).toBe(0);
    expect(count(db, 'SELECT count(*) AS n FROM users')).toBe(0);
    expect((await ok(db, 'setup.status', {})).initialized).toBe(false);
  });

  it('audits a wrong code as a failure without the code, and accepts the right one typed loosely', async () => {
    const { db } = fresh();
    const code = setupCodeOf(db);
    const typed = otherCode(db);
    await call(db, 'setup.initialize', { ...SETUP_INPUT, setupCode: typed }, { clientAddress: '192.168.1.50' });
    const rows = db.$client.prepare("SELECT username, target, summary FROM audit_log WHERE operation = 'setup.initialize'").all() as {
      summary: string;
    }[];
    expect(rows.map((r) => ({ ...r, summary: JSON.parse(r.summary) }))).toEqual([
      { username: '', target: 'community', summary: { result: 'failed', reason: 'setupCode', from: '192.168.1.50' } },
    ]);
    const everything = JSON.stringify(db.$client.prepare('SELECT * FROM audit_log').all());
    expect(everything).not.toContain(typed);
    expect(everything).not.toContain(code);

    await ok(db, 'setup.initialize', { ...SETUP_INPUT, setupCode: ` ${formatSetupCode(code).toLowerCase()} ` });
    expect((await ok(db, 'setup.status', {})).initialized).toBe(true);
  });

  it('is spent by a successful setup: gone from hub_settings, and the CLI path makes no new one', async () => {
    const { db } = fresh();
    const code = setupCodeOf(db);
    await ok(db, 'setup.initialize', { ...SETUP_INPUT, setupCode: code });
    expect(count(db, "SELECT count(*) AS n FROM hub_settings WHERE name LIKE 'setup_code%'")).toBe(0);
    expect(ensureSetupCode(db)).toBeNull();
    const again = await call(db, 'setup.initialize', { ...SETUP_INPUT, setupCode: code });
    expect(!again.ok && again.error.code).toBe('CONFLICT');
  });

  it('takes at most a few wrong codes a minute per address, and a limited number in all', async () => {
    const { db } = fresh();
    const code = setupCodeOf(db);
    const wrong = otherCode(db);
    const attempt = (setupCode: string, from: string, ms: number) =>
      call(db, 'setup.initialize', { ...SETUP_INPUT, setupCode }, { clientAddress: from, now: at(ms) });

    for (let i = 0; i < SETUP_CODE_POLICY.failuresPerAddress; i++) {
      const r = await attempt(wrong, '10.0.0.9', i * 1000);
      expect(!r.ok && r.error.code, `attempt ${i + 1}`).toBe('FORBIDDEN');
    }
    // Now even the right code from that address waits for the minute to pass; it is not audited again.
    const audited = count(db, 'SELECT count(*) AS n FROM audit_log');
    const limited = await attempt(code, '10.0.0.9', 10_000);
    expect(!limited.ok && limited.error.code).toBe('RATE_LIMITED');
    expect(!limited.ok && limited.error.message).toMatch(/过多/);
    expect(count(db, 'SELECT count(*) AS n FROM audit_log')).toBe(audited);
    // Another address is not held up by this one.
    const other = await attempt(wrong, '10.0.0.10', 11_000);
    expect(!other.ok && other.error.code).toBe('FORBIDDEN');

    // Spread over many addresses, the hub-wide ceiling still holds.
    let ms = 12_000;
    for (let i = 0; count(db, 'SELECT count(*) AS n FROM audit_log') < SETUP_CODE_POLICY.failuresInAll; i++) {
      await attempt(wrong, `10.1.0.${i}`, (ms += 100));
    }
    const ceiling = await attempt(code, '10.2.0.1', (ms += 100));
    expect(!ceiling.ok && ceiling.error.code).toBe('RATE_LIMITED');

    // A minute after the last failure, the right code gets through.
    await ok(
      db,
      'setup.initialize',
      { ...SETUP_INPUT, setupCode: code },
      { clientAddress: '10.0.0.9', now: at(ms + SETUP_CODE_POLICY.windowMs) },
    );
  });
});

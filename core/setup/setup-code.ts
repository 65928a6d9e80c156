/**
 * The one-time setup code. A hub on a new database makes one, prints it on its console (and `npm run cli --
 * setup-code` shows it again), and `setup.initialize` requires it: whoever merely reaches a fresh hub over the
 * network cannot make themselves its administrator. The code is kept in `hub_settings` as it is — the console
 * must be able to show it again, and whoever can read the database file owns the hub anyway — and deleted when
 * setup succeeds. Wrong codes are rate-limited (SETUP_CODE_POLICY) and audited, never with what was typed.
 */
import { randomInt, createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/open.js';
import { appendAuditEntry } from '../audit/chain.js';
import type { OperationContext } from '../context.js';
import { DomainError } from '../errors.js';
import { SETUP_CODE_POLICY } from '../auth/policy.js';

/** No 0/O, 1/I/L: the code is read off a console and typed by hand. 31 letters, 10 of them: ~49 bits. */
export const SETUP_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const SETUP_CODE_LENGTH = 10;

const CODE = 'setup_code';
const FAILURES = 'setup_code_failures';

/** Upper case, without spaces or dashes: `abcde-fghjk` is the code `ABCDEFGHJK`. */
export function normalizeSetupCode(text: string): string {
  return text.toUpperCase().replace(/[\s\-\u2010-\u2015\u3000]/g, '');
}

/** As the console shows it: two groups of five. */
export function formatSetupCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** A new code from the CSPRNG, every letter uniform (randomInt has no modulo bias). */
export function generateSetupCode(): string {
  return Array.from({ length: SETUP_CODE_LENGTH }, () => SETUP_CODE_ALPHABET[randomInt(SETUP_CODE_ALPHABET.length)]).join('');
}

/** A community exists or any user does: setup is over for good. */
export function hubInitialized(db: Db): boolean {
  const row = db.$client.prepare('SELECT EXISTS (SELECT 1 FROM community) OR EXISTS (SELECT 1 FROM users) AS initialized').get() as {
    initialized: number;
  };
  return row.initialized === 1;
}

const readSetting = (db: Db, name: string) =>
  (db.$client.prepare('SELECT value FROM hub_settings WHERE name = ?').get(name) as { value: string } | undefined)?.value ?? null;

/** The current setup code, or null (none made yet, or setup is done). */
export function readSetupCode(db: Db): string | null {
  return readSetting(db, CODE);
}

/**
 * The setup code of an uninitialised hub, made on first call and the same afterwards; null once the hub is
 * initialised (a stale code is removed then).
 */
export function ensureSetupCode(db: Db, now: Date = new Date()): string | null {
  const sqlite = db.$client;
  return sqlite
    .transaction(() => {
      if (hubInitialized(db)) {
        sqlite.prepare('DELETE FROM hub_settings WHERE name IN (?, ?)').run(CODE, FAILURES);
        return null;
      }
      sqlite
        .prepare('INSERT OR IGNORE INTO hub_settings (name, value, updated_at) VALUES (?, ?, ?)')
        .run(CODE, generateSetupCode(), now.toISOString());
      return readSetupCode(db);
    })
    .immediate();
}

interface Failure {
  at: number;
  from: string;
}

function recentFailures(db: Db, now: Date): Failure[] {
  const raw = readSetting(db, FAILURES);
  let list: Failure[];
  try {
    list = raw ? (JSON.parse(raw) as Failure[]) : [];
  } catch {
    list = [];
  }
  return list.filter((f) => typeof f?.at === 'number' && now.getTime() - f.at < SETUP_CODE_POLICY.windowMs);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * Checks the code `setup.initialize` was given, inside its transaction. Refuses (429) after too many wrong codes
 * in the last minute, from this address or in all; a wrong code (403, on the field `setupCode`) is recorded after
 * the rollback — in the rate window and in the audit log, without the code — so it counts although the call fails.
 */
export function checkSetupCode(ctx: OperationContext, given: string): void {
  const failures = recentFailures(ctx.db, ctx.now);
  const fromHere = failures.filter((f) => f.from === ctx.clientAddress).length;
  if (fromHere >= SETUP_CODE_POLICY.failuresPerAddress || failures.length >= SETUP_CODE_POLICY.failuresInAll) {
    throw new DomainError('RATE_LIMITED', '初始化码输入错误次数过多，请 1 分钟后再试');
  }
  const expected = readSetupCode(ctx.db);
  // Compared as digests, in constant time; an absent code (never made) matches nothing.
  const matches = expected !== null && timingSafeEqual(sha256(normalizeSetupCode(given)), sha256(expected));
  if (matches) return;
  ctx.onRollback((db) => {
    const list = [...recentFailures(db, ctx.now), { at: ctx.now.getTime(), from: ctx.clientAddress }];
    db.$client
      .prepare(
        'INSERT INTO hub_settings (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      )
      .run(FAILURES, JSON.stringify(list), ctx.now.toISOString());
    appendAuditEntry(db.$client, {
      at: ctx.now.toISOString(),
      userId: null,
      username: '',
      unitId: null,
      operation: 'setup.initialize',
      target: 'community',
      summary: JSON.stringify({ result: 'failed', reason: 'setupCode', from: ctx.clientAddress }),
    });
  });
  const message = '初始化码不正确：请查看中心服务启动时控制台显示的初始化码（或运行 npm run cli -- setup-code --data 数据目录）';
  throw new DomainError('FORBIDDEN', message, [{ path: 'setupCode', message: '初始化码不正确' }]);
}

/** Setup succeeded: the code is spent. Runs in setup.initialize's transaction. */
export function consumeSetupCode(db: Db): void {
  db.$client.prepare('DELETE FROM hub_settings WHERE name IN (?, ?)').run(CODE, FAILURES);
}

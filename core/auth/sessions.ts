import { createHash, randomBytes } from 'node:crypto';
import { ROLE_PERMISSIONS, type Role } from '../api/roles.js';
import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import type { UserActor } from '../context.js';
import { AUTH_POLICY } from './policy.js';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Opens a session and returns the token for the cookie; only its hash is stored. */
export function openSession(db: Db, userId: number, now: Date, clientAddress: string): string {
  const token = randomBytes(32).toString('base64url');
  db.$client
    .prepare('INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, client_address) VALUES (?, ?, ?, ?, ?)')
    .run(hashToken(token), userId, now.toISOString(), now.toISOString(), clientAddress);
  return token;
}

export function closeSession(db: Db, tokenHash: string): void {
  db.$client.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
}

export function closeSessionsOfUser(db: Db, userId: number, exceptTokenHash = ''): void {
  db.$client.prepare('DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?').run(userId, exceptTokenHash);
}

/** Ends every session of a unit's users (the unit was deactivated); returns how many ended. */
export function closeSessionsOfUnit(db: Db, unitId: number): number {
  return db.$client.prepare('DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE unit_id = ?)').run(unitId).changes;
}

/**
 * Records a session's last use, unless another connection holds the write lock (the dictionary import's
 * worker, the CLI): waiting on SQLite's busy timeout would freeze the hub for seconds, and a missed touch
 * is harmless — the next request, at most a minute later, tries again; the idle timeout is 30 minutes.
 */
function touchSession(db: Db, tokenHash: string, now: Date): void {
  const sqlite = db.$client;
  const waited = sqlite.pragma('busy_timeout', { simple: true }) as number;
  prepared(sqlite, 'PRAGMA busy_timeout = 0').run();
  try {
    prepared(sqlite, 'UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(now.toISOString(), tokenHash);
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
  } finally {
    sqlite.pragma(`busy_timeout = ${waited}`);
  }
}

interface SessionRow {
  tokenHash: string;
  createdAt: string;
  lastSeenAt: string;
  userId: number;
  username: string;
  role: Role;
  unitId: number;
  active: number;
  mustChangePassword: number;
}

/**
 * The actor behind a session token, or null when the token is unknown, idle too long, older than its absolute
 * lifetime (AUTH_POLICY.absoluteLifetimeMs, however busy it was), or its user or the
 * user's unit has been deactivated. An expired session is deleted; a live one has its last use recorded (at most once a minute).
 */
export function resolveSession(db: Db, token: string, now: Date): UserActor | null {
  const tokenHash = hashToken(token);
  const row = prepared(
    db.$client,
    `SELECT s.token_hash AS tokenHash, s.created_at AS createdAt, s.last_seen_at AS lastSeenAt, u.id AS userId, u.username, u.role,
              u.unit_id AS unitId, u.active * un.active AS active, u.must_change_password AS mustChangePassword
         FROM sessions s JOIN users u ON u.id = s.user_id JOIN units un ON un.id = u.unit_id WHERE s.token_hash = ?`,
  ).get(tokenHash) as SessionRow | undefined;
  if (!row) return null;
  const idleMs = now.getTime() - Date.parse(row.lastSeenAt);
  const ageMs = now.getTime() - Date.parse(row.createdAt);
  if (idleMs > AUTH_POLICY.idleTimeoutMs || ageMs > AUTH_POLICY.absoluteLifetimeMs || row.active !== 1) {
    closeSession(db, tokenHash);
    return null;
  }
  if (idleMs > AUTH_POLICY.touchIntervalMs) touchSession(db, tokenHash, now);
  return {
    kind: 'user',
    userId: row.userId,
    username: row.username,
    role: row.role,
    unitId: row.unitId,
    permissions: ROLE_PERMISSIONS[row.role],
    mustChangePassword: row.mustChangePassword === 1,
    sessionTokenHash: tokenHash,
  };
}

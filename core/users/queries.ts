import type { Role } from '../api/roles.js';
import { ROLE_PERMISSIONS } from '../api/roles.js';
import type { SessionUser, User } from '../api/auth.js';
import type { Db } from '../../db/open.js';
import type { users } from '../../db/schema.js';
import { prepared } from '../../db/statements.js';
import { notFound } from '../errors.js';

export type UserRow = typeof users.$inferSelect;

export const USER_COLUMNS = `id, username, display_name AS displayName, role, unit_id AS unitId, password_hash AS passwordHash,
  must_change_password AS mustChangePassword, failed_attempts AS failedAttempts, locked_until AS lockedUntil, active,
  last_login_at AS lastLoginAt, created_at AS createdAt, updated_at AS updatedAt`;

export function findUserByUsername(db: Db, username: string): UserRow | undefined {
  return prepared(db.$client, `SELECT ${USER_COLUMNS} FROM users WHERE username = ?`).get(username) as UserRow | undefined;
}

export function findUserRow(db: Db, id: number): UserRow | undefined {
  return prepared(db.$client, `SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(id) as UserRow | undefined;
}

export function getUserRow(db: Db, id: number): UserRow {
  const row = findUserRow(db, id);
  if (!row) throw notFound('用户');
  return row;
}

/** Every user, by username. */
export function allUserRows(db: Db): UserRow[] {
  return prepared(db.$client, `SELECT ${USER_COLUMNS} FROM users ORDER BY username`).all() as UserRow[];
}

function unitName(db: Db, unitId: number): string {
  return (prepared(db.$client, 'SELECT name FROM units WHERE id = ?').get(unitId) as { name: string } | undefined)?.name ?? '';
}

export function isLocked(row: UserRow, now: Date): boolean {
  return row.lockedUntil !== null && Date.parse(row.lockedUntil) > now.getTime();
}

export function toUser(db: Db, row: UserRow, now: Date): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role as Role,
    unitId: row.unitId,
    unitName: unitName(db, row.unitId),
    active: row.active === 1,
    locked: isLocked(row, now),
    mustChangePassword: row.mustChangePassword === 1,
    lastLoginAt: row.lastLoginAt,
    createdAt: row.createdAt,
  };
}

export function toSessionUser(db: Db, row: UserRow): SessionUser {
  const role = row.role as Role;
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role,
    unitId: row.unitId,
    unitName: unitName(db, row.unitId),
    permissions: [...ROLE_PERMISSIONS[role]],
    mustChangePassword: row.mustChangePassword === 1,
  };
}

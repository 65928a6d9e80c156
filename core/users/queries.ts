import { eq } from 'drizzle-orm';
import type { Role } from '../api/roles.js';
import { ROLE_PERMISSIONS } from '../api/roles.js';
import type { SessionUser, User } from '../api/auth.js';
import type { Db } from '../../db/open.js';
import { units, users } from '../../db/schema.js';
import { notFound } from '../errors.js';

export type UserRow = typeof users.$inferSelect;

export function findUserByUsername(db: Db, username: string): UserRow | undefined {
  return db.select().from(users).where(eq(users.username, username)).get();
}

export function getUserRow(db: Db, id: number): UserRow {
  const row = db.select().from(users).where(eq(users.id, id)).get();
  if (!row) throw notFound('用户');
  return row;
}

function unitName(db: Db, unitId: number): string {
  return db.select({ name: units.name }).from(units).where(eq(units.id, unitId)).get()?.name ?? '';
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

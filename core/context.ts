import type { Db } from '../db/open.js';
import type { Permission, Role } from './api/roles.js';
import type { UnitLevel } from './api/units.js';

/** A signed-in user an operation runs for, resolved by the hub from the session — never from input. */
export interface UserActor {
  kind: 'user';
  userId: number;
  username: string;
  role: Role;
  unitId: number;
  permissions: readonly Permission[];
  mustChangePassword: boolean;
  /** sha256 of the session token this call came with. */
  sessionTokenHash: string;
}

/**
 * The hub acting for itself: the administrator at the hub's console (`cli`), or the demo seed. It holds every
 * permission and sees every unit, and it is named in the audit log, e.g. `命令行 (cli)`. Only the CLI and the
 * hub's own code can make one; nothing that arrives over HTTP can.
 */
export interface SystemActor {
  kind: 'system';
  /** `seed_review`: the demo seed's second person, for what the two-person rule keeps from its preparer. */
  name: 'cli' | 'seed' | 'seed_review';
  /** What the audit log and the "by" columns show. */
  username: string;
  permissions: readonly Permission[];
}

export type Actor = UserActor | SystemActor;

/**
 * The units and levels whose records this caller may read and change; `null` means every unit (or level).
 * A set, not one id: a township centre acting for its village clinics, or a storekeeper bound to a store's
 * unit, fit the same shape.
 */
export interface CallerScope {
  /** The units whose records the caller reads (null: all). */
  units: readonly number[] | null;
  levels: readonly UnitLevel[] | null;
  /**
   * The units the caller writes for (null: all): their own unit. A township pharmacist who reviews its village
   * clinics' requisitions (乡村一体化) reads them but requests, confirms and counts only for its own unit; an
   * operation that acts on a reviewed unit's records says so (`reviewedUnits` in its scope).
   */
  writeUnits?: readonly number[] | null;
}

export interface AuditRecord {
  /** What was acted on, e.g. "unit:12" or "user:zhangsan". */
  target: string;
  /** What changed, as plain data; stored as canonical JSON. */
  summary: Record<string, unknown>;
  /** Who acted, where there is no session yet (login, the setup wizard). */
  as?: { userId: number; username: string; unitId: number };
}

/** A file handed to an operation that declares `upload`: the HTTP adapter or the CLI puts it on disk. */
export interface Attachment {
  path: string;
  /** The name the user gave it (for messages and the audit log). */
  filename: string;
  size: number;
}

export interface OperationContext {
  db: Db;
  /** The clock for this call: one instant for every timestamp it writes. */
  now: Date;
  actor: Actor | null;
  /** What this caller may reach; the registry checks inputs and outputs against it too. */
  scope: CallerScope;
  clientAddress: string;
  operation: string;
  /** Appends an audit entry in this operation's transaction. */
  audit(record: AuditRecord): void;
  /** A new session token to hand to the client (login), or a request to clear it (logout). */
  session: { issue?: string; clear?: boolean };
  /**
   * Work that must persist even though the operation fails (a failed login counts towards lockout).
   * Runs in its own transaction after the operation's has rolled back.
   */
  onRollback(work: (db: Db) => void): void;
  /** The file of an operation that declares `upload`; null otherwise. */
  attachment: Attachment | null;
  /** Reports progress of an operation that declares `progress` (a no-op elsewhere). */
  progress(event: Record<string, unknown>): void;
}

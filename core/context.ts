import type { Db } from '../db/open.js';
import type { Permission, Role } from './api/roles.js';

/** The signed-in user an operation runs for, resolved by the hub from the session — never from input. */
export interface Actor {
  userId: number;
  username: string;
  role: Role;
  unitId: number;
  permissions: readonly Permission[];
  mustChangePassword: boolean;
  /** sha256 of the session token this call came with. */
  sessionTokenHash: string;
}

export interface AuditRecord {
  /** What was acted on, e.g. "unit:12" or "user:zhangsan". */
  target: string;
  /** What changed, as plain data; stored as canonical JSON. */
  summary: Record<string, unknown>;
  /** Who acted, where there is no session yet (login, the setup wizard). */
  as?: { userId: number; username: string; unitId: number };
}

export interface OperationContext {
  db: Db;
  /** The clock for this call: one instant for every timestamp it writes. */
  now: Date;
  actor: Actor | null;
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
}

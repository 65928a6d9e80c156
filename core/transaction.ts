import type Database from 'better-sqlite3';

interface Statements {
  deferred: Database.Statement;
  immediate: Database.Statement;
  commit: Database.Statement;
  rollback: Database.Statement;
}

const statements = new WeakMap<Database.Database, Statements>();
/** Connections inside the transaction of an operation that does not mutate. */
const readOnly = new WeakSet<Database.Database>();

function statementsOf(sqlite: Database.Database): Statements {
  let s = statements.get(sqlite);
  if (!s) {
    s = {
      deferred: sqlite.prepare('BEGIN DEFERRED'),
      immediate: sqlite.prepare('BEGIN IMMEDIATE'),
      commit: sqlite.prepare('COMMIT'),
      rollback: sqlite.prepare('ROLLBACK'),
    };
    statements.set(sqlite, s);
  }
  return s;
}

/**
 * Runs `work` in one transaction — `IMMEDIATE` when it writes, `DEFERRED` for a read — and commits, or rolls
 * back and rethrows. What better-sqlite3's `db.transaction(fn)` does, with statements prepared once per
 * connection instead of a wrapper function built per call (it costs more than the BEGIN and COMMIT
 * themselves on a small read). Inside an open transaction it nests as a savepoint, as `db.transaction` does.
 */
export function inTransaction<T>(sqlite: Database.Database, write: boolean, work: () => T): T {
  if (sqlite.inTransaction) return sqlite.transaction(work)();
  const s = statementsOf(sqlite);
  (write ? s.immediate : s.deferred).run();
  if (!write) readOnly.add(sqlite);
  try {
    const result = work();
    s.commit.run();
    return result;
  } catch (error) {
    if (sqlite.inTransaction) s.rollback.run();
    throw error;
  } finally {
    readOnly.delete(sqlite);
  }
}

/** Whether the connection is inside the transaction of a read (an operation that does not mutate). */
export const inReadOnlyTransaction = (sqlite: Database.Database): boolean => readOnly.has(sqlite);

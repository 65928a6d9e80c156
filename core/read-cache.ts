import type Database from 'better-sqlite3';
import { prepared } from '../db/statements.js';
import { inReadOnlyTransaction } from './transaction.js';

interface Cache {
  stamp: string;
  values: Map<string, unknown>;
}

const caches = new WeakMap<Database.Database, Cache>();

/**
 * What the database looks like from this connection: rows this connection changed (total_changes, which
 * counts every INSERT, UPDATE and DELETE, triggers included, committed or not) and commits by any other
 * connection (data_version: the CLI, the import worker). While both stay the same, no row has changed.
 */
const stampOf = (sqlite: Database.Database): string => {
  const [changes, version] = prepared(sqlite, 'SELECT total_changes(), data_version FROM pragma_data_version').raw().get() as [
    number,
    number,
  ];
  return `${changes}:${version}`;
};

/**
 * A read whose result is kept until any row of the database changes: a small hot list (the units) that
 * every page asks for costs one stamp query instead of building its rows again. Filled only outside a
 * transaction or inside a read-only operation's, so it never holds uncommitted rows that a rollback could
 * take back (the registry also forgets everything when an operation fails). The value is shared between
 * callers: it is frozen, and callers copy before changing anything.
 */
export function cachedRead<T>(sqlite: Database.Database, key: string, compute: () => T): T {
  const stamp = stampOf(sqlite);
  let cache = caches.get(sqlite);
  if (cache?.stamp === stamp && cache.values.has(key)) return cache.values.get(key) as T;
  const value = compute();
  if (sqlite.inTransaction && !inReadOnlyTransaction(sqlite)) return value;
  if (cache?.stamp !== stamp) caches.set(sqlite, (cache = { stamp, values: new Map() }));
  cache.values.set(key, deepFreeze(value));
  return value;
}

/** Drops every cached read of the connection (an operation failed: its writes, if any, were rolled back). */
export function forgetCachedReads(sqlite: Database.Database): void {
  caches.delete(sqlite);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

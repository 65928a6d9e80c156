import { afterEach, describe, expect, it } from 'vitest';
import { cachedRead } from '../../core/read-cache.js';
import { inTransaction } from '../../core/transaction.js';
import { openDatabase } from '../../db/open.js';
import { freshDb } from '../support/db.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function setup() {
  const env = freshDb();
  cleanups.push(env.dispose);
  const sqlite = env.db.$client;
  sqlite.exec('CREATE TABLE t (v TEXT)');
  let computed = 0;
  const read = () =>
    cachedRead(sqlite, 't', () => {
      computed++;
      return (sqlite.prepare('SELECT v FROM t ORDER BY v').pluck().all() as string[]).slice();
    });
  return { ...env, sqlite, read, computed: () => computed };
}

describe('cachedRead', () => {
  it('answers from the cache until this connection changes a row or another connection commits', () => {
    const { sqlite, file, read, computed } = setup();
    expect(read()).toEqual([]);
    expect(read()).toEqual([]);
    expect(computed()).toBe(1);
    sqlite.prepare("INSERT INTO t VALUES ('a')").run();
    expect(read()).toEqual(['a']);
    expect(computed()).toBe(2);

    const other = openDatabase(file);
    other.$client.prepare("INSERT INTO t VALUES ('b')").run();
    other.$client.close();
    expect(read()).toEqual(['a', 'b']);
    expect(computed()).toBe(3);
    expect(Object.isFrozen(read())).toBe(true);
  });

  it('never keeps what a write transaction read, so a rollback cannot leave rows that were never committed', () => {
    const { sqlite, read, computed } = setup();
    expect(() =>
      inTransaction(sqlite, true, () => {
        sqlite.prepare("INSERT INTO t VALUES ('uncommitted')").run();
        expect(read()).toEqual(['uncommitted']);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(read()).toEqual([]);
    expect(computed()).toBe(2);
    // A read-only transaction may fill it: what it sees is committed.
    sqlite.prepare("INSERT INTO t VALUES ('c')").run();
    expect(inTransaction(sqlite, false, () => read())).toEqual(['c']);
    expect(read()).toEqual(['c']);
    expect(computed()).toBe(3);
  });
});

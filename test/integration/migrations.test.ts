import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/open.js';
import { currentSchema, knownMigrations, migrate, MigrationError } from '../../db/migrate.js';
import { freshDb, ok, SETUP_INPUT } from '../support/db.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function emptyFile() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-mig-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'tongcai.db');
}

describe('migrations', () => {
  it('apply in order to an empty database and record the latest schema', () => {
    const db = openDatabase(emptyFile());
    cleanups.unshift(() => db.$client.close());
    const known = knownMigrations();
    const result = migrate(db.$client);
    expect(result.applied).toEqual(known.map((m) => m.tag));
    expect(currentSchema(db.$client)).toBe(known.at(-1)!.tag);
    // Running again applies nothing.
    expect(migrate(db.$client).applied).toEqual([]);
  });

  it('make every table STRICT, with WAL and foreign keys on', () => {
    const { db, dispose } = freshDb();
    cleanups.push(dispose);
    const tables = db.$client.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
      strict: number;
    }[];
    expect(tables.length).toBeGreaterThan(5);
    expect(tables.filter((t) => t.strict !== 1).map((t) => t.name)).toEqual([]);
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('refuse a database written by a newer version, changing nothing', () => {
    const db = openDatabase(emptyFile());
    cleanups.unshift(() => db.$client.close());
    migrate(db.$client);
    db.$client.prepare("INSERT INTO schema_migrations VALUES (999, '0999_future', 'x', '2030-01-01')").run();
    const before = db.$client.prepare('SELECT count(*) AS n FROM schema_migrations').get();
    expect(() => migrate(db.$client)).toThrow(MigrationError);
    try {
      migrate(db.$client);
    } catch (e) {
      expect((e as MigrationError).code).toBe('DATABASE_TOO_NEW');
      expect((e as Error).message).toContain('更新的版本');
    }
    expect(db.$client.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual(before);
  });

  it('refuse a database whose applied migrations are not a prefix of the known ones', () => {
    const db = openDatabase(emptyFile());
    cleanups.unshift(() => db.$client.close());
    migrate(db.$client);
    db.$client.prepare("UPDATE schema_migrations SET hash = 'tampered' WHERE idx = 0").run();
    expect(() => migrate(db.$client)).toThrow(/迁移记录与本程序不一致/);
  });

  it('apply pending migrations to a populated database without losing its rows', () => {
    // Simulates an upgrade: a database at the first migration, with data, brought to the latest.
    const file = emptyFile();
    const db = openDatabase(file);
    cleanups.unshift(() => db.$client.close());
    const known = knownMigrations();
    migrate(db.$client, known.slice(0, 1));
    if (known.length > 1) {
      migrate(db.$client, known);
    }
    ok(db, 'setup.initialize', SETUP_INPUT);
    const units = db.$client.prepare('SELECT count(*) AS n FROM units').get() as { n: number };
    expect(units.n).toBe(1);
    expect(migrate(db.$client).applied).toEqual([]);
  });
});

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type Database from 'better-sqlite3';

/** Where the committed drizzle-kit migrations live (SQL files plus meta/_journal.json). */
export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  idx: number;
  tag: string;
  sql: string;
  hash: string;
}

export class MigrationError extends Error {
  constructor(
    readonly code: 'DATABASE_TOO_NEW' | 'MIGRATIONS_DIVERGED',
    message: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

/** The migrations this build knows, in order, from drizzle-kit's journal. */
export function knownMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const journal = JSON.parse(readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  return journal.entries
    .slice()
    .sort((a, b) => a.idx - b.idx)
    .map(({ idx, tag }) => {
      const sql = readFileSync(path.join(dir, `${tag}.sql`), 'utf8');
      return { idx, tag, sql, hash: createHash('sha256').update(sql).digest('hex') };
    });
}

const LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  idx INTEGER PRIMARY KEY,
  tag TEXT NOT NULL,
  hash TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT`;

export interface MigrateResult {
  applied: string[];
  latest: string;
}

/**
 * Brings a database up to this build's schema. Refuses — changing nothing — a database written by a
 * newer build, or one whose applied migrations are not a prefix of the known ones. Each migration
 * commits whole or not at all.
 */
export function migrate(sqlite: Database.Database, migrations = knownMigrations()): MigrateResult {
  sqlite.exec(LEDGER);
  const applied = sqlite.prepare('SELECT idx, tag, hash FROM schema_migrations ORDER BY idx').all() as {
    idx: number;
    tag: string;
    hash: string;
  }[];
  if (applied.length > migrations.length) {
    throw new MigrationError(
      'DATABASE_TOO_NEW',
      `数据库来自更新的版本（已应用 ${applied.length} 个迁移，本程序只认识 ${migrations.length} 个），请升级统采后再打开`,
    );
  }
  applied.forEach((row, i) => {
    const known = migrations[i]!;
    if (row.idx !== known.idx || row.tag !== known.tag || row.hash !== known.hash) {
      throw new MigrationError(
        'MIGRATIONS_DIVERGED',
        `数据库的迁移记录与本程序不一致：第 ${i + 1} 个迁移为 ${row.tag}，应为 ${known.tag}`,
      );
    }
  });
  const pending = migrations.slice(applied.length);
  const record = sqlite.prepare('INSERT INTO schema_migrations (idx, tag, hash, applied_at) VALUES (?, ?, ?, ?)');
  // A migration that rebuilds a table (SQLite's only way to add a constraint) drops and re-creates tables
  // other tables refer to. SQLite ignores `PRAGMA foreign_keys` inside a transaction, so it is switched off
  // around each migration's transaction and the references are checked before that transaction commits.
  const foreignKeys = sqlite.pragma('foreign_keys', { simple: true }) as number;
  if (pending.length) sqlite.pragma('foreign_keys = OFF');
  try {
    for (const m of pending) {
      sqlite.transaction(() => {
        for (const statement of m.sql.split('--> statement-breakpoint')) {
          if (statement.trim()) sqlite.exec(statement);
        }
        const broken = sqlite.pragma('foreign_key_check') as { table: string; parent: string }[];
        if (broken.length) {
          const first = broken[0]!;
          throw new Error(`migration ${m.tag} leaves ${broken.length} broken reference(s), e.g. ${first.table} → ${first.parent}`);
        }
        record.run(m.idx, m.tag, m.hash, new Date().toISOString());
      })();
    }
  } finally {
    if (pending.length) sqlite.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
  const latest = migrations.at(-1)?.tag ?? '';
  return { applied: pending.map((m) => m.tag), latest };
}

/** The tag of the last migration applied to this database, or null for an empty one. */
export function currentSchema(sqlite: Database.Database): string | null {
  const hasLedger = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!hasLedger) return null;
  const row = sqlite.prepare('SELECT tag FROM schema_migrations ORDER BY idx DESC LIMIT 1').get() as { tag: string } | undefined;
  return row?.tag ?? null;
}

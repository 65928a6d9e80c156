import { existsSync, mkdirSync } from 'node:fs';
import { currentSchema, migrate, MigrationError } from '../../db/migrate.js';
import { openDatabase, type Db } from '../../db/open.js';
import { databasePath } from '../hub.js';

export class CliError extends Error {
  override name = 'CliError';
  /** The registry's error code when an operation refused (VALIDATION, FORBIDDEN…). */
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Opens an existing hub database, or explains in Chinese that there is none. */
export function openExisting(dataDir: string, options: { readonly?: boolean } = {}): Db {
  const file = databasePath(dataDir);
  if (!existsSync(file)) throw new CliError(`找不到数据库：${file}`);
  return openDatabase(file, options);
}

/** Opens (creating if need be) and migrates; a MigrationError comes back as a CliError with its message. */
export function openMigrated(dataDir: string): { db: Db; created: boolean; applied: string[]; schema: string | null } {
  mkdirSync(dataDir, { recursive: true });
  const file = databasePath(dataDir);
  const created = !existsSync(file);
  const db = openDatabase(file);
  try {
    const { applied } = migrate(db.$client);
    return { db, created, applied, schema: currentSchema(db.$client) };
  } catch (error) {
    db.$client.close();
    if (error instanceof MigrationError) throw new CliError(error.message);
    throw error;
  }
}

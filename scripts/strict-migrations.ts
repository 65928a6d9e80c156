/**
 * drizzle-kit does not write STRICT tables. After `drizzle-kit generate`, this adds the keyword to every
 * CREATE TABLE in migrations that have never been applied anywhere — i.e. the newest, uncommitted ones.
 * It only touches files git does not know yet, so a committed migration's hash never changes.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS_DIR } from '../db/migrate.js';

const tracked = new Set(
  execFileSync('git', ['ls-files', MIGRATIONS_DIR], { encoding: 'utf8' })
    .split('\n')
    .map((f) => path.basename(f)),
);
for (const file of readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql') && !tracked.has(f))) {
  const full = path.join(MIGRATIONS_DIR, file);
  const sql = readFileSync(full, 'utf8');
  // A CREATE TABLE statement ends with ");" at the start of a line.
  const strict = sql.replace(/(CREATE TABLE [^;]*?\n\));/g, '$1 STRICT;');
  if (strict !== sql) {
    writeFileSync(full, strict);
    console.log(`STRICT added: ${file}`);
  }
}

import { afterEach, describe, expect, it } from 'vitest';
import type { OperationContext } from '../../core/context.js';
import { databaseStamp } from '../../core/platform/imports/common.js';
import { openDatabase } from '../../db/open.js';
import { freshDb } from '../support/db.js';

/** What a preview's stamp is made of: a commit reuses the preview only while the stamp holds. */
const contextOf = (db: OperationContext['db'], now = new Date('2026-12-03T02:00:00Z'), username = 'keeper') =>
  ({ db, now, actor: { kind: 'user', userId: 7, username } }) as unknown as OperationContext;

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

describe('the database stamp a 配送明细 preview is kept under', () => {
  it('holds across reads and moves with a write on this connection, a commit by another, the date and the caller', () => {
    const fresh = freshDb();
    dispose = fresh.dispose;
    const ctx = contextOf(fresh.db);
    const stamp = databaseStamp(ctx);
    fresh.db.$client.prepare('SELECT count(*) FROM units').get();
    expect(databaseStamp(ctx)).toBe(stamp);

    fresh.db.$client.prepare("INSERT INTO hub_settings (name, value, updated_at) VALUES ('stamp.test', '1', '2026-12-03T02:00:00Z')").run();
    const afterOwnWrite = databaseStamp(ctx);
    expect(afterOwnWrite).not.toBe(stamp);

    // A CLI command or a worker writes through its own connection: data_version moves on this one.
    const other = openDatabase(fresh.file);
    try {
      other.$client.prepare("UPDATE hub_settings SET value = '2' WHERE name = 'stamp.test'").run();
    } finally {
      other.$client.close();
    }
    const afterOtherWrite = databaseStamp(ctx);
    expect(afterOtherWrite).not.toBe(afterOwnWrite);
    expect(databaseStamp(ctx)).toBe(afterOtherWrite);

    expect(databaseStamp(contextOf(fresh.db, new Date('2026-12-03T17:00:00Z')))).not.toBe(afterOtherWrite);
    expect(databaseStamp(contextOf(fresh.db, undefined, 'officer'))).not.toBe(afterOtherWrite);
  });
});

import type { Db } from '../../db/open.js';
import { authorize } from '../../core/auth/authorize.js';
import { readTable } from '../../core/imports/table.js';
import { storeUpload } from '../../core/imports/uploads.js';
import { initialised, ok, userWithSession } from '../support/db.js';

/** An initialised community with a pharmacy officer (who may import) signed in. */
export function withOfficer() {
  const fresh = initialised();
  const [lead] = ok(fresh.db, 'unit.list', {}, { sessionToken: fresh.admin }).units;
  const officer = userWithSession(fresh.db, fresh.admin, { username: 'yaoshi', displayName: '李药师', role: 'pharmacy_officer', unitId: lead!.id });
  return { ...fresh, officer: officer.token };
}

/** Parses and stores a file as the HTTP upload route does; returns the upload id. */
export async function upload(db: Db, token: string, bytes: Buffer, filename: string): Promise<number> {
  const actor = authorize(db, token, 'formulary.manage');
  return storeUpload(db, actor, filename, await readTable(bytes, filename), new Date());
}

export const count = (db: Db, table: string): number => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

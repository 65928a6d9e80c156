import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Db } from '../../db/open.js';
import { initialised, ok, userWithSession } from '../support/db.js';

/** An initialised community with a pharmacy officer (who may import) signed in. */
export async function withOfficer() {
  const fresh = await initialised();
  const [lead] = (await ok(fresh.db, 'unit.list', {}, { sessionToken: fresh.admin })).units;
  const officer = await userWithSession(fresh.db, fresh.admin, { username: 'yaoshi', displayName: '李药师', role: 'pharmacy_officer', unitId: lead!.id });
  return { ...fresh, officer: officer.token };
}

/** Uploads a file through the registered operation, as the HTTP adapter does; returns the upload id. */
export async function upload(db: Db, token: string, bytes: Buffer, filename: string): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-upload-test-'));
  try {
    const file = path.join(dir, 'upload.bin');
    writeFileSync(file, bytes);
    const attachment = { path: file, filename, size: bytes.length };
    return (await ok(db, 'formularyImport.upload', {}, { sessionToken: token, attachment })).uploadId;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const count = (db: Db, table: string): number => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import { notFound } from '../errors.js';
import { auditAs, assertPermitted, type ImportActor } from './actor.js';
import type { Sheet, Table } from './table.js';

export const UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

export interface Upload {
  id: number;
  filename: string;
  encoding: string;
  sheets: Sheet[];
  uploadedBy: number;
}

/** Keeps a parsed spreadsheet for the mapping, preview and commit steps that follow. */
export function storeUpload(db: Db, actor: ImportActor & { userId: number }, filename: string, table: Table, now: Date): number {
  assertPermitted(actor, 'formulary.manage', '上传目录导入文件');
  const sqlite = db.$client;
  return sqlite
    .transaction(() => {
      const { id } = prepared(sqlite, 'INSERT INTO import_uploads (filename, encoding, sheets, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?) RETURNING id').get(
        filename,
        table.encoding,
        JSON.stringify(table.sheets),
        actor.userId,
        now.toISOString(),
      ) as { id: number };
      const rows = table.sheets.reduce((n, s) => n + s.rows.length, 0);
      auditAs(sqlite, actor, { at: now.toISOString(), operation: 'formularyImport.upload', target: `upload:${id}`, summary: { filename, encoding: table.encoding, sheets: table.sheets.length, rows } });
      return id;
    })
    .immediate();
}

/** An upload, only to the user who made it: a file is not shared by being numbered. */
export function loadUpload(db: Db, id: number, userId: number): Upload {
  const row = prepared(db.$client, 'SELECT id, filename, encoding, sheets, uploaded_by AS uploadedBy FROM import_uploads WHERE id = ?').get(id) as
    | (Omit<Upload, 'sheets'> & { sheets: string })
    | undefined;
  if (!row || row.uploadedBy !== userId) throw notFound('导入文件');
  return { ...row, sheets: JSON.parse(row.sheets) as Sheet[] };
}

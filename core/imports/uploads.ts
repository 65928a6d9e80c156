import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import type { Actor, OperationContext } from '../context.js';
import { notFound } from '../errors.js';
import type { Sheet, Table } from './table.js';

export interface Upload {
  id: number;
  filename: string;
  encoding: string;
  sheets: Sheet[];
  /** null: the hub's system actor (the CLI). */
  uploadedBy: number | null;
}

/** The user id an upload is kept for; the system actor's uploads have none. */
const ownerOf = (actor: Actor | null): number | null => (actor?.kind === 'user' ? actor.userId : null);

/** Keeps a parsed spreadsheet for the mapping, preview and commit steps that follow (in the caller's transaction). */
export function storeUpload(ctx: OperationContext, filename: string, table: Table): number {
  const { id } = prepared(ctx.db.$client, 'INSERT INTO import_uploads (filename, encoding, sheets, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?) RETURNING id').get(
    filename,
    table.encoding,
    JSON.stringify(table.sheets),
    ownerOf(ctx.actor),
    ctx.now.toISOString(),
  ) as { id: number };
  const rows = table.sheets.reduce((n, s) => n + s.rows.length, 0);
  ctx.audit({ target: `upload:${id}`, summary: { filename, encoding: table.encoding, sheets: table.sheets.length, rows } });
  return id;
}

/** An upload, only to whoever made it (a user, or the system actor): a file is not shared by being numbered. */
export function loadUpload(db: Db, id: number, actor: Actor | null): Upload {
  const row = prepared(db.$client, 'SELECT id, filename, encoding, sheets, uploaded_by AS uploadedBy FROM import_uploads WHERE id = ?').get(id) as
    | (Omit<Upload, 'sheets'> & { sheets: string })
    | undefined;
  if (!row || !actor || row.uploadedBy !== ownerOf(actor)) throw notFound('导入文件');
  return { ...row, sheets: JSON.parse(row.sheets) as Sheet[] };
}

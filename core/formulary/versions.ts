import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import type { OperationContext } from '../context.js';
import { itemFieldsOfRow, selectItemRows, type ItemRow } from './item-rows.js';

/** What formulary_item_history keeps of an item at a version: its fields, code and status. */
export type ItemSnapshot = ReturnType<typeof snapshotOf>;

function snapshotOf(row: ItemRow) {
  return { code: row.code, status: row.status, fields: itemFieldsOfRow(row) };
}

/** The latest version number, 0 before the first. */
export function currentVersion(db: Db): number {
  const row = prepared(db.$client, 'SELECT coalesce(max(version), 0) AS v FROM formulary_versions').get() as { v: number };
  return row.v;
}

/**
 * Opens the next formulary version. Every change to items belongs to one: the items it touches get
 * `version` set and a snapshot, so any past version can be rebuilt.
 */
export function openVersion(ctx: OperationContext, note: string, changeRequestId: number | null): number {
  const version = currentVersion(ctx.db) + 1;
  prepared(
    ctx.db.$client,
    'INSERT INTO formulary_versions (version, created_at, created_by, note, change_request_id) VALUES (?, ?, ?, ?, ?)',
  ).run(version, ctx.now.toISOString(), ctx.actor?.username ?? '', note, changeRequestId);
  return version;
}

/** Writes the item's present state as its snapshot for `version` (the last write in a version wins). */
export function snapshotItem(ctx: OperationContext, itemId: number, version: number): void {
  const [row] = selectItemRows(ctx.db, { id: itemId });
  if (!row) throw new Error(`snapshot of missing item ${itemId}`);
  prepared(ctx.db.$client, 'INSERT OR REPLACE INTO formulary_item_history (item_id, version, snapshot) VALUES (?, ?, ?)').run(
    itemId,
    version,
    JSON.stringify(snapshotOf(row)),
  );
}

/** Each item as it stood at `version`: its latest snapshot with version ≤ V. Items created later are absent. */
export function snapshotsAt(db: Db, version: number): Map<number, { version: number; snapshot: ItemSnapshot }> {
  const rows = prepared(
    db.$client,
    `SELECT h.item_id AS itemId, h.version, h.snapshot FROM formulary_item_history h
     JOIN (SELECT item_id, max(version) AS v FROM formulary_item_history WHERE version <= ? GROUP BY item_id) last
       ON last.item_id = h.item_id AND last.v = h.version`,
  ).all(version) as { itemId: number; version: number; snapshot: string }[];
  return new Map(rows.map((r) => [r.itemId, { version: r.version, snapshot: JSON.parse(r.snapshot) as ItemSnapshot }]));
}

export interface VersionRow {
  version: number;
  createdAt: string;
  createdBy: string;
  note: string;
  requestNumber: string | null;
  resolutionNo: string | null;
  itemCount: number;
}

/** Every version, newest first, with the number of items the formulary held at it. */
export function listVersions(db: Db): VersionRow[] {
  const rows = prepared(
    db.$client,
    `SELECT v.version, v.created_at AS createdAt, v.created_by AS createdBy, v.note,
            r.number AS requestNumber, r.resolution_no AS resolutionNo
     FROM formulary_versions v LEFT JOIN formulary_change_requests r ON r.id = v.change_request_id
     ORDER BY v.version`,
  ).all() as Omit<VersionRow, 'itemCount'>[];
  const firsts = prepared(
    db.$client,
    `SELECT first AS version, count(*) AS n FROM (SELECT min(version) AS first FROM formulary_item_history GROUP BY item_id) GROUP BY first`,
  ).all() as { version: number; n: number }[];
  const added = new Map(firsts.map((f) => [f.version, f.n]));
  let count = 0;
  return rows.map((r) => ({ ...r, itemCount: (count += added.get(r.version) ?? 0) })).reverse();
}

/**
 * A batch 目录变更申请: many items added or changed under one 药事会 resolution — a spreadsheet import, or
 * the initial formulary of the demo seed. The resolution comes with the batch, so the request is recorded
 * as approved and applied at once, as one formulary version, with one row per item; it shows in the
 * change-request list like any other, and its rows in its drawer (changeRequest.get).
 */
import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import type { ChangeRequestRow, ItemFields, PriceKind } from '../api/formulary.js';
import type { OperationContext } from '../context.js';
import { nextNumber } from '../documents/numbering.js';
import { communityYear } from '../time.js';
import { createItem, getItemRow, updateItem } from './items.js';
import { recordPrice } from './prices.js';
import { openVersion } from './versions.js';

export interface BatchPrice {
  kind: PriceKind;
  priceMicro: number;
  /** YYYY-MM-DD */
  effectiveFrom: string;
  note: string;
}

export interface BatchRow {
  /** null adds a new item; otherwise the item changed. */
  itemId: number | null;
  fields: ItemFields;
  /** Whether the item's fields change (a row may only bring new prices). */
  fieldsChanged: boolean;
  prices: BatchPrice[];
  /** What changed, as the preview showed it ("from → to"); kept on the row for the request's drawer. */
  changes: ChangeRequestRow['changes'];
  sourceRow: number | null;
}

export interface BatchInput {
  /** 申请理由 / 导入说明, e.g. "年度目录调整（导入 目录.xlsx）" or "初始目录". */
  reason: string;
  resolutionNo: string;
  resolutionDate: string;
  /** The version's note. */
  versionNote: string;
  rows: BatchRow[];
}

/** The proposer's unit: the user's own, or the lead hospital when the hub acts for itself. */
function proposerUnit(ctx: OperationContext): number {
  if (ctx.actor?.kind === 'user') return ctx.actor.unitId;
  const row = prepared(ctx.db.$client, 'SELECT lead_unit_id AS id FROM community WHERE id = 1').get() as { id: number } | undefined;
  if (!row) throw new Error('batch change request before the community is set up');
  return row.id;
}

/** Records the batch as an approved request and applies it as one version; returns both. */
export function applyBatch(ctx: OperationContext, input: BatchInput): { requestId: number; number: string; version: number } {
  const at = ctx.now.toISOString();
  const user = ctx.actor?.kind === 'user' ? ctx.actor.userId : null;
  const system = ctx.actor?.kind === 'user' ? null : (ctx.actor?.username ?? '系统');
  const number = nextNumber(ctx.db, 'ML', communityYear(ctx.now));
  const { id: requestId } = prepared(
    ctx.db.$client,
    `INSERT INTO formulary_change_requests (number, kind, item_id, proposal, reason, status, proposed_by, proposed_by_system, proposer_unit_id,
       proposed_at, resolution_no, resolution_date, decided_by, decided_at)
     VALUES (?, 'batch', NULL, NULL, ?, 'approved', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  ).get(number, input.reason, user, system, proposerUnit(ctx), at, input.resolutionNo, input.resolutionDate, user, at) as { id: number };
  const version = openVersion(ctx, input.versionNote, requestId);
  const insertRow = prepared(
    ctx.db.$client,
    `INSERT INTO formulary_change_request_rows (request_id, line, kind, item_id, proposal, base_version, source_row) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  let added = 0;
  let changed = 0;
  input.rows.forEach((row, i) => {
    const baseVersion = row.itemId === null ? null : getItemRow(ctx.db, row.itemId).version;
    const itemId =
      row.itemId === null ? createItem(ctx, row.fields, version).id : row.fieldsChanged ? updateItem(ctx, row.itemId, row.fields, version).id : row.itemId;
    for (const price of row.prices) recordPrice(ctx, { itemId, ...price });
    insertRow.run(
      requestId,
      i + 1,
      row.itemId === null ? 'add' : 'change',
      itemId,
      JSON.stringify({ fields: row.fields, prices: row.prices, changes: row.changes }),
      baseVersion,
      row.sourceRow,
    );
    if (row.itemId === null) added++;
    else changed++;
  });
  prepared(ctx.db.$client, 'UPDATE formulary_change_requests SET applied_version = ? WHERE id = ?').run(version, requestId);
  ctx.audit({
    target: `changeRequest:${number}`,
    summary: { batch: { reason: input.reason, rows: input.rows.length, added, changed }, resolutionNo: input.resolutionNo, resolutionDate: input.resolutionDate, appliedVersion: version },
  });
  return { requestId, number, version };
}

/** The rows of a batch request, in order, with each item's current code and name. */
export function batchRows(db: Db, requestId: number): ChangeRequestRow[] {
  const rows = prepared(
    db.$client,
    `SELECT r.line, r.kind, r.item_id AS itemId, r.proposal, r.source_row AS sourceRow, i.code AS itemCode, i.generic_name || ' ' || i.spec AS itemName
     FROM formulary_change_request_rows r LEFT JOIN formulary_items i ON i.id = r.item_id WHERE r.request_id = ? ORDER BY r.line`,
  ).all(requestId) as { line: number; kind: 'add' | 'change'; itemId: number | null; proposal: string; sourceRow: number | null; itemCode: string | null; itemName: string | null }[];
  return rows.map((r) => {
    const proposal = JSON.parse(r.proposal) as { fields: ItemFields; changes: ChangeRequestRow['changes'] };
    return {
      line: r.line,
      kind: r.kind,
      itemId: r.itemId,
      itemCode: r.itemCode ?? '',
      itemName: r.itemName ?? `${proposal.fields.genericName} ${proposal.fields.spec}`,
      sourceRow: r.sourceRow,
      changes: proposal.changes,
    };
  });
}

/**
 * Stale proposals. A 目录变更申请 records the item's version it was based on; when the officer approves it
 * later, the item may have been changed since (another request, an import). Applying the proposal as it
 * stands would silently put those fields back. This finds the fields an approval would revert, so the
 * decision can refuse with CONFLICT and name them unless the officer confirms (`confirmOverwrite`).
 */
import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import type { ItemFields } from '../api/formulary.js';
import { ITEM_FIELD_LABELS } from '../api/labels.js';
import { DomainError } from '../errors.js';
import { itemFieldsOfRow, selectItemRows } from './item-rows.js';


export interface RevertedField {
  field: keyof ItemFields;
  label: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The item's fields as snapshotted at `version`, or null when there is no snapshot for it. */
function fieldsAt(db: Db, itemId: number, version: number): ItemFields | null {
  const row = prepared(db.$client, 'SELECT snapshot FROM formulary_item_history WHERE item_id = ? AND version = ?').get(itemId, version) as
    | { snapshot: string }
    | undefined;
  return row ? (JSON.parse(row.snapshot) as { fields: ItemFields }).fields : null;
}

/**
 * The fields changed since `baseVersion` that applying `proposed` would set back to something else: changed
 * since (base ≠ current) and the proposal differs from the current value. Empty when the item is still
 * at its base version, when nothing proposed touches what changed, or when the base is unknown (a
 * request older than base versions, whose snapshot is missing).
 */
export function revertedFields(db: Db, itemId: number, baseVersion: number | null, proposed: Partial<ItemFields>): RevertedField[] {
  if (baseVersion === null) return [];
  const [row] = selectItemRows(db, { id: itemId });
  if (!row || row.version === baseVersion) return [];
  const base = fieldsAt(db, itemId, baseVersion);
  if (!base) return [];
  const current = itemFieldsOfRow(row);
  return (Object.keys(proposed) as (keyof ItemFields)[])
    .filter((field) => field in ITEM_FIELD_LABELS && !same(base[field], current[field]) && !same(proposed[field], current[field]))
    .map((field) => ({ field, label: ITEM_FIELD_LABELS[field] }));
}

/** CONFLICT naming the reverted fields, each on its path under `prefix` (e.g. "item"). */
export function revertConflict(what: string, reverted: RevertedField[], prefix = 'item'): DomainError {
  const names = reverted.map((r) => r.label).join('、');
  const message = `${what}提出后，品种的${names}已被修改；批准将改回申请中的值。请核对后确认覆盖再批准`;
  return new DomainError(
    'CONFLICT',
    message,
    reverted.map((r) => ({ path: `${prefix}.${r.field}`, message: `${r.label}在申请提出后已被修改` })),
  );
}

import type Database from 'better-sqlite3';
import type { Db } from '../../db/open.js';
import type { SearchIndex } from './search-index.js';

export type SearchKind = 'formulary' | 'dictionary';

interface Slot {
  generation: number;
  built: number;
  /** SQLite's data_version when the index was last known fresh: it changes when another connection commits. */
  dataVersion: number;
  fingerprint: string;
  index: SearchIndex<unknown> | null;
}

/** Per connection: each kind's index and the generation it was built at. Collected with the connection. */
const slots = new WeakMap<Database.Database, Map<SearchKind, Slot>>();

/**
 * A cheap summary of the rows an index is built from. Checked only after another connection committed
 * (the CLI importing while the hub runs), so a write elsewhere to other tables costs no rebuild.
 */
const FINGERPRINT_SQL: Record<SearchKind, string> = {
  formulary: "SELECT count(*) || '|' || coalesce(max(id), 0) || '|' || coalesce(max(updated_at), '') AS f FROM formulary_items",
  dictionary: "SELECT count(*) || '|' || coalesce(max(updated_at), '') || '|' || sum(present) AS f FROM dictionary_entries",
};

function slotOf(db: Db, kind: SearchKind): Slot {
  let perDb = slots.get(db.$client);
  if (!perDb) slots.set(db.$client, (perDb = new Map()));
  let slot = perDb.get(kind);
  if (!slot) perDb.set(kind, (slot = { generation: 0, built: -1, dataVersion: -1, fingerprint: '', index: null }));
  return slot;
}

const dataVersion = (db: Db) => db.$client.pragma('data_version', { simple: true }) as number;
const fingerprint = (db: Db, kind: SearchKind) => (db.$client.prepare(FINGERPRINT_SQL[kind]).get() as { f: string }).f;

/**
 * Marks a kind's index stale; the next search rebuilds it from SQLite. Call it whenever rows that
 * feed the index change (items written, a dictionary imported) — and on rollback, so an index built
 * from uncommitted rows inside a failed transaction is not kept.
 */
export function invalidateSearch(db: Db, kind: SearchKind): void {
  const slot = slotOf(db, kind);
  slot.generation++;
  slot.index = null;
}

/** The kind's index, built lazily on first use and again after each invalidation or outside change. */
export function searchIndexOf<K>(db: Db, kind: SearchKind, build: () => SearchIndex<K>): SearchIndex<K> {
  const slot = slotOf(db, kind);
  const version = dataVersion(db);
  if (slot.index && version !== slot.dataVersion) {
    const now = fingerprint(db, kind);
    if (now !== slot.fingerprint) slot.index = null;
    slot.dataVersion = version;
  }
  if (!slot.index || slot.built !== slot.generation) {
    slot.index = build() as SearchIndex<unknown>;
    slot.built = slot.generation;
    slot.dataVersion = version;
    slot.fingerprint = fingerprint(db, kind);
  }
  return slot.index as SearchIndex<K>;
}

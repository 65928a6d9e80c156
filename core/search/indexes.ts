import type Database from 'better-sqlite3';
import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import { runToEnd, type SearchIndex } from './search-index.js';
import { runSliced } from './slices.js';

export type SearchKind = 'formulary' | 'dictionary';

/** A build's steps: pauses (yields) between slices of work, returns the index. */
export type IndexSteps<K> = () => Generator<void, SearchIndex<K>>;

interface Building {
  generation: number;
  promise: Promise<SearchIndex<unknown>>;
}

interface Slot {
  generation: number;
  built: number;
  /** SQLite's data_version when the index was last known fresh: it changes when another connection commits. */
  dataVersion: number;
  fingerprint: string;
  index: SearchIndex<unknown> | null;
  /** A sliced build under way, and the generation it started at. */
  building: Building | null;
}

/** Per connection: each kind's index and the generation it was built at. Collected with the connection. */
const slots = new WeakMap<Database.Database, Map<SearchKind, Slot>>();

/**
 * A cheap summary of the rows an index is built from. Checked only after another connection committed
 * (the CLI or the import worker writing while the hub runs), so a write elsewhere to other tables costs no
 * rebuild. The dictionary's is O(1): every import records a row in dictionary_imports in its transaction,
 * and nothing else writes dictionary_entries — a full scan of 270,000 rows would block the hub for 0.1 s.
 */
const FINGERPRINT_SQL: Record<SearchKind, string> = {
  formulary: "SELECT count(*) || '|' || coalesce(max(id), 0) || '|' || coalesce(max(updated_at), '') AS f FROM formulary_items",
  dictionary:
    "SELECT (SELECT coalesce(max(id), 0) FROM dictionary_imports) || '|' || (SELECT coalesce(max(rowid), 0) FROM dictionary_entries) AS f",
};

function slotOf(db: Db, kind: SearchKind): Slot {
  let perDb = slots.get(db.$client);
  if (!perDb) slots.set(db.$client, (perDb = new Map()));
  let slot = perDb.get(kind);
  if (!slot) perDb.set(kind, (slot = { generation: 0, built: -1, dataVersion: -1, fingerprint: '', index: null, building: null }));
  return slot;
}

const dataVersion = (db: Db) => prepared(db.$client, 'PRAGMA data_version').pluck().get() as number;
const fingerprint = (db: Db, kind: SearchKind) => (prepared(db.$client, FINGERPRINT_SQL[kind]).get() as { f: string }).f;

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

/** Drops the slot's index when another connection changed its rows since it was built. */
function checkOutsideChange(db: Db, kind: SearchKind, slot: Slot): number {
  const version = dataVersion(db);
  if (slot.index && version !== slot.dataVersion) {
    const now = fingerprint(db, kind);
    if (now !== slot.fingerprint) slot.index = null;
    slot.dataVersion = version;
  }
  return version;
}

const fresh = (slot: Slot) => slot.index !== null && slot.built === slot.generation;

/** The kind's index, built lazily on first use and again after each invalidation or outside change. */
export function searchIndexOf<K>(db: Db, kind: SearchKind, steps: IndexSteps<K>): SearchIndex<K> {
  const slot = slotOf(db, kind);
  const version = checkOutsideChange(db, kind, slot);
  if (!fresh(slot)) {
    const print = fingerprint(db, kind);
    slot.index = runToEnd(steps()) as SearchIndex<unknown>;
    slot.built = slot.generation;
    slot.dataVersion = version;
    slot.fingerprint = print;
  }
  return slot.index as SearchIndex<K>;
}

/**
 * The kind's index without blocking the hub: a fresh one at once, else a build in slices that yield to the
 * event loop (other requests are answered in between). Searches that arrive meanwhile share that build.
 * The index reflects the rows as they were when its build started; a change during the build marks it stale
 * for the next search, as any change does.
 */
export async function searchIndexReady<K>(db: Db, kind: SearchKind, steps: IndexSteps<K>): Promise<SearchIndex<K>> {
  const slot = slotOf(db, kind);
  const version = checkOutsideChange(db, kind, slot);
  if (fresh(slot)) return slot.index as SearchIndex<K>;
  if (slot.building?.generation !== slot.generation) {
    const generation = slot.generation;
    // Taken before the first row is read: a commit elsewhere during the build then shows as a change.
    const print = fingerprint(db, kind);
    const building: Building = {
      generation,
      promise: runSliced(steps()).then(
        (index) => {
          if (slot.building === building) slot.building = null;
          // Invalidated meanwhile (a write on this connection): keep it out of the slot, but let the
          // searches that waited for it use it — it is no older than their request.
          if (slot.generation === generation) {
            slot.index = index;
            slot.built = generation;
            slot.dataVersion = version;
            slot.fingerprint = print;
          }
          return index;
        },
        (error: unknown) => {
          if (slot.building === building) slot.building = null;
          throw error;
        },
      ),
    };
    slot.building = building;
  }
  return slot.building!.promise as Promise<SearchIndex<K>>;
}

import type { Db } from '../db/open.js';
import { dictionaryIndexReady } from './dictionary/search.js';
import { formularyIndexReady } from './formulary/search.js';
import { ConnectionClosed } from './search/index.js';

/**
 * Builds the search indexes ahead of the first search, in slices that yield to the event loop (the
 * 270k-row dictionary takes seconds of work, and the hub keeps answering meanwhile). A hub calls this once
 * after it starts listening, so the first pharmacist to type is not the one who waits. Never throws: a
 * failure is logged and only means the first search builds the index itself.
 */
export function warmSearchIndexes(db: Db): void {
  void warmSearchIndexesAsync(db).catch((error: unknown) => {
    console.error('[tongcai] search warm-up failed:', error);
  });
}

/** The same, awaitable; resolves quietly when the hub closed its database meanwhile. */
export async function warmSearchIndexesAsync(db: Db): Promise<void> {
  try {
    await formularyIndexReady(db);
    await dictionaryIndexReady(db);
  } catch (error) {
    if (error instanceof ConnectionClosed || !db.$client.open) return;
    throw error;
  }
}

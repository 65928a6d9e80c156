import type { Db } from '../db/open.js';
import { dictionaryIndex } from './dictionary/search.js';
import { formularyIndex } from './formulary/search.js';

/**
 * Builds the search indexes ahead of the first search. The 270k-row dictionary takes seconds; a hub
 * calls this once after it starts listening, so the first pharmacist to type is not the one who waits.
 */
export function warmSearchIndexes(db: Db): void {
  formularyIndex(db);
  dictionaryIndex(db);
}

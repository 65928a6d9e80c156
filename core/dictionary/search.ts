import type { Db } from '../../db/open.js';
import { SearchIndex, searchIndexOf, type SearchDoc } from '../search/index.js';

/** Which code field a match was on, in SearchDoc.codes order. */
const CODE_FIELDS = ['insuranceCode', 'standardCode', 'approvalNo'] as const;

function build(db: Db): SearchIndex<string> {
  const rows = db.$client
    .prepare('SELECT code, registered_name, trade_name, manufacturer, standard_code, approval_no FROM dictionary_entries')
    .raw()
    .all() as [string, string, string, string, string, string][];
  const docs: SearchDoc<string>[] = rows.map(([code, name, tradeName, manufacturer, standardCode, approvalNo]) => ({
    key: code,
    codes: [code, standardCode, approvalNo],
    names: tradeName && tradeName !== name ? [name, tradeName] : [name],
    manufacturer,
    sortCode: code,
  }));
  return new SearchIndex(CODE_FIELDS, docs);
}

/** The dictionary's search index, built on first use and after each import (which invalidates it). */
export function dictionaryIndex(db: Db): SearchIndex<string> {
  return searchIndexOf(db, 'dictionary', () => build(db));
}

import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import { ConnectionClosed, SearchIndexBuilder, searchIndexOf, searchIndexReady, type SearchIndex } from '../search/index.js';

/** Which code field a match was on, in SearchDoc.codes order. */
const CODE_FIELDS = ['insuranceCode', 'standardCode', 'approvalNo'] as const;

/** Rows read per statement: a few milliseconds each, and no statement stays open across a pause. */
const PAGE = 2_048;
/** Documents added between pauses (a new name costs its pinyin, ~20 µs). */
const DOCS_PER_STEP = 256;

type PageRow = [number, string, string, string, string, string, string];

/** The build's steps: pages of rows by rowid, documents, then the haystacks, with pauses in between. */
function* buildSteps(db: Db): Generator<void, SearchIndex<string>> {
  const builder = new SearchIndexBuilder<string>(CODE_FIELDS);
  let after = 0;
  for (;;) {
    if (!db.$client.open) throw new ConnectionClosed('数据库已关闭');
    const rows = prepared(
      db.$client,
      'SELECT rowid, code, registered_name, trade_name, manufacturer, standard_code, approval_no FROM dictionary_entries WHERE rowid > ? ORDER BY rowid LIMIT ?',
    )
      .raw()
      .all(after, PAGE) as PageRow[];
    for (let i = 0; i < rows.length; i++) {
      const [, code, name, tradeName, manufacturer, standardCode, approvalNo] = rows[i]!;
      builder.add({
        key: code,
        codes: [code, standardCode, approvalNo],
        names: tradeName && tradeName !== name ? [name, tradeName] : [name],
        manufacturer,
        sortCode: code,
      });
      if (i % DOCS_PER_STEP === DOCS_PER_STEP - 1) yield;
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]![0];
    yield;
  }
  return yield* builder.steps();
}

/** The dictionary's search index, built on first use and after each import; synchronous (seconds at 270k rows). */
export function dictionaryIndex(db: Db): SearchIndex<string> {
  return searchIndexOf(db, 'dictionary', () => buildSteps(db));
}

/** The same index without blocking the hub: built in slices; searches that arrive meanwhile await it. */
export function dictionaryIndexReady(db: Db): Promise<SearchIndex<string>> {
  return searchIndexReady(db, 'dictionary', () => buildSteps(db));
}

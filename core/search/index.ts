export { SearchIndex, SearchIndexBuilder, runToEnd, type SearchDoc, type SearchMatch } from './search-index.js';
export { invalidateSearch, searchIndexOf, searchIndexReady, type IndexSteps, type SearchKind } from './indexes.js';
export { normaliseQuery, pinyinKeys, type PinyinKeys } from './normalise.js';
export { ConnectionClosed, runSliced } from './slices.js';

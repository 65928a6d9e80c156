export { SearchIndex, type SearchDoc, type SearchMatch } from './search-index.js';
export { invalidateSearch, searchIndexOf, type SearchKind } from './indexes.js';
export { normaliseQuery, pinyinKeys, type PinyinKeys } from './normalise.js';

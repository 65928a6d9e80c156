import { pinyin } from 'pinyin-pro';
import { toHalfWidth } from '../api/codes.js';

/** What people type, made comparable: full-width folded, lower-cased, trimmed. */
export function normaliseQuery(text: string): string {
  return toHalfWidth(text).toLowerCase().trim();
}

/** Pinyin keep only letters and digits; ü is typed as v on every Chinese keyboard. */
const keyOf = (syllables: string[]): string =>
  syllables
    .join('')
    .toLowerCase()
    .replace(/ü/g, 'v')
    .replace(/[^a-z0-9]/g, '');

export interface PinyinKeys {
  /** 拼音首字母: 阿莫西林胶囊 → amxljn */
  initials: string;
  /** 全拼: 阿莫西林胶囊 → amoxilinjiaonang */
  full: string;
}

// The dictionary has ~270k rows but far fewer distinct names; pinyin-pro costs ~20 µs a name.
const cache = new Map<string, PinyinKeys>();
const CACHE_LIMIT = 200_000;

/** Pinyin search keys of a name, cached per distinct name. */
export function pinyinKeys(name: string): PinyinKeys {
  const hit = cache.get(name);
  if (hit) return hit;
  const text = toHalfWidth(name);
  const keys: PinyinKeys = {
    initials: keyOf(pinyin(text, { pattern: 'first', toneType: 'none', type: 'array' })),
    full: keyOf(pinyin(text, { toneType: 'none', type: 'array' })),
  };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(name, keys);
  return keys;
}

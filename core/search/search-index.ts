import type { Haystack, PrefixHaystack } from './haystack.js';
import { Lines, buildHaystack, buildPrefixHaystack } from './haystack.js';
import { normaliseQuery, pinyinKeys } from './normalise.js';

/** One searchable row: what identifies it for the caller, and the texts it can be found by. */
export interface SearchDoc<K> {
  key: K;
  /** Codes in the index's `codeFields` order ('' where absent): 医保代码, 本位码, 批准文号, 目录编码… */
  codes: readonly string[];
  /** Chinese names, the main one first (通用名, 商品名). Ties rank by the main name's length. */
  names: readonly string[];
  manufacturer: string;
  /** Precomputed pinyin keys of the names (stored columns); computed from `names` when absent. */
  pinyin?: { initials: readonly string[]; full: readonly string[] };
  /** Tie-break after the name's length. */
  sortCode: string;
  /** A bitmask the caller filters on (level flags, status); 0 when unused. */
  flags?: number;
}

export interface SearchMatch<K> {
  key: K;
  /** Which field matched: a code field's name, 'initials', 'pinyin', 'name' or 'manufacturer'. */
  matched: string;
}

const ASCII_KEY = /^[a-z0-9]+$/;

/**
 * An in-memory index over names, pinyin and codes. Matches rank, best first: exact code > code prefix >
 * pinyin initials prefix > full pinyin prefix > Chinese substring of a name > pinyin initials substring >
 * manufacturer substring; within a rank, the shorter main name, then the code.
 */
export class SearchIndex<K> {
  private readonly keys: K[];
  private readonly nameLength: Uint16Array;
  private readonly sortCodes: string[];
  private readonly flags: Int32Array;
  private readonly codes: PrefixHaystack;
  private readonly names: Haystack;
  private readonly initials: Haystack;
  private readonly initialPrefixes: PrefixHaystack;
  private readonly fullPrefixes: PrefixHaystack;
  private readonly makers: Haystack;
  /** Per-document stamp of the query that last saw it, so no per-query clearing is needed. */
  private readonly seen: Uint32Array;
  private stamp = 0;

  constructor(codeFields: readonly string[], docs: readonly SearchDoc<K>[]);
  /** @internal The parts a {@link SearchIndexBuilder} made. */
  constructor(codeFields: readonly string[], docs: null, parts: IndexParts<K>);
  constructor(
    private readonly codeFields: readonly string[],
    docs: readonly SearchDoc<K>[] | null,
    parts?: IndexParts<K>,
  ) {
    if (docs) {
      const builder = new SearchIndexBuilder<K>(codeFields);
      docs.forEach((doc) => builder.add(doc));
      parts = runToEnd(builder.parts());
    }
    const built = parts!;
    this.keys = built.keys;
    this.sortCodes = built.sortCodes;
    this.nameLength = built.nameLength;
    this.flags = built.flags;
    this.codes = built.codes;
    this.names = built.names;
    this.initials = built.initials;
    this.initialPrefixes = built.initialPrefixes;
    this.fullPrefixes = built.fullPrefixes;
    this.makers = built.makers;
    this.seen = new Uint32Array(built.keys.length);
  }

  get size(): number {
    return this.keys.length;
  }

  /** `limit` best matches for `query`; `accept` filters on the document's flags. */
  search(query: string, limit: number, accept?: (flags: number) => boolean): SearchMatch<K>[] {
    const q = normaliseQuery(query);
    if (!q || limit <= 0) return [];
    const stamp = ++this.stamp;
    if (stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const results: SearchMatch<K>[] = [];
    const pinyinQuery = q.replace(/[\s'’-]/g, '');
    const asciiQuery = ASCII_KEY.test(pinyinQuery);

    // Each rank collects its own best, bounded to what is still needed; later ranks never outrank it.
    const rank = (collect: (take: (doc: number, matched: string) => void) => void): boolean => {
      const need = limit - results.length;
      const best: { doc: number; matched: string }[] = [];
      collect((doc, matched) => {
        if (this.seen[doc] === stamp) return;
        if (accept && !accept(this.flags[doc]!)) return;
        this.seen[doc] = stamp;
        if (best.length === need && !this.before(doc, best[need - 1]!.doc)) return;
        let at = best.length;
        while (at > 0 && this.before(doc, best[at - 1]!.doc)) at--;
        best.splice(at, 0, { doc, matched });
        if (best.length > need) {
          // Dropped from this rank's best: it may not come back through a lower rank either.
          best.pop();
        }
      });
      for (const hit of best) results.push({ key: this.keys[hit.doc]!, matched: hit.matched });
      return results.length >= limit;
    };

    const codeQuery = q.replace(/\s+/g, '').toUpperCase();
    const exactCodes: { doc: number; tag: number }[] = [];
    const prefixCodes: { doc: number; tag: number }[] = [];
    this.codes.scanPrefix(codeQuery, (doc, tag, length) => (length === codeQuery.length ? exactCodes : prefixCodes).push({ doc, tag }));
    const field = (tag: number) => this.codeFields[tag] ?? 'code';
    if (rank((take) => exactCodes.forEach((c) => take(c.doc, field(c.tag))))) return results;
    if (rank((take) => prefixCodes.forEach((c) => take(c.doc, field(c.tag))))) return results;
    if (asciiQuery) {
      if (rank((take) => this.initialPrefixes.scanPrefix(pinyinQuery, (doc) => take(doc, 'initials')))) return results;
      if (rank((take) => this.fullPrefixes.scanPrefix(pinyinQuery, (doc) => take(doc, 'pinyin')))) return results;
    }
    if (rank((take) => this.names.scan(q, false, (line) => take(this.names.owners[line]!, 'name')))) return results;
    if (asciiQuery && rank((take) => this.initials.scan(pinyinQuery, false, (line) => take(this.initials.owners[line]!, 'initials')))) {
      return results;
    }
    rank((take) => this.makers.scan(q, false, (line) => take(this.makers.owners[line]!, 'manufacturer')));
    return results;
  }

  /** Tie order within a rank: shorter main name, then code. */
  private before(a: number, b: number): boolean {
    const byLength = this.nameLength[a]! - this.nameLength[b]!;
    if (byLength !== 0) return byLength < 0;
    return this.sortCodes[a]! < this.sortCodes[b]!;
  }
}

interface IndexParts<K> {
  keys: K[];
  sortCodes: string[];
  nameLength: Uint16Array;
  flags: Int32Array;
  codes: PrefixHaystack;
  names: Haystack;
  initials: Haystack;
  initialPrefixes: PrefixHaystack;
  fullPrefixes: PrefixHaystack;
  makers: Haystack;
}

/** Runs a step generator to its end without pausing (the synchronous build). */
export function runToEnd<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * An index built a document at a time, so a 270,000-row dictionary can be built in slices between other
 * work (see core/search/slices.ts): `add` is cheap per document (its pinyin is cached per distinct name), and
 * `parts()` is a generator that pauses every few thousand lines while it joins the haystacks.
 */
export class SearchIndexBuilder<K> {
  private readonly keys: K[] = [];
  private readonly sortCodes: string[] = [];
  private readonly nameLengths: number[] = [];
  private readonly flagList: number[] = [];
  private readonly codeLines = new Lines();
  private readonly nameLines = new Lines();
  private readonly initialLines = new Lines();
  private readonly fullLines = new Lines();
  private readonly makerLines = new Lines();
  // Names and makers repeat across many rows: normalise each distinct text once, and share the string.
  private readonly normalised = new Map<string, string>();

  constructor(private readonly codeFields: readonly string[]) {}

  private normalise(text: string): string {
    let hit = this.normalised.get(text);
    if (hit === undefined) this.normalised.set(text, (hit = normaliseQuery(text)));
    return hit;
  }

  add(doc: SearchDoc<K>): void {
    const owner = this.keys.length;
    this.keys.push(doc.key);
    this.sortCodes.push(doc.sortCode);
    this.nameLengths.push(Math.min(doc.names[0]?.length ?? 0, 65535));
    this.flagList.push(doc.flags ?? 0);
    doc.codes.forEach((code, tag) => {
      // Codes are upper case almost always: compare in upper case and allocate only for the odd one.
      if (code) this.codeLines.push(/[a-z]/.test(code) ? code.toUpperCase() : code, owner, tag);
    });
    doc.names.forEach((name, i) => {
      if (!name) return;
      this.nameLines.push(this.normalise(name), owner);
      const keys = doc.pinyin ? { initials: doc.pinyin.initials[i] ?? '', full: doc.pinyin.full[i] ?? '' } : pinyinKeys(name);
      if (keys.initials) this.initialLines.push(keys.initials, owner);
      if (keys.full) this.fullLines.push(keys.full, owner);
    });
    if (doc.manufacturer) this.makerLines.push(this.normalise(doc.manufacturer), owner);
  }

  /** The haystacks, pausing (yielding) between chunks of lines. */
  *parts(): Generator<void, IndexParts<K>> {
    const codes = yield* buildPrefixHaystack(this.codeLines);
    const names = yield* buildHaystack(this.nameLines);
    const initials = yield* buildHaystack(this.initialLines);
    const initialPrefixes = yield* buildPrefixHaystack(this.initialLines);
    const fullPrefixes = yield* buildPrefixHaystack(this.fullLines);
    const makers = yield* buildHaystack(this.makerLines);
    return {
      keys: this.keys,
      sortCodes: this.sortCodes,
      nameLength: new Uint16Array(this.nameLengths),
      flags: new Int32Array(this.flagList),
      codes,
      names,
      initials,
      initialPrefixes,
      fullPrefixes,
      makers,
    };
  }

  /** The finished index, built in one go. */
  build(): SearchIndex<K> {
    return new SearchIndex<K>(this.codeFields, null, runToEnd(this.parts()));
  }

  /** The finished index; `steps` yields between chunks so a caller can pause there. */
  *steps(): Generator<void, SearchIndex<K>> {
    const parts = yield* this.parts();
    return new SearchIndex<K>(this.codeFields, null, parts);
  }
}

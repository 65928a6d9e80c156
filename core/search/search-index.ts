import { Haystack, Lines, PrefixHaystack } from './haystack.js';
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
  private readonly keys: K[] = [];
  private readonly nameLength: Uint16Array;
  private readonly sortCodes: string[] = [];
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

  constructor(
    private readonly codeFields: readonly string[],
    docs: readonly SearchDoc<K>[],
  ) {
    const codeLines = new Lines();
    const nameLines = new Lines();
    const initialLines = new Lines();
    const fullLines = new Lines();
    const makerLines = new Lines();
    // Names and makers repeat across many rows: normalise each distinct text once, and share the string.
    const normalised = new Map<string, string>();
    const normalise = (text: string) => {
      let hit = normalised.get(text);
      if (hit === undefined) normalised.set(text, (hit = normaliseQuery(text)));
      return hit;
    };
    this.nameLength = new Uint16Array(docs.length);
    this.flags = new Int32Array(docs.length);
    this.seen = new Uint32Array(docs.length);
    docs.forEach((doc, owner) => {
      this.keys.push(doc.key);
      this.sortCodes.push(doc.sortCode);
      this.nameLength[owner] = Math.min(doc.names[0]?.length ?? 0, 65535);
      this.flags[owner] = doc.flags ?? 0;
      doc.codes.forEach((code, tag) => {
        // Codes are upper case almost always: compare in upper case and allocate only for the odd one.
        if (code) codeLines.push(/[a-z]/.test(code) ? code.toUpperCase() : code, owner, tag);
      });
      doc.names.forEach((name, i) => {
        if (!name) return;
        nameLines.push(normalise(name), owner);
        const keys = doc.pinyin ? { initials: doc.pinyin.initials[i] ?? '', full: doc.pinyin.full[i] ?? '' } : pinyinKeys(name);
        if (keys.initials) initialLines.push(keys.initials, owner);
        if (keys.full) fullLines.push(keys.full, owner);
      });
      if (doc.manufacturer) makerLines.push(normalise(doc.manufacturer), owner);
    });
    this.codes = new PrefixHaystack(codeLines);
    this.names = Haystack.of(nameLines);
    this.initials = Haystack.of(initialLines);
    this.initialPrefixes = new PrefixHaystack(initialLines);
    this.fullPrefixes = new PrefixHaystack(fullLines);
    this.makers = Haystack.of(makerLines);
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

/**
 * Lines collected for a haystack, as parallel arrays: hundreds of thousands of small objects would
 * cost more in garbage collection than the whole index costs to scan.
 */
export class Lines {
  readonly texts: string[] = [];
  readonly owners: number[] = [];
  readonly tags: number[] = [];

  push(text: string, owner: number, tag = 0): void {
    this.texts.push(text);
    this.owners.push(owner);
    this.tags.push(tag);
  }
}

/**
 * Many short strings joined into one, so a scan is one native `indexOf` over a flat string instead of
 * hundreds of thousands of `includes` calls. Each line belongs to a document; a document may own several
 * lines (a generic and a trade name, several codes).
 */
export class Haystack {
  /**
   * @param text the lines joined by '\n', with a leading and a trailing separator
   * @param starts offset of each line's first character; one extra entry past the end
   */
  constructor(
    private readonly text: string,
    private readonly starts: Int32Array,
    /** Document index of each line. */
    readonly owners: Int32Array,
    /** Caller's tag of each line (which code field it is). */
    readonly tags: Uint8Array,
  ) {}

  static of(lines: Lines): Haystack {
    const steps = buildHaystack(lines);
    for (;;) {
      const next = steps.next();
      if (next.done) return next.value;
    }
  }

  /** The line holding character `offset` (binary search over the line starts). */
  private lineAt(offset: number): number {
    let low = 0;
    let high = this.starts.length - 2;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** Calls `visit(line)` once for every line containing `needle` (or starting with it, when `prefix`). */
  scan(needle: string, prefix: boolean, visit: (line: number) => void): void {
    if (needle === '' || needle.includes('\n')) return;
    const pattern = prefix ? `\n${needle}` : needle;
    let from = 0;
    for (;;) {
      const at = this.text.indexOf(pattern, from);
      if (at < 0) return;
      const line = this.lineAt(prefix ? at + 1 : at);
      visit(line);
      // Continue after this line: one hit per line is enough.
      from = this.starts[line + 1]! - (prefix ? 1 : 0);
    }
  }

  /** Length of a line's text. */
  lineLength(line: number): number {
    return this.starts[line + 1]! - 1 - this.starts[line]!;
  }
}

/**
 * Lines bucketed by their first character, for prefix searches only: a query scans the one bucket its
 * first character selects (1/26 of the pinyin, none of the codes for a pinyin query).
 */
export class PrefixHaystack {
  constructor(private readonly buckets: Map<string, Haystack>) {}

  /** Calls `visit(owner, tag, lineLength)` for every line starting with `needle`. */
  scanPrefix(needle: string, visit: (owner: number, tag: number, length: number) => void): void {
    const bucket = this.buckets.get(needle.charAt(0));
    bucket?.scan(needle, true, (line) => visit(bucket.owners[line]!, bucket.tags[line]!, bucket.lineLength(line)));
  }
}

/** Lines between pauses of a sliced build: a few milliseconds of work. */
const CHUNK = 16_384;

/**
 * Builds a haystack, yielding every few thousand lines so a caller can pause there (a sliced build);
 * `Haystack.of` runs it to the end at once.
 */
export function* buildHaystack(lines: Lines): Generator<void, Haystack> {
  const { texts } = lines;
  const count = texts.length;
  const starts = new Int32Array(count + 1);
  // Joined a chunk at a time (a pause between chunks), then the chunks joined: the last join only copies.
  const pieces: string[] = [''];
  let chunk: string[] = [];
  let offset = 1;
  for (let i = 0; i < count; i++) {
    // A line never contains the separator, so a match never spans two lines.
    const raw = texts[i]!;
    const text = raw.includes('\n') ? raw.replace(/\n/g, ' ') : raw;
    starts[i] = offset;
    chunk.push(text);
    offset += text.length + 1;
    if (chunk.length === CHUNK) {
      pieces.push(chunk.join('\n'));
      chunk = [];
      yield;
    }
  }
  if (chunk.length > 0) pieces.push(chunk.join('\n'));
  pieces.push('');
  starts[count] = offset;
  // One join builds a flat string; a template around it would leave a rope that the first search
  // pays to flatten.
  const text = pieces.join('\n');
  yield;
  // The array-like constructors: `from` walks an iterator, several times slower on 270,000 entries.
  return new Haystack(text, starts, new Int32Array(lines.owners), new Uint8Array(lines.tags));
}

/** Lines bucketed by their first character, built with pauses like {@link buildHaystack}. */
export function* buildPrefixHaystack(lines: Lines): Generator<void, PrefixHaystack> {
  const grouped = new Map<string, Lines>();
  const { texts, owners, tags } = lines;
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    const first = text.charAt(0);
    let group = grouped.get(first);
    if (!group) grouped.set(first, (group = new Lines()));
    group.push(text, owners[i]!, tags[i]!);
    if (i % CHUNK === CHUNK - 1) yield;
  }
  const buckets = new Map<string, Haystack>();
  for (const [first, group] of grouped) buckets.set(first, yield* buildHaystack(group));
  return new PrefixHaystack(buckets);
}

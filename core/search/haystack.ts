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
  private readonly text: string;
  /** Offset of each line's first character; one extra entry past the end. */
  private readonly starts: Int32Array;
  /** Document index of each line. */
  readonly owners: Int32Array;
  /** Caller's tag of each line (which code field it is). */
  readonly tags: Uint8Array;

  constructor(texts: readonly string[], owners: readonly number[], tags: readonly number[]) {
    const count = texts.length;
    this.starts = new Int32Array(count + 1);
    this.owners = Int32Array.from(owners);
    this.tags = Uint8Array.from(tags);
    const parts: string[] = new Array<string>(count + 2);
    parts[0] = '';
    let offset = 1;
    for (let i = 0; i < count; i++) {
      // A line never contains the separator, so a match never spans two lines.
      const raw = texts[i]!;
      const text = raw.includes('\n') ? raw.replace(/\n/g, ' ') : raw;
      this.starts[i] = offset;
      parts[i + 1] = text;
      offset += text.length + 1;
    }
    parts[count + 1] = '';
    this.starts[count] = offset;
    // One join builds a flat string; a template around it would leave a rope that the first search
    // pays to flatten.
    this.text = parts.join('\n');
  }

  static of(lines: Lines): Haystack {
    return new Haystack(lines.texts, lines.owners, lines.tags);
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
  private readonly buckets = new Map<string, Haystack>();

  constructor(lines: Lines) {
    const grouped = new Map<string, Lines>();
    lines.texts.forEach((text, i) => {
      const first = text.charAt(0);
      let group = grouped.get(first);
      if (!group) grouped.set(first, (group = new Lines()));
      group.push(text, lines.owners[i]!, lines.tags[i]!);
    });
    for (const [first, group] of grouped) this.buckets.set(first, Haystack.of(group));
  }

  /** Calls `visit(owner, tag, lineLength)` for every line starting with `needle`. */
  scanPrefix(needle: string, visit: (owner: number, tag: number, length: number) => void): void {
    const bucket = this.buckets.get(needle.charAt(0));
    bucket?.scan(needle, true, (line) => visit(bucket.owners[line]!, bucket.tags[line]!, bucket.lineLength(line)));
  }
}

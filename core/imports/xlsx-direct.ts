import { inflateRawSync } from 'node:zlib';
import { cellText, isoDateOf, numberText, trimRow } from './cells.js';

/**
 * A direct reader of the xlsx files people upload: the zip's central directory, Node's native inflate, and the few
 * OOXML parts a grid of cells needs (workbook, its relationships, shared strings, the date styles, each sheet's
 * cells) scanned with regular expressions instead of a general XML parser. exceljs's in-memory load builds a model of
 * every cell, style and font and is about ten times slower on a 20,000-row platform file; this gives the same text.
 *
 * The text is what `readXlsx` in table.ts gives through exceljs, cell for cell (test/unit/xlsx-direct.test.ts
 * compares them on generated workbooks): shared and inline strings with rich-text runs joined and phonetic runs
 * (rPh) left out, `_xHHHH_` escapes decoded, numbers as Excel's General shows them, numbers in a date style as
 * YYYY-MM-DD (the 1904 date system too), booleans as TRUE / FALSE, errors as blank, a formula as its cached
 * result, merged cells blank but for the top-left. Beyond exceljs: the Chinese built-in date formats (ids 27–36,
 * 50–58, which Chinese Excel writes for 2026年11月3日) read as dates, a cached formula result of 0 reads as "0"
 * (exceljs drops it), and an ISO date cell (t="d") as its date.
 *
 * Anything this reader does not handle — zip64, encryption, a compression other than deflate, namespace-prefixed
 * sheet XML, CDATA — returns null, and the caller falls back to exceljs; so does a part that cannot be inflated.
 */
export interface DirectSheet {
  name: string;
  rows: string[][];
}

class Unsupported extends Error {}

interface ZipEntry {
  method: number;
  compressedSize: number;
  offset: number;
}

function zipEntries(zip: Buffer): Map<string, ZipEntry> {
  // The end-of-central-directory record: 22 bytes plus a comment of at most 65,535.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Unsupported('no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (count === 0xffff || at === 0xffffffff) throw new Unsupported('zip64');
  const entries = new Map<string, ZipEntry>();
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Unsupported('central directory');
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const offset = zip.readUInt32LE(at + 42);
    if (flags & 1) throw new Unsupported('encrypted');
    if (compressedSize === 0xffffffff || offset === 0xffffffff) throw new Unsupported('zip64');
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name.replace(/^\/+/, '').toLowerCase(), { method, compressedSize, offset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function entryText(zip: Buffer, entries: Map<string, ZipEntry>, name: string): string | null {
  const entry = entries.get(name.toLowerCase());
  if (!entry) return null;
  if (zip.readUInt32LE(entry.offset) !== 0x04034b50) throw new Unsupported('local header');
  const start = entry.offset + 30 + zip.readUInt16LE(entry.offset + 26) + zip.readUInt16LE(entry.offset + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  const bytes = entry.method === 0 ? data : entry.method === 8 ? inflateRawSync(data) : null;
  if (!bytes) throw new Unsupported(`compression ${entry.method}`);
  const text = bytes.toString('utf8');
  if (text.includes('<![CDATA[')) throw new Unsupported('CDATA');
  return text;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML character and entity references. */
function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return ENTITIES[ref] ?? whole;
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return String.fromCodePoint(code);
  });
}

/** OOXML's escape of characters XML cannot hold (`_x000D_`), as exceljs decodes it in string text. */
const decodeOoxml = (text: string) => (text.includes('_x') ? text.replace(/_x([0-9A-F]{4})_/g, (_w, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text);

/** The attributes of one tag's opening text. */
function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) found[m[1]!] = decodeXml(m[2] ?? m[3] ?? '');
  return found;
}

/**
 * One attribute of a cell's opening tag, found by position (the hot path: a sheet has hundreds of thousands of
 * cells, and Excel writes `r="B2" s="3" t="s"` with double quotes and no spaces around "="); else the general parse.
 */
function cellAttribute(tag: string, name: string): string | undefined {
  const at = tag.indexOf(` ${name}="`);
  if (at >= 0) return tag.slice(at + name.length + 3, tag.indexOf('"', at + name.length + 3));
  return /'|\s=|=\s/.test(tag) ? attributes(tag)[name] : undefined;
}

/** The text of a string item (<si> or <is>): every <t> outside phonetic runs, joined. */
function stringItemText(xml: string): string {
  const body = xml.includes('<rPh') ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : xml;
  let text = '';
  for (const m of body.matchAll(/<t(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/t>)/g)) text += m[1] ?? '';
  return decodeOoxml(decodeXml(text));
}

function sharedStrings(xml: string | null): string[] {
  if (xml === null) return [];
  const strings: string[] = [];
  for (const m of xml.matchAll(/<si(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/si>)/g)) strings.push(stringItemText(m[1] ?? ''));
  return strings;
}

/** Built-in number formats that are dates: exceljs's (14–22, 45–47) and the Chinese ones (27–36, 50–58). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A format code that shows a date or time (as exceljs decides it: quoted and bracketed parts aside). */
const isDateFormat = (code: string) => /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));

/** For each cell style index (the `s` of a cell), whether it formats numbers as dates. */
function dateStyles(xml: string | null): boolean[] {
  if (xml === null) return [];
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<numFmt\s[^>]*>/g)) {
    const a = attributes(m[0]);
    custom.set(Number(a.numFmtId), (a.formatCode ?? '').replace(/\\(.)/g, '$1'));
  }
  const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? '';
  return [...cellXfs.matchAll(/<xf\b[^>]*>/g)].map((m) => {
    const id = Number(attributes(m[0]).numFmtId ?? 0);
    const code = custom.get(id);
    return code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id);
  });
}

/** "AB12" → column 28 (1-based); 0 when the reference is missing. */
function columnOf(ref: string | undefined): number {
  if (!ref) return 0;
  let column = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    column = column * 26 + (c - 64);
  }
  return column;
}

interface SheetContext {
  strings: readonly string[];
  dates: readonly boolean[];
  date1904: boolean;
}

const dateOfSerial = (serial: number, date1904: boolean) => isoDateOf(new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000)));

/** The text of a cell's <v> element, if it has one (by position: this runs for every cell). */
function valueOf(inner: string): string | undefined {
  let open = inner.indexOf('<v');
  while (open >= 0 && inner[open + 2] !== '>' && inner[open + 2] !== ' ' && inner[open + 2] !== '/') open = inner.indexOf('<v', open + 2);
  if (open < 0) return undefined;
  const start = inner.indexOf('>', open) + 1;
  if (inner[start - 2] === '/') return '';
  const end = inner.indexOf('</v>', start);
  return end < 0 ? undefined : inner.slice(start, end);
}

/** A number cell's text: a date when its style formats it as one. */
function numberCell(raw: string, style: string | undefined, ctx: SheetContext): string {
  const value = parseFloat(raw);
  const index = style === undefined ? -1 : Number(style);
  return index > 0 && ctx.dates[index] ? dateOfSerial(value, ctx.date1904) : numberText(value);
}

/** One cell's text from its type, style and inner XML. */
function cellValue(type: string, style: string | undefined, inner: string, ctx: SheetContext): string {
  const v = valueOf(inner);
  if (inner.includes('<f')) {
    // A formula: its cached result.
    if (v === undefined || v === '') return '';
    if (type === 'str') return cellText(decodeXml(decodeXml(v)));
    if (type === 'b') return parseInt(v, 10) !== 0 ? 'TRUE' : 'FALSE';
    if (type === 'e') return '';
    return numberCell(v, style, ctx);
  }
  if (type === 'inlineStr') {
    const is = /<is(?:\s[^>]*)?>([\s\S]*?)<\/is>/.exec(inner)?.[1];
    return is === undefined ? '' : cellText(stringItemText(is));
  }
  if (v === undefined) return '';
  switch (type) {
    case 's':
      return cellText(ctx.strings[parseInt(v, 10)] ?? '');
    case 'str':
      return cellText(decodeXml(decodeXml(v)));
    case 'b':
      return parseInt(v, 10) !== 0 ? 'TRUE' : 'FALSE';
    case 'e':
      return '';
    case 'd':
      return isoDateOf(new Date(decodeXml(v)));
    default:
      return numberCell(v, style, ctx);
  }
}

/** The cells covered by merges other than each range's top-left, as "row:column". */
function mergedAway(xml: string): Set<string> {
  const covered = new Set<string>();
  for (const m of xml.matchAll(/<mergeCell\s[^>]*ref\s*=\s*["']([A-Z]+)(\d+):([A-Z]+)(\d+)["']/g)) {
    const [c1, r1, c2, r2] = [columnOf(m[1]), Number(m[2]), columnOf(m[3]), Number(m[4])];
    // A huge merge (a whole column) is not worth a set of its cells; blank rows are blank anyway.
    if ((r2 - r1 + 1) * (c2 - c1 + 1) > 100_000) continue;
    for (let r = r1; r <= r2; r++) for (let c = c1; c <= c2; c++) if (r !== r1 || c !== c1) covered.add(`${r}:${c}`);
  }
  return covered;
}

function readSheet(xml: string, ctx: SheetContext): string[][] {
  const data = xml.indexOf('sheetData');
  if (data < 0 || xml[data - 1] !== '<') throw new Unsupported('sheet XML'); // none, or namespace-prefixed (<x:sheetData>)
  const merged = xml.includes('<mergeCell') ? mergedAway(xml) : null;
  const rows: string[][] = [];
  let rowNumber = 0;
  for (const rowMatch of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const r = /\br\s*=\s*["'](\d+)["']/.exec(rowMatch[1]!);
    rowNumber = r ? Number(r[1]) : rowNumber + 1;
    const body = rowMatch[2];
    if (!body) continue;
    const cells: string[] = [];
    let column = 0;
    let any = false;
    for (const cellMatch of body.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const tag = cellMatch[1]!;
      column = columnOf(cellAttribute(tag, 'r')) || column + 1;
      const inner = cellMatch[2];
      if (inner === undefined) continue;
      any = true;
      const text = merged?.has(`${rowNumber}:${column}`) ? '' : cellValue(cellAttribute(tag, 't') ?? 'n', cellAttribute(tag, 's'), inner, ctx);
      while (cells.length < column - 1) cells.push('');
      cells[column - 1] = text;
    }
    if (!any) continue;
    while (rows.length < rowNumber - 1) rows.push([]);
    rows[rowNumber - 1] = trimRow(cells);
  }
  return rows;
}

/** A relationship target relative to the part's folder (xl/), or absolute from the package root. */
const partPath = (target: string) => (target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);

/** The workbook's sheets in tab order, each read to text; null when the file needs exceljs. */
export function readXlsxDirect(bytes: Uint8Array): DirectSheet[] | null {
  try {
    const zip = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const entries = zipEntries(zip);
    const workbook = entryText(zip, entries, 'xl/workbook.xml');
    const rels = entryText(zip, entries, 'xl/_rels/workbook.xml.rels');
    if (workbook === null || rels === null) return null;
    const targets = new Map<string, { type: string; target: string }>();
    for (const m of rels.matchAll(/<Relationship\s[^>]*>/g)) {
      const a = attributes(m[0]);
      if (a.Id && a.Target) targets.set(a.Id, { type: a.Type ?? '', target: a.Target });
    }
    const partOf = (suffix: string) => [...targets.values()].find((t) => t.type.endsWith(suffix))?.target;
    const strings = partOf('/sharedStrings');
    const styles = partOf('/styles');
    const pr = /<workbookPr\b[^>]*>/.exec(workbook);
    const date1904 = pr ? ['1', 'true'].includes(attributes(pr[0]).date1904 ?? '') : false;
    const ctx: SheetContext = {
      strings: sharedStrings(strings ? entryText(zip, entries, partPath(strings)) : null),
      dates: dateStyles(styles ? entryText(zip, entries, partPath(styles)) : null),
      date1904,
    };
    const sheets: DirectSheet[] = [];
    for (const m of workbook.matchAll(/<sheet\s[^>]*>/g)) {
      const a = attributes(m[0]);
      const target = targets.get(a['r:id'] ?? '')?.target;
      if (!target) return null;
      const xml = entryText(zip, entries, partPath(target));
      if (xml === null) return null;
      sheets.push({ name: a.name ?? '', rows: readSheet(xml, ctx) });
    }
    // No sheet found: a namespace-prefixed workbook (<x:sheet>), or none at all; exceljs decides.
    return sheets.length > 0 ? sheets : null;
  } catch (error) {
    // Not ours to judge: exceljs reads it, or reports the file as unreadable.
    if (error instanceof Unsupported || error instanceof RangeError || (error as NodeJS.ErrnoException).code?.startsWith('Z_')) return null;
    throw error;
  }
}

/**
 * CSV as exported by Excel and by the provincial platforms: UTF-8, UTF-8 with a BOM, GBK (Excel's default
 * "CSV" on a Chinese Windows) or UTF-16 ("Unicode text", tab-separated).
 */

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gbk' | 'utf-16le';

/** BOM → its encoding; bytes that are valid UTF-8 → utf-8; anything else → gbk. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // GBK is a superset of GB2312; Node's full ICU decodes it (GB18030 rules for the rare 4-byte forms).
    return { text: new TextDecoder('gbk').decode(bytes), encoding: 'gbk' };
  }
}

/** The separator of the first line that has one (outside quotes): tab, semicolon or comma. */
export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, 4096).split(/\r\n|\n|\r/).find((line) => line.trim() !== '') ?? '';
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  const count = (ch: string) => unquoted.split(ch).length - 1;
  const candidates: [string, number][] = [
    ['\t', count('\t')],
    [';', count(';')],
    [',', count(',')],
  ];
  const best = candidates.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}

/**
 * RFC 4180 records: quoted fields may hold separators, line breaks and doubled quotes; records end at CRLF,
 * LF or CR. One record is one spreadsheet row, so record i is row i + 1 as Excel would number it.
 */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) endField();
    else if (ch === '\r' || ch === '\n') {
      endRecord();
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  // A final line without a line break is still a record; a file ending in a line break adds none.
  if (field !== '' || record.length > 0) endRecord();
  return records;
}

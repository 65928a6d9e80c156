/**
 * One spreadsheet cell as the text a person meant to type. Real files are messy: Excel turns codes into
 * floats or scientific notation, people paste full-width digits, cells carry trailing blanks, dates are
 * serial numbers. Every reader (xlsx, csv, the streaming dictionary reader) goes through here, so a value
 * reads the same whichever way it arrived.
 */

/** Anything this module changes in a string; most cells match nothing and are returned as they are. */
const NEEDS_WORK = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\u3000\u00A0\u200B\uFEFF]|^\s|\s$|^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$|^\d+\.0+$/;
const SCIENTIFIC = /^([+-]?)(\d+)(?:\.(\d+))?[eE]\+?(\d+)$/;

/** Full-width digits, letters and spaces to half-width; full-width punctuation (（）、，) stays as written. */
function foldWidth(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\u3000\u00A0]/g, ' ')
    .replace(/[\u200B\uFEFF]/g, '');
}

/** "8.6900483000019E+13" → "86900483000019" when the notation stands for a whole number; else unchanged. */
function expandScientific(text: string): string {
  const match = SCIENTIFIC.exec(text);
  if (!match) return text;
  const [, sign, whole, fraction = '', exponentText] = match;
  const exponent = Number(exponentText);
  if (fraction.length > exponent) return text;
  const digits = `${whole}${fraction}${'0'.repeat(exponent - fraction.length)}`.replace(/^0+(?=\d)/, '');
  return `${sign === '-' ? '-' : ''}${digits}`;
}

export function normaliseText(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  const folded = foldWidth(text).trim();
  if (/^\d+\.0+$/.test(folded)) return folded.replace(/\.0+$/, '');
  return expandScientific(folded);
}

/** A number as Excel shows it in a General cell: integers without ".0", at most 15 significant digits. */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  return String(Number(value.toPrecision(15)));
}

export function isoDateOf(date: Date): string {
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
/** Serial numbers that can only be dates in a date column: 1927-05-18 … 9999-12-31. */
const SERIAL_MIN = 10_000;
const SERIAL_MAX = 2_958_465;

/** An Excel serial date ("45717" or "45717.5") as YYYY-MM-DD, or null when the text is not one. */
export function serialDateText(text: string): string | null {
  if (!/^\d{5,7}(?:\.\d+)?$/.test(text)) return null;
  const serial = Math.floor(Number(text));
  if (serial < SERIAL_MIN || serial > SERIAL_MAX) return null;
  return isoDateOf(new Date(EXCEL_EPOCH_MS + serial * 86_400_000));
}

/** Any exceljs cell value (plain, rich text, formula, hyperlink, error, date) as normalised text. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return normaliseText(value);
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoDateOf(value);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; formula?: unknown; sharedFormula?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return normaliseText(v.richText.map((r) => r.text).join(''));
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text);
    if ('error' in v) return '';
  }
  return normaliseText(String(value));
}

/** Trailing empty cells dropped; a row with no text at all becomes []. */
export function trimRow(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  return end === cells.length ? cells : cells.slice(0, end);
}

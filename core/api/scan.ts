import { isTraceCode, isValidGtin, toHalfWidth } from './codes.js';

/**
 * What a barcode scanner typed. A scanner is a keyboard: the receiving grid hands each scanned line here and puts
 * the result on the right line — a 20-digit 药品追溯码, or a GS1 UDI string (devices, some drugs) read for its
 * GTIN, batch, production and expiry dates and serial. Shared with the renderer, so it checks as the hub does.
 */
export type Scan =
  | { kind: 'trace'; code: string; productPrefix: string }
  | { kind: 'udi'; gtin: string; batch: string | null; production: string | null; expiry: string | null; serial: string | null }
  | { kind: 'invalid'; reason: string };

/** FNC1 as scanners send it: ASCII group separator (GS, 0x1D); some keyboard wedges turn it into other marks. */
const GS = '\u001d';

/** The application identifiers read here: fixed length, or variable up to `max` and ended by GS. */
const AI: Record<string, { fixed?: number; max?: number }> = {
  '01': { fixed: 14 },
  '10': { max: 20 },
  '11': { fixed: 6 },
  '17': { fixed: 6 },
  '21': { max: 20 },
};

/** GS1 YYMMDD (years 2000–2099 here); day 00 means the last day of the month, as GS1 specifies for expiry. */
function gs1Date(text: string, what: string): { ok: true; date: string } | { ok: false; reason: string } {
  const match = /^(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!match) return { ok: false, reason: `${what}应为 6 位数字（YYMMDD）` };
  const year = 2000 + Number(match[1]);
  const month = Number(match[2]);
  let day = Number(match[3]);
  if (month < 1 || month > 12) return { ok: false, reason: `${what}的月份 ${month} 不正确` };
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day === 0) day = last;
  if (day > last) return { ok: false, reason: `${what}的日期 ${match[3]} 不正确` };
  return { ok: true, date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

/** Splits "(01)…(10)…" or a raw string with GS separators into AI → value; null when it is neither. */
function elements(text: string): { values: Record<string, string> } | { reason: string } | null {
  const values: Record<string, string> = {};
  if (text.startsWith('(')) {
    const parts = [...text.matchAll(/\((\d{2})\)([^(]*)/g)];
    if (parts.map((p) => p[0]).join('') !== text) return { reason: 'UDI 格式不正确' };
    for (const [, ai, value] of parts) {
      if (!AI[ai!]) return { reason: `不支持的 GS1 应用标识符 (${ai})` };
      values[ai!] = value!;
    }
    return { values };
  }
  if (!/^01\d{14}/.test(text)) return null;
  let rest = text;
  while (rest.length > 0) {
    const ai = rest.slice(0, 2);
    const spec = AI[ai];
    if (!spec) return { reason: `不支持的 GS1 应用标识符 (${ai})` };
    rest = rest.slice(2);
    if (spec.fixed) {
      values[ai] = rest.slice(0, spec.fixed);
      rest = rest.slice(spec.fixed);
    } else {
      const end = rest.indexOf(GS);
      values[ai] = end < 0 ? rest : rest.slice(0, end);
      rest = end < 0 ? '' : rest.slice(end + 1);
    }
    if (rest.startsWith(GS)) rest = rest.slice(1);
  }
  return { values };
}

/** Reads one scanned line. */
export function readScan(raw: string): Scan {
  // Scanners in Chinese IME mode type full-width digits and brackets; some prefix the symbology id "]d2"/"]C1".
  const text = toHalfWidth(raw).trim().replace(/^\][A-Za-z]\d/, '').replace(/[\r\n]+$/, '');
  if (text === '') return { kind: 'invalid', reason: '扫描内容为空' };
  if (/^\d{20}$/.test(text) && isTraceCode(text)) return { kind: 'trace', code: text, productPrefix: text.slice(0, 7) };
  const split = elements(text);
  if (split === null) {
    if (/^\d+$/.test(text)) return { kind: 'invalid', reason: `追溯码应为 20 位数字（扫描到 ${text.length} 位）` };
    return { kind: 'invalid', reason: '无法识别的条码：既不是 20 位药品追溯码，也不是 GS1 UDI' };
  }
  if ('reason' in split) return { kind: 'invalid', reason: split.reason };
  const { values } = split;
  const gtin = values['01'];
  if (!gtin || !/^\d{14}$/.test(gtin)) return { kind: 'invalid', reason: 'UDI 缺少 14 位 GTIN (01)' };
  if (!isValidGtin(gtin)) return { kind: 'invalid', reason: `GTIN ${gtin} 校验位不正确` };
  const dates: { production: string | null; expiry: string | null } = { production: null, expiry: null };
  for (const [ai, key, what] of [
    ['11', 'production', '生产日期 (11)'],
    ['17', 'expiry', '有效期 (17)'],
  ] as const) {
    const value = values[ai];
    if (value === undefined) continue;
    const parsed = gs1Date(value, what);
    if (!parsed.ok) return { kind: 'invalid', reason: parsed.reason };
    dates[key] = parsed.date;
  }
  return { kind: 'udi', gtin, batch: values['10'] || null, ...dates, serial: values['21'] || null };
}

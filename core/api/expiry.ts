import { z } from 'zod';
import { toHalfWidth } from './codes.js';

/**
 * 有效期 as labels and delivery notes print it, to a full date. Labels print a day or a month; a month-only date
 * ("有效期至2026年09月", "2026.09", "202609") means usable through the last day of that month (药品说明书和标签
 * 管理规定 第二十三条 already subtracts a month when printing). Stored and compared as YYYY-MM-DD.
 */
export type ParsedExpiry = { ok: true; date: string; monthOnly: boolean } | { ok: false; reason: string };

const MIN_YEAR = 2000;
const MAX_YEAR = 2099;

const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Label words around the date: 有效期至, 有效期:, EXP, 止, 截止… and 年/月/日 as separators. */
function normalise(text: string): string {
  return toHalfWidth(text)
    .trim()
    .replace(/^(有效期(至|到|截止)?|失效期|截止日期|exp(iry|\.)?)\s*[:：]?\s*/i, '')
    .replace(/[止前]$/, '')
    .replace(/\s+/g, '')
    .replace(/年|月/g, '-')
    .replace(/日$/, '')
    .replace(/-$/, '');
}

function build(year: number, month: number, day: number | null): ParsedExpiry {
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, reason: `有效期年份 ${year} 不合理` };
  if (month < 1 || month > 12) return { ok: false, reason: `有效期月份 ${month} 不正确` };
  const last = daysIn(year, month);
  if (day !== null && (day < 1 || day > last)) return { ok: false, reason: `${year}年${month}月没有 ${day} 日` };
  return { ok: true, date: `${year}-${pad(month)}-${pad(day ?? last)}`, monthOnly: day === null };
}

/**
 * Accepts "2027-09-30", "2027/9/30", "2027.09.30", "20270930", "2027年9月30日", and the month forms "2027-09",
 * "2027/9", "2027.09", "202709", "2027年09月", "有效期至2027年09月"; anything else gets a Chinese reason.
 */
export function parseExpiry(text: string): ParsedExpiry {
  const t = normalise(text);
  if (t === '') return { ok: false, reason: '请填写有效期' };
  const compact = /^(\d{4})(\d{2})(\d{2})?$/.exec(t);
  if (compact) return build(Number(compact[1]), Number(compact[2]), compact[3] === undefined ? null : Number(compact[3]));
  const separated = /^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?$/.exec(t);
  if (separated) return build(Number(separated[1]), Number(separated[2]), separated[3] === undefined ? null : Number(separated[3]));
  return { ok: false, reason: `无法识别有效期“${text.trim()}”，请按 2027-09-30 或 2027-09 填写` };
}

/** An expiry as printed, parsed to YYYY-MM-DD in the contract, so every caller gets the same rule and message. */
export const expiryText = z.string().transform((text, ctx) => {
  const parsed = parseExpiry(text);
  if (parsed.ok) return parsed.date;
  ctx.addIssue({ code: 'custom', message: parsed.reason });
  return z.NEVER;
});

import type { DueRule } from '../../api/finance.js';
import type { FinanceSettings } from '../settings.js';

/**
 * Due dates by rule (pure). The candidates are:
 * - 集采 (`vbp`): the accepted date + `vbpDays` (国办发〔2019〕2号: payment no later than 30 days after acceptance);
 * - 中小企业 (保障中小企业款项支付条例, 国务院令第802号): counted from delivery (到货), or from acceptance when the
 *   contract makes acceptance the condition (`fromAcceptance`); the contract's term when it sets one
 *   (`sme_contract`), never beyond `smeMaxDays`; else `smeDays` (`sme_statutory`);
 * - other suppliers: the contract's term (`contract`, from acceptance or delivery as the contract says), or the
 *   community's `defaultTermDays` from acceptance (`default`).
 * When several apply (a 集采 product from a small supplier) the EARLIEST date wins; on a tie the first in the order
 * above (vbp, then the supplier's rule) is named.
 */
export interface DueRuleInput {
  /** 到货 and 验收 dates, YYYY-MM-DD (community dates). */
  deliveredOn: string;
  acceptedOn: string;
  vbp: boolean;
  sme: boolean;
  /** supplier_terms; null when the supplier has none. */
  terms: { termDays: number | null; fromAcceptance: boolean } | null;
}

export interface DueDate {
  dueOn: string;
  rule: DueRule;
  /** The day count the rule applied. */
  ruleDays: number;
}

/** YYYY-MM-DD + n calendar days (proleptic Gregorian, leap years included). */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(t)) throw new Error(`not a date: ${date}`);
  return new Date(t + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function dueDate(input: DueRuleInput, settings: Pick<FinanceSettings, 'vbpDays' | 'smeDays' | 'smeMaxDays' | 'defaultTermDays'>): DueDate {
  const candidates: DueDate[] = [];
  if (input.vbp) candidates.push({ dueOn: addDays(input.acceptedOn, settings.vbpDays), rule: 'vbp', ruleDays: settings.vbpDays });
  const termDays = input.terms?.termDays ?? null;
  if (input.sme) {
    // Without a contract saying otherwise the statute counts from delivery.
    const base = input.terms?.fromAcceptance ? input.acceptedOn : input.deliveredOn;
    if (termDays !== null) {
      const days = Math.min(termDays, settings.smeMaxDays);
      candidates.push({ dueOn: addDays(base, days), rule: 'sme_contract', ruleDays: days });
    } else {
      const days = Math.min(settings.smeDays, settings.smeMaxDays);
      candidates.push({ dueOn: addDays(base, days), rule: 'sme_statutory', ruleDays: days });
    }
  } else if (termDays !== null) {
    const base = input.terms?.fromAcceptance === false ? input.deliveredOn : input.acceptedOn;
    candidates.push({ dueOn: addDays(base, termDays), rule: 'contract', ruleDays: termDays });
  } else {
    candidates.push({ dueOn: addDays(input.acceptedOn, settings.defaultTermDays), rule: 'default', ruleDays: settings.defaultTermDays });
  }
  let best = candidates[0]!;
  for (const c of candidates.slice(1)) if (c.dueOn < best.dueOn) best = c;
  return best;
}

/**
 * Statutory late-payment interest (逾期利息) of an overdue payable to a small or medium supplier, to `asOf`
 * inclusive, in integer micro-yuan. 保障中小企业款项支付条例 (802号) art. 15: "双方对逾期利息的利率有约定的，约定利率不得
 * 低于合同订立时1年期贷款市场报价利率；未作约定的，按照每日利率万分之五支付逾期利息。" So:
 * - a contract rate (annual, basis points) is raised to the one-year LPR (`lprBp`) if below it and applied per day as
 *   annual / 365;
 * - with no contract rate, `dailyCentiBp` (hundredths of a basis point a day: 0.05 % = 500) applies.
 * It accrues from the day after the due date on the balance open at the end of each day (settlements dated that day
 * reduce it), so a partial payment stops the interest on what it paid. The sum over days is exact (BigInt) and
 * rounded once, half up, to the micro-yuan.
 */
export interface InterestInput {
  amountMicro: number;
  dueOn: string;
  asOf: string;
  /** Signed settlements (reversals negative) with their dates. */
  settlements: readonly { settledOn: string; amountMicro: number }[];
  contractRateBp: number | null;
  lprBp: number;
  dailyCentiBp: number;
}

export function lateInterestMicro(input: InterestInput): number {
  if (input.asOf <= input.dueOn) return 0;
  const sorted = [...input.settlements].sort((a, b) => (a.settledOn < b.settledOn ? -1 : a.settledOn > b.settledOn ? 1 : 0));
  // balance × days, summed over segments of constant balance within (dueOn, asOf].
  let balance = input.amountMicro;
  let i = 0;
  while (i < sorted.length && sorted[i]!.settledOn <= input.dueOn) balance -= sorted[i++]!.amountMicro;
  let cursor = input.dueOn; // balance holds for the days after cursor
  let weighted = 0n; // Σ balance × days
  while (i < sorted.length && sorted[i]!.settledOn <= input.asOf) {
    const day = sorted[i]!.settledOn;
    // Days cursor+1 .. day-1 at the current balance; the settlement's own day counts at the new balance.
    const days = daysBetween(cursor, day) - 1;
    if (days > 0 && balance > 0) weighted += BigInt(balance) * BigInt(days);
    while (i < sorted.length && sorted[i]!.settledOn === day) balance -= sorted[i++]!.amountMicro;
    if (balance > 0) weighted += BigInt(balance);
    cursor = day;
  }
  const tail = daysBetween(cursor, input.asOf);
  if (tail > 0 && balance > 0) weighted += BigInt(balance) * BigInt(tail);
  if (weighted === 0n) return 0;
  if (input.contractRateBp !== null) {
    const rate = BigInt(Math.max(input.contractRateBp, input.lprBp));
    const denominator = 10_000n * 365n;
    return Number((weighted * rate * 2n + denominator) / (denominator * 2n));
  }
  const denominator = 1_000_000n;
  return Number((weighted * BigInt(input.dailyCentiBp) * 2n + denominator) / (denominator * 2n));
}

import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, dueDate, lateInterestMicro } from '../../core/finance/payables/due-rules.js';
import { DEFAULT_FINANCE_SETTINGS } from '../../core/finance/settings.js';

/** Due dates by rule at month and year ends and in leap years; the earliest rule wins; statutory late interest. */
const S = DEFAULT_FINANCE_SETTINGS;
const base = { deliveredOn: '2026-12-10', acceptedOn: '2026-12-15', vbp: false, sme: false, terms: null };

describe('calendar', () => {
  it('adds days across month and year ends and leap days', () => {
    expect(addDays('2026-12-15', 30)).toBe('2027-01-14');
    expect(addDays('2027-01-31', 30)).toBe('2027-03-02');
    expect(addDays('2028-01-31', 30)).toBe('2028-03-01'); // 2028 is a leap year
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01'); // not a leap year
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29'); // a leap year
    expect(addDays('2026-12-31', 60)).toBe('2027-03-01');
    expect(daysBetween('2026-12-15', '2027-01-14')).toBe(30);
  });
});

describe('due dates by rule', () => {
  it('集采: accepted + 30, at the year end', () => {
    expect(dueDate({ ...base, vbp: true }, S)).toEqual({ dueOn: '2027-01-14', rule: 'vbp', ruleDays: 30 });
    expect(dueDate({ ...base, vbp: true, acceptedOn: '2027-01-31', deliveredOn: '2027-01-31' }, S)).toMatchObject({ dueOn: '2027-03-02' });
  });

  it('中小企业 statutory: 30 days after delivery, or after acceptance when the contract says so', () => {
    expect(dueDate({ ...base, sme: true }, S)).toEqual({ dueOn: '2027-01-09', rule: 'sme_statutory', ruleDays: 30 });
    expect(dueDate({ ...base, sme: true, terms: { termDays: null, fromAcceptance: true } }, S)).toEqual({ dueOn: '2027-01-14', rule: 'sme_statutory', ruleDays: 30 });
  });

  it('中小企业 by contract: its term, never beyond 60 days', () => {
    expect(dueDate({ ...base, sme: true, terms: { termDays: 45, fromAcceptance: true } }, S)).toEqual({ dueOn: '2027-01-29', rule: 'sme_contract', ruleDays: 45 });
    expect(dueDate({ ...base, sme: true, terms: { termDays: 120, fromAcceptance: false } }, S)).toEqual({ dueOn: '2027-02-08', rule: 'sme_contract', ruleDays: 60 });
    // Leap year: 2028-01-01 + 60 = 2028-03-01.
    expect(dueDate({ ...base, deliveredOn: '2028-01-01', acceptedOn: '2028-01-02', sme: true, terms: { termDays: 90, fromAcceptance: false } }, S).dueOn).toBe('2028-03-01');
  });

  it('other suppliers: the contract term, else the default', () => {
    expect(dueDate({ ...base, terms: { termDays: 45, fromAcceptance: true } }, S)).toEqual({ dueOn: '2027-01-29', rule: 'contract', ruleDays: 45 });
    expect(dueDate({ ...base, terms: { termDays: 45, fromAcceptance: false } }, S)).toMatchObject({ dueOn: '2027-01-24' });
    expect(dueDate(base, S)).toEqual({ dueOn: '2027-03-15', rule: 'default', ruleDays: 90 });
  });

  it('the earliest rule wins: 集采 from a small supplier, and a small supplier with a short contract', () => {
    // 集采 accepted + 30 = 01-14, SME delivered + 30 = 01-09: SME wins.
    expect(dueDate({ ...base, vbp: true, sme: true }, S)).toMatchObject({ rule: 'sme_statutory', dueOn: '2027-01-09' });
    // From acceptance both are 01-14: the tie names 集采.
    expect(dueDate({ ...base, vbp: true, sme: true, terms: { termDays: null, fromAcceptance: true } }, S)).toMatchObject({ rule: 'vbp' });
    // A large supplier's 60-day contract loses to 集采.
    expect(dueDate({ ...base, vbp: true, terms: { termDays: 60, fromAcceptance: true } }, S)).toMatchObject({ rule: 'vbp' });
    expect(dueDate({ ...base, vbp: true, terms: { termDays: 10, fromAcceptance: true } }, S)).toMatchObject({ rule: 'contract', dueOn: '2026-12-25' });
  });

  it('follows the configured day counts', () => {
    expect(dueDate({ ...base, vbp: true }, { ...S, vbpDays: 20 })).toMatchObject({ dueOn: '2027-01-04', ruleDays: 20 });
    expect(dueDate({ ...base, sme: true, terms: { termDays: 90, fromAcceptance: true } }, { ...S, smeMaxDays: 45 })).toMatchObject({ ruleDays: 45 });
  });
});

describe('late-payment interest', () => {
  const p = { amountMicro: 100_000_000, dueOn: '2026-12-31', settlements: [], contractRateBp: null, lprBp: 300, dailyCentiBp: 500 };
  it('0.05 % a day from the day after the due date, none on or before it', () => {
    expect(lateInterestMicro({ ...p, asOf: '2026-12-31' })).toBe(0);
    expect(lateInterestMicro({ ...p, asOf: '2027-01-01' })).toBe(50_000);
    expect(lateInterestMicro({ ...p, asOf: '2027-01-30' })).toBe(1_500_000);
  });
  it('a contract rate below the LPR is raised to it; above, it applies; annual / 365, half up', () => {
    expect(lateInterestMicro({ ...p, asOf: '2027-01-01', contractRateBp: 100 })).toBe(8_219); // 100 yuan × 3 % / 365 = 0.00821917…
    expect(lateInterestMicro({ ...p, asOf: '2027-12-31', contractRateBp: 1000 })).toBe(10_000_000);
  });
  it('part payments reduce the balance from their day; a reversal restores it', () => {
    const settlements = [{ settledOn: '2027-01-06', amountMicro: 60_000_000 }];
    // 100 × 5 days + 40 × 5 days = 700 yuan·days × 0.05 % = 0.35 yuan.
    expect(lateInterestMicro({ ...p, asOf: '2027-01-10', settlements })).toBe(350_000);
    expect(lateInterestMicro({ ...p, asOf: '2027-01-10', settlements: [...settlements, { settledOn: '2027-01-06', amountMicro: -60_000_000 }] })).toBe(500_000);
    // Paid before the due date: nothing.
    expect(lateInterestMicro({ ...p, asOf: '2027-03-01', settlements: [{ settledOn: '2026-12-20', amountMicro: 100_000_000 }] })).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityDate } from '../../core/time.js';
import { addDays } from '../../core/finance/payables/due-rules.js';
import { call, login, ok } from '../support/db.js';
import { supplierInput } from '../support/suppliers.js';
import { booksCheck, payablesCommunity, type PayablesCommunity } from './payables-support.js';

/**
 * 应付款: made when an invoice is approved, one per line, due by rule (集采, 中小企业 statutory or by contract ≤ 60
 * days, contract, default; the earliest wins), listed with what is open and the rule's name; 医保基金直接结算 closes
 * a payable without a bank payment; ageing by days since acceptance, due-soon and overdue by due date; statutory
 * late-payment interest on overdue 中小企业 payables; days from acceptance to payment; terms and settings.
 */
let env: PayablesCommunity;
let today = '';
let interestSupplier = 0;
const BOX = 12_500_000;

beforeAll(async () => {
  env = await payablesCommunity();
  today = communityDate(new Date());
  interestSupplier = (await ok(env.db, 'supplier.create', supplierInput(8, { name: '清源县仁和医药有限公司' }), { sessionToken: env.officer })).supplier.id;
  await ok(env.db, 'supplierTerms.save', { supplierId: interestSupplier, termDays: null, fromAcceptance: true, interestRateBp: 200, note: '合同约定逾期年利率 2%' }, env.caiwu);
}, 120_000);
afterAll(() => env?.dispose());

const later = async (days: number) => {
  const now = new Date(Date.now() + days * 86_400_000);
  return { sessionToken: await login(env.db, 'caiwu', env.passwords.caiwu, now), now };
};
const listed = async (ids: number[]) => {
  const { rows } = await ok(env.db, 'payable.list', { status: 'all', pageSize: 10_000 }, env.caiwu);
  return ids.map((id) => rows.find((r) => r.id === id)!);
};

describe('payables by rule', () => {
  it('an approved invoice makes one payable per line, due by its rule, with the rule named', async () => {
    // 中小企业 with no contract: 30 days after delivery; a 集采 item of the large supplier: 30 days after acceptance;
    // a plain item of the large supplier with no term: the default 90 days.
    const [sme] = await env.invoiced({ packs: [10] });
    const [vbp, plain] = await Promise.all([env.invoiced({ supplierId: env.largeId, itemId: env.vbpId, packs: [4] }), env.invoiced({ supplierId: env.largeId, packs: [2, 3] })]).then(
      ([a, b]) => [a[0]!, b[0]!],
    );
    const [a, b, c] = await listed([sme!, vbp!, plain!]);
    expect(a).toMatchObject({ supplierId: env.smeId, sme: true, vbp: false, rule: 'sme_statutory', ruleLabel: '中小企业：交付后30日内', ruleDays: 30, dueOn: addDays(today, 30), amountMicro: 10 * BOX, paidMicro: 0, openMicro: 10 * BOX, status: 'open' });
    expect(a!.itemName).toBe('头孢呋辛酯片 0.25g');
    expect(a!.invoiceDocumentNumber).toMatch(/^FP\d{4}-\d{6}$/);
    expect(b).toMatchObject({ supplierId: env.largeId, sme: false, vbp: true, rule: 'vbp', ruleLabel: '集采药品：验收后30日内', dueOn: addDays(today, 30) });
    expect(c).toMatchObject({ rule: 'default', ruleDays: 90, dueOn: addDays(today, 90), amountMicro: 2 * BOX });
    // The invoice of two lines made two payables.
    const { rows } = await ok(env.db, 'payable.list', { supplierId: env.largeId, status: 'all', pageSize: 1000 }, env.caiwu);
    expect(rows.filter((r) => r.invoiceId === c!.invoiceId).map((r) => r.amountMicro)).toEqual([2 * BOX, 3 * BOX]);
  });

  it('contract terms: another supplier by its term; a small supplier by its term but never beyond 60 days; the earliest rule wins', async () => {
    await ok(env.db, 'supplierTerms.save', { supplierId: env.largeId, termDays: 45, fromAcceptance: true, interestRateBp: null, note: '' }, env.caiwu);
    const [contract] = await env.invoiced({ supplierId: env.largeId, packs: [1] });
    // 集采 (30) beats the contract's 45.
    const [vbp] = await env.invoiced({ supplierId: env.largeId, itemId: env.vbpId, packs: [1] });
    await ok(env.db, 'supplierTerms.save', { supplierId: env.smeId, termDays: 90, fromAcceptance: true, interestRateBp: null, note: '' }, env.caiwu);
    const [capped] = await env.invoiced({ packs: [1] });
    await ok(env.db, 'supplierTerms.save', { supplierId: env.smeId, termDays: 20, fromAcceptance: false, interestRateBp: null, note: '' }, env.caiwu);
    const [short] = await env.invoiced({ itemId: env.vbpId, packs: [1] });
    const [a, b, c, d] = await listed([contract!, vbp!, capped!, short!]);
    expect(a).toMatchObject({ rule: 'contract', ruleDays: 45, dueOn: addDays(today, 45) });
    expect(b).toMatchObject({ rule: 'vbp', ruleDays: 30 });
    expect(c).toMatchObject({ rule: 'sme_contract', ruleDays: 60, dueOn: addDays(today, 60), ruleLabel: '中小企业：合同约定（不超过60日）' });
    expect(d).toMatchObject({ rule: 'sme_contract', ruleDays: 20, dueOn: addDays(today, 20), vbp: true });
    const terms = (await ok(env.db, 'supplierTerms.get', { supplierId: env.smeId }, env.auditor)).terms[0]!;
    expect(terms).toMatchObject({ termDays: 20, fromAcceptance: false, sme: true, updatedBy: 'caiwu' });
    await ok(env.db, 'supplierTerms.save', { supplierId: env.smeId, termDays: null, fromAcceptance: false, interestRateBp: null, note: '' }, env.caiwu);
    await ok(env.db, 'supplierTerms.save', { supplierId: env.largeId, termDays: null, fromAcceptance: true, interestRateBp: null, note: '' }, env.caiwu);
  });

  it('the day counts are settings: finance changes them (audited), an auditor reads but cannot', async () => {
    const { settings, defaults } = await ok(env.db, 'financeSettings.get', {}, env.auditor);
    expect(settings).toEqual(defaults);
    const denied = await call(env.db, 'financeSettings.save', { ...settings, vbpDays: 20 }, env.auditor);
    expect(denied.ok).toBe(false);
    const bad = await call(env.db, 'financeSettings.save', { ...settings, smeDays: 70 }, env.caiwu);
    expect(bad.ok === false && bad.error.fields?.[0]).toMatchObject({ path: 'smeDays', message: '中小企业付款期限不能超过最长期限' });
    await ok(env.db, 'financeSettings.save', { ...settings, vbpDays: 20 }, env.caiwu);
    const [vbp] = await env.invoiced({ supplierId: env.largeId, itemId: env.vbpId, packs: [1] });
    expect((await listed([vbp!]))[0]).toMatchObject({ rule: 'vbp', ruleDays: 20, dueOn: addDays(today, 20) });
    await ok(env.db, 'financeSettings.save', settings, env.caiwu);
    const audit = env.db.$client.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE operation = 'financeSettings.save'`).get() as { n: number };
    expect(audit.n).toBe(2);
  });
});

describe('医保基金直接结算', () => {
  it('closes a payable without a bank payment, books Dr 应付账款 / Cr 医保基金直接结算, never beyond what is open', async () => {
    const [id] = await env.invoiced({ supplierId: env.largeId, itemId: env.vbpId, packs: [8] });
    const over = await call(env.db, 'payable.settleInsurance', { lines: [{ payableId: id, amountMicro: 8 * BOX + 1 }], statementReference: 'YB2026110001', settledOn: addDays(today, 10), requestId: env.requestId() }, env.caiwu);
    expect(over.ok === false && over.error.message).toContain('未结金额 100.00 元');
    const requestId = env.requestId();
    const input = { lines: [{ payableId: id!, amountMicro: 8 * BOX }], statementReference: 'YB2026110001', settledOn: addDays(today, 10), requestId };
    const first = await ok(env.db, 'payable.settleInsurance', input, env.caiwu);
    expect(first.totalMicro).toBe(8 * BOX);
    // The same request again settles nothing more.
    await ok(env.db, 'payable.settleInsurance', input, env.caiwu);
    const got = await ok(env.db, 'payable.get', { id: id! }, env.auditor);
    expect(got.payable).toMatchObject({ status: 'settled', paidMicro: 8 * BOX, openMicro: 0 });
    expect(got.settlements).toMatchObject([{ kind: 'insurance', kindLabel: '医保基金直接结算', reference: 'YB2026110001', amountMicro: 8 * BOX }]);
    const lines = env.db.$client
      .prepare(`SELECT account, debit_micro AS d, credit_micro AS c FROM journal_lines WHERE kind = 'insurance' ORDER BY id`)
      .all();
    expect(lines).toEqual([
      { account: 'accounts_payable', d: 8 * BOX, c: 0 },
      { account: 'insurance_clearing', d: 0, c: 8 * BOX },
    ]);
    const open = (await ok(env.db, 'payable.list', { supplierId: env.largeId }, env.caiwu)).rows.map((r) => r.id);
    expect(open).not.toContain(id);
    // 10 days from acceptance to settlement, counted for the 集采 average.
    const days = await ok(env.db, 'payable.paymentDays', {}, env.caiwu);
    expect(days.vbp).toMatchObject({ paidMicro: 8 * BOX, count: 1, averageDays: 10 });
    expect(days.suppliers.find((s) => s.supplierId === env.largeId)).toMatchObject({ averageDays: 10 });
    expect(booksCheck(env)).toEqual({ unbalanced: [], mismatched: [] });
  });

  it('an auditor cannot settle', async () => {
    const [id] = await env.invoiced({ packs: [1] });
    const denied = await call(env.db, 'payable.settleInsurance', { lines: [{ payableId: id, amountMicro: BOX }], statementReference: 'X', settledOn: today, requestId: env.requestId() }, env.auditor);
    expect(denied.ok === false && denied.error.code).toBe('FORBIDDEN');
  });
});

describe('ageing, due soon, overdue and interest', () => {
  it('buckets open amounts by days since acceptance; due in 7 / 30 days and overdue by due date', async () => {
    const asOf = addDays(today, 45);
    const { suppliers, totals, basis } = await ok(env.db, 'payable.ageing', { asOf }, env.auditor);
    expect(basis).toBe('acceptance');
    const sme = suppliers.find((s) => s.supplierId === env.smeId)!;
    // Every payable so far was accepted today: 45 days old at asOf.
    expect(sme.buckets).toEqual({ d0to30: 0, d31to60: sme.openMicro, d61to90: 0, over90: 0 });
    // The small supplier's are due at 30, 60 or 20 days: by asOf, the 30- and 20-day ones are overdue, the 60-day one falls due within 30 days.
    const rows = (await ok(env.db, 'payable.list', { supplierId: env.smeId, pageSize: 1000 }, env.caiwu)).rows;
    const overdue = rows.filter((r) => r.dueOn < asOf).reduce((a, r) => a + r.openMicro, 0);
    const due30 = rows.filter((r) => r.dueOn >= asOf && r.dueOn <= addDays(asOf, 30)).reduce((a, r) => a + r.openMicro, 0);
    expect(overdue).toBeGreaterThan(0);
    expect(due30).toBeGreaterThan(0);
    expect(sme).toMatchObject({ overdueMicro: overdue, dueNext30Micro: due30 });
    expect(totals.openMicro).toBe(suppliers.reduce((a, s) => a + s.openMicro, 0));
    const today0 = await ok(env.db, 'payable.ageing', {}, env.caiwu);
    expect(today0.totals.buckets.d0to30).toBe(today0.totals.openMicro);
    expect(today0.totals.overdueMicro).toBe(0);
  });

  it('an overdue 中小企业 payable accrues 0.05 % a day, or the contract rate raised to the LPR; none before the due date or for a large supplier', async () => {
    const [statutory] = await env.invoiced({ packs: [10] }); // due today + 30 (delivery)
    const [contract] = await env.invoiced({ supplierId: interestSupplier, packs: [10] }); // contract 2 % a year < LPR 3 %
    const [large] = await env.invoiced({ supplierId: env.largeId, packs: [10] }); // default 90
    const early = await listed([statutory!]);
    expect(early[0]).toMatchObject({ overdueDays: 0, interestMicro: 0 });
    const as = await later(40); // 10 days overdue
    const { rows } = await ok(env.db, 'payable.list', { status: 'all', pageSize: 10_000 }, as);
    const find = (id: number) => rows.find((r) => r.id === id)!;
    // 125 yuan × 10 days × 0.05 % = 0.625 yuan.
    expect(find(statutory!)).toMatchObject({ overdueDays: 10, interestMicro: 625_000 });
    // 125 yuan × 3 % / 365 × 10 days = 0.10273972… → 102,740 micro-yuan (half up).
    expect(find(contract!)).toMatchObject({ overdueDays: 10, interestMicro: 102_740 });
    expect(find(large!)).toMatchObject({ overdueDays: 0, interestMicro: 0 });
    const overdueOnly = await ok(env.db, 'payable.list', { overdueOnly: true, pageSize: 10_000 }, as);
    expect(overdueOnly.rows.every((r) => r.overdueDays > 0)).toBe(true);
    expect(overdueOnly.rows.map((r) => r.id)).toContain(statutory);
    // Half of it paid by 医保 on day 35 (5 days overdue): the interest on that half stops that day.
    await ok(env.db, 'payable.settleInsurance', { lines: [{ payableId: statutory!, amountMicro: 5 * BOX }], statementReference: 'YB-HALF', settledOn: addDays(today, 35), requestId: env.requestId() }, as);
    const after = (await ok(env.db, 'payable.list', { status: 'all', pageSize: 10_000 }, as)).rows.find((r) => r.id === statutory)!;
    // 125 × 4 days (31..34) + 62.5 × 6 days (35..40) = 875 yuan·days × 0.05 % = 0.4375 yuan.
    expect(after).toMatchObject({ openMicro: 5 * BOX, interestMicro: 437_500 });
  });

  it('as of a past day: a later settlement is not yet paid and a later acceptance not yet owed', async () => {
    const [id] = await env.invoiced({ supplierId: env.largeId, packs: [4] });
    const settledOn = addDays(today, 15);
    await ok(env.db, 'payable.settleInsurance', { lines: [{ payableId: id!, amountMicro: 4 * BOX }], statementReference: 'YB-ASOF', settledOn, requestId: env.requestId() }, await later(20));
    // Seen on day 20 (every settlement counts), as of day 14 (before it) and as of the day before acceptance.
    const seen = await later(20);
    const row = async (days: number) => (await ok(env.db, 'payable.list', { status: 'all', pageSize: 10_000 }, await later(days))).rows.find((r) => r.id === id);
    expect(await row(20)).toMatchObject({ paidMicro: 4 * BOX, openMicro: 0, status: 'settled' });
    const open = async (asOf: string) => (await ok(env.db, 'payable.ageing', { asOf }, seen)).totals.openMicro;
    expect((await open(addDays(today, 14))) - (await open(settledOn))).toBe(4 * BOX);
    expect(await open(addDays(today, -1))).toBe(0);
  });

  it('filters: by supplier, due before, 集采 only; paging', async () => {
    const dueBefore = addDays(today, 30);
    const { rows } = await ok(env.db, 'payable.list', { dueBefore, pageSize: 10_000 }, env.caiwu);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.dueOn <= dueBefore)).toBe(true);
    const vbp = await ok(env.db, 'payable.list', { vbp: true, status: 'all', pageSize: 10_000 }, env.caiwu);
    expect(vbp.rows.every((r) => r.vbp)).toBe(true);
    const all = await ok(env.db, 'payable.list', { status: 'all', pageSize: 10_000 }, env.caiwu);
    const page2 = await ok(env.db, 'payable.list', { status: 'all', page: 2, pageSize: 3 }, env.caiwu);
    expect(page2.total).toBe(all.total);
    expect(page2.rows.map((r) => r.id)).toEqual(all.rows.slice(3, 6).map((r) => r.id));
    const member = await call(env.db, 'payable.list', {}, { sessionToken: env.township });
    expect(member.ok).toBe(false);
  });
});

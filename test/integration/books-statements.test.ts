import { afterAll, describe, expect, it } from 'vitest';
import type { OpInput, OperationName } from '../../core/api/index.js';
import { lineAmountMicro } from '../../core/api/money.js';
import { createDocument } from '../../core/documents/lifecycle.js';
import { batchFor, postMoves } from '../../core/stock/ledger.js';
import { systemActor } from '../../core/system-actor.js';
import { inTransaction } from '../../core/transaction.js';
import { call, ok, userWithSession } from '../support/db.js';
import { testContext, testSlip } from '../support/stock.js';
import { locationOf, memberStockCommunity } from './member-stock-support.js';

/**
 * 内部结算单 from the journal: a member's month (opening, received, returned, consumed, adjusted, closing) as the
 * booked stock moves make it, the centre's side mirroring it, issue → dispute → re-issue → confirm, statements that
 * moved since issue, budget execution by month and the trial balance.
 */
const c = await memberStockCommunity();
afterAll(() => c.env.dispose());
const finance = (await userWithSession(c.db, c.env.admin, { username: 'caiwu', displayName: '财务', role: 'finance', unitId: c.leadId })).token;
const tokens: Record<string, string> = { finance, member: '', baisha: '', auditor: '' };
for (const who of ['member', 'baisha', 'auditor', 'officer']) tokens[who] = c.as(who).sessionToken;

/** Dates in the past of the real clock (sessions made now stay valid), in three months. */
const OCT = new Date('2026-10-15T02:00:00Z');
const NOV = new Date('2026-11-12T02:00:00Z');
const DEC = new Date('2026-12-02T02:00:00Z');
let clock = 0;
const at = (base: Date) => new Date(base.getTime() + (clock += 1000));

const as = <N extends OperationName>(who: string, name: N, input: OpInput<N>, now = DEC) => ok(c.db, name, input, { sessionToken: tokens[who]!, now });
const refused = (who: string, name: OperationName, input: unknown, now = DEC) => call(c.db, name, input, { sessionToken: tokens[who]!, now });
let seq = 0;
const rid = () => `bk-${++seq}-${Date.now()}`;

const BOX = 12_500_000; // 12.50 ¥ a box of 24
const cost = (quantity: number) => lineAmountMicro(quantity, { priceMicro: BOX, packFactor: 24 });
const central = locationOf(c.db, c.centralStore);
const own = locationOf(c.db, c.ownStore);

/** Moves posted on a chosen day under a test slip (the journal books them on that day). */
function slip(now: Date, moves: { batchId: number; from: number | null; to: number | null; quantity: number; changeType: '108' | '103' | '104' | '105' | '106' | '107' | '109' }[]) {
  const ctx = testContext(c.db, systemActor('cli'), now);
  return inTransaction(c.db.$client, true, () => {
    const documentId = createDocument(ctx, testSlip).id;
    postMoves(
      ctx,
      moves.map((m) => ({ itemId: c.amoxicillin, batchId: m.batchId, fromLocationId: m.from, toLocationId: m.to, quantity: m.quantity, changeType: m.changeType, documentId, documentLineId: null })),
    );
    return documentId;
  });
}

const batch = inTransaction(c.db.$client, true, () =>
  batchFor(testContext(c.db, systemActor('cli'), OCT), {
    itemId: c.amoxicillin,
    batchNo: 'JS-01',
    productionDate: null,
    expiry: '2028-06-30',
    costMicro: BOX,
    costUnit: '盒',
    costPackFactor: 24,
    supplierId: null,
  }),
);

// October: 10 boxes bought into the central store, 2 sent to 青石 (received there).
slip(at(OCT), [{ batchId: batch, from: null, to: central, quantity: 240, changeType: '108' }]);
slip(at(OCT), [{ batchId: batch, from: central, to: own, quantity: 48, changeType: '107' }]);
// November: 1 more box to 青石, half a box 报损 there, 1 box sent back; 5 粒 盘盈.
slip(at(NOV), [{ batchId: batch, from: central, to: own, quantity: 24, changeType: '107' }]);
slip(at(NOV), [{ batchId: batch, from: own, to: null, quantity: 12, changeType: '105' }]);
slip(at(NOV), [{ batchId: batch, from: own, to: central, quantity: 24, changeType: '107' }]);
slip(at(NOV), [{ batchId: batch, from: null, to: own, quantity: 5, changeType: '103' }]);

describe('a member’s month from its books', () => {
  it('opening, received, returned, adjusted and closing; the centre’s side mirrors it', async () => {
    const view = await as('finance', 'settlement.statement', { unitId: c.ownUnit, month: '2026-11' });
    expect(view).toMatchObject({
      unitId: c.ownUnit,
      month: '2026-11',
      openingMicro: cost(48),
      receivedMicro: cost(24),
      returnedMicro: cost(24),
      consumedMicro: 0,
      adjustedMicro: cost(5) - cost(12),
      closingMicro: cost(48) + cost(5) - cost(12),
      centreReceivedMicro: cost(24),
      centreReturnedMicro: cost(24),
      balanced: true,
      statement: null,
      changedSinceIssue: false,
    });
    expect(view.byCategory).toEqual([{ category: 'western', categoryLabel: '西药', receivedMicro: cost(24), returnedMicro: cost(24), consumedMicro: 0, adjustedMicro: cost(5) - cost(12) }]);
    // October's closing is November's opening; a unit with no books is all zeros.
    const october = await as('finance', 'settlement.statement', { unitId: c.ownUnit, month: '2026-10' });
    expect(october).toMatchObject({ openingMicro: 0, receivedMicro: cost(48), closingMicro: cost(48) });
    expect(await as('finance', 'settlement.statement', { unitId: c.otherUnit, month: '2026-11' })).toMatchObject({ openingMicro: 0, closingMicro: 0, balanced: true });
  });

  it('lists the journal lines behind it, each in its column, paged', async () => {
    const lines = await as('member', 'settlement.lines', { unitId: c.ownUnit, month: '2026-11', page: 1, pageSize: 3 });
    expect(lines.total).toBe(4);
    expect(lines.rows.map((r) => [r.column, r.amountMicro])).toEqual([
      ['received', cost(24)],
      ['adjusted', -cost(12)],
      ['returned', -cost(24)],
    ]);
    expect(lines.rows[0]!.summary).toMatch(/^测试出入库单|QT/);
    const page2 = await as('member', 'settlement.lines', { unitId: c.ownUnit, month: '2026-11', page: 2, pageSize: 3 });
    expect(page2.rows.map((r) => [r.column, r.amountMicro])).toEqual([['adjusted', cost(5)]]);
  });

  it('counts 消耗出库 in consumed', async () => {
    const { consumption } = await as('member', 'consumption.create', {
      storeId: c.ownStore,
      periodFrom: '2026-12-01',
      periodTo: '2026-12-01',
      target: 'patients',
      department: '',
      lines: [{ itemId: c.amoxicillin, quantity: 10 }],
      note: '',
    });
    await as('member', 'consumption.post', { id: consumption.id, version: 1, requestId: rid() });
    const view = await as('member', 'settlement.statement', { unitId: c.ownUnit, month: '2026-12' });
    expect(view).toMatchObject({ openingMicro: cost(48) + cost(5) - cost(12), consumedMicro: cost(10), receivedMicro: 0, closingMicro: cost(48) + cost(5) - cost(12) - cost(10) });
  });
});

describe('issue, dispute, re-issue, confirm', () => {
  it('issues every member unit’s month once; an unchanged month is skipped the second time', async () => {
    const first = await as('finance', 'settlement.issueAll', { month: '2026-11', requestId: rid() });
    expect(first).toMatchObject({ month: '2026-11', issued: 2, skipped: 0 });
    const mine = first.statements.find((s) => s.unitId === c.ownUnit)!;
    expect(mine).toMatchObject({ number: expect.stringMatching(/^JS2026-\d{6}$/), status: 'issued', statusLabel: '待确认', version: 1, receivedMicro: cost(24), closingMicro: cost(41) });
    expect(await as('finance', 'settlement.issueAll', { month: '2026-11', requestId: rid() })).toMatchObject({ issued: 0, skipped: 2, statements: [] });
    const list = await as('finance', 'settlement.list', { month: '2026-11' });
    expect(list.counts).toEqual({ none: 0, issued: 2, disputed: 0, confirmed: 0 });
    expect(list.rows.map((r) => r.unitName)).toEqual(['青石镇卫生院', '白沙镇卫生院']);
    expect(list.rows[0]).toMatchObject({ statementId: mine.id, receivedYuan: '12.50', statusLabel: '待确认' });
    const december = await as('finance', 'settlement.list', { month: '2026-12' });
    expect(december.counts).toEqual({ none: 2, issued: 0, disputed: 0, confirmed: 0 });
    expect(december.rows[0]).toMatchObject({ statementId: null, statusLabel: '未出具', receivedYuan: '' });
  });

  it('the member disputes with a reason, the centre re-issues, the member confirms; then it is fixed', async () => {
    const { rows } = await as('member', 'settlement.list', { month: '2026-11' });
    expect(rows.map((r) => r.unitId)).toEqual([c.ownUnit]);
    const id = rows[0]!.statementId!;
    const noReason = await refused('member', 'settlement.dispute', { id, version: 1, note: ' ' });
    expect(noReason.ok ? null : noReason.error.fields).toEqual([{ path: 'note', message: '请填写异议原因' }]);
    const disputed = await as('member', 'settlement.dispute', { id, version: 1, note: '报损半盒未见报损单' });
    expect(disputed.statement).toMatchObject({ status: 'disputed', statusLabel: '有异议', memberNote: '报损半盒未见报损单', version: 2 });
    const early = await refused('member', 'settlement.confirm', { id, version: 2, requestId: rid() });
    expect(early.ok ? null : early.error.code).toBe('CONFLICT');
    const reissued = await as('finance', 'settlement.issue', { unitId: c.ownUnit, month: '2026-11', requestId: rid() });
    expect(reissued.statement).toMatchObject({ id, status: 'issued', version: 3 });
    // Asked again with nothing changed: the statement stays as it is, and the request is on record.
    const audits = () => (c.db.$client.prepare("SELECT count(*) AS n FROM audit_log WHERE operation = 'settlement.issue'").get() as { n: number }).n;
    const before = audits();
    expect((await as('finance', 'settlement.issue', { unitId: c.ownUnit, month: '2026-11', requestId: rid() })).statement).toMatchObject({ id, version: 3 });
    expect(audits()).toBe(before + 1);
    const confirmed = await as('member', 'settlement.confirm', { id, version: 3, note: '已核对', requestId: rid() });
    expect(confirmed.statement).toMatchObject({ status: 'confirmed', statusLabel: '已确认', confirmedBy: 'member', memberNote: '已核对', version: 4 });
    expect(confirmed.statement.events.map((e) => e.transitionLabel)).toEqual(['出具', '提出异议', '重新出具', '确认']);
    const again = await refused('finance', 'settlement.issue', { unitId: c.ownUnit, month: '2026-11', requestId: rid() });
    expect(again.ok ? null : again.error.message).toMatch(/已确认，不能重新出具/);
    expect((await as('finance', 'settlement.issueAll', { month: '2026-11', requestId: rid() })).skipped).toBe(2);
    const got = await as('auditor', 'settlement.get', { id });
    expect(got).toMatchObject({ changedSinceIssue: false, statement: { status: 'confirmed' } });
    expect(() => c.db.$client.prepare('UPDATE settlement_statements SET member_note = ? WHERE document_id = ?').run('改', id)).toThrow(/posted/);
  });

  it('a month still running is not confirmed; a month that moved after issue is not confirmed until it is re-issued', async () => {
    const { statement } = await as('finance', 'settlement.issue', { unitId: c.otherUnit, month: '2026-12', requestId: rid() });
    expect(statement.receivedMicro).toBe(0);
    slip(at(DEC), [{ batchId: batch, from: central, to: locationOf(c.db, c.otherStore), quantity: 24, changeType: '107' }]);
    const view = await as('baisha', 'settlement.statement', { unitId: c.otherUnit, month: '2026-12' });
    expect(view).toMatchObject({ changedSinceIssue: true, receivedMicro: cost(24), statement: { receivedMicro: 0 } });
    const all = await as('finance', 'settlement.issueAll', { month: '2026-12', requestId: rid() });
    expect(all.statements.map((s) => [s.unitId, s.receivedMicro, s.version])).toEqual([
      [c.ownUnit, 0, 1],
      [c.otherUnit, cost(24), 2],
    ]);
    // December is still running: more may be booked to it after the member agrees, so it waits for the month's end.
    const running = await refused('baisha', 'settlement.confirm', { id: statement.id, version: 2, requestId: rid() });
    expect(running.ok ? null : running.error.message).toMatch(/2026-12 尚未结束.*月末后/);
    expect((await as('baisha', 'settlement.dispute', { id: statement.id, version: 2, note: '本月尚在核对' })).statement.status).toBe('disputed');

    // An ended month whose books moved after issue (a test clock books into November) waits for the re-issue.
    const nov = (await as('finance', 'settlement.list', { month: '2026-11' })).rows.find((r) => r.unitId === c.otherUnit)!;
    expect(nov.status).toBe('issued');
    slip(at(NOV), [{ batchId: batch, from: central, to: locationOf(c.db, c.otherStore), quantity: 24, changeType: '107' }]);
    const stale = await refused('baisha', 'settlement.confirm', { id: nov.statementId!, version: nov.version!, requestId: rid() });
    expect(stale.ok ? null : stale.error.message).toMatch(/出具后账面已有变动/);
    const reissued = await as('finance', 'settlement.issue', { unitId: c.otherUnit, month: '2026-11', requestId: rid() });
    expect(reissued.statement.receivedMicro - nov.receivedMicro!).toBe(cost(24));
    const confirmed = await as('baisha', 'settlement.confirm', { id: nov.statementId!, version: reissued.statement.version, requestId: rid() });
    expect(confirmed.statement.status).toBe('confirmed');
  });

  it('refuses the lead unit, a month to come, other units and the auditor', async () => {
    const lead = await refused('finance', 'settlement.issue', { unitId: c.leadId, month: '2026-11', requestId: rid() });
    expect(lead.ok ? null : lead.error.fields?.[0]?.path).toBe('unitId');
    const future = await refused('finance', 'settlement.issueAll', { month: '2027-01', requestId: rid() });
    expect(future.ok ? null : future.error.fields).toEqual([{ path: 'month', message: expect.stringMatching(/尚未到来/) }]);
    const badMonth = await refused('finance', 'settlement.statement', { unitId: c.ownUnit, month: '2026-13' });
    expect(badMonth.ok ? null : badMonth.error.fields?.[0]?.path).toBe('month');
    const other = await refused('member', 'settlement.statement', { unitId: c.otherUnit, month: '2026-11' });
    expect(other.ok ? null : other.error.code).toBe('FORBIDDEN');
    const otherLines = await refused('member', 'settlement.lines', { unitId: c.otherUnit, month: '2026-11' });
    expect(otherLines.ok ? null : otherLines.error.code).toBe('FORBIDDEN');
    const { rows } = await as('finance', 'settlement.list', { month: '2026-11' });
    const theirs = rows.find((r) => r.unitId === c.otherUnit)!.statementId!;
    const confirmOther = await refused('member', 'settlement.confirm', { id: theirs, version: 1, requestId: rid() });
    expect(confirmOther.ok ? null : confirmOther.error.code).toBe('FORBIDDEN');
    const auditor = await refused('auditor', 'settlement.issueAll', { month: '2026-11', requestId: rid() });
    expect(auditor.ok ? null : auditor.error.code).toBe('FORBIDDEN');
    const memberIssues = await refused('member', 'settlement.issue', { unitId: c.ownUnit, month: '2026-11', requestId: rid() });
    expect(memberIssues.ok ? null : memberIssues.error.code).toBe('FORBIDDEN');
  });
});

describe('budget execution and the trial balance', () => {
  it('spreads the budget by month and charges what the books received', async () => {
    await ok(c.db, 'budget.set', { unitId: c.ownUnit, year: 2026, amountMicro: 1_200_000_000, overRule: 'block', note: '' }, { sessionToken: tokens.officer!, now: DEC });
    const { months, totals } = await as('member', 'budget.execution', { unitId: c.ownUnit, year: 2026 });
    expect(months).toHaveLength(12);
    expect(months[9]).toMatchObject({ month: 10, budgetMicro: 1_000_000_000, actualMicro: cost(48), cumulativeActualMicro: cost(48), remainingMicro: 1_200_000_000 - cost(48) });
    expect(months[10]).toMatchObject({ month: 11, actualMicro: 0, cumulativeActualMicro: cost(48) });
    expect(months[11]).toMatchObject({ month: 12, budgetMicro: 1_200_000_000, budgetYuan: '1200.00' });
    expect(totals).toMatchObject({ budgetMicro: 1_200_000_000, actualMicro: cost(48) });
    const none = await as('finance', 'budget.execution', { unitId: c.otherUnit, year: 2026 });
    expect(none.months[11]).toMatchObject({ budgetMicro: null, remainingMicro: null, budgetYuan: '', remainingYuan: '', actualMicro: cost(24) });
  });

  it('balances every unit’s accounts, the centre’s 内部往来 the mirror of the members’', async () => {
    const { rows, balanced } = await as('auditor', 'books.trialBalance', { month: '2026-11' });
    expect(balanced).toBe(true);
    const row = (unitId: number, account: string) => rows.find((r) => r.unitId === unitId && r.account === account);
    expect(row(c.ownUnit, 'inventory')).toMatchObject({ openingMicro: cost(48), debitMicro: cost(24) + cost(5), creditMicro: cost(12) + cost(24), closingMicro: cost(41) });
    expect(row(c.otherUnit, 'interunit')!.closingMicro).not.toBe(0);
    expect(row(c.leadId, 'interunit')!.closingMicro).toBe(-(row(c.ownUnit, 'interunit')!.closingMicro + row(c.otherUnit, 'interunit')!.closingMicro));
    expect(rows[0]!.unitId).toBe(c.leadId);
    const one = await as('finance', 'books.trialBalance', { unitId: c.ownUnit, month: '2026-11' });
    expect(new Set(one.rows.map((r) => r.unitId))).toEqual(new Set([c.ownUnit]));
    const member = await refused('member', 'books.trialBalance', { month: '2026-11' });
    expect(member.ok ? null : member.error.code).toBe('FORBIDDEN');
  });
});

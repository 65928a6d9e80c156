import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityDate } from '../../core/time.js';
import { call, ok } from '../support/db.js';
import { booksCheck, payablesCommunity, type PayablesCommunity } from './payables-support.js';
import { platformFile } from './platform-imports-support.js';

/**
 * 医保基金直接结算 against the platform's settlement statement: finance imports the statement (reconciled, nothing
 * settled), then closes the statement's payables from it in one step — only when their open amounts add up to what
 * the statement pays, only once per statement, and with the same journal entry as a settlement by hand.
 */
let env: PayablesCommunity;
let today = '';
const CODE = 'PS-SME-01';
const BOX = 12_500_000;

beforeAll(async () => {
  env = await payablesCommunity();
  today = communityDate(new Date());
  env.db.$client.prepare("INSERT INTO supplier_platform_codes (supplier_id, profile, code) VALUES (?, 'national', ?)").run(env.smeId, CODE);
}, 60_000);
afterAll(() => env?.dispose());

/** A statement of the small supplier for today, imported and committed by finance; its exchange id. */
async function imported(payOrdId: string, shppAmt: number, retnAmt = 0): Promise<number> {
  const file = await platformFile('national', 'settlements_in', [{ payOrdId, delventpCode: CODE, shppAmt, retnAmt, periodFrom: today, periodTo: today }]);
  return (await ok(env.db, 'platformImport.commit', { ...file, requestId: env.requestId() }, env.caiwu)).exchangeId;
}

const open = async () =>
  (await ok(env.db, 'payable.list', { supplierId: env.smeId }, env.caiwu)).rows.map((r) => ({ id: r.id, open: r.amountMicro - r.paidMicro }));

describe('按平台结算单结清', () => {
  it('refuses a statement whose figure is not what is open, with both figures, and writes nothing', async () => {
    await env.invoiced({ packs: [4, 2] });
    const due = (await open()).reduce((a, r) => a + r.open, 0);
    const exchangeId = await imported('YB-DIFF', due + BOX);
    const before = env.db.$client.prepare('SELECT count(*) FROM payable_settlements').pluck().get();
    const refused = await call(env.db, 'payable.settleStatement', { exchangeId, payOrdId: 'YB-DIFF', settledOn: today, requestId: env.requestId() }, env.caiwu);
    expect(!refused.ok && refused.error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/平台结算 \d+\.\d\d 元.*未结应付款 \d+\.\d\d 元，金额不一致/) });
    expect(env.db.$client.prepare('SELECT count(*) FROM payable_settlements').pluck().get()).toBe(before);
  });

  it('closes every open payable of the period when they add up, books it like a settlement by hand, and only once', async () => {
    const rows = await open();
    const due = rows.reduce((a, r) => a + r.open, 0);
    expect(due).toBeGreaterThan(0);
    const exchangeId = await imported('YB-2026-001', due + BOX, BOX); // shipped less returned = due
    const requestId = env.requestId();
    const done = await ok(env.db, 'payable.settleStatement', { exchangeId, payOrdId: 'YB-2026-001', settledOn: today, requestId }, env.caiwu);
    expect(done.totalMicro).toBe(due);
    expect(done.settlements.map((s) => [s.payableId, s.amountMicro]).sort()).toEqual(rows.filter((r) => r.open > 0).map((r) => [r.id, r.open]).sort());
    expect((await open()).every((r) => r.open === 0)).toBe(true);
    const detail = await ok(env.db, 'payable.get', { id: rows[0]!.id }, env.auditor);
    expect(detail.settlements).toEqual([expect.objectContaining({ kind: 'insurance', reference: 'YB-2026-001', settledOn: today })]);
    expect(booksCheck(env)).toEqual({ unbalanced: [], mismatched: [] });

    // The same request again answers the first result; a new request on the same statement is refused.
    const again = await ok(env.db, 'payable.settleStatement', { exchangeId, payOrdId: 'YB-2026-001', settledOn: today, requestId }, env.caiwu);
    expect(again.totalMicro).toBe(due);
    const twice = await call(env.db, 'payable.settleStatement', { exchangeId, payOrdId: 'YB-2026-001', settledOn: today, requestId: env.requestId() }, env.caiwu);
    expect(!twice.ok && twice.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('已用于医保基金直接结算') });
  });

  it('never settles by the fund what a payment batch waiting to be paid holds (the bank would pay it too)', async () => {
    env.db.$client.prepare("INSERT INTO supplier_platform_codes (supplier_id, profile, code) VALUES (?, 'national', 'PS-LARGE')").run(env.largeId);
    const [payableId] = await env.invoiced({ supplierId: env.largeId, packs: [2] });
    const { batch } = await ok(env.db, 'paymentBatch.create', { lines: [{ payableId: payableId!, amountMicro: BOX }], requestId: env.requestId() }, env.caiwu);
    await ok(env.db, 'paymentBatch.approve', { id: batch.id }, env.shenhe);
    const file = await platformFile('national', 'settlements_in', [{ payOrdId: 'YB-HELD', delventpCode: 'PS-LARGE', shppAmt: 2 * BOX, retnAmt: 0, periodFrom: today, periodTo: today }]);
    const { exchangeId } = await ok(env.db, 'platformImport.commit', { ...file, requestId: env.requestId() }, env.caiwu);
    const refused = await call(env.db, 'payable.settleStatement', { exchangeId, payOrdId: 'YB-HELD', settledOn: today, requestId: env.requestId() }, env.caiwu);
    expect(!refused.ok && refused.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('12.50 元在待付的付款单中，医保结算最多 12.50 元') });
    const byHand = await call(env.db, 'payable.settleInsurance', { lines: [{ payableId: payableId!, amountMicro: 2 * BOX }], statementReference: 'YB-HELD', settledOn: today, requestId: env.requestId() }, env.caiwu);
    expect(!byHand.ok && byHand.error.code).toBe('CONFLICT');
    const part = await ok(env.db, 'payable.settleInsurance', { lines: [{ payableId: payableId!, amountMicro: BOX }], statementReference: 'YB-HELD-1', settledOn: today, requestId: env.requestId() }, env.caiwu);
    expect(part.totalMicro).toBe(BOX);
    expect(booksCheck(env)).toEqual({ unbalanced: [], mismatched: [] });
  });

  it('names the missing statement, refuses a statement with nothing open, and keeps it from the auditor and the officer', async () => {
    const exchangeId = await imported('YB-EMPTY', BOX);
    const missing = await call(env.db, 'payable.settleStatement', { exchangeId, payOrdId: 'YB-NONE', settledOn: today, requestId: env.requestId() }, env.caiwu);
    expect(!missing.ok && missing.error.code).toBe('NOT_FOUND');
    const empty = await call(env.db, 'payable.settleStatement', { exchangeId, payOrdId: 'YB-EMPTY', settledOn: today, requestId: env.requestId() }, env.caiwu);
    expect(!empty.ok && empty.error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('没有未结应付款') });
    for (const who of [env.auditor, { sessionToken: env.officer }]) {
      const refused = await call(env.db, 'payable.settleStatement', { exchangeId, payOrdId: 'YB-EMPTY', settledOn: today, requestId: env.requestId() }, who);
      expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');
    }
  });
});

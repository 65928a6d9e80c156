/**
 * The demo community's money side, after its buying and distribution history: the distributors' invoices for
 * the accepted receipts, registered a few days after each delivery and approved (one waits with a price that
 * does not match the order, one with the manufacturer's invoice missing — 两票制), contract terms for two
 * suppliers, one payment batch paid from the single account, one approved and waiting for the bank, one 集采
 * line settled by the medical-insurance fund directly, overdue lines to a small supplier accruing statutory
 * interest, and last month's internal settlement statements issued and confirmed by every member unit. Every
 * write is a registered operation run as the system actor `示例数据 (seed)` — and `示例数据复核 (seed)` for
 * what the two-person rule keeps from its preparer — dated when it happened.
 */
import { executeOperation } from '../../core/registry.js';
import { systemActor } from '../../core/system-actor.js';
import { communityDate } from '../../core/time.js';
import type { Db } from '../../db/open.js';

export class FinanceSeedError extends Error {
  override name = 'FinanceSeedError';
}

const DAY = 86_400_000;
const plusDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY);
/** Noon, community time, of a yyyy-mm-dd date (the seed's documents happen in office hours). */
const atNoon = (date: string) => new Date(`${date}T12:00:00+08:00`);

async function run<T>(db: Db, name: string, input: unknown, now: Date, actor: 'seed' | 'seed_review' = 'seed'): Promise<T> {
  const result = await executeOperation(db, name, input, { system: systemActor(actor), now, clientAddress: 'seed-demo' });
  if (!result.ok) {
    const fields = result.error.fields?.map((f) => `${f.path}：${f.message}`).join('；');
    throw new FinanceSeedError(`${name} 失败（${result.error.code}）：${result.error.message}${fields ? `（${fields}）` : ''}`);
  }
  return result.output as T;
}

interface Supplier {
  id: number;
  name: string;
  sme: boolean;
}
interface InvoiceableLine {
  receiptLineId: number;
  receiptId: number;
  arrivedOn: string;
  acceptedOn: string | null;
  openQuantity: number;
  openAmountMicro: number;
  twoInvoiceRequired: boolean;
  manufacturerInvoiceNo: string;
}
interface Invoice {
  id: number;
  version: number;
  status: string;
  exceptions: { kind: string; approved: boolean }[];
}
interface PayableRow {
  id: number;
  supplierId: number;
  acceptedOn: string;
  dueOn: string;
  vbp: boolean;
  openMicro: number;
  committedMicro: number;
}
interface Batch {
  id: number;
  version: number;
}

/** A 数电票 number: 20 digits, the year's two digits first, unique per receipt. */
const invoiceNumber = (receiptId: number, date: string) => `${date.slice(2, 4)}36${'0'.repeat(6)}${String(receiptId).padStart(10, '0')}`;

async function openPayables(db: Db, at: Date): Promise<PayableRow[]> {
  const rows: PayableRow[] = [];
  for (let page = 1; ; page++) {
    const { rows: batch } = await run<{ rows: PayableRow[] }>(db, 'payable.list', { status: 'open', page, pageSize: 500 }, at);
    rows.push(...batch);
    if (batch.length < 500) return rows;
  }
}

/** Pays (or leaves approved) a batch of the lines given: built by the seed, approved by its second person. */
async function payBatch(db: Db, lines: PayableRow[], builtAt: Date, paidOn: string | null, note: string): Promise<void> {
  const payable = lines.filter((l) => l.openMicro - l.committedMicro > 0);
  if (payable.length === 0) return;
  const { batch } = await run<{ batch: Batch }>(
    db,
    'paymentBatch.create',
    { lines: payable.map((l) => ({ payableId: l.id, amountMicro: l.openMicro - l.committedMicro, purpose: '药款' })), note },
    builtAt,
  );
  const approved = await run<{ batch: Batch }>(db, 'paymentBatch.approve', { id: batch.id }, plusDays(builtAt, 0.1), 'seed_review');
  if (paidOn === null) return;
  await run(
    db,
    'paymentBatch.recordPaid',
    { id: batch.id, version: approved.batch.version, bankReference: `ICBC${paidOn.replace(/-/g, '')}${String(batch.id).padStart(6, '0')}`, paidOn },
    atNoon(paidOn),
  );
}

export async function seedFinance(db: Db, now: Date): Promise<void> {
  const today = communityDate(now);
  const suppliers = (await run<{ suppliers: Supplier[] }>(db, 'supplier.list', {}, now)).suppliers;

  // Contract terms: the big distributor pays at 60 days; the small device supplier's contract makes acceptance the
  // condition and sets 45 days with 6 % a year late interest (above the LPR, so the contract's rate applies).
  const [big, , smallDrugs, smallDevices] = suppliers;
  if (big) await run(db, 'supplierTerms.save', { supplierId: big.id, termDays: 60, fromAcceptance: false, interestRateBp: null, note: '2026年度购销合同' }, plusDays(now, -95));
  if (smallDevices)
    await run(db, 'supplierTerms.save', { supplierId: smallDevices.id, termDays: 45, fromAcceptance: true, interestRateBp: 600, note: '验收合格后付款' }, plusDays(now, -95));

  // Each accepted receipt's invoice, registered three days after the delivery and approved the next day — but the
  // last week's deliveries are not invoiced yet.
  let priceMismatchDone = false;
  for (const supplier of suppliers) {
    const lines = (await run<{ rows: InvoiceableLine[] }>(db, 'invoice.invoiceable', { supplierId: supplier.id }, now)).rows;
    const byReceipt = new Map<number, InvoiceableLine[]>();
    for (const line of lines) {
      if (line.openQuantity <= 0 || line.acceptedOn === null) continue;
      byReceipt.set(line.receiptId, [...(byReceipt.get(line.receiptId) ?? []), line]);
    }
    for (const [receiptId, receiptLines] of [...byReceipt].sort((a, b) => a[1][0]!.arrivedOn.localeCompare(b[1][0]!.arrivedOn))) {
      const accepted = receiptLines[0]!.acceptedOn!;
      const issuedOn = communityDate(plusDays(atNoon(accepted), 3));
      if (issuedOn > communityDate(plusDays(now, -7))) continue;
      // The distributor billed one line of one mid-history delivery above the order price: the exception waits for finance.
      const mismatch = !priceMismatchDone && receiptLines.length > 1 && issuedOn > communityDate(plusDays(now, -40));
      if (mismatch) priceMismatchDone = true;
      const { invoice } = await run<{ invoice: Invoice }>(
        db,
        'invoice.register',
        {
          supplierId: supplier.id,
          medium: 'digital',
          number: invoiceNumber(receiptId, issuedOn),
          date: issuedOn,
          taxRateBp: 1300,
          note: mismatch ? '配送企业按旧价开票' : '',
          lines: receiptLines.map((line, index) => ({
            receiptLineId: line.receiptLineId,
            quantity: line.openQuantity,
            amountMicro: mismatch && index === 0 ? Math.round((line.openAmountMicro * 1.04) / 10_000) * 10_000 : line.openAmountMicro,
          })),
        },
        atNoon(issuedOn),
      );
      // Approvable now unless a line waits for a decision (the price) or a document (the manufacturer's invoice).
      if (invoice.exceptions.some((e) => !e.approved)) continue;
      await run(db, 'invoice.approve', { id: invoice.id, version: invoice.version }, plusDays(atNoon(issuedOn), 1), 'seed_review');
    }
  }

  // Payments from the single account: everything accepted more than 50 days ago was paid on the 15th of last month
  // (16 to 46 days ago, so the last month's 月报 has its days from acceptance to payment); the lines due within the
  // next 30 days wait in an approved batch; a small supplier's overdue lines are unpaid.
  const monthStart = atNoon(`${today.slice(0, 7)}-01`);
  const lastMonth = communityDate(plusDays(monthStart, -1)).slice(0, 7);
  const open = await openPayables(db, now);
  const paidBefore = communityDate(plusDays(now, -50));
  const oldLines = open.filter((p) => p.acceptedOn <= paidBefore && !(smallDrugs && p.supplierId === smallDrugs.id && p.acceptedOn > communityDate(plusDays(now, -80))));
  const payDay = `${lastMonth}-15`;
  // One 集采 line of the paid period is settled by the medical-insurance fund with the company instead (医保基金直接结算).
  const insured = oldLines.find((p) => p.vbp);
  if (insured) {
    await run(
      db,
      'payable.settleInsurance',
      { lines: [{ payableId: insured.id, amountMicro: insured.openMicro }], statementReference: `YBJS${payDay.replace(/-/g, '')}001`, settledOn: payDay, requestId: 'seed-insurance-1' },
      atNoon(payDay),
    );
  }
  await payBatch(
    db,
    oldLines.filter((p) => p !== insured),
    plusDays(atNoon(payDay), -1),
    payDay,
    '月中药款支付',
  );
  const soon = communityDate(plusDays(now, 30));
  const stillOpen = await openPayables(db, now);
  await payBatch(
    db,
    stillOpen.filter((p) => p.dueOn <= soon && p.dueOn >= today && !(smallDrugs && p.supplierId === smallDrugs.id)),
    plusDays(now, -1),
    null,
    '下旬到期药款',
  );

  // Last month's internal settlement statements: issued on the first of this month, confirmed by every member.
  const issuedAt = monthStart.getTime() < now.getTime() ? monthStart : plusDays(now, -0.1);
  const issued = await run<{ statements: { id: number; version: number; unitId: number }[] }>(db, 'settlement.issueAll', { month: lastMonth, requestId: `seed-statements-${lastMonth}` }, issuedAt);
  for (const statement of issued.statements) {
    await run(db, 'settlement.confirm', { id: statement.id, version: statement.version, note: '已核对', requestId: `seed-confirm-${statement.id}` }, plusDays(issuedAt, 0.2));
  }
}

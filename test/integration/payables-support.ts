import { ok, userWithSession } from '../support/db.js';
import { supplierInput } from '../support/suppliers.js';
import { receivingCommunity } from '../support/receiving.js';
import { addApproved, amoxicillin } from './formulary-fixtures.js';

/**
 * A community with approved supplier invoices to pay: finance (caiwu registers and prepares, caiwu.shenhe approves),
 * an auditor, a plain drug and a 集采 drug (neither traced per box), a small supplier (the receiving community's,
 * 中小企业) and a large one, each with a bank account. `invoiced` runs the whole chain through the operations: an
 * approved order, its posted receipt (one line per amount), the distributor's invoice registered and approved.
 */
export async function payablesCommunity() {
  const env = await receivingCommunity();
  const officer = { sessionToken: env.officer };
  const keeper = { sessionToken: env.keeper.token };
  const caiwuUser = await userWithSession(env.db, env.admin, { username: 'caiwu', displayName: '刘芳', role: 'finance', unitId: env.leadId });
  const shenheUser = await userWithSession(env.db, env.admin, { username: 'caiwu.shenhe', displayName: '张敏', role: 'finance', unitId: env.leadId });
  const auditorUser = await userWithSession(env.db, env.admin, { username: 'shenji', displayName: '审计', role: 'auditor', unitId: env.leadId });
  const drugId = await addApproved(env, amoxicillin({ genericName: '头孢呋辛酯片', dosageForm: '片剂', spec: '0.25g', insuranceCode: '', standardCode: '', baseUnit: '片', antibacterialTier: 'restricted' }), 'PAY-1');
  const vbpId = await addApproved(
    env,
    amoxicillin({ genericName: '氨氯地平片', dosageForm: '片剂', spec: '5mg', insuranceCode: '', standardCode: '', baseUnit: '片', antibacterialTier: '', vbp: { batch: '第七批', agreedPriceMicro: 12_500_000, annualVolume: 100_000, unitVolumes: [] } }),
    'PAY-2',
  );
  for (const itemId of [drugId, vbpId]) await ok(env.db, 'formulary.setPrice', { itemId, kind: 'listed', priceMicro: 12_500_000, effectiveFrom: '2026-01-01' }, officer);
  await ok(env.db, 'formulary.setPrice', { itemId: vbpId, kind: 'vbp', priceMicro: 12_500_000, effectiveFrom: '2026-01-01' }, officer);
  const smeId = env.supplierId;
  const largeId = (await ok(env.db, 'supplier.create', supplierInput(7, { sme: false, name: '国药控股清源医药有限公司', bankAccountName: '国药控股清源医药有限公司' }), officer)).supplier.id;
  let seq = 0;
  let numberSeq = 0;
  const requestId = () => `pay-${process.pid}-${++seq}`;

  /**
   * Lines of `packs` boxes (24 片 each, 12.50 yuan a box) received from `supplierId`, invoiced and approved;
   * returns the payables' ids in line order.
   */
  async function invoiced(input: { supplierId?: number; itemId?: number; packs: number[] }): Promise<number[]> {
    const supplierId = input.supplierId ?? smeId;
    const itemId = input.itemId ?? drugId;
    const off = officer;
    const kp = keeper;
    const cw = { sessionToken: caiwuUser.token };
    const sh = { sessionToken: shenheUser.token };
    const { order } = await ok(
      env.db,
      'purchaseOrder.create',
      { supplierId, storeId: env.centralStoreId, lines: [{ itemId, quantity: input.packs.reduce((a, p) => a + p, 0) * 24, priceMicro: 12_500_000 }] },
      off,
    );
    await ok(env.db, 'purchaseOrder.approve', { id: order.id }, off);
    const { receipt } = await ok(
      env.db,
      'receipt.create',
      {
        supplierId,
        storeId: env.centralStoreId,
        orderId: order.id,
        lines: input.packs.map((p) => ({
          itemId,
          orderLineId: order.lines[0]!.id,
          batchNo: `PB${++seq}`,
          expiry: '2029-09',
          quantity: p * 24,
          priceMicro: 12_500_000,
          traceCodes: [],
          manufacturerInvoiceNo: '44000000000000000001',
        })),
      },
      kp,
    );
    const posted = (await ok(env.db, 'receipt.post', { id: receipt.id, requestId: requestId() }, kp)).receipt;
    const number = `2644200000${String(process.pid % 1000).padStart(3, '0')}${String(++numberSeq).padStart(7, '0')}`;
    const total = input.packs.reduce((a, p) => a + p * 12_500_000, 0);
    const { invoice } = await ok(
      env.db,
      'invoice.register',
      {
        supplierId,
        number,
        date: '2026-11-20',
        amountMicro: total,
        taxRateBp: 1300,
        lines: posted.lines.map((l, i) => ({ receiptLineId: l.id, quantity: input.packs[i]! * 24, amountMicro: input.packs[i]! * 12_500_000 })),
      },
      cw,
    );
    const approved = await ok(env.db, 'invoice.approve', { id: invoice.id }, sh);
    return approved.payables.map((p) => p.id);
  }

  return {
    ...env,
    caiwu: { sessionToken: caiwuUser.token },
    shenhe: { sessionToken: shenheUser.token },
    auditor: { sessionToken: auditorUser.token },
    passwords: { caiwu: caiwuUser.password, shenhe: shenheUser.password },
    drugId,
    vbpId,
    smeId,
    largeId,
    requestId,
    invoiced,
  };
}

export type PayablesCommunity = Awaited<ReturnType<typeof payablesCommunity>>;

/** Journal and payables invariants: every entry balanced; per supplier 应付账款 (credit − debit) = Σ payables − Σ settlements. */
export function booksCheck(env: PayablesCommunity) {
  const db = env.db.$client;
  const unbalanced = db
    .prepare(`SELECT entry_id AS id, SUM(debit_micro) AS d, SUM(credit_micro) AS c FROM journal_lines GROUP BY entry_id HAVING SUM(debit_micro) <> SUM(credit_micro)`)
    .all();
  const suppliers = db
    .prepare(
      `SELECT s.id,
         COALESCE((SELECT SUM(credit_micro - debit_micro) FROM journal_lines WHERE account = 'accounts_payable' AND supplier_id = s.id), 0) AS journal,
         COALESCE((SELECT SUM(amount_micro) FROM payables WHERE supplier_id = s.id), 0)
           - COALESCE((SELECT SUM(x.amount_micro) FROM payable_settlements x JOIN payables p ON p.id = x.payable_id WHERE p.supplier_id = s.id), 0) AS open
       FROM suppliers s`,
    )
    .all() as { id: number; journal: number; open: number }[];
  return { unbalanced, mismatched: suppliers.filter((s) => s.journal !== s.open) };
}

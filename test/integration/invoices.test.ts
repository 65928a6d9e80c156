import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpInput } from '../../core/api/index.js';
import { call, ok, userWithSession } from '../support/db.js';
import { supplierInput } from '../support/suppliers.js';
import { addApproved, amoxicillin } from './formulary-fixtures.js';
import { receivingCommunity, type ReceivingCommunity } from '../support/receiving.js';

/**
 * 发票: registering 数电票 and paper invoices against accepted receipt lines, the number registered once, the
 * three-way match (quantity, price vs order, above 挂网价, above 集采价, 两票制) computed on read and cleared by fixing
 * the cause, the second person's approval of an exception, approval into payables and a balanced journal entry,
 * returns to the supplier, red-letter invoices settling the blue one's payables, voiding.
 */
let env: ReceivingCommunity;
let caiwu: { sessionToken: string };
let shenhe: { sessionToken: string };
let keeper: { sessionToken: string };
let officer: { sessionToken: string };
let drugId = 0;
let vbpId = 0;
let deviceId = 0;
let otherSupplier = 0;
let seq = 0;
const requestId = () => `inv-${Date.now()}-${++seq}`;
let numberSeq = 0;
/** A fresh 20-digit 数电票 number. */
const digital = () => `2544200000${String(++numberSeq).padStart(10, '0')}`;

beforeAll(async () => {
  env = await receivingCommunity();
  officer = { sessionToken: env.officer };
  keeper = { sessionToken: env.keeper.token };
  caiwu = { sessionToken: (await userWithSession(env.db, env.admin, { username: 'caiwu', displayName: '刘芳', role: 'finance', unitId: env.leadId })).token };
  shenhe = { sessionToken: (await userWithSession(env.db, env.admin, { username: 'caiwu.shenhe', displayName: '张敏', role: 'finance', unitId: env.leadId })).token };
  // 头孢呋辛酯片 24 片/盒 (西药, 挂网价 12.50/盒); a 集采 item (集采价 10.00/盒); a consumable (两票制 exempt).
  drugId = await addApproved(env, amoxicillin({ genericName: '头孢呋辛酯片', dosageForm: '片剂', spec: '0.25g', insuranceCode: '', standardCode: '', baseUnit: '片', antibacterialTier: 'restricted' }), 'FP-1');
  vbpId = await addApproved(
    env,
    amoxicillin({ genericName: '氨氯地平片', dosageForm: '片剂', spec: '5mg', insuranceCode: '', standardCode: '', baseUnit: '片', antibacterialTier: '', vbp: { batch: '第七批', agreedPriceMicro: 10_000_000, annualVolume: 10_000, unitVolumes: [] } }),
    'FP-2',
  );
  deviceId = await addApproved(
    env,
    amoxicillin({ genericName: '一次性使用输液器', dosageForm: '', spec: '0.7mm', category: 'consumable', insuranceCode: '', standardCode: '', approvalNo: '', baseUnit: '支', packs: [{ unit: '盒', factor: 24 }], antibacterialTier: '', insuranceClass: '', essential: false }),
    'FP-3',
  );
  for (const itemId of [drugId, vbpId, deviceId]) await ok(env.db, 'formulary.setPrice', { itemId, kind: 'listed', priceMicro: 12_500_000, effectiveFrom: '2026-01-01' }, officer);
  await ok(env.db, 'formulary.setPrice', { itemId: vbpId, kind: 'vbp', priceMicro: 10_000_000, effectiveFrom: '2026-01-01' }, officer);
  otherSupplier = (await ok(env.db, 'supplier.create', supplierInput(2), officer)).supplier.id;
}, 90_000);
afterAll(() => env?.dispose());

/** An approved order and its posted receipt of one line; returns the receipt line. */
async function received(input: { itemId: number; quantity: number; orderPrice: number; receiptPrice?: number; manufacturerInvoiceNo?: string; priceReason?: string; supplierId?: number }) {
  const supplierId = input.supplierId ?? env.supplierId;
  const { order } = await ok(
    env.db,
    'purchaseOrder.create',
    { supplierId, storeId: env.centralStoreId, lines: [{ itemId: input.itemId, quantity: input.quantity, priceMicro: input.orderPrice, priceReason: input.priceReason ?? '' }] },
    officer,
  );
  await ok(env.db, 'purchaseOrder.approve', { id: order.id }, officer);
  const { receipt } = await ok(
    env.db,
    'receipt.create',
    {
      supplierId,
      storeId: env.centralStoreId,
      orderId: order.id,
      lines: [
        {
          itemId: input.itemId,
          orderLineId: order.lines[0]!.id,
          batchNo: `P${++seq}`,
          expiry: '2028-09',
          quantity: input.quantity,
          priceMicro: input.receiptPrice ?? input.orderPrice,
          traceCodes: [],
          manufacturerInvoiceNo: input.manufacturerInvoiceNo ?? '44000000000000000001',
        },
      ],
    },
    keeper,
  );
  const posted = (await ok(env.db, 'receipt.post', { id: receipt.id, requestId: requestId() }, keeper)).receipt;
  return { receiptId: posted.id, line: posted.lines[0]!, orderId: order.id };
}

type Register = OpInput<'invoice.register'>;
const register = (lines: Register['lines'], extra: Partial<Register> = {}, as = caiwu) =>
  call(env.db, 'invoice.register', { supplierId: env.supplierId, number: digital(), date: '2026-11-20', lines, ...extra }, as);
async function registered(lines: Register['lines'], extra: Partial<Register> = {}, as = caiwu) {
  const result = await register(lines, extra, as);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return (result.output as { invoice: Awaited<ReturnType<typeof getInvoice>> }).invoice;
}
const getInvoice = async (id: number) => (await ok(env.db, 'invoice.get', { id }, caiwu)).invoice;
const kinds = (invoice: { exceptions: { kind: string }[] }) => invoice.exceptions.map((e) => e.kind).sort();
const apBalance = (supplierId: number) =>
  (env.db.$client
    .prepare(`SELECT COALESCE(SUM(credit_micro - debit_micro), 0) AS b FROM journal_lines WHERE account = 'accounts_payable' AND supplier_id = ?`)
    .get(supplierId) as { b: number }).b;
const payableBalance = (supplierId: number) =>
  (env.db.$client
    .prepare(
      `SELECT COALESCE((SELECT SUM(amount_micro) FROM payables WHERE supplier_id = @s), 0)
         - COALESCE((SELECT SUM(ps.amount_micro) FROM payable_settlements ps JOIN payables p ON p.id = ps.payable_id WHERE p.supplier_id = @s), 0) AS b`,
    )
    .get({ s: supplierId }) as { b: number }).b;

describe('registering', () => {
  it('a 数电票 (20 digits) and a paper invoice (code + 8-digit number) with the tax split, invalid numbers refused in Chinese', async () => {
    const { line } = await received({ itemId: drugId, quantity: 96, orderPrice: 12_500_000 });
    const number = digital();
    const invoice = await registered([{ receiptLineId: line.id, quantity: 48, amountMicro: 25_000_000 }], { number, amountMicro: 25_000_000, taxRateBp: 1300 });
    expect(invoice).toMatchObject({ number, code: '', medium: 'digital', status: 'registered', amountMicro: 25_000_000, amountExTaxMicro: 22_120_000, taxMicro: 2_880_000 });
    expect(invoice.documentNumber).toMatch(/^FP\d{4}-\d{6}$/);
    expect(invoice.exceptions).toEqual([]);
    expect(invoice.lines[0]).toMatchObject({ quantity: 48, unitPriceMicro: 12_500_000, orderPriceMicro: 12_500_000, acceptedQuantity: 96, openQuantity: 96, receiptValueMicro: 25_000_000 });

    const paper = await registered([{ receiptLineId: line.id, quantity: 24, amountMicro: 12_500_000 }], { medium: 'paper', code: '4400213130', number: '01234567', taxMicro: 1_438_053 });
    expect(paper).toMatchObject({ medium: 'paper', code: '4400213130', number: '01234567', amountExTaxMicro: 11_061_947, taxMicro: 1_438_053, mediumLabel: '纸质增值税发票' });

    const badDigital = await register([{ receiptLineId: line.id, quantity: 1, amountMicro: 520_000 }], { number: '1234567890123456789' });
    expect(!badDigital.ok && badDigital.error.fields).toEqual([{ path: 'number', message: '数电票号码应为 20 位数字' }]);
    const badPaper = await register([{ receiptLineId: line.id, quantity: 1, amountMicro: 520_000 }], { medium: 'paper', code: '44002131', number: '123' });
    expect(!badPaper.ok && badPaper.error.fields?.map((f) => f.message).sort()).toEqual(['纸质发票的发票代码应为 10 位或 12 位数字', '纸质发票的发票号码应为 8 位数字']);
    const badTotal = await register([{ receiptLineId: line.id, quantity: 1, amountMicro: 520_000 }], { amountMicro: 600_000 });
    expect(!badTotal.ok && badTotal.error.fields).toEqual([{ path: 'amountMicro', message: '价税合计 0.60 元与明细合计 0.52 元不符' }]);
  });

  it('the same invoice number is refused, for any supplier, naming the invoice that has it', async () => {
    const { line } = await received({ itemId: drugId, quantity: 24, orderPrice: 12_500_000 });
    const number = digital();
    const first = await registered([{ receiptLineId: line.id, quantity: 24, amountMicro: 12_500_000 }], { number });
    const again = await register([{ receiptLineId: line.id, quantity: 24, amountMicro: 12_500_000 }], { number, supplierId: otherSupplier });
    expect(!again.ok && again.error.code).toBe('CONFLICT');
    expect(!again.ok && again.error.message).toContain(`已登记为 ${first.documentNumber}`);
    expect(!again.ok && again.error.message).toContain('同一张发票不能重复登记');
  });

  it("receipt lines must be posted receipts of the invoice's supplier", async () => {
    const { line } = await received({ itemId: drugId, quantity: 24, orderPrice: 12_500_000, supplierId: otherSupplier });
    const result = await register([{ receiptLineId: line.id, quantity: 24, amountMicro: 12_500_000 }]);
    expect(!result.ok && result.error.fields?.[0]).toEqual({ path: 'lines.0.receiptLineId', message: expect.stringContaining('不是该供应商的到货') });
  });
});

describe('three-way match', () => {
  it('quantity beyond accepted − already invoiced is an exception on both invoices until one is corrected', async () => {
    const { line } = await received({ itemId: drugId, quantity: 48, orderPrice: 12_500_000 });
    const a = await registered([{ receiptLineId: line.id, quantity: 48, amountMicro: 25_000_000 }]);
    const b = await registered([{ receiptLineId: line.id, quantity: 24, amountMicro: 12_500_000 }]);
    expect(kinds(b)).toEqual(['quantity']);
    expect(b.exceptions[0]!.reason).toContain('超出可开票数量 0 片');
    expect(kinds(await getInvoice(a.id))).toEqual(['quantity']);
    // Correcting the second invoice's quantity to zero is not possible; voiding it clears the first.
    await ok(env.db, 'invoice.void', { id: b.id, version: b.version, reason: '重复开票' }, caiwu);
    expect(kinds(await getInvoice(a.id))).toEqual([]);
  });

  it('price vs the order line, beyond the tolerance (one fen per pack), either way', async () => {
    const { line } = await received({ itemId: drugId, quantity: 48, orderPrice: 12_000_000 });
    // 2 盒 at 12.00 = 24.00; 24.02 is within 1 fen per pack; 23.90 and 24.10 are not.
    expect(kinds(await registered([{ receiptLineId: line.id, quantity: 48, amountMicro: 24_020_000 }]))).toEqual([]);
    const low = (await ok(env.db, 'invoice.check', { supplierId: env.supplierId, number: digital(), date: '2026-11-20', lines: [{ receiptLineId: line.id, quantity: 24, amountMicro: 11_900_000 }] }, caiwu));
    expect(low.exceptions.map((e) => e.kind)).toEqual(['quantity', 'price_order']);
    const { line: other } = await received({ itemId: drugId, quantity: 48, orderPrice: 12_000_000 });
    const high = await registered([{ receiptLineId: other.id, quantity: 48, amountMicro: 24_100_000 }]);
    expect(kinds(high)).toEqual(['price_order']);
    expect(high.exceptions[0]!.reason).toContain('发票单价 12.05 元/盒');
    // Correcting the invoice clears it.
    const fixed = (await ok(env.db, 'invoice.update', { id: high.id, version: high.version, supplierId: env.supplierId, number: high.number, date: high.date, lines: [{ receiptLineId: other.id, quantity: 48, amountMicro: 24_000_000 }] }, caiwu)).invoice;
    expect(fixed.exceptions).toEqual([]);
    expect(fixed.version).toBe(high.version + 1);
  });

  it('above the 挂网价 even when the order agreed it (with a reason): price_ceiling only', async () => {
    const { line } = await received({ itemId: drugId, quantity: 24, orderPrice: 13_000_000, priceReason: '短缺药品，临时议价' });
    const invoice = await registered([{ receiptLineId: line.id, quantity: 24, amountMicro: 13_000_000 }]);
    expect(kinds(invoice)).toEqual(['price_ceiling']);
    expect(invoice.exceptions[0]!.reason).toBe('发票单价 13.00 元/盒，高于挂网价 12.50 元/盒（超出 0.50 元）');
    expect(invoice.lines[0]).toMatchObject({ ceilingMicro: 12_500_000, ceilingLabel: '挂网价' });
  });

  it('above the 集采中选价 of a 集采 item: price_vbp', async () => {
    const { line } = await received({ itemId: vbpId, quantity: 48, orderPrice: 10_500_000 });
    const invoice = await registered([{ receiptLineId: line.id, quantity: 48, amountMicro: 21_000_000 }]);
    expect(kinds(invoice)).toEqual(['price_vbp']);
    expect(invoice.lines[0]!.vbpPriceMicro).toBe(10_000_000);
    expect(invoice.exceptions[0]!.reason).toContain('高于集采中选价 10.00 元/盒');
  });

  it('两票制: a drug line without the manufacturer invoice is not approvable, nor excepted; recording it on the receipt clears it', async () => {
    const { receiptId, line } = await received({ itemId: drugId, quantity: 24, orderPrice: 12_500_000, manufacturerInvoiceNo: '' });
    const invoice = await registered([{ receiptLineId: line.id, quantity: 24, amountMicro: 12_500_000 }]);
    expect(kinds(invoice)).toEqual(['two_invoice']);
    expect(invoice.exceptions[0]).toMatchObject({ approvable: false, reason: expect.stringContaining('缺生产企业发票') });
    const excepted = await call(env.db, 'invoice.approveException', { invoiceId: invoice.id, lineId: invoice.lines[0]!.id!, kind: 'two_invoice', reason: '先付款' }, shenhe);
    expect(!excepted.ok && excepted.error.code).toBe('VALIDATION');
    const refused = await call(env.db, 'invoice.approve', { id: invoice.id }, shenhe);
    expect(!refused.ok && refused.error.code).toBe('CONFLICT');
    expect(!refused.ok && refused.error.message).toContain('两票制');
    // A consumable is exempt.
    const { line: device } = await received({ itemId: deviceId, quantity: 24, orderPrice: 12_500_000, manufacturerInvoiceNo: '' });
    expect(kinds(await registered([{ receiptLineId: device.id, quantity: 24, amountMicro: 12_500_000 }]))).toEqual([]);
    // The storekeeper records the manufacturer's invoice on the receipt (货到票未到): the exception is gone.
    await ok(env.db, 'receipt.recordInvoices', { id: receiptId, lines: [{ lineId: line.id, manufacturerInvoiceNo: '44000000000000009999' }] }, keeper);
    const cleared = await getInvoice(invoice.id);
    expect(cleared.exceptions).toEqual([]);
    expect(cleared.lines[0]!.manufacturerInvoiceNo).toBe('44000000000000009999');
    expect((await ok(env.db, 'invoice.approve', { id: invoice.id, requestId: requestId() }, shenhe)).invoice.status).toBe('approved');
  });
});

describe('approval', () => {
  it('a second person approves the exception with a reason (the registrar may not); approving makes payables and a balanced entry with exact amounts', async () => {
    const { line } = await received({ itemId: drugId, quantity: 48, orderPrice: 12_000_000 });
    const invoice = await registered([{ receiptLineId: line.id, quantity: 48, amountMicro: 24_500_000 }]);
    expect(kinds(invoice)).toEqual(['price_order']);
    const lineId = invoice.lines[0]!.id!;
    const blocked = await call(env.db, 'invoice.approve', { id: invoice.id }, shenhe);
    expect(!blocked.ok && blocked.error.code).toBe('CONFLICT');
    const own = await call(env.db, 'invoice.approveException', { invoiceId: invoice.id, lineId, kind: 'price_order', reason: '供应商调价' }, caiwu);
    expect(!own.ok && own.error.code).toBe('FORBIDDEN');
    const excepted = (await ok(env.db, 'invoice.approveException', { invoiceId: invoice.id, lineId, kind: 'price_order', reason: '供应商调价,已有补充协议' }, shenhe)).invoice;
    expect(excepted.exceptions[0]).toMatchObject({ approved: true, approvedBy: '张敏', approvalReason: '供应商调价,已有补充协议' });
    expect(excepted.openExceptionCount).toBe(0);
    // An approved line cannot be changed behind the approval.
    const changed = await call(env.db, 'invoice.update', { id: invoice.id, version: excepted.version, supplierId: env.supplierId, number: invoice.number, date: invoice.date, lines: [{ receiptLineId: line.id, quantity: 48, amountMicro: 26_000_000 }] }, caiwu);
    expect(!changed.ok && changed.error.message).toContain('已由第二人审批');

    const apBefore = apBalance(env.supplierId);
    const rid = requestId();
    const approved = await ok(env.db, 'invoice.approve', { id: invoice.id, version: excepted.version, requestId: rid }, caiwu);
    expect(approved.invoice.status).toBe('approved');
    expect(approved.payables).toHaveLength(1);
    // A retry answers the first result.
    expect((await ok(env.db, 'invoice.approve', { id: invoice.id, version: excepted.version, requestId: rid }, caiwu)).payables).toEqual(approved.payables);
    const payable = env.db.$client.prepare('SELECT amount_micro AS a, supplier_id AS s, receipt_line_id AS r FROM payables WHERE id = ?').get(approved.payables[0]!.id);
    expect(payable).toEqual({ a: 24_500_000, s: env.supplierId, r: line.id });
    const lines = env.db.$client
      .prepare('SELECT account, debit_micro AS d, credit_micro AS c FROM journal_lines WHERE entry_id = ? ORDER BY line_no')
      .all(approved.journalEntryId) as { account: string; d: number; c: number }[];
    expect(lines).toEqual([
      { account: 'grni', d: 24_000_000, c: 0 },
      { account: 'price_variance', d: 500_000, c: 0 },
      { account: 'accounts_payable', d: 0, c: 24_500_000 },
    ]);
    expect(apBalance(env.supplierId) - apBefore).toBe(24_500_000);
    expect(apBalance(env.supplierId)).toBe(payableBalance(env.supplierId));
    const detail = await getInvoice(invoice.id);
    expect(detail.payables).toHaveLength(1);
    expect(detail.exceptions).toEqual([expect.objectContaining({ kind: 'price_order', approved: true })]);
    // Posted: neither edited nor voided.
    const edit = await call(env.db, 'invoice.void', { id: invoice.id, version: detail.version, reason: '测试' }, caiwu);
    expect(!edit.ok && edit.error.code).toBe('CONFLICT');
  });
});

describe('returns and red-letter invoices', () => {
  it('a return to the supplier reduces what may be invoiced; a red invoice offsets the blue one and settles its payable', async () => {
    const { line } = await received({ itemId: drugId, quantity: 48, orderPrice: 12_500_000 });
    const before = (await ok(env.db, 'invoice.invoiceable', { supplierId: env.supplierId }, caiwu)).rows.find((r) => r.receiptLineId === line.id)!;
    expect(before).toMatchObject({ acceptedQuantity: 48, openQuantity: 48, openAmountMicro: 25_000_000 });
    const blue = await registered([{ receiptLineId: line.id, quantity: 24, amountMicro: 12_500_000 }]);
    expect((await ok(env.db, 'invoice.invoiceable', { supplierId: env.supplierId }, caiwu)).rows.find((r) => r.receiptLineId === line.id)!.openQuantity).toBe(24);
    const approved = await ok(env.db, 'invoice.approve', { id: blue.id, requestId: requestId() }, caiwu);

    // 退货 of 36 片: 12 of the uninvoiced 24 remain; the blue invoice's 24 are now 12 too many.
    const { adjustment } = await ok(env.db, 'stockAdjustment.create', { kind: 'return', storeId: env.centralStoreId, reason: '破损退货', lines: [{ itemId: drugId, batchId: line.batchId!, quantity: 36 }] }, keeper);
    await ok(env.db, 'stockAdjustment.post', { id: adjustment.id, version: adjustment.version, requestId: requestId() }, keeper);
    const open = (await ok(env.db, 'invoice.invoiceable', { supplierId: env.supplierId }, caiwu)).rows.find((r) => r.receiptLineId === line.id);
    expect(open).toBeUndefined();
    const over = await registered([{ receiptLineId: line.id, quantity: 1, amountMicro: 520_000 }]);
    expect(kinds(over)).toEqual(['quantity']);
    expect(over.lines[0]).toMatchObject({ returnedQuantity: 36, invoicedElsewhere: 24, openQuantity: -12 });
    await ok(env.db, 'invoice.void', { id: over.id, version: over.version, reason: '已退货' }, caiwu);

    // 红字发票 −12 片 / −6.25: matched against the blue invoice's line.
    const tooMuch = await registered([{ receiptLineId: line.id, quantity: -30, amountMicro: -15_625_000 }], { redOfId: blue.id });
    expect(kinds(tooMuch)).toEqual(['quantity']);
    await ok(env.db, 'invoice.void', { id: tooMuch.id, version: tooMuch.version, reason: '数量错误' }, caiwu);
    const red = await registered([{ receiptLineId: line.id, quantity: -12, amountMicro: -6_250_000 }], { redOfId: blue.id });
    expect(red).toMatchObject({ red: true, redOfId: blue.id, amountMicro: -6_250_000, exceptions: [] });
    const apBefore = apBalance(env.supplierId);
    const done = await ok(env.db, 'invoice.approve', { id: red.id, requestId: requestId() }, caiwu);
    expect(done.payables).toEqual([]);
    const settlements = env.db.$client.prepare('SELECT payable_id AS p, kind, amount_micro AS a, document_id AS d FROM payable_settlements WHERE document_id = ?').all(red.id);
    expect(settlements).toEqual([{ p: approved.payables[0]!.id, kind: 'red_invoice', a: 6_250_000, d: red.id }]);
    const entry = env.db.$client.prepare('SELECT account, debit_micro AS d, credit_micro AS c FROM journal_lines WHERE entry_id = ? ORDER BY line_no').all(done.journalEntryId);
    expect(entry).toEqual([
      { account: 'grni', d: -6_250_000, c: 0 },
      { account: 'accounts_payable', d: 0, c: -6_250_000 },
    ]);
    expect(apBalance(env.supplierId) - apBefore).toBe(-6_250_000);
    expect(apBalance(env.supplierId)).toBe(payableBalance(env.supplierId));
    expect((await getInvoice(blue.id)).redInvoices).toEqual([{ id: tooMuch.id, number: tooMuch.number, status: 'voided', amountMicro: -15_625_000 }, { id: red.id, number: red.number, status: 'approved', amountMicro: -6_250_000 }]);
  });

  it('void: a registered invoice is withdrawn with a reason and no longer counts; the list filters it', async () => {
    const { line } = await received({ itemId: drugId, quantity: 24, orderPrice: 12_500_000 });
    const invoice = await registered([{ receiptLineId: line.id, quantity: 24, amountMicro: 13_500_000 }]);
    const listed = await ok(env.db, 'invoice.list', { exceptionsOnly: true, page: 1, pageSize: 500 }, caiwu);
    expect(listed.invoices.find((i) => i.id === invoice.id)).toMatchObject({ openExceptionCount: 2 });
    const voided = (await ok(env.db, 'invoice.void', { id: invoice.id, version: invoice.version, reason: '供应商重开' }, caiwu)).invoice;
    expect(voided).toMatchObject({ status: 'voided', stateLabel: '已作废', exceptions: [] });
    expect((await ok(env.db, 'invoice.invoiceable', { supplierId: env.supplierId }, caiwu)).rows.find((r) => r.receiptLineId === line.id)!.openQuantity).toBe(24);
    expect((await ok(env.db, 'invoice.list', { status: 'voided', page: 1, pageSize: 500 }, caiwu)).invoices.map((i) => i.id)).toContain(invoice.id);
    expect((await ok(env.db, 'invoice.list', { exceptionsOnly: true, page: 1, pageSize: 500 }, caiwu)).invoices.map((i) => i.id)).not.toContain(invoice.id);
    const auditor = await call(env.db, 'invoice.void', { id: invoice.id, version: 1, reason: 'x' }, { sessionToken: env.auditor });
    expect(!auditor.ok && auditor.error.code).toBe('FORBIDDEN');
  });
});

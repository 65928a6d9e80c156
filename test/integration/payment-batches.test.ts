import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityDate } from '../../core/time.js';
import { call, ok } from '../support/db.js';
import { booksCheck, payablesCommunity, type PayablesCommunity } from './payables-support.js';

/**
 * 付款单: built from open payables with partial amounts, never committing a payable beyond what is open across
 * batches; approved by a second finance user only; exported as a bank file through a column profile (xlsx, CSV in
 * UTF-8 with BOM or GBK); paid line by line (部分付款 → 已付款) with the bank's reference; a paid line reversed only
 * with a reason (a negated settlement and a red-ink entry), reopening the payable; the books balanced throughout.
 */
let env: PayablesCommunity;
let today = '';
const BOX = 12_500_000;
let p: number[] = [];
let large: number[] = [];

beforeAll(async () => {
  env = await payablesCommunity();
  today = communityDate(new Date());
  p = await env.invoiced({ packs: [10, 20, 4] });
  large = await env.invoiced({ supplierId: env.largeId, packs: [8] });
}, 120_000);
afterAll(() => env?.dispose());

const open = async (id: number) => (await ok(env.db, 'payable.get', { id }, env.caiwu)).payable;

describe('building and approving', () => {
  let batchId = 0;

  it('creates a batch across suppliers with a partial amount; suggest offers what is still available', async () => {
    const { batch } = await ok(
      env.db,
      'paymentBatch.create',
      { lines: [{ payableId: p[0]!, amountMicro: 4 * BOX }, { payableId: large[0]!, amountMicro: 8 * BOX }], note: '11月第一批', requestId: env.requestId() },
      env.caiwu,
    );
    batchId = batch.id;
    expect(batch).toMatchObject({ status: 'draft', statusLabel: '草稿', lineCount: 2, supplierCount: 2, totalMicro: 12 * BOX, paidMicro: 0, createdBy: 'caiwu' });
    expect(batch.number).toMatch(/^FK\d{4}-\d{6}$/);
    const { lines } = await ok(env.db, 'paymentBatch.suggest', { supplierIds: [env.smeId] }, env.caiwu);
    expect(lines.find((l) => l.payableId === p[0])).toMatchObject({ openMicro: 10 * BOX, availableMicro: 6 * BOX, hasBankAccount: true });
    expect((await open(p[0]!)).committedMicro).toBe(4 * BOX);
  });

  it('refuses to commit a payable beyond what is open across batches, in Chinese, and nothing is written', async () => {
    const before = env.db.$client.prepare('SELECT COUNT(*) AS n FROM documents').get() as { n: number };
    const over = await call(env.db, 'paymentBatch.create', { lines: [{ payableId: p[1]!, amountMicro: BOX }, { payableId: p[0]!, amountMicro: 6 * BOX + 1 }] }, env.caiwu);
    expect(over.ok).toBe(false);
    if (over.ok) return;
    expect(over.error.code).toBe('CONFLICT');
    expect(over.error.message).toBe('第 2 行：应付款未付 125.00 元，其中 50.00 元已在其他付款单中，本单最多付 75.00 元');
    expect(over.error.fields?.[0]?.path).toBe('lines.1.amountMicro');
    expect(env.db.$client.prepare('SELECT COUNT(*) AS n FROM documents').get()).toEqual(before);
    const beyond = await call(env.db, 'paymentBatch.create', { lines: [{ payableId: p[2]!, amountMicro: 4 * BOX + 1 }] }, env.caiwu);
    expect(beyond.ok === false && beyond.error.message).toContain('超过未付金额 50.00 元');
    const twice = await call(env.db, 'paymentBatch.create', { lines: [{ payableId: p[2]!, amountMicro: BOX }, { payableId: p[2]!, amountMicro: BOX }] }, env.caiwu);
    expect(twice.ok === false && twice.error.message).toContain('应付款重复');
  });

  it('the preparer cannot approve (two-person rule); an edit by the second user disqualifies them too; another finance user approves', async () => {
    const detail = (await ok(env.db, 'paymentBatch.get', { id: batchId }, env.caiwu)).batch;
    const self = await call(env.db, 'paymentBatch.approve', { id: batchId, version: detail.version }, env.caiwu);
    expect(self.ok === false && self.error).toMatchObject({ code: 'FORBIDDEN', message: `付款单 ${detail.number} 由您编制或修改，须由另一名财务人员审核（双人复核）` });
    // A draft exports nothing.
    const draftExport = await call(env.db, 'paymentBatch.exportBankFile', { id: batchId, profileId: 1, format: 'csv' }, env.caiwu);
    expect(draftExport.ok === false && draftExport.error.message).toContain('审核后才能导出银行文件');
    // The preparer edits the draft (stale versions refused), the approver approves.
    const stale = await call(env.db, 'paymentBatch.update', { id: batchId, version: detail.version + 1, lines: [{ payableId: p[0]!, amountMicro: 5 * BOX }], note: '' }, env.caiwu);
    expect(stale.ok === false && stale.error.code).toBe('CONFLICT');
    const { batch: edited } = await ok(
      env.db,
      'paymentBatch.update',
      { id: batchId, version: detail.version, lines: [{ payableId: p[0]!, amountMicro: 5 * BOX }, { payableId: large[0]!, amountMicro: 8 * BOX }, { payableId: p[1]!, amountMicro: 20 * BOX }], note: '11月第一批' },
      env.caiwu,
    );
    expect(edited).toMatchObject({ lineCount: 3, totalMicro: 33 * BOX, version: detail.version + 1 });
    const auditor = await call(env.db, 'paymentBatch.approve', { id: batchId }, env.auditor);
    expect(auditor.ok === false && auditor.error.code).toBe('FORBIDDEN');
    const { batch } = await ok(env.db, 'paymentBatch.approve', { id: batchId, version: edited.version, requestId: env.requestId() }, env.shenhe);
    expect(batch).toMatchObject({ status: 'approved', statusLabel: '已审核', approvedBy: 'caiwu.shenhe' });
    const again = await call(env.db, 'paymentBatch.update', { id: batchId, version: batch.version, lines: [{ payableId: p[0]!, amountMicro: BOX }], note: '' }, env.caiwu);
    expect(again.ok === false && again.error.message).toContain('只有草稿可以修改');
  });

  it('exports the bank file: xlsx, CSV UTF-8 with BOM and GBK, read back to the Chinese payee names and amounts', async () => {
    const detail = (await ok(env.db, 'paymentBatch.get', { id: batchId }, env.caiwu)).batch;
    const csv = await ok(env.db, 'paymentBatch.exportBankFile', { id: batchId, profileId: 1, format: 'csv', encoding: 'utf8bom' }, env.caiwu);
    const bytes = Buffer.from(csv.contentBase64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(text[0]).toBe('序号,收款账号,收款户名,收款银行,收款行行号,金额,用途');
    expect(text).toHaveLength(4);
    expect(text[1]).toBe(`1,6222020200112233445,${detail.lines[0]!.bankAccountName},中国工商银行清源支行,,62.50,药品货款`);
    expect(csv).toMatchObject({ lineCount: 3, totalMicro: 33 * BOX, mimeType: 'text/csv; charset=utf-8' });
    expect(csv.fileName).toBe(`银行付款-${detail.number}-工商银行 批量代付.csv`);

    const gbk = await ok(env.db, 'paymentBatch.exportBankFile', { id: batchId, profileId: 2, format: 'csv', encoding: 'gbk' }, env.caiwu);
    const gbkBytes = Buffer.from(gbk.contentBase64, 'base64');
    // Not UTF-8: GBK encodes a Chinese character in two bytes.
    expect(gbkBytes.toString('utf8')).not.toContain('国药控股');
    const decoded = new TextDecoder('gbk').decode(gbkBytes).trim().split('\r\n');
    expect(decoded[0]).toBe('收款方户名,收款方账号,收款方开户行,金额（分）,摘要,业务参考号,统一社会信用代码');
    expect(decoded[2]).toContain('国药控股清源医药有限公司,6222020200112233445,中国工商银行清源支行,10000,药款,' + detail.number);
    expect(gbk.mimeType).toBe('text/csv; charset=gbk');

    const xlsx = await ok(env.db, 'paymentBatch.exportBankFile', { id: batchId, profileId: 1, format: 'xlsx' }, env.caiwu);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.contentBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, '序号', '收款账号', '收款户名', '收款银行', '收款行行号', '金额', '用途']);
    expect(sheet.getRow(3).getCell(3).value).toBe('国药控股清源医药有限公司');
    expect(sheet.getRow(3).getCell(6).value).toBe(100);
    expect(sheet.getRow(4).getCell(6).value).toBe(250);
    expect(sheet.rowCount).toBe(4);
  });

  it('records the payment line by line (部分付款 → 已付款), settling each payable and booking Dr 应付账款 / Cr 银行存款', async () => {
    let { batch } = await ok(env.db, 'paymentBatch.get', { id: batchId }, env.caiwu);
    const [first, second, third] = batch.lines;
    ({ batch } = await ok(env.db, 'paymentBatch.recordPaid', { id: batchId, bankReference: 'ICBC20261120001', paidOn: today, lineIds: [first!.id, second!.id], requestId: env.requestId() }, env.caiwu));
    expect(batch).toMatchObject({ status: 'partly_paid', statusLabel: '部分付款', paidMicro: 13 * BOX });
    expect(batch.lines.map((l) => l.status)).toEqual(['paid', 'paid', 'unpaid']);
    expect(batch.lines[0]).toMatchObject({ bankReference: 'ICBC20261120001', paidOn: today });
    expect(await open(p[0]!)).toMatchObject({ paidMicro: 5 * BOX, openMicro: 5 * BOX, committedMicro: 0, status: 'open' });
    expect(await open(large[0]!)).toMatchObject({ status: 'settled' });
    const paidTwice = await call(env.db, 'paymentBatch.recordPaid', { id: batchId, bankReference: 'X', paidOn: today, lineIds: [first!.id] }, env.caiwu);
    expect(paidTwice.ok === false && paidTwice.error.message).toBe('第 1 行已登记付款');
    // The unpaid-only re-export has the one line left.
    const rest = await ok(env.db, 'paymentBatch.exportBankFile', { id: batchId, profileId: 1, format: 'csv', unpaidOnly: true }, env.caiwu);
    expect(rest).toMatchObject({ lineCount: 1, totalMicro: 20 * BOX });
    ({ batch } = await ok(env.db, 'paymentBatch.recordPaid', { id: batchId, bankReference: 'ICBC20261120002', paidOn: today }, env.caiwu));
    expect(batch).toMatchObject({ status: 'paid', statusLabel: '已付款', paidMicro: 33 * BOX });
    expect(batch.lines[2]).toMatchObject({ id: third!.id, status: 'paid', bankReference: 'ICBC20261120002' });
    const entries = env.db.$client.prepare(`SELECT COUNT(*) AS n FROM journal_entries WHERE kind = 'payment' AND document_id = ?`).get(batchId) as { n: number };
    expect(entries.n).toBe(2);
    const bank = env.db.$client.prepare(`SELECT SUM(credit_micro) AS c FROM journal_lines WHERE account = 'bank'`).get() as { c: number };
    expect(bank.c).toBe(33 * BOX);
    expect(booksCheck(env)).toEqual({ unbalanced: [], mismatched: [] });
  });

  it('a paid line is reversed only with a reason: a negated settlement, a red-ink entry naming the payment, the payable reopened; it may be paid again', async () => {
    let { batch } = await ok(env.db, 'paymentBatch.get', { id: batchId }, env.caiwu);
    const line = batch.lines[1]!;
    const noReason = await call(env.db, 'paymentBatch.reverseLine', { lineId: line.id, reason: ' ' }, env.caiwu);
    expect(noReason.ok === false && noReason.error.fields?.[0]?.message).toBe('请填写冲销原因');
    ({ batch } = await ok(env.db, 'paymentBatch.reverseLine', { lineId: line.id, reason: '银行退票 收款户名不符', requestId: env.requestId() }, env.caiwu));
    expect(batch).toMatchObject({ status: 'partly_paid', paidMicro: 25 * BOX });
    expect(batch.lines[1]).toMatchObject({ status: 'unpaid', paidMicro: 0, reversals: [{ amountMicro: -8 * BOX, reason: '银行退票 收款户名不符', actorName: 'caiwu' }] });
    expect(await open(large[0]!)).toMatchObject({ status: 'open', openMicro: 8 * BOX, committedMicro: 8 * BOX });
    const red = env.db.$client
      .prepare(`SELECT e.reverses_entry_id AS reverses, l.account, l.debit_micro AS d, l.credit_micro AS c FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id WHERE e.reverses_entry_id IS NOT NULL AND e.document_id = ? ORDER BY l.line_no`)
      .all(batchId) as { reverses: number; account: string; d: number; c: number }[];
    expect(red.map(({ account, d, c }) => ({ account, d, c }))).toEqual([
      { account: 'accounts_payable', d: -8 * BOX, c: 0 },
      { account: 'bank', d: 0, c: -8 * BOX },
    ]);
    expect(red[0]!.reverses).toBeGreaterThan(0);
    const twice = await call(env.db, 'paymentBatch.reverseLine', { lineId: line.id, reason: '再次' }, env.caiwu);
    expect(twice.ok === false && twice.error.message).toContain('尚未付款');
    expect(booksCheck(env)).toEqual({ unbalanced: [], mismatched: [] });
    // Paid again after the account was corrected.
    ({ batch } = await ok(env.db, 'paymentBatch.recordPaid', { id: batchId, bankReference: 'ICBC20261121009', paidOn: today, lineIds: [line.id] }, env.caiwu));
    expect(batch).toMatchObject({ status: 'paid', paidMicro: 33 * BOX });
    expect(booksCheck(env)).toEqual({ unbalanced: [], mismatched: [] });
    // The auditor reads the batch, without the suppliers' bank details, and changes nothing.
    const seen = (await ok(env.db, 'paymentBatch.get', { id: batchId }, env.auditor)).batch;
    expect(seen.lines[0]!.bankAccountNo).toBeUndefined();
    expect((await call(env.db, 'paymentBatch.reverseLine', { lineId: line.id, reason: 'x' }, env.auditor)).ok).toBe(false);
  });
});

describe('cancelling and listing', () => {
  it('a cancelled draft releases what it held; the list pages by newest first', async () => {
    const { batch } = await ok(env.db, 'paymentBatch.create', { lines: [{ payableId: p[2]!, amountMicro: 4 * BOX }] }, env.caiwu);
    expect((await open(p[2]!)).committedMicro).toBe(4 * BOX);
    const cancelled = (await ok(env.db, 'paymentBatch.cancel', { id: batch.id, reason: '重复编制' }, env.caiwu)).batch;
    expect(cancelled).toMatchObject({ status: 'cancelled', statusLabel: '已作废' });
    expect((await open(p[2]!)).committedMicro).toBe(0);
    const { batch: next } = await ok(env.db, 'paymentBatch.create', { lines: [{ payableId: p[2]!, amountMicro: 4 * BOX }] }, env.caiwu);
    const list = await ok(env.db, 'paymentBatch.list', { pageSize: 2 }, env.auditor);
    expect(list.total).toBe(3);
    expect(list.batches.map((b) => b.id)).toEqual([next.id, batch.id]);
    const drafts = await ok(env.db, 'paymentBatch.list', { status: 'draft' }, env.auditor);
    expect(drafts.batches.map((b) => b.id)).toEqual([next.id]);
  });

  it('approval refuses a supplier without a bank account', async () => {
    const [id] = await env.invoiced({ packs: [1] });
    const { batch } = await ok(env.db, 'paymentBatch.create', { lines: [{ payableId: id!, amountMicro: BOX }] }, env.caiwu);
    env.db.$client.prepare(`UPDATE suppliers SET bank_account_no = '' WHERE id = ?`).run(env.smeId);
    const refused = await call(env.db, 'paymentBatch.approve', { id: batch.id }, env.shenhe);
    env.db.$client.prepare(`UPDATE suppliers SET bank_account_no = '6222020200112233445' WHERE id = ?`).run(env.smeId);
    expect(refused.ok === false && refused.error.message).toContain('未登记收款银行账号');
  });
});

describe('bank profiles', () => {
  it('two seeded layouts; finance adds and edits one; a layout without the amount or payee is refused', async () => {
    const { profiles, fields } = await ok(env.db, 'bankProfile.list', {}, env.auditor);
    expect(profiles.map((p) => p.name)).toEqual(['工商银行 批量代付', '建设银行 批量代发']);
    expect(fields.map((f) => f.label)).toContain('联行号');
    const input = { id: 0, name: '农商银行', columns: [{ field: 'payeeName' as const, header: '户名' }, { field: 'accountNo' as const, header: '账号' }, { field: 'amount' as const, header: '金额' }], amountUnit: 'fen' as const, defaultFormat: 'csv' as const, defaultEncoding: 'gbk' as const, purpose: '货款', headerRow: false };
    const { profile } = await ok(env.db, 'bankProfile.save', input, env.caiwu);
    expect(profile.id).toBe(3);
    await ok(env.db, 'bankProfile.save', { ...input, id: 3, name: '农村商业银行' }, env.caiwu);
    expect((await ok(env.db, 'bankProfile.list', {}, env.caiwu)).profiles.map((p) => p.name)).toContain('农村商业银行');
    const bad = await call(env.db, 'bankProfile.save', { ...input, columns: input.columns.slice(0, 2) }, env.caiwu);
    expect(bad.ok === false && bad.error.message).toBe('银行文件至少须有收款人名称、收款账号和金额三列');
    const auditor = await call(env.db, 'bankProfile.save', input, env.auditor);
    expect(auditor.ok === false && auditor.error.code).toBe('FORBIDDEN');
  });
});

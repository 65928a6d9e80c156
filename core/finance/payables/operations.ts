import { BANK_COLUMN_FIELDS, BANK_COLUMN_LABELS } from '../../api/payables.js';
import type { OperationContext } from '../../context.js';
import { once } from '../../documents/requests.js';
import { conflict } from '../../errors.js';
import type { HandlerMap } from '../../handler.js';
import { communityDate } from '../../time.js';
import { DEFAULT_FINANCE_SETTINGS, financeSettings, saveFinanceSettings } from '../settings.js';
import { amountText, bankFileCsv, bankFileXlsx, type BankFileLine } from './bank-file.js';
import { approveBatch, batchDetail, batchLines, cancelBatch, createBatch, listBatches, recordPaid, reverseLine, updateBatch } from './batches.js';
import { ageing, paymentDays, queryPayables } from './read.js';
import { settleByInsurance, settleStatement } from './insurance.js';
import { bankProfile, bankProfiles, saveBankProfile, saveSupplierTerms, supplierTerms } from './terms.js';
import { prepared } from '../../../db/statements.js';
import { SETTLEMENT_KIND_LABELS, type SettlementKind } from '../../api/finance.js';
import { loadDocument } from '../../documents/lifecycle.js';
import { paymentBatchType } from '../document-types.js';

type PayableOps =
  | 'payable.list'
  | 'payable.get'
  | 'payable.ageing'
  | 'payable.paymentDays'
  | 'payable.settleInsurance'
  | 'payable.settleStatement'
  | 'supplierTerms.get'
  | 'supplierTerms.save'
  | 'financeSettings.get'
  | 'financeSettings.save'
  | 'bankProfile.list'
  | 'bankProfile.save'
  | 'paymentBatch.create'
  | 'paymentBatch.update'
  | 'paymentBatch.suggest'
  | 'paymentBatch.approve'
  | 'paymentBatch.cancel'
  | 'paymentBatch.recordPaid'
  | 'paymentBatch.reverseLine'
  | 'paymentBatch.get'
  | 'paymentBatch.list'
  | 'paymentBatch.exportBankFile';

interface BankFile {
  fileName: string;
  mimeType: string;
  contentBase64: string;
  lineCount: number;
  totalMicro: number;
}

const withRequest = <T>(ctx: OperationContext, requestId: string | undefined, documentId: number | null, work: () => T): T =>
  requestId ? once(ctx, { requestId, documentId }, work) : work();

export const payableHandlers: HandlerMap<PayableOps> = {
  'payable.list': (ctx, input) => {
    const asOf = communityDate(ctx.now);
    const rows = queryPayables(ctx, input, asOf);
    const start = (input.page - 1) * input.pageSize;
    return {
      rows: rows.slice(start, start + input.pageSize),
      total: rows.length,
      page: input.page,
      pageSize: input.pageSize,
      asOf,
      openMicro: rows.reduce((a, r) => a + r.openMicro, 0),
      interestMicro: rows.reduce((a, r) => a + r.interestMicro, 0),
    };
  },

  'payable.get': (ctx, { id }) => {
    const [payable] = queryPayables(ctx, { status: 'all', ids: [id] });
    if (!payable) throw conflict('应付款不存在');
    const settlements = prepared(
      ctx.db.$client,
      `SELECT x.id, x.kind, x.amount_micro AS amountMicro, x.settled_on AS settledOn, x.reference, x.document_id AS documentId, d.number AS documentNumber,
              x.reverses_id AS reversesId, x.reason, x.actor_name AS actorName, x.at
         FROM payable_settlements x LEFT JOIN documents d ON d.id = x.document_id WHERE x.payable_id = ? ORDER BY x.id`,
    ).all(id) as { kind: SettlementKind; id: number; amountMicro: number; settledOn: string; reference: string; documentId: number | null; documentNumber: string | null; reversesId: number | null; reason: string; actorName: string; at: string }[];
    return { payable, settlements: settlements.map((s) => ({ ...s, kindLabel: SETTLEMENT_KIND_LABELS[s.kind] })) };
  },

  'payable.ageing': (ctx, { asOf }) => ageing(ctx, asOf ?? communityDate(ctx.now)),

  'payable.paymentDays': (ctx, { from, to }) => paymentDays(ctx, from ?? null, to ?? null),

  'payable.settleInsurance': (ctx, input) =>
    once(ctx, { requestId: input.requestId, documentId: null }, () => settleByInsurance(ctx, input.lines, input.statementReference, input.settledOn)),

  'payable.settleStatement': (ctx, input) =>
    once(ctx, { requestId: input.requestId, documentId: null }, () => settleStatement(ctx, input.exchangeId, input.payOrdId, input.settledOn)),

  'supplierTerms.get': (ctx, { supplierId }) => ({ terms: supplierTerms(ctx, supplierId) }),

  'supplierTerms.save': (ctx, input) => ({ terms: saveSupplierTerms(ctx, input) }),

  'financeSettings.get': (ctx) => ({ settings: financeSettings(ctx.db), defaults: DEFAULT_FINANCE_SETTINGS }),

  'financeSettings.save': (ctx, input) => {
    const before = financeSettings(ctx.db);
    saveFinanceSettings(ctx.db, input, ctx.now);
    ctx.audit({ target: 'settings:finance', summary: { before, after: input } });
    return { settings: financeSettings(ctx.db) };
  },

  'bankProfile.list': (ctx) => ({ profiles: bankProfiles(ctx), fields: BANK_COLUMN_FIELDS.map((field) => ({ field, label: BANK_COLUMN_LABELS[field] })) }),

  'bankProfile.save': (ctx, input) => ({ profile: saveBankProfile(ctx, input) }),

  'paymentBatch.create': (ctx, input) => ({ batch: withRequest(ctx, input.requestId, null, () => createBatch(ctx, input)) }),

  'paymentBatch.update': (ctx, input) => ({ batch: updateBatch(ctx, input) }),

  'paymentBatch.suggest': (ctx, input) => {
    const rows = queryPayables(ctx, { status: 'open', dueBefore: input.dueBefore, supplierIds: input.supplierIds });
    const supplierAccount = new Map(
      (prepared(ctx.db.$client, `SELECT id, bank_account_no AS accountNo FROM suppliers`).all() as { id: number; accountNo: string }[]).map((s) => [s.id, s.accountNo.trim() !== '']),
    );
    const lines = rows
      .map((r) => ({
        payableId: r.id,
        supplierId: r.supplierId,
        supplierName: r.supplierName,
        invoiceNumber: r.invoiceNumber,
        itemName: r.itemName,
        dueOn: r.dueOn,
        ruleLabel: r.ruleLabel,
        overdueDays: r.overdueDays,
        openMicro: r.openMicro,
        availableMicro: Math.max(0, r.openMicro - r.committedMicro),
        hasBankAccount: supplierAccount.get(r.supplierId) ?? false,
      }))
      .filter((l) => l.availableMicro > 0)
      .slice(0, input.limit);
    return { lines, totalMicro: lines.reduce((a, l) => a + l.availableMicro, 0) };
  },

  'paymentBatch.approve': (ctx, input) => ({ batch: withRequest(ctx, input.requestId, input.id, () => approveBatch(ctx, input)) }),

  'paymentBatch.cancel': (ctx, input) => ({ batch: cancelBatch(ctx, input) }),

  'paymentBatch.recordPaid': (ctx, input) => ({ batch: withRequest(ctx, input.requestId, input.id, () => recordPaid(ctx, input)) }),

  'paymentBatch.reverseLine': (ctx, input) => {
    const line = prepared(ctx.db.$client, 'SELECT document_id AS id FROM payment_batch_lines WHERE id = ?').get(input.lineId) as { id: number } | undefined;
    return { batch: withRequest(ctx, input.requestId, line?.id ?? null, () => reverseLine(ctx, input)) };
  },

  'paymentBatch.get': (ctx, { id }) => ({ batch: batchDetail(ctx, id) }),

  'paymentBatch.list': (ctx, input) => listBatches(ctx, input),

  // Read-only: the batch is read in one snapshot and the file written (exceljs is asynchronous) before the
  // registry's transaction, which only hands it back. Only an approved (or partly/fully paid) batch exports.
  'paymentBatch.exportBankFile': {
    async prepare(ctx, { id, profileId, format, encoding, unpaidOnly }): Promise<BankFile> {
      const profile = bankProfile(ctx, profileId);
      const { doc, lines } = ctx.db.$client.transaction(() => ({ doc: loadDocument(ctx.db, paymentBatchType, id), lines: batchLines(ctx, id) }))();
      if (!['approved', 'partly_paid', 'paid'].includes(doc.state)) throw conflict(`付款单 ${doc.number} 当前为「${doc.stateLabel}」，审核后才能导出银行文件`);
      const chosen = unpaidOnly ? lines.filter((l) => l.paidMicro === 0) : lines;
      if (chosen.length === 0) throw conflict(`付款单 ${doc.number} 没有待付款的行`);
      const fileLines: BankFileLine[] = chosen.map((l, index) => ({
        lineNo: index + 1,
        payeeName: l.bankAccountName.trim() || l.supplierName,
        accountNo: l.bankAccountNo,
        bankName: l.bankName,
        bankBranch: '',
        amountMicro: l.amountMicro,
        purpose: l.purpose,
        batchNumber: doc.number,
        supplierUscc: l.supplierUscc,
      }));
      for (const l of fileLines) if (amountText(l.amountMicro, 'fen') === '0') throw conflict(`收款人「${l.payeeName}」的金额不足一分`);
      const enc = encoding ?? profile.defaultEncoding;
      const content = format === 'xlsx' ? await bankFileXlsx(profile, fileLines, doc.number) : bankFileCsv(profile, fileLines, enc);
      return {
        fileName: `银行付款-${doc.number}-${profile.name}.${format}`,
        mimeType:
          format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : `text/csv; charset=${enc === 'gbk' ? 'gbk' : 'utf-8'}`,
        contentBase64: content.toString('base64'),
        lineCount: fileLines.length,
        totalMicro: fileLines.reduce((a, l) => a + l.amountMicro, 0),
      };
    },
    run: (_ctx, _input, file: BankFile) => file,
  },
};

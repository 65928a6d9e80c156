import { readFile } from 'node:fs/promises';
import type { HandlerMap } from '../../handler.js';
import { once } from '../../documents/requests.js';
import { readTable, type Table } from '../../imports/table.js';
import { storeUpload } from '../../imports/uploads.js';
import { listInvoices, invoiceableLines, readInvoice } from './read.js';
import { planImport, previewOutput, refuseProblems, rememberMapping } from './import.js';
import { approveException, approveInvoice, previewDraft, registerInvoice, updateInvoice, voidInvoice } from './write.js';

type InvoiceOps =
  | 'invoice.register'
  | 'invoice.check'
  | 'invoice.update'
  | 'invoice.approve'
  | 'invoice.void'
  | 'invoice.approveException'
  | 'invoice.get'
  | 'invoice.list'
  | 'invoice.invoiceable'
  | 'invoice.importUpload'
  | 'invoice.importPreview'
  | 'invoice.importCommit';

export const invoiceHandlers: HandlerMap<InvoiceOps> = {
  'invoice.register': (ctx, { requestId, ...draft }) => {
    const work = () => ({ invoice: registerInvoice(ctx, draft) });
    return requestId ? once(ctx, { requestId, documentId: null }, work) : work();
  },

  'invoice.check': (ctx, { id, ...draft }) => previewDraft(ctx, draft, id ?? null),

  'invoice.update': (ctx, { id, version, ...draft }) => ({ invoice: updateInvoice(ctx, id, version, draft) }),

  'invoice.approve': (ctx, { id, version, requestId }) => {
    const work = () => approveInvoice(ctx, id, version);
    return requestId ? once(ctx, { requestId, documentId: id }, work) : work();
  },

  'invoice.void': (ctx, { id, version, reason }) => ({ invoice: voidInvoice(ctx, id, version, reason) }),

  'invoice.approveException': (ctx, input) => ({ invoice: approveException(ctx, input) }),

  'invoice.get': (ctx, { id }) => ({ invoice: readInvoice(ctx.db, id) }),

  'invoice.list': (ctx, input) => {
    const { rows, total } = listInvoices(ctx.db, input);
    return { invoices: rows, total, page: input.page, pageSize: input.pageSize };
  },

  'invoice.invoiceable': (ctx, input) => ({ rows: invoiceableLines(ctx, input) }),

  'invoice.importUpload': {
    prepare: async (ctx) => {
      const file = ctx.attachment!;
      return readTable(await readFile(file.path), file.filename);
    },
    run: (ctx, _input, table: Table) => ({ uploadId: storeUpload(ctx, ctx.attachment!.filename, table) }),
  },

  'invoice.importPreview': (ctx, input) => previewOutput(planImport(ctx, input)),

  'invoice.importCommit': (ctx, { requestId, ...input }) => {
    const work = () => {
      const plan = planImport(ctx, input);
      refuseProblems(plan);
      const invoices = plan.invoices.map((i) => registerInvoice(ctx, i.draft));
      const memory = rememberMapping(ctx, plan.headerRow, plan.mapping, plan.header);
      ctx.audit({ target: `upload:${plan.upload.id}`, summary: { importedInvoices: invoices.map((i) => i.documentNumber), file: plan.upload.filename, mapping: memory.mapping } });
      return { invoices: invoices.map(({ lines: _l, exceptions: _e, totals: _t, payables: _p, journalEntryIds: _j, redInvoices: _r, events: _v, createdByUserId: _c, ...summary }) => summary) };
    };
    return requestId ? once(ctx, { requestId, documentId: null }, work) : work();
  },
};

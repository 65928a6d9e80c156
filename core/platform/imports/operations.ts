import type { PlatformImportPreview } from '../../api/platform-imports.js';
import type { OperationContext } from '../../context.js';
import { once } from '../../documents/requests.js';
import type { HandlerMap } from '../../handler.js';
import { readImportFile, type ReadFile } from './common.js';
import { commitCatalogue, planCatalogue } from './catalogue.js';
import { commitFeedback, planFeedback } from './feedback.js';
import { commitSettlements, planSettlements } from './settlements.js';
import { commitShipments, previewShipments } from './shipments.js';

type PlatformImportOps = 'platformImport.preview' | 'platformImport.commit';

type Committed = { preview: PlatformImportPreview; exchangeId: number; documents: { id: number; number: string; kind: string; label: string }[] };

function preview(ctx: OperationContext, file: ReadFile): PlatformImportPreview {
  switch (file.exchange) {
    case 'shipments_in':
      return previewShipments(ctx, file);
    case 'catalogue_in':
      return planCatalogue(ctx, file).preview;
    case 'order_feedback_in':
      return planFeedback(ctx, file).preview;
    case 'settlements_in':
      return planSettlements(ctx, file).preview;
  }
}

function commit(ctx: OperationContext, file: ReadFile): Committed {
  switch (file.exchange) {
    case 'shipments_in': {
      const done = commitShipments(ctx, file);
      return { preview: done.preview, exchangeId: done.exchangeId, documents: done.receipts.map((r) => ({ ...r, kind: 'receipt' })) };
    }
    case 'catalogue_in':
      return commitCatalogue(ctx, file);
    case 'order_feedback_in':
      return commitFeedback(ctx, file);
    case 'settlements_in':
      return commitSettlements(ctx, file);
  }
}

/**
 * 导入平台数据：目录、订单回执、配送明细、结算单（预览后整批提交）. The file is read (exceljs, async) before the
 * transaction; the plan and every write happen inside it, so the commit acts on what the database holds then.
 */
export const platformImportHandlers: HandlerMap<PlatformImportOps> = {
  'platformImport.preview': {
    prepare: (ctx, input) => readImportFile(ctx.db, input),
    run: (ctx, _input, file: ReadFile) => preview(ctx, file),
  },
  'platformImport.commit': {
    prepare: (ctx, { requestId: _r, ...input }) => readImportFile(ctx.db, input),
    run: (ctx, { requestId }, file: ReadFile) => {
      const work = () => {
        const done = commit(ctx, file);
        return { ...done.preview, exchangeId: done.exchangeId, documents: done.documents };
      };
      return requestId ? once(ctx, { requestId, documentId: null }, work) : work();
    },
  },
};

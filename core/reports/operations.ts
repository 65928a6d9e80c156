import { prepared } from '../../db/statements.js';
import type { OpOutput } from '../api/index.js';
import type { HandlerMap } from '../handler.js';
import { monthlyReport } from './monthly.js';
import { traceFigure } from './trace.js';
import { monthlyWorkbook } from './workbook.js';

type ReportOps = 'report.monthly' | 'report.monthlyExport' | 'report.trace';

export const reportHandlers: HandlerMap<ReportOps> = {
  'report.monthly': (ctx, input) => monthlyReport(ctx, input),

  // Read in one snapshot, the workbook written (exceljs is asynchronous) before the registry's transaction.
  'report.monthlyExport': {
    async prepare(ctx, { month }): Promise<OpOutput<'report.monthlyExport'>> {
      const report = ctx.db.$client.transaction(() => monthlyReport(ctx, { month }))();
      const name = (prepared(ctx.db.$client, 'SELECT name FROM community WHERE id = 1').get() as { name: string } | undefined)?.name ?? '医共体';
      const { buffer, sheets } = await monthlyWorkbook(report, name);
      return { fileName: `月报-${month}.xlsx`, contentBase64: buffer.toString('base64'), sheets, unitCount: report.units.length };
    },
    run: (_ctx, _input, file: OpOutput<'report.monthlyExport'>) => file,
  },

  'report.trace': (ctx, input) => traceFigure(ctx, input),
};

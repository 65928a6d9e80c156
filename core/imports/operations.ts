import { readFile } from 'node:fs/promises';
import type { HandlerMap } from '../handler.js';
import type { OperationContext } from '../context.js';
import { invalid } from '../errors.js';
import { communityDate } from '../time.js';
import { checkColumns, commitImport, planImport, type ImportPlan } from './formulary.js';
import { listMappings, saveMapping } from './mappings.js';
import { detectHeaderRow, readTable, type Table } from './table.js';
import { loadUpload, storeUpload, type Upload } from './uploads.js';

type ImportOps = 'formularyImport.upload' | 'formularyImport.inspect' | 'formularyImport.preview' | 'formularyImport.commit' | 'importMapping.list' | 'importMapping.save';

/** Rows shown on the mapping screen: the title and header rows plus a few data rows. */
const PREVIEW_ROWS = 20;

function sheetRows(upload: Upload, name: string): string[][] {
  const sheet = upload.sheets.find((s) => s.name === name);
  if (!sheet) throw invalid('sheet', `文件中没有名为“${name}”的工作表`);
  return sheet.rows;
}

function plan(ctx: OperationContext, input: { uploadId: number; sheet: string; headerRow: number; mapping: Record<string, number> }): { upload: Upload; plan: ImportPlan } {
  const upload = loadUpload(ctx.db, input.uploadId, ctx.actor);
  const rows = sheetRows(upload, input.sheet);
  if (input.headerRow > rows.length) throw invalid('headerRow', `表头行超出文件范围（共 ${rows.length} 行）`);
  const columns = checkColumns(input.mapping);
  return { upload, plan: planImport(ctx.db, { rows, headerRow: input.headerRow, columns }, communityDate(ctx.now)) };
}

export const importHandlers: HandlerMap<ImportOps> = {
  'formularyImport.upload': {
    // Parsing a spreadsheet is slow and async: before the transaction, which only stores the result.
    prepare: async (ctx) => {
      const file = ctx.attachment!;
      return readTable(await readFile(file.path), file.filename);
    },
    run: (ctx, _input, table: Table) => ({ uploadId: storeUpload(ctx, ctx.attachment!.filename, table) }),
  },

  'formularyImport.inspect': (ctx, { uploadId }) => {
    const upload = loadUpload(ctx.db, uploadId, ctx.actor);
    return {
      filename: upload.filename,
      encoding: upload.encoding,
      sheets: upload.sheets.map((sheet) => {
        const headerRow = detectHeaderRow(sheet.rows);
        return {
          name: sheet.name,
          rowCount: sheet.rows.filter((r) => r.length > 0).length,
          headerRow,
          preview: sheet.rows.slice(0, Math.max(PREVIEW_ROWS, headerRow + 10)),
        };
      }),
    };
  },

  'formularyImport.preview': (ctx, input) => plan(ctx, input).plan.preview,

  'formularyImport.commit': (ctx, input) => {
    const { upload, plan: built } = plan(ctx, input);
    const result = commitImport(ctx, built, {
      filename: upload.filename,
      reason: input.reason,
      resolutionNo: input.resolutionNo,
      resolutionDate: input.resolutionDate,
      skipRejected: input.skipRejected,
      target: `upload:${upload.id}`,
    });
    return { ...built.preview, ...result };
  },

  'importMapping.list': (ctx) => ({ mappings: listMappings(ctx.db) }),

  'importMapping.save': (ctx, input) => {
    const { mapping, before } = saveMapping(ctx.db, input, ctx.now);
    ctx.audit({
      target: `importMapping:${mapping.name}`,
      summary: before ? { mapping: { from: before.mapping, to: mapping.mapping }, headerRow: { from: before.headerRow, to: mapping.headerRow } } : { created: { mapping: mapping.mapping, headerRow: mapping.headerRow } },
    });
    return { mapping };
  },
};

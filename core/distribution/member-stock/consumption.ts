import { readFile } from 'node:fs/promises';
import { prepared } from '../../../db/statements.js';
import type { ConsumptionTarget } from '../../api/distribution.js';
import type { Consumption } from '../../api/member-stock.js';
import type { OperationContext } from '../../context.js';
import { applyTransition, checkVersion, createDocument, loadDocument, reverseDocument } from '../../documents/lifecycle.js';
import { once } from '../../documents/requests.js';
import { conflict, DomainError } from '../../errors.js';
import type { HandlerMap } from '../../handler.js';
import { readTable, type Table } from '../../imports/table.js';
import { postMoves, reverseMovesOf, storeLocationId } from '../../stock/ledger.js';
import { consumptionType } from '../document-types.js';
import { linesFromTable } from './consumption-import.js';
import { listConsumptions, readConsumption, consumptionHeader, consumptionLines } from './consumption-read.js';
import { checkConsumptionLines, firstExpiryFirst, type ConsumptionLineInput } from './consumption-rules.js';
import { reviseDocument } from '../../documents/lifecycle.js';
import { requireEditable } from './revise.js';

/**
 * 消耗出库单: what a unit's HIS dispensed to patients or its departments used over a period, as totals per item.
 * Posting takes each total out of the store (107) first expiry first; 冲销 appends a 冲销单 with the mirrored moves.
 */

type ConsumptionOps =
  | 'consumption.create'
  | 'consumption.update'
  | 'consumption.post'
  | 'consumption.void'
  | 'consumption.reverse'
  | 'consumption.get'
  | 'consumption.list'
  | 'consumption.import';

interface Header {
  storeId: number;
  periodFrom: string;
  periodTo: string;
  target: ConsumptionTarget;
  department: string;
  note: string;
}

function writeLines(ctx: OperationContext, documentId: number, lines: readonly ConsumptionLineInput[]): void {
  const insert = prepared(ctx.db.$client, 'INSERT INTO consumption_lines (document_id, line_no, item_id, quantity) VALUES (?, ?, ?, ?)');
  lines.forEach((line, i) => insert.run(documentId, i + 1, line.itemId, line.quantity));
}

function createConsumption(ctx: OperationContext, header: Header, lines: readonly ConsumptionLineInput[], sourceFile: string): Consumption {
  storeLocationId(ctx.db, header.storeId);
  checkConsumptionLines(ctx, lines);
  const document = createDocument(ctx, consumptionType);
  prepared(
    ctx.db.$client,
    `INSERT INTO consumptions (document_id, store_id, period_from, period_to, target, department, source_file, note)
     VALUES (@id, @storeId, @periodFrom, @periodTo, @target, @department, @sourceFile, @note)`,
  ).run({ id: document.id, ...header, department: header.target === 'department' ? header.department : '', sourceFile });
  writeLines(ctx, document.id, lines);
  ctx.audit({ target: `${consumptionType.type}:${document.number}`, summary: { ...header, sourceFile, lines } });
  return readConsumption(ctx.db, document.id);
}

function post(ctx: OperationContext, id: number, version: number): Consumption {
  const document = loadDocument(ctx.db, consumptionType, id);
  // State and version first: a document already posted answers CONFLICT, not whatever its stock now says.
  if (document.state !== 'draft') throw conflict(`消耗出库单 ${document.number} 当前为「${document.stateLabel}」，不能过账`);
  checkVersion(ctx.db, consumptionType, document, version);
  const header = consumptionHeader(ctx.db, id);
  const moves = firstExpiryFirst(ctx, id, storeLocationId(ctx.db, header.storeId), consumptionLines(ctx.db, id));
  applyTransition(ctx, consumptionType, { id, version, transition: 'post' });
  postMoves(ctx, moves);
  return readConsumption(ctx.db, id);
}

export const consumptionHandlers: HandlerMap<ConsumptionOps> = {
  'consumption.create': (ctx, { lines, ...header }) => ({ consumption: createConsumption(ctx, header, lines, '') }),

  'consumption.update': (ctx, input) => {
    const document = requireEditable(ctx, consumptionType, input.id, input.version, ['draft'], '修改（仅草稿可以修改）');
    checkConsumptionLines(ctx, input.lines);
    const department = input.target === 'department' ? input.department : '';
    prepared(
      ctx.db.$client,
      'UPDATE consumptions SET period_from = @periodFrom, period_to = @periodTo, target = @target, department = @department, note = @note WHERE document_id = @id',
    ).run({ id: input.id, periodFrom: input.periodFrom, periodTo: input.periodTo, target: input.target, department, note: input.note });
    prepared(ctx.db.$client, 'DELETE FROM consumption_lines WHERE document_id = ?').run(input.id);
    writeLines(ctx, input.id, input.lines);
    reviseDocument(ctx, consumptionType, document, input.version, { periodFrom: input.periodFrom, periodTo: input.periodTo, target: input.target, department, lines: input.lines });
    return { consumption: readConsumption(ctx.db, input.id) };
  },

  'consumption.post': (ctx, { id, version, requestId }) => once(ctx, { requestId, documentId: id }, () => ({ consumption: post(ctx, id, version) })),

  // A draft nobody will post is 作废: kept with its number; it moved nothing.
  'consumption.void': (ctx, { id, version, reason }) => {
    applyTransition(ctx, consumptionType, { id, version, transition: 'void', reason });
    return { consumption: readConsumption(ctx.db, id) };
  },

  'consumption.reverse': (ctx, { id, version, requestId, reason }) =>
    once(ctx, { requestId, documentId: id }, () => {
      consumptionHeader(ctx.db, id);
      const { reversal } = reverseDocument(ctx, consumptionType, { id, version, reason }, (reversalDoc, original) => {
        prepared(
          ctx.db.$client,
          `INSERT INTO consumptions (document_id, store_id, period_from, period_to, target, department, source_file, note)
           SELECT @reversalId, store_id, period_from, period_to, target, department, source_file, @note FROM consumptions WHERE document_id = @originalId`,
        ).run({ reversalId: reversalDoc.id, originalId: original.id, note: `冲销 ${original.number}：${reason}` });
        prepared(
          ctx.db.$client,
          'INSERT INTO consumption_lines (document_id, line_no, item_id, quantity) SELECT @reversalId, line_no, item_id, quantity FROM consumption_lines WHERE document_id = @originalId',
        ).run({ reversalId: reversalDoc.id, originalId: original.id });
        try {
          reverseMovesOf(ctx, original.id, reversalDoc.id);
        } catch (error) {
          if (error instanceof DomainError && error.code === 'VALIDATION') throw new DomainError('CONFLICT', `不能冲销 ${original.number}：${error.message}`);
          throw error;
        }
      });
      return { consumption: readConsumption(ctx.db, id), reversal: readConsumption(ctx.db, reversal.id) };
    }),

  'consumption.get': (ctx, { id }) => ({ consumption: readConsumption(ctx.db, id) }),

  'consumption.list': (ctx, filter) => listConsumptions(ctx.db, ctx.scope, filter),

  'consumption.import': {
    // Reading a spreadsheet is slow and async: before the transaction, which checks the rows and writes the draft.
    prepare: async (ctx) => {
      const file = ctx.attachment!;
      return { table: await readTable(await readFile(file.path), file.filename), filename: file.filename };
    },
    run: (ctx, { note, ...header }, { table, filename }: { table: Table; filename: string }) => {
      storeLocationId(ctx.db, header.storeId);
      const imported = linesFromTable(ctx.db, table);
      const consumption = createConsumption(ctx, { ...header, note }, imported.lines, filename);
      return { consumption, rowCount: imported.rowCount, headerRow: imported.headerRow };
    },
  },
};

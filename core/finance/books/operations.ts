import { once } from '../../documents/requests.js';
import type { HandlerMap } from '../../handler.js';
import { communityDate } from '../../time.js';
import { budgetExecution } from './budget-execution.js';
import { categoryRows, sameFigures, unitFigures } from './figures.js';
import { confirmStatement, disputeStatement, figuresOf, issueAllStatements, issueStatement, readStatement, statementView } from './statements.js';
import { listStatements, statementLines } from './statements-read.js';
import { trialBalance } from './trial-balance.js';

type BooksOps =
  | 'settlement.statement'
  | 'settlement.issue'
  | 'settlement.issueAll'
  | 'settlement.confirm'
  | 'settlement.dispute'
  | 'settlement.list'
  | 'settlement.get'
  | 'settlement.lines'
  | 'budget.execution'
  | 'books.trialBalance';

export const booksHandlers: HandlerMap<BooksOps> = {
  'settlement.statement': (ctx, { unitId, month }) => statementView(ctx.db, unitId, month),

  'settlement.issue': (ctx, { unitId, month, requestId }) => once(ctx, { requestId, documentId: null }, () => ({ statement: issueStatement(ctx, unitId, month) })),

  'settlement.issueAll': (ctx, { month, requestId }) => once(ctx, { requestId, documentId: null }, () => issueAllStatements(ctx, month)),

  'settlement.confirm': (ctx, { id, version, note, requestId }) => once(ctx, { requestId, documentId: id }, () => ({ statement: confirmStatement(ctx, id, version, note) })),

  'settlement.dispute': (ctx, { id, version, note, requestId }) => {
    const work = () => ({ statement: disputeStatement(ctx, id, version, note) });
    return requestId ? once(ctx, { requestId, documentId: id }, work) : work();
  },

  'settlement.list': (ctx, { month }) => listStatements(ctx.db, month, ctx.scope.units),

  'settlement.get': (ctx, { id }) => {
    const statement = readStatement(ctx.db, id);
    return {
      statement,
      byCategory: categoryRows(ctx.db, statement.unitId, statement.month),
      changedSinceIssue: !sameFigures(figuresOf(statement), unitFigures(ctx.db, statement.unitId, statement.month)),
    };
  },

  'settlement.lines': (ctx, input) => statementLines(ctx.db, input),

  'budget.execution': (ctx, { unitId, year }) => budgetExecution(ctx.db, { unitId, year, today: communityDate(ctx.now) }),

  'books.trialBalance': (ctx, input) => trialBalance(ctx.db, input),
};

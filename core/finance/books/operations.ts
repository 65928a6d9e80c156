import { DomainError } from '../../errors.js';
import type { HandlerMap } from '../../handler.js';

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

const notYet = (): never => {
  throw new DomainError('INTERNAL', '该功能尚未完成');
};

export const booksHandlers: HandlerMap<BooksOps> = {
  'settlement.statement': notYet,
  'settlement.issue': notYet,
  'settlement.issueAll': notYet,
  'settlement.confirm': notYet,
  'settlement.dispute': notYet,
  'settlement.list': notYet,
  'settlement.get': notYet,
  'settlement.lines': notYet,
  'budget.execution': notYet,
  'books.trialBalance': notYet,
};

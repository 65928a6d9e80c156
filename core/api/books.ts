/** The journal (记账), members' books and 内部结算单 (JS), budget execution, 记账凭证 export. Vocabularies: ./finance.ts. */
import { z } from 'zod';
import { id, optionalText } from './common.js';
import { documentVersionSchema, requestIdSchema } from './documents.js';
import { ACCOUNTS, ENTRY_KINDS, MONTH_PATTERN, STATEMENT_STATES } from './finance.js';
import { ITEM_CATEGORIES } from './formulary.js';
import { defineOperation } from './operation.js';

/** A month as statements name it: 2026-11. */
export const monthSchema = z.string({ error: '请填写月份' }).regex(MONTH_PATTERN, '月份格式应为 YYYY-MM（如 2026-11）');
const year = z.number({ error: '请填写年度' }).int('年度须为整数').min(2000, '年度不能早于 2000').max(9999, '年度不能晚于 9999');

/** The figures of a member's month (内部结算单): closing = opening + received − returned − consumed + adjusted. */
export const statementFigures = z.object({
  /** 库存物资 balance in the member's books before the month. */
  openingMicro: z.number().int(),
  /** Goods charged to the member at purchase cost (内部调拨 debits to its 库存物资). */
  receivedMicro: z.number().int(),
  /** Goods returned to the centre (内部调拨 credits). */
  returnedMicro: z.number().int(),
  /** 消耗出库 at cost. */
  consumedMicro: z.number().int(),
  /** Everything else on its 库存物资: 盘盈盘亏, 报损, 其他出入库, its own purchases (signed). */
  adjustedMicro: z.number().int(),
  closingMicro: z.number().int(),
  /** The centre's side: the lead unit's 内部往来 with this member in the month (charged / credited). */
  centreReceivedMicro: z.number().int(),
  centreReturnedMicro: z.number().int(),
});
export type StatementFigures = z.infer<typeof statementFigures>;

export const statementCategoryRow = z.object({
  /** '' : lines without an item category. */
  category: z.union([z.enum(ITEM_CATEGORIES), z.literal('')]),
  categoryLabel: z.string(),
  receivedMicro: z.number().int(),
  returnedMicro: z.number().int(),
  consumedMicro: z.number().int(),
  adjustedMicro: z.number().int(),
});
export type StatementCategoryRow = z.infer<typeof statementCategoryRow>;

/** An issued 内部结算单 (JS document): the snapshot taken when the centre issued it. */
export const statementDocument = statementFigures.extend({
  id,
  /** JS2026-000012. */
  number: z.string(),
  status: z.enum(STATEMENT_STATES),
  statusLabel: z.string(),
  version: z.number().int(),
  unitId: id,
  unitName: z.string(),
  month: z.string(),
  /** The member's remark when confirming or disputing. */
  memberNote: z.string(),
  issuedAt: z.string(),
  issuedBy: z.string(),
  confirmedAt: z.string().nullable(),
  confirmedBy: z.string().nullable(),
  events: z.array(
    z.object({
      version: z.number().int(),
      transition: z.string(),
      transitionLabel: z.string(),
      toState: z.string(),
      toStateLabel: z.string(),
      actorName: z.string(),
      at: z.string(),
      reason: z.string().nullable(),
    }),
  ),
});
export type StatementDocument = z.infer<typeof statementDocument>;

/** A member's month computed now from its journal (and the issued statement, if any). */
export const statementView = statementFigures.extend({
  unitId: id,
  unitName: z.string(),
  month: z.string(),
  byCategory: z.array(statementCategoryRow),
  /** The member's received − returned equals the centre's charged − credited, to the fen. */
  balanced: z.boolean(),
  statement: statementDocument.nullable(),
  /** An issued statement whose snapshot differs from the books now (finance must re-issue before it is confirmed). */
  changedSinceIssue: z.boolean(),
});
export type StatementView = z.infer<typeof statementView>;

/** A row of the centre's overview: every member unit, with or without a statement for the month. */
export const statementListRow = z.object({
  unitId: id,
  unitName: z.string(),
  unitCode: z.string(),
  statementId: id.nullable(),
  number: z.string().nullable(),
  /** Null: not issued yet. */
  status: z.enum(STATEMENT_STATES).nullable(),
  statusLabel: z.string(),
  version: z.number().int().nullable(),
  openingMicro: z.number().int().nullable(),
  receivedMicro: z.number().int().nullable(),
  returnedMicro: z.number().int().nullable(),
  consumedMicro: z.number().int().nullable(),
  adjustedMicro: z.number().int().nullable(),
  closingMicro: z.number().int().nullable(),
  memberNote: z.string(),
  issuedAt: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  /** The figures as yuan text ('' when not issued), for the export. */
  openingYuan: z.string(),
  receivedYuan: z.string(),
  returnedYuan: z.string(),
  consumedYuan: z.string(),
  adjustedYuan: z.string(),
  closingYuan: z.string(),
});
export type StatementListRow = z.infer<typeof statementListRow>;

/** One journal line behind a statement (line detail on demand). */
export const statementLine = z.object({
  lineId: id,
  entryId: id,
  bookedOn: z.string(),
  kind: z.enum(ENTRY_KINDS),
  kindLabel: z.string(),
  documentId: id.nullable(),
  documentNumber: z.string().nullable(),
  summary: z.string(),
  itemCategory: z.union([z.enum(ITEM_CATEGORIES), z.literal('')]),
  itemCategoryLabel: z.string(),
  /** The line's effect on the member's 库存物资: debit − credit (negative: stock out). */
  amountMicro: z.number().int(),
  debitMicro: z.number().int(),
  creditMicro: z.number().int(),
  /** Which statement column it counts in. */
  column: z.enum(['received', 'returned', 'consumed', 'adjusted']),
  amountYuan: z.string(),
});
export type StatementLine = z.infer<typeof statementLine>;

const statementOut = z.object({ statement: statementDocument });
const oneStatement = { units: { input: [{ path: 'id', record: 'statement' }], output: [{ rows: 'statement', unit: 'unitId' }] } } as const;
const unitInput = { units: { input: [{ path: 'unitId', record: 'unit' }] } } as const;

export const settlementStatementOp = defineOperation({
  name: 'settlement.statement',
  title: '查看单位月度内部结算',
  access: { permission: 'settlement.read' },
  mutates: false,
  scope: unitInput,
  input: z.object({ unitId: id, month: monthSchema }),
  output: statementView,
});

export const settlementIssue = defineOperation({
  name: 'settlement.issue',
  title: '出具内部结算单',
  access: { permission: 'settlement.issue' },
  mutates: true,
  scope: 'centre',
  input: z.object({ unitId: id, month: monthSchema, requestId: requestIdSchema }),
  output: statementOut,
});

export const settlementIssueAll = defineOperation({
  name: 'settlement.issueAll',
  title: '批量出具内部结算单',
  access: { permission: 'settlement.issue' },
  mutates: true,
  scope: 'centre',
  input: z.object({ month: monthSchema, requestId: requestIdSchema }),
  output: z.object({
    month: z.string(),
    /** Statements issued or re-issued by this call. */
    issued: z.number().int(),
    /** Units skipped: already confirmed, or issued and unchanged. */
    skipped: z.number().int(),
    statements: z.array(statementDocument),
  }),
});

export const settlementConfirm = defineOperation({
  name: 'settlement.confirm',
  title: '确认内部结算单',
  access: { permission: 'settlement.confirm' },
  mutates: true,
  scope: oneStatement,
  input: z.object({ id, version: documentVersionSchema, note: optionalText('备注', 500), requestId: requestIdSchema }),
  output: statementOut,
});

export const settlementDispute = defineOperation({
  name: 'settlement.dispute',
  title: '对内部结算单提出异议',
  access: { permission: 'settlement.confirm' },
  mutates: true,
  scope: oneStatement,
  input: z.object({
    id,
    version: documentVersionSchema,
    note: z.string({ error: '请填写异议原因' }).trim().min(1, '请填写异议原因').max(500, '异议原因不能超过 500 个字符'),
    requestId: requestIdSchema.optional(),
  }),
  output: statementOut,
});

export const settlementList = defineOperation({
  name: 'settlement.list',
  title: '查询内部结算单（按月）',
  access: { permission: 'settlement.read' },
  mutates: false,
  scope: { units: { output: [{ rows: 'rows', unit: 'unitId' }] } },
  input: z.object({ month: monthSchema }),
  output: z.object({
    month: z.string(),
    rows: z.array(statementListRow),
    /** Counts for the centre's header: 未出具 / 待确认 / 有异议 / 已确认. */
    counts: z.object({ none: z.number().int(), issued: z.number().int(), disputed: z.number().int(), confirmed: z.number().int() }),
  }),
  export: {
    rows: 'rows',
    sheet: '内部结算单',
    filename: '内部结算单',
    columns: [
      { key: 'unitName', header: '单位', width: 20 },
      { key: 'number', header: '结算单号', width: 16 },
      { key: 'statusLabel', header: '状态', width: 10 },
      { key: 'openingYuan', header: '期初（元）', width: 14 },
      { key: 'receivedYuan', header: '本期领入（元）', width: 14 },
      { key: 'returnedYuan', header: '本期退库（元）', width: 14 },
      { key: 'consumedYuan', header: '本期消耗（元）', width: 14 },
      { key: 'adjustedYuan', header: '调整（元）', width: 14 },
      { key: 'closingYuan', header: '期末（元）', width: 14 },
      { key: 'memberNote', header: '成员单位备注', width: 24 },
    ],
  },
});

export const settlementGet = defineOperation({
  name: 'settlement.get',
  title: '查看内部结算单',
  access: { permission: 'settlement.read' },
  mutates: false,
  scope: oneStatement,
  input: z.object({ id }),
  output: z.object({ statement: statementDocument, byCategory: z.array(statementCategoryRow), changedSinceIssue: z.boolean() }),
});

export const settlementLines = defineOperation({
  name: 'settlement.lines',
  title: '内部结算明细',
  access: { permission: 'settlement.read' },
  mutates: false,
  scope: unitInput,
  input: z.object({
    unitId: id,
    month: monthSchema,
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(1000, '每页最多 1000 行').default(100),
  }),
  output: z.object({ unitId: id, month: z.string(), total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), rows: z.array(statementLine) }),
  export: {
    rows: 'rows',
    sheet: '结算明细',
    filename: '内部结算明细',
    columns: [
      { key: 'bookedOn', header: '日期', width: 12 },
      { key: 'documentNumber', header: '单据号', width: 16 },
      { key: 'summary', header: '摘要', width: 30 },
      { key: 'kindLabel', header: '类型', width: 10 },
      { key: 'itemCategoryLabel', header: '品种类别', width: 10 },
      { key: 'amountYuan', header: '金额（元）', width: 14 },
    ],
  },
});

export const budgetMonth = z.object({
  /** 1..12. */
  month: z.number().int(),
  /** The year's budget up to this month (annual budget ÷ 12 × month, the last month exact); null: no budget set. */
  budgetMicro: z.number().int().nullable(),
  /** Approved, not yet shipped, as it stands now (counted in the current month only; 0 for other months). */
  committedMicro: z.number().int(),
  /** Charged to the unit in the month: 内部调拨 debits − credits to its 库存物资. */
  actualMicro: z.number().int(),
  /** Σ actual from January to this month. */
  cumulativeActualMicro: z.number().int(),
  /** Annual budget − cumulative actual − committed (committed in and after the current month); null without a budget. */
  remainingMicro: z.number().int().nullable(),
  budgetYuan: z.string(),
  committedYuan: z.string(),
  actualYuan: z.string(),
  cumulativeActualYuan: z.string(),
  remainingYuan: z.string(),
});
export type BudgetMonth = z.infer<typeof budgetMonth>;

export const budgetExecution = defineOperation({
  name: 'budget.execution',
  title: '预算执行情况（按月）',
  access: { permission: 'budget.read' },
  mutates: false,
  scope: unitInput,
  input: z.object({ unitId: id, year }),
  output: z.object({
    unitId: id,
    unitName: z.string(),
    year: z.number().int(),
    months: z.array(budgetMonth),
    totals: z.object({
      budgetMicro: z.number().int().nullable(),
      committedMicro: z.number().int(),
      actualMicro: z.number().int(),
      remainingMicro: z.number().int().nullable(),
    }),
  }),
  export: {
    rows: 'months',
    sheet: '预算执行',
    filename: '预算执行情况',
    columns: [
      { key: 'month', header: '月份', width: 8 },
      { key: 'budgetYuan', header: '累计预算（元）', width: 16 },
      { key: 'committedYuan', header: '已承诺（元）', width: 16 },
      { key: 'actualYuan', header: '本月执行（元）', width: 16 },
      { key: 'cumulativeActualYuan', header: '累计执行（元）', width: 16 },
      { key: 'remainingYuan', header: '可用（元）', width: 16 },
    ],
  },
});

export const trialBalanceRow = z.object({
  unitId: id,
  unitName: z.string(),
  account: z.enum(ACCOUNTS),
  accountLabel: z.string(),
  /** Debit − credit before the month, in the month, and after it. */
  openingMicro: z.number().int(),
  debitMicro: z.number().int(),
  creditMicro: z.number().int(),
  closingMicro: z.number().int(),
  openingYuan: z.string(),
  debitYuan: z.string(),
  creditYuan: z.string(),
  closingYuan: z.string(),
});
export type TrialBalanceRow = z.infer<typeof trialBalanceRow>;

export const booksTrialBalance = defineOperation({
  name: 'books.trialBalance',
  title: '科目余额表',
  access: { permission: 'books.read' },
  mutates: false,
  scope: 'centre',
  input: z.object({ unitId: id.optional(), month: monthSchema }),
  output: z.object({
    month: z.string(),
    rows: z.array(trialBalanceRow),
    /** Σ debit = Σ credit in the month over the rows shown. */
    balanced: z.boolean(),
  }),
  export: {
    rows: 'rows',
    sheet: '科目余额表',
    filename: '科目余额表',
    columns: [
      { key: 'unitName', header: '单位', width: 20 },
      { key: 'accountLabel', header: '科目', width: 20 },
      { key: 'openingYuan', header: '期初（元）', width: 16 },
      { key: 'debitYuan', header: '本期借方（元）', width: 16 },
      { key: 'creditYuan', header: '本期贷方（元）', width: 16 },
      { key: 'closingYuan', header: '期末（元）', width: 16 },
    ],
  },
});

export const booksOperations = [
  settlementStatementOp,
  settlementIssue,
  settlementIssueAll,
  settlementConfirm,
  settlementDispute,
  settlementList,
  settlementGet,
  settlementLines,
  budgetExecution,
  booksTrialBalance,
] as const;

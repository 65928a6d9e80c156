import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Db } from '../../../db/open.js';
import * as schema from '../../../db/schema.js';
import { prepared } from '../../../db/statements.js';
import type { StatementFigures } from '../../api/books.js';
import type { ChangeType } from '../../api/stock.js';
import { formatYuan } from '../../api/money.js';
import type { OperationContext } from '../../context.js';
import { communityDate } from '../../time.js';
import { BookingLookups, moveValueByUnit } from './booking.js';
import { isBalanced, monthFigures, sameFigures, ZERO_FIGURES } from './figures.js';
import { figuresOf } from './statements.js';

/**
 * `books verify`: the journal's invariants, checked from the database alone (the books' counterpart of
 * core/stock/verify.ts).
 * - append-only: the triggers that keep the journal, payables and their settlements from being changed, and
 *   posted statements, payment batches and invoices from being edited, are all present and still refuse;
 * - every entry balances (Σ debit = Σ credit), has lines, its lines carry its unit, month and kind (statements
 *   read those copies) and it is booked on the community date of the instant it was written (nothing back-dated);
 * - every supplier's 应付账款 in the journal (credit − debit) = Σ its payables − Σ what settled them (bank payments,
 *   医保基金直接结算, red-letter invoices: as `payable.list` computes paidMicro), and no payable is settled beyond
 *   its amount or below zero;
 * - every unit's 库存物资 = the stock value the ledger's moves give it (each move at its batch's cost, as booking
 *   rounds it), so the journal follows the stock ledger;
 * - 内部往来 mirrors: for every month, what one unit's books say about another equals the other's, negated; and
 *   every member's month is `balanced` (its received − returned = the centre's charged − credited, figures.ts);
 * - every issued 内部结算单 still reproduces from the journal (figures.ts) — unless entries touching its month were
 *   booked at or after its issue (待确认 / 有异议: the app shows it as changed since issue and refuses confirmation)
 *   or after its confirmation (a current month confirmed early, that the month went on): those are notes, not
 *   problems. A snapshot that differs with no later entry to explain it is a problem.
 */
export type BooksProblemKind =
  | 'trigger_missing'
  | 'entry_unbalanced'
  | 'entry_empty'
  | 'entry_line_mismatch'
  | 'entry_date_mismatch'
  | 'payable_mismatch'
  | 'payable_unassigned'
  | 'payable_over_settled'
  | 'inventory_mismatch'
  | 'interunit_unassigned'
  | 'interunit_mirror'
  | 'statement_unbalanced'
  | 'statement_mismatch';

export interface BooksProblem {
  kind: BooksProblemKind;
  /** zh-CN, for the console. */
  message: string;
  entryId?: number;
  supplierId?: number;
  payableId?: number;
  unitId?: number;
  counterUnitId?: number;
  month?: string;
  statementId?: number;
  trigger?: string;
  /** What it should be (recomputed), micro-yuan. */
  expected?: number;
  /** What is there (the journal, or the stored snapshot), micro-yuan. */
  actual?: number;
}

/** Not a problem: an issued statement the books have moved past since, as the app itself shows it. */
export interface BooksNote {
  kind: 'statement_changed_since_issue' | 'statement_changed_since_confirm';
  message: string;
  statementId: number;
  unitId: number;
  month: string;
}

export interface BooksVerifyResult {
  ok: boolean;
  checked: { triggers: number; entries: number; lines: number; suppliers: number; payables: number; moves: number; months: number; statements: number };
  /** How many problems were found (only the first `limit` are listed). */
  problemCount: number;
  problems: BooksProblem[];
  notes: BooksNote[];
}

/** The triggers that keep the books append-only (db/migrations/0006_payment_books.sql). */
export const BOOKS_TRIGGERS = [
  'journal_entries_no_update',
  'journal_entries_no_delete',
  'journal_lines_no_update',
  'journal_lines_no_delete',
  'payables_no_update',
  'payables_no_delete',
  'payable_settlements_no_update',
  'payable_settlements_no_delete',
  ...['supplier_invoices', 'supplier_invoice_lines', 'payment_batches', 'payment_batch_lines', 'settlement_statements'].flatMap((t) =>
    ['insert', 'update', 'delete'].map((op) => `${t}_posted_no_${op}`),
  ),
] as const;

const yuan = (micro: number) => `${formatYuan(micro)} 元`;

const FIGURE_LABELS: Record<keyof StatementFigures, string> = {
  openingMicro: '期初',
  receivedMicro: '本月领入',
  returnedMicro: '本月退回',
  consumedMicro: '本月消耗',
  adjustedMicro: '本月调整',
  closingMicro: '期末',
  centreReceivedMicro: '中心记拨出',
  centreReturnedMicro: '中心记收回',
};

export function verifyBooks(sqlite: Database.Database, options: { limit?: number } = {}): BooksVerifyResult {
  const limit = options.limit ?? 100;
  const db = drizzle({ client: sqlite, schema }) as Db;
  const problems: BooksProblem[] = [];
  const notes: BooksNote[] = [];
  let problemCount = 0;
  const report = (problem: BooksProblem) => {
    problemCount += 1;
    if (problems.length < limit) problems.push(problem);
  };
  const unitNames = new Map((prepared(sqlite, 'SELECT id, name FROM units').all() as { id: number; name: string }[]).map((u) => [u.id, u.name]));
  const unitName = (id: number | null) => (id === null ? '（未指明单位）' : (unitNames.get(id) ?? `单位 ${id}`));
  const supplierNames = new Map((prepared(sqlite, 'SELECT id, name FROM suppliers').all() as { id: number; name: string }[]).map((s) => [s.id, s.name]));
  const supplierName = (id: number) => supplierNames.get(id) ?? `供应商 ${id}`;

  // Append-only: the triggers are there and still refuse.
  const triggers = new Map(
    (prepared(sqlite, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as { name: string; sql: string | null }[]).map((t) => [t.name, t.sql ?? '']),
  );
  for (const name of BOOKS_TRIGGERS) {
    const sql = triggers.get(name);
    if (sql === undefined) report({ kind: 'trigger_missing', trigger: name, message: `触发器 ${name} 不存在：账簿不再受数据库保护，可被直接修改或删除` });
    else if (!/RAISE\s*\(\s*ABORT/i.test(sql)) report({ kind: 'trigger_missing', trigger: name, message: `触发器 ${name} 已被改写，不再拒绝修改` });
  }

  // Every entry balances, has lines, and its lines are its own (unit, month, kind); booked on the day it was written.
  const entries = prepared(
    sqlite,
    `SELECT e.id, e.unit_id AS unitId, e.booked_on AS bookedOn, e.month, e.at, e.summary,
       COUNT(l.id) AS lineCount, COALESCE(SUM(l.debit_micro), 0) AS debit, COALESCE(SUM(l.credit_micro), 0) AS credit,
       SUM(CASE WHEN l.unit_id <> e.unit_id OR l.month <> e.month OR l.kind <> e.kind THEN 1 ELSE 0 END) AS foreignLines
     FROM journal_entries e LEFT JOIN journal_lines l ON l.entry_id = e.id GROUP BY e.id ORDER BY e.id`,
  );
  let entryCount = 0;
  for (const e of entries.iterate() as IterableIterator<{
    id: number;
    unitId: number;
    bookedOn: string;
    month: string;
    at: string;
    summary: string;
    lineCount: number;
    debit: number;
    credit: number;
    foreignLines: number | null;
  }>) {
    entryCount += 1;
    const where = { entryId: e.id, unitId: e.unitId, month: e.month };
    if (e.lineCount === 0) report({ kind: 'entry_empty', ...where, message: `分录 #${e.id}（${e.summary}）没有任何分录行` });
    else if (e.debit !== e.credit) {
      report({ kind: 'entry_unbalanced', ...where, expected: e.debit, actual: e.credit, message: `分录 #${e.id}（${e.summary}）借贷不平：借方 ${yuan(e.debit)}，贷方 ${yuan(e.credit)}` });
    }
    if ((e.foreignLines ?? 0) > 0) report({ kind: 'entry_line_mismatch', ...where, message: `分录 #${e.id}（${e.summary}）有 ${e.foreignLines} 行的单位、月份或类别与分录本身不符` });
    const at = new Date(e.at);
    const day = Number.isNaN(at.getTime()) ? null : communityDate(at);
    if (day !== e.bookedOn) report({ kind: 'entry_date_mismatch', ...where, message: `分录 #${e.id}（${e.summary}）记账日期 ${e.bookedOn} 与其写入时间 ${e.at}（${day ?? '无效'}）不符：分录不能倒填日期` });
  }
  const lineCount = (prepared(sqlite, 'SELECT COUNT(*) AS n FROM journal_lines').get() as { n: number }).n;

  // Each supplier's 应付账款 in the journal = Σ payables − Σ settlements (payable.list's paidMicro).
  const unassigned = prepared(sqlite, "SELECT entry_id AS entryId FROM journal_lines WHERE account = 'accounts_payable' AND supplier_id IS NULL ORDER BY id").all() as { entryId: number }[];
  for (const u of unassigned) report({ kind: 'payable_unassigned', entryId: u.entryId, message: `分录 #${u.entryId} 有一行应付账款未指明供应商` });
  const suppliers = prepared(
    sqlite,
    `SELECT s.id,
       COALESCE((SELECT SUM(l.credit_micro - l.debit_micro) FROM journal_lines l WHERE l.account = 'accounts_payable' AND l.supplier_id = s.id), 0) AS journal,
       COALESCE((SELECT SUM(p.amount_micro) FROM payables p WHERE p.supplier_id = s.id), 0) AS payable,
       COALESCE((SELECT SUM(x.amount_micro) FROM payable_settlements x JOIN payables p ON p.id = x.payable_id WHERE p.supplier_id = s.id), 0) AS paid
     FROM suppliers s ORDER BY s.id`,
  ).all() as { id: number; journal: number; payable: number; paid: number }[];
  for (const s of suppliers) {
    const expected = s.payable - s.paid;
    if (expected === s.journal) continue;
    report({
      kind: 'payable_mismatch',
      supplierId: s.id,
      expected,
      actual: s.journal,
      message: `${supplierName(s.id)} 的应付账款在账上为 ${yuan(s.journal)}，按应付款 ${yuan(s.payable)} − 已付/已结 ${yuan(s.paid)} 应为 ${yuan(expected)}`,
    });
  }
  const payableCount = (prepared(sqlite, 'SELECT COUNT(*) AS n FROM payables').get() as { n: number }).n;
  const overSettled = prepared(
    sqlite,
    `SELECT p.id, p.supplier_id AS supplierId, p.amount_micro AS amount, SUM(x.amount_micro) AS paid
     FROM payables p JOIN payable_settlements x ON x.payable_id = p.id GROUP BY p.id HAVING SUM(x.amount_micro) > p.amount_micro OR SUM(x.amount_micro) < 0 ORDER BY p.id`,
  ).all() as { id: number; supplierId: number; amount: number; paid: number }[];
  for (const p of overSettled) {
    report({
      kind: 'payable_over_settled',
      payableId: p.id,
      supplierId: p.supplierId,
      expected: p.amount,
      actual: p.paid,
      message: `${supplierName(p.supplierId)} 的应付款 ${p.id} 金额 ${yuan(p.amount)}，已付/已结 ${yuan(p.paid)}（不得超出或为负）`,
    });
  }

  // Each unit's 库存物资 = the stock value its moves give it.
  const lookups = new BookingLookups(db);
  // moveValueByUnit reads the batches, locations and shipments through the lookups only; it needs no caller.
  const noCaller = { db } as OperationContext;
  const stockValue = new Map<number, number>();
  let moveCount = 0;
  const moves = prepared(
    sqlite,
    `SELECT batch_id AS batchId, from_location_id AS fromLocationId, to_location_id AS toLocationId, quantity, change_type AS changeType, document_id AS documentId
     FROM stock_moves ORDER BY id`,
  );
  for (const move of moves.iterate() as IterableIterator<{ batchId: number; fromLocationId: number | null; toLocationId: number | null; quantity: number; changeType: ChangeType; documentId: number }>) {
    moveCount += 1;
    for (const { unitId, valueMicro } of moveValueByUnit(noCaller, move, lookups)) stockValue.set(unitId, (stockValue.get(unitId) ?? 0) + valueMicro);
  }
  const inventory = new Map(
    (prepared(sqlite, "SELECT unit_id AS unitId, SUM(debit_micro - credit_micro) AS balance FROM journal_lines WHERE account = 'inventory' GROUP BY unit_id").all() as { unitId: number; balance: number }[]).map(
      (r) => [r.unitId, r.balance],
    ),
  );
  for (const unitId of [...new Set([...stockValue.keys(), ...inventory.keys()])].sort((a, b) => a - b)) {
    const expected = stockValue.get(unitId) ?? 0;
    const actual = inventory.get(unitId) ?? 0;
    if (expected === actual) continue;
    report({ kind: 'inventory_mismatch', unitId, expected, actual, message: `${unitName(unitId)} 的库存物资在账上为 ${yuan(actual)}，按库存移动（批次成本）应为 ${yuan(expected)}` });
  }

  // 内部往来: every line names its counterparty, and per month A's books about B are B's about A, negated.
  const noCounter = prepared(sqlite, "SELECT entry_id AS entryId, unit_id AS unitId FROM journal_lines WHERE account = 'interunit' AND counter_unit_id IS NULL ORDER BY id").all() as {
    entryId: number;
    unitId: number;
  }[];
  for (const l of noCounter) report({ kind: 'interunit_unassigned', entryId: l.entryId, unitId: l.unitId, message: `分录 #${l.entryId} 有一行内部往来未指明对方单位` });
  const interunit = prepared(
    sqlite,
    `SELECT unit_id AS unitId, counter_unit_id AS counterUnitId, month, SUM(debit_micro - credit_micro) AS balance
     FROM journal_lines WHERE account = 'interunit' AND counter_unit_id IS NOT NULL GROUP BY unit_id, counter_unit_id, month ORDER BY month, unit_id, counter_unit_id`,
  ).all() as { unitId: number; counterUnitId: number; month: string; balance: number }[];
  const sides = new Map(interunit.map((r) => [`${r.month}|${r.unitId}|${r.counterUnitId}`, r.balance]));
  for (const r of interunit) {
    const mirror = sides.get(`${r.month}|${r.counterUnitId}|${r.unitId}`) ?? 0;
    // Each pair once: the lower unit id's side (or the only side there is).
    if (r.unitId > r.counterUnitId && sides.has(`${r.month}|${r.counterUnitId}|${r.unitId}`)) continue;
    if (r.balance + mirror === 0) continue;
    report({
      kind: 'interunit_mirror',
      unitId: r.unitId,
      counterUnitId: r.counterUnitId,
      month: r.month,
      expected: -mirror,
      actual: r.balance,
      message: `${r.month} ${unitName(r.unitId)} 账上与${unitName(r.counterUnitId)}的内部往来为 ${yuan(r.balance)}，对方账上为 ${yuan(mirror)}（应互为相反数）`,
    });
  }

  // Every member's month is balanced with the centre's side, and every issued statement reproduces.
  const leadUnits = new Set((prepared(sqlite, 'SELECT id FROM units WHERE is_lead = 1').all() as { id: number }[]).map((u) => u.id));
  const months = (prepared(sqlite, 'SELECT DISTINCT month FROM journal_lines UNION SELECT DISTINCT month FROM settlement_statements ORDER BY 1').all() as { month: string }[]).map((m) => m.month);
  const statementsByMonth = new Map<string, StatementRow[]>();
  const statements = prepared(
    sqlite,
    `SELECT d.id, d.number, d.state AS status, s.unit_id AS unitId, s.month,
       s.opening_micro AS openingMicro, s.received_micro AS receivedMicro, s.returned_micro AS returnedMicro, s.consumed_micro AS consumedMicro,
       s.adjusted_micro AS adjustedMicro, s.closing_micro AS closingMicro, s.centre_received_micro AS centreReceivedMicro, s.centre_returned_micro AS centreReturnedMicro,
       (SELECT MAX(e.at) FROM document_events e WHERE e.document_id = d.id AND e.transition IN ('create', 'reissue')) AS issuedAt,
       (SELECT MAX(e.at) FROM document_events e WHERE e.document_id = d.id AND e.transition = 'confirm') AS confirmedAt
     FROM settlement_statements s JOIN documents d ON d.id = s.document_id ORDER BY s.month, s.unit_id`,
  ).all() as StatementRow[];
  for (const s of statements) statementsByMonth.set(s.month, [...(statementsByMonth.get(s.month) ?? []), s]);
  // Has anything touching this unit's month been booked at or after `since`?
  const laterEntry = prepared(
    sqlite,
    `SELECT 1 FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
     WHERE e.at >= @since AND ((l.unit_id = @unitId AND l.account = 'inventory' AND l.month <= @month) OR (l.account = 'interunit' AND l.counter_unit_id = @unitId AND l.month = @month))
     LIMIT 1`,
  );
  for (const month of months) {
    const figures = monthFigures(db, month);
    for (const [unitId, f] of figures) {
      if (leadUnits.has(unitId) || isBalanced(f)) continue;
      const member = f.receivedMicro - f.returnedMicro;
      const centre = f.centreReceivedMicro - f.centreReturnedMicro;
      report({
        kind: 'statement_unbalanced',
        unitId,
        month,
        expected: centre,
        actual: member,
        message: `${month} ${unitName(unitId)} 账上领入 − 退回为 ${yuan(member)}，其他单位账上对其拨出 − 收回为 ${yuan(centre)}：内部结算单与中心不平`,
      });
    }
    for (const s of statementsByMonth.get(month) ?? []) {
      const now = figures.get(s.unitId) ?? { ...ZERO_FIGURES };
      const stored = figuresOf(s);
      if (sameFigures(stored, now)) continue;
      const confirmed = s.status === 'confirmed';
      const since = confirmed ? s.confirmedAt : s.issuedAt;
      const where = { statementId: s.id, unitId: s.unitId, month };
      if (since !== null && laterEntry.get({ since, unitId: s.unitId, month }) !== undefined) {
        notes.push({
          kind: confirmed ? 'statement_changed_since_confirm' : 'statement_changed_since_issue',
          ...where,
          message: `${unitName(s.unitId)} ${month} 的内部结算单 ${s.number}${confirmed ? '确认' : '出具'}后本月又有记账，账面已与其不同`,
        });
        continue;
      }
      const differing = (Object.keys(FIGURE_LABELS) as (keyof StatementFigures)[]).filter((k) => stored[k] !== now[k]);
      const first = differing[0]!;
      report({
        kind: 'statement_mismatch',
        ...where,
        expected: now[first],
        actual: stored[first],
        message: `${unitName(s.unitId)} ${month} 的内部结算单 ${s.number}（${s.status === 'confirmed' ? '已确认' : s.status === 'disputed' ? '有异议' : '待确认'}）与账簿不符，且${confirmed ? '确认' : '出具'}后没有新的记账：${differing
          .map((k) => `${FIGURE_LABELS[k]}单上 ${yuan(stored[k])}、按账簿 ${yuan(now[k])}`)
          .join('；')}`,
      });
    }
  }

  return {
    ok: problemCount === 0,
    checked: {
      triggers: BOOKS_TRIGGERS.length,
      entries: entryCount,
      lines: lineCount,
      suppliers: suppliers.length,
      payables: payableCount,
      moves: moveCount,
      months: months.length,
      statements: statements.length,
    },
    problemCount,
    problems,
    notes,
  };
}

interface StatementRow extends StatementFigures {
  id: number;
  number: string;
  status: string;
  unitId: number;
  month: string;
  issuedAt: string | null;
  confirmedAt: string | null;
}

import { prepared } from '../../../db/statements.js';
import type { Account, EntryKind } from '../../api/finance.js';
import type { ItemCategory } from '../../api/formulary.js';
import type { OperationContext } from '../../context.js';
import { communityDate } from '../../time.js';

/**
 * The one writer of the journal (记账). Every command that moves money or stock value — a posted stock move
 * (core/finance/books/booking.ts, called by the stock ledger), an approved invoice, a payment, a 医保 settlement —
 * calls `postEntry` inside its operation's transaction. An entry is balanced (Σ debit = Σ credit, refused here as a
 * bug otherwise; `books verify` checks it again), lives in one unit's books, and is never changed: a correction is a
 * red-ink entry (红字冲销) on the same accounts with negated amounts, naming the entry it reverses.
 */
export interface EntryLineInput {
  account: Account;
  /** Exactly one of the two is non-zero (negative: red ink); a line with both zero is dropped. */
  debitMicro?: number;
  creditMicro?: number;
  supplierId?: number | null;
  counterUnitId?: number | null;
  itemCategory?: ItemCategory | '';
}

export interface EntryInput {
  /** Whose books: the lead hospital's unit, or a member's. */
  unitId: number;
  kind: EntryKind;
  documentId: number | null;
  /** 摘要, e.g. "调拨单 DB2026-000012 签收". */
  summary: string;
  lines: readonly EntryLineInput[];
  reversesEntryId?: number | null;
}

export interface StoredEntry {
  id: number;
  unitId: number;
  month: string;
  bookedOn: string;
}

/** Appends one balanced entry (null when every line is zero: nothing to book). */
export function postEntry(ctx: OperationContext, entry: EntryInput): StoredEntry | null {
  const lines = entry.lines.filter((l) => (l.debitMicro ?? 0) !== 0 || (l.creditMicro ?? 0) !== 0);
  if (lines.length === 0) return null;
  let debit = 0;
  let credit = 0;
  for (const line of lines) {
    const d = line.debitMicro ?? 0;
    const c = line.creditMicro ?? 0;
    if (!Number.isSafeInteger(d) || !Number.isSafeInteger(c)) throw new Error(`journal amounts are integer micro-yuan: ${d} / ${c}`);
    if (d !== 0 && c !== 0) throw new Error(`a journal line is a debit or a credit, not both (${line.account})`);
    debit += d;
    credit += c;
  }
  if (debit !== credit) throw new Error(`unbalanced journal entry "${entry.summary}": debit ${debit} ≠ credit ${credit}`);
  const actor = ctx.actor;
  if (!actor) throw new Error('postEntry needs a caller');
  const bookedOn = communityDate(ctx.now);
  const month = bookedOn.slice(0, 7);
  const { id } = prepared(
    ctx.db.$client,
    `INSERT INTO journal_entries (unit_id, booked_on, month, kind, document_id, summary, reverses_entry_id, at, actor_name, actor_user_id)
     VALUES (@unitId, @bookedOn, @month, @kind, @documentId, @summary, @reversesEntryId, @at, @actorName, @actorUserId) RETURNING id`,
  ).get({
    unitId: entry.unitId,
    bookedOn,
    month,
    kind: entry.kind,
    documentId: entry.documentId,
    summary: entry.summary,
    reversesEntryId: entry.reversesEntryId ?? null,
    at: ctx.now.toISOString(),
    actorName: actor.username,
    actorUserId: actor.kind === 'user' ? actor.userId : null,
  }) as { id: number };
  const insertLine = prepared(
    ctx.db.$client,
    `INSERT INTO journal_lines (entry_id, line_no, unit_id, month, kind, account, debit_micro, credit_micro, supplier_id, counter_unit_id, item_category)
     VALUES (@entryId, @lineNo, @unitId, @month, @kind, @account, @debit, @credit, @supplierId, @counterUnitId, @itemCategory)`,
  );
  lines.forEach((line, index) =>
    insertLine.run({
      entryId: id,
      lineNo: index + 1,
      unitId: entry.unitId,
      month,
      kind: entry.kind,
      account: line.account,
      debit: line.debitMicro ?? 0,
      credit: line.creditMicro ?? 0,
      supplierId: line.supplierId ?? null,
      counterUnitId: line.counterUnitId ?? null,
      itemCategory: line.itemCategory ?? '',
    }),
  );
  return { id, unitId: entry.unitId, month, bookedOn };
}

/** The unit whose books the community's purchases are in: the lead hospital (总医院), which holds the single account. */
export function leadUnitId(ctx: OperationContext): number | null {
  const row = prepared(ctx.db.$client, 'SELECT lead_unit_id AS id FROM community WHERE id = 1').get() as { id: number } | undefined;
  return row?.id ?? null;
}

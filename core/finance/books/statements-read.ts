import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import type { StatementLine, StatementListRow } from '../../api/books.js';
import { ENTRY_KIND_LABELS, type EntryKind, type StatementState } from '../../api/finance.js';
import type { ItemCategory } from '../../api/formulary.js';
import { ITEM_CATEGORY_LABELS } from '../../api/labels.js';
import { formatYuan } from '../../api/money.js';
import { settlementStatementType } from '../document-types.js';

/** The centre's month overview and a statement's journal lines. */

const STATE_LABELS = settlementStatementType.states as Record<string, { label: string }>;

const LIST_SQL = `SELECT u.id AS unitId, u.name AS unitName, u.code AS unitCode, d.id AS statementId, d.number, d.state AS status, d.version,
    s.opening_micro AS openingMicro, s.received_micro AS receivedMicro, s.returned_micro AS returnedMicro, s.consumed_micro AS consumedMicro,
    s.adjusted_micro AS adjustedMicro, s.closing_micro AS closingMicro, COALESCE(s.member_note, '') AS memberNote,
    (SELECT MAX(e.at) FROM document_events e WHERE e.document_id = d.id AND e.transition IN ('create', 'reissue')) AS issuedAt,
    (SELECT MAX(e.at) FROM document_events e WHERE e.document_id = d.id AND e.transition = 'confirm') AS confirmedAt
  FROM units u
  LEFT JOIN settlement_statements s ON s.unit_id = u.id AND s.month = @month
  LEFT JOIN documents d ON d.id = s.document_id
  WHERE u.is_lead = 0 AND (u.active = 1 OR s.document_id IS NOT NULL)
    AND (@units IS NULL OR u.id IN (SELECT value FROM json_each(@units)))
  ORDER BY u.level, u.code`;

type ListRow = Omit<StatementListRow, 'statusLabel' | `${string}Yuan`>;

const yuanOrBlank = (micro: number | null) => (micro === null ? '' : formatYuan(micro));

/** Every member unit (of the caller's scope) with its statement for the month, if issued. */
export function listStatements(db: Db, month: string, units: readonly number[] | null) {
  const rows = (prepared(db.$client, LIST_SQL).all({ month, units: units === null ? null : JSON.stringify(units) }) as ListRow[]).map(
    (row): StatementListRow => ({
      ...row,
      statusLabel: row.status === null ? '未出具' : (STATE_LABELS[row.status]?.label ?? row.status),
      openingYuan: yuanOrBlank(row.openingMicro),
      receivedYuan: yuanOrBlank(row.receivedMicro),
      returnedYuan: yuanOrBlank(row.returnedMicro),
      consumedYuan: yuanOrBlank(row.consumedMicro),
      adjustedYuan: yuanOrBlank(row.adjustedMicro),
      closingYuan: yuanOrBlank(row.closingMicro),
    }),
  );
  const counts = { none: 0, issued: 0, disputed: 0, confirmed: 0 };
  for (const row of rows) counts[(row.status ?? 'none') as StatementState | 'none'] += 1;
  return { month, rows, counts };
}

const LINES_SQL = `SELECT l.id AS lineId, l.entry_id AS entryId, e.booked_on AS bookedOn, l.kind, e.document_id AS documentId, d.number AS documentNumber,
    e.summary, l.item_category AS itemCategory, l.debit_micro AS debitMicro, l.credit_micro AS creditMicro
  FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id LEFT JOIN documents d ON d.id = e.document_id
  WHERE l.unit_id = @unitId AND l.account = 'inventory' AND l.month = @month
  ORDER BY l.entry_id, l.line_no LIMIT @limit OFFSET @offset`;

const COUNT_SQL = `SELECT COUNT(*) AS total FROM journal_lines WHERE unit_id = @unitId AND account = 'inventory' AND month = @month`;

type LineRow = Omit<StatementLine, 'kindLabel' | 'itemCategoryLabel' | 'amountMicro' | 'column' | 'amountYuan'> & { kind: EntryKind; itemCategory: ItemCategory | '' };

/** Which statement column a 库存物资 line counts in (the same sorting as figures.ts). */
function columnOf(line: LineRow): StatementLine['column'] {
  if (line.kind === 'transfer') return line.debitMicro !== 0 ? 'received' : 'returned';
  if (line.kind === 'consumption') return 'consumed';
  return 'adjusted';
}

/** The member's 库存物资 lines of the month, paged, oldest first. */
export function statementLines(db: Db, input: { unitId: number; month: string; page: number; pageSize: number }) {
  const { total } = prepared(db.$client, COUNT_SQL).get(input) as { total: number };
  const rows = (
    prepared(db.$client, LINES_SQL).all({ unitId: input.unitId, month: input.month, limit: input.pageSize, offset: (input.page - 1) * input.pageSize }) as LineRow[]
  ).map((line): StatementLine => {
    const amountMicro = line.debitMicro - line.creditMicro;
    return {
      ...line,
      kindLabel: ENTRY_KIND_LABELS[line.kind],
      itemCategoryLabel: line.itemCategory === '' ? '' : ITEM_CATEGORY_LABELS[line.itemCategory],
      amountMicro,
      column: columnOf(line),
      amountYuan: formatYuan(amountMicro),
    };
  });
  return { unitId: input.unitId, month: input.month, total, page: input.page, pageSize: input.pageSize, rows };
}

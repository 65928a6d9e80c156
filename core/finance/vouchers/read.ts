import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import { ACCOUNT_LABELS, ENTRY_KIND_LABELS, type Account, type EntryKind } from '../../api/finance.js';
import type { VoucherAccountMap, VoucherLine, VoucherRow } from '../../api/vouchers.js';
import { notFound } from '../../errors.js';
import { accountsForUnit } from './settings.js';

/**
 * The journal as 记账凭证: one voucher per journal entry of a unit's books, numbered 1, 2, … within the unit and month
 * in booking order (entry id), its lines in the entry's order with the mapped account codes and the 辅助核算 codes.
 */
interface EntryRow {
  id: number;
  bookedOn: string;
  kind: EntryKind;
  summary: string;
  reversesEntryId: number | null;
  documentNumber: string | null;
  preparer: string;
}

interface LineRow {
  entryId: number;
  lineNo: number;
  account: Account;
  debitMicro: number;
  creditMicro: number;
  supplierId: number | null;
  supplierName: string | null;
  supplierUscc: string | null;
  counterUnitId: number | null;
  counterUnitName: string | null;
  counterUnitCode: string | null;
  counterUnitUscc: string | null;
}

export interface MonthVouchers {
  unitId: number;
  unitName: string;
  unitCode: string;
  month: string;
  vouchers: VoucherRow[];
  total: number;
  lineCount: number;
  debitMicro: number;
  creditMicro: number;
  unmapped: { account: Account; label: string }[];
  /** 辅助核算 with no code under the map's source (a supplier without USCC, a unit without an entered code). */
  missingAuxiliary: string[];
}

export function unitOf(db: Db, unitId: number): { id: number; name: string; code: string } {
  const unit = prepared(db.$client, 'SELECT id, name, code FROM units WHERE id = ?').get(unitId) as { id: number; name: string; code: string } | undefined;
  if (!unit) throw notFound('单位');
  return unit;
}

/** One unit-month's vouchers (a page of them, or all with `page` null), with the month's totals. */
export function monthVouchers(db: Db, map: VoucherAccountMap, unitId: number, month: string, page: { page: number; pageSize: number } | null): MonthVouchers {
  const unit = unitOf(db, unitId);
  const sqlite = db.$client;
  const totals = prepared(
    sqlite,
    `SELECT count(*) AS lineCount, coalesce(sum(debit_micro), 0) AS debitMicro, coalesce(sum(credit_micro), 0) AS creditMicro
     FROM journal_lines WHERE unit_id = ? AND month = ?`,
  ).get(unitId, month) as { lineCount: number; debitMicro: number; creditMicro: number };
  const { total } = prepared(sqlite, 'SELECT count(*) AS total FROM journal_entries WHERE unit_id = ? AND month = ?').get(unitId, month) as { total: number };
  const used = prepared(sqlite, 'SELECT DISTINCT account FROM journal_lines WHERE unit_id = ? AND month = ?').all(unitId, month) as { account: Account }[];
  const codes = accountsForUnit(map, unitId);
  const unmapped = used
    .filter((u) => !codes.has(u.account))
    .map((u) => ({ account: u.account, label: ACCOUNT_LABELS[u.account] }))
    .sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));

  const offset = page ? (page.page - 1) * page.pageSize : 0;
  const limit = page ? page.pageSize : -1;
  const entries = prepared(
    sqlite,
    `SELECT e.id, e.booked_on AS bookedOn, e.kind, e.summary, e.reverses_entry_id AS reversesEntryId, d.number AS documentNumber,
            coalesce(u.display_name, e.actor_name) AS preparer
     FROM journal_entries e
     LEFT JOIN documents d ON d.id = e.document_id
     LEFT JOIN users u ON u.id = e.actor_user_id
     WHERE e.unit_id = ? AND e.month = ?
     ORDER BY e.id LIMIT ? OFFSET ?`,
  ).all(unitId, month, limit, offset) as EntryRow[];

  const lines = new Map<number, LineRow[]>();
  if (entries.length) {
    const rows = prepared(
      sqlite,
      `SELECT l.entry_id AS entryId, l.line_no AS lineNo, l.account, l.debit_micro AS debitMicro, l.credit_micro AS creditMicro,
              l.supplier_id AS supplierId, s.name AS supplierName, s.uscc AS supplierUscc,
              l.counter_unit_id AS counterUnitId, cu.name AS counterUnitName, cu.code AS counterUnitCode, cu.uscc AS counterUnitUscc
       FROM journal_lines l
       LEFT JOIN suppliers s ON s.id = l.supplier_id
       LEFT JOIN units cu ON cu.id = l.counter_unit_id
       WHERE l.unit_id = ? AND l.month = ? AND l.entry_id BETWEEN ? AND ?
       ORDER BY l.entry_id, l.line_no`,
    ).all(unitId, month, entries[0]!.id, entries.at(-1)!.id) as LineRow[];
    for (const row of rows) {
      const list = lines.get(row.entryId);
      if (list) list.push(row);
      else lines.set(row.entryId, [row]);
    }
  }

  const { auxiliary } = map;
  const supplierCodes = new Map(auxiliary.supplierCodes.map((c) => [c.supplierId, c.code]));
  const unitCodes = new Map(auxiliary.unitCodes.map((c) => [c.unitId, c.code]));
  const missing = new Set<string>();
  const supplierCode = (row: LineRow): string => {
    if (row.supplierId === null) return '';
    const code = auxiliary.supplierSource === 'uscc' ? (row.supplierUscc ?? '') : (supplierCodes.get(row.supplierId) ?? '');
    if (!code) missing.add(`供应商「${row.supplierName ?? row.supplierId}」`);
    return code;
  };
  const counterCode = (row: LineRow): string => {
    if (row.counterUnitId === null) return '';
    const code =
      auxiliary.unitSource === 'code' ? (row.counterUnitCode ?? '') : auxiliary.unitSource === 'uscc' ? (row.counterUnitUscc ?? '') : (unitCodes.get(row.counterUnitId) ?? '');
    if (!code) missing.add(`单位「${row.counterUnitName ?? row.counterUnitId}」`);
    return code;
  };

  const vouchers: VoucherRow[] = entries.map((entry, index) => {
    const voucherLines: VoucherLine[] = (lines.get(entry.id) ?? []).map((row) => {
      const mapped = codes.get(row.account);
      return {
        lineNo: row.lineNo,
        account: row.account,
        accountLabel: ACCOUNT_LABELS[row.account],
        accountCode: mapped?.code ?? '',
        accountName: mapped?.name ?? '',
        debitMicro: row.debitMicro,
        creditMicro: row.creditMicro,
        supplierId: row.supplierId,
        supplierName: row.supplierName ?? '',
        supplierCode: supplierCode(row),
        counterUnitId: row.counterUnitId,
        counterUnitName: row.counterUnitName ?? '',
        counterUnitCode: counterCode(row),
      };
    });
    return {
      entryId: entry.id,
      number: offset + index + 1,
      date: entry.bookedOn,
      summary: entry.summary,
      kind: entry.kind,
      kindLabel: ENTRY_KIND_LABELS[entry.kind],
      documentNumber: entry.documentNumber ?? '',
      attachments: entry.documentNumber ? 1 : 0,
      preparer: entry.preparer,
      reversal: entry.reversesEntryId !== null,
      debitMicro: voucherLines.reduce((sum, l) => sum + l.debitMicro, 0),
      creditMicro: voucherLines.reduce((sum, l) => sum + l.creditMicro, 0),
      lines: voucherLines,
    };
  });

  return {
    unitId,
    unitName: unit.name,
    unitCode: unit.code,
    month,
    vouchers,
    total,
    lineCount: totals.lineCount,
    debitMicro: totals.debitMicro,
    creditMicro: totals.creditMicro,
    unmapped,
    missingAuxiliary: [...missing],
  };
}

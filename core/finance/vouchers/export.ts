import ExcelJS from 'exceljs';
import { MICRO_PER_FEN, roundToFen } from '../../api/money.js';
import type { VoucherField, VoucherProfile, VoucherRow } from '../../api/vouchers.js';
import { DomainError } from '../../errors.js';

/**
 * Writes a month's vouchers through a column profile, one row per voucher line. Amounts are yuan with two decimals;
 * a journal amount finer than the fen is rounded per side cumulatively (each line is the rounded running total less
 * the previous one), so every voucher still balances to the fen — the accounting software refuses one that does not.
 */
export interface VoucherFileRow {
  voucherNumber: number;
  cells: (string | number | null)[];
  /** The line's amounts in fen, after rounding. */
  debitFen: number;
  creditFen: number;
}

/** Each line's debit and credit in fen; Σ debit = Σ credit per voucher whenever the journal entry balances. */
export function fenLines(voucher: VoucherRow): { debitFen: number; creditFen: number }[] {
  let debitRunning = 0;
  let creditRunning = 0;
  let debitDone = 0;
  let creditDone = 0;
  return voucher.lines.map((line) => {
    let debitFen = 0;
    let creditFen = 0;
    if (line.debitMicro !== 0) {
      debitRunning += line.debitMicro;
      const rounded = roundToFen(debitRunning) / MICRO_PER_FEN;
      debitFen = rounded - debitDone;
      debitDone = rounded;
    }
    if (line.creditMicro !== 0) {
      creditRunning += line.creditMicro;
      const rounded = roundToFen(creditRunning) / MICRO_PER_FEN;
      creditFen = rounded - creditDone;
      creditDone = rounded;
    }
    return { debitFen, creditFen };
  });
}

/** Fen as "1234.50" (never through a float). */
export function fenText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function formatDate(iso: string, format: VoucherProfile['dateFormat']): string {
  if (format === 'YYYY/MM/DD') return iso.replaceAll('-', '/');
  if (format === 'YYYYMMDD') return iso.replaceAll('-', '');
  return iso;
}

/** The rows of the file, in vouchers' and lines' order; throws (a bug) if a voucher does not balance after rounding. */
export function voucherFileRows(vouchers: readonly VoucherRow[], profile: VoucherProfile, amountAs: 'number' | 'text'): VoucherFileRow[] {
  const rows: VoucherFileRow[] = [];
  for (const voucher of vouchers) {
    const fen = fenLines(voucher);
    const debit = fen.reduce((s, l) => s + l.debitFen, 0);
    const credit = fen.reduce((s, l) => s + l.creditFen, 0);
    if (debit !== credit) throw new Error(`voucher ${voucher.number} (entry ${voucher.entryId}) does not balance: ${debit} ≠ ${credit} fen`);
    voucher.lines.forEach((line, index) => {
      const amounts = fen[index]!;
      const amount = (value: number, onSide: boolean): string | number | null => {
        if (!onSide) return profile.zeroAs === 'blank' ? null : amountAs === 'number' ? 0 : '0.00';
        return amountAs === 'number' ? value / 100 : fenText(value);
      };
      const value = (field: VoucherField): string | number | null => {
        switch (field) {
          case 'date':
            return formatDate(voucher.date, profile.dateFormat);
          case 'year':
            return Number(voucher.date.slice(0, 4));
          case 'period':
            return Number(voucher.date.slice(5, 7));
          case 'word':
            return profile.voucherWord;
          case 'number':
            return voucher.number;
          case 'lineNo':
            return index + 1;
          case 'summary':
            return voucher.summary;
          case 'accountCode':
            return line.accountCode;
          case 'accountName':
            return line.accountName;
          case 'debit':
            return amount(amounts.debitFen, line.debitMicro !== 0);
          case 'credit':
            return amount(amounts.creditFen, line.creditMicro !== 0);
          case 'auxSupplier':
            return line.supplierCode;
          case 'auxUnit':
            return line.counterUnitCode;
          case 'attachments':
            return voucher.attachments;
          case 'preparer':
            return voucher.preparer;
          case 'documentNumber':
            return voucher.documentNumber;
        }
      };
      rows.push({ voucherNumber: voucher.number, cells: profile.columns.map((c) => value(c.field)), debitFen: amounts.debitFen, creditFen: amounts.creditFen });
    });
  }
  return rows;
}

/** Refuses an export the accounting software could not take: an account or 辅助核算 without its code. */
export function assertExportable(unmapped: readonly { label: string }[], missingAuxiliary: readonly string[]): void {
  if (unmapped.length) {
    throw new DomainError('VALIDATION', `以下科目尚未对照会计科目编码，不能导出：${unmapped.map((u) => u.label).join('、')}。请先在「科目对照」中设置。`);
  }
  if (missingAuxiliary.length) {
    const shown = missingAuxiliary.slice(0, 10).join('、');
    const more = missingAuxiliary.length > 10 ? ` 等 ${missingAuxiliary.length} 项` : '';
    throw new DomainError('VALIDATION', `以下辅助核算没有编码，不能导出：${shown}${more}。请在「科目对照」的辅助核算中设置编码来源或填写编码。`);
  }
}

const csvCell = (value: string | number | null): string => {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** UTF-8 with a BOM (so Excel and the import tools read the Chinese), CRLF line ends. */
export function voucherCsv(profile: VoucherProfile, rows: readonly VoucherFileRow[]): Buffer {
  const lines = [profile.columns.map((c) => csvCell(c.header)).join(','), ...rows.map((r) => r.cells.map(csvCell).join(','))];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

export async function voucherXlsx(profile: VoucherProfile, rows: readonly VoucherFileRow[], sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '统采';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = profile.columns.map((c) => ({
    header: c.header,
    key: c.field,
    width: c.field === 'summary' ? 36 : c.field === 'accountName' ? 20 : c.field.startsWith('aux') ? 22 : 12,
    style: c.field === 'debit' || c.field === 'credit' ? { numFmt: '0.00' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row.cells);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

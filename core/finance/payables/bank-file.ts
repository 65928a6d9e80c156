import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { BankColumnField, BankProfile } from '../../api/payables.js';

/**
 * The bank file (批量代付) of an approved payment batch, through a column profile: the columns in the profile's
 * order with its headers; 金额 in yuan with two decimals (text "1234.50", so no spreadsheet rounds it) or in whole
 * fen. CSV is UTF-8 with a BOM (Excel opens it as Chinese) or GBK (most 网银 upload tools); xlsx cells are text
 * except the yuan amount, a number with format 0.00.
 */
export interface BankFileLine {
  lineNo: number;
  payeeName: string;
  accountNo: string;
  bankName: string;
  bankBranch: string;
  amountMicro: number;
  purpose: string;
  batchNumber: string;
  supplierUscc: string;
}

export function amountText(amountMicro: number, unit: BankProfile['amountUnit']): string {
  const fen = Math.round(amountMicro / 10_000);
  if (unit === 'fen') return String(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function cell(line: BankFileLine, field: BankColumnField, profile: BankProfile): string {
  switch (field) {
    case 'amount':
      return amountText(line.amountMicro, profile.amountUnit);
    case 'lineNo':
      return String(line.lineNo);
    case 'purpose':
      return line.purpose || profile.purpose;
    default:
      return line[field];
  }
}

export function bankFileRows(profile: BankProfile, lines: readonly BankFileLine[]): string[][] {
  return lines.map((l) => profile.columns.map((c) => cell(l, c.field, profile)));
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function bankFileCsv(profile: BankProfile, lines: readonly BankFileLine[], encoding: 'utf8bom' | 'gbk'): Buffer {
  const rows = bankFileRows(profile, lines);
  const all = profile.headerRow ? [profile.columns.map((c) => c.header), ...rows] : rows;
  const text = all.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
  return encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

export async function bankFileXlsx(profile: BankProfile, lines: readonly BankFileLine[], sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '统采';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  if (profile.headerRow) {
    sheet.addRow(profile.columns.map((c) => c.header)).font = { bold: true };
  }
  const rows = bankFileRows(profile, lines);
  for (const r of rows) {
    const values = r.map((v, i) => (profile.columns[i]!.field === 'amount' && profile.amountUnit === 'yuan' ? Number(v) : v));
    sheet.addRow(values);
  }
  profile.columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = c.field === 'payeeName' || c.field === 'bankName' ? 30 : c.field === 'accountNo' || c.field === 'supplierUscc' ? 24 : 14;
    if (c.field === 'amount' && profile.amountUnit === 'yuan') column.numFmt = '0.00';
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

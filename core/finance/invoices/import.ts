import { prepared } from '../../../db/statements.js';
import { isValidUscc } from '../../api/codes.js';
import { INVOICE_IMPORT_FIELDS, INVOICE_NUMBER_RULES, type InvoiceableLine, type InvoiceImportField } from '../../api/invoices.js';
import { parseYuan } from '../../api/money.js';
import { baseUnitsPer, type PackLevel } from '../../api/packs.js';
import type { OperationContext } from '../../context.js';
import { DomainError, invalid, type FieldProblem } from '../../errors.js';
import { parseDate } from '../../imports/convert.js';
import { detectHeaderRow } from '../../imports/table.js';
import { loadUpload, type Upload } from '../../imports/uploads.js';
import { invoiceableLines } from './read.js';
import { previewDraft, type InvoiceDraft } from './write.js';

/**
 * 发票导入: the invoice platform's xlsx export (数电票: one row per invoice line — 发票号码, 开票日期, 销方名称 / 纳税人识别号,
 * 货物名称, 规格型号, 单位, 数量, 单价, 金额, 税率, 税额, 价税合计), with the mapping-and-preview pattern of the formulary
 * import: the file is uploaded once (core/imports/uploads.ts), columns are mapped (remembered by header text in
 * hub_settings), the preview shows every bad row and column, and the commit registers every invoice of the file or none.
 * Each line is matched to an open accepted receipt line of the seller: by a 验收明细 column when present
 * (RK2026-000012-2, or the line's id), else by item name and spec (and 批号 when given) with enough open quantity,
 * oldest first.
 */

export const INVOICE_MAPPING_KEY = 'invoice.importMapping';

const FIELD_LABEL = Object.fromEntries(INVOICE_IMPORT_FIELDS.map((f) => [f.key, f.label])) as Record<InvoiceImportField, string>;

const PATTERNS: [InvoiceImportField, RegExp][] = [
  ['code', /发票代码/],
  ['number', /发票号码|数电.*号码|^发票号$/],
  ['date', /开票日期|开票时间/],
  ['sellerUscc', /销.*(识别号|信用代码)/],
  ['sellerName', /销.*名称/],
  ['itemName', /货物|劳务|项目名称|商品名称|品名/],
  ['spec', /规格/],
  ['unit', /^单位$|计量单位/],
  ['quantity', /^数量$/],
  ['unitPrice', /单价/],
  ['total', /价税合计/],
  ['amountExTax', /^金额$|不含税金额/],
  ['taxRate', /税率|征收率/],
  ['tax', /^税额$/],
  ['batchNo', /批号/],
  ['receiptLine', /验收明细|入库明细|验收单/],
];

const squeeze = (s: string) => s.replace(/\s+/g, '');

/** field → column by the header's text: the first column each pattern fits, each column used once. */
export function detectMapping(header: readonly string[]): Record<string, number> {
  const mapping: Record<string, number> = {};
  const used = new Set<number>();
  for (const [field, pattern] of PATTERNS) {
    const at = header.findIndex((h, i) => !used.has(i) && pattern.test(squeeze(h)));
    if (at >= 0) {
      mapping[field] = at;
      used.add(at);
    }
  }
  return mapping;
}

interface Remembered {
  headerRow: number | null;
  mapping: Record<string, string>;
}

function remembered(ctx: OperationContext): Remembered | null {
  const row = prepared(ctx.db.$client, 'SELECT value FROM hub_settings WHERE name = ?').get(INVOICE_MAPPING_KEY) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as Remembered) : null;
}

/** Keeps the mapping by header text, for the next file from the same platform (in the caller's transaction; audited by it). */
export function rememberMapping(ctx: OperationContext, headerRow: number, mapping: Record<string, number>, header: readonly string[]): Remembered {
  const value: Remembered = { headerRow, mapping: Object.fromEntries(Object.entries(mapping).map(([field, at]) => [field, squeeze(header[at] ?? '')])) };
  prepared(
    ctx.db.$client,
    `INSERT INTO hub_settings (name, value, updated_at) VALUES (@name, @value, @at)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run({ name: INVOICE_MAPPING_KEY, value: JSON.stringify(value), at: ctx.now.toISOString() });
  return value;
}

function parseSignedYuan(text: string): number | null {
  const t = squeeze(text).replace(/[¥￥,，]/g, '');
  if (t === '') return null;
  const negative = t.startsWith('-');
  const micro = parseYuan(negative ? t.slice(1) : t);
  if (micro === null) return null;
  return negative ? -micro : micro;
}

/** "13%", "0.13", "13" → basis points; "免税" / "不征税" → 0. */
function parseRate(text: string): number | null {
  const t = squeeze(text);
  if (t === '' ) return null;
  if (/免税|不征税|零税率/.test(t)) return 0;
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(t);
  if (!m) return null;
  const value = Number(m[1]);
  const bp = m[2] === '%' || value > 1 ? Math.round(value * 100) : Math.round(value * 10000);
  return bp >= 0 && bp <= 10000 ? bp : null;
}

/** 数电票 item names carry their tax category: "*化学药品制剂*阿莫西林胶囊" → 阿莫西林胶囊. */
const cleanName = (text: string) => text.replace(/^\*[^*]*\*/, '').trim();
const normSpec = (text: string) => squeeze(text).toLowerCase().replace(/×/g, '*');

export interface ImportRow {
  row: number;
  number: string;
  code: string;
  date: string;
  itemName: string;
  spec: string;
  quantity: number | null;
  amountMicro: number | null;
  amountExTaxMicro: number | null;
  taxMicro: number | null;
  taxRateBp: number | null;
  receiptLineId: number | null;
  receiptNumber: string | null;
  supplierId: number | null;
  supplierName: string;
  problems: string[];
}

export interface ImportPlan {
  upload: Upload;
  sheet: string;
  headerRow: number;
  header: string[];
  mapping: Record<string, number>;
  sample: string[][];
  rows: ImportRow[];
  problems: { row: number; column: string; message: string }[];
  invoices: { draft: InvoiceDraft; rows: number[]; supplierName: string; exceptionCount: number; amountExTaxMicro: number; taxMicro: number }[];
}

interface ItemRow {
  genericName: string;
  tradeName: string;
  baseUnit: string;
  packs: string;
}

export function planImport(
  ctx: OperationContext,
  input: { uploadId: number; sheet?: string | undefined; headerRow?: number | undefined; mapping?: Record<string, number> | undefined },
): ImportPlan {
  const upload = loadUpload(ctx.db, input.uploadId, ctx.actor);
  const sheet = input.sheet !== undefined ? upload.sheets.find((s) => s.name === input.sheet) : upload.sheets.find((s) => s.rows.some((r) => r.length > 0));
  if (!sheet) throw invalid('sheet', input.sheet ? `文件中没有名为“${input.sheet}”的工作表` : '文件中没有数据');
  const memory = remembered(ctx);
  const headerRow = input.headerRow ?? detectHeaderRow(sheet.rows);
  if (headerRow > sheet.rows.length) throw invalid('headerRow', `表头行超出文件范围（共 ${sheet.rows.length} 行）`);
  const header = sheet.rows[headerRow - 1] ?? [];
  let mapping = input.mapping;
  if (!mapping) {
    mapping = detectMapping(header);
    if (memory) {
      const labels = header.map(squeeze);
      for (const [field, text] of Object.entries(memory.mapping)) {
        const at = labels.indexOf(text);
        if (at >= 0) mapping[field] = at;
      }
    }
  }
  const known = new Set<string>(INVOICE_IMPORT_FIELDS.map((f) => f.key));
  const problems: ImportPlan['problems'] = [];
  for (const [field, at] of Object.entries(mapping)) {
    if (!known.has(field)) throw invalid(`mapping.${field}`, `未知的发票导入字段：${field}`);
    if (at >= header.length) throw invalid(`mapping.${field}`, `「${FIELD_LABEL[field as InvoiceImportField]}」对应的第 ${at + 1} 列超出表头范围`);
  }
  for (const f of INVOICE_IMPORT_FIELDS) {
    if (f.required && mapping[f.key] === undefined) problems.push({ row: headerRow, column: f.label, message: `找不到「${f.label}」列，请在映射中指定` });
  }
  if (mapping.total === undefined && (mapping.amountExTax === undefined || mapping.tax === undefined)) {
    problems.push({ row: headerRow, column: FIELD_LABEL.total, message: '须有「价税合计」列，或同时有「金额」和「税额」列' });
  }
  if (mapping.sellerUscc === undefined && mapping.sellerName === undefined) {
    problems.push({ row: headerRow, column: FIELD_LABEL.sellerUscc, message: '须有「销方纳税人识别号」或「销方名称」列，以确定供应商' });
  }
  const columnOf = (field: InvoiceImportField) => (mapping[field] !== undefined && header[mapping[field]!] ? header[mapping[field]!]!.trim() : FIELD_LABEL[field]);
  const rows: ImportRow[] = [];
  const sample = sheet.rows.slice(0, Math.max(headerRow + 8, 12));
  if (problems.length > 0) return { upload, sheet: sheet.name, headerRow, header, mapping, sample, rows, problems, invoices: [] };

  const supplierByUscc = prepared(ctx.db.$client, 'SELECT id, name FROM suppliers WHERE uscc = ?');
  const supplierByName = prepared(ctx.db.$client, 'SELECT id, name FROM suppliers WHERE name = ? LIMIT 2');
  const itemOf = prepared(ctx.db.$client, 'SELECT generic_name AS genericName, trade_name AS tradeName, base_unit AS baseUnit, packs FROM formulary_items WHERE id = ?');
  const receiptLineByNo = prepared(
    ctx.db.$client,
    `SELECT l.id FROM receipt_lines l JOIN documents d ON d.id = l.document_id WHERE d.number = ? AND d.type = 'receipt' AND l.line_no = ?`,
  );
  const openBySupplier = new Map<number, InvoiceableLine[]>();
  const taken = new Map<number, number>();
  const items = new Map<number, ItemRow>();
  for (let r = headerRow; r < sheet.rows.length; r++) {
    const cells = sheet.rows[r]!;
    if (cells.every((c) => c.trim() === '')) continue;
    if (/^[合总小]\s*计/.test(cells.find((c) => c.trim())?.trim() ?? '')) continue;
    const rowNo = r + 1;
    const cell = (field: InvoiceImportField) => (mapping[field] === undefined ? '' : (cells[mapping[field]!] ?? '').trim());
    const rowProblems: string[] = [];
    const reject = (field: InvoiceImportField, message: string) => {
      const column = columnOf(field);
      problems.push({ row: rowNo, column, message: `第 ${rowNo} 行「${column}」：${message}` });
      rowProblems.push(`「${column}」${message}`);
    };
    const number = squeeze(cell('number'));
    const code = squeeze(cell('code'));
    if (number === '') reject('number', '缺少发票号码');
    else if (code === '' && !INVOICE_NUMBER_RULES.digital.test(number)) reject('number', `「${number}」不是 20 位数电票号码（纸质发票须同时有发票代码）`);
    else if (code !== '' && !INVOICE_NUMBER_RULES.paperNumber.test(number)) reject('number', `「${number}」不是 8 位纸质发票号码`);
    if (code !== '' && !INVOICE_NUMBER_RULES.paperCode.test(code)) reject('code', `「${code}」不是 10 位或 12 位发票代码`);
    const date = parseDate(cell('date'), '开票日期');
    let isoDate = '';
    if (!date.ok) reject('date', date.reason);
    else if (date.value === null) reject('date', '缺少开票日期');
    else isoDate = date.value;
    // The seller: by 纳税人识别号 (the USCC), else by name.
    let supplier: { id: number; name: string } | undefined;
    const uscc = squeeze(cell('sellerUscc')).toUpperCase();
    const sellerName = cell('sellerName');
    if (uscc !== '') {
      if (!isValidUscc(uscc)) reject('sellerUscc', `「${uscc}」不是有效的统一社会信用代码`);
      else {
        supplier = supplierByUscc.get(uscc) as { id: number; name: string } | undefined;
        if (!supplier) reject('sellerUscc', `没有统一社会信用代码为 ${uscc} 的供应商${sellerName ? `（${sellerName}）` : ''}，请先在供应商档案中登记`);
      }
    } else if (sellerName !== '') {
      const found = supplierByName.all(sellerName) as { id: number; name: string }[];
      if (found.length === 1) supplier = found[0];
      else reject('sellerName', `没有名为「${sellerName}」的供应商`);
    } else reject(mapping.sellerUscc !== undefined ? 'sellerUscc' : 'sellerName', '缺少销方纳税人识别号或名称');

    const itemName = cleanName(cell('itemName'));
    const spec = cell('spec');
    if (itemName === '') reject('itemName', '缺少货物名称');
    // Amounts: 价税合计, or 金额 + 税额.
    const exTax = mapping.amountExTax !== undefined ? parseSignedYuan(cell('amountExTax')) : null;
    const tax = mapping.tax !== undefined ? parseSignedYuan(cell('tax')) : null;
    let total: number | null = null;
    if (mapping.total !== undefined) {
      total = parseSignedYuan(cell('total'));
      if (total === null) reject('total', cell('total') === '' ? '缺少价税合计' : `「${cell('total')}」不是金额`);
    } else if (exTax === null || tax === null) reject(exTax === null ? 'amountExTax' : 'tax', '缺少金额或税额');
    else total = exTax + tax;
    if (mapping.amountExTax !== undefined && cell('amountExTax') !== '' && exTax === null) reject('amountExTax', `「${cell('amountExTax')}」不是金额`);
    if (mapping.tax !== undefined && cell('tax') !== '' && tax === null) reject('tax', `「${cell('tax')}」不是金额`);
    if (total !== null && total < 0) reject(mapping.total !== undefined ? 'total' : 'amountExTax', '红字（负数）发票请在发票页面按蓝字发票登记红字发票');
    const rate = mapping.taxRate !== undefined ? parseRate(cell('taxRate')) : null;
    if (mapping.taxRate !== undefined && cell('taxRate') !== '' && rate === null) reject('taxRate', `「${cell('taxRate')}」不是税率（如 13%）`);
    const quantityText = squeeze(cell('quantity')).replace(/,/g, '');
    let quantityInUnit: number | null = null;
    if (quantityText === '') reject('quantity', '缺少数量');
    else if (!/^\d+(\.\d+)?$/.test(quantityText) || Number(quantityText) <= 0) reject('quantity', `「${quantityText}」不是大于 0 的数量`);
    else quantityInUnit = Number(quantityText);

    // The receipt line it bills.
    let receiptLine: InvoiceableLine | undefined;
    let quantity: number | null = null;
    if (supplier && itemName !== '' && quantityInUnit !== null) {
      let open = openBySupplier.get(supplier.id);
      if (!open) openBySupplier.set(supplier.id, (open = invoiceableLines(ctx, { supplierId: supplier.id })));
      const toBase = (line: InvoiceableLine): number | null => {
        let item = items.get(line.itemId);
        if (!item) items.set(line.itemId, (item = itemOf.get(line.itemId) as ItemRow));
        const unit = cell('unit') || line.packUnit;
        const per = baseUnitsPer(item.baseUnit, JSON.parse(item.packs) as PackLevel[], unit);
        if (per === null) return null;
        const base = quantityInUnit! * per;
        return Number.isInteger(Math.round(base * 1e6) / 1e6) ? Math.round(base) : null;
      };
      const left = (line: InvoiceableLine) => line.openQuantity - (taken.get(line.receiptLineId) ?? 0);
      const stated = cell('receiptLine');
      if (stated !== '') {
        const m = /^(.+?)[-#/](\d+)$/.exec(squeeze(stated));
        const byNumber = m ? (receiptLineByNo.get(m[1], Number(m[2])) as { id: number } | undefined)?.id : undefined;
        const id = byNumber ?? (/^\d+$/.test(stated) ? Number(stated) : undefined);
        receiptLine = open.find((l) => l.receiptLineId === id);
        if (!receiptLine) reject('receiptLine', `「${stated}」不是该供应商尚可开票的验收明细`);
        else {
          quantity = toBase(receiptLine);
          if (quantity === null) reject('unit', `单位「${cell('unit')}」与 ${receiptLine.itemName} 的包装不符`);
        }
      } else {
        const named = open.filter((l) => {
          const item = items.get(l.itemId) ?? (itemOf.get(l.itemId) as ItemRow);
          items.set(l.itemId, item);
          return item.genericName === itemName || (item.tradeName !== '' && item.tradeName === itemName) || itemName.includes(item.genericName);
        });
        const specified = spec === '' ? named : named.filter((l) => normSpec(l.spec) === normSpec(spec));
        const batch = cell('batchNo');
        const batched = batch === '' ? specified : specified.filter((l) => l.batchNo === batch);
        if (named.length === 0) reject('itemName', `${supplier.name} 没有「${itemName}」尚可开票的验收明细`);
        else if (specified.length === 0) reject('spec', `「${itemName}」没有规格为「${spec}」的可开票验收明细（有 ${[...new Set(named.map((l) => l.spec))].join('、')}）`);
        else if (batched.length === 0) reject('batchNo', `「${itemName}」没有批号为「${batch}」的可开票验收明细`);
        else {
          const fits = batched.find((l) => {
            const q = toBase(l);
            return q !== null && q <= left(l);
          });
          if (fits) {
            receiptLine = fits;
            quantity = toBase(fits);
          } else if (batched.every((l) => toBase(l) === null)) reject('unit', `单位「${cell('unit')}」与 ${itemName} 的包装不符`);
          else {
            const openText = batched.map((l) => `${l.receiptNumber} 批号 ${l.batchNo} 尚可开 ${left(l)} ${l.baseUnit}`).join('；');
            reject('quantity', `数量 ${quantityText}${cell('unit')} 超出可开票数量（${openText}），请拆分或在「验收明细」列指定`);
          }
        }
      }
      if (receiptLine && quantity !== null) taken.set(receiptLine.receiptLineId, (taken.get(receiptLine.receiptLineId) ?? 0) + quantity);
    }
    rows.push({
      row: rowNo,
      number,
      code,
      date: isoDate,
      itemName,
      spec,
      quantity,
      amountMicro: total,
      amountExTaxMicro: exTax,
      taxMicro: tax,
      taxRateBp: rate,
      receiptLineId: receiptLine?.receiptLineId ?? null,
      receiptNumber: receiptLine ? `${receiptLine.receiptNumber}` : null,
      supplierId: supplier?.id ?? null,
      supplierName: supplier?.name ?? sellerName,
      problems: rowProblems,
    });
  }
  if (rows.length === 0) problems.push({ row: headerRow, column: '', message: `第 ${headerRow} 行表头之下没有数据行` });

  // Rows → invoices, by number; each invoice's own rules (duplicate number, one supplier, one date) and its exceptions.
  const groups = new Map<string, ImportRow[]>();
  for (const row of rows) {
    const key = `${row.code}${row.number}`;
    if (row.number === '') continue;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const invoices: ImportPlan['invoices'] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    for (const row of group.slice(1)) {
      if (row.supplierId !== first.supplierId) problems.push({ row: row.row, column: columnOf('sellerName'), message: `第 ${row.row} 行：与第 ${first.row} 行同一发票号码，但销方不同` });
      if (row.date !== first.date) problems.push({ row: row.row, column: columnOf('date'), message: `第 ${row.row} 行：与第 ${first.row} 行同一发票号码，但开票日期不同` });
    }
    if (group.some((r) => r.problems.length > 0 || r.receiptLineId === null || r.quantity === null || r.amountMicro === null) || first.supplierId === null) continue;
    const exTaxes = group.map((r) => r.amountExTaxMicro);
    const taxes = group.map((r) => r.taxMicro);
    const draft: InvoiceDraft = {
      supplierId: first.supplierId,
      medium: first.code === '' ? 'digital' : 'paper',
      code: first.code,
      number: first.number,
      date: first.date,
      amountExTaxMicro: exTaxes.every((v) => v !== null) ? exTaxes.reduce((s, v) => s! + v!, 0)! : undefined,
      taxMicro: taxes.every((v) => v !== null) ? taxes.reduce((s, v) => s! + v!, 0)! : undefined,
      taxRateBp: first.taxRateBp ?? 1300,
      redOfId: null,
      note: '',
      sourceFile: upload.filename,
      lines: [],
    };
    // Two rows of one receipt line on one invoice are one line.
    const merged = new Map<number, { receiptLineId: number; quantity: number; amountMicro: number; note: string; rows: number[] }>();
    for (const r of group) {
      const line = merged.get(r.receiptLineId!) ?? { receiptLineId: r.receiptLineId!, quantity: 0, amountMicro: 0, note: '', rows: [] };
      line.quantity += r.quantity!;
      line.amountMicro += r.amountMicro!;
      line.rows.push(r.row);
      merged.set(r.receiptLineId!, line);
    }
    const lines = [...merged.values()];
    draft.lines = lines.map(({ rows: _rows, ...l }) => l);
    const preview = previewDraft(ctx, draft, null);
    for (const p of preview.problems) {
      const at = /^lines\.(\d+)/.exec(p.path);
      const row = at ? lines[Number(at[1])]!.rows[0]! : first.row;
      const column = p.path === 'number' ? columnOf('number') : p.path.endsWith('quantity') ? columnOf('quantity') : p.path.includes('amount') || p.path === 'taxMicro' ? columnOf('total') : columnOf('itemName');
      problems.push({ row, column, message: `第 ${row} 行：${p.message}` });
      const target = rows.find((x) => x.row === row);
      target?.problems.push(p.message);
    }
    invoices.push({
      draft,
      rows: group.map((r) => r.row),
      supplierName: first.supplierName,
      exceptionCount: preview.exceptions.length,
      amountExTaxMicro: preview.totals.amountExTaxMicro,
      taxMicro: preview.totals.taxMicro,
    });
  }
  return { upload, sheet: sheet.name, headerRow, header, mapping, sample, rows, problems, invoices };
}

export function previewOutput(plan: ImportPlan) {
  return {
    filename: plan.upload.filename,
    sheets: plan.upload.sheets.map((s) => s.name),
    sheet: plan.sheet,
    headerRow: plan.headerRow,
    header: plan.header,
    fields: INVOICE_IMPORT_FIELDS.map((f) => ({ key: f.key, label: f.label, required: f.required })),
    mapping: plan.mapping,
    sample: plan.sample,
    rows: plan.rows.map((r) => ({
      row: r.row,
      number: r.number,
      itemName: r.itemName,
      spec: r.spec,
      quantity: r.quantity,
      amountMicro: r.amountMicro,
      receiptLineId: r.receiptLineId,
      receiptNumber: r.receiptNumber,
      problems: r.problems,
    })),
    problems: plan.problems,
    invoices: plan.invoices.map((i) => ({
      medium: i.draft.medium,
      code: i.draft.code,
      number: i.draft.number,
      date: i.draft.date,
      supplierId: i.draft.supplierId,
      supplierName: i.supplierName,
      lineCount: i.draft.lines.length,
      amountMicro: i.draft.lines.reduce((s, l) => s + l.amountMicro, 0),
      amountExTaxMicro: i.amountExTaxMicro,
      taxMicro: i.taxMicro,
      exceptionCount: i.exceptionCount,
    })),
  };
}

/** All or nothing: any problem refuses the whole file, each on `rows.<row>.<column>`. */
export function refuseProblems(plan: ImportPlan): void {
  if (plan.problems.length === 0) return;
  const fields: FieldProblem[] = plan.problems.map((p) => ({ path: `rows.${p.row}.${p.column}`, message: p.message }));
  const shown = plan.problems.slice(0, 5).map((p) => p.message).join('；');
  throw new DomainError('VALIDATION', `导入文件有 ${plan.problems.length} 处错误，未登记任何发票：${shown}${plan.problems.length > 5 ? '……' : ''}`, fields);
}

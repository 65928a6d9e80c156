import ExcelJS from 'exceljs';
import { HIS_NOTE, MEDINS_SPECS, hubFields, type MedinsReport } from './fields.js';
import { medinsMessage, type MedinsBuild, type MedinsRecord, type RecordData } from './build.js';

/** The note every export carries: what the records are built from and what they leave to the HIS. */
export function exportNote(build: MedinsBuild): string[] {
  return [
    `${build.unit.name}（定点医药机构编码 ${build.unit.insuranceCode}）${build.period.from} 至 ${build.period.to} 医保进销存上报数据，由统采系统根据库存流水生成。`,
    build.inventoryBasis === 'stocktake' ? '3501 盘存：本期已过账盘点单的实盘数量。' : '3501 盘存：本期无已过账盘点单，按期初（期间第一天零时）账面库存逐批次列出。',
    '3502 库存变更：本单位库房本期每一笔出入库，库存变更类型即流水的 inv_chg_type；冲销流水保留原类型、数量为负，备注注明冲销单号。',
    '3503 采购：验收入库、赠药入库，以及成员单位签收的总医院调拨（供应商名称为总医院）；3504 采购退货：退供应商、赠药退回，以及成员单位退回总医院；采购的冲销列为退货，退货的冲销列为采购。',
    HIS_NOTE,
    '数量按医保计价单位（最小制剂单位）4 位小数；单价为每最小制剂单位的价格，6 位小数，由每包装价格整数换算（四舍五入到 0.000001 元）。处方药标志默认为 1，非处方药品种在 hub_settings「medins.settings」中列出。',
  ];
}

/** The JSON file of one report: an array of `{infno, input: {<node>: {...}}}` messages. */
export function reportJson(build: MedinsBuild, report: MedinsReport): Buffer {
  return Buffer.from(`${JSON.stringify(build.records[report].map(medinsMessage), null, 2)}\n`, 'utf8');
}

const cell = (value: RecordData[string] | undefined): string => (Array.isArray(value) ? value.map((v) => v.drug_trac_codg).join('、') : (value ?? ''));

/** One sheet per report (Chinese headers over the field names), the rows that cannot be reported, and the note. */
export async function reportsXlsx(build: MedinsBuild, reports: readonly MedinsReport[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '统采';
  const note = workbook.addWorksheet('说明');
  note.columns = [{ width: 120 }];
  for (const line of exportNote(build)) note.addRow([line]);
  for (const report of reports) {
    const spec = MEDINS_SPECS[report];
    const fields = hubFields(report);
    const sheet = workbook.addWorksheet(`${report}${spec.title}`, { views: [{ state: 'frozen', ySplit: 2 }] });
    sheet.columns = [{ width: 18 }, ...fields.map((f) => ({ width: Math.max(12, Math.min(30, f.label.length * 2 + 4)) }))];
    sheet.addRow(['来源单据', ...fields.map((f) => (f.required ? `${f.label}*` : f.label))]).font = { bold: true };
    sheet.addRow(['source', ...fields.map((f) => f.name)]).font = { italic: true, color: { argb: 'FF666666' } };
    for (const record of build.records[report] as MedinsRecord[]) {
      const source = record.source.lineNo === null ? record.source.documentNumber : `${record.source.documentNumber} 第${record.source.lineNo}行`;
      sheet.addRow([source, ...fields.map((f) => cell(record.data[f.name]))]);
    }
  }
  const problems = workbook.addWorksheet('不能上报');
  problems.columns = [
    { header: '报表', width: 8 },
    { header: '来源单据', width: 18 },
    { header: '行号', width: 6 },
    { header: '品种编码', width: 12 },
    { header: '品种', width: 20 },
    { header: '字段', width: 22 },
    { header: '原因', width: 60 },
  ];
  problems.getRow(1).font = { bold: true };
  for (const u of build.unreportable.filter((x) => reports.includes(x.report))) {
    problems.addRow([u.report, u.documentNumber, u.lineNo ?? '', u.itemCode, u.itemName, `${u.label}（${u.field}）`, u.reason]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** `3502-WS01-2026-11.json`, `医保进销存-WS01-2026-11.xlsx`. */
export const reportFileName = (report: MedinsReport, build: MedinsBuild): string => `${report}-${build.unit.code}-${build.period.label}.json`;
export const workbookFileName = (build: MedinsBuild): string => `医保进销存-${build.unit.code}-${build.period.label}.xlsx`;

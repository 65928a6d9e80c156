import ExcelJS from 'exceljs';
import type { MonthlyFigureRow, MonthlyReport } from '../api/reports.js';
import { UNIT_LEVEL_LABELS } from '../api/labels.js';

type Cell = string | number | null;
interface Column {
  header: string;
  width: number;
  value: (r: MonthlyFigureRow) => Cell;
  format?: 'yuan' | 'percent' | 'int' | 'days';
}

const yuan = (micro: number | null): number | null => (micro === null ? null : micro / 1_000_000);
const pct = (bp: number | null): number | null => (bp === null ? null : bp / 10_000);

const HEAD: Column[] = [
  { header: '单位', width: 22, value: (r) => r.name },
  { header: '层级', width: 8, value: (r) => (r.level ? UNIT_LEVEL_LABELS[r.level] : '全部') },
  { header: '范围', width: 8, value: (r) => ({ unit: '单位', level: '层级合计', community: '医共体合计' })[r.scope] },
];

/** One sheet per topic of domain.md §7, each listing every unit, then each level and the community. */
const SHEETS: { name: string; columns: Column[] }[] = [
  {
    name: '目录内采购占比',
    columns: [
      { header: '进货金额（元）', width: 16, value: (r) => yuan(r.inflowMicro), format: 'yuan' },
      { header: '目录内金额（元）', width: 16, value: (r) => yuan(r.formularyMicro), format: 'yuan' },
      { header: '目录内占比', width: 12, value: (r) => pct(r.formularyShareBp), format: 'percent' },
    ],
  },
  {
    name: '集采完成',
    columns: [
      { header: '约定金额（元，按中选价）', width: 20, value: (r) => yuan(r.vbpAgreedMicro), format: 'yuan' },
      { header: '已采购金额（元）', width: 16, value: (r) => yuan(r.vbpBoughtMicro), format: 'yuan' },
      { header: '完成率（按金额）', width: 14, value: (r) => pct(r.vbpCompletionBp), format: 'percent' },
      { header: '协议年度已过', width: 12, value: (r) => pct(r.vbpElapsedBp), format: 'percent' },
      { header: '落后产品数', width: 10, value: (r) => r.vbpProductsBehind, format: 'int' },
    ],
  },
  {
    name: '基本药物',
    columns: [
      { header: '进货品种数', width: 12, value: (r) => r.varieties, format: 'int' },
      { header: '基药品种数', width: 12, value: (r) => r.essentialVarieties, format: 'int' },
      { header: '品种占比', width: 10, value: (r) => pct(r.essentialVarietyShareBp), format: 'percent' },
      { header: '基药金额（元）', width: 16, value: (r) => yuan(r.essentialMicro), format: 'yuan' },
      { header: '金额占比', width: 10, value: (r) => pct(r.essentialAmountShareBp), format: 'percent' },
    ],
  },
  {
    name: '网上采购率',
    columns: [
      { header: '进货金额（元）', width: 16, value: (r) => yuan(r.inflowMicro), format: 'yuan' },
      { header: '平台采购金额（元）', width: 18, value: (r) => yuan(r.platformMicro), format: 'yuan' },
      { header: '网上采购率', width: 12, value: (r) => pct(r.platformShareBp), format: 'percent' },
    ],
  },
  {
    name: '预算执行',
    columns: [
      { header: '年度预算（元）', width: 16, value: (r) => yuan(r.budgetMicro), format: 'yuan' },
      { header: '已执行（元）', width: 16, value: (r) => yuan(r.budgetActualMicro), format: 'yuan' },
      { header: '已承诺（元）', width: 16, value: (r) => yuan(r.budgetCommittedMicro), format: 'yuan' },
      { header: '执行率', width: 10, value: (r) => pct(r.budgetExecutionBp), format: 'percent' },
    ],
  },
  {
    name: '院内制剂调拨',
    columns: [
      { header: '金额（元）', width: 16, value: (r) => yuan(r.preparationMicro), format: 'yuan' },
      { header: '数量（最小单位）', width: 16, value: (r) => r.preparationQuantity, format: 'int' },
    ],
  },
  {
    name: '近效期与过期',
    columns: [
      { header: '月末库存（元）', width: 16, value: (r) => yuan(r.closingMicro), format: 'yuan' },
      { header: '近效期（元）', width: 16, value: (r) => yuan(r.nearExpiryMicro), format: 'yuan' },
      { header: '过期（元）', width: 16, value: (r) => yuan(r.expiredMicro), format: 'yuan' },
    ],
  },
  {
    name: '库存周转',
    columns: [
      { header: '期初库存（元）', width: 16, value: (r) => yuan(r.openingMicro), format: 'yuan' },
      { header: '期末库存（元）', width: 16, value: (r) => yuan(r.closingMicro), format: 'yuan' },
      { header: '本月出库（元）', width: 16, value: (r) => yuan(r.outflowMicro), format: 'yuan' },
      { header: '周转天数', width: 10, value: (r) => r.turnoverDays, format: 'days' },
    ],
  },
];

const FORMATS = { yuan: '#,##0.00', percent: '0.00%', int: '#,##0', days: '0.0' } as const;

/** The monthly report as an xlsx workbook: a sheet per topic, the payments sheet, and the definitions (口径). */
export async function monthlyWorkbook(report: MonthlyReport, communityName: string): Promise<{ buffer: Buffer; sheets: string[] }> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '统采';
  const rows = [...report.units, ...report.levels, ...(report.community ? [report.community] : [])];
  const title = `${communityName} ${report.month} 月报（${report.firstDay} 至 ${report.lastDay}）`;
  for (const sheet of SHEETS) {
    const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 2 }] });
    const columns = [...HEAD, ...sheet.columns];
    ws.columns = columns.map((c) => ({ width: c.width }));
    ws.addRow([`${title} · ${sheet.name}`]).font = { bold: true };
    const header = ws.addRow(columns.map((c) => c.header));
    header.font = { bold: true };
    for (const r of rows) {
      const row = ws.addRow(columns.map((c) => c.value(r)));
      if (r.scope !== 'unit') row.font = { bold: true };
      columns.forEach((c, i) => {
        if (c.format) row.getCell(i + 1).numFmt = FORMATS[c.format];
      });
    }
  }
  const pay = workbook.addWorksheet('回款与逾期');
  pay.columns = [{ width: 34 }, { width: 18 }];
  pay.addRow([`${title} · 回款与逾期`]).font = { bold: true };
  const p = report.payments;
  const payRows: [string, number | null, keyof typeof FORMATS][] = p
    ? [
        ['验收至付款平均天数（按金额加权）', p.averageDays, 'days'],
        ['其中集采产品', p.vbpAverageDays, 'days'],
        ['本月付款金额（元）', yuan(p.paidMicro), 'yuan'],
        ['本月付款笔数', p.paidCount, 'int'],
        ['月末未付应付款（元）', yuan(p.openMicro), 'yuan'],
        ['月末逾期金额（元）', yuan(p.overdueMicro), 'yuan'],
        ['月末逾期笔数', p.overdueCount, 'int'],
        ['其中中小企业逾期（元）', yuan(p.smeOverdueMicro), 'yuan'],
        ['逾期利息（元）', yuan(p.interestMicro), 'yuan'],
      ]
    : [];
  for (const [label, value, format] of payRows) pay.addRow([label, value]).getCell(2).numFmt = FORMATS[format];
  const defs = workbook.addWorksheet('指标口径');
  defs.columns = [{ width: 18 }, { width: 110 }];
  defs.addRow(['指标', '口径']).font = { bold: true };
  for (const d of report.definitions) defs.addRow([d.label, d.text]).alignment = { wrapText: true, vertical: 'top' };
  return { buffer: Buffer.from(await workbook.xlsx.writeBuffer()), sheets: workbook.worksheets.map((w) => w.name) };
}

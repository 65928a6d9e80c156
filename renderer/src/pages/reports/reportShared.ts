import type { EChartsCoreOption } from 'echarts/core';
import type { TFunction } from 'i18next';
import type { MonthlyFigureRow, MonthlyReport } from '../../../../core/api/index.js';
import { yuan } from '../books/booksShared.js';

/** Basis points → "83.33%" (— when there was nothing to divide by). */
export const pct = (bp: number | null | undefined): string => (bp === null || bp === undefined ? '—' : `${(bp / 100).toFixed(2)}%`);

/** Micro-yuan → yuan in whole units for charts (the table keeps the fen). */
const chartYuan = (micro: number) => Math.round(micro / 1_000_000);

/** The shares of each level (and the community) side by side. */
export function levelChart(report: MonthlyReport, t: TFunction): EChartsCoreOption {
  const rows = [...report.levels, ...(report.community ? [report.community] : [])];
  const series = (name: string, pick: (r: MonthlyFigureRow) => number | null) => ({
    name,
    type: 'bar',
    barMaxWidth: 22,
    data: rows.map((r) => {
      const v = pick(r);
      return v === null ? null : Math.round(v) / 100;
    }),
    label: { show: true, position: 'top', fontSize: 10, formatter: (p: { value: number | null }) => (p.value === null ? '' : `${p.value.toFixed(1)}`) },
  });
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v.toFixed(2)}%`) },
    legend: { top: 0 },
    grid: { left: 40, right: 12, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: rows.map((r) => (r.scope === 'community' ? t('reports.chart.total') : r.name)), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      series(t('reports.chart.formulary'), (r) => r.formularyShareBp),
      series(t('reports.chart.essential'), (r) => r.essentialAmountShareBp),
      series(t('reports.chart.platform'), (r) => r.platformShareBp),
      series(t('reports.chart.vbp'), (r) => r.vbpCompletionBp),
    ],
  };
}

/** Unit names without the part they all share (the county's name), so that chart labels stay short. */
export function shortNames(names: readonly string[]): string[] {
  if (names.length < 2) return [...names];
  let prefix = names[0]!;
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.length >= 2 ? names.map((n) => n.slice(prefix.length) || n) : [...names];
}

/** The units holding the most near-expiry and expired stock, stacked. */
export function expiryChart(report: MonthlyReport, t: TFunction, top = 8): EChartsCoreOption {
  const rows = [...report.units]
    .filter((r) => r.nearExpiryMicro + r.expiredMicro > 0)
    .sort((a, b) => b.nearExpiryMicro + b.expiredMicro - (a.nearExpiryMicro + a.expiredMicro))
    .slice(0, top)
    .reverse();
  const names = shortNames(report.units.map((r) => r.name));
  const short = new Map(report.units.map((r, i) => [r, names[i]!]));
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => t('reports.kpi.yuan', { amount: v.toLocaleString('zh-CN') }) },
    legend: { top: 0 },
    // A fixed column for the names: containLabel measures them before the CJK font is ready and cuts them.
    grid: { left: 138, right: 24, top: 36, bottom: 24, outerBoundsMode: 'none' },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: rows.map((r) => short.get(r)), axisLabel: { width: 130, overflow: 'truncate' } },
    series: [
      { name: t('reports.chart.near'), type: 'bar', stack: 'v', data: rows.map((r) => chartYuan(r.nearExpiryMicro)), itemStyle: { color: '#faad14' } },
      { name: t('reports.chart.expired'), type: 'bar', stack: 'v', data: rows.map((r) => chartYuan(r.expiredMicro)), itemStyle: { color: '#f5222d' } },
    ],
  };
}

/** The headline row: the community for community-wide readers, else the reader's own unit. */
export const headlineOf = (report: MonthlyReport): MonthlyFigureRow | null => report.community ?? report.units[0] ?? null;

export { yuan };

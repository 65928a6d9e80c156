import { useSearch } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MonthlyFigureRow } from '../../../../core/api/index.js';
import { useOp } from '../../api/hooks.js';
import { Chart } from '../../components/Chart.js';
import { FullPageSpin } from '../../layout/FullPageSpin.js';
import { formatDateTime } from '../../labels.js';
import { lastMonth } from '../books/booksShared.js';
import { expiryChart, levelChart, pct, yuan } from '../reports/reportShared.js';
import { PrintSheet } from './PrintSheet.js';

const STYLE = `
@page { size: A4 landscape; margin: 10mm; }
.mr { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #000; background: #fff;
  max-width: 277mm; margin: 0 auto; padding: 16px 0; font-size: 11px; }
.mr h1 { text-align: center; font-size: 18px; letter-spacing: 2px; margin: 0 0 2px; }
.mr .sub { text-align: center; margin-bottom: 8px; }
.mr h2 { font-size: 13px; margin: 10px 0 4px; }
.mr table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.mr th, .mr td { border: 1px solid #000; padding: 3px 4px; line-height: 1.3; }
.mr th { font-weight: 600; background: #f2f2f2; }
.mr td.num { text-align: right; font-variant-numeric: tabular-nums; }
.mr tr.strong td { font-weight: 600; }
.mr .charts { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
.mr .sign { display: flex; justify-content: flex-end; gap: 60px; margin-top: 18px; }
.mr .sign span.line { display: inline-block; width: 110px; border-bottom: 1px solid #000; margin-left: 6px; }
`;

/** 月报 summary for the health commission (/print/monthly-report?month=): headline figures, charts, the levels. */
export function MonthlyReportPrint() {
  const { t } = useTranslation();
  const search = useSearch({ strict: false }) as { month?: string };
  const month = search.month ?? lastMonth();
  const report = useOp('report.monthly', { month });
  const community = useOp('community.get', {});
  const data = report.data;
  const levels = useMemo(() => (data ? levelChart(data, t) : null), [data, t]);
  const expiry = useMemo(() => (data ? expiryChart(data, t) : null), [data, t]);
  if (!data || !community.data || !levels || !expiry) return <FullPageSpin />;
  const p = (key: string, values?: Record<string, string>) => t(`reports.printSheet.${key}`, values);
  const c = (key: string) => t(`reports.col.${key}`);
  const rows: MonthlyFigureRow[] = [...data.levels, ...(data.community ? [data.community] : [])];
  const pay = data.payments;
  return (
    <PrintSheet className="mr" testId="monthly-report-print" style={STYLE} printLabel={t('reports.print')}>
      <h1>{p('title', { community: community.data.community.name })}</h1>
      <div className="sub">
        {p('period', { from: data.firstDay, to: data.lastDay })}
        {'\u3000'}
        {p('printedAt', { at: formatDateTime(new Date().toISOString()) })}
      </div>
      <h2>{p('levels')}</h2>
      <table>
        <thead>
          <tr>
            <th style={{ width: '16%' }}>{c('unit')}</th>
            <th>{c('inflow')}</th>
            <th>{c('formulary')}</th>
            <th>{c('essential')}</th>
            <th>{c('platform')}</th>
            <th>{c('vbp')}</th>
            <th>{c('budget')}</th>
            <th>{c('preparation')}</th>
            <th>{c('nearExpiry')}</th>
            <th>{c('expired')}</th>
            <th>{c('turnover')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.scope}-${r.unitCode}`} className={r.scope === 'community' ? 'strong' : ''}>
              <td>{r.scope === 'level' ? t('reports.col.levelTotal', { level: r.name, count: r.unitCount }) : r.name}</td>
              <td className="num">{yuan(r.inflowMicro)}</td>
              <td className="num">{pct(r.formularyShareBp)}</td>
              <td className="num">
                {pct(r.essentialVarietyShareBp)} / {pct(r.essentialAmountShareBp)}
              </td>
              <td className="num">{pct(r.platformShareBp)}</td>
              <td className="num">{pct(r.vbpCompletionBp)}</td>
              <td className="num">{pct(r.budgetExecutionBp)}</td>
              <td className="num">{yuan(r.preparationMicro)}</td>
              <td className="num">{yuan(r.nearExpiryMicro)}</td>
              <td className="num">{yuan(r.expiredMicro)}</td>
              <td className="num">{r.turnoverDays === null ? '—' : r.turnoverDays.toFixed(1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pay && (
        <>
          <h2>{p('payments')}</h2>
          <table>
            <tbody>
              <tr>
                <td>{t('reports.kpi.paymentDays')}</td>
                <td className="num">{pay.averageDays ?? '—'}</td>
                <td>{t('reports.kpi.paymentDaysVbp', { days: String(pay.vbpAverageDays ?? '—') })}</td>
                <td>{t('reports.kpi.overdue')}</td>
                <td className="num">{yuan(pay.overdueMicro)}</td>
                <td>{t('reports.kpi.overdueCount', { count: pay.overdueCount, sme: yuan(pay.smeOverdueMicro) })}</td>
              </tr>
            </tbody>
          </table>
        </>
      )}
      <div className="charts">
        <div>
          <h2>{t('reports.chart.levels')}</h2>
          <Chart option={levels} height={220} ariaLabel={t('reports.chart.levelsAria')} />
        </div>
        <div>
          <h2>{t('reports.chart.expiry')}</h2>
          <Chart option={expiry} height={220} ariaLabel={t('reports.chart.expiryAria')} />
        </div>
      </div>
      <div className="sign">
        <span>
          {p('sign')}
          <span className="line" />
        </span>
        <span>
          {p('review')}
          <span className="line" />
        </span>
      </div>
    </PrintSheet>
  );
}

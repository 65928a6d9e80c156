import { Link } from '@tanstack/react-router';
import { Card, Col, Empty, Row, Statistic } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import type { ReactNode } from 'react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useOp } from '../../api/hooks.js';
import { Chart } from '../../components/Chart.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { useCan, useSessionUser } from '../../session/SessionContext.js';
import { lastMonth } from '../books/booksShared.js';
import { levelChart, pct, yuan } from './reportShared.js';

const fen = (micro: number) => Math.round(micro / 10_000) / 100;

/**
 * 工作台: what each role acts on first, from the operations their pages already use — the officer's 集采 completion,
 * what to order and the requisitions waiting; the storekeeper's arrivals, picks and near-expiry; finance's payables
 * due soon and overdue and the batches waiting; the member's alerts, requisitions and budget; the auditor's month and
 * the integrity checks. Each figure links to the page that deals with it.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const officer = useCan('purchase.manage');
  const keeper = useCan('distribution.ship');
  const finance = useCan('payment.manage');
  const member = useCan('requisition.request');
  const auditor = user.role === 'auditor';
  const none = !officer && !keeper && !finance && !member && !auditor;
  return (
    <>
      <PageHeader title={t('dashboard.title')} subtitle={t('dashboard.subtitle', { name: user.displayName, unit: user.unitName })} />
      {officer && <OfficerPanel />}
      {keeper && <KeeperPanel />}
      {finance && <FinancePanel />}
      {member && <MemberPanel />}
      {auditor && <AuditorPanel />}
      {none && <Empty description={t('dashboard.nothing')} />}
    </>
  );
}

function Figure({ title, value, to, warn = false, testId }: { title: string; value: ReactNode; to: string; warn?: boolean; testId: string }) {
  return (
    <Col xs={12} lg={6}>
      <Link to={to} data-testid={testId}>
        <Card size="small" hoverable style={{ height: '100%' }}>
          <Statistic title={title} value={value as string} valueStyle={{ fontSize: 20, color: warn ? '#cf1322' : undefined }} />
        </Card>
      </Link>
    </Col>
  );
}

function Panel({ title, figures, chart, testId }: { title: string; figures: ReactNode; chart?: ReactNode; testId: string }) {
  return (
    <Card size="small" title={title} style={{ marginBottom: 12 }} data-testid={testId}>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={chart ? 12 : 24}>
          <Row gutter={[12, 12]}>{figures}</Row>
        </Col>
        {chart && (
          <Col xs={24} xl={12}>
            {chart}
          </Col>
        )}
      </Row>
    </Card>
  );
}

function OfficerPanel() {
  const { t } = useTranslation();
  const vbp = useOp('vbp.monitor', {});
  const suggestions = useOp('purchaseOrder.suggestions', {});
  const waiting = useOp('requisition.list', { states: ['submitted', 'reviewed'], limit: 1 });
  const option = useMemo((): EChartsCoreOption | null => {
    const products = vbp.data?.products ?? [];
    if (products.length === 0) return null;
    const top = [...products].sort((a, b) => (a.completionBp ?? 0) - a.elapsedBp - ((b.completionBp ?? 0) - b.elapsedBp)).slice(0, 8).reverse();
    // Two 中选 products of one name and strength (two manufacturers) are told apart by their item codes.
    const plain = top.map((p) => `${p.itemName} ${p.spec}`);
    const names = plain.map((n, i) => (plain.indexOf(n) !== plain.lastIndexOf(n) ? `${n} · ${top[i]!.itemCode}` : n));
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v.toFixed(1)}%` },
      legend: { top: 0 },
      // The names' column is fixed: containLabel estimates label widths before the CJK font is measured and cut them.
      grid: { left: 218, right: 24, top: 30, bottom: 24, outerBoundsMode: 'none' },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: names, axisLabel: { width: 210, overflow: 'truncate' } },
      series: [
        { name: t('dashboard.officer.completion'), type: 'bar', data: top.map((p) => (p.completionBp ?? 0) / 100), itemStyle: { color: '#1677ff' } },
        { name: t('dashboard.officer.elapsed'), type: 'bar', data: top.map((p) => p.elapsedBp / 100), itemStyle: { color: '#d9d9d9' } },
      ],
    };
  }, [vbp.data, t]);
  const totals = vbp.data?.totals;
  return (
    <Panel
      title={t('dashboard.officer.title')}
      testId="dashboard-officer"
      figures={
        <>
          <Figure title={t('dashboard.officer.vbp')} value={pct(totals?.completionByAmountBp ?? null)} to="/vbp-monitoring" testId="dash-vbp" />
          <Figure title={t('dashboard.officer.behind')} value={totals?.behindProducts ?? '—'} warn={(totals?.behindProducts ?? 0) > 0} to="/vbp-monitoring" testId="dash-behind" />
          <Figure title={t('dashboard.officer.toOrder')} value={suggestions.data?.rows.length ?? '—'} to="/order-suggestions" testId="dash-to-order" />
          <Figure title={t('dashboard.officer.requisitions')} value={waiting.data?.total ?? '—'} to="/requisitions" testId="dash-requisitions" />
        </>
      }
      chart={option && <Chart option={option} height={220} ariaLabel={t('dashboard.officer.chartAria')} testId="chart-vbp" />}
    />
  );
}

function KeeperPanel() {
  const { t } = useTranslation();
  const arrivals = useOp('receipt.arrivals', {});
  const queue = useOp('shipment.queue', {});
  const alerts = useOp('stockAlert.list', {});
  const expiry = useOp('stock.nearExpiry', { includeExpired: true });
  const counts = alerts.data?.counts;
  const option = useMemo((): EChartsCoreOption | null => {
    const bands = expiry.data?.bands ?? [];
    if (bands.length === 0) return null;
    // Expired first, then the nearest band outwards: what to act on first reads first.
    const ordered = [...bands].sort((a, b) => (a.withinMonths ?? -1) - (b.withinMonths ?? -1));
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => t('reports.kpi.yuan', { amount: v.toLocaleString('zh-CN') }) },
      // Room above the plot for the value axis's name.
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: ordered.map((b) => t('dashboard.keeper.band', { label: b.label, rows: b.rows })) },
      yAxis: { type: 'value', name: t('dashboard.yuanAxis'), nameTextStyle: { align: 'left' } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 40,
          data: ordered.map((b) => ({ value: fen(b.valueMicro), itemStyle: { color: b.withinMonths === null ? '#f5222d' : '#faad14' } })),
        },
      ],
    };
  }, [expiry.data, t]);
  return (
    <Panel
      title={t('dashboard.keeper.title')}
      testId="dashboard-keeper"
      figures={
        <>
          <Figure title={t('dashboard.keeper.arriving')} value={arrivals.data?.orders.length ?? '—'} to="/receipts" testId="dash-arriving" />
          <Figure title={t('dashboard.keeper.drafts')} value={arrivals.data?.drafts.length ?? '—'} to="/receipts" testId="dash-drafts" />
          <Figure title={t('dashboard.keeper.picks')} value={queue.data?.requisitions.length ?? '—'} to="/shipments" testId="dash-picks" />
          <Figure title={t('dashboard.keeper.nearExpiry')} value={counts ? counts.near_expiry + counts.expired : '—'} warn={(counts?.expired ?? 0) > 0} to="/stock-alerts" testId="dash-near" />
        </>
      }
      chart={option && <Chart option={option} height={200} ariaLabel={t('dashboard.keeper.chartAria')} testId="chart-near-expiry" />}
    />
  );
}

function FinancePanel() {
  const { t } = useTranslation();
  const ageing = useOp('payable.ageing', {});
  const drafts = useOp('paymentBatch.list', { status: 'draft', page: 1, pageSize: 1 });
  const approved = useOp('paymentBatch.list', { status: 'approved', page: 1, pageSize: 1 });
  const totals = ageing.data?.totals;
  const option = useMemo((): EChartsCoreOption | null => {
    if (!totals) return null;
    const b = totals.buckets;
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => t('reports.kpi.yuan', { amount: v.toLocaleString('zh-CN') }) },
      // Room above the plot for the value axis's name.
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: [t('dashboard.finance.d0to30'), t('dashboard.finance.d31to60'), t('dashboard.finance.d61to90'), t('dashboard.finance.over90')] },
      yAxis: { type: 'value', name: t('dashboard.yuanAxis'), nameTextStyle: { align: 'left' } },
      series: [{ type: 'bar', barMaxWidth: 40, data: [b.d0to30, b.d31to60, b.d61to90, b.over90].map(fen), itemStyle: { color: '#1677ff' } }],
    };
  }, [totals, t]);
  return (
    <Panel
      title={t('dashboard.finance.title')}
      testId="dashboard-finance"
      figures={
        <>
          <Figure title={t('dashboard.finance.due7')} value={totals ? yuan(totals.dueNext7Micro) : '—'} to="/payables" testId="dash-due7" />
          <Figure title={t('dashboard.finance.overdue')} value={totals ? yuan(totals.overdueMicro) : '—'} warn={(totals?.overdueMicro ?? 0) > 0} to="/payables" testId="dash-overdue" />
          <Figure title={t('dashboard.finance.drafts')} value={drafts.data?.total ?? '—'} to="/payment-batches" testId="dash-batch-drafts" />
          <Figure title={t('dashboard.finance.approved')} value={approved.data?.total ?? '—'} to="/payment-batches" testId="dash-batch-approved" />
        </>
      }
      chart={option && <Chart option={option} height={200} ariaLabel={t('dashboard.finance.chartAria')} testId="chart-ageing" />}
    />
  );
}

function MemberPanel() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const alerts = useOp('stockAlert.list', { unitId: user.unitId });
  const open = useOp('requisition.list', { unitId: user.unitId, states: ['draft', 'submitted', 'reviewed', 'approved', 'allocated', 'shipped'], limit: 1 });
  const budgets = useOp('budget.list', {});
  const budget = budgets.data?.budgets.find((b) => b.unitId === user.unitId);
  const option = useMemo((): EChartsCoreOption | null => {
    if (!budget || budget.amountMicro === null) return null;
    return {
      tooltip: { trigger: 'item', valueFormatter: (v: number) => t('reports.kpi.yuan', { amount: v.toLocaleString('zh-CN') }) },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['45%', '70%'],
          label: { formatter: '{b} {d}%' },
          data: [
            { name: t('dashboard.member.actual'), value: fen(budget.actualMicro), itemStyle: { color: '#1677ff' } },
            { name: t('dashboard.member.committed'), value: fen(budget.committedMicro), itemStyle: { color: '#faad14' } },
            { name: t('dashboard.member.remaining'), value: fen(Math.max(0, budget.remainingMicro)), itemStyle: { color: '#d9d9d9' } },
          ],
        },
      ],
    };
  }, [budget, t]);
  const counts = alerts.data?.counts;
  return (
    <Panel
      title={t('dashboard.member.title')}
      testId="dashboard-member"
      figures={
        <>
          <Figure title={t('dashboard.member.nearExpiry')} value={counts?.near_expiry ?? '—'} to="/stock-alerts" testId="dash-member-near" />
          <Figure title={t('dashboard.member.expired')} value={counts?.expired ?? '—'} warn={(counts?.expired ?? 0) > 0} to="/stock-alerts" testId="dash-member-expired" />
          <Figure title={t('dashboard.member.belowMinimum')} value={counts?.below_minimum ?? '—'} to="/stock-alerts" testId="dash-member-below" />
          <Figure title={t('dashboard.member.requisitions')} value={open.data?.total ?? '—'} to="/requisitions" testId="dash-member-requisitions" />
          <Figure title={t('dashboard.member.remainingBudget')} value={budget ? budget.remainingYuan : '—'} warn={(budget?.remainingMicro ?? 0) < 0} to="/budgets" testId="dash-member-budget" />
        </>
      }
      chart={option && <Chart option={option} height={200} ariaLabel={t('dashboard.member.chartAria')} testId="chart-budget" />}
    />
  );
}

function AuditorPanel() {
  const { t } = useTranslation();
  const month = lastMonth();
  const report = useOp('report.monthly', { month });
  const c = report.data?.community;
  const p = report.data?.payments;
  const option = useMemo(() => (report.data ? levelChart(report.data, t) : null), [report.data, t]);
  return (
    <Panel
      title={t('dashboard.auditor.title', { month })}
      testId="dashboard-auditor"
      figures={
        <>
          <Figure title={t('reports.kpi.formulary')} value={pct(c?.formularyShareBp ?? null)} to="/monthly-report" testId="dash-audit-formulary" />
          <Figure title={t('reports.kpi.platform')} value={pct(c?.platformShareBp ?? null)} to="/monthly-report" testId="dash-audit-platform" />
          <Figure title={t('reports.kpi.vbp')} value={pct(c?.vbpCompletionBp ?? null)} to="/monthly-report" testId="dash-audit-vbp" />
          <Figure title={t('reports.kpi.overdue')} value={p ? yuan(p.overdueMicro) : '—'} warn={(p?.overdueMicro ?? 0) > 0} to="/monthly-report" testId="dash-audit-overdue" />
          <Figure title={t('dashboard.auditor.integrity')} value={t('dashboard.auditor.run')} to="/integrity" testId="dash-audit-integrity" />
          <Figure title={t('dashboard.auditor.ledger')} value={t('dashboard.auditor.open')} to="/procurement-ledger" testId="dash-audit-ledger" />
        </>
      }
      chart={option && <Chart option={option} height={230} ariaLabel={t('reports.chart.levelsAria')} testId="chart-audit-levels" />}
    />
  );
}

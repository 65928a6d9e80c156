import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { App, Button, Card, Col, Flex, Row, Statistic, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UNIT_LEVEL_LABELS, type MonthlyFigureRow, type TraceFigure } from '../../../../core/api/index.js';
import { useOp } from '../../api/hooks.js';
import { useAction } from '../../api/useAction.js';
import { call } from '../../api/client.js';
import { Chart } from '../../components/Chart.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { useSessionUser } from '../../session/SessionContext.js';
import { downloadBase64, lastMonth, MonthPicker } from '../books/booksShared.js';
import { MonthlyReportTrace, type TraceTarget } from './MonthlyReportTrace.js';
import { expiryChart, headlineOf, levelChart, pct, yuan } from './reportShared.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function useMonth(): [string, (month: string) => void] {
  const search = useSearch({ from: '/app/monthly-report' });
  const navigate = useNavigate({ from: '/monthly-report' });
  return [search.month ?? lastMonth(), (month: string) => void navigate({ search: { month }, replace: true })];
}

/**
 * 月报: the month's monitoring figures (domain §7) — headline cards, charts by level and by unit, and the table of
 * every unit, each level and the community; a unit's figure opens the lines it was computed from. Community-wide
 * readers export the workbook and print the summary; a member pharmacist sees their own unit.
 */
export function MonthlyReportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useSessionUser();
  const [month, setMonth] = useMonth();
  const [target, setTarget] = useState<TraceTarget | null>(null);
  const report = useOp('report.monthly', { month });
  const community = useOp('community.get', {});
  const { busy, run } = useAction();
  const data = report.data;
  const wide = data?.community !== null && data?.community !== undefined;
  const head = data ? headlineOf(data) : null;
  const levels = useMemo(() => (data ? levelChart(data, t) : null), [data, t]);
  const expiry = useMemo(() => (data ? expiryChart(data, t) : null), [data, t]);

  const exportWorkbook = () =>
    run(async () => {
      const file = await call('report.monthlyExport', { month });
      downloadBase64({ ...file, mimeType: XLSX });
      message.success(t('reports.exported', { file: file.fileName, sheets: file.sheets.length }));
    });

  const traced = (figure: TraceFigure, text: string, r: MonthlyFigureRow) =>
    r.scope === 'unit' && r.unitId !== null ? (
      <Typography.Link onClick={() => setTarget({ unitId: r.unitId!, unitName: r.name, figure })} data-testid={`trace-${figure}-${r.unitCode}`}>
        {text}
      </Typography.Link>
    ) : (
      text
    );

  const columns: ColumnsType<MonthlyFigureRow> = [
    {
      title: t('reports.col.unit'),
      key: 'unit',
      fixed: 'left',
      width: 200,
      ellipsis: true,
      render: (_, r) => (r.scope === 'level' ? <strong>{t('reports.col.levelTotal', { level: r.name, count: r.unitCount })}</strong> : r.scope === 'community' ? <strong>{r.name}</strong> : r.name),
    },
    { title: t('reports.col.level'), key: 'level', width: 64, render: (_, r) => (r.scope === 'unit' && r.level ? UNIT_LEVEL_LABELS[r.level] : '') },
    { title: t('reports.col.inflow'), key: 'inflow', width: 120, align: 'right', render: (_, r) => traced('inflow', yuan(r.inflowMicro), r) },
    { title: t('reports.col.formulary'), key: 'formulary', width: 84, align: 'right', render: (_, r) => traced('formulary', pct(r.formularyShareBp), r) },
    {
      title: t('reports.col.essential'),
      key: 'essential',
      width: 130,
      align: 'right',
      render: (_, r) => (
        <>
          {pct(r.essentialVarietyShareBp)} / {traced('essential', pct(r.essentialAmountShareBp), r)}
        </>
      ),
    },
    { title: t('reports.col.platform'), key: 'platform', width: 90, align: 'right', render: (_, r) => traced('platform', pct(r.platformShareBp), r) },
    { title: t('reports.col.vbp'), key: 'vbp', width: 84, align: 'right', render: (_, r) => pct(r.vbpCompletionBp) },
    { title: t('reports.col.budget'), key: 'budget', width: 84, align: 'right', render: (_, r) => pct(r.budgetExecutionBp) },
    { title: t('reports.col.preparation'), key: 'preparation', width: 100, align: 'right', render: (_, r) => traced('preparation', yuan(r.preparationMicro), r) },
    { title: t('reports.col.nearExpiry'), key: 'near', width: 100, align: 'right', render: (_, r) => traced('nearExpiry', yuan(r.nearExpiryMicro), r) },
    { title: t('reports.col.expired'), key: 'expired', width: 90, align: 'right', render: (_, r) => traced('expired', yuan(r.expiredMicro), r) },
    { title: t('reports.col.closing'), key: 'closing', width: 120, align: 'right', render: (_, r) => traced('closing', yuan(r.closingMicro), r) },
    { title: t('reports.col.turnover'), key: 'turnover', width: 84, align: 'right', render: (_, r) => traced('outflow', r.turnoverDays === null ? '—' : r.turnoverDays.toFixed(1), r) },
  ];
  const rows = data ? [...data.units, ...data.levels, ...(data.community ? [data.community] : [])] : [];
  const p = data?.payments ?? null;

  return (
    <>
      <PageHeader
        title={t('reports.title')}
        subtitle={
          data
            ? wide
              ? t('reports.subtitle', { community: community.data?.community?.name ?? '', from: data.firstDay, to: data.lastDay })
              : t('reports.ownSubtitle', { unit: user.unitName, from: data.firstDay, to: data.lastDay })
            : undefined
        }
        actions={
          <Flex gap={8} align="center">
            <MonthPicker value={month} onChange={setMonth} testId="report-month" />
            {wide && (
              <>
                <Button icon={<DownloadOutlined />} loading={busy} onClick={exportWorkbook} data-testid="report-export">
                  {t('reports.export')}
                </Button>
                <Link to="/print/monthly-report" search={{ month }} target="_blank">
                  <Button icon={<PrinterOutlined />}>{t('reports.print')}</Button>
                </Link>
              </>
            )}
          </Flex>
        }
      />
      {head && (
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="report-kpis">
          <Kpi title={t('reports.kpi.formulary')} value={pct(head.formularyShareBp)} />
          <Kpi
            title={t('reports.kpi.vbp')}
            value={pct(head.vbpCompletionBp)}
            note={`${t('reports.kpi.vbpElapsed', { pct: pct(head.vbpElapsedBp) })}${head.vbpProductsBehind > 0 ? ` · ${t('reports.kpi.vbpBehind', { count: head.vbpProductsBehind })}` : ''}`}
            warn={head.vbpProductsBehind > 0}
          />
          <Kpi title={t('reports.kpi.essential')} value={pct(head.essentialAmountShareBp)} note={t('reports.kpi.essentialVarieties', { pct: pct(head.essentialVarietyShareBp) })} />
          <Kpi title={t('reports.kpi.platform')} value={pct(head.platformShareBp)} />
          {p && (
            <Kpi
              title={t('reports.kpi.paymentDays')}
              value={p.averageDays === null ? t('reports.kpi.none') : t('reports.kpi.days', { days: p.averageDays })}
              note={p.vbpAverageDays === null ? undefined : t('reports.kpi.paymentDaysVbp', { days: p.vbpAverageDays })}
            />
          )}
          {p && <Kpi title={t('reports.kpi.overdue')} value={t('reports.kpi.yuan', { amount: yuan(p.overdueMicro) })} note={t('reports.kpi.overdueCount', { count: p.overdueCount, sme: yuan(p.smeOverdueMicro) })} warn={p.overdueMicro > 0} />}
          <Kpi title={t('reports.kpi.expiry')} value={`${yuan(head.nearExpiryMicro)} / ${yuan(head.expiredMicro)}`} warn={head.expiredMicro > 0} />
          <Kpi title={t('reports.kpi.turnover')} value={head.turnoverDays === null ? t('reports.kpi.none') : t('reports.kpi.days', { days: head.turnoverDays.toFixed(1) })} />
        </Row>
      )}
      {data && wide && levels && expiry && (
        <Row gutter={12} style={{ marginBottom: 12 }}>
          <Col span={12}>
            <Card size="small" title={t('reports.chart.levels')}>
              <Chart option={levels} height={230} ariaLabel={t('reports.chart.levelsAria')} testId="chart-levels" />
            </Card>
          </Col>
          <Col span={12}>
            <Card size="small" title={t('reports.chart.expiry')}>
              <Chart option={expiry} height={230} ariaLabel={t('reports.chart.expiryAria')} testId="chart-expiry" />
            </Card>
          </Col>
        </Row>
      )}
      <Table<MonthlyFigureRow>
        size="small"
        rowKey={(r) => `${r.scope}-${r.unitId ?? r.unitCode}`}
        columns={columns}
        dataSource={rows}
        loading={report.isFetching}
        pagination={false}
        scroll={{ x: 1380, y: 'calc(100vh - 420px)' }}
        rowClassName={(r) => (r.scope === 'unit' ? '' : 'row-total')}
        data-testid="report-table"
      />
      {data && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
          <Tooltip
            title={
              <div>
                {data.definitions.map((d) => (
                  <p key={d.figure} style={{ margin: '0 0 4px' }}>
                    <strong>{d.label}</strong>：{d.text}
                  </p>
                ))}
              </div>
            }
            overlayStyle={{ maxWidth: 640 }}
          >
            <Typography.Link>{t('reports.definitions')}</Typography.Link>
          </Tooltip>
        </Typography.Paragraph>
      )}
      <MonthlyReportTrace month={month} target={target} onClose={() => setTarget(null)} />
    </>
  );
}

function Kpi({ title, value, note, warn = false }: { title: string; value: string; note?: string | undefined; warn?: boolean }) {
  return (
    <Col xs={12} md={6} xl={3}>
      <Card size="small" style={{ height: '100%' }} styles={{ body: { padding: '10px 12px' } }}>
        <Statistic title={title} value={value} valueStyle={{ fontSize: 18, color: warn ? '#cf1322' : undefined }} />
        {note && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {note}
          </Typography.Text>
        )}
      </Card>
    </Col>
  );
}

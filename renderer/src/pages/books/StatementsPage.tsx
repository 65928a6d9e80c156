import { DownloadOutlined, FileDoneOutlined } from '@ant-design/icons';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import type { ColDef } from 'ag-grid-community';
import { Alert, App, Badge, Button, Card, Popconfirm, Space, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UNIT_SCOPED_ROLES, type StatementListRow, type TrialBalanceRow } from '../../../../core/api/index.js';
import { call, exportUrl } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useAction } from '../../api/useAction.js';
import { useOp } from '../../api/hooks.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { formatDateTime } from '../../labels.js';
import { useCan, useSessionUser } from '../../session/SessionContext.js';
import { lastMonth, monthLabel, MonthPicker, newRequestId, StatementStateTag, UnitSelect, yuan } from './booksShared.js';
import { refreshStatements, StatementDetail, useIssueStatement } from './StatementDetail.js';

/** The month of the address (?month=), else last month (the one being closed at the start of a month). */
function useMonth(): [string, (month: string) => void] {
  const search = useSearch({ from: '/app/statements' });
  const navigate = useNavigate({ from: '/statements' });
  return [search.month ?? lastMonth(), (month: string) => void navigate({ search: { month }, replace: true })];
}

/**
 * 内部结算单: the centre's overview of every member unit's month (issue, re-issue, export; the trial balance), or,
 * for a member pharmacist, their own unit's statement to confirm or dispute.
 */
export function StatementsPage() {
  const user = useSessionUser();
  return UNIT_SCOPED_ROLES.includes(user.role) ? <MyStatements /> : <CentreStatements />;
}

/** 我的结算单: the member's own unit only (the hub enforces it; there is no unit to pick). */
function MyStatements() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const [month, setMonth] = useMonth();
  return (
    <>
      <PageHeader title={t('books.member.title')} subtitle={t('books.member.subtitle', { unit: user.unitName })} actions={<MonthPicker value={month} onChange={setMonth} testId="statements-month" />} />
      <StatementDetail unitId={user.unitId} month={month} />
    </>
  );
}

function CentreStatements() {
  const { t } = useTranslation();
  const [month, setMonth] = useMonth();
  const [tab, setTab] = useState('statements');
  return (
    <>
      <PageHeader title={t('books.statements.title')} subtitle={t('books.statements.subtitle')} actions={<MonthPicker value={month} onChange={setMonth} testId="statements-month" />} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: 'statements', label: t('books.statements.tab'), children: <StatementList month={month} /> },
          { key: 'trial', label: t('books.trial.tab'), children: <TrialBalance month={month} /> },
        ]}
      />
    </>
  );
}

function StatementList({ month }: { month: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const canIssue = useCan('settlement.issue');
  const list = useOp('settlement.list', { month }, { placeholderData: keepPreviousData });
  const { issuing, issue } = useIssueStatement();
  const all = useAction();
  const issueAll = () =>
    all.run(async () => {
      const out = await call('settlement.issueAll', { month, requestId: newRequestId() });
      void message.success(t('books.statements.issuedAll', { issued: out.issued, skipped: out.skipped }));
      await refreshStatements(client);
    });
  const columns = useMemo<ColDef<StatementListRow>[]>(() => {
    // Short headers (the full name in the tooltip) so the month's figures fit a 1366-wide screen.
    const money = (field: keyof StatementListRow, key: string): ColDef<StatementListRow> => ({
      field,
      headerName: t(`books.figuresShort.${key}`),
      headerTooltip: t(`books.figures.${key}`),
      width: 92,
      type: 'rightAligned',
      cellStyle: { fontVariantNumeric: 'tabular-nums' },
      valueFormatter: ({ value }) => yuan(value as number | null),
    });
    return [
      {
        field: 'unitName',
        headerName: t('books.statements.unit'),
        width: 140,
        pinned: 'left',
        tooltipValueGetter: ({ data }) => (data ? `${data.unitName}（${data.unitCode}）` : ''),
        cellRenderer: ({ data }: { data?: StatementListRow }) =>
          data ? (
            <Link to="/statements/$unitId/$month" params={{ unitId: data.unitId, month }} data-testid={`statement-open-${data.unitCode}`}>
              {data.unitName}
            </Link>
          ) : null,
      },
      { field: 'number', headerName: t('books.statements.number'), width: 122 },
      {
        field: 'statusLabel',
        headerName: t('books.statements.status'),
        width: 80,
        tooltipValueGetter: ({ data }) => (data?.confirmedAt ? t('books.statements.confirmedOn', { at: formatDateTime(data.confirmedAt) }) : ''),
        cellRenderer: ({ data }: { data?: StatementListRow }) => (data ? <StatementStateTag state={data.status} label={data.statusLabel} /> : null),
      },
      money('openingMicro', 'opening'),
      money('receivedMicro', 'received'),
      money('returnedMicro', 'returned'),
      money('consumedMicro', 'consumed'),
      money('adjustedMicro', 'adjusted'),
      { ...money('closingMicro', 'closing'), cellStyle: { fontVariantNumeric: 'tabular-nums', fontWeight: 600 } },
      { field: 'memberNote', headerName: t('books.statements.memberNote'), flex: 1, minWidth: 100, tooltipField: 'memberNote' },
      ...(canIssue
        ? [
            {
              colId: 'issue',
              headerName: '',
              width: 96,
              pinned: 'right',
              sortable: false,
              filter: false,
              cellRenderer: ({ data }: { data?: StatementListRow }) =>
                data && data.status !== 'confirmed' ? (
                  <Button size="small" type={data.status === 'disputed' ? 'primary' : 'default'} loading={issuing === data.unitId} onClick={() => void issue(data.unitId, month)} data-testid={`statement-issue-${data.unitCode}`}>
                    {data.status === null ? t('books.issue') : t('books.reissue')}
                  </Button>
                ) : null,
            } as ColDef<StatementListRow>,
          ]
        : []),
    ];
    // The cells close over month and issuing; the grid re-renders them when the columns change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [t, canIssue, month, issuing]);
  const counts = list.data?.counts;
  return (
    <Card
      size="small"
      title={
        counts && (
          <Space size={16} data-testid="statement-counts">
            <Typography.Text strong>{monthLabel(month)}</Typography.Text>
            <Badge color="#bfbfbf" text={t('books.statements.countNone', { count: counts.none })} />
            <Badge status="processing" text={t('books.statements.countIssued', { count: counts.issued })} />
            <Badge status="error" text={t('books.statements.countDisputed', { count: counts.disputed })} />
            <Badge status="success" text={t('books.statements.countConfirmed', { count: counts.confirmed })} />
          </Space>
        )
      }
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} href={exportUrl('settlement.list', { month })} download data-testid="statements-export">
            {t('books.export')}
          </Button>
          {canIssue && (
            <Popconfirm title={t('books.statements.issueAllConfirm', { month: monthLabel(month) })} onConfirm={() => void issueAll()} okButtonProps={{ 'data-testid': 'statements-issue-all-ok' } as never}>
              <Button type="primary" icon={<FileDoneOutlined />} loading={all.busy} data-testid="statements-issue-all">
                {t('books.statements.issueAll')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      {list.error && <Alert type="error" showIcon message={errorMessage(list.error, t)} style={{ marginBottom: 8 }} />}
      <DataGrid<StatementListRow> testId="statements-grid" rows={list.data?.rows} columns={columns} rowId={(r) => String(r.unitId)} loading={list.isPending} height="calc(100vh - 290px)" />
    </Card>
  );
}

/** 科目余额表: every unit's accounts (or one unit's) for the month; Σ debit = Σ credit. */
function TrialBalance({ month }: { month: string }) {
  const { t } = useTranslation();
  const canBooks = useCan('books.read');
  const [unitId, setUnitId] = useState<number | null>(null);
  const input = { month, ...(unitId ? { unitId } : {}) };
  const got = useOp('books.trialBalance', input, { placeholderData: keepPreviousData, enabled: canBooks });
  const columns = useMemo<ColDef<TrialBalanceRow>[]>(
    () => [
      { field: 'unitName', headerName: t('books.statements.unit'), width: 200, pinned: 'left' },
      { field: 'accountLabel', headerName: t('books.trial.account'), width: 170 },
      ...(['opening', 'debit', 'credit', 'closing'] as const).map(
        (key): ColDef<TrialBalanceRow> => ({
          field: `${key}Micro`,
          headerName: t(`books.trial.${key}`),
          width: 150,
          type: 'rightAligned',
          cellStyle: { fontVariantNumeric: 'tabular-nums' },
          valueFormatter: ({ value }) => yuan(value as number),
        }),
      ),
    ],
    [t],
  );
  if (!canBooks) return <Alert type="info" showIcon message={t('books.trial.noPermission')} />;
  return (
    <Card
      size="small"
      title={
        got.data &&
        (got.data.balanced ? (
          <Tag color="success" data-testid="trial-balanced">
            {t('books.trial.balanced')}
          </Tag>
        ) : (
          <Tag color="error">{t('books.trial.unbalanced')}</Tag>
        ))
      }
      extra={
        <Space>
          <UnitSelect value={unitId} onChange={setUnitId} testId="trial-unit" />
          {unitId && <Button onClick={() => setUnitId(null)}>{t('books.trial.allUnits')}</Button>}
          <Button icon={<DownloadOutlined />} href={exportUrl('books.trialBalance', input)} download>
            {t('books.export')}
          </Button>
        </Space>
      }
    >
      {got.error && <Alert type="error" showIcon message={errorMessage(got.error, t)} style={{ marginBottom: 8 }} />}
      <DataGrid<TrialBalanceRow> testId="trial-grid" rows={got.data?.rows} columns={columns} rowId={(r) => `${r.unitId}-${r.account}`} loading={got.isPending} height="calc(100vh - 290px)" />
    </Card>
  );
}

import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { ColDef } from 'ag-grid-community';
import { Button, Card, Collapse, Empty, Flex, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYuan, REQUISITION_STATES, type BudgetRow, type OpInput, type OpOutput, type RequisitionState, type RequisitionSummary } from '../../../../core/api/index.js';
import { exportUrl } from '../../api/client.js';
import { useOp } from '../../api/hooks.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { formatDateTime } from '../../labels.js';
import { useCan, useSessionUser } from '../../session/SessionContext.js';
import { RequisitionStateTag } from './requisitionShared.js';

type Tab = 'mine' | 'pending' | 'review' | 'all' | 'backOrders';
type ListInput = NonNullable<OpInput<'requisition.list'>>;
type BackOrder = OpOutput<'requisition.backOrders'>['backOrders'][number];
const rowId = (r: RequisitionSummary) => String(r.id);

/**
 * 请领单: a member pharmacist's own list (我的请领单) with 新建请领单 and their back-orders; the centre's 待审核
 * grouped by unit with each unit's budget left; a township's 待乡镇审核 of its villages when the community routes
 * them so; every list exports to xlsx.
 */
export function RequisitionsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useSessionUser();
  const canRequest = useCan('requisition.request');
  const canApprove = useCan('requisition.approve');
  const canReview = useCan('requisition.review');
  const settings = useOp('distribution.settings.get', {});
  const reviewer = canReview && settings.data?.settings.villageViaTownship === true;
  const tabs: Tab[] = [...(canApprove ? (['pending'] as const) : []), ...(canRequest ? (['mine'] as const) : []), ...(reviewer ? (['review'] as const) : []), 'all', 'backOrders'];
  const [tab, setTab] = useState<Tab>(tabs[0]!);
  const [state, setState] = useState<RequisitionState | undefined>();
  const [query, setQuery] = useState('');
  const filter: ListInput = {
    limit: 500,
    offset: 0,
    ...(tab === 'mine' ? { unitId: user.unitId } : {}),
    ...(tab === 'pending' ? { states: ['submitted', 'reviewed'] as RequisitionState[] } : {}),
    ...(tab === 'review' ? { states: ['submitted'] as RequisitionState[] } : {}),
    ...(state && (tab === 'all' || tab === 'mine') ? { states: [state] } : {}),
    ...(query ? { query } : {}),
  };
  const list = useOp('requisition.list', filter, { placeholderData: keepPreviousData, enabled: tab !== 'backOrders' });
  const budgets = useOp('budget.list', {}, { enabled: tab === 'pending' });
  const owed = useOp('requisition.backOrders', {}, { enabled: tab === 'backOrders' });
  const rows = useMemo(() => {
    const all = list.data?.requisitions ?? [];
    if (tab === 'review') return all.filter((r) => r.reviewUnitId === user.unitId && r.unitId !== user.unitId);
    if (tab === 'pending') return all.filter((r) => r.state === 'reviewed' || r.reviewUnitId === null);
    return all;
  }, [list.data, tab, user.unitId]);
  const open = (id: number) => void navigate({ to: '/requisitions/$requisitionId', params: { requisitionId: id } });

  const columns = useMemo<ColDef<RequisitionSummary>[]>(
    () => [
      {
        field: 'number',
        headerName: t('requisitions.number'),
        width: 150,
        pinned: 'left',
        cellClass: 'mono',
        cellRenderer: ({ data }: { data?: RequisitionSummary }) => (data ? <a onClick={() => open(data.id)}>{data.number}</a> : null),
      },
      { field: 'stateLabel', headerName: t('requisitions.state'), width: 110, cellRenderer: ({ data }: { data?: RequisitionSummary }) => (data ? <RequisitionStateTag doc={data} /> : null) },
      { field: 'unitName', headerName: t('requisitions.unit'), width: 160 },
      { field: 'storeName', headerName: t('requisitions.store'), width: 120 },
      { field: 'lineCount', headerName: t('requisitions.lineCount'), width: 80, type: 'rightAligned' },
      { field: 'valueYuan', headerName: t('requisitions.value'), width: 120, type: 'rightAligned', cellClass: 'mono', comparator: (_a, _b, x, y) => (x.data?.valueMicro ?? 0) - (y.data?.valueMicro ?? 0) },
      { field: 'submittedAt', headerName: t('requisitions.submittedAt'), width: 160, valueFormatter: ({ value }) => formatDateTime(value as string | null) },
      {
        field: 'backOrderLines',
        headerName: t('requisitions.backOrderLines'),
        width: 96,
        type: 'rightAligned',
        cellStyle: ({ value }) => ((value as number) > 0 ? { color: '#d4380d', fontWeight: 600 } : null),
      },
      { field: 'createdBy', headerName: t('requisitions.createdBy'), width: 100 },
      { field: 'note', headerName: t('requisitions.note'), flex: 1, minWidth: 160 },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t],
  );
  const backOrderColumns = useMemo<ColDef<BackOrder>[]>(
    () => [
      { field: 'unitName', headerName: t('requisitions.unit'), width: 160 },
      {
        field: 'number',
        headerName: t('requisitions.number'),
        width: 150,
        cellClass: 'mono',
        cellRenderer: ({ data }: { data?: BackOrder }) => (data ? <a onClick={() => open(data.requisitionId)}>{data.number}</a> : null),
      },
      { field: 'itemName', headerName: t('requisitions.item'), width: 200 },
      { field: 'spec', headerName: t('requisitions.spec'), width: 120 },
      { field: 'quantity', headerName: t('requisitions.backOrder'), width: 120, type: 'rightAligned', valueFormatter: ({ data }) => (data ? `${data.quantity}${data.baseUnit}` : '') },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t],
  );

  const exportHref = tab === 'backOrders' ? exportUrl('requisition.backOrders', {}) : exportUrl('requisition.list', { ...filter, limit: 5000 });
  return (
    <>
      <PageHeader
        title={t('requisitions.title')}
        subtitle={t('requisitions.subtitle')}
        actions={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void (tab === 'backOrders' ? owed.refetch() : list.refetch())} aria-label={t('common.refresh')} />
            <Button icon={<DownloadOutlined />} href={exportHref} download>
              {t('requisitions.export')}
            </Button>
            {canRequest && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate({ to: '/requisitions/new' })} data-testid="requisition-new">
                {t('requisitions.create')}
              </Button>
            )}
          </>
        }
      />
      <Flex gap={10} wrap align="center" style={{ marginBottom: 12 }}>
        <Segmented<Tab>
          value={tab}
          onChange={setTab}
          options={tabs.map((k) => ({ value: k, label: t(`requisitions.${k === 'review' ? 'pendingReview' : k}`) }))}
          data-testid="requisition-tabs"
        />
        {(tab === 'all' || tab === 'mine') && (
          <Select
            allowClear
            style={{ width: 140 }}
            placeholder={t('requisitions.allStates')}
            value={state}
            onChange={setState}
            options={REQUISITION_STATES.map((s) => ({ value: s, label: t(`requisitions.stateTag.${s}`) }))}
          />
        )}
        {tab !== 'backOrders' && <Input.Search allowClear style={{ width: 240 }} placeholder={t('requisitions.searchPlaceholder')} onSearch={(v) => setQuery(v.trim())} />}
      </Flex>
      {tab === 'pending' ? (
        <PendingByUnit rows={rows} budgets={budgets.data?.budgets ?? []} onOpen={open} />
      ) : tab === 'backOrders' ? (
        <DataGrid<BackOrder> testId="backorders-grid" rows={owed.data?.backOrders} columns={backOrderColumns} rowId={(r) => String(r.requisitionLineId)} loading={owed.isPending} height="calc(100vh - 250px)" />
      ) : (
        <>
          <DataGrid<RequisitionSummary> testId="requisitions-grid" rows={rows} columns={columns} rowId={rowId} loading={list.isPending} height="calc(100vh - 250px)" />
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
            {t('common.total', { count: rows.length })}
          </Typography.Text>
        </>
      )}
    </>
  );
}

/** 待审核, one panel per unit: its requisitions and what its budget has left. */
function PendingByUnit({ rows, budgets, onOpen }: { rows: RequisitionSummary[]; budgets: BudgetRow[]; onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  const byUnit = new Map<number, RequisitionSummary[]>();
  for (const r of rows) byUnit.set(r.unitId, [...(byUnit.get(r.unitId) ?? []), r]);
  const budgetOf = new Map(budgets.map((b) => [b.unitId, b]));
  if (byUnit.size === 0) return <Empty description={t('requisitions.noPending')} />;
  return (
    <Card size="small" data-testid="pending-by-unit">
      <Collapse
        defaultActiveKey={[...byUnit.keys()].map(String)}
        items={[...byUnit.entries()].map(([unitId, list]) => {
          const b = budgetOf.get(unitId);
          const value = list.reduce((s, r) => s + r.valueMicro, 0);
          return {
            key: String(unitId),
            label: (
              <Space size={12}>
                <Typography.Text strong>{list[0]!.unitName}</Typography.Text>
                <span>{t('requisitions.requisitionsCount', { count: list.length })}</span>
                <span>¥{formatYuan(value)}</span>
                {b && (
                  <Tag color={b.amountMicro === null || b.remainingMicro < value ? 'red' : 'green'}>
                    {t('requisitions.budgetRemaining')} {b.amountMicro === null ? t('requisitions.noBudget') : `¥${b.remainingYuan}`}
                  </Tag>
                )}
              </Space>
            ),
            children: (
              <Table<RequisitionSummary>
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={list}
                onRow={(r) => ({ onClick: () => onOpen(r.id), style: { cursor: 'pointer' } })}
                columns={[
                  { title: t('requisitions.number'), dataIndex: 'number', render: (v: string) => <a className="mono">{v}</a> },
                  { title: t('requisitions.state'), key: 'state', render: (_: unknown, r) => <RequisitionStateTag doc={r} /> },
                  { title: t('requisitions.store'), dataIndex: 'storeName' },
                  { title: t('requisitions.lineCount'), dataIndex: 'lineCount', align: 'right' },
                  { title: t('requisitions.value'), dataIndex: 'valueYuan', align: 'right' },
                  {
                    title: t('requisitions.centralShort'),
                    dataIndex: 'centralShortLines',
                    align: 'right',
                    render: (v: number) => (v > 0 ? <Tag color="orange">{t('requisitions.centralShortCount', { count: v })}</Tag> : <Tag color="green">{t('requisitions.centralEnough')}</Tag>),
                  },
                  { title: t('requisitions.submittedAt'), dataIndex: 'submittedAt', render: (v: string | null) => formatDateTime(v) },
                  { title: t('requisitions.createdBy'), dataIndex: 'createdBy' },
                ]}
              />
            ),
          };
        })}
      />
    </Card>
  );
}

import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { ColDef } from 'ag-grid-community';
import { Segmented, Space, Typography } from 'antd';
import { Button } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYuan, type Discrepancy } from '../../../../core/api/index.js';
import { exportUrl } from '../../api/client.js';
import { useOp } from '../../api/hooks.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { formatDateTime } from '../../labels.js';
import { DiscrepancyActions, DiscrepancyStatusTag } from './DiscrepancyActions.js';

type Status = 'unresolved' | 'open' | 'pending_write_off' | 'resolved' | 'all';
const STATUSES: Status[] = ['unresolved', 'open', 'pending_write_off', 'resolved', 'all'];

/** /discrepancies: what did not arrive as shipped, each side its own (the member by unit, the centre all), with the officer's actions. */
export function DiscrepanciesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [status, setStatus] = useState<Status>('unresolved');
  const input = { status, limit: 500 };
  const list = useOp('discrepancy.list', input, { placeholderData: keepPreviousData });
  const columns = useMemo<ColDef<Discrepancy>[]>(
    () => [
      {
        field: 'shipmentNumber',
        headerName: t('shipments.discrepancies.shipment'),
        width: 150,
        pinned: 'left',
        cellClass: 'mono',
        cellRenderer: ({ data }: { data?: Discrepancy }) =>
          data ? (
            <a
              onClick={() =>
                void (data.shipmentKind === 'return'
                  ? navigate({ to: '/member-returns/$returnId', params: { returnId: data.shipmentId } })
                  : navigate({ to: '/shipments/$shipmentId', params: { shipmentId: data.shipmentId } }))
              }
            >
              {data.shipmentNumber}
            </a>
          ) : null,
      },
      { field: 'unitName', headerName: t('shipments.discrepancies.unit'), width: 150 },
      { colId: 'item', headerName: t('shipments.discrepancies.item'), flex: 1, minWidth: 180, valueGetter: ({ data }) => (data ? `${data.itemName} ${data.spec}` : '') },
      { field: 'batchNo', headerName: t('shipments.discrepancies.batchNo'), width: 120, cellClass: 'mono' },
      { field: 'kindLabel', headerName: t('shipments.discrepancies.kind'), width: 90 },
      { colId: 'quantity', headerName: t('shipments.discrepancies.quantity'), width: 90, type: 'rightAligned', valueGetter: ({ data }) => (data ? `${data.quantity}${data.baseUnit}` : '') },
      { colId: 'amount', headerName: t('shipments.discrepancies.amount'), width: 96, type: 'rightAligned', valueGetter: ({ data }) => (data ? formatYuan(data.amountMicro) : '') },
      { field: 'reason', headerName: t('shipments.discrepancies.reason'), width: 160, tooltipField: 'reason' },
      { field: 'statusLabel', headerName: t('shipments.discrepancies.state'), width: 110, cellRenderer: ({ data }: { data?: Discrepancy }) => (data ? <DiscrepancyStatusTag d={data} /> : null) },
      { colId: 'resolution', headerName: t('shipments.discrepancies.resolution'), width: 180, valueGetter: ({ data }) => (data ? [data.resolutionLabel, data.resolutionNote].filter(Boolean).join('：') : '') },
      { field: 'openedBy', headerName: t('shipments.discrepancies.openedBy'), width: 96 },
      { field: 'openedAt', headerName: t('shipments.discrepancies.openedAt'), width: 150, valueFormatter: ({ value }) => formatDateTime(value as string) },
      { colId: 'actions', headerName: '', width: 200, pinned: 'right', cellRenderer: ({ data }: { data?: Discrepancy }) => (data ? <DiscrepancyActions d={data} /> : null) },
    ],
    [t, navigate],
  );
  return (
    <>
      <PageHeader
        title={t('shipments.discrepancies.title')}
        subtitle={t('shipments.discrepancies.subtitle')}
        actions={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
            <Button icon={<DownloadOutlined />} href={exportUrl('discrepancy.list', { ...input, limit: 5000 })} download>
              {t('shipments.export')}
            </Button>
          </Space>
        }
      />
      <Segmented<Status> style={{ marginBottom: 12 }} value={status} onChange={setStatus} options={STATUSES.map((s) => ({ value: s, label: t(`shipments.discrepancies.status.${s}`) }))} />
      <DataGrid<Discrepancy> testId="discrepancies-grid" rows={list.data?.discrepancies} columns={columns} rowId={(r) => String(r.id)} loading={list.isPending} height="calc(100vh - 250px)" />
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
        {t('common.total', { count: list.data?.discrepancies.length ?? 0 })}
      </Typography.Text>
    </>
  );
}

import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { ColDef } from 'ag-grid-community';
import { Alert, App, Button, Input, Modal, Table, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpInput, OpOutput, ShipmentAnyState, ShipmentSummary } from '../../../../core/api/index.js';
import { call, exportUrl } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { formatDateTime } from '../../labels.js';
import { useCan } from '../../session/SessionContext.js';
import { shipmentColumns } from './shipmentShared.js';

type QueueRow = OpOutput<'shipment.queue'>['requisitions'][number];
type Allocation = OpOutput<'shipment.allocate'>;
type TabKey = 'queue' | 'allocated' | 'transit' | 'incoming' | 'received' | 'all';

const TAB_FILTERS: Record<Exclude<TabKey, 'queue'>, { states?: ShipmentAnyState[]; direction?: 'incoming' }> = {
  allocated: { states: ['allocated'] },
  transit: { states: ['shipped'] },
  incoming: { states: ['shipped'], direction: 'incoming' },
  received: { states: ['received'], direction: 'incoming' },
  all: {},
};

/**
 * /shipments: the storekeeper's 待配货 (approved requisitions with back-orders, 配货 per row → the allocation with its
 * unfilled lines), 已配货/拣货 and 在途; a member pharmacist's 待签收 and 已签收; everyone else reads 在途 and all.
 */
export function ShipmentsPage() {
  const { t } = useTranslation();
  const canShip = useCan('distribution.ship');
  const canReceive = useCan('stock.receive');
  const tabs: TabKey[] = canShip ? ['queue', 'allocated', 'transit', 'all'] : canReceive ? ['incoming', 'received', 'all'] : ['transit', 'all'];
  const [tab, setTab] = useState<TabKey>(tabs[0]!);
  return (
    <>
      <PageHeader title={t('shipments.title')} subtitle={t('shipments.subtitle')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as TabKey)}
        items={tabs.map((k) => ({ key: k, label: <span data-testid={`shipments-tab-${k}`}>{t(`shipments.tabs.${k}`)}</span> }))}
      />
      {tab === 'queue' ? <QueueTab /> : <ShipmentListTab key={tab} filter={TAB_FILTERS[tab]} />}
    </>
  );
}

function ShipmentListTab({ filter }: { filter: { states?: ShipmentAnyState[]; direction?: 'incoming' } }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const input: NonNullable<OpInput<'shipment.list'>> = { kind: 'transfer', ...filter, ...(query ? { query } : {}), limit: 500, offset: 0 };
  const list = useOp('shipment.list', input, { placeholderData: keepPreviousData });
  const columns = useMemo(() => shipmentColumns(t, navigate), [t, navigate]);
  return (
    <>
      <div style={{ display: 'flex', gap: 10, marginBottom: 12 }}>
        <Input.Search allowClear style={{ width: 260 }} placeholder={t('shipments.col.number')} onSearch={(v) => setQuery(v.trim())} />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
        <Button icon={<DownloadOutlined />} href={exportUrl('shipment.list', { ...input, limit: 5000 })} download>
          {t('shipments.export')}
        </Button>
      </div>
      <DataGrid<ShipmentSummary> testId="shipments-grid" rows={list.data?.shipments} columns={columns} rowId={(r) => String(r.id)} loading={list.isPending} height="calc(100vh - 290px)" />
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
        {t('common.total', { count: list.data?.total ?? 0 })}
      </Typography.Text>
    </>
  );
}

function QueueTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const queue = useOp('shipment.queue', {});
  const [busy, setBusy] = useState<number | null>(null);
  const [result, setResult] = useState<Allocation | null>(null);
  const allocate = async (row: QueueRow) => {
    setBusy(row.requisitionId);
    try {
      const out = await call('shipment.allocate', { requisitionId: row.requisitionId });
      void message.success(t('shipments.queue.allocated', { number: out.shipment.number }));
      setResult(out);
      await client.invalidateQueries({ queryKey: ['shipment.queue'] });
      await client.invalidateQueries({ queryKey: ['shipment.list'] });
    } catch (error) {
      Modal.error({ title: t('shipments.queue.allocate'), content: errorMessage(error, t), width: 640 });
    } finally {
      setBusy(null);
    }
  };
  const columns = useMemo<ColDef<QueueRow>[]>(
    () => [
      { field: 'number', headerName: t('shipments.queue.number'), width: 160, cellClass: 'mono' },
      { field: 'unitName', headerName: t('shipments.queue.unit'), width: 180 },
      { field: 'storeName', headerName: t('shipments.queue.store'), width: 150 },
      { field: 'stateLabel', headerName: t('shipments.queue.state'), width: 100 },
      { field: 'approvedAt', headerName: t('shipments.queue.approvedAt'), width: 160, valueFormatter: ({ value }) => formatDateTime(value as string | null) },
      { field: 'lineCount', headerName: t('shipments.queue.lineCount'), width: 96, type: 'rightAligned' },
      { field: 'backOrderQuantity', headerName: t('shipments.queue.backOrder'), width: 110, type: 'rightAligned' },
      {
        colId: 'allocate',
        headerName: '',
        width: 110,
        cellRenderer: ({ data }: { data?: QueueRow }) =>
          data ? (
            <Button size="small" type="primary" loading={busy === data.requisitionId} onClick={() => void allocate(data)} data-testid={`allocate-${data.number}`}>
              {t('shipments.queue.allocate')}
            </Button>
          ) : null,
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, busy],
  );
  return (
    <>
      <div style={{ display: 'flex', gap: 10, marginBottom: 12 }}>
        <Button icon={<ReloadOutlined />} onClick={() => void queue.refetch()} aria-label={t('common.refresh')} />
        <Button icon={<DownloadOutlined />} href={exportUrl('shipment.queue', {})} download>
          {t('shipments.export')}
        </Button>
      </div>
      <DataGrid<QueueRow> testId="queue-grid" rows={queue.data?.requisitions} columns={columns} rowId={(r) => String(r.requisitionId)} loading={queue.isPending} height="calc(100vh - 290px)" />
      {result && (
        <Modal
          open
          width={760}
          title={t('shipments.allocation.title', { number: result.shipment.number })}
          onCancel={() => setResult(null)}
          okText={t('shipments.allocation.open')}
          onOk={() => void navigate({ to: '/shipments/$shipmentId', params: { shipmentId: result.shipment.id } })}
          okButtonProps={{ id: 'allocation-open' }}
        >
          {result.unfilled.length === 0 ? (
            <Alert type="success" showIcon message={t('shipments.allocation.allFilled')} />
          ) : (
            <>
              <Typography.Title level={5}>{t('shipments.allocation.unfilledTitle')}</Typography.Title>
              <Table
                size="small"
                pagination={false}
                rowKey="requisitionLineId"
                dataSource={result.unfilled}
                columns={[
                  { dataIndex: 'itemName', title: t('shipments.allocation.item') },
                  { dataIndex: 'quantity', title: t('shipments.allocation.quantity'), align: 'right', width: 90 },
                  { dataIndex: 'reason', title: t('shipments.allocation.reason') },
                ]}
              />
            </>
          )}
        </Modal>
      )}
    </>
  );
}

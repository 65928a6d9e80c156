import { DownloadOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { keepPreviousData } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { ColDef } from 'ag-grid-community';
import { App, Button, Card, DatePicker, Drawer, Flex, Input, Select, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ORDER_CHANNELS,
  ORDER_STATES,
  type OpInput,
  type OrderChannel,
  type OrderRow,
  type OrderState,
} from '../../../../core/api/index.js';
import { exportUrl } from '../../api/client.js';
import { useOp } from '../../api/hooks.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { useCan } from '../../session/SessionContext.js';
import { emptyLine, OrderEditor, type EditHeader, type EditLine } from './OrderEditor.js';
import { useSaveOrder } from './OrderPage.js';
import { ChannelTag, OrderStateTag, useReceivingStores, useSupplierOptions } from './orderShared.js';

type ListInput = NonNullable<OpInput<'purchaseOrder.list'>>;
const rowId = (r: OrderRow) => String(r.id);
const OPEN = 'open';

/** 采购订单 list: filters on the hub, the grid, the xlsx export, and a new order in a drawer. */
export function OrdersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canManage = useCan('purchase.manage');
  const [state, setState] = useState<OrderState | typeof OPEN | undefined>();
  const [channel, setChannel] = useState<OrderChannel | undefined>();
  const [storeId, setStoreId] = useState<number | undefined>();
  const [supplierId, setSupplierId] = useState<number | undefined>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const filter: ListInput = {
    ...(state === OPEN ? { open: true } : state ? { state } : {}),
    ...(channel ? { channel } : {}),
    ...(storeId ? { storeId } : {}),
    ...(supplierId ? { supplierId } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(q.trim() ? { q: q.trim() } : {}),
    pageSize: 500,
  };
  const list = useOp('purchaseOrder.list', filter, { placeholderData: keepPreviousData });
  const { stores } = useReceivingStores();
  const { suppliers } = useSupplierOptions();

  const columns = useMemo<ColDef<OrderRow>[]>(
    () => [
      { field: 'number', headerName: t('purchasing.col.number'), width: 150, pinned: 'left', cellClass: 'mono' },
      { field: 'orderDate', headerName: t('purchasing.col.orderDate'), width: 112 },
      {
        field: 'state',
        headerName: t('purchasing.col.state'),
        width: 100,
        cellRenderer: (p: { data?: OrderRow }) => p.data && <OrderStateTag state={p.data.state} />,
        valueFormatter: (p) => (p.data ? t(`purchasing.state.${p.data.state}`) : ''),
      },
      { field: 'supplierName', headerName: t('purchasing.col.supplier'), flex: 1, minWidth: 200 },
      {
        field: 'storeName',
        headerName: t('purchasing.col.store'),
        width: 270,
        valueGetter: (p) => (p.data ? `${p.data.unitName} · ${p.data.storeName}` : ''),
        cellRenderer: (p: { data?: OrderRow; value: string }) =>
          p.data && (
            <Flex gap={6} align="center">
              <span>{p.value}</span>
              {p.data.direct && <Tag color="purple">{t('purchasing.col.direct')}</Tag>}
            </Flex>
          ),
      },
      {
        field: 'channel',
        headerName: t('purchasing.col.channel'),
        width: 100,
        cellRenderer: (p: { data?: OrderRow }) => p.data && <ChannelTag channel={p.data.channel} />,
        tooltipValueGetter: (p) => p.data?.channelReason || null,
      },
      { field: 'lineCount', headerName: t('purchasing.col.lines'), width: 84, type: 'rightAligned' },
      {
        field: 'totalText',
        headerName: t('purchasing.col.total'),
        width: 120,
        type: 'rightAligned',
        cellClass: 'mono',
        comparator: (_a, _b, x, y) => (x.data?.totalMicro ?? 0) - (y.data?.totalMicro ?? 0),
      },
      { field: 'orderCode', headerName: t('purchasing.col.orderCode'), width: 140 },
      { field: 'createdBy', headerName: t('purchasing.col.createdBy'), width: 100 },
      { field: 'approvedBy', headerName: t('purchasing.col.approvedBy'), width: 100 },
    ],
    [t],
  );

  return (
    <>
      <PageHeader
        title={t('purchasing.title')}
        subtitle={t('purchasing.subtitle')}
        actions={
          <>
            <Button icon={<DownloadOutlined />} href={exportUrl('purchaseOrder.list', { ...filter, pageSize: 10_000 })} download>
              {t('purchasing.export')}
            </Button>
            {canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="po-new">
                {t('purchasing.newOrder')}
              </Button>
            )}
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }} styles={{ body: { padding: '10px 14px' } }}>
        <Flex gap={10} wrap align="center">
          <Select
            allowClear
            style={{ width: 150 }}
            placeholder={t('purchasing.filters.state')}
            value={state}
            onChange={setState}
            options={[
              { value: OPEN, label: t('purchasing.filters.open') },
              ...ORDER_STATES.map((s) => ({ value: s, label: t(`purchasing.state.${s}`) })),
            ]}
            data-testid="po-filter-state"
          />
          <Select
            allowClear
            style={{ width: 130 }}
            placeholder={t('purchasing.filters.channel')}
            value={channel}
            onChange={setChannel}
            options={ORDER_CHANNELS.map((c) => ({ value: c, label: t(`purchasing.channel.${c}`) }))}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 220 }}
            placeholder={t('purchasing.filters.store')}
            value={storeId}
            onChange={setStoreId}
            options={stores.map((s) => ({ value: s.id, label: s.isCentral ? s.name : `${s.unitName} · ${s.name}` }))}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 220 }}
            placeholder={t('purchasing.filters.supplier')}
            value={supplierId}
            onChange={setSupplierId}
            options={suppliers.map((s) => ({ value: s.id, label: s.name }))}
          />
          <Flex gap={6} align="center">
            <Typography.Text type="secondary">{t('purchasing.filters.dates')}</Typography.Text>
            <DatePicker.RangePicker
              style={{ width: 250 }}
              value={from && to ? [dayjs(from), dayjs(to)] : null}
              onChange={(range) => {
                setFrom(range?.[0]?.format('YYYY-MM-DD') ?? '');
                setTo(range?.[1]?.format('YYYY-MM-DD') ?? '');
              }}
            />
          </Flex>
          <Input.Search allowClear style={{ width: 220 }} placeholder={t('purchasing.filters.q')} onSearch={setQ} />
        </Flex>
      </Card>
      <DataGrid<OrderRow>
        testId="orders-grid"
        rows={list.data?.orders}
        columns={columns}
        rowId={rowId}
        loading={list.isPending}
        height="calc(100vh - 262px)"
        onRowClicked={(r) => void navigate({ to: '/orders/$orderId', params: { orderId: r.id } })}
      />
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
        {t('purchasing.shown', { shown: list.data?.orders.length ?? 0, total: list.data?.total ?? 0 })}
      </Typography.Text>
      {creating && <NewOrderDrawer onClose={() => setCreating(false)} />}
    </>
  );
}

function NewOrderDrawer({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { stores } = useReceivingStores();
  const central = stores.find((s) => s.isCentral);
  const [header, setHeader] = useState<EditHeader>({
    supplierId: null,
    storeId: null,
    channel: 'platform',
    channelReason: '',
    platformProfile: '',
    expectedOn: '',
    note: '',
  });
  const [lines, setLines] = useState<EditLine[]>(() => [emptyLine()]);
  const { save, errors, saving } = useSaveOrder();
  const shown = header.storeId === null && central ? { ...header, storeId: central.id } : header;
  return (
    <Drawer
      open
      width="min(1280px, 96vw)"
      title={t('purchasing.newOrderTitle')}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Button
          type="primary"
          icon={<SaveOutlined />}
          loading={saving}
          data-testid="po-create"
          onClick={async () => {
            const order = await save(shown, lines);
            if (order) {
              void message.success(`${t('purchasing.action.saved')} ${order.number}`);
              onClose();
              await navigate({ to: '/orders/$orderId', params: { orderId: order.id } });
            }
          }}
        >
          {t('purchasing.action.save')}
        </Button>
      }
    >
      <OrderEditor header={shown} lines={lines} onHeader={setHeader} onLines={setLines} errors={errors} />
    </Drawer>
  );
}

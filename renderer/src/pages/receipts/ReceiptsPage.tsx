import { DownloadOutlined, InboxOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { ColDef } from 'ag-grid-community';
import { App, Badge, Button, Card, Drawer, Empty, Flex, Input, Select, Table, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { communityDate, formatYuan, RECEIPT_STATES, type OpInput, type OpOutput, type ReceiptState } from '../../../../core/api/index.js';
import { call, exportUrl } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { useSession } from '../../session/useSession.js';
import { useReceivingStores, useSupplierOptions } from '../orders/orderShared.js';
import { focusScan, ReceiptEditor } from './ReceiptEditor.js';
import { emptyLine, fieldErrors, formatPackQty, lineItemOf, receiptInput, ReceiptStateTag, type EditHeader, type EditLine } from './receiptShared.js';

type Row = OpOutput<'receipt.list'>['receipts'][number];
type ArrivalOrder = OpOutput<'receipt.arrivals'>['orders'][number];
const rowId = (r: Row) => String(r.id);
const today = () => communityDate(new Date());

/**
 * The storekeeper's first screen: 待到货 (open orders to their stores with lines still to arrive — 收货 starts a
 * receipt prefilled with what is outstanding), 待验收 (draft receipts), and every receipt with the export.
 */
export function ReceiptsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const arrivals = useOp('receipt.arrivals', {});
  // Who may not receive (the officer, finance, auditors) sees what is arriving and waiting, without the actions.
  const canReceive = (useSession().data?.permissions ?? []).includes('stock.receive');
  const [tab, setTab] = useState('arrivals');
  const [creating, setCreating] = useState<{ order: ArrivalOrder | null } | null>(null);

  const orders = arrivals.data?.orders ?? [];
  const drafts = arrivals.data?.drafts ?? [];
  return (
    <>
      <PageHeader
        title={t('receiving.title')}
        subtitle={t('receiving.subtitle')}
        actions={
          canReceive && (
            <Button icon={<PlusOutlined />} onClick={() => setCreating({ order: null })} data-testid="rk-unplanned-new">
              {t('receiving.unplanned')}
            </Button>
          )
        }
      />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'arrivals',
            label: (
              <span data-testid="rk-tab-arrivals">
                {t('receiving.tabs.arrivals')} <Badge count={orders.length} showZero color="#1763b8" />
              </span>
            ),
            children: <Arrivals orders={orders} loading={arrivals.isPending} onReceive={canReceive ? (order) => setCreating({ order }) : null} />,
          },
          {
            key: 'drafts',
            label: (
              <span data-testid="rk-tab-drafts">
                {t('receiving.tabs.drafts')} <Badge count={drafts.length} showZero color="#d48806" />
              </span>
            ),
            children: (
              <ReceiptGrid rows={drafts} loading={arrivals.isPending} height={420} onOpen={(r) => void navigate({ to: '/receipts/$receiptId', params: { receiptId: r.id } })} />
            ),
          },
          { key: 'all', label: t('receiving.tabs.all'), children: <AllReceipts /> },
        ]}
      />
      {creating && <NewReceiptDrawer order={creating.order} onClose={() => setCreating(null)} />}
    </>
  );
}

function Arrivals({ orders, loading, onReceive }: { orders: ArrivalOrder[]; loading: boolean; onReceive: ((order: ArrivalOrder) => void) | null }) {
  const { t } = useTranslation();
  if (!loading && orders.length === 0) return <Empty description={t('receiving.arrivals.empty')} />;
  return (
    <Flex vertical gap={12} data-testid="rk-arrivals">
      {orders.map((order) => (
        <Card
          key={order.orderId}
          size="small"
          title={
            <Flex gap={10} align="center" wrap>
              <Typography.Text strong className="mono">
                {order.number}
              </Typography.Text>
              <Tag color="blue">{order.stateLabel}</Tag>
              <span>{order.supplierName}</span>
              <Typography.Text type="secondary">
                → {order.direct ? `${order.unitName} · ${order.storeName}` : order.storeName}
              </Typography.Text>
              {order.direct && <Tag color="purple">{t('receiving.arrivals.direct')}</Tag>}
              {order.expectedOn && <Typography.Text type="secondary">{t('receiving.arrivals.expected', { date: order.expectedOn })}</Typography.Text>}
            </Flex>
          }
          extra={
            onReceive && (
              <Button type="primary" icon={<InboxOutlined />} onClick={() => onReceive(order)} data-testid="rk-receive">
                {t('receiving.arrivals.receive')}
              </Button>
            )
          }
        >
          <Table
            size="small"
            pagination={false}
            rowKey="orderLineId"
            dataSource={order.lines}
            columns={[
              { title: t('receiving.line.no'), dataIndex: 'lineNo', width: 44, align: 'center' },
              { title: t('receiving.line.item'), render: (_v, l) => `${l.genericName} ${l.spec}` },
              { title: t('receiving.print.manufacturer'), dataIndex: 'manufacturer', width: 220 },
              { title: t('receiving.arrivals.progress'), width: 320, render: (_v, l) => t('receiving.line.ordered', { ordered: formatPackQty(l.ordered, l.packFactor, l.packUnit, l.baseUnit), received: formatPackQty(l.received, l.packFactor, l.packUnit, l.baseUnit), outstanding: formatPackQty(l.outstanding, l.packFactor, l.packUnit, l.baseUnit) }) },
            ]}
          />
        </Card>
      ))}
    </Flex>
  );
}

function ReceiptGrid({ rows, loading, height, onOpen }: { rows: Row[] | undefined; loading: boolean; height?: number | string; onOpen: (row: Row) => void }) {
  const { t } = useTranslation();
  const columns = useMemo<ColDef<Row>[]>(
    () => [
      { field: 'number', headerName: t('receiving.col.number'), width: 150, pinned: 'left', cellClass: 'mono' },
      {
        field: 'state',
        headerName: t('receiving.col.state'),
        width: 96,
        cellRenderer: (p: { data?: Row }) => p.data && <ReceiptStateTag state={p.data.state} />,
        valueFormatter: (p) => (p.data ? t(`receiving.state.${p.data.state}`) : ''),
      },
      { field: 'arrivedOn', headerName: t('receiving.col.arrivedOn'), width: 112 },
      { field: 'acceptedOn', headerName: t('receiving.col.acceptedOn'), width: 112 },
      { field: 'supplierName', headerName: t('receiving.col.supplier'), flex: 1, minWidth: 200 },
      { colId: 'store', headerName: t('receiving.col.store'), width: 200, valueGetter: (p) => (p.data ? `${p.data.unitName} · ${p.data.storeName}` : '') },
      { field: 'orderNumber', headerName: t('receiving.col.order'), width: 150, valueFormatter: (p) => p.value ?? t('receiving.unplanned') },
      { field: 'lineCount', headerName: t('receiving.col.lines'), width: 76, type: 'rightAligned' },
      { field: 'traceCodeCount', headerName: t('receiving.col.codes'), width: 88, type: 'rightAligned' },
      { field: 'totalYuan', headerName: t('receiving.col.total'), width: 120, type: 'rightAligned', cellClass: 'mono', comparator: (_a, _b, x, y) => (x.data?.totalMicro ?? 0) - (y.data?.totalMicro ?? 0) },
      { field: 'createdBy', headerName: t('receiving.col.createdBy'), width: 100 },
    ],
    [t],
  );
  return <DataGrid rows={rows} columns={columns} rowId={rowId} loading={loading} height={height} onRowClicked={onOpen} testId="rk-grid" />;
}

function AllReceipts() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { stores } = useReceivingStores();
  const { suppliers } = useSupplierOptions();
  const [state, setState] = useState<ReceiptState | undefined>();
  const [storeId, setStoreId] = useState<number | undefined>();
  const [supplierId, setSupplierId] = useState<number | undefined>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filter: NonNullable<OpInput<'receipt.list'>> = {
    ...(state ? { state } : {}),
    ...(storeId ? { storeId } : {}),
    ...(supplierId ? { supplierId } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    page: 1,
    pageSize: 500,
  };
  const list = useOp('receipt.list', filter, { placeholderData: keepPreviousData });
  return (
    <>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('receiving.filters.state')}
          style={{ width: 120 }}
          value={state}
          onChange={setState}
          options={RECEIPT_STATES.map((s) => ({ value: s, label: t(`receiving.state.${s}`) }))}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('receiving.filters.supplier')}
          style={{ width: 220 }}
          value={supplierId}
          onChange={setSupplierId}
          options={suppliers.map((s) => ({ value: s.id, label: s.name }))}
        />
        <Select
          allowClear
          placeholder={t('receiving.filters.store')}
          style={{ width: 200 }}
          value={storeId}
          onChange={setStoreId}
          options={stores.map((s) => ({ value: s.id, label: s.isCentral ? s.name : `${s.unitName} · ${s.name}` }))}
        />
        <Typography.Text type="secondary">{t('receiving.filters.dates')}</Typography.Text>
        <Input type="date" style={{ width: 150 }} value={from} onChange={(e) => setFrom(e.target.value)} />
        <span>–</span>
        <Input type="date" style={{ width: 150 }} value={to} onChange={(e) => setTo(e.target.value)} />
        <Button icon={<DownloadOutlined />} href={exportUrl('receipt.list', { ...filter, pageSize: 5000 })} download data-testid="rk-export">
          {t('receiving.export')}
        </Button>
        <Typography.Text type="secondary">{list.data ? `${list.data.receipts.length} / ${list.data.total}` : ''}</Typography.Text>
      </Flex>
      <ReceiptGrid rows={list.data?.receipts} loading={list.isPending} onOpen={(r) => void navigate({ to: '/receipts/$receiptId', params: { receiptId: r.id } })} />
    </>
  );
}

/** A new receipt: against an order (its outstanding lines prefilled) or unplanned; saved as a draft, then opened. */
function NewReceiptDrawer({ order, onClose }: { order: ArrivalOrder | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { stores } = useReceivingStores();
  const [header, setHeader] = useState<EditHeader>(() => ({
    supplierId: order?.supplierId ?? null,
    storeId: order?.storeId ?? stores.find((s) => s.isCentral)?.id ?? null,
    orderId: order?.orderId ?? null,
    orderNumber: order?.number ?? null,
    unplannedReason: '',
    arrivedOn: today(),
    note: '',
  }));
  const [lines, setLines] = useState<EditLine[]>(() => (order ? [] : [emptyLine()]));
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [saving, setSaving] = useState(false);
  const prefill = useOp('receipt.items', { itemIds: order?.lines.map((l) => l.itemId) ?? [] }, { enabled: order !== null });
  const [prefilled, setPrefilled] = useState(order === null);
  if (!prefilled && prefill.data && order) {
    const items = new Map(prefill.data.items.map((i) => [i.id, lineItemOf(i)]));
    setLines(
      order.lines.map((l) =>
        emptyLine(items.get(l.itemId) ?? null, {
          orderLineId: l.orderLineId,
          ordered: { ordered: l.ordered, received: l.received, outstanding: l.outstanding },
          packUnit: l.packUnit,
          packFactor: l.packFactor,
          acceptedPacks: l.outstanding / l.packFactor,
          priceText: formatYuan(l.priceMicro),
        }),
      ),
    );
    setPrefilled(true);
  }

  const onSave = async () => {
    const { input, rows } = receiptInput(header, lines);
    setSaving(true);
    try {
      const { receipt } = await call('receipt.create', input);
      await client.invalidateQueries({ queryKey: ['receipt.arrivals'] });
      void message.success(t('receiving.actions.saved'));
      onClose();
      void navigate({ to: '/receipts/$receiptId', params: { receiptId: receipt.id } });
    } catch (error) {
      const found = fieldErrors(error, rows);
      setErrors(found);
      void message.error(found.size > 1 ? t('receiving.actions.refusals', { count: found.size }) : errorMessage(error, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open
      width="min(1500px, 98vw)"
      title={order ? t('receiving.newFromOrder', { number: order.number }) : t('receiving.newTitle')}
      onClose={onClose}
      destroyOnHidden
      afterOpenChange={(open) => open && focusScan()}
      extra={
        <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void onSave()} data-testid="rk-create">
          {t('receiving.actions.save')}
        </Button>
      }
    >
      {prefilled && <ReceiptEditor header={header} lines={lines} onHeader={setHeader} onLines={setLines} errors={errors} fixedOrder={order !== null} />}
    </Drawer>
  );
}

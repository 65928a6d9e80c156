import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { App, Button, Drawer, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MEMBER_RETURN_REASONS, type MemberReturnReason, type OpInput, type ShipmentSummary } from '../../../../core/api/index.js';
import { call, exportUrl } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { useCan } from '../../session/SessionContext.js';
import { shipmentColumns } from './shipmentShared.js';

/** /member-returns: the 退库单 list (a member sees its own), and a new one made from the batches on hand in my store. */
export function MemberReturnsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canAdjust = useCan('stock.adjust');
  const [creating, setCreating] = useState(false);
  const input: NonNullable<OpInput<'shipment.list'>> = { kind: 'return', limit: 500, offset: 0 };
  const list = useOp('shipment.list', input, { placeholderData: keepPreviousData });
  const columns = useMemo(() => shipmentColumns(t, navigate, true), [t, navigate]);
  return (
    <>
      <PageHeader
        title={t('shipments.returns.title')}
        subtitle={t('shipments.returns.subtitle')}
        actions={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
            <Button icon={<DownloadOutlined />} href={exportUrl('shipment.list', { ...input, limit: 5000 })} download>
              {t('shipments.export')}
            </Button>
            {canAdjust && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="return-new">
                {t('shipments.returns.create')}
              </Button>
            )}
          </Space>
        }
      />
      <DataGrid<ShipmentSummary> testId="returns-grid" rows={list.data?.shipments} columns={columns} rowId={(r) => String(r.id)} loading={list.isPending} height="calc(100vh - 220px)" />
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
        {t('common.total', { count: list.data?.total ?? 0 })}
      </Typography.Text>
      {creating && <NewReturn onClose={() => setCreating(false)} onCreated={(id) => void navigate({ to: '/member-returns/$returnId', params: { returnId: id } })} />}
    </>
  );
}

function NewReturn({ onClose, onCreated }: { onClose: () => void; onCreated: (id: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const stores = useOp('store.list', {});
  const memberStores = (stores.data?.stores ?? []).filter((s) => s.active && !s.isCentral);
  const [storeId, setStoreId] = useState<number | null>(null);
  const store = storeId ?? (memberStores.length === 1 ? memberStores[0]!.id : null);
  const [reason, setReason] = useState<MemberReturnReason>('near_expiry');
  const [note, setNote] = useState('');
  const [quantities, setQuantities] = useState<Record<number, number>>({});
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [saving, setSaving] = useState(false);
  const batches = useOp('stockAdjustment.batches', { storeId: store ?? 0 }, { enabled: store !== null });
  const lines = Object.entries(quantities)
    .filter(([, q]) => q > 0)
    .map(([batchId, quantity]) => ({ batchId: Number(batchId), quantity }));
  const save = async () => {
    setSaving(true);
    try {
      const { shipment } = await call('memberReturn.create', { storeId: store ?? 0, reason, note, lines });
      await client.invalidateQueries({ queryKey: ['shipment.list'] });
      void message.success(t('shipments.returns.created', { number: shipment.number }));
      onCreated(shipment.id);
    } catch (error) {
      const fields = (error as { fields?: { path: string; message: string }[] }).fields ?? [];
      setErrors(new Map(fields.map((f) => [f.path.replace(/^lines\.(\d+)\..*$/, (_m, i: string) => `batch:${lines[Number(i)]?.batchId ?? ''}`), f.message])));
      void message.error(errorMessage(error, t));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Drawer
      open
      onClose={onClose}
      size={1000}
      title={t('shipments.returns.newTitle')}
      extra={
        <Button type="primary" loading={saving} disabled={lines.length === 0} onClick={() => void save()} data-testid="return-save">
          {t('shipments.action.save')}
        </Button>
      }
    >
      <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item label={t('shipments.returns.store')}>
          <Select style={{ width: 240 }} value={store} onChange={setStoreId} options={memberStores.map((s) => ({ value: s.id, label: `${s.unitName} · ${s.name}` }))} data-testid="return-store" />
        </Form.Item>
        <Form.Item label={t('shipments.returns.reason')}>
          <Select<MemberReturnReason> style={{ width: 140 }} value={reason} onChange={setReason} options={MEMBER_RETURN_REASONS.map((r) => ({ value: r, label: t(`shipments.reasons.${r}`) }))} data-testid="return-reason" />
        </Form.Item>
        <Form.Item label={t('shipments.returns.note')}>
          <Input style={{ width: 280 }} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
        </Form.Item>
      </Form>
      <Table
        size="small"
        rowKey="batchId"
        pagination={false}
        loading={batches.isFetching}
        dataSource={batches.data?.batches ?? []}
        data-testid="return-batches"
        columns={[
          { key: 'item', title: t('shipments.detail.item'), render: (_, b) => `${b.itemName} ${b.spec}` },
          { dataIndex: 'batchNo', title: t('shipments.detail.batchNo'), width: 120 },
          { dataIndex: 'expiry', title: t('shipments.detail.expiry'), width: 110 },
          { key: 'status', title: '', width: 70, render: (_, b) => (b.status !== 'normal' ? <Tag color={b.status === 'recalled' ? 'red' : 'orange'}>{t(`adjustments.status.${b.status}`)}</Tag> : null) },
          { key: 'available', title: t('shipments.returns.available'), width: 100, align: 'right', render: (_, b) => `${b.available}${b.baseUnit}` },
          {
            key: 'quantity',
            title: t('shipments.returns.quantity'),
            width: 160,
            render: (_, b) => (
              <>
                <InputNumber min={0} max={b.available} precision={0} value={quantities[b.batchId] ?? 0} onChange={(v) => setQuantities((q) => ({ ...q, [b.batchId]: v ?? 0 }))} status={errors.get(`batch:${b.batchId}`) ? 'error' : undefined} data-testid={`return-qty-${b.batchNo}`} />
                {errors.get(`batch:${b.batchId}`) && <div style={{ color: '#cf1322', fontSize: 12 }}>{errors.get(`batch:${b.batchId}`)}</div>}
              </>
            ),
          },
        ]}
      />
    </Drawer>
  );
}

import { DownloadOutlined, RetweetOutlined } from '@ant-design/icons';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { ColDef } from 'ag-grid-community';
import { Alert, App, Button, Flex, Form, Input, InputNumber, Modal, Segmented, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RedistributionCandidate } from '../../../../core/api/index.js';
import { call, exportUrl } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { ItemPicker } from '../../components/ItemPicker.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';

const WINDOWS = [1, 3, 6, 12];

/** 近效期调剂: member stock expiring soon, the member's own pace, who else uses the item, and 发起调剂 per batch. */
export function RedistributionPage() {
  const { t } = useTranslation();
  const [months, setMonths] = useState<number | 'default'>('default');
  const [itemId, setItemId] = useState<number | null>(null);
  const [starting, setStarting] = useState<RedistributionCandidate | null>(null);
  const input = { ...(months !== 'default' ? { months } : {}), ...(itemId ? { itemId } : {}) };
  const list = useOp('redistribution.candidates', input, { placeholderData: keepPreviousData });

  const columns = useMemo<ColDef<RedistributionCandidate>[]>(
    () => [
      { field: 'unitName', headerName: t('recalls.redistribution.unit'), width: 180, pinned: 'left', tooltipField: 'unitName' },
      { colId: 'item', headerName: t('recalls.redistribution.itemName'), width: 170, valueGetter: ({ data }) => (data ? `${data.itemName} ${data.spec}` : ''), tooltipValueGetter: ({ data }) => data?.manufacturer ?? '' },
      { field: 'batchNo', headerName: t('recalls.redistribution.batchNo'), width: 110, cellClass: 'mono' },
      { field: 'expiry', headerName: t('recalls.redistribution.expiry'), width: 110, cellClass: 'mono' },
      {
        field: 'daysLeft',
        headerName: t('recalls.redistribution.daysLeft'),
        width: 104,
        type: 'rightAligned',
        cellRenderer: ({ data }: { data?: RedistributionCandidate }) => (data ? <Tag color={data.daysLeft <= 30 ? 'red' : data.daysLeft <= 90 ? 'orange' : 'gold'}>{data.daysLeft}</Tag> : null),
      },
      { field: 'onHand', headerName: t('recalls.redistribution.onHand'), width: 80, type: 'rightAligned' },
      {
        field: 'surplusAtExpiry',
        headerName: t('recalls.redistribution.surplus'),
        width: 96,
        type: 'rightAligned',
        cellStyle: (p) => (p.data && p.data.surplusAtExpiry > 0 ? { color: '#cf1322', fontWeight: 600 } : null),
      },
      {
        field: 'usedElsewhereText',
        headerName: t('recalls.redistribution.usedElsewhere'),
        width: 300,
        tooltipField: 'usedElsewhereText',
        cellRenderer: ({ data }: { data?: RedistributionCandidate }) =>
          !data ? null : data.usedElsewhere.length === 0 ? (
            <Typography.Text type="secondary">{t('recalls.redistribution.nobodyElse')}</Typography.Text>
          ) : (
            data.usedElsewhere.map((u) => (
              <Tag key={u.storeId} color="blue">
                {u.unitName} {u.avgMonthly}/{u.onHand}
              </Tag>
            ))
          ),
      },
      { field: 'avgMonthly', headerName: t('recalls.redistribution.avgMonthly'), width: 96, type: 'rightAligned' },
      { field: 'monthsToUse', headerName: t('recalls.redistribution.monthsToUse'), width: 106, type: 'rightAligned', valueFormatter: ({ value }) => (value === null ? '∞' : String(value)) },
      { field: 'available', headerName: t('recalls.redistribution.available'), width: 80, type: 'rightAligned' },
      { field: 'storeName', headerName: t('recalls.redistribution.store'), width: 110 },
      {
        colId: 'action',
        headerName: t('recalls.redistribution.action'),
        width: 110,
        pinned: 'right',
        sortable: false,
        filter: false,
        cellRenderer: ({ data }: { data?: RedistributionCandidate }) =>
          data && data.available > 0 ? (
            <Button size="small" icon={<RetweetOutlined />} onClick={() => setStarting(data)} data-testid="redistribution-start">
              {t('recalls.redistribution.start')}
            </Button>
          ) : null,
      },
    ],
    [t],
  );

  return (
    <>
      <PageHeader
        title={t('recalls.redistribution.title')}
        subtitle={t('recalls.redistribution.subtitle')}
        actions={
          <Button icon={<DownloadOutlined />} href={exportUrl('redistribution.candidates', input)} download>
            {t('recalls.redistribution.export')}
          </Button>
        }
      />
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('recalls.redistribution.hint')} />
      <Flex gap={10} wrap align="center" style={{ marginBottom: 12 }}>
        <span>{t('recalls.redistribution.months')}</span>
        <Segmented<number | 'default'>
          value={months === 'default' ? (list.data?.months ?? 'default') : months}
          onChange={setMonths}
          options={WINDOWS.map((m) => ({ value: m, label: t('recalls.redistribution.monthsOption', { months: m }) }))}
        />
        <span>{t('recalls.redistribution.item')}</span>
        <ItemPicker value={itemId} onChange={(id) => setItemId(id)} style={{ width: 360 }} placeholder={t('recalls.redistribution.allItems')} />
        <Typography.Text type="secondary">{t('recalls.redistribution.consumption', { months: list.data?.consumptionMonths ?? 3 })}</Typography.Text>
      </Flex>
      {list.error && <Alert type="error" showIcon message={errorMessage(list.error, t)} />}
      <DataGrid testId="redistribution-grid" rows={list.data?.rows} columns={columns} rowId={(r) => `${r.batchId}-${r.storeId}`} loading={list.isPending} height="calc(100vh - 300px)" />
      {starting && <StartModal row={starting} onClose={() => setStarting(null)} />}
    </>
  );
}

function StartModal({ row, onClose }: { row: RedistributionCandidate; onClose: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ quantity: number; note: string }>();
  const [busy, setBusy] = useState(false);
  const suggested = Math.min(row.available, row.surplusAtExpiry > 0 ? row.surplusAtExpiry : row.available);
  const target = row.usedElsewhere[0];

  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const { document } = await call('redistribution.start', { storeId: row.storeId, lines: [{ batchId: row.batchId, quantity: values.quantity }], note: values.note ?? '' });
      await client.invalidateQueries({ queryKey: ['redistribution.candidates'] });
      onClose();
      // The confirm renders outside the router: it navigates through the page's own navigate, not a <Link>.
      const shown = modal.success({
        title: t('recalls.redistribution.started', { number: document.number }),
        content: (
          <>
            <p>{t('recalls.redistribution.hint')}</p>
            <a
              onClick={() => {
                shown.destroy();
                void navigate({ to: '/member-returns/$returnId', params: { returnId: document.id } });
              }}
            >
              {t('recalls.redistribution.open')}
            </a>
          </>
        ),
      });
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('recalls.redistribution.startTitle', { unit: row.unitName, item: row.itemName, batchNo: row.batchNo })}
      okText={t('recalls.redistribution.start')}
      okButtonProps={{ loading: busy, 'data-testid': 'redistribution-ok' } as never}
      onOk={() => void submit()}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical" initialValues={{ quantity: suggested, note: target ? t('recalls.redistribution.noteTo', { unit: target.unitName }) : '' }}>
        <Form.Item name="quantity" label={t('recalls.redistribution.quantity', { unit: row.baseUnit })} rules={[{ required: true }]}>
          <InputNumber min={1} max={row.available} precision={0} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="note" label={t('recalls.redistribution.note')}>
          <Input maxLength={500} placeholder={t('recalls.redistribution.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

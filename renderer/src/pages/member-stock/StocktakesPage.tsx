import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { ColDef } from 'ag-grid-community';
import { App, Button, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ITEM_CATEGORIES, ITEM_CATEGORY_LABELS, STOCKTAKE_STATES, STOCKTAKE_STATE_LABELS, type ItemCategory, type OpInput, type StocktakeState, type StocktakeSummary } from '../../../../core/api/index.js';
import { call, exportUrl } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { formatDateTime } from '../../labels.js';
import { useCan } from '../../session/SessionContext.js';
import { DocStateTag } from './memberStockShared.js';

type ListInput = NonNullable<OpInput<'stocktake.list'>>;
const rowId = (r: StocktakeSummary) => String(r.id);

/** 盘点: the sheets of the caller's stores, with 新建盘点 (store, optional category). */
export function StocktakesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canAdjust = useCan('stock.adjust');
  const [state, setState] = useState<StocktakeState | undefined>();
  const [storeId, setStoreId] = useState<number | undefined>();
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  const filter: ListInput = { ...(state ? { state } : {}), ...(storeId ? { storeId } : {}), ...(query ? { query } : {}) };
  const list = useOp('stocktake.list', filter, { placeholderData: keepPreviousData });
  const stores = useOp('store.list', {});
  const storeOptions = (stores.data?.stores ?? []).map((s) => ({ value: s.id, label: `${s.unitName} · ${s.name}`, active: s.active }));
  const open = (id: number) => void navigate({ to: '/stocktakes/$stocktakeId', params: { stocktakeId: id } });

  const columns = useMemo<ColDef<StocktakeSummary>[]>(
    () => [
      {
        field: 'number',
        headerName: t('memberStock.common.number'),
        width: 150,
        pinned: 'left',
        cellClass: 'mono',
        cellRenderer: ({ data }: { data?: StocktakeSummary }) => (data ? <a onClick={() => open(data.id)}>{data.number}</a> : null),
      },
      { field: 'stateLabel', headerName: t('memberStock.common.state'), width: 96, cellRenderer: ({ data }: { data?: StocktakeSummary }) => (data ? <DocStateTag doc={data} /> : null) },
      { colId: 'store', headerName: t('memberStock.common.store'), width: 200, valueGetter: ({ data }) => (data ? `${data.unitName} · ${data.storeName}` : '') },
      { field: 'categoryLabel', headerName: t('memberStock.stocktakes.category'), width: 100 },
      { field: 'snapshotAt', headerName: t('memberStock.stocktakes.snapshotAt'), width: 150, valueFormatter: ({ value }) => formatDateTime(value as string) },
      { colId: 'progress', headerName: t('memberStock.stocktakes.counted'), width: 100, type: 'rightAligned', valueGetter: ({ data }) => (data ? `${data.countedCount}/${data.lineCount}` : '') },
      { field: 'differenceCount', headerName: t('memberStock.stocktakes.differences'), width: 86, type: 'rightAligned' },
      { field: 'gainQuantity', headerName: t('memberStock.stocktakes.gain'), width: 80, type: 'rightAligned' },
      { field: 'lossQuantity', headerName: t('memberStock.stocktakes.loss'), width: 80, type: 'rightAligned' },
      { field: 'netYuan', headerName: t('memberStock.stocktakes.net'), width: 120, type: 'rightAligned', cellClass: 'mono' },
      { field: 'note', headerName: t('memberStock.common.note'), flex: 1, minWidth: 160 },
      { field: 'createdBy', headerName: t('memberStock.common.createdBy'), width: 96 },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t],
  );

  return (
    <>
      <PageHeader
        title={t('memberStock.stocktakes.title')}
        subtitle={t('memberStock.stocktakes.subtitle')}
        actions={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
            <Button icon={<DownloadOutlined />} href={exportUrl('stocktake.list', { ...filter, limit: 5000 })} download>
              {t('memberStock.common.export')}
            </Button>
            {canAdjust && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="stocktake-new">
                {t('memberStock.stocktakes.create')}
              </Button>
            )}
          </>
        }
      />
      <Flex gap={10} wrap align="center" style={{ marginBottom: 12 }}>
        <Select allowClear style={{ width: 130 }} placeholder={t('memberStock.common.allStates')} value={state} onChange={setState} options={STOCKTAKE_STATES.map((s) => ({ value: s, label: STOCKTAKE_STATE_LABELS[s] }))} />
        <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ width: 240 }} placeholder={t('memberStock.common.allStores')} value={storeId} onChange={setStoreId} options={storeOptions} />
        <Input.Search allowClear style={{ width: 220 }} placeholder={t('memberStock.common.search')} onSearch={(v) => setQuery(v.trim())} />
      </Flex>
      <DataGrid<StocktakeSummary> testId="stocktakes-grid" rows={list.data?.stocktakes} columns={columns} rowId={rowId} loading={list.isPending} height="calc(100vh - 250px)" />
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
        {t('common.total', { count: list.data?.total ?? 0 })}
      </Typography.Text>
      {creating && <NewStocktake stores={storeOptions.filter((s) => s.active)} onClose={() => setCreating(false)} onCreated={open} />}
    </>
  );
}

function NewStocktake({ stores, onClose, onCreated }: { stores: { value: number; label: string }[]; onClose: () => void; onCreated: (id: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [storeId, setStoreId] = useState<number | undefined>(stores.length === 1 ? stores[0]!.value : undefined);
  const [category, setCategory] = useState<ItemCategory | undefined>();
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      const { stocktake } = await call('stocktake.create', { storeId: storeId ?? 0, ...(category ? { category } : {}), note });
      await client.invalidateQueries({ queryKey: ['stocktake.list'] });
      void message.success(t('memberStock.stocktakes.created', { number: stocktake.number, count: stocktake.lineCount }));
      onCreated(stocktake.id);
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={t('memberStock.stocktakes.createTitle')} onCancel={onClose} onOk={() => void save()} okButtonProps={{ loading: saving, disabled: !storeId, id: 'stocktake-create' }} cancelText={t('common.cancel')}>
      <Form layout="vertical">
        <Form.Item label={t('memberStock.common.store')} required>
          <Select showSearch={{ optionFilterProp: 'label' }} value={storeId} onChange={setStoreId} options={stores} data-testid="stocktake-store" />
        </Form.Item>
        <Form.Item label={t('memberStock.stocktakes.category')}>
          <Select allowClear placeholder={t('memberStock.stocktakes.allCategories')} value={category} onChange={setCategory} options={ITEM_CATEGORIES.map((c) => ({ value: c, label: ITEM_CATEGORY_LABELS[c] }))} />
        </Form.Item>
        <Form.Item label={t('memberStock.common.note')}>
          <Input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { ColDef } from 'ag-grid-community';
import { App, Button, Drawer, Dropdown, Flex, Input, Segmented, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ADJUSTMENT_KINDS, type AdjustmentKind, type AdjustmentState, type AdjustmentSummary, type OpInput } from '../../../../core/api/index.js';
import { call, exportUrl } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { formatDateTime } from '../../labels.js';
import { useCan } from '../../session/SessionContext.js';
import { AdjustmentEditor, emptyLine, fieldErrors, linesInput, type EditHeader, type EditLine } from './AdjustmentEditor.js';
import { AdjustmentKindTag, AdjustmentStateTag } from './adjustmentShared.js';

type ListInput = NonNullable<OpInput<'stockAdjustment.list'>>;
const rowId = (r: AdjustmentSummary) => String(r.id);
const STATE_FILTERS: AdjustmentState[] = ['draft', 'submitted', 'rejected', 'posted', 'voided', 'reversed', 'reversal'];

/** 退货 / 报损 / 其他出入库: the list with a kind filter, state tags and the export; a new document in a drawer. */
export function AdjustmentsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canAdjust = useCan('stock.adjust');
  const [kind, setKind] = useState<AdjustmentKind | 'all'>('all');
  const [state, setState] = useState<AdjustmentState | undefined>();
  const [storeId, setStoreId] = useState<number | undefined>();
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState<AdjustmentKind | null>(null);
  const filter: ListInput = { ...(kind !== 'all' ? { kind } : {}), ...(state ? { state } : {}), ...(storeId ? { storeId } : {}), ...(query ? { query } : {}) };
  const list = useOp('stockAdjustment.list', filter, { placeholderData: keepPreviousData });
  const stores = useOp('store.list', {});
  const storeOptions = stores.data?.stores ?? [];

  const columns = useMemo<ColDef<AdjustmentSummary>[]>(
    () => [
      {
        field: 'number',
        headerName: t('adjustments.number'),
        width: 150,
        pinned: 'left',
        cellClass: 'mono',
        cellRenderer: ({ data }: { data?: AdjustmentSummary }) =>
          data ? <a onClick={() => void navigate({ to: '/stock-adjustments/$adjustmentId', params: { adjustmentId: data.id } })}>{data.number}</a> : null,
      },
      {
        field: 'kind',
        headerName: t('adjustments.kindLabel'),
        width: 100,
        valueFormatter: ({ data }) => (data ? t(`adjustments.kind.${data.kind}`) : ''),
        cellRenderer: ({ data }: { data?: AdjustmentSummary }) => (data ? <AdjustmentKindTag kind={data.kind} /> : null),
      },
      {
        field: 'stateLabel',
        headerName: t('adjustments.state'),
        width: 96,
        cellRenderer: ({ data }: { data?: AdjustmentSummary }) => (data ? <AdjustmentStateTag doc={data} /> : null),
      },
      { field: 'lineCount', headerName: t('adjustments.lineCount'), width: 70, type: 'rightAligned' },
      {
        field: 'totalYuan',
        headerName: t('adjustments.total'),
        width: 110,
        type: 'rightAligned',
        cellClass: 'mono',
        comparator: (_a, _b, x, y) => (x.data?.totalMicro ?? 0) - (y.data?.totalMicro ?? 0),
      },
      { colId: 'store', headerName: t('adjustments.store'), width: 190, valueGetter: ({ data }) => (data ? `${data.unitName} · ${data.storeName}` : '') },
      { field: 'reason', headerName: t('adjustments.reason'), flex: 1, minWidth: 200, tooltipField: 'reason' },
      { field: 'supplierName', headerName: t('adjustments.supplier'), width: 190, valueFormatter: ({ value }) => (value as string | null) ?? '' },
      { field: 'createdBy', headerName: t('adjustments.createdBy'), width: 96 },
      { field: 'createdAt', headerName: t('adjustments.createdAt'), width: 160, valueFormatter: ({ value }) => formatDateTime(value as string) },
      { field: 'changeType', headerName: t('adjustments.changeType'), width: 100, cellClass: 'mono' },
    ],
    [t, navigate],
  );

  return (
    <>
      <PageHeader
        title={t('adjustments.title')}
        subtitle={t('adjustments.subtitle')}
        actions={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
            <Button icon={<DownloadOutlined />} href={exportUrl('stockAdjustment.list', { ...filter, limit: 5000 })} download>
              {t('adjustments.export')}
            </Button>
            {canAdjust && (
              <Dropdown
                menu={{ items: ADJUSTMENT_KINDS.map((k) => ({ key: k, label: t('adjustments.newTitle', { kind: t(`adjustments.kind.${k}`) }) })), onClick: ({ key }) => setCreating(key as AdjustmentKind) }}
              >
                <Button type="primary" icon={<PlusOutlined />} data-testid="adjustment-new">
                  {t('adjustments.create')}
                </Button>
              </Dropdown>
            )}
          </>
        }
      />
      <Flex gap={10} wrap align="center" style={{ marginBottom: 12 }}>
        <Segmented<AdjustmentKind | 'all'>
          value={kind}
          onChange={setKind}
          options={[{ value: 'all', label: t('adjustments.allKinds') }, ...ADJUSTMENT_KINDS.map((k) => ({ value: k, label: t(`adjustments.kind.${k}`) }))]}
          data-testid="adjustment-kind-filter"
        />
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('adjustments.allStates')}
          value={state}
          onChange={setState}
          options={STATE_FILTERS.map((s) => ({ value: s, label: t(`adjustments.stateFilter.${s}`) }))}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 230 }}
          placeholder={t('adjustments.allStores')}
          value={storeId}
          onChange={setStoreId}
          options={storeOptions.map((s) => ({ value: s.id, label: `${s.unitName} · ${s.name}` }))}
        />
        <Input.Search allowClear style={{ width: 240 }} placeholder={t('adjustments.searchPlaceholder')} onSearch={(v) => setQuery(v.trim())} />
      </Flex>
      <DataGrid<AdjustmentSummary> testId="adjustments-grid" rows={list.data?.adjustments} columns={columns} rowId={rowId} loading={list.isPending} height="calc(100vh - 250px)" />
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
        {t('common.total', { count: list.data?.adjustments.length ?? 0 })}
      </Typography.Text>
      {creating && (
        <NewAdjustment
          kind={creating}
          stores={storeOptions.filter((s) => s.active)}
          onClose={() => setCreating(null)}
          onCreated={(id) => void navigate({ to: '/stock-adjustments/$adjustmentId', params: { adjustmentId: id } })}
        />
      )}
    </>
  );
}

function NewAdjustment({
  kind,
  stores,
  onClose,
  onCreated,
}: {
  kind: AdjustmentKind;
  stores: { id: number; name: string; unitName: string; isCentral: boolean }[];
  onClose: () => void;
  onCreated: (id: number) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [header, setHeader] = useState<EditHeader>({ kind, storeId: stores.length === 1 ? stores[0]!.id : (stores.find((s) => s.isCentral)?.id ?? null), reason: '', note: '' });
  const [lines, setLines] = useState<EditLine[]>([emptyLine()]);
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      const { adjustment } = await call('stockAdjustment.create', { kind, storeId: header.storeId ?? 0, reason: header.reason, note: header.note, lines: linesInput(kind, lines) });
      await client.invalidateQueries({ queryKey: ['stockAdjustment.list'] });
      void message.success(t('adjustments.created', { number: adjustment.number }));
      onCreated(adjustment.id);
    } catch (error) {
      const map = fieldErrors(error, lines);
      setErrors(map);
      void message.error(errorMessage(error, t));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Drawer
      open
      onClose={onClose}
      size={1100}
      title={t('adjustments.newTitle', { kind: t(`adjustments.kind.${kind}`) })}
      extra={
        <Button type="primary" loading={saving} onClick={() => void save()} data-testid="adjustment-save">
          {t('adjustments.save')}
        </Button>
      }
    >
      <AdjustmentEditor header={header} onHeader={setHeader} lines={lines} onLines={setLines} errors={errors} stores={stores} storeFixed={false} />
    </Drawer>
  );
}

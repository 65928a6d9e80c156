import { DownloadOutlined, SearchOutlined, SettingOutlined } from '@ant-design/icons';
import { useNavigate } from '@tanstack/react-router';
import { Button, Card, Checkbox, Flex, Input, Pagination, Segmented, Select, Space, Statistic, Tabs, Tag, Typography } from 'antd';
import type { ColDef } from 'ag-grid-community';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYuan, type BatchStatus, type NearExpiryRow, type OnHandGrouping, type OnHandRow, type OpInput } from '../../../../core/api/index.js';
import { exportUrl } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { useCan } from '../../session/SessionContext.js';
import { useDebounced } from '../dictionary/useDebounced.js';
import { StockSettingsModal } from './StockSettingsModal.js';
import { baseQuantity, BatchStatusTag, statusOptions, UnitStoreFilter } from './stockShared.js';

const PAGE_SIZE = 200;

function itemCell(t: TFunction): ColDef<OnHandRow> {
  return {
    colId: 'item',
    headerName: t('stock.item'),
    pinned: 'left',
    width: 210,
    valueGetter: ({ data }) => (data ? `${data.itemName} ${data.spec}` : ''),
    cellRenderer: ({ data }: { data?: OnHandRow }) =>
      data ? (
        <span>
          <a>{data.itemName}</a> <Typography.Text type="secondary">{data.spec}</Typography.Text>
        </span>
      ) : null,
    tooltipValueGetter: ({ data }) => (data ? `${data.itemCode} · ${data.manufacturer} · ${data.packText}` : ''),
  };
}

function onHandColumns(t: TFunction, by: OnHandGrouping): ColDef<OnHandRow>[] {
  const perBatch = by === 'batch';
  // Quantities and value first after the batch: on a 1366-wide screen they must show without scrolling.
  const columns: (ColDef<OnHandRow> | false)[] = [
    itemCell(t),
    perBatch && { field: 'batchNo', headerName: t('stock.batchNo'), width: 112, cellClass: 'mono' },
    { field: 'expiry', headerName: perBatch ? t('stock.expiry') : t('stock.earliestExpiry'), width: 108, cellClass: 'mono' },
    {
      colId: 'status',
      headerName: t('stock.batchStatus'),
      width: 90,
      valueGetter: ({ data }) => data?.batchStatusText ?? '',
      cellRenderer: ({ data }: { data?: OnHandRow }) => (data ? <BatchStatusTag status={data.batchStatus} text={data.batchStatus === 'normal' ? '' : data.batchStatusText} /> : null),
    },
    { field: 'quantityText', headerName: t('stock.quantityPacks'), width: 180, tooltipField: 'quantityText' },
    {
      colId: 'quantity',
      headerName: t('stock.quantityBase'),
      width: 120,
      type: 'numericColumn',
      valueGetter: ({ data }) => data?.quantity,
      valueFormatter: ({ data }) => (data ? baseQuantity(data.quantity, data.baseUnit) : ''),
    },
    {
      colId: 'available',
      headerName: t('stock.available'),
      width: 110,
      type: 'numericColumn',
      valueGetter: ({ data }) => data?.available,
      valueFormatter: ({ data }) => (data ? baseQuantity(data.available, data.baseUnit) : ''),
    },
    { field: 'valueText', headerName: t('stock.value'), width: 110, type: 'numericColumn', comparator: (_a, _b, x, y) => (x.data?.valueMicro ?? 0) - (y.data?.valueMicro ?? 0) },
    by !== 'item' && { field: 'unitName', headerName: t('stock.unit'), width: 130 },
    (perBatch || by === 'location') && {
      colId: 'location',
      headerName: t('stock.location'),
      width: 150,
      valueGetter: ({ data }) => data?.locationName ?? '',
      tooltipValueGetter: ({ data }) => data?.locationName ?? '',
      cellRenderer: ({ data }: { data?: OnHandRow }) =>
        data ? (
          <span>
            {data.locationKind === 'transit' && <Tag color="blue">{t('stock.transit')}</Tag>}
            {data.locationName}
          </span>
        ) : null,
    },
    !perBatch && { field: 'batches', headerName: t('stock.batches'), width: 84, type: 'numericColumn' },
    { field: 'packText', headerName: t('stock.packText'), width: 130, tooltipField: 'packText' },
    perBatch && {
      colId: 'cost',
      headerName: t('stock.cost'),
      width: 130,
      type: 'numericColumn',
      valueGetter: ({ data }) => (data && data.costMicro !== null ? t('stock.costPer', { price: formatYuan(data.costMicro), unit: data.costUnit }) : ''),
    },
    { field: 'itemCode', headerName: t('stock.itemCode'), width: 110, cellClass: 'mono' },
  ];
  return columns.filter((c): c is ColDef<OnHandRow> => c !== false);
}

function OnHandTab({ q }: { q: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<{ unitId: number | undefined; storeId: number | undefined }>({ unitId: undefined, storeId: undefined });
  const [by, setBy] = useState<OnHandGrouping>('batch');
  const [status, setStatus] = useState<BatchStatus | ''>('');
  const [includeZero, setIncludeZero] = useState(false);
  const [page, setPage] = useState(1);
  const input: OpInput<'stock.onHand'> = {
    ...(filter.unitId ? { unitId: filter.unitId } : {}),
    ...(filter.storeId ? { storeId: filter.storeId } : {}),
    ...(status ? { status } : {}),
    ...(q ? { q } : {}),
    by,
    includeZero,
    page,
    pageSize: PAGE_SIZE,
  };
  const list = useOp('stock.onHand', input, { placeholderData: (previous) => previous });
  const columns = useMemo(() => onHandColumns(t, by), [t, by]);
  const rows = list.data?.rows;
  const oneItem = list.data && list.data.totals.items === 1 && rows?.[0];
  const reset = <T,>(set: (v: T) => void) => (value: T) => {
    set(value);
    setPage(1);
  };
  return (
    <>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <UnitStoreFilter unitId={filter.unitId} storeId={filter.storeId} onChange={reset(setFilter)} />
        <Select<BatchStatus | ''> style={{ width: 120 }} value={status} options={statusOptions(t) as { value: BatchStatus | ''; label: string }[]} onChange={reset(setStatus)} />
        <Typography.Text type="secondary">{t('stock.groupBy')}</Typography.Text>
        <Segmented<OnHandGrouping>
          data-testid="stock-grouping"
          value={by}
          onChange={reset(setBy)}
          options={[
            { value: 'batch', label: t('stock.byBatch') },
            { value: 'item', label: t('stock.byItem') },
            { value: 'location', label: t('stock.byLocation') },
            { value: 'unit', label: t('stock.byUnit') },
          ]}
        />
        <Checkbox checked={includeZero} onChange={(e) => reset(setIncludeZero)(e.target.checked)}>
          {t('stock.includeZero')}
        </Checkbox>
        <div style={{ flex: 1 }} />
        {/* A plain link: the hub streams the xlsx of every row that matches (not only this page). */}
        <Button icon={<DownloadOutlined />} href={exportUrl('stock.onHand', { ...input, page: 1, pageSize: 10_000 })} download>
          {t('stock.export')}
        </Button>
      </Flex>
      {list.error && <Typography.Text type="danger">{errorMessage(list.error, t)}</Typography.Text>}
      <DataGrid<OnHandRow>
        testId="stock-grid"
        rows={rows}
        columns={columns}
        rowId={(r) => `${r.itemId}:${r.batchId ?? ''}:${r.locationId ?? ''}:${r.unitId ?? ''}`}
        loading={list.isPending}
        height="calc(100vh - 330px)"
        onRowClicked={(r) => void navigate({ to: '/stock/items/$itemId', params: { itemId: r.itemId } })}
      />
      <Flex justify="space-between" align="center" style={{ marginTop: 8 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="stock-summary">
          {list.data &&
            (oneItem
              ? t('stock.summaryOneItem', { count: list.data.total, quantity: baseQuantity(list.data.totals.quantity, oneItem.baseUnit), value: list.data.totals.valueText })
              : t('stock.summary', { count: list.data.total, items: list.data.totals.items, value: list.data.totals.valueText }))}
        </Typography.Text>
        <Pagination size="small" current={page} pageSize={PAGE_SIZE} total={list.data?.total ?? 0} showSizeChanger={false} onChange={setPage} hideOnSinglePage />
      </Flex>
    </>
  );
}

const bandLabel = (t: TFunction, withinMonths: number | null) => (withinMonths === null ? t('stock.bandExpired') : t('stock.bandWithin', { months: withinMonths }));

const BAND_COLOURS: Record<string, string> = { expired: '#cf1322', '1': '#d4380d', '3': '#d46b08', '6': '#d48806' };
const bandColour = (withinMonths: number | null, thresholds: number[]) => {
  if (withinMonths === null) return BAND_COLOURS.expired!;
  const rank = [...thresholds].sort((a, b) => a - b).indexOf(withinMonths);
  return ['#d4380d', '#d46b08', '#d48806', '#7cb305'][Math.max(rank, 0)] ?? '#d48806';
};

function NearExpiryTab() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<{ unitId: number | undefined; storeId: number | undefined }>({ unitId: undefined, storeId: undefined });
  const [months, setMonths] = useState<number | undefined>(undefined);
  const [includeExpired, setIncludeExpired] = useState(true);
  const settings = useOp('stock.settings.get', {});
  const thresholdKey = [...(settings.data?.settings.nearExpiryMonths ?? [6, 3, 1])].sort((a, b) => b - a).join(',');
  const thresholds = useMemo(() => thresholdKey.split(',').map(Number), [thresholdKey]);
  const input: OpInput<'stock.nearExpiry'> = {
    ...(filter.unitId ? { unitId: filter.unitId } : {}),
    ...(filter.storeId ? { storeId: filter.storeId } : {}),
    ...(months ? { months } : {}),
    includeExpired,
  };
  const list = useOp('stock.nearExpiry', input, { placeholderData: (previous) => previous });
  const columns = useMemo<ColDef<NearExpiryRow>[]>(() => {
    const bandText = (withinMonths: number | null) => bandLabel(t, withinMonths);
    return [
      {
        colId: 'band',
        headerName: t('stock.band'),
        width: 100,
        pinned: 'left',
        valueGetter: ({ data }) => (data ? bandText(data.withinMonths) : ''),
        cellRenderer: ({ data }: { data?: NearExpiryRow }) =>
          data ? (
            <Tag color={bandColour(data.withinMonths, thresholds)} style={{ minWidth: 64, textAlign: 'center' }}>
              {bandText(data.withinMonths)}
            </Tag>
          ) : null,
      },
      itemCell(t) as unknown as ColDef<NearExpiryRow>,
      { field: 'batchNo', headerName: t('stock.batchNo'), width: 112, cellClass: 'mono' },
      { field: 'expiry', headerName: t('stock.expiry'), width: 120, cellClass: 'mono', sort: 'asc' },
      {
        field: 'daysLeft',
        headerName: t('stock.daysLeft'),
        width: 120,
        type: 'numericColumn',
        valueFormatter: ({ value }) => ((value as number) < 0 ? t('stock.expiredDays', { days: -(value as number) }) : t('stock.daysLeftValue', { days: value as number })),
      },
      { field: 'quantityText', headerName: t('stock.quantityPacks'), width: 180, tooltipField: 'quantityText' },
      { field: 'valueText', headerName: t('stock.value'), width: 110, type: 'numericColumn' },
      {
        colId: 'status',
        headerName: t('stock.batchStatus'),
        width: 90,
        valueGetter: ({ data }) => data?.batchStatusText ?? '',
        cellRenderer: ({ data }: { data?: NearExpiryRow }) => (data ? <BatchStatusTag status={data.batchStatus} text="" /> : null),
      },
      { field: 'unitName', headerName: t('stock.unit'), width: 130 },
      { field: 'locationName', headerName: t('stock.location'), width: 140, tooltipField: 'locationName' },
    ];
  }, [t, thresholds]);
  const bandText = (withinMonths: number | null) => bandLabel(t, withinMonths);
  return (
    <>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <UnitStoreFilter unitId={filter.unitId} storeId={filter.storeId} onChange={setFilter} />
        <Typography.Text type="secondary">{t('stock.withinMonths')}</Typography.Text>
        <Select<number>
          style={{ width: 120 }}
          value={months ?? thresholds[0]}
          options={[...new Set([...thresholds, 12])].sort((a, b) => a - b).map((m) => ({ value: m, label: t('stock.withinOption', { months: m }) }))}
          onChange={setMonths}
        />
        <Checkbox checked={includeExpired} onChange={(e) => setIncludeExpired(e.target.checked)}>
          {t('stock.includeExpired')}
        </Checkbox>
        <div style={{ flex: 1 }} />
        <Button icon={<DownloadOutlined />} href={exportUrl('stock.nearExpiry', input)} download>
          {t('stock.export')}
        </Button>
      </Flex>
      <Flex gap={12} wrap style={{ marginBottom: 12 }} data-testid="near-expiry-bands">
        {list.data?.bands.map((b) => (
          <Card key={String(b.withinMonths)} size="small" style={{ minWidth: 170, borderTop: `3px solid ${bandColour(b.withinMonths, thresholds)}` }}>
            <Statistic title={bandText(b.withinMonths)} value={b.rows} suffix={<span style={{ fontSize: 13 }}>{t('stock.batchUnit')}</span>} valueStyle={{ color: bandColour(b.withinMonths, thresholds), fontSize: 22 }} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              ¥{b.valueText}
            </Typography.Text>
          </Card>
        ))}
      </Flex>
      {list.error && <Typography.Text type="danger">{errorMessage(list.error, t)}</Typography.Text>}
      <DataGrid<NearExpiryRow>
        testId="near-expiry-grid"
        rows={list.data?.rows}
        columns={columns}
        rowId={(r) => `${r.batchId}:${r.locationId}`}
        loading={list.isPending}
        height="calc(100vh - 400px)"
        onRowClicked={(r) => void navigate({ to: '/stock/items/$itemId', params: { itemId: r.itemId } })}
      />
      {list.data && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
          {t('stock.nearExpiryHint', { today: list.data.today, thresholds: list.data.thresholds.join(' / ') })}
        </Typography.Text>
      )}
    </>
  );
}

/** 库存: on hand (grouped as chosen, valued) and near expiry; an item opens its ledger card. */
export function StockPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState('onHand');
  const [quick, setQuick] = useState('');
  const q = useDebounced(quick.trim(), 250);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const canSet = useCan('stock.approve');
  return (
    <>
      <PageHeader
        title={t('stock.title')}
        subtitle={t('stock.subtitle')}
        actions={
          <Space>
            {tab === 'onHand' && (
              // Searched by the hub (code, name, pinyin initials, 批号) across every page, not only the one shown.
              <Input
                data-testid="stock-search"
                allowClear
                prefix={<SearchOutlined />}
                placeholder={t('stock.searchPlaceholder')}
                value={quick}
                onChange={(e) => setQuick(e.target.value)}
                style={{ width: 280 }}
              />
            )}
            <Button icon={<SettingOutlined />} onClick={() => setSettingsOpen(true)}>
              {t('stock.settings')}
            </Button>
          </Space>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'onHand', label: t('stock.tabOnHand'), children: <OnHandTab q={q} /> },
          { key: 'nearExpiry', label: t('stock.tabNearExpiry'), children: <NearExpiryTab /> },
        ]}
      />
      <StockSettingsModal open={settingsOpen} canEdit={canSet} onClose={() => setSettingsOpen(false)} />
    </>
  );
}

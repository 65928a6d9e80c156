import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ColDef } from 'ag-grid-community';
import { Badge, Button, Flex, Segmented, Select, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STOCK_ALERT_KINDS, STOCK_ALERT_KIND_LABELS, type OpInput, type StockAlertKind, type StockAlertRow } from '../../../../core/api/index.js';
import { exportUrl } from '../../api/client.js';
import { useOp } from '../../api/hooks.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';

const KIND_COLORS: Record<StockAlertKind, string> = { expired: 'red', near_expiry: 'orange', below_minimum: 'blue' };
const rowId = (r: StockAlertRow) => `${r.kind}-${r.storeId}-${r.itemId}-${r.batchId ?? 0}`;

/** 库存预警 per unit: 已过期, 近效期 and 低于下限 with counts on the kind filter; each row links to the item's ledger card. */
export function StockAlertsPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<StockAlertKind | 'all'>('all');
  const [unitId, setUnitId] = useState<number | undefined>();
  const [storeId, setStoreId] = useState<number | undefined>();
  const input: NonNullable<OpInput<'stockAlert.list'>> = { ...(kind !== 'all' ? { kind } : {}), ...(unitId ? { unitId } : {}), ...(storeId ? { storeId } : {}) };
  const alerts = useOp('stockAlert.list', input, { placeholderData: keepPreviousData });
  const units = useOp('unit.list', {});
  const stores = useOp('store.list', unitId ? { unitId } : {});
  const counts = alerts.data?.counts;

  const columns = useMemo<ColDef<StockAlertRow>[]>(
    () => [
      { field: 'kindLabel', headerName: t('memberStock.alerts.kind'), width: 90, pinned: 'left', cellRenderer: ({ data }: { data?: StockAlertRow }) => (data ? <Tag color={KIND_COLORS[data.kind]}>{data.kindLabel}</Tag> : null) },
      { colId: 'store', headerName: t('memberStock.common.store'), width: 170, valueGetter: ({ data }) => (data ? `${data.unitName} · ${data.storeName}` : '') },
      { field: 'itemCode', headerName: t('memberStock.common.code'), width: 90, cellClass: 'mono' },
      {
        colId: 'item',
        headerName: t('memberStock.common.item'),
        flex: 1,
        minWidth: 170,
        valueGetter: ({ data }) => (data ? `${data.itemName} ${data.spec}` : ''),
        cellRenderer: ({ data }: { data?: StockAlertRow }) =>
          data ? (
            <Link to="/stock/items/$itemId" params={{ itemId: data.itemId }}>
              {data.itemName} {data.spec}
            </Link>
          ) : null,
        tooltipField: 'manufacturer',
      },
      { field: 'batchNo', headerName: t('memberStock.common.batchNo'), width: 96, cellClass: 'mono', valueFormatter: ({ value }) => (value as string | null) ?? '' },
      { field: 'expiry', headerName: t('memberStock.common.expiry'), width: 100, valueFormatter: ({ value }) => (value as string | null) ?? '' },
      { field: 'daysLeft', headerName: t('memberStock.alerts.daysLeft'), width: 80, type: 'rightAligned', valueFormatter: ({ value }) => (value === null || value === undefined ? '' : String(value)) },
      { field: 'bandLabel', headerName: t('memberStock.alerts.band'), width: 90 },
      { field: 'quantityText', headerName: t('memberStock.alerts.quantity'), width: 140, type: 'rightAligned' },
      { field: 'averageMonthly', headerName: t('memberStock.alerts.averageMonthly'), width: 86, type: 'rightAligned', valueFormatter: ({ value }) => (value === null || value === undefined ? '' : String(value)) },
      { field: 'minimum', headerName: t('memberStock.alerts.minimum'), width: 70, type: 'rightAligned', valueFormatter: ({ value }) => (value === null || value === undefined ? '' : String(value)) },
    ],
    [t],
  );

  const unitOptions = (units.data?.units ?? []).map((u) => ({ value: u.id, label: u.name }));
  return (
    <>
      <PageHeader
        title={t('memberStock.alerts.title')}
        subtitle={t('memberStock.alerts.subtitle', { months: alerts.data?.nearExpiryMonths ?? 6, consumption: alerts.data?.consumptionMonths ?? 3 })}
        actions={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void alerts.refetch()} aria-label={t('common.refresh')} />
            <Button icon={<DownloadOutlined />} href={exportUrl('stockAlert.list', input)} download>
              {t('memberStock.common.export')}
            </Button>
          </>
        }
      />
      <Flex gap={10} wrap align="center" style={{ marginBottom: 12 }}>
        <Segmented<StockAlertKind | 'all'>
          value={kind}
          onChange={setKind}
          data-testid="alert-kind-filter"
          options={[
            { value: 'all', label: t('memberStock.alerts.allKinds') },
            ...STOCK_ALERT_KINDS.map((k) => ({
              value: k,
              label: (
                <span>
                  {STOCK_ALERT_KIND_LABELS[k]} <Badge count={counts?.[k] ?? 0} showZero color={counts?.[k] ? (k === 'expired' ? '#cf1322' : k === 'near_expiry' ? '#d46b08' : '#1763b8') : '#bfbfbf'} size="small" />
                </span>
              ),
            })),
          ]}
        />
        {unitOptions.length > 1 && (
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 200 }}
            placeholder={t('memberStock.alerts.allUnits')}
            value={unitId}
            onChange={(v) => {
              setUnitId(v);
              setStoreId(undefined);
            }}
            options={unitOptions}
          />
        )}
        <Select
          allowClear
          style={{ width: 220 }}
          placeholder={t('memberStock.common.allStores')}
          value={storeId}
          onChange={setStoreId}
          options={(stores.data?.stores ?? []).map((s) => ({ value: s.id, label: `${s.unitName} · ${s.name}` }))}
        />
        {alerts.data && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {alerts.data.today}
          </Typography.Text>
        )}
      </Flex>
      <DataGrid<StockAlertRow> testId="stock-alerts-grid" rows={alerts.data?.rows} columns={columns} rowId={rowId} loading={alerts.isPending} height="calc(100vh - 250px)" />
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
        {t('common.total', { count: alerts.data?.rows.length ?? 0 })}
      </Typography.Text>
    </>
  );
}

import { ArrowLeftOutlined, DownloadOutlined, LeftOutlined, RightOutlined, VerticalRightOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from '@tanstack/react-router';
import { Button, Card, Descriptions, Flex, Select, Space, Tag, Tooltip, Typography } from 'antd';
import type { ColDef } from 'ag-grid-community';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatQuantity, type LedgerRow, type OpInput } from '../../../../core/api/index.js';
import { exportUrl } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { formatDateTime } from '../../labels.js';
import { baseQuantity } from './stockShared.js';

const PAGE_SIZE = 50;

/** 流水账: an item's moves, newest first, with the running balance of the chosen store or of every store in view. */
export function LedgerPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { itemId } = useParams({ strict: false });
  const [storeId, setStoreId] = useState<number | undefined>(undefined);
  const [page, setPage] = useState(1);
  const stores = useOp('store.list', {});
  const input: OpInput<'stock.ledger'> = { itemId: itemId ?? 0, ...(storeId ? { storeId } : {}), page, pageSize: PAGE_SIZE };
  const card = useOp('stock.ledger', input, { enabled: itemId !== undefined, placeholderData: (previous) => previous });
  const item = card.data?.item;
  const unit = item?.baseUnit ?? '';
  const columns = useMemo<ColDef<LedgerRow>[]>(() => {
    const signed = (n: number) => (n === 0 ? '' : baseQuantity(n, unit));
    const place = (name: string | null, unitName: string | null) => (name === null ? t('stock.outside') : `${unitName ?? ''} · ${name}`);
    // The quantities and the balance come right after the move's identity: they must show without scrolling.
    return [
      { field: 'at', headerName: t('stock.at'), width: 158, valueFormatter: ({ value }) => formatDateTime(value as string), sortable: false },
      { field: 'documentNumber', headerName: t('stock.documentNumber'), width: 136, cellClass: 'mono', tooltipValueGetter: ({ data }) => data?.documentTypeLabel ?? '' },
      {
        colId: 'changeType',
        headerName: t('stock.changeType'),
        width: 190,
        valueGetter: ({ data }) => (data ? `${data.changeType} ${data.changeTypeLabel}` : ''),
        cellRenderer: ({ data }: { data?: LedgerRow }) =>
          data ? (
            <span>
              <span className="mono">{data.changeType}</span> {data.changeTypeLabel}
              {data.reversesMoveId !== null && (
                <Tag color="red" style={{ marginLeft: 6 }}>
                  {t('stock.reversal')}
                </Tag>
              )}
              {data.internal && (
                <Tooltip title={t('stock.internalHint')}>
                  <Tag style={{ marginLeft: 6 }}>{t('stock.internal')}</Tag>
                </Tooltip>
              )}
            </span>
          ) : null,
      },
      { field: 'batchNo', headerName: t('stock.batchNo'), width: 110, cellClass: 'mono' },
      {
        colId: 'in',
        headerName: t('stock.inQuantity'),
        width: 105,
        type: 'numericColumn',
        valueGetter: ({ data }) => (data?.internal ? data.moved : data?.inQuantity),
        valueFormatter: ({ data }) => (data ? (data.internal ? `(${baseQuantity(data.moved, unit)})` : signed(data.inQuantity)) : ''),
        cellStyle: () => ({ color: '#237804' }),
      },
      {
        colId: 'out',
        headerName: t('stock.outQuantity'),
        width: 105,
        type: 'numericColumn',
        valueGetter: ({ data }) => data?.outQuantity,
        valueFormatter: ({ data }) => (data ? signed(data.outQuantity) : ''),
        cellStyle: () => ({ color: '#a8071a' }),
      },
      {
        colId: 'balance',
        headerName: t('stock.balance'),
        width: 120,
        type: 'numericColumn',
        valueGetter: ({ data }) => data?.balance,
        valueFormatter: ({ data }) => (data ? baseQuantity(data.balance, unit) : ''),
        cellStyle: () => ({ fontWeight: 600 }),
        tooltipValueGetter: ({ data }) => (data && item ? formatQuantity(item.baseUnit, item.packs, data.balance) : ''),
      },
      { colId: 'from', headerName: t('stock.from'), width: 180, valueGetter: ({ data }) => (data ? place(data.fromLocationName, data.fromUnitName) : ''), tooltipValueGetter: ({ value }) => value as string },
      { colId: 'to', headerName: t('stock.to'), width: 180, valueGetter: ({ data }) => (data ? place(data.toLocationName, data.toUnitName) : ''), tooltipValueGetter: ({ value }) => value as string },
      { field: 'documentTypeLabel', headerName: t('stock.documentType'), width: 110 },
      { field: 'expiry', headerName: t('stock.expiry'), width: 108, cellClass: 'mono' },
      { field: 'actorName', headerName: t('stock.actor'), width: 120 },
    ];
  }, [t, unit, item]);

  if (card.error && !card.data) return <Typography.Text type="danger">{errorMessage(card.error, t)}</Typography.Text>;
  const storeName = storeId ? stores.data?.stores.find((s) => s.id === storeId)?.name ?? '' : '';
  return (
    <>
      <PageHeader
        title={item ? t('stock.ledgerTitle', { name: item.itemName, spec: item.spec }) : t('stock.openLedger')}
        subtitle={t('stock.ledgerSubtitle', { view: storeId ? t('stock.viewStore', { store: storeName }) : t('stock.viewAllStores') })}
        actions={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate({ to: '/stock' })}>
              {t('stock.backToStock')}
            </Button>
            <Button icon={<DownloadOutlined />} href={exportUrl('stock.ledger', { ...input, page: 1, pageSize: 10_000 })} download>
              {t('stock.exportLedger')}
            </Button>
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex gap={24} wrap align="center">
          <Select
            data-testid="ledger-store"
            style={{ width: 220 }}
            value={storeId ?? 0}
            showSearch
            optionFilterProp="label"
            options={[{ value: 0, label: t('stock.allStores') }, ...(stores.data?.stores ?? []).map((s) => ({ value: s.id, label: `${s.unitName} · ${s.name}` }))]}
            onChange={(value: number) => {
              setStoreId(value || undefined);
              setPage(1);
            }}
          />
          {item && card.data && (
            <Descriptions size="small" column={4} style={{ flex: 1 }} data-testid="ledger-summary">
              <Descriptions.Item label={t('stock.itemCode')}>
                <span className="mono">{item.itemCode}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('stock.packText')}>{item.packText}</Descriptions.Item>
              <Descriptions.Item label={t('stock.currentBalance')}>
                <Typography.Text strong>{formatQuantity(item.baseUnit, item.packs, card.data.currentBalance)}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('stock.openingBalance')}>{formatQuantity(item.baseUnit, item.packs, card.data.openingBalance)}</Descriptions.Item>
            </Descriptions>
          )}
        </Flex>
      </Card>
      {/* Mounted once the item is known: its base unit is in every quantity cell's text. */}
      {item ? (
        <DataGrid<LedgerRow> key={item.itemId} testId="ledger-grid" rows={card.data?.rows} columns={columns} rowId={(r) => String(r.moveId)} loading={card.isFetching} height="calc(100vh - 300px)" />
      ) : (
        <Card loading style={{ height: 'calc(100vh - 300px)' }} />
      )}
      <Flex justify="flex-end" align="center" style={{ marginTop: 8 }}>
        <Space>
          <Button size="small" icon={<VerticalRightOutlined />} disabled={page === 1} onClick={() => setPage(1)}>
            {t('stock.newest')}
          </Button>
          <Button size="small" icon={<LeftOutlined />} disabled={page === 1} onClick={() => setPage(page - 1)}>
            {t('stock.previous')}
          </Button>
          <Typography.Text data-testid="ledger-page">{t('stock.page', { page })}</Typography.Text>
          <Button size="small" disabled={!card.data?.hasMore} onClick={() => setPage(page + 1)}>
            {t('stock.nextPage')} <RightOutlined />
          </Button>
        </Space>
      </Flex>
    </>
  );
}

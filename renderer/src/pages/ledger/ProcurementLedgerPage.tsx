import { DownloadOutlined } from '@ant-design/icons';
import { keepPreviousData } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import { Button, Card, DatePicker, Flex, Pagination, Select, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYuan, LEDGER_KINDS, type LedgerKind, type OpInput, type ProcurementLedgerRow } from '../../../../core/api/index.js';
import { exportUrl } from '../../api/client.js';
import { useOp } from '../../api/hooks.js';
import { ItemPicker } from '../../components/ItemPicker.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { LedgerTraceDrawer } from './LedgerTraceDrawer.js';
import { shortDateTime } from './ledgerShared.js';

const PAGE_SIZE = 100;
const TIGHT = { paddingLeft: 6, paddingRight: 6 };
const KIND_COLOURS: Record<LedgerKind, string> = { order: 'blue', receipt: 'green', invoice: 'gold', payment: 'purple' };

/** Who and when of one step, in one cell: 李药师 12-03 10:21. */
const stepCell = (by: string | null, at: string | null) => (by ? `${by} ${shortDateTime(at)}` : '—');

/** 采购台账 (审计): every line of every order, receipt, invoice and payment batch in a period, and who did each step. */
export function ProcurementLedgerPage() {
  const { t } = useTranslation();
  const [from, setFrom] = useState(() => dayjs().startOf('month').format('YYYY-MM-DD'));
  const [to, setTo] = useState(() => dayjs().format('YYYY-MM-DD'));
  const [unitId, setUnitId] = useState<number | undefined>();
  const [supplierId, setSupplierId] = useState<number | undefined>();
  const [itemId, setItemId] = useState<number | null>(null);
  const [vbp, setVbp] = useState<'yes' | 'no' | undefined>();
  const [kind, setKind] = useState<LedgerKind | undefined>();
  const [page, setPage] = useState(1);
  const [opened, setOpened] = useState<ProcurementLedgerRow | null>(null);
  const units = useOp('unit.list', { includeInactive: true });
  const suppliers = useOp('supplier.list', { includeInactive: true });
  const filter: OpInput<'ledger.procurement'> = {
    from,
    to,
    ...(unitId ? { unitId } : {}),
    ...(supplierId ? { supplierId } : {}),
    ...(itemId ? { itemId } : {}),
    ...(vbp ? { vbp: vbp === 'yes' } : {}),
    ...(kind ? { kind } : {}),
    page,
    pageSize: PAGE_SIZE,
  };
  const list = useOp('ledger.procurement', filter, { placeholderData: keepPreviousData });
  const refilter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };

  const columns = useMemo<ColDef<ProcurementLedgerRow>[]>(() => {
    // Narrow on purpose: the whole row fits a 1366-wide screen beside the menu; each step's time is in its tooltip and the drawer.
    // Tight padding and no column filter buttons (the filters above do that): 13 columns in about 1100 pixels.
    const col = (width: number, def: ColDef<ProcurementLedgerRow>): ColDef<ProcurementLedgerRow> => ({ width, minWidth: width, filter: false, suppressHeaderMenuButton: true, cellStyle: TIGHT, headerStyle: TIGHT, ...def });
    const step = (colId: string, header: string, get: (r: ProcurementLedgerRow) => { label?: string; by: string | null; at: string | null }, width: number) =>
      col(width, {
        colId,
        headerName: header,
        valueGetter: ({ data }) => {
          if (!data) return '';
          const s = get(data);
          return s.label === '' ? '—' : `${s.label ? `${s.label} ` : ''}${s.by ?? '—'}`;
        },
        tooltipValueGetter: ({ data }) => (data ? stepCell(get(data).by, get(data).at) : ''),
      });
    return [
      col(50, {
        field: 'kindLabel',
        headerName: t('ledger.procurement.columns.kind'),
        pinned: 'left',
        cellRenderer: ({ data }: { data?: ProcurementLedgerRow }) => (data ? <Tag color={KIND_COLOURS[data.kind]} style={{ marginInlineEnd: 0 }}>{data.kindLabel}</Tag> : null),
      }),
      col(136, {
        colId: 'number',
        headerName: t('ledger.procurement.columns.number'),
        pinned: 'left',
        cellClass: 'mono',
        valueGetter: ({ data }) => (data ? `${data.documentNumber}/${data.lineNo}` : ''),
      }),
      col(58, { field: 'stateLabel', headerName: t('ledger.procurement.columns.state') }),
      col(80, { field: 'date', headerName: t('ledger.procurement.columns.date') }),
      col(106, { field: 'unitName', headerName: t('ledger.procurement.columns.unit'), tooltipField: 'unitName' }),
      col(118, { field: 'supplierName', headerName: t('ledger.procurement.columns.supplier'), tooltipField: 'supplierName' }),
      {
        colId: 'item',
        headerName: t('ledger.procurement.columns.itemName'),
        flex: 1,
        minWidth: 120,
        filter: false,
        suppressHeaderMenuButton: true,
        cellStyle: TIGHT,
        headerStyle: TIGHT,
        valueGetter: ({ data }) => (data ? `${data.itemName} ${data.spec}` : ''),
        tooltipValueGetter: ({ data }) => (data ? `${data.itemCode} ${data.itemName} ${data.spec}` : ''),
      },
      col(42, {
        field: 'vbp',
        headerName: t('ledger.procurement.columns.vbp'),
        cellRenderer: ({ data }: { data?: ProcurementLedgerRow }) => (data?.vbp ? <Tag color="red" style={{ marginInlineEnd: 0 }}>{t('ledger.procurement.vbp')}</Tag> : null),
      }),
      col(64, {
        colId: 'quantity',
        headerName: t('ledger.procurement.columns.quantity'),
        type: 'rightAligned',
        valueGetter: ({ data }) => (data && data.quantity !== null ? `${data.quantity}${data.baseUnit}` : ''),
      }),
      col(80, {
        colId: 'amount',
        headerName: t('ledger.procurement.columns.amount'),
        type: 'rightAligned',
        valueGetter: ({ data }) => data?.amountMicro,
        valueFormatter: ({ value }) => (typeof value === 'number' ? formatYuan(value) : ''),
        tooltipValueGetter: ({ data }) => (data?.priceMicro != null ? `${t('ledger.procurement.columns.price')} ${formatYuan(data.priceMicro)}/${data.packUnit ?? ''}` : ''),
      }),
      step('created', t('ledger.procurement.columns.created'), (r) => ({ by: r.createdBy, at: r.createdAt }), 60),
      step('approved', t('ledger.procurement.columns.approved'), (r) => ({ by: r.approvedBy, at: r.approvedAt }), 60),
      step('final', t('ledger.procurement.columns.final'), (r) => ({ label: r.finalStep, by: r.finalBy, at: r.finalAt }), 116),
    ];
  }, [t]);
  const totals = list.data?.totals;

  return (
    <>
      <PageHeader title={t('nav.procurementLedger')} subtitle={t('ledger.procurement.subtitle')} />
      <Card size="small" style={{ marginBottom: 8 }} styles={{ body: { padding: 8 } }}>
        <Flex gap={6} align="center" wrap={false} data-testid="ledger-filters">
          <DatePicker.RangePicker
            data-testid="ledger-period"
            style={{ width: 222, flex: 'none' }}
            allowClear={false}
            value={[dayjs(from), dayjs(to)]}
            onChange={(range) => {
              if (!range?.[0] || !range[1]) return;
              setFrom(range[0].format('YYYY-MM-DD'));
              setTo(range[1].format('YYYY-MM-DD'));
              setPage(1);
            }}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 140, flex: 'none' }}
            placeholder={t('ledger.procurement.allUnits')}
            value={unitId}
            onChange={refilter(setUnitId)}
            options={(units.data?.units ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 160, flex: 'none' }}
            placeholder={t('ledger.procurement.allSuppliers')}
            value={supplierId}
            onChange={refilter(setSupplierId)}
            options={(suppliers.data?.suppliers ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
          <ItemPicker value={itemId} onChange={(id) => refilter(setItemId)(id)} includeInactive placeholder={t('ledger.procurement.item')} style={{ width: 180, flex: 'none' }} />
          <Select
            allowClear
            style={{ width: 128, flex: 'none' }}
            placeholder={t('ledger.procurement.vbpAll')}
            value={vbp}
            onChange={refilter(setVbp)}
            options={[
              { value: 'yes', label: t('ledger.procurement.vbpOnly') },
              { value: 'no', label: t('ledger.procurement.vbpNot') },
            ]}
          />
          <Select
            allowClear
            data-testid="ledger-kind"
            style={{ width: 108, flex: 'none' }}
            placeholder={t('ledger.procurement.allKinds')}
            value={kind}
            onChange={refilter(setKind)}
            options={LEDGER_KINDS.map((k) => ({ value: k, label: t(`ledger.procurement.kinds.${k}`) }))}
          />
          <Button icon={<DownloadOutlined />} href={exportUrl('ledger.procurement', { ...filter, page: 1, pageSize: 10_000 })} download data-testid="ledger-export" style={{ flex: 'none' }}>
            {t('ledger.procurement.export')}
          </Button>
        </Flex>
      </Card>
      <DataGrid<ProcurementLedgerRow>
        testId="ledger-grid"
        rows={list.data?.rows}
        columns={columns}
        rowId={(r) => `${r.kind}:${r.lineId}`}
        loading={list.isPending}
        height="calc(100vh - 246px)"
        selectedId={opened ? `${opened.kind}:${opened.lineId}` : null}
        onRowClicked={setOpened}
      />
      <Flex justify="space-between" align="center" style={{ marginTop: 6 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="ledger-summary">
          {totals &&
            t('ledger.procurement.summary', {
              count: list.data?.total ?? 0,
              order: formatYuan(totals.order),
              receipt: formatYuan(totals.receipt),
              invoice: formatYuan(totals.invoice),
              payment: formatYuan(totals.payment),
            })}
          {' · '}
          {t('ledger.procurement.rowHint')}
        </Typography.Text>
        <Pagination size="small" current={page} pageSize={PAGE_SIZE} total={list.data?.total ?? 0} showSizeChanger={false} onChange={setPage} hideOnSinglePage />
      </Flex>
      <LedgerTraceDrawer row={opened} onClose={() => setOpened(null)} />
    </>
  );
}

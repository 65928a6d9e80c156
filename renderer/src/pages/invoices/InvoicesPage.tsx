import { DownloadOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { ColDef } from 'ag-grid-community';
import { Badge, Button, Card, Checkbox, Input, Select, Space, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INVOICE_STATES, type InvoiceState, type InvoiceSummary } from '../../../../core/api/index.js';
import { exportUrl } from '../../api/client.js';
import { useOp } from '../../api/hooks.js';
import { useCan } from '../../session/SessionContext.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { InvoiceStateTag, yuan } from './invoiceShared.js';

/** 发票: the list with its filters (supplier, state, exceptions only, number); register and import. */
export function InvoicesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canManage = useCan('invoice.manage');
  const [supplierId, setSupplierId] = useState<number | undefined>();
  const [status, setStatus] = useState<InvoiceState | undefined>();
  const [exceptionsOnly, setExceptionsOnly] = useState(false);
  const [q, setQ] = useState('');
  const suppliers = useOp('supplier.list', { includeInactive: true });
  const filter = { ...(supplierId ? { supplierId } : {}), ...(status ? { status } : {}), ...(q ? { q } : {}), exceptionsOnly, page: 1, pageSize: 500 };
  const list = useOp('invoice.list', filter, { placeholderData: keepPreviousData });
  const columns = useMemo<ColDef<InvoiceSummary>[]>(
    () => [
      {
        field: 'documentNumber',
        headerName: t('invoices.list.documentNumber'),
        width: 140,
        pinned: 'left',
        cellClass: 'mono',
        cellRenderer: ({ data }: { data?: InvoiceSummary }) => (data ? <a onClick={() => void navigate({ to: '/invoices/$invoiceId', params: { invoiceId: data.id } })}>{data.documentNumber}</a> : null),
      },
      { field: 'stateLabel', headerName: t('invoices.list.status'), width: 84, cellRenderer: ({ data }: { data?: InvoiceSummary }) => (data ? <InvoiceStateTag state={data.status} label={data.stateLabel} /> : null) },
      {
        field: 'openExceptionCount',
        headerName: t('invoices.list.exceptions'),
        width: 72,
        cellRenderer: ({ data }: { data?: InvoiceSummary }) =>
          data && data.status === 'registered' ? (data.openExceptionCount > 0 ? <Badge count={data.openExceptionCount} data-testid="invoice-exception-badge" /> : <Badge status="success" text="0" />) : null,
      },
      { field: 'supplierName', headerName: t('invoices.list.supplier'), width: 190, tooltipField: 'supplierName' },
      { field: 'mediumLabel', headerName: t('invoices.list.medium'), width: 100 },
      {
        colId: 'number',
        headerName: t('invoices.list.number'),
        flex: 1,
        minWidth: 190,
        cellClass: 'mono',
        valueGetter: ({ data }) => (data ? `${data.code ? `${data.code} ` : ''}${data.number}` : ''),
        cellRenderer: ({ data, value }: { data?: InvoiceSummary; value: string }) => (
          <span>
            {value} {data?.red && <Tag color="red">{t('invoices.list.red')}</Tag>}
          </span>
        ),
      },
      { field: 'date', headerName: t('invoices.list.date'), width: 104 },
      { field: 'amountMicro', headerName: t('invoices.list.amount'), width: 120, type: 'rightAligned', valueFormatter: ({ value }) => yuan(value as number) },
      { field: 'createdBy', headerName: t('invoices.list.createdBy'), width: 90 },
    ],
    [t, navigate],
  );
  return (
    <>
      <PageHeader
        title={t('invoices.title')}
        subtitle={t('invoices.subtitle')}
        actions={
          canManage && (
            <>
              <Button icon={<ImportOutlined />} onClick={() => void navigate({ to: '/invoices/import' })} data-testid="invoice-import">
                {t('invoices.list.import')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate({ to: '/invoices/new' })} data-testid="invoice-new">
                {t('invoices.list.register')}
              </Button>
            </>
          )
        }
      />
      <Card
        size="small"
        extra={
          <Space wrap>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              style={{ width: 240 }}
              placeholder={t('invoices.list.allSuppliers')}
              value={supplierId}
              onChange={setSupplierId}
              options={(suppliers.data?.suppliers ?? []).map((s) => ({ value: s.id, label: s.name }))}
            />
            <Select
              allowClear
              style={{ width: 120 }}
              placeholder={t('invoices.list.allStates')}
              value={status}
              onChange={setStatus}
              options={INVOICE_STATES.map((s) => ({ value: s, label: t(`invoices.list.states.${s}`) }))}
            />
            <Checkbox checked={exceptionsOnly} onChange={(e) => setExceptionsOnly(e.target.checked)} data-testid="invoice-exceptions-only">
              {t('invoices.list.exceptionsOnly')}
            </Checkbox>
            <Input.Search allowClear style={{ width: 240 }} placeholder={t('invoices.list.search')} onSearch={(v) => setQ(v.trim())} />
            <Button icon={<DownloadOutlined />} href={exportUrl('invoice.list', { ...filter, pageSize: 10_000 })} download>
              {t('invoices.list.export')}
            </Button>
          </Space>
        }
      >
        <DataGrid testId="invoices-grid" rows={list.data?.invoices} columns={columns} rowId={(r) => String(r.id)} loading={list.isPending} height="calc(100vh - 260px)" />
      </Card>
    </>
  );
}

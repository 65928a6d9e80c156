import type { useNavigate } from '@tanstack/react-router';
import type { ColDef } from 'ag-grid-community';
import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import type { ShipmentAnyState, ShipmentSummary } from '../../../../core/api/index.js';
import { formatDateTime } from '../../labels.js';

const STATE_COLORS: Record<ShipmentAnyState, string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'cyan',
  rejected: 'warning',
  allocated: 'processing',
  shipped: 'orange',
  received: 'success',
  cancelled: 'default',
};

/** A shipment's state as its type names it (已配货, 已发出, 已签收 …). */
export function ShipmentStateTag({ doc }: { doc: Pick<ShipmentSummary, 'state' | 'stateLabel'> }) {
  return <Tag color={STATE_COLORS[doc.state]}>{doc.stateLabel}</Tag>;
}

/** A fresh 请求号 for each posting click: a retry of the same click reuses it, a new click gets a new one. */
export const newRequestId = () => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `r${Date.now()}${Math.random().toString(36).slice(2, 10)}`);

/** The shipment list's columns, shared by the transfer tabs and the returns page. */
export function shipmentColumns(t: TFunction, navigate: ReturnType<typeof useNavigate>, returns = false): ColDef<ShipmentSummary>[] {
  return [
    {
      field: 'number',
      headerName: t('shipments.col.number'),
      width: 150,
      pinned: 'left',
      cellClass: 'mono',
      cellRenderer: ({ data }: { data?: ShipmentSummary }) =>
        data ? (
          <a
            onClick={() =>
              void (data.kind === 'return'
                ? navigate({ to: '/member-returns/$returnId', params: { returnId: data.id } })
                : navigate({ to: '/shipments/$shipmentId', params: { shipmentId: data.id } }))
            }
          >
            {data.number}
          </a>
        ) : null,
    },
    { field: 'stateLabel', headerName: t('shipments.col.state'), width: 96, cellRenderer: ({ data }: { data?: ShipmentSummary }) => (data ? <ShipmentStateTag doc={data} /> : null) },
    ...(returns
      ? [{ field: 'returnReasonLabel', headerName: t('shipments.col.reason'), width: 100 } as ColDef<ShipmentSummary>]
      : [{ field: 'requisitionNumber', headerName: t('shipments.col.requisition'), width: 150, cellClass: 'mono' } as ColDef<ShipmentSummary>]),
    { field: 'unitName', headerName: t('shipments.col.unit'), width: 160 },
    { field: 'fromStoreName', headerName: t('shipments.col.from'), width: 130 },
    { field: 'toStoreName', headerName: t('shipments.col.to'), width: 130 },
    { field: 'lineCount', headerName: t('shipments.col.lineCount'), width: 70, type: 'rightAligned' },
    { field: 'totalQuantity', headerName: t('shipments.col.totalQuantity'), width: 96, type: 'rightAligned' },
    { field: 'totalYuan', headerName: t('shipments.col.total'), width: 110, type: 'rightAligned', cellClass: 'mono', comparator: (_a, _b, x, y) => (x.data?.totalMicro ?? 0) - (y.data?.totalMicro ?? 0) },
    {
      field: 'openDiscrepancies',
      headerName: t('shipments.col.discrepancies'),
      width: 96,
      type: 'rightAligned',
      cellRenderer: ({ value }: { value?: number }) => (value ? <Tag color="red">{value}</Tag> : ''),
    },
    { field: 'createdBy', headerName: t('shipments.col.createdBy'), width: 96 },
    { field: 'createdAt', headerName: t('shipments.col.createdAt'), width: 150, valueFormatter: ({ value }) => formatDateTime(value as string) },
    { field: 'shippedAt', headerName: t('shipments.col.shippedAt'), width: 150, valueFormatter: ({ value }) => formatDateTime(value as string | null) },
    { field: 'receivedAt', headerName: t('shipments.col.receivedAt'), width: 150, valueFormatter: ({ value }) => formatDateTime(value as string | null) },
  ];
}

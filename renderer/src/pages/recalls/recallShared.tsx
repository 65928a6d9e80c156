import { Link } from '@tanstack/react-router';
import type { ColDef } from 'ag-grid-community';
import { Table, Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { BatchStatus, RecallDocument, RecallHolder, RecallState } from '../../../../core/api/index.js';

/** Shared pieces of the recall pages: tags, the holders' grid columns and the created documents' table. */

export function BatchStatusBadge({ status, label }: { status: BatchStatus; label: string }) {
  return <Tag color={status === 'recalled' ? 'red' : status === 'on_hold' ? 'orange' : 'green'}>{label}</Tag>;
}

export function RecallStateTag({ state, label }: { state: RecallState; label: string }) {
  return <Tag color={state === 'open' ? 'volcano' : 'default'}>{label}</Tag>;
}

export function holderColumns(t: TFunction): ColDef<RecallHolder>[] {
  return [
    { field: 'unitName', headerName: t('recalls.holder.unit'), width: 200, pinned: 'left', tooltipField: 'unitName' },
    {
      colId: 'place',
      headerName: t('recalls.holder.place'),
      width: 170,
      valueGetter: ({ data }) => (!data ? '' : data.kind === 'transit' ? `${t('recalls.holder.transit')}（${data.locationName}）` : (data.storeName ?? '')),
      cellRenderer: ({ data }: { data?: RecallHolder }) =>
        !data ? null : data.kind === 'transit' ? (
          <Tag color="blue">{t('recalls.holder.transit')}</Tag>
        ) : (
          <>
            {data.storeName} {data.central && <Tag color="geekblue">{t('recalls.holder.central')}</Tag>}
          </>
        ),
    },
    { colId: 'batch', headerName: t('recalls.holder.batch'), width: 140, cellClass: 'mono', valueGetter: ({ data }) => (data ? `${data.batchNo}（${data.batchId}）` : '') },
    { field: 'expiry', headerName: t('recalls.holder.expiry'), width: 110, cellClass: 'mono' },
    {
      field: 'batchStatusLabel',
      headerName: t('recalls.holder.status'),
      width: 96,
      cellRenderer: ({ data }: { data?: RecallHolder }) => (data ? <BatchStatusBadge status={data.batchStatus} label={data.batchStatusLabel} /> : null),
    },
    { field: 'supplierName', headerName: t('recalls.holder.supplier'), width: 180, valueFormatter: ({ value }) => (value as string | null) ?? '' },
    { field: 'quantity', headerName: t('recalls.holder.quantity'), width: 90, type: 'rightAligned' },
    { field: 'reserved', headerName: t('recalls.holder.reserved'), width: 90, type: 'rightAligned' },
    {
      colId: 'codes',
      headerName: t('recalls.holder.codes'),
      flex: 1,
      minWidth: 160,
      cellClass: 'mono',
      valueGetter: ({ data }) => (data ? data.traceCodes.join(' ') : ''),
      tooltipValueGetter: ({ data }) => (data ? data.traceCodes.join('\n') : ''),
    },
  ];
}

export function documentLink(doc: Pick<RecallDocument, 'id' | 'number' | 'kind'>) {
  return doc.kind === 'member_return' ? (
    <Link to="/member-returns/$returnId" params={{ returnId: doc.id }}>
      {doc.number}
    </Link>
  ) : (
    <Link to="/stock-adjustments/$adjustmentId" params={{ adjustmentId: doc.id }}>
      {doc.number}
    </Link>
  );
}

/** The documents a recall made, each linked to its own page. */
export function RecallDocumentsTable({ documents, unit }: { documents: RecallDocument[]; unit: string }) {
  const { t } = useTranslation();
  return (
    <Table<RecallDocument>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={documents}
      data-testid="recall-documents"
      columns={[
        { title: t('recalls.doc.kind'), dataIndex: 'kindLabel', width: 100, render: (v: string, d) => <Tag color={d.kind === 'member_return' ? 'purple' : 'orange'}>{v}</Tag> },
        { title: t('recalls.doc.number'), dataIndex: 'number', width: 160, render: (_: string, d) => documentLink(d) },
        { title: t('recalls.doc.state'), dataIndex: 'stateLabel', width: 90 },
        { title: t('recalls.doc.store'), key: 'store', render: (_: unknown, d) => `${d.unitName} · ${d.storeName}` },
        { title: t('recalls.doc.supplier'), key: 'to', render: (_: unknown, d) => d.supplierName ?? t('recalls.doc.centre') },
        { title: t('recalls.doc.quantity'), dataIndex: 'quantity', width: 100, align: 'right', render: (q: number) => `${q}${unit}` },
      ]}
    />
  );
}

import type { ColDef } from 'ag-grid-community';
import type { TFunction } from 'i18next';
import type { AuditEntry } from '../../../../core/api/index.js';
import { formatDateTime } from '../../labels.js';

export function auditColumns(t: TFunction): ColDef<AuditEntry>[] {
  return [
    { field: 'seq', headerName: t('audit.seq'), width: 90, type: 'numericColumn', filter: 'agNumberColumnFilter', sort: 'desc' },
    { field: 'at', headerName: t('audit.at'), width: 160, valueFormatter: ({ value }) => formatDateTime(value as string) },
    { field: 'username', headerName: t('audit.username'), width: 110, cellClass: 'mono' },
    { field: 'unitName', headerName: t('audit.unit'), width: 140 },
    {
      colId: 'operationTitle',
      headerName: t('audit.operationTitle'),
      width: 140,
      valueGetter: ({ data }) => (data ? t(`operation.${data.operation}`, { defaultValue: data.operationTitle }) : ''),
    },
    { field: 'operation', headerName: t('audit.operationCode'), width: 160, cellClass: 'mono', hide: true },
    { field: 'target', headerName: t('audit.target'), width: 150, cellClass: 'mono' },
    { field: 'summaryText', headerName: t('audit.summary'), flex: 1, minWidth: 260, tooltipField: 'summary' },
    {
      field: 'hash',
      headerName: t('audit.hash'),
      width: 120,
      cellClass: 'mono',
      tooltipField: 'hash',
      valueFormatter: ({ value }) => `${String(value ?? '').slice(0, 12)}…`,
    },
  ];
}

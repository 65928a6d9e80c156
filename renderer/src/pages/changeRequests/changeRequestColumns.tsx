import { Link } from '@tanstack/react-router';
import { Button, Space, Tag } from 'antd';
import type { ColDef } from 'ag-grid-community';
import type { TFunction } from 'i18next';
import type { ChangeRequest } from '../../../../core/api/index.js';
import { formatDateTime } from '../../labels.js';
import { CHANGE_STATUS_COLOR, changeKindLabel, changeStatusLabel } from '../formulary/labels.js';

export interface ChangeRequestActions {
  canDecide: boolean;
  canWithdraw: (request: ChangeRequest) => boolean;
  open: (request: ChangeRequest) => void;
  decide: (request: ChangeRequest) => void;
  withdraw: (request: ChangeRequest) => void;
}

export function changeRequestColumns(t: TFunction, actions: ChangeRequestActions): ColDef<ChangeRequest>[] {
  return [
    {
      field: 'number',
      headerName: t('changeRequest.number'),
      width: 140,
      pinned: 'left',
      cellClass: 'mono',
      cellRenderer: ({ data }: { data?: ChangeRequest }) =>
        data ? (
          <Link to="/change-requests/$requestId" params={{ requestId: data.id }} state={{ overList: true }}>
            {data.number}
          </Link>
        ) : null,
    },
    {
      colId: 'kind',
      headerName: t('changeRequest.kind'),
      width: 116,
      valueGetter: ({ data }) => (data ? changeKindLabel(t, data.kind) : ''),
    },
    {
      colId: 'itemName',
      headerName: t('changeRequest.item'),
      width: 220,
      // A batch request (an import, the initial formulary) names no one item: say how many it holds.
      valueGetter: ({ data }) => (!data ? '' : data.kind === 'batch' ? t('changeRequest.batchRows', { count: data.rowCount }) : (data.itemName ?? '')),
      tooltipValueGetter: ({ value }) => String(value ?? ''),
    },
    {
      colId: 'status',
      headerName: t('changeRequest.status'),
      width: 96,
      valueGetter: ({ data }) => (data ? changeStatusLabel(t, data.status) : ''),
      cellRenderer: ({ data }: { data?: ChangeRequest }) =>
        data ? <Tag color={CHANGE_STATUS_COLOR[data.status]}>{changeStatusLabel(t, data.status)}</Tag> : null,
    },
    { field: 'proposedBy', headerName: t('changeRequest.proposer'), width: 96 },
    { field: 'proposerUnitName', headerName: t('changeRequest.unit'), width: 150 },
    {
      field: 'proposedAt',
      headerName: t('changeRequest.proposedAt'),
      width: 156,
      valueFormatter: ({ value }) => formatDateTime(value as string),
    },
    { field: 'reason', headerName: t('changeRequest.reason'), width: 200, tooltipField: 'reason' },
    {
      field: 'resolutionNo',
      headerName: t('changeRequest.resolutionNo'),
      width: 120,
      valueFormatter: ({ value }) => (value as string | null) ?? '',
    },
    {
      field: 'resolutionDate',
      headerName: t('changeRequest.resolutionDate'),
      width: 110,
      valueFormatter: ({ value }) => (value as string | null) ?? '',
    },
    {
      field: 'appliedVersion',
      headerName: t('changeRequest.appliedVersion'),
      width: 90,
      valueFormatter: ({ value }) => (value === null || value === undefined ? '' : `v${String(value)}`),
    },
    {
      colId: 'actions',
      headerName: t('common.actions'),
      width: 176,
      pinned: 'right',
      sortable: false,
      filter: false,
      cellRenderer: ({ data }: { data?: ChangeRequest }) =>
        data ? (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => actions.open(data)}>
              {t('common.details')}
            </Button>
            {actions.canDecide && data.status === 'submitted' && (
              <Button type="link" size="small" onClick={() => actions.decide(data)}>
                {t('changeRequest.decide')}
              </Button>
            )}
            {actions.canWithdraw(data) && (
              <Button type="link" size="small" danger onClick={() => actions.withdraw(data)}>
                {t('changeRequest.withdraw')}
              </Button>
            )}
          </Space>
        ) : null,
    },
  ];
}

import { Link } from '@tanstack/react-router';
import { Button, Space, Tag } from 'antd';
import type { ColDef } from 'ag-grid-community';
import type { TFunction } from 'i18next';
import type { Unit } from '../../../../core/api/index.js';
import { ActiveTag } from '../../grid/cells.js';
import { kindLabel, levelLabel } from '../../labels.js';

export interface UnitActions {
  canManage: boolean;
  open: (unit: Unit) => void;
  edit: (unit: Unit) => void;
  toggleActive: (unit: Unit) => void;
}

/** Columns of the units grid; enums go through valueGetter so filters and quick search match the Chinese. */
export function unitColumns(t: TFunction, actions: UnitActions): ColDef<Unit>[] {
  return [
    { field: 'code', headerName: t('units.code'), width: 105, pinned: 'left' },
    {
      field: 'name',
      headerName: t('units.name'),
      width: 190,
      pinned: 'left',
      cellRenderer: ({ data }: { data?: Unit }) =>
        data ? (
          <Space size={4}>
            <Link to="/units/$unitId" params={{ unitId: data.id }} state={{ overList: true }}>
              {data.name}
            </Link>
            {data.isLead && <Tag color="gold">{t('units.lead')}</Tag>}
          </Space>
        ) : null,
    },
    { colId: 'kind', headerName: t('units.kind'), width: 130, valueGetter: ({ data }) => (data ? kindLabel(t, data.kind) : '') },
    { colId: 'level', headerName: t('units.level'), width: 76, valueGetter: ({ data }) => (data ? levelLabel(t, data.level) : '') },
    { field: 'parentName', headerName: t('units.parent'), width: 140, valueFormatter: ({ value }) => (value as string | null) ?? '' },
    {
      colId: 'active',
      headerName: t('common.status'),
      width: 86,
      valueGetter: ({ data }) => (data?.active ? t('common.active') : t('common.inactive')),
      cellRenderer: ({ data }: { data?: Unit }) => (data ? <ActiveTag active={data.active} /> : null),
    },
    { field: 'storeCount', headerName: t('units.storeCount'), width: 86, type: 'numericColumn', filter: 'agNumberColumnFilter' },
    { field: 'uscc', headerName: t('units.uscc'), width: 178, cellClass: 'mono' },
    { field: 'insuranceCode', headerName: t('units.insuranceCode'), width: 150, cellClass: 'mono' },
    { field: 'contactName', headerName: t('units.contactName'), width: 96 },
    { field: 'contactPhone', headerName: t('units.contactPhone'), width: 124 },
    {
      colId: 'actions',
      headerName: t('common.actions'),
      width: actions.canManage ? 160 : 80,
      pinned: 'right',
      sortable: false,
      filter: false,
      cellRenderer: ({ data }: { data?: Unit }) =>
        data ? (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => actions.open(data)}>
              {t('common.details')}
            </Button>
            {actions.canManage && (
              <Button type="link" size="small" onClick={() => actions.edit(data)}>
                {t('common.edit')}
              </Button>
            )}
            {actions.canManage && !data.isLead && (
              <Button type="link" size="small" danger={data.active} onClick={() => actions.toggleActive(data)}>
                {data.active ? t('common.deactivate') : t('common.activate')}
              </Button>
            )}
          </Space>
        ) : null,
    },
  ];
}

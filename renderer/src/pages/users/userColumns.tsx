import { Button, Space, Tag } from 'antd';
import type { ColDef } from 'ag-grid-community';
import type { TFunction } from 'i18next';
import type { User } from '../../../../core/api/index.js';
import { ActiveTag } from '../../grid/cells.js';
import { formatDateTime, roleLabel } from '../../labels.js';

export interface UserActions {
  canManage: boolean;
  edit: (user: User) => void;
  resetPassword: (user: User) => void;
}

export function userColumns(t: TFunction, actions: UserActions): ColDef<User>[] {
  return [
    { field: 'username', headerName: t('users.username'), width: 130, cellClass: 'mono', pinned: 'left' },
    { field: 'displayName', headerName: t('users.displayName'), width: 120 },
    { colId: 'role', headerName: t('users.role'), width: 130, valueGetter: ({ data }) => (data ? roleLabel(t, data.role) : '') },
    { field: 'unitName', headerName: t('users.unit'), flex: 1, minWidth: 180 },
    {
      colId: 'active',
      headerName: t('users.status'),
      width: 96,
      valueGetter: ({ data }) => (data?.active ? t('common.active') : t('common.inactive')),
      cellRenderer: ({ data }: { data?: User }) => (data ? <ActiveTag active={data.active} /> : null),
    },
    {
      colId: 'locked',
      headerName: t('users.locked'),
      width: 140,
      valueGetter: ({ data }) => (data?.locked ? t('users.lockedTag') : t('users.notLocked')),
      cellRenderer: ({ data }: { data?: User }) =>
        data ? (
          <Space size={4}>
            {data.locked ? <Tag color="error">{t('users.lockedTag')}</Tag> : <Tag>{t('users.notLocked')}</Tag>}
            {data.mustChangePassword && <Tag color="warning">{t('users.mustChange')}</Tag>}
          </Space>
        ) : null,
    },
    {
      field: 'lastLoginAt',
      headerName: t('users.lastLogin'),
      width: 165,
      valueFormatter: ({ value }) => (value ? formatDateTime(value as string) : t('users.never')),
    },
    ...(actions.canManage
      ? [
          {
            colId: 'actions',
            headerName: t('common.actions'),
            width: 150,
            pinned: 'right' as const,
            sortable: false,
            filter: false,
            cellRenderer: ({ data }: { data?: User }) =>
              data ? (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => actions.edit(data)}>
                    {t('common.edit')}
                  </Button>
                  <Button type="link" size="small" onClick={() => actions.resetPassword(data)}>
                    {t('users.resetPassword')}
                  </Button>
                </Space>
              ) : null,
          },
        ]
      : []),
  ];
}

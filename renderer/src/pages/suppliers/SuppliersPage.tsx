import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { ColDef } from 'ag-grid-community';
import { Alert, App, Button, Input, Select, Space, Switch, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SUPPLIER_KINDS, type OpInput, type Supplier, type SupplierKind } from '../../../../core/api/index.js';
import { exportUrl } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp, useOpMutation } from '../../api/hooks.js';
import { ActiveTag } from '../../grid/cells.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { useDrawerRoute } from '../../layout/useDrawerRoute.js';
import { useCan } from '../../session/SessionContext.js';
import { SupplierAlertTags } from './supplierShared.js';
import { SupplierDrawer } from './SupplierDrawer.js';
import { SupplierFormModal } from './SupplierFormModal.js';

type ListInput = NonNullable<OpInput<'supplier.list'>>;
const rowId = (s: Supplier) => String(s.id);
const ALERT_ORDER = { expired: 0, expiring: 1, valid: 2 } as const;

/** 供应商: the grid with qualification alert tags, filters, the xlsx export, a drawer per supplier, the form. */
export function SuppliersPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const canManage = useCan('supplier.manage');
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<SupplierKind | undefined>();
  const [includeInactive, setIncludeInactive] = useState(false);
  const [alertsOnly, setAlertsOnly] = useState(false);
  const [editing, setEditing] = useState<Supplier | 'new' | null>(null);
  const drawer = useDrawerRoute('supplierId', '/suppliers');
  const filter: ListInput = { includeInactive, ...(kind ? { kind } : {}), ...(query.trim() ? { query: query.trim() } : {}) };
  const list = useOp('supplier.list', filter, { placeholderData: keepPreviousData });
  const setActive = useOpMutation('supplier.setActive', ['supplier.list', 'supplier.get', 'supplier.alerts']);
  const all = list.data?.suppliers;
  const rows = useMemo(() => (alertsOnly ? all?.filter((s) => s.alert !== 'valid') : all), [all, alertsOnly]);
  const expired = all?.filter((s) => s.active && s.alert === 'expired').length ?? 0;
  const expiring = all?.filter((s) => s.active && s.alert === 'expiring').length ?? 0;

  const columns = useMemo<ColDef<Supplier>[]>(
    () => [
      {
        field: 'name',
        headerName: t('suppliers.name'),
        minWidth: 280,
        flex: 1,
        pinned: 'left',
        cellRenderer: ({ data }: { data?: Supplier }) =>
          data ? (
            <Space size={4}>
              <a onClick={() => void navigate({ to: '/suppliers/$supplierId', params: { supplierId: data.id }, state: { overList: true } })}>{data.name}</a>
              {data.sme && <Tag color="cyan">{t('suppliers.smeTag')}</Tag>}
            </Space>
          ) : null,
      },
      { colId: 'kind', headerName: t('suppliers.kindLabel'), width: 100, valueGetter: ({ data }) => (data ? t(`suppliers.kind.${data.kind}`) : '') },
      { field: 'uscc', headerName: t('suppliers.uscc'), width: 180, cellClass: 'mono' },
      {
        colId: 'alert',
        headerName: t('suppliers.alert'),
        width: 300,
        valueGetter: ({ data }) => (data ? data.alertText || t('suppliers.noAlert') : ''),
        comparator: (_a, _b, x, y) => ALERT_ORDER[x.data?.alert ?? 'valid'] - ALERT_ORDER[y.data?.alert ?? 'valid'],
        cellRenderer: ({ data }: { data?: Supplier }) => (data ? <SupplierAlertTags supplier={data} /> : null),
      },
      {
        colId: 'qualifications',
        headerName: t('suppliers.qualificationCount'),
        width: 80,
        type: 'rightAligned',
        valueGetter: ({ data }) => data?.qualifications.length ?? 0,
        tooltipValueGetter: ({ data }) => data?.qualificationText ?? '',
      },
      { field: 'contactName', headerName: t('suppliers.contactName'), width: 96 },
      { field: 'contactPhone', headerName: t('suppliers.contactPhone'), width: 130 },
      {
        colId: 'platformCodes',
        headerName: t('suppliers.platformCodes'),
        width: 150,
        cellClass: 'mono',
        valueGetter: ({ data }) => data?.platformCodes.map((p) => p.code).join('、') ?? '',
      },
      {
        colId: 'active',
        headerName: t('suppliers.status'),
        width: 84,
        valueGetter: ({ data }) => (data?.active ? t('common.active') : t('common.inactive')),
        cellRenderer: ({ data }: { data?: Supplier }) => (data ? <ActiveTag active={data.active} /> : null),
      },
      {
        colId: 'actions',
        headerName: t('common.actions'),
        width: canManage ? 150 : 76,
        pinned: 'right',
        sortable: false,
        filter: false,
        cellRenderer: ({ data }: { data?: Supplier }) =>
          data ? (
            <Space size={0}>
              <Button type="link" size="small" onClick={() => void navigate({ to: '/suppliers/$supplierId', params: { supplierId: data.id }, state: { overList: true } })}>
                {t('common.details')}
              </Button>
              {canManage && (
                <Button type="link" size="small" onClick={() => setEditing(data)}>
                  {t('common.edit')}
                </Button>
              )}
              {canManage && (
                <Button
                  type="link"
                  size="small"
                  danger={data.active}
                  onClick={() =>
                    modal.confirm({
                      title: data.active ? t('suppliers.deactivateConfirm', { name: data.name }) : t('suppliers.activateConfirm', { name: data.name }),
                      content: data.active ? t('suppliers.deactivateHint') : undefined,
                      okText: data.active ? t('suppliers.deactivate') : t('suppliers.activate'),
                      okButtonProps: { danger: data.active },
                      cancelText: t('common.cancel'),
                      onOk: () =>
                        setActive
                          .mutateAsync({ id: data.id, version: data.version, active: !data.active })
                          .then(() => void message.success(data.active ? t('suppliers.deactivated') : t('suppliers.activated')))
                          .catch((error: unknown) => void message.error(errorMessage(error, t))),
                    })
                  }
                >
                  {data.active ? t('suppliers.deactivate') : t('suppliers.activate')}
                </Button>
              )}
            </Space>
          ) : null,
      },
    ],
    [t, canManage, navigate, modal, message, setActive],
  );

  return (
    <>
      <PageHeader
        title={t('suppliers.title')}
        subtitle={t('suppliers.subtitle')}
        actions={
          <>
            <Input.Search allowClear placeholder={t('suppliers.searchPlaceholder')} style={{ width: 240 }} onSearch={setQuery} onChange={(e) => !e.target.value && setQuery('')} />
            <Select
              allowClear
              style={{ width: 120 }}
              placeholder={t('suppliers.allKinds')}
              value={kind}
              onChange={setKind}
              options={SUPPLIER_KINDS.map((k) => ({ value: k, label: t(`suppliers.kind.${k}`) }))}
            />
            <Space size={6}>
              <Switch size="small" checked={alertsOnly} onChange={setAlertsOnly} data-testid="suppliers-alerts-only" />
              <Typography.Text>{t('suppliers.alertsOnly')}</Typography.Text>
            </Space>
            <Space size={6}>
              <Switch size="small" checked={includeInactive} onChange={setIncludeInactive} />
              <Typography.Text>{t('suppliers.showInactive')}</Typography.Text>
            </Space>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
            <Button icon={<DownloadOutlined />} href={exportUrl('supplier.list', filter)} download>
              {t('suppliers.export')}
            </Button>
            {canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="supplier-new">
                {t('suppliers.create')}
              </Button>
            )}
          </>
        }
      />
      {(expired > 0 || expiring > 0) && (
        <Alert
          type={expired > 0 ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          message={[expired > 0 ? t('suppliers.alertsExpired', { count: expired }) : '', expiring > 0 ? t('suppliers.alertsExpiring', { count: expiring }) : ''].filter(Boolean).join('；')}
          action={
            !alertsOnly ? (
              <Button size="small" onClick={() => setAlertsOnly(true)}>
                {t('suppliers.alertsOnly')}
              </Button>
            ) : undefined
          }
        />
      )}
      <DataGrid<Supplier>
        testId="suppliers-grid"
        rows={rows}
        columns={columns}
        rowId={rowId}
        loading={list.isPending}
        height="calc(100vh - 250px)"
        selectedId={drawer.id === null ? null : String(drawer.id)}
      />
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
        {t('common.total', { count: rows?.length ?? 0 })}
      </Typography.Text>
      <SupplierDrawer supplierId={drawer.id} onClose={drawer.close} onEdit={canManage ? (s) => setEditing(s) : undefined} />
      {editing !== null && <SupplierFormModal open supplier={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

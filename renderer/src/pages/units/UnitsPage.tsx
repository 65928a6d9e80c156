import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Space, Switch, Typography } from 'antd';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Unit } from '../../../../core/api/index.js';
import { useOp, useOpMutation } from '../../api/hooks.js';
import { errorMessage } from '../../api/errors.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { useCan, useSessionUser } from '../../session/SessionContext.js';
import { unitColumns } from './unitColumns.js';
import { UnitDetailDrawer } from './UnitDetailDrawer.js';
import { UnitFormModal } from './UnitFormModal.js';
import { QuickSearch } from '../../grid/QuickSearch.js';
import { useDrawerRoute } from '../../layout/useDrawerRoute.js';

const unitRowId = (u: Unit) => String(u.id);

export function UnitsPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const user = useSessionUser();
  const canManage = useCan('unit.manage');
  const [quick, setQuick] = useState('');
  const [includeInactive, setIncludeInactive] = useState(false);
  const navigate = useNavigate();
  // /units/<id> opens that unit's drawer over the grid.
  const drawer = useDrawerRoute('unitId', '/units');
  const openId = drawer.id;
  const [editing, setEditing] = useState<Unit | null | 'new'>(null);
  const list = useOp('unit.list', { includeInactive });
  const setActive = useOpMutation('unit.setActive', ['unit.list', 'unit.get']);
  // A member pharmacist sees only their own unit: the hub filters the list, the page just says so.
  const ownUnitOnly = !canManage && list.data?.units.length === 1 && list.data.units[0]?.id === user.unitId;

  const columns = useMemo(
    () =>
      unitColumns(t, {
        canManage,
        open: (u) => void navigate({ to: '/units/$unitId', params: { unitId: u.id }, state: { overList: true } }),
        edit: (u) => setEditing(u),
        toggleActive: (u) => {
          const run = () =>
            setActive
              .mutateAsync({ id: u.id, active: !u.active })
              .then(() => void message.success(u.active ? t('units.deactivated') : t('units.activated')))
              .catch((error: unknown) => void message.error(errorMessage(error, t)));
          modal.confirm({
            title: u.active ? t('units.deactivateConfirm', { name: u.name }) : t('units.activateConfirm', { name: u.name }),
            content: u.active ? t('units.deactivateHint') : undefined,
            okText: u.active ? t('common.deactivate') : t('common.activate'),
            okButtonProps: { danger: u.active },
            cancelText: t('common.cancel'),
            onOk: run,
          });
        },
      }),
    [t, canManage, setActive, message, modal, navigate],
  );

  return (
    <>
      <PageHeader
        title={t('units.title')}
        subtitle={ownUnitOnly ? t('units.ownSubtitle') : t('units.subtitle')}
        actions={
          <>
            <QuickSearch value={quick} onChange={setQuick} />
            {canManage && (
              <Space size={6}>
                <Switch size="small" checked={includeInactive} onChange={setIncludeInactive} />
                <Typography.Text>{t('units.showInactive')}</Typography.Text>
              </Space>
            )}
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
            {canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
                {t('units.create')}
              </Button>
            )}
          </>
        }
      />
      <DataGrid<Unit>
        testId="units-grid"
        rows={list.data?.units}
        columns={columns}
        rowId={unitRowId}
        quickFilter={quick}
        loading={list.isPending}
        selectedId={openId === null ? null : String(openId)}
      />
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
        {t('common.total', { count: list.data?.units.length ?? 0 })}
      </Typography.Text>
      <UnitDetailDrawer unitId={openId} onClose={drawer.close} />
      {editing !== null && (
        <UnitFormModal open unit={editing === 'new' ? null : editing} units={list.data?.units ?? []} onClose={() => setEditing(null)} />
      )}
    </>
  );
}

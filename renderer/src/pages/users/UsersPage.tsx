import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../../core/api/index.js';
import { useOp, useOpMutation } from '../../api/hooks.js';
import { errorMessage } from '../../api/errors.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { useCan } from '../../session/SessionContext.js';
import { OneTimePasswordModal, type OneTimePassword } from './OneTimePasswordModal.js';
import { userColumns } from './userColumns.js';
import { UserFormModal } from './UserFormModal.js';
import { QuickSearch } from '../../grid/QuickSearch.js';

const userRowId = (u: User) => String(u.id);

export function UsersPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const canManage = useCan('user.manage');
  const [quick, setQuick] = useState('');
  const [editing, setEditing] = useState<User | null | 'new'>(null);
  const [otp, setOtp] = useState<OneTimePassword | null>(null);
  const list = useOp('user.list', { includeInactive: true });
  const reset = useOpMutation('user.resetPassword', ['user.list']);

  const columns = useMemo(
    () =>
      userColumns(t, {
        canManage,
        edit: (u) => setEditing(u),
        resetPassword: (u) =>
          modal.confirm({
            title: t('users.resetConfirm', { name: u.displayName }),
            content: t('users.resetHint'),
            okText: t('users.resetPassword'),
            cancelText: t('common.cancel'),
            onOk: () =>
              reset
                .mutateAsync({ id: u.id })
                .then((r) => setOtp({ headline: t('users.otpReset', { name: r.user.displayName }), password: r.oneTimePassword }))
                .catch((error: unknown) => void message.error(errorMessage(error, t))),
          }),
      }),
    [t, canManage, modal, reset, message],
  );

  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        actions={
          <>
            <QuickSearch value={quick} onChange={setQuick} />
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
            {canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
                {t('users.create')}
              </Button>
            )}
          </>
        }
      />
      <DataGrid<User>
        testId="users-grid"
        rows={list.data?.users}
        columns={columns}
        rowId={userRowId}
        quickFilter={quick}
        loading={list.isPending}
      />
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
        {t('common.total', { count: list.data?.users.length ?? 0 })}
      </Typography.Text>
      {editing !== null && <UserFormModal user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onPassword={setOtp} />}
      <OneTimePasswordModal value={otp} onClose={() => setOtp(null)} />
    </>
  );
}

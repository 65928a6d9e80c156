import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Empty, Flex, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Store } from '../../../../core/api/index.js';
import { useOpMutation } from '../../api/hooks.js';
import { errorMessage } from '../../api/errors.js';
import { ActiveTag } from '../../grid/cells.js';
import { StoreFormModal } from './StoreFormModal.js';

/** A unit's stores with create, rename and deactivate for those who keep them. */
export function StoresPanel({
  unitId,
  unitActive,
  stores,
  canManage,
  onChanged,
}: {
  unitId: number;
  unitActive: boolean;
  stores: Store[];
  canManage: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [editing, setEditing] = useState<Store | null | 'new'>(null);
  const update = useOpMutation('store.update', ['store.list', 'unit.list', 'unit.get']);

  const toggle = (store: Store) => {
    const run = () =>
      update
        .mutateAsync({ id: store.id, name: store.name, active: !store.active })
        .then(() => {
          void message.success(store.active ? t('units.deactivated') : t('units.activated'));
          onChanged();
        })
        .catch((error: unknown) => void message.error(errorMessage(error, t)));
    if (!store.active) return void run();
    modal.confirm({
      title: t('stores.deactivateConfirm', { name: store.name }),
      okButtonProps: { danger: true },
      okText: t('common.deactivate'),
      cancelText: t('common.cancel'),
      onOk: run,
    });
  };

  return (
    <>
      <Flex justify="space-between" align="center" style={{ margin: '20px 0 8px' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('stores.title')}
        </Typography.Title>
        {canManage && unitActive && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('stores.create')}
          </Button>
        )}
      </Flex>
      <Table<Store>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={stores}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stores.empty')} /> }}
        columns={[
          { key: 'code', title: t('stores.code'), dataIndex: 'code', className: 'mono', width: 130 },
          {
            key: 'name',
            title: t('stores.name'),
            render: (_, s) => (
              <Space size={4}>
                {s.name}
                {s.isCentral && <Tag color="geekblue">{t('stores.central')}</Tag>}
              </Space>
            ),
          },
          { key: 'active', title: t('common.status'), width: 80, render: (_, s) => <ActiveTag active={s.active} /> },
          ...(canManage
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  width: 120,
                  render: (_: unknown, s: Store) => (
                    <Space size={0}>
                      <Button type="link" size="small" onClick={() => setEditing(s)}>
                        {t('stores.rename')}
                      </Button>
                      {!s.isCentral && (
                        <Button type="link" size="small" danger={s.active} onClick={() => toggle(s)}>
                          {s.active ? t('common.deactivate') : t('common.activate')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing !== null && (
        <StoreFormModal
          open
          unitId={unitId}
          store={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={onChanged}
        />
      )}
    </>
  );
}

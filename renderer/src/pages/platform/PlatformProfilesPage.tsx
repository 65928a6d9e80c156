import { Button, Table, Tag } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOp } from '../../api/hooks.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { useCan } from '../../session/SessionContext.js';
import { ProfileEditor } from './ProfileEditor.js';

/** 平台配置: the platform profiles (national, sichuan and any an administrator adds), each opened in its editor. */
export function PlatformProfilesPage() {
  const { t } = useTranslation();
  const canEdit = useCan('platform.manage');
  const client = useQueryClient();
  const list = useOp('platformProfile.list', {});
  const [open, setOpen] = useState<string | null>(null);
  const profile = list.data?.profiles.find((p) => p.name === open) ?? null;
  return (
    <>
      <PageHeader
        title={t('nav.platformProfiles')}
        subtitle={t('platform.profiles.subtitle')}
        actions={profile && <Button onClick={() => setOpen(null)}>{t('platform.profiles.back')}</Button>}
      />
      {profile ? (
        <ProfileEditor
          key={`${profile.name}:${profile.version}`}
          profile={profile}
          canEdit={canEdit}
          onSaved={() => void client.invalidateQueries({ queryKey: ['platformProfile.list'] })}
        />
      ) : (
        <Table
          size="small"
          rowKey="name"
          loading={list.isPending}
          pagination={false}
          dataSource={list.data?.profiles ?? []}
          data-testid="platform-profiles"
          columns={[
            { title: t('platform.profiles.name'), dataIndex: 'name', width: 160 },
            {
              title: t('platform.profiles.label'),
              render: (_v, p) => (
                <span>
                  {p.label}
                  {p.builtIn && (
                    <Tag bordered={false} style={{ marginInlineStart: 8 }}>
                      {t('platform.profiles.builtIn')}
                    </Tag>
                  )}
                </span>
              ),
            },
            { title: t('platform.profiles.version'), dataIndex: 'version', width: 80 },
            {
              title: '',
              width: 140,
              render: (_v, p) => (p.problems.length ? <Tag color="error">{t('platform.profiles.problems', { count: p.problems.length })}</Tag> : <Tag color="success">{t('platform.profiles.valid')}</Tag>),
            },
            {
              title: '',
              width: 100,
              render: (_v, p) => (
                <Button size="small" type="link" onClick={() => setOpen(p.name)} data-testid={`open-profile-${p.name}`}>
                  {canEdit ? t('platform.profiles.edit') : t('platform.profiles.view')}
                </Button>
              ),
            },
          ]}
        />
      )}
    </>
  );
}

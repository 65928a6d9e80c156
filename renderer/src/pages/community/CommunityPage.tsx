import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Result, Skeleton } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOp } from '../../api/hooks.js';
import { errorMessage } from '../../api/errors.js';
import { formatDateTime } from '../../labels.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { useCan } from '../../session/SessionContext.js';
import { CommunityForm } from './CommunityForm.js';

export function CommunityPage() {
  const { t } = useTranslation();
  const canManage = useCan('community.manage');
  const [editing, setEditing] = useState(false);
  const query = useOp('community.get', {});
  const community = query.data?.community;

  return (
    <>
      <PageHeader
        title={t('community.title')}
        subtitle={t('community.subtitle')}
        actions={
          canManage && community ? (
            <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('community.edit')}
            </Button>
          ) : undefined
        }
      />
      <Card>
        {query.isPending && <Skeleton active />}
        {query.isError && <Result status="warning" title={t('common.loadFailed')} subTitle={errorMessage(query.error, t)} />}
        {community && (
          <Descriptions column={2} bordered size="middle" styles={{ label: { width: 180, whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={t('community.name')} span={2}>
              {community.name}
            </Descriptions.Item>
            <Descriptions.Item label={t('community.institutionCode')}>
              <span className="mono">{community.institutionCode}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('community.leadUnit')}>{community.leadUnitName}</Descriptions.Item>
            <Descriptions.Item label={t('community.bankName')}>{community.bankName}</Descriptions.Item>
            <Descriptions.Item label={t('community.bankAccountName')}>{community.bankAccountName}</Descriptions.Item>
            <Descriptions.Item label={t('community.bankAccountNo')}>
              <span className="mono">{community.bankAccountNo}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('community.createdAt')}>{formatDateTime(community.createdAt)}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      {editing && community && <CommunityForm community={community} onClose={() => setEditing(false)} />}
    </>
  );
}

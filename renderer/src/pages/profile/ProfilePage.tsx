import { Card, Col, Descriptions, Row, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { roleLabel } from '../../labels.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { useSessionUser } from '../../session/SessionContext.js';
import { ChangePasswordForm } from './ChangePasswordForm.js';

export function ProfilePage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  return (
    <>
      <PageHeader title={t('profile.title')} subtitle={t('profile.subtitle')} />
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card title={t('profile.account')}>
            <Descriptions column={1} size="small" bordered styles={{ label: { width: 120 } }}>
              <Descriptions.Item label={t('profile.username')}>
                <span className="mono">{user.username}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('profile.displayName')}>{user.displayName}</Descriptions.Item>
              <Descriptions.Item label={t('profile.role')}>
                <Tag color="blue">{roleLabel(t, user.role)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('profile.unit')}>{user.unitName}</Descriptions.Item>
              <Descriptions.Item label={t('profile.permissions')}>
                <Space size={[4, 6]} wrap>
                  {user.permissions.map((p) => (
                    <Tag key={p}>{t(`permission.${p}`)}</Tag>
                  ))}
                </Space>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('profile.changePassword')}>
            <ChangePasswordForm block onChanged={() => undefined} />
          </Card>
        </Col>
      </Row>
    </>
  );
}

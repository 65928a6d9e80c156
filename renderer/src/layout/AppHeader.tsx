import { BankOutlined } from '@ant-design/icons';
import { Flex, Layout, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOp } from '../api/hooks.js';
import { AlertBell } from './AlertBell.js';
import { UserMenu } from './UserMenu.js';

export function AppHeader() {
  const { t } = useTranslation();
  const community = useOp('community.get', {}, { staleTime: 5 * 60_000 });
  return (
    <Layout.Header style={{ position: 'sticky', top: 0, zIndex: 10, borderBottom: '1px solid #e5e8ee', display: 'flex', alignItems: 'center' }}>
      <Flex align="center" gap={8} style={{ flex: 1, minWidth: 0 }}>
        <BankOutlined style={{ color: '#1763b8', fontSize: 18 }} />
        <Typography.Text strong ellipsis style={{ fontSize: 16 }} data-testid="community-name">
          {community.data?.community.name ?? t('app.fullName')}
        </Typography.Text>
      </Flex>
      <AlertBell />
      <UserMenu />
    </Layout.Header>
  );
}

import { Card, Flex, Typography } from 'antd';
import { MedicineBoxOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch.js';

/** The frame around the screens before the app (setup, login, password change): brand band and one card. */
export function AuthLayout({ title, subtitle, width = 420, children }: { title: string; subtitle?: string; width?: number; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Flex vertical style={{ minHeight: '100%', background: 'linear-gradient(160deg, #0f2a4a 0%, #1763b8 55%, #e9eef5 55%)' }}>
      <Flex justify="space-between" align="center" style={{ padding: '16px 32px' }}>
        <Flex align="center" gap={10}>
          <MedicineBoxOutlined style={{ fontSize: 26, color: '#fff' }} />
          <Typography.Text strong style={{ color: '#fff', fontSize: 18 }}>
            {t('app.fullName')}
          </Typography.Text>
        </Flex>
        <LanguageSwitch dark />
      </Flex>
      <Flex flex={1} justify="center" align="flex-start" style={{ padding: '24px 16px 32px' }}>
        <Card style={{ width, maxWidth: '100%', boxShadow: '0 8px 28px rgba(15, 42, 74, 0.18)' }} styles={{ body: { padding: '28px 32px' } }}>
          <Typography.Title level={3} style={{ marginTop: 0, marginBottom: subtitle ? 4 : 20 }}>
            {title}
          </Typography.Title>
          {subtitle && (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 20 }}>
              {subtitle}
            </Typography.Paragraph>
          )}
          {children}
        </Card>
      </Flex>
      <Typography.Text type="secondary" style={{ textAlign: 'center', padding: 12, fontSize: 12 }}>
        {t('app.footer')}
      </Typography.Text>
    </Flex>
  );
}

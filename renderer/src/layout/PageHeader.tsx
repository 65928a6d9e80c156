import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

/** Title, one line of context and the page's actions, the same on every page. */
export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: string; actions?: ReactNode }) {
  return (
    <Flex justify="space-between" align="flex-end" gap={16} wrap style={{ marginBottom: 16 }}>
      <div style={{ minWidth: 0 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {subtitle && (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {subtitle}
          </Typography.Text>
        )}
      </div>
      {actions && (
        <Flex gap={8} wrap align="center">
          {actions}
        </Flex>
      )}
    </Flex>
  );
}

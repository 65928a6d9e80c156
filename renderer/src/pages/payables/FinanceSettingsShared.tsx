import { Flex, theme } from 'antd';
import type { ReactNode } from 'react';

/**
 * The save bar of a settings form: kept in view at the bottom of the window while a long form (a voucher layout of
 * fifteen columns, the account map) scrolls, so 保存 is always one click away at 1366×768.
 */
export function StickyActions({ children }: { children: ReactNode }) {
  const { token } = theme.useToken();
  return (
    <Flex
      justify="flex-end"
      gap={8}
      style={{
        position: 'sticky',
        bottom: 0,
        zIndex: 2,
        marginTop: 12,
        padding: '10px 0',
        background: token.colorBgLayout,
        borderTop: `1px solid ${token.colorBorderSecondary}`,
      }}
    >
      {children}
    </Flex>
  );
}

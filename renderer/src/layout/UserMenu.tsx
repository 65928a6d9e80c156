import { DownOutlined, GlobalOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Link } from '@tanstack/react-router';
import { Avatar, Dropdown, Flex, Tag, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, currentLanguage, setLanguage, type Language } from '../i18n/index.js';
import { roleLabel } from '../labels.js';
import { useSessionUser } from '../session/SessionContext.js';
import { useLogout } from '../session/useLogout.js';

/** Who is signed in (name, unit, role) and the personal actions: profile, language, sign out. */
export function UserMenu() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const logout = useLogout();
  const items: MenuProps['items'] = [
    { key: 'profile', icon: <UserOutlined />, label: <Link to="/profile">{t('userMenu.profile')}</Link> },
    {
      key: 'language',
      icon: <GlobalOutlined />,
      label: t('userMenu.language'),
      children: LANGUAGES.map((l) => ({ key: `lang:${l}`, label: t(`language.${l}`), disabled: l === currentLanguage() })),
    },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('userMenu.logout'), danger: true },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'logout') logout();
    else if (key.startsWith('lang:')) setLanguage(key.slice(5) as Language);
  };
  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <Flex align="center" gap={10} style={{ cursor: 'pointer', paddingLeft: 12 }} data-testid="user-menu">
        <Avatar size={32} style={{ background: '#1763b8' }}>
          {user.displayName.slice(0, 1)}
        </Avatar>
        <Flex vertical style={{ lineHeight: 1.3 }}>
          <Typography.Text strong>{user.displayName}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {user.unitName}
          </Typography.Text>
        </Flex>
        <Tag color="blue" style={{ marginInlineEnd: 0 }}>
          {roleLabel(t, user.role)}
        </Tag>
        <DownOutlined style={{ fontSize: 10, color: '#8c8c8c' }} />
      </Flex>
    </Dropdown>
  );
}

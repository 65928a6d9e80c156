import { MedicineBoxOutlined } from '@ant-design/icons';
import { Layout, Menu, Result, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { navigate, Redirect, usePath } from '../router.js';
import { useSessionUser } from '../session/SessionContext.js';
import { AppHeader } from './AppHeader.js';
import { pagesFor, PAGES, type PageEntry } from './pages.js';

const SIDER_WIDTH = 208;

function menuItems(pages: PageEntry[], t: (key: string) => string): MenuProps['items'] {
  const groups: { key: PageEntry['group']; label: string | null }[] = [
    { key: 'basics', label: t('nav.groupBasics') },
    { key: 'formulary', label: t('nav.groupFormulary') },
    { key: 'system', label: t('nav.groupSystem') },
    { key: 'personal', label: null },
  ];
  const items: NonNullable<MenuProps['items']> = [];
  for (const group of groups) {
    const children = pages.filter((p) => p.group === group.key).map((p) => ({ key: p.path, icon: p.icon, label: t(p.label) }));
    if (children.length === 0) continue;
    if (group.label === null) items.push({ type: 'divider' }, ...children);
    else items.push({ type: 'group', key: group.key, label: group.label, children });
  }
  return items;
}

/** Sider menu shaped by the user's permissions, a header, and the page the path names. */
export function AppShell() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const path = usePath();
  const pages = pagesFor(user.permissions);
  const current = pages.find((p) => path === p.path || path.startsWith(`${p.path}/`));

  let content;
  if (current) {
    const Page = current.component;
    content = <Page />;
  } else if (PAGES.some((p) => p.path === path)) {
    content = <Result status="403" title="403" subTitle={t('errors.forbidden')} />;
  } else {
    content = <Redirect to={pages[0]?.path ?? '/profile'} />;
  }

  return (
    <Layout style={{ minHeight: '100%' }}>
      <Layout.Sider width={SIDER_WIDTH} theme="dark" style={{ position: 'fixed', insetBlock: 0, left: 0, overflow: 'auto' }}>
        <div style={{ height: 56, display: 'flex', alignItems: 'center', gap: 10, padding: '0 20px', borderBottom: '1px solid rgba(255,255,255,0.08)' }}>
          <MedicineBoxOutlined style={{ color: '#fff', fontSize: 22 }} />
          <Typography.Text strong style={{ color: '#fff', fontSize: 18, letterSpacing: 2 }}>
            {t('app.name')}
          </Typography.Text>
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={current ? [current.path] : []}
          items={menuItems(pages, t)}
          onClick={({ key }) => navigate(key)}
          style={{ borderInlineEnd: 'none', paddingTop: 8 }}
          data-testid="main-menu"
        />
      </Layout.Sider>
      <Layout style={{ marginLeft: SIDER_WIDTH, minWidth: 0 }}>
        <AppHeader />
        <Layout.Content style={{ padding: 20, minWidth: 0 }}>{content}</Layout.Content>
      </Layout>
    </Layout>
  );
}

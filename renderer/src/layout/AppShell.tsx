import { MedicineBoxOutlined } from '@ant-design/icons';
import { Alert, Layout, Menu, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { Link, Outlet, useLocation, useRouter } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SessionContext } from '../session/SessionContext.js';
import { useSession } from '../session/useSession.js';
import { AppHeader } from './AppHeader.js';
import { FullPageSpin } from './FullPageSpin.js';
import { pageOf, pagesFor, type PageEntry } from './pages.js';

const SIDER_WIDTH = 208;

/** Menu entries are real links: a click moves within the app, a middle click opens the page in a new tab. */
function menuItems(pages: PageEntry[], t: (key: string) => string): MenuProps['items'] {
  const groups: { key: PageEntry['group']; label: string | null }[] = [
    { key: 'home', label: null },
    { key: 'buying', label: t('nav.groupBuying') },
    { key: 'distribution', label: t('nav.groupDistribution') },
    { key: 'stock', label: t('nav.groupStock') },
    { key: 'finance', label: t('nav.groupFinance') },
    { key: 'reports', label: t('nav.groupReports') },
    { key: 'basics', label: t('nav.groupBasics') },
    { key: 'formulary', label: t('nav.groupFormulary') },
    { key: 'system', label: t('nav.groupSystem') },
    { key: 'personal', label: null },
  ];
  const items: NonNullable<MenuProps['items']> = [];
  for (const group of groups) {
    const children = pages
      .filter((p) => p.group === group.key)
      .map((p) => ({ key: p.path, icon: p.icon, label: <Link to={p.path}>{t(p.label)}</Link> }));
    if (children.length === 0) continue;
    if (group.label === null) items.push(...(items.length > 0 ? [{ type: 'divider' as const }] : []), ...children);
    else items.push({ type: 'group', key: group.key, label: group.label, children });
  }
  return items;
}

/**
 * The page a guard refused, said once on the page the user was sent to instead: taken out of the history
 * entry at once, so a reload or a later visit to the same address does not say it again.
 */
function useForbiddenNotice(): string | null {
  const location = useLocation();
  const router = useRouter();
  const [notice, setNotice] = useState<{ path: string; on: string } | null>(null);
  const forbidden = location.state.forbidden;
  // Kept while the user stays on this page (state derived during render, not in an effect).
  if (forbidden && (notice?.path !== forbidden || notice.on !== location.pathname)) setNotice({ path: forbidden, on: location.pathname });
  useEffect(() => {
    if (forbidden) router.history.replace(location.href, { ...location.state, forbidden: undefined });
  }, [forbidden, location, router]);
  return notice && notice.on === location.pathname ? notice.path : null;
}

/** Sider menu shaped by the user's permissions, a header, and the page the address names. */
function Shell() {
  const { t } = useTranslation();
  const pathname = useLocation({ select: (l) => l.pathname });
  const notice = useForbiddenNotice();
  const session = useSession();
  const pages = pagesFor(session.data?.permissions ?? []);
  const current = pageOf(pathname);

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
          style={{ borderInlineEnd: 'none', paddingTop: 8 }}
          data-testid="main-menu"
        />
      </Layout.Sider>
      <Layout style={{ marginLeft: SIDER_WIDTH, minWidth: 0 }}>
        <AppHeader />
        <Layout.Content style={{ padding: 20, minWidth: 0 }}>
          {notice && (
            <Alert
              type="warning"
              showIcon
              closable
              title={t('errors.forbiddenRedirected', { path: notice })}
              style={{ marginBottom: 16 }}
              data-testid="forbidden-notice"
            />
          )}
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/**
 * The signed-in part of the app. The route guard has made sure someone is signed in; the session is read
 * live here, so a sign-out or an expired session (which navigate to the login themselves) never shows a
 * shell without a user.
 */
export function AppShell() {
  const session = useSession();
  if (!session.data) return <FullPageSpin />;
  return (
    <SessionContext.Provider value={session.data}>
      <Shell />
    </SessionContext.Provider>
  );
}

import { ApartmentOutlined, AuditOutlined, BankOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import type { ComponentType, ReactNode } from 'react';
import type { Permission } from '../../../core/api/index.js';
import { AuditPage } from '../pages/audit/AuditPage.js';
import { CommunityPage } from '../pages/community/CommunityPage.js';
import { ProfilePage } from '../pages/profile/ProfilePage.js';
import { UnitsPage } from '../pages/units/UnitsPage.js';
import { UsersPage } from '../pages/users/UsersPage.js';

export interface PageEntry {
  path: string;
  /** i18n key of the menu label. */
  label: string;
  group: 'basics' | 'system' | 'personal';
  icon: ReactNode;
  /** Needed to see the page at all; null for every signed-in user. */
  permission: Permission | null;
  component: ComponentType;
}

/** The shell's pages in menu order. The hub checks every call again; this only keeps the menu honest. */
export const PAGES: PageEntry[] = [
  { path: '/units', label: 'nav.units', group: 'basics', icon: <ApartmentOutlined />, permission: 'unit.read', component: UnitsPage },
  { path: '/community', label: 'nav.community', group: 'basics', icon: <BankOutlined />, permission: 'community.read', component: CommunityPage },
  { path: '/users', label: 'nav.users', group: 'system', icon: <TeamOutlined />, permission: 'user.read', component: UsersPage },
  { path: '/audit', label: 'nav.audit', group: 'system', icon: <AuditOutlined />, permission: 'audit.read', component: AuditPage },
  { path: '/profile', label: 'nav.profile', group: 'personal', icon: <UserOutlined />, permission: null, component: ProfilePage },
];

export function pagesFor(permissions: readonly Permission[]): PageEntry[] {
  return PAGES.filter((p) => p.permission === null || permissions.includes(p.permission));
}

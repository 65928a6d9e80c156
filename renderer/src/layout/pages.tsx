import { ApartmentOutlined, AuditOutlined, BankOutlined, DatabaseOutlined, FileSyncOutlined, ImportOutlined, MedicineBoxOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import type { ComponentType, ReactNode } from 'react';
import type { Permission } from '../../../core/api/index.js';
import { AuditPage } from '../pages/audit/AuditPage.js';
import { ChangeRequestsPage } from '../pages/changeRequests/ChangeRequestsPage.js';
import { CommunityPage } from '../pages/community/CommunityPage.js';
import { DictionaryPage } from '../pages/dictionary/DictionaryPage.js';
import { FormularyPage } from '../pages/formulary/FormularyPage.js';
import { ImportPage } from '../pages/imports/ImportPage.js';
import { ProfilePage } from '../pages/profile/ProfilePage.js';
import { UnitsPage } from '../pages/units/UnitsPage.js';
import { UsersPage } from '../pages/users/UsersPage.js';

export interface PageEntry {
  path: string;
  /** i18n key of the menu label. */
  label: string;
  group: 'formulary' | 'basics' | 'system' | 'personal';
  icon: ReactNode;
  /** Needed to see the page at all; null for every signed-in user. */
  permission: Permission | null;
  component: ComponentType;
}

/** The shell's pages in menu order. The hub checks every call again; this only keeps the menu honest. */
export const PAGES: PageEntry[] = [
  { path: '/units', label: 'nav.units', group: 'basics', icon: <ApartmentOutlined />, permission: 'unit.read', component: UnitsPage },
  { path: '/community', label: 'nav.community', group: 'basics', icon: <BankOutlined />, permission: 'community.read', component: CommunityPage },
  { path: '/formulary', label: 'nav.formulary', group: 'formulary', icon: <MedicineBoxOutlined />, permission: 'formulary.read', component: FormularyPage },
  { path: '/change-requests', label: 'nav.changeRequests', group: 'formulary', icon: <FileSyncOutlined />, permission: 'formulary.read', component: ChangeRequestsPage },
  { path: '/formulary-import', label: 'nav.formularyImport', group: 'formulary', icon: <ImportOutlined />, permission: 'formulary.manage', component: ImportPage },
  { path: '/dictionary', label: 'nav.dictionary', group: 'formulary', icon: <DatabaseOutlined />, permission: 'formulary.read', component: DictionaryPage },
  { path: '/users', label: 'nav.users', group: 'system', icon: <TeamOutlined />, permission: 'user.read', component: UsersPage },
  { path: '/audit', label: 'nav.audit', group: 'system', icon: <AuditOutlined />, permission: 'audit.read', component: AuditPage },
  { path: '/profile', label: 'nav.profile', group: 'personal', icon: <UserOutlined />, permission: null, component: ProfilePage },
];

export function pagesFor(permissions: readonly Permission[]): PageEntry[] {
  return PAGES.filter((p) => p.permission === null || permissions.includes(p.permission));
}

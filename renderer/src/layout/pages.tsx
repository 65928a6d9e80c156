import {
  AccountBookOutlined,
  BarChartOutlined,
  DashboardOutlined,
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BellOutlined,
  BookOutlined,
  BulbOutlined,
  CarOutlined,
  CloudDownloadOutlined,
  CloudUploadOutlined,
  ClusterOutlined,
  ContainerOutlined,
  DatabaseOutlined,
  ExceptionOutlined,
  ExportOutlined,
  FileSyncOutlined,
  FileTextOutlined,
  FundOutlined,
  ImportOutlined,
  InboxOutlined,
  MedicineBoxOutlined,
  NotificationOutlined,
  OrderedListOutlined,
  PayCircleOutlined,
  ProfileOutlined,
  ReconciliationOutlined,
  RetweetOutlined,
  RiseOutlined,
  RollbackOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  SettingOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
  SwapOutlined,
  TeamOutlined,
  UserOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Permission } from '../../../core/api/index.js';

/** The top-level page addresses; each is a route in router.tsx (the types check that they match). */
export type PagePath =
  | '/receipts'
  | '/orders'
  | '/order-suggestions'
  | '/suppliers'
  | '/stock'
  | '/stock-adjustments'
  | '/requisitions'
  | '/budgets'
  | '/shipments'
  | '/discrepancies'
  | '/member-returns'
  | '/stocktakes'
  | '/consumptions'
  | '/stock-alerts'
  | '/recalls'
  | '/invoices'
  | '/payables'
  | '/payment-batches'
  | '/statements'
  | '/vouchers'
  | '/finance-settings'
  | '/platform-profiles'
  | '/platform-exports'
  | '/platform-imports'
  | '/medins-reports'
  | '/vbp-monitoring'
  | '/procurement-ledger'
  | '/integrity'
  | '/alerts'
  | '/alert-settings'
  | '/monthly-report'
  | '/dashboard'
  | '/redistribution'
  | '/units'
  | '/community'
  | '/formulary'
  | '/change-requests'
  | '/formulary-import'
  | '/dictionary'
  | '/users'
  | '/audit'
  | '/profile';

export interface PageEntry {
  path: PagePath;
  /** i18n key of the menu label. */
  label: string;
  group: 'home' | 'buying' | 'distribution' | 'stock' | 'finance' | 'reports' | 'formulary' | 'basics' | 'system' | 'personal';
  icon: ReactNode;
  /** Needed to see the page at all; null for every signed-in user. */
  permission: Permission | null;
}

/**
 * The shell's pages in menu order, with the permission each needs (router.tsx guards the routes with the same
 * entries). The hub checks every call again; this only keeps the menu and the addresses honest.
 */
export const PAGES: readonly PageEntry[] = [
  // 工作台 first: each role's figures of the day, whatever else the role may open.
  { path: '/dashboard', label: 'nav.dashboard', group: 'home', icon: <DashboardOutlined />, permission: null },
  { path: '/orders', label: 'nav.orders', group: 'buying', icon: <ShoppingCartOutlined />, permission: 'purchase.read' },
  { path: '/order-suggestions', label: 'nav.orderSuggestions', group: 'buying', icon: <BulbOutlined />, permission: 'purchase.manage' },
  // Receivers accept here; the pharmacy officer reads it and records the reasons for short-expiry batches.
  { path: '/receipts', label: 'nav.receipts', group: 'buying', icon: <InboxOutlined />, permission: 'stock.read' },
  { path: '/suppliers', label: 'nav.suppliers', group: 'buying', icon: <ShopOutlined />, permission: 'supplier.read' },
  // 请领与配送: members request, confirm and return; the centre reviews, allocates, ships and resolves.
  { path: '/requisitions', label: 'nav.requisitions', group: 'distribution', icon: <FileTextOutlined />, permission: 'requisition.read' },
  { path: '/shipments', label: 'nav.shipments', group: 'distribution', icon: <CarOutlined />, permission: 'requisition.read' },
  { path: '/discrepancies', label: 'nav.discrepancies', group: 'distribution', icon: <ExceptionOutlined />, permission: 'requisition.read' },
  { path: '/member-returns', label: 'nav.memberReturns', group: 'distribution', icon: <RollbackOutlined />, permission: 'requisition.read' },
  { path: '/budgets', label: 'nav.budgets', group: 'distribution', icon: <FundOutlined />, permission: 'budget.read' },
  { path: '/redistribution', label: 'nav.redistribution', group: 'distribution', icon: <RetweetOutlined />, permission: 'stock.recall' },
  { path: '/recalls', label: 'nav.recalls', group: 'distribution', icon: <AlertOutlined />, permission: 'stock.recall' },
  { path: '/stock', label: 'nav.stock', group: 'stock', icon: <ContainerOutlined />, permission: 'stock.read' },
  { path: '/stock-adjustments', label: 'nav.stockAdjustments', group: 'stock', icon: <SwapOutlined />, permission: 'stock.read' },
  { path: '/stock-alerts', label: 'nav.stockAlerts', group: 'stock', icon: <WarningOutlined />, permission: 'stock.read' },
  { path: '/stocktakes', label: 'nav.stocktakes', group: 'stock', icon: <OrderedListOutlined />, permission: 'stock.read' },
  { path: '/consumptions', label: 'nav.consumptions', group: 'stock', icon: <ExportOutlined />, permission: 'stock.read' },
  // 财务结算: finance registers invoices and pays from the single account; members confirm their statements.
  { path: '/invoices', label: 'nav.invoices', group: 'finance', icon: <AccountBookOutlined />, permission: 'invoice.read' },
  { path: '/payables', label: 'nav.payables', group: 'finance', icon: <ScheduleOutlined />, permission: 'invoice.read' },
  { path: '/payment-batches', label: 'nav.paymentBatches', group: 'finance', icon: <PayCircleOutlined />, permission: 'invoice.read' },
  { path: '/statements', label: 'nav.statements', group: 'finance', icon: <ReconciliationOutlined />, permission: 'settlement.read' },
  { path: '/vouchers', label: 'nav.vouchers', group: 'finance', icon: <ProfileOutlined />, permission: 'books.read' },
  { path: '/finance-settings', label: 'nav.financeSettings', group: 'finance', icon: <SettingOutlined />, permission: 'finance.configure' },
  // 平台与上报 (issue 10): the provincial platform's files, 医保 reports, 集采 monitoring, the auditor's ledger, alerts.
  { path: '/monthly-report', label: 'nav.monthlyReport', group: 'reports', icon: <BarChartOutlined />, permission: 'report.read' },
  { path: '/platform-profiles', label: 'nav.platformProfiles', group: 'reports', icon: <ClusterOutlined />, permission: 'platform.read' },
  { path: '/platform-exports', label: 'nav.platformExports', group: 'reports', icon: <CloudUploadOutlined />, permission: 'platform.exchange' },
  { path: '/platform-imports', label: 'nav.platformImports', group: 'reports', icon: <CloudDownloadOutlined />, permission: 'platform.exchange' },
  { path: '/medins-reports', label: 'nav.medinsReports', group: 'reports', icon: <SafetyCertificateOutlined />, permission: 'medins.read' },
  { path: '/vbp-monitoring', label: 'nav.vbpMonitoring', group: 'reports', icon: <RiseOutlined />, permission: 'vbp.read' },
  { path: '/procurement-ledger', label: 'nav.procurementLedger', group: 'reports', icon: <BookOutlined />, permission: 'ledger.read' },
  { path: '/integrity', label: 'nav.integrity', group: 'reports', icon: <SafetyOutlined />, permission: 'audit.read' },
  { path: '/alerts', label: 'nav.alerts', group: 'reports', icon: <BellOutlined />, permission: null },
  { path: '/alert-settings', label: 'nav.alertSettings', group: 'reports', icon: <NotificationOutlined />, permission: 'alert.configure' },
  { path: '/units', label: 'nav.units', group: 'basics', icon: <ApartmentOutlined />, permission: 'unit.read' },
  { path: '/community', label: 'nav.community', group: 'basics', icon: <BankOutlined />, permission: 'community.read' },
  { path: '/formulary', label: 'nav.formulary', group: 'formulary', icon: <MedicineBoxOutlined />, permission: 'formulary.read' },
  { path: '/change-requests', label: 'nav.changeRequests', group: 'formulary', icon: <FileSyncOutlined />, permission: 'formulary.read' },
  { path: '/formulary-import', label: 'nav.formularyImport', group: 'formulary', icon: <ImportOutlined />, permission: 'formulary.manage' },
  { path: '/dictionary', label: 'nav.dictionary', group: 'formulary', icon: <DatabaseOutlined />, permission: 'formulary.read' },
  { path: '/users', label: 'nav.users', group: 'system', icon: <TeamOutlined />, permission: 'user.read' },
  { path: '/audit', label: 'nav.audit', group: 'system', icon: <AuditOutlined />, permission: 'audit.read' },
  { path: '/profile', label: 'nav.profile', group: 'personal', icon: <UserOutlined />, permission: null },
];

export function pagesFor(permissions: readonly Permission[]): PageEntry[] {
  return PAGES.filter((p) => p.permission === null || permissions.includes(p.permission));
}

/** Where a user lands: member pharmacists on 请领单, receivers on 入库验收, the administrator on 成员单位, others on the first page of the menu they may open (every user may open their profile). */
export function homePath(permissions: readonly Permission[]): PagePath {
  // A member pharmacist lands on their 请领单 (what they ask the central store for, and what is still owed);
  // a storekeeper on what is arriving and waiting for acceptance.
  if (permissions.includes('requisition.request')) return '/requisitions';
  if (permissions.includes('stock.receive')) return '/receipts';
  // The administrator sets up units and users (finance.configure puts 付款规则与格式 first in their menu).
  if (permissions.includes('unit.manage')) return '/units';
  // Everyone else (the pharmacy officer, finance, the auditor) starts on 工作台, the menu's first page.
  return pagesFor(permissions)[0]?.path ?? '/profile';
}

/** The page an address belongs to (`/formulary/items/7` → 统一用药目录), for the menu's selection. */
export function pageOf(pathname: string): PageEntry | undefined {
  return PAGES.find((p) => pathname === p.path || pathname.startsWith(`${p.path}/`));
}

/** The permission a page needs, by its path. */
export function permissionOf(path: PagePath): Permission | null {
  return PAGES.find((p) => p.path === path)?.permission ?? null;
}

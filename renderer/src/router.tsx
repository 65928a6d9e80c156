import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, Outlet, redirect, type ParsedLocation } from '@tanstack/react-router';
import type { SessionUser } from '../../core/api/index.js';
import { opQuery } from './api/hooks.js';
import { AppShell } from './layout/AppShell.js';
import { homePath, permissionOf, type PagePath } from './layout/pages.js';
import { NotFoundPage, PendingPage, RouteError } from './layout/RouteStates.js';
import { sessionQuery, setupStatusQuery } from './session/useSession.js';

/**
 * Every page and every item has an address. The route tree is written out here (no file-based codegen);
 * each page's code is fetched when its route is first entered, so the formulary does not wait for the
 * import wizard or the audit log. The guards below decide what the window shows, as App.tsx used to: the
 * setup wizard on a new hub, the login, the forced password change, or the app.
 */

export interface RouterContext {
  queryClient: QueryClient;
}

/** A path inside this app to come back to after signing in; anything else (another origin, `//host`) is dropped. */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  if (/^\/(login|setup|change-password)(\/|\?|$)/.test(value)) return undefined;
  return value;
}

interface ReturnSearch {
  /** Where the user was going when the app asked them to sign in or change their password. */
  redirect?: string;
}

function returnSearch(search: Record<string, unknown>): ReturnSearch {
  const target = safeReturnPath(search['redirect']);
  return target ? { redirect: target } : {};
}

/** setup.status and auth.me, asked together (both are cached; the first load asks the hub once each). */
async function hubState(queryClient: QueryClient): Promise<{ initialized: boolean; user: SessionUser | null }> {
  const [status, user] = await Promise.all([queryClient.fetchQuery(setupStatusQuery), queryClient.fetchQuery(sessionQuery)]);
  return { initialized: status.initialized, user };
}

/** Returns to where the user was going (an address checked by safeReturnPath), else the home page. */
function returnTo(search: ReturnSearch): never {
  throw redirect({ href: search.redirect ?? '/', replace: true });
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
  errorComponent: RouteError,
});

const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'setup',
  beforeLoad: async ({ context }) => {
    if ((await hubState(context.queryClient)).initialized) throw redirect({ to: '/login', replace: true });
  },
  component: lazyRouteComponent(() => import('./pages/setup/SetupWizard.js'), 'SetupWizard'),
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'login',
  validateSearch: returnSearch,
  beforeLoad: async ({ context, search }) => {
    const { initialized, user } = await hubState(context.queryClient);
    if (!initialized) throw redirect({ to: '/setup', replace: true });
    if (user) returnTo(search);
  },
  component: lazyRouteComponent(() => import('./pages/login/LoginPage.js'), 'LoginPage'),
});

/** A one-time password works for nothing but this: the hub refuses every other call until it is changed. */
const changePasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'change-password',
  validateSearch: returnSearch,
  beforeLoad: async ({ context, search }) => {
    const { initialized, user } = await hubState(context.queryClient);
    if (!initialized) throw redirect({ to: '/setup', replace: true });
    if (!user) throw redirect({ to: '/login', replace: true });
    if (!user.mustChangePassword) returnTo(search);
  },
  component: lazyRouteComponent(() => import('./pages/login/ForcePasswordChange.js'), 'ForcePasswordChange'),
});

/** Everything behind the sign-in: the shell (menu, header) around the page the address names. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }): Promise<{ user: SessionUser }> => {
    const { initialized, user } = await hubState(context.queryClient);
    if (!initialized) throw redirect({ to: '/setup', replace: true });
    // Back to this address after signing in (the bare root needs no reminder: it leads home anyway).
    const back = location.href === '/' ? {} : { redirect: location.href };
    if (!user) throw redirect({ to: '/login', search: back, replace: true });
    if (user.mustChangePassword) throw redirect({ to: '/change-password', search: back, replace: true });
    return { user };
  },
  component: AppShell,
  notFoundComponent: NotFoundPage,
});

/**
 * A page the user's role does not open sends them to their home page, which says why (the menu never links
 * there; this is for typed or shared addresses).
 */
function guard(path: PagePath) {
  const permission = permissionOf(path);
  return ({ context, location }: { context: { user: SessionUser }; location: ParsedLocation }) => {
    if (permission !== null && !context.user.permissions.includes(permission)) {
      throw redirect({ to: homePath(context.user.permissions), replace: true, state: { forbidden: location.pathname } });
    }
  };
}

/** Item, request and unit ids in addresses are positive integers; anything else is "page not found". */
const idParam = <K extends string>(key: K) => ({
  parse: (raw: Record<K, string>) => {
    const value = raw[key];
    return /^[1-9]\d{0,15}$/.test(value) ? ({ [key]: Number(value) } as Record<K, number>) : false;
  },
  stringify: (parsed: Record<K, number>) => ({ [key]: String(parsed[key]) }) as Record<K, string>,
});

const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  beforeLoad: ({ context }) => {
    throw redirect({ to: homePath(context.user.permissions), replace: true });
  },
});

const receiptsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'receipts',
  beforeLoad: guard('/receipts'),
  component: lazyRouteComponent(() => import('./pages/receipts/ReceiptsPage.js'), 'ReceiptsPage'),
});
/** One receipt (入库验收单): the entry grid of a draft, the record of a posted one. */
const receiptRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'receipts/$receiptId',
  params: idParam('receiptId'),
  beforeLoad: guard('/receipts'),
  component: lazyRouteComponent(() => import('./pages/receipts/ReceiptPage.js'), 'ReceiptPage'),
});

const ordersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'orders',
  beforeLoad: guard('/orders'),
  component: lazyRouteComponent(() => import('./pages/orders/OrdersPage.js'), 'OrdersPage'),
});
/** One purchase order (采购订单): line entry while a draft, then its progress. */
const orderRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'orders/$orderId',
  params: idParam('orderId'),
  beforeLoad: guard('/orders'),
  component: lazyRouteComponent(() => import('./pages/orders/OrderPage.js'), 'OrderPage'),
});

const orderSuggestionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'order-suggestions',
  beforeLoad: guard('/order-suggestions'),
  component: lazyRouteComponent(() => import('./pages/orders/SuggestionsPage.js'), 'SuggestionsPage'),
});

const suppliersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'suppliers',
  beforeLoad: guard('/suppliers'),
  component: lazyRouteComponent(() => import('./pages/suppliers/SuppliersPage.js'), 'SuppliersPage'),
});
/** One supplier's drawer over the suppliers grid. */
const supplierRoute = createRoute({ getParentRoute: () => suppliersRoute, path: '$supplierId', params: idParam('supplierId') });

const stockRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'stock',
  beforeLoad: guard('/stock'),
  component: lazyRouteComponent(() => import('./pages/stock/StockPage.js'), 'StockPage'),
});
/** An item's ledger card (流水账). */
const ledgerRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'stock/items/$itemId',
  params: idParam('itemId'),
  beforeLoad: guard('/stock'),
  component: lazyRouteComponent(() => import('./pages/stock/LedgerPage.js'), 'LedgerPage'),
});

const stockAdjustmentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'stock-adjustments',
  beforeLoad: guard('/stock-adjustments'),
  component: lazyRouteComponent(() => import('./pages/adjustments/AdjustmentsPage.js'), 'AdjustmentsPage'),
});
const stockAdjustmentRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'stock-adjustments/$adjustmentId',
  params: idParam('adjustmentId'),
  beforeLoad: guard('/stock-adjustments'),
  component: lazyRouteComponent(() => import('./pages/adjustments/AdjustmentPage.js'), 'AdjustmentPage'),
});

/**
 * Print views (A4 landscape HTML) without the shell: behind the same sign-in, printed from the browser or the
 * desktop window (tongcai.print()).
 */
const printRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'print',
  beforeLoad: async ({ context, location }) => {
    const { user } = await hubState(context.queryClient);
    if (!user || user.mustChangePassword) throw redirect({ to: '/login', search: { redirect: location.href }, replace: true });
    return { user };
  },
  component: Outlet,
});
const printReceiptRoute = createRoute({
  getParentRoute: () => printRoute,
  path: 'receipts/$receiptId',
  params: idParam('receiptId'),
  component: lazyRouteComponent(() => import('./pages/print/ReceiptPrint.js'), 'ReceiptPrint'),
});
const printOrderRoute = createRoute({
  getParentRoute: () => printRoute,
  path: 'orders/$orderId',
  params: idParam('orderId'),
  component: lazyRouteComponent(() => import('./pages/print/OrderPrint.js'), 'OrderPrint'),
});


/* ───────────── distribution to member units (issue 8) ───────────── */

const requisitionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'requisitions',
  beforeLoad: guard('/requisitions'),
  component: lazyRouteComponent(() => import('./pages/requisitions/RequisitionsPage.js'), 'RequisitionsPage'),
});
const newRequisitionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'requisitions/new',
  beforeLoad: guard('/requisitions'),
  component: lazyRouteComponent(() => import('./pages/requisitions/NewRequisitionPage.js'), 'NewRequisitionPage'),
});
const requisitionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'requisitions/$requisitionId',
  params: idParam('requisitionId'),
  beforeLoad: guard('/requisitions'),
  component: lazyRouteComponent(() => import('./pages/requisitions/RequisitionPage.js'), 'RequisitionPage'),
});
const budgetsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'budgets',
  beforeLoad: guard('/budgets'),
  component: lazyRouteComponent(() => import('./pages/requisitions/BudgetsPage.js'), 'BudgetsPage'),
});
const shipmentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'shipments',
  beforeLoad: guard('/shipments'),
  component: lazyRouteComponent(() => import('./pages/shipments/ShipmentsPage.js'), 'ShipmentsPage'),
});
const shipmentRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'shipments/$shipmentId',
  params: idParam('shipmentId'),
  beforeLoad: guard('/shipments'),
  component: lazyRouteComponent(() => import('./pages/shipments/ShipmentPage.js'), 'ShipmentPage'),
});
const discrepanciesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'discrepancies',
  beforeLoad: guard('/discrepancies'),
  component: lazyRouteComponent(() => import('./pages/shipments/DiscrepanciesPage.js'), 'DiscrepanciesPage'),
});
const memberReturnsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'member-returns',
  beforeLoad: guard('/member-returns'),
  component: lazyRouteComponent(() => import('./pages/shipments/MemberReturnsPage.js'), 'MemberReturnsPage'),
});
const memberReturnRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'member-returns/$returnId',
  params: idParam('returnId'),
  beforeLoad: guard('/member-returns'),
  component: lazyRouteComponent(() => import('./pages/shipments/MemberReturnPage.js'), 'MemberReturnPage'),
});
const stocktakesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'stocktakes',
  beforeLoad: guard('/stocktakes'),
  component: lazyRouteComponent(() => import('./pages/member-stock/StocktakesPage.js'), 'StocktakesPage'),
});
const stocktakeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'stocktakes/$stocktakeId',
  params: idParam('stocktakeId'),
  beforeLoad: guard('/stocktakes'),
  component: lazyRouteComponent(() => import('./pages/member-stock/StocktakePage.js'), 'StocktakePage'),
});
const consumptionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'consumptions',
  beforeLoad: guard('/consumptions'),
  component: lazyRouteComponent(() => import('./pages/member-stock/ConsumptionsPage.js'), 'ConsumptionsPage'),
});
const consumptionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'consumptions/$consumptionId',
  params: idParam('consumptionId'),
  beforeLoad: guard('/consumptions'),
  component: lazyRouteComponent(() => import('./pages/member-stock/ConsumptionPage.js'), 'ConsumptionPage'),
});
const stockAlertsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'stock-alerts',
  beforeLoad: guard('/stock-alerts'),
  component: lazyRouteComponent(() => import('./pages/member-stock/StockAlertsPage.js'), 'StockAlertsPage'),
});
const recallsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'recalls',
  beforeLoad: guard('/recalls'),
  component: lazyRouteComponent(() => import('./pages/recalls/RecallsPage.js'), 'RecallsPage'),
});
const recallRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'recalls/$recallId',
  params: idParam('recallId'),
  beforeLoad: guard('/recalls'),
  component: lazyRouteComponent(() => import('./pages/recalls/RecallPage.js'), 'RecallPage'),
});
const redistributionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'redistribution',
  beforeLoad: guard('/redistribution'),
  component: lazyRouteComponent(() => import('./pages/recalls/RedistributionPage.js'), 'RedistributionPage'),
});

const printShipmentRoute = createRoute({
  getParentRoute: () => printRoute,
  path: 'shipments/$shipmentId',
  params: idParam('shipmentId'),
  component: lazyRouteComponent(() => import('./pages/print/ShipmentPrint.js'), 'ShipmentPrint'),
});
const printPickListRoute = createRoute({
  getParentRoute: () => printRoute,
  path: 'pick-lists/$shipmentId',
  params: idParam('shipmentId'),
  component: lazyRouteComponent(() => import('./pages/print/PickListPrint.js'), 'PickListPrint'),
});
const printRequisitionRoute = createRoute({
  getParentRoute: () => printRoute,
  path: 'requisitions/$requisitionId',
  params: idParam('requisitionId'),
  component: lazyRouteComponent(() => import('./pages/print/RequisitionPrint.js'), 'RequisitionPrint'),
});
const printMemberReturnRoute = createRoute({
  getParentRoute: () => printRoute,
  path: 'member-returns/$returnId',
  params: idParam('returnId'),
  component: lazyRouteComponent(() => import('./pages/print/MemberReturnPrint.js'), 'MemberReturnPrint'),
});
const printStocktakeRoute = createRoute({
  getParentRoute: () => printRoute,
  path: 'stocktakes/$stocktakeId',
  params: idParam('stocktakeId'),
  component: lazyRouteComponent(() => import('./pages/print/StocktakePrint.js'), 'StocktakePrint'),
});
const printConsumptionRoute = createRoute({
  getParentRoute: () => printRoute,
  path: 'consumptions/$consumptionId',
  params: idParam('consumptionId'),
  component: lazyRouteComponent(() => import('./pages/print/ConsumptionPrint.js'), 'ConsumptionPrint'),
});
const printStatementRoute = createRoute({
  getParentRoute: () => printRoute,
  path: 'statements/$statementId',
  params: idParam('statementId'),
  component: lazyRouteComponent(() => import('./pages/print/StatementPrint.js'), 'StatementPrint'),
});
const printRecallRoute = createRoute({
  getParentRoute: () => printRoute,
  path: 'recalls/$recallId',
  params: idParam('recallId'),
  component: lazyRouteComponent(() => import('./pages/print/RecallPrint.js'), 'RecallPrint'),
});

// 财务结算 (issue 9): invoices, payables and payment batches, member statements, vouchers.
const invoicesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'invoices',
  beforeLoad: guard('/invoices'),
  component: lazyRouteComponent(() => import('./pages/invoices/InvoicesPage.js'), 'InvoicesPage'),
});
const invoiceNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'invoices/new',
  beforeLoad: guard('/invoices'),
  component: lazyRouteComponent(() => import('./pages/invoices/InvoiceNewPage.js'), 'InvoiceNewPage'),
});
const invoiceImportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'invoices/import',
  beforeLoad: guard('/invoices'),
  component: lazyRouteComponent(() => import('./pages/invoices/InvoiceImportPage.js'), 'InvoiceImportPage'),
});
const invoiceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'invoices/$invoiceId',
  params: idParam('invoiceId'),
  beforeLoad: guard('/invoices'),
  component: lazyRouteComponent(() => import('./pages/invoices/InvoicePage.js'), 'InvoicePage'),
});
const payablesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'payables',
  beforeLoad: guard('/payables'),
  component: lazyRouteComponent(() => import('./pages/payables/PayablesPage.js'), 'PayablesPage'),
});
const paymentBatchesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'payment-batches',
  beforeLoad: guard('/payment-batches'),
  component: lazyRouteComponent(() => import('./pages/payables/PaymentBatchesPage.js'), 'PaymentBatchesPage'),
});
/** ?month=2026-11 on the books pages (a shared address opens the same month). */
const monthSearch = (search: Record<string, unknown>): { month?: string } =>
  typeof search['month'] === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(search['month']) ? { month: search['month'] } : {};
const statementsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'statements',
  validateSearch: monthSearch,
  beforeLoad: guard('/statements'),
  component: lazyRouteComponent(() => import('./pages/books/StatementsPage.js'), 'StatementsPage'),
});
/** One member unit's month (内部结算): the live figures, the issued statement, the journal lines. */
const statementRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'statements/$unitId/$month',
  params: {
    parse: (raw: { unitId: string; month: string }) =>
      /^[1-9]\d{0,15}$/.test(raw.unitId) && /^\d{4}-(0[1-9]|1[0-2])$/.test(raw.month) ? { unitId: Number(raw.unitId), month: raw.month } : false,
    stringify: (p: { unitId: number; month: string }) => ({ unitId: String(p.unitId), month: p.month }),
  },
  beforeLoad: guard('/statements'),
  component: lazyRouteComponent(() => import('./pages/books/StatementPage.js'), 'StatementPage'),
});
const vouchersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'vouchers',
  validateSearch: monthSearch,
  beforeLoad: guard('/vouchers'),
  component: lazyRouteComponent(() => import('./pages/books/VouchersPage.js'), 'VouchersPage'),
});
const financeSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'finance-settings',
  beforeLoad: guard('/finance-settings'),
  component: lazyRouteComponent(() => import('./pages/payables/FinanceSettingsPage.js'), 'FinanceSettingsPage'),
});

// 平台与上报 (issue 10).
const dashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'dashboard',
  beforeLoad: guard('/dashboard'),
  component: lazyRouteComponent(() => import('./pages/reports/DashboardPage.js'), 'DashboardPage'),
});
const monthlyReportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'monthly-report',
  validateSearch: monthSearch,
  beforeLoad: guard('/monthly-report'),
  component: lazyRouteComponent(() => import('./pages/reports/MonthlyReportPage.js'), 'MonthlyReportPage'),
});
const printMonthlyReportRoute = createRoute({
  getParentRoute: () => printRoute,
  path: 'monthly-report',
  validateSearch: monthSearch,
  component: lazyRouteComponent(() => import('./pages/print/MonthlyReportPrint.js'), 'MonthlyReportPrint'),
});
const platformProfilesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'platform-profiles',
  beforeLoad: guard('/platform-profiles'),
  component: lazyRouteComponent(() => import('./pages/platform/PlatformProfilesPage.js'), 'PlatformProfilesPage'),
});
const platformExportsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'platform-exports',
  beforeLoad: guard('/platform-exports'),
  component: lazyRouteComponent(() => import('./pages/platform/PlatformExportsPage.js'), 'PlatformExportsPage'),
});
const platformImportsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'platform-imports',
  beforeLoad: guard('/platform-imports'),
  component: lazyRouteComponent(() => import('./pages/platform/PlatformImportsPage.js'), 'PlatformImportsPage'),
});
const medinsReportsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'medins-reports',
  beforeLoad: guard('/medins-reports'),
  component: lazyRouteComponent(() => import('./pages/medins/MedinsReportsPage.js'), 'MedinsReportsPage'),
});
const vbpMonitoringRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'vbp-monitoring',
  beforeLoad: guard('/vbp-monitoring'),
  component: lazyRouteComponent(() => import('./pages/vbp/VbpMonitoringPage.js'), 'VbpMonitoringPage'),
});
const procurementLedgerRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'procurement-ledger',
  beforeLoad: guard('/procurement-ledger'),
  component: lazyRouteComponent(() => import('./pages/ledger/ProcurementLedgerPage.js'), 'ProcurementLedgerPage'),
});
const integrityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'integrity',
  beforeLoad: guard('/integrity'),
  component: lazyRouteComponent(() => import('./pages/ledger/IntegrityPage.js'), 'IntegrityPage'),
});
const alertsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'alerts',
  beforeLoad: guard('/alerts'),
  component: lazyRouteComponent(() => import('./pages/alerts/AlertsPage.js'), 'AlertsPage'),
});
const alertSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'alert-settings',
  beforeLoad: guard('/alert-settings'),
  component: lazyRouteComponent(() => import('./pages/alerts/AlertSettingsPage.js'), 'AlertSettingsPage'),
});

const unitsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'units',
  beforeLoad: guard('/units'),
  component: lazyRouteComponent(() => import('./pages/units/UnitsPage.js'), 'UnitsPage'),
});
/** One unit's drawer over the units grid. */
const unitRoute = createRoute({ getParentRoute: () => unitsRoute, path: '$unitId', params: idParam('unitId') });

const communityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'community',
  beforeLoad: guard('/community'),
  component: lazyRouteComponent(() => import('./pages/community/CommunityPage.js'), 'CommunityPage'),
});

const formularyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'formulary',
  beforeLoad: guard('/formulary'),
  // The list is asked for while the page's code is still on its way (the page asks with the same key).
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(opQuery('formulary.list', {}));
    void context.queryClient.prefetchQuery(opQuery('formulary.versions', {}));
  },
  component: lazyRouteComponent(() => import('./pages/formulary/FormularyPage.js'), 'FormularyPage'),
});
/** One item's drawer over the formulary grid; the grid, its filters and scroll stay as they were. */
const itemRoute = createRoute({ getParentRoute: () => formularyRoute, path: 'items/$itemId', params: idParam('itemId') });

const changeRequestsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'change-requests',
  beforeLoad: guard('/change-requests'),
  component: lazyRouteComponent(() => import('./pages/changeRequests/ChangeRequestsPage.js'), 'ChangeRequestsPage'),
});
const changeRequestRoute = createRoute({ getParentRoute: () => changeRequestsRoute, path: '$requestId', params: idParam('requestId') });

const formularyImportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'formulary-import',
  beforeLoad: guard('/formulary-import'),
  component: lazyRouteComponent(() => import('./pages/imports/ImportPage.js'), 'ImportPage'),
});

const dictionaryRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'dictionary',
  beforeLoad: guard('/dictionary'),
  component: lazyRouteComponent(() => import('./pages/dictionary/DictionaryPage.js'), 'DictionaryPage'),
});

const usersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'users',
  beforeLoad: guard('/users'),
  component: lazyRouteComponent(() => import('./pages/users/UsersPage.js'), 'UsersPage'),
});

const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'audit',
  beforeLoad: guard('/audit'),
  component: lazyRouteComponent(() => import('./pages/audit/AuditPage.js'), 'AuditPage'),
});

const profileRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'profile',
  component: lazyRouteComponent(() => import('./pages/profile/ProfilePage.js'), 'ProfilePage'),
});

/** Any other address of a signed-in user: "page not found" inside the shell, with the menu to go on from. */
const unknownRoute = createRoute({ getParentRoute: () => appRoute, path: '$', component: NotFoundPage });

const routeTree = rootRoute.addChildren([
  setupRoute,
  loginRoute,
  changePasswordRoute,
  printRoute.addChildren([printReceiptRoute, printOrderRoute, printShipmentRoute, printPickListRoute, printRequisitionRoute, printMemberReturnRoute, printStocktakeRoute, printConsumptionRoute, printRecallRoute, printStatementRoute, printMonthlyReportRoute]),
  appRoute.addChildren([
    indexRoute,
    receiptsRoute,
    receiptRoute,
    ordersRoute,
    orderRoute,
    orderSuggestionsRoute,
    suppliersRoute.addChildren([supplierRoute]),
    stockRoute,
    ledgerRoute,
    stockAdjustmentsRoute,
    stockAdjustmentRoute,
    requisitionsRoute,
    newRequisitionRoute,
    requisitionRoute,
    budgetsRoute,
    shipmentsRoute,
    shipmentRoute,
    discrepanciesRoute,
    memberReturnsRoute,
    memberReturnRoute,
    stocktakesRoute,
    stocktakeRoute,
    consumptionsRoute,
    consumptionRoute,
    stockAlertsRoute,
    recallsRoute,
    recallRoute,
    redistributionRoute,
    invoicesRoute,
    invoiceNewRoute,
    invoiceImportRoute,
    invoiceRoute,
    payablesRoute,
    paymentBatchesRoute,
    statementsRoute,
    statementRoute,
    vouchersRoute,
    financeSettingsRoute,
    monthlyReportRoute,
    dashboardRoute,
    platformProfilesRoute,
    platformExportsRoute,
    platformImportsRoute,
    medinsReportsRoute,
    vbpMonitoringRoute,
    procurementLedgerRoute,
    integrityRoute,
    alertsRoute,
    alertSettingsRoute,
    unitsRoute.addChildren([unitRoute]),
    communityRoute,
    formularyRoute.addChildren([itemRoute]),
    changeRequestsRoute.addChildren([changeRequestRoute]),
    formularyImportRoute,
    dictionaryRoute,
    usersRoute,
    auditRoute,
    profileRoute,
    unknownRoute,
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    // Hovering a menu entry fetches that page's code (and the formulary's list) before the click.
    defaultPreload: 'intent',
    // react-query caches the data; the router need not keep loader results of its own.
    defaultPreloadStaleTime: 0,
    defaultPendingComponent: PendingPage,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}

declare module '@tanstack/history' {
  interface HistoryState {
    /** Set when a page the user may not open sent them home: the home page says so. */
    forbidden?: string;
    /** Set when a drawer was opened from its list, so closing it can go back instead of adding an entry. */
    overList?: boolean;
  }
}

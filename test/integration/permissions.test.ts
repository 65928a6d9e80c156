import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  contracts,
  UNIT_SCOPED_ROLES,
  type InputRef,
  type ItemFieldsInput,
  type OperationContract,
  type OperationName,
  type OpInput,
  type RecordKind,
  type Role,
  type Scope,
} from '../../core/api/index.js';
import type { Attachment } from '../../core/context.js';
import { executeOperation } from '../../core/registry.js';
import { systemActor } from '../../core/system-actor.js';
import { DEFAULT_FINANCE_SETTINGS } from '../../core/finance/settings.js';
import { call, freshDb, initialised, login, ok, SETUP_INPUT, userWithSession } from '../support/db.js';
import { dictionaryCode, generatedRows, writeDictionaryXlsx } from '../../scripts/bench/make-dictionary-xlsx.js';
import { drugRow, formularyCsv, FULL_MAPPING } from '../fixtures/formulary-files.js';
import { supplierInput } from '../support/suppliers.js';
import { builtinProfiles } from '../../core/platform/builtin.js';
import { writeExchange } from '../../core/platform/codec.js';
import { receiveForTest } from '../support/adjustments.js';
import { receive as receiveStock } from '../support/stock.js';
import { approvedRequisitionForTest } from '../support/distribution.js';

/**
 * The permission matrix and the scope rules, written out independently of core/api (roles.ts and each
 * contract's `scope`), so that a change to either has to be made here too, on purpose. Operations open to
 * every signed-in user (profile, logout) and public ones (login, setup) are not in the role matrix.
 */
const READ = ['community.get', 'unit.list', 'unit.get', 'store.list'] as const;
/** formulary.read: every role reads the formulary, its requests, the dictionary and the saved mappings. */
const FORMULARY_READ = [
  'formulary.list',
  'formulary.catalogue',
  'formulary.get',
  'formulary.search',
  'formulary.versions',
  'changeRequest.list',
  'changeRequest.get',
  'dictionary.search',
  'dictionary.get',
  'dictionary.status',
  'importMapping.list',
] as const;
/** formulary.propose: 提出目录变更申请 (and withdraw one's own). */
const PROPOSE = ['changeRequest.propose', 'changeRequest.withdraw'] as const;
/** formulary.manage: 药事会 decisions, prices, platform ids, imports — the pharmacy officer alone. */
const MANAGE = [
  'changeRequest.decide',
  'changeRequest.adoptBatch',
  'formulary.setPrice',
  'formulary.setPlatformIds',
  'formularyImport.upload',
  'formularyImport.inspect',
  'formularyImport.preview',
  'formularyImport.commit',
  'importMapping.save',
] as const;
/** supplier.read: every role that buys, receives, pays or audits reads the suppliers; supplier.manage: the officer. */
const SUPPLIER_READ = ['supplier.list', 'supplier.get', 'supplier.alerts'] as const;
const SUPPLIER_MANAGE = ['supplier.create', 'supplier.update', 'supplier.setActive'] as const;
/** 退货/报损/其他出入库: stock.read reads them, stock.adjust (storekeeper, member pharmacist) makes and posts them, stock.approve (the officer) approves 报损. */
const ADJUST_READ = ['stockAdjustment.get', 'stockAdjustment.list', 'stockAdjustment.batches'] as const;
const ADJUST = ['stockAdjustment.create', 'stockAdjustment.update', 'stockAdjustment.submit', 'stockAdjustment.post', 'stockAdjustment.reverse', 'stockAdjustment.void'] as const;
const ADJUST_APPROVE = ['stockAdjustment.approve', 'stockAdjustment.reject'] as const;
/** 盘点 / 消耗出库 / 库存预警: stock.read reads them, stock.adjust (storekeeper, member pharmacist) counts, records and posts. */
const MEMBER_STOCK_READ = ['stocktake.get', 'stocktake.list', 'consumption.get', 'consumption.list', 'stockAlert.list'] as const;
const MEMBER_STOCK = [
  'stocktake.create',
  'stocktake.count',
  'stocktake.addLine',
  'stocktake.post',
  'stocktake.void',
  'consumption.create',
  'consumption.update',
  'consumption.post',
  'consumption.void',
  'consumption.reverse',
  'consumption.import',
] as const;
/** 请领单: requisition.read (every role but the administrator) reads them and the settings; the member pharmacist requests and (a township, for its villages) reviews; the officer approves. */
const REQUISITION_READ = ['requisition.get', 'requisition.list', 'requisition.suggest', 'requisition.backOrders', 'distribution.settings.get'] as const;
const REQUISITION_REQUEST = ['requisition.create', 'requisition.update', 'requisition.submit', 'requisition.cancel', 'requisition.review', 'requisition.sendBack'] as const;
const REQUISITION_APPROVE = ['requisition.approve', 'requisition.reject', 'requisition.close', 'distribution.settings.update'] as const;
/** 全面预算: budget.read reads, budget.manage (officer, finance) sets. */
const BUDGET_READ = ['budget.list', 'budget.execution'] as const;
const BUDGET_MANAGE = ['budget.set'] as const;
/** 召回与近效期调剂: stock.recall, the pharmacy officer's console alone (centre scope). */
const RECALL = ['recall.trace', 'recall.create', 'recall.get', 'recall.list', 'recall.orderReturns', 'recall.close', 'redistribution.candidates', 'redistribution.start'] as const;
/** stock.read: every role but the administrator reads stock on hand, ledger cards, near expiry and the stock settings; the officer (stock.approve) sets them. */
const STOCK_READ = ['stock.onHand', 'stock.ledger', 'stock.nearExpiry', 'stock.settings.get'] as const;
/** 入库验收: stock.read reads receipts and arrivals; stock.receive (storekeeper, member pharmacist) enters and posts them. */
const RECEIPT_READ = ['receipt.get', 'receipt.list', 'receipt.arrivals'] as const;
const RECEIVE = ['receipt.create', 'receipt.update', 'receipt.post', 'receipt.void', 'receipt.reverse', 'receipt.recordInvoices', 'receipt.checkScan', 'receipt.items', 'receipt.inspectors'] as const;
/** 采购订单: purchase.read (every role but the administrator) reads orders; the officer (purchase.manage / approve) makes, approves and sends them and asks for suggestions. */
const PURCHASE_READ = ['purchaseOrder.list', 'purchaseOrder.get'] as const;
const PURCHASE_MANAGE = [
  'purchaseOrder.create',
  'purchaseOrder.update',
  'purchaseOrder.approve',
  'purchaseOrder.discard',
  'purchaseOrder.send',
  'purchaseOrder.cancel',
  'purchaseOrder.recordPlatformFeedback',
  'purchaseOrder.itemTerms',
  'purchaseOrder.suggestions',
  'purchaseOrder.createFromSuggestions',
] as const;
/**
 * 调拨与退库: requisition.read reads shipments, returns and discrepancies; the storekeeper (distribution.ship) allocates,
 * picks and ships; stock.receive confirms (the member a transfer, the storekeeper a return); the officer resolves
 * discrepancies (distribution.resolve), approves write-offs as a second person (stock.approve) and approves or rejects
 * returns (requisition.approve); stock.adjust writes and ships returns.
 */
const SHIPMENT_READ = ['shipment.get', 'shipment.list', 'discrepancy.list'] as const;
const SHIP = ['shipment.allocate', 'shipment.queue', 'shipment.eligibleBatches', 'shipment.swapBatch', 'shipment.cancel', 'shipment.ship'] as const;
const RESOLVE = ['discrepancy.resolve'] as const;
const WRITE_OFF_APPROVE = ['discrepancy.approveWriteOff', 'discrepancy.rejectWriteOff'] as const;
const RETURN_MAKE = ['memberReturn.create', 'memberReturn.update', 'memberReturn.submit', 'memberReturn.ship', 'memberReturn.cancel'] as const;
const RETURN_APPROVE = ['memberReturn.approve', 'memberReturn.reject'] as const;
/** 记账凭证: books.read (finance, auditor) lists and exports; finance.configure (administrator, finance) maps accounts and edits the column profiles. */
const VOUCHER_READ = ['voucher.list', 'voucher.export'] as const;
const VOUCHER_CONFIGURE = ['accountMap.get', 'accountMap.save', 'voucherProfile.list', 'voucherProfile.save'] as const;
/** 发票: invoice.read (finance, pharmacy officer, auditor); invoice.manage registers, corrects, voids and imports; invoice.approve approves (and a second person approves exceptions). */
const INVOICE_READ = ['invoice.get', 'invoice.list', 'invoice.invoiceable'] as const;
const INVOICE_MANAGE = ['invoice.register', 'invoice.check', 'invoice.update', 'invoice.void', 'invoice.importUpload', 'invoice.importPreview', 'invoice.importCommit'] as const;
const INVOICE_APPROVE = ['invoice.approve', 'invoice.approveException'] as const;
/** 应付款 and 付款单: invoice.read lists (finance, officer, auditor); payment.manage builds, pays and exports; payment.approve approves; finance.configure sets rules and bank layouts. */
const PAYABLE_READ = ['payable.list', 'payable.get', 'payable.ageing', 'payable.paymentDays', 'supplierTerms.get', 'financeSettings.get', 'bankProfile.list', 'paymentBatch.get', 'paymentBatch.list'] as const;
const PAYMENT_MANAGE = ['payable.settleInsurance', 'payable.settleStatement', 'supplierTerms.save', 'paymentBatch.create', 'paymentBatch.update', 'paymentBatch.suggest', 'paymentBatch.cancel', 'paymentBatch.recordPaid', 'paymentBatch.reverseLine', 'paymentBatch.exportBankFile'] as const;
const FINANCE_CONFIGURE = ['financeSettings.save', 'bankProfile.save'] as const;
/** 内部结算单: settlement.read (finance, the member for their own unit, auditor); finance issues; only the member confirms or disputes; books.read (finance, auditor) reads the trial balance. */
const SETTLEMENT_READ = ['settlement.statement', 'settlement.list', 'settlement.get', 'settlement.lines'] as const;
const SETTLEMENT_ISSUE = ['settlement.issue', 'settlement.issueAll'] as const;
const SETTLEMENT_CONFIRM = ['settlement.confirm', 'settlement.dispute'] as const;
/** 月报: report.read (officer, finance, auditor; the member for their own unit); the workbook is community-wide. */
const REPORT_READ = ['report.monthly', 'report.trace'] as const;
/** 集采监测: vbp.read (officer, finance, member for their own unit, auditor); the margin with vbp.manage (officer). */
const VBP_READ = ['vbp.monitor', 'vbp.trace', 'vbp.settings.get'] as const;
const REPORT_EXPORT = ['report.monthlyExport'] as const;
/** 采购台账: ledger.read (officer, finance, auditor; centre-wide); 完整性检查 with audit.read (admin, auditor). */
const LEDGER_READ = ['ledger.procurement', 'ledger.trace'] as const;
/** 医保进销存 3501–3506: medins.read (officer, member for their own unit, auditor); read-only. */
const MEDINS_READ = ['medins.units', 'medins.report', 'medins.export'] as const;
/** 平台配置与导出: platform.read (admin, officer, storekeeper, finance, auditor); save with platform.manage (admin, officer); files with platform.exchange (officer, storekeeper, finance). */
const PLATFORM_READ = ['platformProfile.list', 'platformProfile.get', 'platformProfile.validate', 'platformExchange.list'] as const;
const PLATFORM_MANAGE = ['platformProfile.save'] as const;
const PLATFORM_EXCHANGE = ['platform.exportOrders', 'platform.exportReceiptConfirmations', 'platform.exportReturns', 'platform.exportSettlement'] as const;
/** 导入平台数据: platform.exchange, each file type under its own permission too (checked in platform-imports.test.ts). */
const PLATFORM_IMPORT = ['platformImport.preview', 'platformImport.commit'] as const;
/**
 * Operations an allowed role reaches but that need data the matrix's community does not hold (an imported platform
 * shipment line, its receipt and return; a platform file): allowed means the permission gate let them through and
 * only the data was refused (VALIDATION). platform-exports.test.ts and platform-imports.test.ts run them for real.
 */
const NEEDS_DATA: ReadonlySet<OperationName> = new Set(['platform.exportReceiptConfirmations', 'platform.exportReturns', 'platform.exportSettlement', ...PLATFORM_IMPORT]);
/** 提醒推送: alert.configure (administrator) sets the channels, tests them and scans now; every signed-in user reads their own alerts. */
const ALERT_CONFIGURE = ['alertSettings.get', 'alertSettings.save', 'alertSettings.test', 'alert.scan'] as const;
const EXPECTED: Record<Role, readonly OperationName[]> = {
  admin: [
    ...PLATFORM_READ,
    ...PLATFORM_MANAGE,
    ...READ,
    ...FORMULARY_READ,
    'community.update',
    'unit.create',
    'unit.update',
    'unit.setActive',
    'store.create',
    'store.update',
    'user.list',
    'user.create',
    'user.update',
    'user.resetPassword',
    'audit.list',
    'audit.verify',
    'integrity.run',
    'dictionary.import',
    ...VOUCHER_CONFIGURE,
    ...FINANCE_CONFIGURE,
    ...ALERT_CONFIGURE,
  ],
  pharmacy_officer: [...PLATFORM_IMPORT, ...PLATFORM_READ, ...PLATFORM_MANAGE, ...PLATFORM_EXCHANGE, ...MEDINS_READ, ...LEDGER_READ, ...VBP_READ, 'vbp.settings.save', ...REPORT_READ, ...REPORT_EXPORT, ...SHIPMENT_READ, ...RESOLVE, ...WRITE_OFF_APPROVE, ...RETURN_APPROVE, ...REQUISITION_READ, ...REQUISITION_APPROVE, ...BUDGET_READ, ...BUDGET_MANAGE, ...READ, ...FORMULARY_READ, ...PROPOSE, ...MANAGE, 'user.list', 'dictionary.import', ...SUPPLIER_READ, ...SUPPLIER_MANAGE, ...STOCK_READ, 'stock.settings.update', ...RECEIPT_READ, 'receipt.allowShortExpiry', 'formulary.setTracing', ...PURCHASE_READ, ...PURCHASE_MANAGE, ...ADJUST_READ, ...ADJUST_APPROVE, ...RECALL, ...MEMBER_STOCK_READ, ...INVOICE_READ, ...PAYABLE_READ],
  storekeeper: [...PLATFORM_IMPORT, ...PLATFORM_READ, ...PLATFORM_EXCHANGE, ...SHIPMENT_READ, ...SHIP, 'shipment.confirm', ...RETURN_MAKE, ...REQUISITION_READ, ...READ, ...FORMULARY_READ, ...SUPPLIER_READ, ...STOCK_READ, ...RECEIPT_READ, ...RECEIVE, ...PURCHASE_READ, ...ADJUST_READ, ...ADJUST, ...MEMBER_STOCK_READ, ...MEMBER_STOCK],
  finance: [...PLATFORM_IMPORT, ...PLATFORM_READ, ...PLATFORM_EXCHANGE, ...LEDGER_READ, ...VBP_READ, ...REPORT_READ, ...REPORT_EXPORT, ...SHIPMENT_READ, ...REQUISITION_READ, ...BUDGET_READ, ...BUDGET_MANAGE, ...READ, ...FORMULARY_READ, ...SUPPLIER_READ, ...STOCK_READ, ...RECEIPT_READ, ...PURCHASE_READ, ...ADJUST_READ, ...MEMBER_STOCK_READ, ...VOUCHER_READ, ...VOUCHER_CONFIGURE, ...INVOICE_READ, ...INVOICE_MANAGE, ...INVOICE_APPROVE, ...PAYABLE_READ, ...PAYMENT_MANAGE, 'paymentBatch.approve', ...FINANCE_CONFIGURE, ...SETTLEMENT_READ, ...SETTLEMENT_ISSUE, 'books.trialBalance'],
  member_pharmacist: [...MEDINS_READ, ...VBP_READ, ...REPORT_READ, ...SHIPMENT_READ, 'shipment.confirm', ...RETURN_MAKE, ...REQUISITION_READ, ...REQUISITION_REQUEST, ...BUDGET_READ, ...READ, ...FORMULARY_READ, ...PROPOSE, 'store.create', 'store.update', ...SUPPLIER_READ, ...STOCK_READ, ...RECEIPT_READ, ...RECEIVE, ...PURCHASE_READ, ...ADJUST_READ, ...ADJUST, ...MEMBER_STOCK_READ, ...MEMBER_STOCK, ...SETTLEMENT_READ, ...SETTLEMENT_CONFIRM],
  auditor: [...PLATFORM_READ, ...MEDINS_READ, ...LEDGER_READ, 'integrity.run', ...VBP_READ, ...REPORT_READ, ...REPORT_EXPORT, ...SHIPMENT_READ, ...REQUISITION_READ, ...BUDGET_READ, ...READ, ...FORMULARY_READ, 'user.list', 'audit.list', 'audit.verify', ...SUPPLIER_READ, ...STOCK_READ, ...RECEIPT_READ, ...PURCHASE_READ, ...ADJUST_READ, ...MEMBER_STOCK_READ, ...VOUCHER_READ, ...INVOICE_READ, ...PAYABLE_READ, ...SETTLEMENT_READ, 'books.trialBalance'],
};

/** How each operation is scoped. A new operation fails the suite until it is placed here. */
type ScopeKind = 'public' | 'self' | 'community' | 'centre' | 'units' | 'level';
const SCOPES: Record<OperationName, ScopeKind> = {
  'setup.status': 'public',
  'setup.initialize': 'public',
  'auth.login': 'public',
  'auth.logout': 'self',
  'auth.me': 'self',
  'auth.changePassword': 'self',
  'community.get': 'community',
  'community.update': 'centre',
  'unit.list': 'units',
  'unit.get': 'units',
  'unit.create': 'centre',
  'unit.update': 'centre',
  'unit.setActive': 'centre',
  'store.list': 'units',
  'store.create': 'units',
  'store.update': 'units',
  'user.list': 'units',
  'user.create': 'units',
  'user.update': 'units',
  'user.resetPassword': 'units',
  'audit.list': 'centre',
  'audit.verify': 'centre',
  'ledger.procurement': 'centre',
  'ledger.trace': 'centre',
  'integrity.run': 'centre',
  'formulary.list': 'level',
  'formulary.catalogue': 'level',
  'formulary.get': 'level',
  'formulary.search': 'level',
  'formulary.versions': 'community',
  'formulary.setPrice': 'centre',
  'formulary.setPlatformIds': 'centre',
  'changeRequest.propose': 'units',
  'changeRequest.list': 'units',
  'changeRequest.get': 'units',
  'changeRequest.decide': 'centre',
  'changeRequest.adoptBatch': 'centre',
  'changeRequest.withdraw': 'units',
  'dictionary.search': 'community',
  'dictionary.get': 'community',
  'dictionary.status': 'community',
  'dictionary.import': 'centre',
  'formularyImport.upload': 'centre',
  'formularyImport.inspect': 'centre',
  'formularyImport.preview': 'centre',
  'formularyImport.commit': 'centre',
  'importMapping.list': 'community',
  'importMapping.save': 'centre',
  'purchaseOrder.create': 'units',
  'purchaseOrder.update': 'units',
  'purchaseOrder.approve': 'units',
  'purchaseOrder.discard': 'units',
  'purchaseOrder.send': 'units',
  'purchaseOrder.cancel': 'units',
  'purchaseOrder.get': 'units',
  'purchaseOrder.list': 'units',
  'purchaseOrder.recordPlatformFeedback': 'units',
  'purchaseOrder.itemTerms': 'centre',
  'purchaseOrder.suggestions': 'units',
  'purchaseOrder.createFromSuggestions': 'units',
  'supplier.list': 'community',
  'supplier.get': 'community',
  'supplier.create': 'community',
  'supplier.update': 'community',
  'supplier.setActive': 'community',
  'supplier.alerts': 'community',
  'stockAdjustment.create': 'units',
  'stockAdjustment.update': 'units',
  'stockAdjustment.submit': 'units',
  'stockAdjustment.approve': 'units',
  'stockAdjustment.reject': 'units',
  'stockAdjustment.post': 'units',
  'stockAdjustment.reverse': 'units',
  'stockAdjustment.void': 'units',
  'stockAdjustment.get': 'units',
  'stockAdjustment.list': 'units',
  'stockAdjustment.batches': 'units',
  'requisition.create': 'units',
  'requisition.update': 'units',
  'requisition.submit': 'units',
  'requisition.review': 'units',
  'requisition.sendBack': 'units',
  'requisition.approve': 'units',
  'requisition.reject': 'units',
  'requisition.cancel': 'units',
  'requisition.close': 'units',
  'requisition.get': 'units',
  'requisition.list': 'units',
  'requisition.suggest': 'units',
  'requisition.backOrders': 'units',
  'budget.set': 'centre',
  'budget.list': 'units',
  'distribution.settings.get': 'community',
  'distribution.settings.update': 'centre',
  'stocktake.create': 'units',
  'stocktake.count': 'units',
  'stocktake.addLine': 'units',
  'stocktake.post': 'units',
  'stocktake.void': 'units',
  'stocktake.get': 'units',
  'stocktake.list': 'units',
  'consumption.create': 'units',
  'consumption.update': 'units',
  'consumption.post': 'units',
  'consumption.void': 'units',
  'consumption.reverse': 'units',
  'consumption.get': 'units',
  'consumption.list': 'units',
  'consumption.import': 'units',
  'stockAlert.list': 'units',
  'stock.onHand': 'units',
  'stock.ledger': 'units',
  'stock.nearExpiry': 'units',
  'stock.settings.get': 'community',
  'stock.settings.update': 'centre',
  'receipt.create': 'units',
  'receipt.update': 'units',
  'receipt.post': 'units',
  'receipt.void': 'units',
  'receipt.reverse': 'units',
  'receipt.recordInvoices': 'units',
  'receipt.allowShortExpiry': 'units',
  'receipt.get': 'units',
  'receipt.list': 'units',
  'receipt.arrivals': 'units',
  'receipt.checkScan': 'units',
  'receipt.items': 'community',
  'receipt.inspectors': 'units',
  'formulary.setTracing': 'centre',
  'shipment.allocate': 'centre',
  'shipment.get': 'units',
  'shipment.list': 'units',
  'shipment.queue': 'centre',
  'shipment.eligibleBatches': 'centre',
  'shipment.swapBatch': 'centre',
  'shipment.cancel': 'centre',
  'shipment.ship': 'centre',
  'shipment.confirm': 'units',
  'discrepancy.list': 'units',
  'discrepancy.resolve': 'centre',
  'discrepancy.approveWriteOff': 'centre',
  'discrepancy.rejectWriteOff': 'centre',
  'memberReturn.create': 'units',
  'memberReturn.update': 'units',
  'memberReturn.submit': 'units',
  'memberReturn.approve': 'units',
  'memberReturn.reject': 'units',
  'memberReturn.ship': 'units',
  'memberReturn.cancel': 'units',
  'recall.trace': 'centre',
  'recall.create': 'centre',
  'recall.get': 'centre',
  'recall.list': 'centre',
  'recall.orderReturns': 'centre',
  'recall.close': 'centre',
  'redistribution.candidates': 'centre',
  'redistribution.start': 'centre',
  'accountMap.get': 'centre',
  'accountMap.save': 'centre',
  'voucherProfile.list': 'centre',
  'voucherProfile.save': 'centre',
  'voucher.list': 'centre',
  'voucher.export': 'centre',
  'invoice.register': 'centre',
  'invoice.check': 'centre',
  'invoice.update': 'centre',
  'invoice.approve': 'centre',
  'invoice.void': 'centre',
  'invoice.approveException': 'centre',
  'invoice.get': 'centre',
  'invoice.list': 'centre',
  'invoice.invoiceable': 'centre',
  'invoice.importUpload': 'centre',
  'invoice.importPreview': 'centre',
  'invoice.importCommit': 'centre',
  'payable.list': 'centre',
  'payable.get': 'centre',
  'payable.ageing': 'centre',
  'payable.paymentDays': 'centre',
  'payable.settleInsurance': 'centre',
  'payable.settleStatement': 'centre',
  'supplierTerms.get': 'centre',
  'supplierTerms.save': 'centre',
  'financeSettings.get': 'centre',
  'financeSettings.save': 'centre',
  'bankProfile.list': 'centre',
  'bankProfile.save': 'centre',
  'paymentBatch.create': 'centre',
  'paymentBatch.update': 'centre',
  'paymentBatch.suggest': 'centre',
  'paymentBatch.approve': 'centre',
  'paymentBatch.cancel': 'centre',
  'paymentBatch.recordPaid': 'centre',
  'paymentBatch.reverseLine': 'centre',
  'paymentBatch.get': 'centre',
  'paymentBatch.list': 'centre',
  'paymentBatch.exportBankFile': 'centre',
  'settlement.statement': 'units',
  'settlement.list': 'units',
  'settlement.get': 'units',
  'settlement.lines': 'units',
  'settlement.confirm': 'units',
  'settlement.dispute': 'units',
  'settlement.issue': 'centre',
  'settlement.issueAll': 'centre',
  'books.trialBalance': 'centre',
  'budget.execution': 'units',
  'report.monthly': 'units',
  'report.monthlyExport': 'centre',
  'report.trace': 'units',
  'alert.list': 'units',
  'alert.unreadCount': 'self',
  'alert.markRead': 'self',
  'alert.markAllRead': 'self',
  'alertSettings.get': 'centre',
  'alertSettings.save': 'centre',
  'alertSettings.test': 'centre',
  'alert.scan': 'centre',
  'medins.units': 'units',
  'medins.report': 'units',
  'medins.export': 'units',
  'vbp.monitor': 'units',
  'vbp.trace': 'units',
  'vbp.settings.get': 'community',
  'vbp.settings.save': 'centre',
  'platformProfile.list': 'centre',
  'platformProfile.get': 'centre',
  'platformProfile.save': 'centre',
  'platformProfile.validate': 'centre',
  'platform.exportOrders': 'centre',
  'platform.exportReceiptConfirmations': 'centre',
  'platform.exportReturns': 'centre',
  'platform.exportSettlement': 'centre',
  'platformExchange.list': 'centre',
  'platformImport.preview': 'centre',
  'platformImport.commit': 'centre',
};

const kindOf = (scope: Scope): ScopeKind => (typeof scope === 'string' ? scope : 'units' in scope ? 'units' : 'level');
const bindingOf = (scope: Scope) => (typeof scope === 'string' ? null : 'units' in scope ? scope.units : scope.level);

const ITEM = (overrides: Partial<ItemFieldsInput>): ItemFieldsInput => ({
  genericName: '阿莫西林胶囊',
  spec: '0.25g',
  manufacturer: '华北制药股份有限公司',
  approvalNo: '国药准字H13023964',
  category: 'western',
  baseUnit: '粒',
  packs: [{ unit: '盒', factor: 24 }],
  purchaseUnit: '盒',
  issueUnit: '盒',
  levels: { county: true, township: true, village: false },
  ...overrides,
});

const env = await initialised();
const files = mkdtempSync(path.join(tmpdir(), 'tongcai-permissions-'));
afterAll(() => {
  env.dispose();
  rmSync(files, { recursive: true, force: true });
});

const tokens = {} as Record<Role, string>;
/** The records of the member pharmacist's own unit, and the same kind of record of another unit. */
const own = {} as Record<RecordKind, number>;
const other = {} as Record<RecordKind, number>;
let leadId = 0;
/** A user the administrator's calls may edit without disturbing the signed-in test users. */
let bystanderId = 0;
let otherMemberToken = '';
let csvUpload: Attachment;
let dictionaryFile: Attachment;
let officerUpload = { uploadId: 0, sheet: '', headerRow: 1 };
let supplierId = 0;
const supplierVersion = () => (env.db.$client.prepare('SELECT version FROM suppliers WHERE id = ?').get(supplierId) as { version: number }).version;
/** A supplier batch on hand in the member's own store, for 报损 and 其他出库 samples. */
let ownBatch = 0;
/** A fresh adjustment in the member's own store, made by the system actor (so any role may approve it), in the state asked. */
async function freshAdjustment(state: 'draft' | 'lossDraft' | 'submitted' | 'newBatch' | 'posted'): Promise<number> {
  const system = { system: systemActor('cli') };
  const input =
    state === 'draft'
      ? { kind: 'other_out' as const, storeId: own.store, reason: '测试', lines: [{ itemId: own.item, batchId: ownBatch, quantity: 1 }] }
      : state === 'lossDraft' || state === 'submitted'
        ? { kind: 'loss' as const, storeId: own.store, reason: '测试', lines: [{ itemId: own.item, batchId: ownBatch, quantity: 1 }] }
        : { kind: 'other_in' as const, storeId: own.store, reason: '测试', lines: [{ itemId: own.item, batchNo: 'QT1', expiry: '2029-12', costMicro: 3_000_000, quantity: 24 }] };
  const id = (await ok(env.db, 'stockAdjustment.create', input, system)).adjustment.id;
  if (state === 'submitted') await ok(env.db, 'stockAdjustment.submit', { id, version: 1 }, system);
  if (state === 'posted') await ok(env.db, 'stockAdjustment.post', { id, version: 1, requestId: `perm-adj-${id}` }, system);
  return (own.stockAdjustment = id);
}
const as = (role: Role) => ({ sessionToken: tokens[role] });
/** 盘点 and 消耗出库 samples: fresh documents in the member's own store, made by the system actor. */
let consumptionFile: Attachment;
let foundBatch = 0;
async function freshStocktake(): Promise<{ id: number; lineId: number; book: number }> {
  const { stocktake } = await ok(env.db, 'stocktake.create', { storeId: own.store }, { system: systemActor('cli') });
  return { id: (own.stocktake = stocktake.id), lineId: stocktake.lines[0]!.id, book: stocktake.lines[0]!.bookQuantity };
}
const CONSUMPTION_PERIOD = { periodFrom: '2026-11-01', periodTo: '2026-11-30', target: 'patients' as const };
async function freshConsumption(state: 'draft' | 'posted'): Promise<number> {
  const system = { system: systemActor('cli') };
  const { consumption } = await ok(env.db, 'consumption.create', { storeId: own.store, ...CONSUMPTION_PERIOD, lines: [{ itemId: own.item, quantity: 1 }] }, system);
  if (state === 'posted') await ok(env.db, 'consumption.post', { id: consumption.id, version: 1, requestId: `perm-ck-${consumption.id}` }, system);
  return (own.consumption = consumption.id);
}
/** A new 批号 of the township item in the central store (bought from the supplier), for a recall to freeze. */
let recallSeq = 0;
function freshRecallBatch(): string {
  const batchNo = `ZH-${++recallSeq}`;
  receiveForTest(env.db, { itemId: own.item, storeId: centralStoreId(), quantity: 24, supplierId, batchNo });
  return batchNo;
}
const centralStoreId = () => (env.db.$client.prepare('SELECT id FROM stores WHERE is_central = 1 ORDER BY id LIMIT 1').get() as { id: number }).id;
/** A fresh open recall made by the system actor. */
async function freshRecall(): Promise<number> {
  const { recall } = await ok(env.db, 'recall.create', { itemId: own.item, batchNo: freshRecallBatch(), reason: '测试', requestId: `perm-recall-${recallSeq}` }, { system: systemActor('cli') });
  return recall.id;
}

function attachment(file: string): Attachment {
  return { path: file, filename: path.basename(file), size: statSync(file).size };
}

/** Both townships are 医保 定点 (the 3501–3506 reports need a 定点医药机构编码). */
function insuranceCodes(): void {
  env.db.$client.prepare("UPDATE units SET insurance_code = printf('H%011d', id) WHERE id IN (?, ?)").run(own.unit, other.unit);
}

beforeAll(async () => {
  const { db, admin } = env;
  leadId = (await ok(db, 'unit.list', {}, { sessionToken: admin })).units[0]!.id;
  own.unit = (await ok(db, 'unit.create', { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' }, { sessionToken: admin })).unit.id;
  other.unit = (await ok(db, 'unit.create', { code: 'WS02', name: '白沙镇卫生院', kind: 'township_hospital' }, { sessionToken: admin })).unit.id;
  insuranceCodes();
  own.store = (await ok(db, 'store.list', { unitId: own.unit }, { sessionToken: admin })).stores[0]!.id;
  other.store = (await ok(db, 'store.list', { unitId: other.unit }, { sessionToken: admin })).stores[0]!.id;
  tokens.admin = admin;
  bystanderId = (await ok(db, 'user.create', { username: 'bystander', displayName: '旁观者', role: 'finance', unitId: leadId }, { sessionToken: admin })).user.id;
  for (const role of ['pharmacy_officer', 'storekeeper', 'finance', 'member_pharmacist', 'auditor'] as const) {
    const unitId = UNIT_SCOPED_ROLES.includes(role) ? own.unit : leadId;
    const created = await userWithSession(db, admin, { username: role.replace('_', ''), displayName: '测试', role, unitId });
    tokens[role] = created.token;
    if (role === 'member_pharmacist') own.user = created.userId;
  }
  const otherMember = await userWithSession(db, admin, { username: 'baisha', displayName: '白沙药师', role: 'member_pharmacist', unitId: other.unit });
  other.user = otherMember.userId;
  otherMemberToken = otherMember.token;

  // Two items: one in the township sub-catalogue (with both townships' agreed 集采 volumes), one county-only.
  const officer = as('pharmacy_officer');
  const add = async (item: ItemFieldsInput, resolutionNo: string) => {
    const { request } = await ok(db, 'changeRequest.propose', { kind: 'add', item, reason: '测试' }, officer);
    return (await ok(db, 'changeRequest.decide', { id: request.id, approve: true, resolutionNo, resolutionDate: '2026-03-01' }, officer)).request.itemId!;
  };
  own.item = await add(
    ITEM({
      vbp: { batch: '第七批', agreedPriceMicro: 1_000_000, annualVolume: 10_000, unitVolumes: [{ unitId: own.unit, volume: 2_400 }, { unitId: other.unit, volume: 4_800 }] },
    }),
    'R1',
  );
  other.item = await add(ITEM({ spec: '0.5g', levels: { county: true, township: false, village: false } }), 'R2');
  for (const id of [own.item, other.item]) await ok(db, 'formulary.setPrice', { itemId: id, kind: 'listed', priceMicro: 3_000_000, effectiveFrom: '2026-03-01' }, officer);
  own.changeRequest = (await ok(db, 'changeRequest.propose', { kind: 'suspend', itemId: own.item, reason: '本单位' }, as('member_pharmacist'))).request.id;
  other.changeRequest = (await ok(db, 'changeRequest.propose', { kind: 'suspend', itemId: own.item, reason: '他单位' }, { sessionToken: otherMemberToken })).request.id;

  // Real files for the upload operations, and a dictionary row for dictionary.get.
  const csv = path.join(files, '目录.csv');
  writeFileSync(csv, formularyCsv([drugRow(1), drugRow(2)], 'utf-8'));
  csvUpload = attachment(csv);
  const xlsx = path.join(files, 'nhsa.xlsx');
  await writeDictionaryXlsx(xlsx, generatedRows(5));
  dictionaryFile = attachment(xlsx);
  const seeded = await executeOperation(db, 'dictionary.import', {}, { system: systemActor('cli'), attachment: dictionaryFile });
  expect(seeded.ok).toBe(true);
  officerUpload = await freshUpload();
  supplierId = (await ok(db, 'supplier.create', supplierInput(1), officer)).supplier.id;
  ownBatch = receiveForTest(db, { itemId: own.item, storeId: own.store, quantity: 100_000, supplierId, batchNo: 'ADJ-OWN' });
  const otherBatch = receiveForTest(db, { itemId: own.item, storeId: other.store, quantity: 100, supplierId, batchNo: 'ADJ-OTHER' });
  own.stockAdjustment = await freshAdjustment('lossDraft');
  other.stockAdjustment = (
    await ok(db, 'stockAdjustment.create', { kind: 'loss', storeId: other.store, reason: '他单位', lines: [{ itemId: own.item, batchId: otherBatch, quantity: 1 }] }, { sessionToken: otherMemberToken })
  ).adjustment.id;
  own.receipt = await freshReceipt('member_pharmacist');
  other.receipt = (await ok(db, 'receipt.create', receiptInput(other.store), { sessionToken: otherMemberToken })).receipt.id;
  // 直配 orders to both townships' stores: the member pharmacist reads only their own.
  own.purchaseOrder = await freshOrder('approved');
  other.purchaseOrder = (await ok(db, 'purchaseOrder.create', orderInput(other.store), officer)).order.id;
  // Stock in both townships' stores, expiring within the near-expiry thresholds, for the stock reads' leak checks.
  for (const storeId of [own.store, other.store]) receiveStock(db, { itemId: own.item, storeId, quantity: 48, expiry: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10) });
  // 请领单 of both townships (approved, so both owe back-orders), budgets for the township and its village clinic.
  const village = (await ok(db, 'unit.create', { code: 'CW01', name: '青石村卫生室', kind: 'village_clinic', parentId: own.unit }, { sessionToken: admin })).unit.id;
  villageStore = (await ok(db, 'store.list', { unitId: village }, { sessionToken: admin })).stores[0]!.id;
  db.$client.prepare("UPDATE formulary_items SET level_village = 1 WHERE id = ?").run(own.item);
  for (const unitId of [own.unit, village]) {
    await ok(db, 'budget.set', { unitId, year: BUDGET_YEAR, amountMicro: 1_000_000_000_000, overRule: 'block', note: '' }, officer);
  }
  const ownRequisition = approvedRequisitionForTest(db, { unitId: own.unit, storeId: own.store, lines: [{ itemId: own.item, quantity: 24 }] });
  const otherRequisition = approvedRequisitionForTest(db, { unitId: other.unit, storeId: other.store, lines: [{ itemId: own.item, quantity: 24 }] });
  own.requisition = ownRequisitionFixture = ownRequisition.id;
  own.requisitionLine = ownRequisition.lineIds[0]!;
  other.requisition = otherRequisition.id;
  other.requisitionLine = otherRequisition.lineIds[0]!;
  // 盘点 and 消耗出库 of both townships; a batch of the other store for addLine; a HIS export naming the item.
  await freshStocktake();
  other.stocktake = (await ok(db, 'stocktake.create', { storeId: other.store }, { sessionToken: otherMemberToken })).stocktake.id;
  await freshConsumption('draft');
  other.consumption = (
    await ok(db, 'consumption.create', { storeId: other.store, ...CONSUMPTION_PERIOD, lines: [{ itemId: own.item, quantity: 1 }] }, { sessionToken: otherMemberToken })
  ).consumption.id;
  foundBatch = receiveForTest(db, { itemId: own.item, storeId: other.store, quantity: 1, supplierId, batchNo: 'PD-FOUND' });
  const itemCode = (db.$client.prepare('SELECT code FROM formulary_items WHERE id = ?').get(own.item) as { code: string }).code;
  const consumptionCsv = path.join(files, '消耗.csv');
  writeFileSync(consumptionCsv, `药品编码,数量\r\n${itemCode},1\r\n`);
  consumptionFile = attachment(consumptionCsv);
  await shipmentFixtures();
  for (const side of [own, other]) {
    side.statement = (await ok(db, 'settlement.issue', { unitId: side.unit, month: STATEMENT_MONTH, requestId: `perm-st-${side.unit}` }, { system: systemActor('cli') })).statement.id;
  }
});

/** 发票 samples: a posted receipt line (24 粒 at 1.00/盒) of the supplier in the central store, and invoices on it, by the system actor. The
 * county-only item, so that the transfers' FEFO allocation of the township item never meets these batches. */
let invoiceSeq = 0;
const invoiceNumber = () => `2544${String(++invoiceSeq).padStart(8, '0')}${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
async function freshReceiptLine(now?: Date): Promise<{ id: number; number: string; lineNo: number }> {
  const system = { system: systemActor('cli'), ...(now ? { now } : {}) };
  const { receipt } = await ok(
    env.db,
    'receipt.create',
    { supplierId, storeId: centralStoreId(), unplannedReason: '测试', lines: [{ itemId: other.item, batchNo: `FP-${++invoiceSeq}`, expiry: '2028-09', quantity: 24, priceMicro: 1_000_000, traceCodes: [], manufacturerInvoiceNo: '44000000000000000001' }] },
    system,
  );
  const posted = (await ok(env.db, 'receipt.post', { id: receipt.id, requestId: `perm-fp-${invoiceSeq}` }, system)).receipt;
  return { id: posted.lines[0]!.id, number: posted.number, lineNo: 1 };
}
async function invoiceLineInput(amountMicro = 1_000_000, acceptedAt?: Date) {
  return { supplierId, number: invoiceNumber(), date: '2026-11-20', lines: [{ receiptLineId: (await freshReceiptLine(acceptedAt)).id, quantity: 24, amountMicro }] };
}
async function freshInvoice(amountMicro = 1_000_000, acceptedAt?: Date) {
  const input = await invoiceLineInput(amountMicro, acceptedAt);
  const { invoice } = await ok(env.db, 'invoice.register', input, { system: systemActor('cli') });
  return { ...input, id: invoice.id, version: invoice.version, lineId: invoice.lines[0]!.id! };
}
/**
 * 内部结算单 samples: both townships' statements for a past month (issued by the system actor in the setup), and, for
 * confirm and dispute, a fresh issued statement of the member's own unit for a month of its own (a confirmed month cannot
 * be issued again); `own.statement` follows the sample.
 */
const STATEMENT_MONTH = '2026-10';
let statementMonths = 0;
async function freshStatement(): Promise<{ id: number; version: number }> {
  const month = `2020-${String((statementMonths % 12) + 1).padStart(2, '0')}`.replace('2020', String(2000 + Math.floor(statementMonths++ / 12)));
  const { statement } = await ok(env.db, 'settlement.issue', { unitId: own.unit, month, requestId: `perm-st-${month}` }, { system: systemActor('cli') });
  return { id: (own.statement = statement.id), version: statement.version };
}

/** 应付款 samples: a fresh approved invoice's payable (registered by the CLI, approved by the seed's second person), and payment batches on them. */
async function freshPayable(acceptedAt?: Date): Promise<number> {
  const { id } = await freshInvoice(1_000_000, acceptedAt);
  const { payables } = await ok(env.db, 'invoice.approve', { id }, { system: systemActor('seed_review') });
  return payables[0]!.id;
}
/**
 * A reconciled platform settlement statement of one fresh payable: its goods accepted on a day of their own in 2025,
 * so that the statement's period holds that payable alone (not the ones the batch samples hold).
 */
let statementDays = 0;
async function freshPlatformStatement(): Promise<{ exchangeId: number; payOrdId: string }> {
  const payableId = await freshPayable(new Date(Date.parse('2025-01-01T02:00:00Z') + statementDays++ * 86_400_000));
  const c = env.db.$client;
  const p = c.prepare('SELECT supplier_id AS supplierId, accepted_on AS on_ FROM payables WHERE id = ?').get(payableId) as { supplierId: number; on_: string };
  const open = c
    .prepare(
      `SELECT COALESCE(SUM(p.amount_micro - COALESCE((SELECT SUM(s.amount_micro) FROM payable_settlements s WHERE s.payable_id = p.id), 0)), 0) AS v
         FROM payables p WHERE p.supplier_id = ? AND p.accepted_on = ?`,
    )
    .pluck()
    .get(p.supplierId, p.on_) as number;
  const payOrdId = `JS-PERM-${payableId}`;
  const statement = { payOrdId, supplierId: p.supplierId, supplierName: '权限测试', dueMicro: open, payablesMicro: open, openMicro: open, differenceMicro: 0, periodFrom: p.on_, periodTo: p.on_ };
  const { id } = c
    .prepare("INSERT INTO platform_exchanges (profile, exchange, file_name, row_count, summary, at, actor_name, actor_user_id) VALUES ('national', 'settlements_in', 'perm.csv', 1, ?, ?, 'perm', NULL) RETURNING id")
    .get(JSON.stringify({ statements: [statement], payOrdIds: [payOrdId] }), new Date().toISOString()) as { id: number };
  return { exchangeId: id, payOrdId };
}
async function freshBatch(state: 'draft' | 'approved' | 'paid'): Promise<{ id: number; lineId: number }> {
  const { batch } = await ok(env.db, 'paymentBatch.create', { lines: [{ payableId: await freshPayable(), amountMicro: 1_000_000 }] }, { system: systemActor('cli') });
  if (state !== 'draft') await ok(env.db, 'paymentBatch.approve', { id: batch.id }, { system: systemActor('seed_review') });
  if (state === 'paid') await ok(env.db, 'paymentBatch.recordPaid', { id: batch.id, bankReference: `B${batch.id}`, paidOn: '2026-11-20' }, { system: systemActor('cli') });
  return { id: batch.id, lineId: batch.lines[0]!.id };
}

/** An invoice-platform CSV of one line naming a fresh receipt line, uploaded by `role` (0 when the role may not upload). */
async function invoiceUpload(role: Role): Promise<number> {
  const line = await freshReceiptLine();
  const uscc = (env.db.$client.prepare('SELECT uscc FROM suppliers WHERE id = ?').get(supplierId) as { uscc: string }).uscc;
  const file = path.join(files, `发票${invoiceSeq}.csv`);
  writeFileSync(file, `发票号码,开票日期,销方纳税人识别号,货物或应税劳务名称,规格型号,单位,数量,价税合计,验收明细\r\n${invoiceNumber()},2026-11-20,${uscc},*化学药品制剂*阿莫西林胶囊,0.25g,盒,1,1.00,${line.number}-${line.lineNo}\r\n`);
  const result = await call(env.db, 'invoice.importUpload', {}, { ...as(role), attachment: attachment(file) });
  return result.ok ? (result.output as { uploadId: number }).uploadId : 1;
}

/** A new upload by the pharmacy officer, inspected: an allowed inspect, preview or commit works on it. */
async function freshUpload() {
  const { uploadId } = await ok(env.db, 'formularyImport.upload', {}, { ...as('pharmacy_officer'), attachment: csvUpload });
  const [sheet] = (await ok(env.db, 'formularyImport.inspect', { uploadId }, as('pharmacy_officer'))).sheets;
  return { uploadId, sheet: sheet!.name, headerRow: sheet!.headerRow };
}

/** A fresh submitted request by `role` (when they may propose), so decide and withdraw have one each time. */
async function freshRequest(role: Role): Promise<number> {
  const result = await call(env.db, 'changeRequest.propose', { kind: 'suspend', itemId: own.item, reason: '测试' }, as(role));
  return result.ok ? (result.output as { request: { id: number } }).request.id : own.changeRequest;
}

/** Inputs that are valid for each operation and name only the member pharmacist's own unit's records. */
/**
 * 请领单 samples: fresh requisitions made by the system actor; `own.requisition` (and its line) follow the sample,
 * so the generated "the caller's own record goes through" call names the requisition the sample is about. A
 * township reviews its village's requisitions only when the community routes them so: the setting is on for
 * the review samples alone (and off again after every test), so that no other read sees the village's rows.
 */
let villageStore = 0;
let ownRequisitionFixture = 0;
const BUDGET_YEAR = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
function villageReview(on: boolean) {
  env.db.$client
    .prepare(`INSERT INTO hub_settings (name, value, updated_at) VALUES ('distribution.settings', ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`)
    .run(JSON.stringify({ villageViaTownship: on }), new Date().toISOString());
}
afterEach(() => villageReview(false));
async function freshRequisition(state: 'draft' | 'submitted', storeId = own.store): Promise<{ id: number; lineId: number }> {
  const system = { system: systemActor('cli') };
  const { requisition } = await ok(env.db, 'requisition.create', { storeId, lines: [{ itemId: own.item, quantity: 24 }] }, system);
  if (state === 'submitted') await ok(env.db, 'requisition.submit', { id: requisition.id }, system);
  own.requisitionLine = requisition.lines[0]!.id;
  return { id: (own.requisition = requisition.id), lineId: requisition.lines[0]!.id };
}

/**
 * 调拨单 / 退库单 / 签收差异 samples: central-store stock of the township item (two batches, so a swap has somewhere to
 * go), fresh shipments made by the system actor in the state a sample needs — `own.shipment` follows the sample, so
 * the generated "own record goes through" call names it — and, for the leak checks, transfers, returns and open
 * discrepancies of both townships.
 */
let returnBatchOther = 0;
async function shipmentFixtures(): Promise<void> {
  const db = env.db;
  const centralStoreId = (await ok(db, 'store.list', { unitId: leadId }, { sessionToken: tokens.admin })).stores[0]!.id;
  receiveForTest(db, { itemId: own.item, storeId: centralStoreId, quantity: 5_000_000, supplierId, batchNo: 'DB-CENTRAL-1', expiry: '2030-06-30' });
  receiveForTest(db, { itemId: own.item, storeId: centralStoreId, quantity: 5_000_000, supplierId, batchNo: 'DB-CENTRAL-2', expiry: '2031-06-30' });
  returnBatchOther = receiveForTest(db, { itemId: own.item, storeId: other.store, quantity: 1000, supplierId, batchNo: 'TK-OTHER' });
  other.shipment = await freshTransfer('shipped', 'other');
  other.discrepancy = await freshDiscrepancy('open', 'other');
  await freshReturn('draft', 'other');
  own.discrepancy = await freshDiscrepancy('open');
  await freshReturn('draft');
  own.shipment = await freshTransfer('shipped');
}
const systemCall = { system: systemActor('cli') };
let shipmentRequests = 0;
/** A transfer of the township item to a township's store, allocated by FEFO (and shipped when asked). */
async function freshTransfer(state: 'allocated' | 'shipped', unit: 'own' | 'other' = 'own'): Promise<number> {
  const side = unit === 'own' ? own : other;
  const requisition = approvedRequisitionForTest(env.db, { unitId: side.unit, storeId: side.store, lines: [{ itemId: own.item, quantity: 24 }] });
  const { shipment } = await ok(env.db, 'shipment.allocate', { requisitionId: requisition.id }, systemCall);
  if (state === 'shipped') await ok(env.db, 'shipment.ship', { id: shipment.id, requestId: `perm-ship-${++shipmentRequests}` }, systemCall);
  if (unit === 'own') own.shipment = shipment.id;
  return shipment.id;
}
/** A discrepancy (one 粒 short) on a fresh shipped transfer, confirmed by the system actor; a write-off asked for when `pending`. */
async function freshDiscrepancy(state: 'open' | 'pending', unit: 'own' | 'other' = 'own'): Promise<number> {
  const id = await freshTransfer('shipped', unit);
  const lineId = (env.db.$client.prepare('SELECT id FROM shipment_lines WHERE document_id = ?').get(id) as { id: number }).id;
  const { shipment } = await ok(env.db, 'shipment.confirm', { id, lines: [{ id: lineId, receivedQuantity: 23, reason: '短少' }] }, systemCall);
  const discrepancyId = shipment.discrepancies[0]!.id;
  if (state === 'pending') await ok(env.db, 'discrepancy.resolve', { id: discrepancyId, resolution: 'write_off', note: '丢失' }, systemCall);
  if (unit === 'own') own.discrepancy = discrepancyId;
  return discrepancyId;
}
/** A 退库单 of one 粒 from a township's store, in the state asked. */
async function freshReturn(state: 'draft' | 'submitted' | 'approved' | 'shipped', unit: 'own' | 'other' = 'own'): Promise<number> {
  const storeId = unit === 'own' ? own.store : other.store;
  const batchId = unit === 'own' ? ownBatch : returnBatchOther;
  const { shipment } = await ok(env.db, 'memberReturn.create', { storeId, reason: 'overstock', lines: [{ batchId, quantity: 1 }] }, systemCall);
  if (state !== 'draft') await ok(env.db, 'memberReturn.submit', { id: shipment.id, version: 1 }, systemCall);
  if (state === 'approved' || state === 'shipped') await ok(env.db, 'memberReturn.approve', { id: shipment.id, version: 2 }, systemCall);
  if (state === 'shipped') await ok(env.db, 'memberReturn.ship', { id: shipment.id, requestId: `perm-return-${++shipmentRequests}` }, systemCall);
  if (unit === 'own') own.shipment = shipment.id;
  return shipment.id;
}

async function sampleInput(name: OperationName, role: Role = 'admin'): Promise<unknown> {
  const n = Math.floor(Math.random() * 1e9);
  villageReview(name === 'requisition.review' || name === 'requisition.sendBack');
  switch (name) {
    case 'requisition.create':
      return { storeId: own.store, lines: [{ itemId: own.item, quantity: 24 }] };
    case 'requisition.update':
      return { id: (await freshRequisition('draft')).id, version: 1, lines: [{ itemId: own.item, quantity: 48 }] };
    case 'requisition.submit':
      return { id: (await freshRequisition('draft')).id };
    case 'requisition.cancel':
      return { id: (await freshRequisition('draft')).id, reason: '测试撤销' };
    case 'requisition.review':
      return { id: (await freshRequisition('submitted', villageStore)).id, reason: '同意' };
    case 'requisition.sendBack':
      return { id: (await freshRequisition('submitted', villageStore)).id, reason: '请核对数量' };
    case 'requisition.approve': {
      const fresh = await freshRequisition('submitted');
      return { id: fresh.id, lines: [{ id: fresh.lineId, approvedQuantity: 24, reason: '' }] };
    }
    case 'requisition.reject':
      return { id: (await freshRequisition('submitted')).id, reason: '测试驳回' };
    case 'requisition.close':
      return { id: (own.requisition = approvedRequisitionForTest(env.db, { unitId: own.unit, storeId: own.store, lines: [{ itemId: own.item, quantity: 24 }] }).id), reason: '测试关闭' };
    case 'requisition.get':
      return { id: (own.requisition = ownRequisitionFixture) };
    case 'requisition.list':
      return { unitId: own.unit };
    case 'requisition.suggest':
      return { storeId: own.store };
    case 'requisition.backOrders':
      return { unitId: own.unit };
    case 'budget.set':
      return { unitId: own.unit, year: BUDGET_YEAR, amountMicro: 1_000_000_000_000, overRule: 'block', note: '' };
    case 'budget.list':
      return { year: BUDGET_YEAR };
    case 'distribution.settings.get':
      return {};
    case 'distribution.settings.update':
      return { nearMinimumMonths: 2 };
    case 'unit.get':
      return { id: own.unit };
    case 'unit.create':
      return { code: `T${n}`, name: '测试卫生院', kind: 'township_hospital' };
    case 'unit.update':
      return { id: own.unit, fields: { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' } };
    case 'unit.setActive':
      return { id: own.unit, active: true };
    case 'store.list':
      return { unitId: own.unit };
    case 'store.create':
      return { unitId: own.unit, code: `S${n}`, name: '二级库' };
    case 'store.update':
      return { id: own.store, name: '药房', active: true };
    case 'user.create':
      return { username: `u${n}`, displayName: '新用户', role: 'finance', unitId: own.unit };
    case 'user.update':
      return { id: bystanderId, displayName: '旁观者', role: 'finance', unitId: leadId, active: true };
    case 'user.resetPassword':
      return { id: bystanderId };
    case 'community.update':
      return { name: '清源县医疗健康集团', institutionCode: 'H33010200001', bankName: '农行', bankAccountName: '清源县人民医院', bankAccountNo: '6228480012345678901' };
    case 'formulary.get':
      return { id: own.item };
    case 'formulary.search':
    case 'dictionary.search':
      return { q: 'amxl' };
    case 'formulary.setPrice':
      // Never below the 3.00 the order samples pay: a lower 挂网价 would refuse them (price above the ceiling).
      return { itemId: own.item, kind: 'listed', priceMicro: 3_000_000 + (n % 1000) * 10_000, effectiveFrom: '2026-03-02' };
    case 'formulary.setPlatformIds':
      return { itemId: own.item, platformIds: [{ profile: 'national-tps', productId: `P${n}` }] };
    case 'changeRequest.propose':
      return { kind: 'suspend', itemId: own.item, reason: '供应短缺' };
    case 'changeRequest.decide':
      return { id: await freshRequest('pharmacy_officer'), approve: false, resolutionNo: `R${n}`, resolutionDate: '2026-03-02' };
    case 'changeRequest.adoptBatch':
      return {
        reason: '药事会批量增补',
        resolutionNo: `YSH${n}`,
        resolutionDate: '2026-03-02',
        items: [{ item: ITEM({ spec: `${(n % 900) + 100}mg` }), prices: [{ kind: 'listed', priceMicro: 1_200_000, effectiveFrom: '2026-03-02' }] }],
      };
    case 'changeRequest.withdraw':
      return { id: await freshRequest(role) };
    case 'changeRequest.get':
      return { id: own.changeRequest };
    case 'dictionary.get':
      return { code: dictionaryCode(1) };
    case 'formularyImport.inspect':
      return { uploadId: officerUpload.uploadId };
    case 'formularyImport.preview':
      return { ...officerUpload, mapping: FULL_MAPPING };
    case 'formularyImport.commit': {
      const fresh = await freshUpload();
      return { ...fresh, mapping: FULL_MAPPING, reason: '测试导入', resolutionNo: `YSH${n}`, resolutionDate: '2026-03-02' };
    }
    case 'stockAdjustment.create':
      return { kind: 'other_in', storeId: own.store, reason: '盘点外入库', lines: [{ itemId: own.item, batchNo: `B${n}`, expiry: '2029-12', costMicro: 3_000_000, quantity: 24 }] };
    case 'stockAdjustment.update':
      return { id: await freshAdjustment('draft'), version: 1, reason: '测试修改', lines: [{ itemId: own.item, batchId: ownBatch, quantity: 2 }] };
    case 'stockAdjustment.submit':
      return { id: await freshAdjustment('lossDraft'), version: 1 };
    case 'stockAdjustment.approve':
      return { id: await freshAdjustment('submitted'), version: 2, requestId: `perm-${n}` };
    case 'stockAdjustment.reject':
      return { id: await freshAdjustment('submitted'), version: 2, reason: '测试驳回' };
    case 'stockAdjustment.post':
      return { id: await freshAdjustment('newBatch'), version: 1, requestId: `perm-${n}` };
    case 'stockAdjustment.reverse':
      return { id: await freshAdjustment('posted'), version: 2, requestId: `perm-${n}`, reason: '测试冲销' };
    case 'stockAdjustment.void':
      return { id: await freshAdjustment('draft'), version: 1, reason: '测试作废' };
    case 'stockAdjustment.get':
      return { id: own.stockAdjustment };
    case 'stockAdjustment.batches':
      return { storeId: own.store };
    case 'stocktake.create':
      return { storeId: own.store };
    case 'stocktake.count': {
      const sheet = await freshStocktake();
      return { id: sheet.id, version: 1, lines: [{ id: sheet.lineId, countedQuantity: sheet.book, reason: '' }] };
    }
    case 'stocktake.addLine':
      return { id: (await freshStocktake()).id, version: 1, batchId: foundBatch };
    case 'stocktake.post':
      return { id: (await freshStocktake()).id, version: 1, requestId: `perm-${n}`, uncountedAsBook: true };
    case 'stocktake.void':
      return { id: (await freshStocktake()).id, version: 1, reason: '测试作废' };
    case 'stocktake.get':
      return { id: own.stocktake };
    case 'stocktake.list':
      return { storeId: own.store };
    case 'consumption.create':
      return { storeId: own.store, ...CONSUMPTION_PERIOD, lines: [{ itemId: own.item, quantity: 1 }] };
    case 'consumption.import':
      return { storeId: own.store, ...CONSUMPTION_PERIOD };
    case 'consumption.update':
      return { id: await freshConsumption('draft'), version: 1, ...CONSUMPTION_PERIOD, lines: [{ itemId: own.item, quantity: 2 }] };
    case 'consumption.post':
      return { id: await freshConsumption('draft'), version: 1, requestId: `perm-${n}` };
    case 'consumption.void':
      return { id: await freshConsumption('draft'), version: 1, reason: '测试作废' };
    case 'consumption.reverse':
      return { id: await freshConsumption('posted'), version: 2, requestId: `perm-${n}`, reason: '测试冲销' };
    case 'consumption.get':
      return { id: own.consumption };
    case 'consumption.list':
      return { storeId: own.store };
    case 'stockAlert.list':
      return { unitId: own.unit };
    case 'recall.trace':
      return { itemId: own.item, batchNo: 'ADJ-OWN' };
    case 'recall.create':
      return { itemId: own.item, batchNo: freshRecallBatch(), reason: '厂家召回', requestId: `perm-${n}` };
    case 'recall.get':
    case 'recall.orderReturns':
      return { id: await freshRecall() };
    case 'recall.close':
      return { id: await freshRecall(), version: 1, reason: '测试结束' };
    case 'redistribution.start':
      return { storeId: own.store, lines: [{ batchId: ownBatch, quantity: 1 }] };
    case 'supplier.get':
      return { id: supplierId };
    case 'stock.ledger':
      return { itemId: own.item };
    case 'stock.settings.update':
      return { nearExpiryMonths: [6, 3, 1] };
    case 'accountMap.save':
      return { accounts: [{ account: 'bank', code: '1002', name: '银行存款' }], unitOverrides: [], auxiliary: { supplierSource: 'uscc', supplierCodes: [], unitSource: 'code', unitCodes: [] } };
    case 'voucherProfile.save':
      return { id: 0, name: `格式${n}`, columns: [{ field: 'accountCode', header: '科目编码' }, { field: 'debit', header: '借方' }, { field: 'credit', header: '贷方' }], voucherWord: '记', dateFormat: 'YYYY-MM-DD', zeroAs: 'blank' };
    case 'voucher.list':
      return { unitId: own.unit, month: '2026-01' };
    case 'invoice.register':
    case 'invoice.check':
      return await invoiceLineInput();
    case 'invoice.update': {
      const invoice = await freshInvoice();
      return { id: invoice.id, version: invoice.version, supplierId, number: invoice.number, date: invoice.date, lines: invoice.lines };
    }
    case 'invoice.approve':
      return { id: (await freshInvoice()).id, requestId: `perm-${n}` };
    case 'invoice.void':
      return { id: (await freshInvoice()).id, version: 1, reason: '测试' };
    case 'invoice.approveException': {
      const invoice = await freshInvoice(1_100_000);
      return { invoiceId: invoice.id, lineId: invoice.lineId, kind: 'price_order', reason: '测试' };
    }
    case 'invoice.get':
      return { id: (await freshInvoice()).id };
    case 'invoice.invoiceable':
      return { supplierId };
    case 'invoice.importPreview':
      return { uploadId: await invoiceUpload(role) };
    case 'invoice.importCommit':
      return { uploadId: await invoiceUpload(role), requestId: `perm-${n}` };
    case 'voucher.export':
      return { unitId: own.unit, month: '2026-01', profileId: 1, format: 'csv' };
    case 'payable.get':
      return { id: await freshPayable() };
    case 'settlement.statement':
    case 'settlement.lines':
      return { unitId: own.unit, month: STATEMENT_MONTH };
    case 'settlement.list':
    case 'books.trialBalance':
      return { month: STATEMENT_MONTH };
    case 'settlement.get':
      return { id: own.statement };
    case 'settlement.issue':
      return { unitId: own.unit, month: STATEMENT_MONTH, requestId: `perm-${n}` };
    case 'settlement.issueAll':
      return { month: STATEMENT_MONTH, requestId: `perm-${n}` };
    case 'settlement.confirm':
      return { ...(await freshStatement()), requestId: `perm-${n}` };
    case 'settlement.dispute':
      return { ...(await freshStatement()), note: '数量不符', requestId: `perm-${n}` };
    case 'budget.execution':
      return { unitId: own.unit, year: BUDGET_YEAR };
    case 'payable.settleStatement':
      return { ...(await freshPlatformStatement()), settledOn: '2026-11-20', requestId: `perm-${n}` };
    case 'payable.settleInsurance':
      return { lines: [{ payableId: await freshPayable(), amountMicro: 1_000_000 }], statementReference: `YB${n}`, settledOn: '2026-11-20', requestId: `perm-${n}` };
    case 'supplierTerms.save':
      return { supplierId, termDays: 30, fromAcceptance: true, interestRateBp: null, note: '' };
    case 'financeSettings.save':
      return { ...DEFAULT_FINANCE_SETTINGS };
    case 'bankProfile.save':
      return { id: 0, name: `银行${n}`, columns: [{ field: 'payeeName', header: '户名' }, { field: 'accountNo', header: '账号' }, { field: 'amount', header: '金额' }] };
    case 'paymentBatch.create':
      return { lines: [{ payableId: await freshPayable(), amountMicro: 1_000_000 }] };
    case 'paymentBatch.update':
      return { id: (await freshBatch('draft')).id, version: 1, lines: [{ payableId: await freshPayable(), amountMicro: 1_000_000 }] };
    case 'paymentBatch.approve':
      return { id: (await freshBatch('draft')).id };
    case 'paymentBatch.cancel':
      return { id: (await freshBatch('draft')).id, reason: '测试' };
    case 'paymentBatch.recordPaid':
      return { id: (await freshBatch('approved')).id, bankReference: `B${n}`, paidOn: '2026-11-20' };
    case 'paymentBatch.reverseLine':
      return { lineId: (await freshBatch('paid')).lineId, reason: '测试冲销' };
    case 'paymentBatch.get':
      return { id: (await freshBatch('draft')).id };
    case 'paymentBatch.exportBankFile':
      return { id: (await freshBatch('approved')).id, profileId: 1, format: 'csv' };
    case 'supplier.create':
      return supplierInput(n);
    case 'supplier.update':
      return { id: supplierId, version: supplierVersion(), fields: supplierInput(1) };
    case 'supplier.setActive':
      return { id: supplierId, version: supplierVersion(), active: true };
    case 'importMapping.save':
      return { name: `映射${n}`, mapping: { genericName: '通用名' } };
    case 'receipt.create':
      return receiptInput(own.store);
    case 'receipt.update':
      own.receipt = await freshReceipt(role);
      return { ...receiptInput(own.store), id: own.receipt, version: 1 };
    case 'receipt.post':
      own.receipt = await freshReceipt(role);
      return { id: own.receipt, requestId: `perm-${n}` };
    case 'receipt.void':
      own.receipt = await freshReceipt(role);
      return { id: own.receipt };
    case 'receipt.reverse':
      own.receipt = await freshReceipt(role, true);
      return { id: own.receipt, reason: '测试冲销', requestId: `perm-${n}` };
    case 'receipt.recordInvoices': {
      own.receipt = await freshReceipt(role, true);
      const line = env.db.$client.prepare('SELECT id FROM receipt_lines WHERE document_id = ?').get(own.receipt) as { id: number };
      return { id: own.receipt, lines: [{ lineId: line.id, distributorInvoiceNo: '24362000000012345678' }] };
    }
    case 'receipt.allowShortExpiry': {
      own.receipt = await freshReceipt(role);
      const line = env.db.$client.prepare('SELECT id FROM receipt_lines WHERE document_id = ?').get(own.receipt) as { id: number };
      return { id: own.receipt, lineId: line.id, reason: '临床急需' };
    }
    case 'receipt.get':
    case 'receipt.checkScan':
      return { id: own.receipt, scan: '12345678901234567890' };
    case 'ledger.procurement':
      return { from: '2020-01-01', to: '2099-12-31' };
    case 'ledger.trace':
      return { documentId: own.receipt };
    case 'receipt.items':
      return { itemIds: [own.item] };
    case 'receipt.inspectors':
      return { storeId: own.store };
    case 'formulary.setTracing':
      return { itemId: own.item, tracePack: '' };
    case 'purchaseOrder.create':
      return orderInput(own.store);
    case 'purchaseOrder.update':
      return { ...orderInput(own.store), id: await freshOrder('draft'), version: 1 };
    case 'purchaseOrder.approve':
    case 'purchaseOrder.discard':
      return { id: await freshOrder('draft') };
    case 'purchaseOrder.send':
      return { id: await freshOrder('approved') };
    case 'purchaseOrder.cancel':
      return { id: await freshOrder('approved'), reason: '测试撤销' };
    case 'purchaseOrder.recordPlatformFeedback':
      return { id: await freshOrder('approved'), orderCode: `ORD${n}` };
    case 'purchaseOrder.get':
      return { id: own.purchaseOrder };
    case 'purchaseOrder.itemTerms':
      return { itemIds: [own.item] };
    case 'purchaseOrder.createFromSuggestions':
      return { storeId: own.store, lines: [{ itemId: own.item, quantity: 24, supplierId, priceMicro: 3_000_000 }] };
    case 'shipment.allocate':
      return { requisitionId: approvedRequisitionForTest(env.db, { unitId: own.unit, storeId: own.store, lines: [{ itemId: own.item, quantity: 24 }] }).id };
    case 'shipment.get':
      return { id: own.shipment };
    case 'shipment.eligibleBatches': {
      const id = await freshTransfer('allocated');
      return { id, lineId: (env.db.$client.prepare('SELECT id FROM shipment_lines WHERE document_id = ?').get(id) as { id: number }).id };
    }
    case 'shipment.swapBatch': {
      const id = await freshTransfer('allocated');
      const line = env.db.$client.prepare('SELECT id, batch_id AS batchId FROM shipment_lines WHERE document_id = ?').get(id) as { id: number; batchId: number };
      const to = env.db.$client.prepare("SELECT id FROM stock_batches WHERE batch_no IN ('DB-CENTRAL-1', 'DB-CENTRAL-2') AND id <> ?").get(line.batchId) as { id: number };
      return { id, version: 1, lineId: line.id, batchId: to.id, reason: '整件发货' };
    }
    case 'shipment.cancel':
      return { id: await freshTransfer('allocated'), version: 1, reason: '测试取消' };
    case 'shipment.ship':
      return { id: await freshTransfer('allocated'), requestId: `perm-${n}` };
    case 'shipment.confirm':
      // The member confirms a transfer to its unit; the central store's storekeeper confirms a return.
      return { id: role === 'storekeeper' ? await freshReturn('shipped') : await freshTransfer('shipped'), requestId: `perm-${n}` };
    case 'discrepancy.resolve':
      return { id: await freshDiscrepancy('open'), resolution: 'found', note: '已找到' };
    case 'discrepancy.approveWriteOff':
      return { id: await freshDiscrepancy('pending') };
    case 'discrepancy.rejectWriteOff':
      return { id: await freshDiscrepancy('pending'), reason: '请再查找' };
    case 'memberReturn.create':
      return { storeId: own.store, reason: 'overstock', lines: [{ batchId: ownBatch, quantity: 1 }] };
    case 'memberReturn.update':
      return { id: await freshReturn('draft'), version: 1, reason: 'near_expiry', lines: [{ batchId: ownBatch, quantity: 2 }] };
    case 'memberReturn.submit':
      return { id: await freshReturn('draft'), version: 1 };
    case 'memberReturn.approve':
      return { id: await freshReturn('submitted'), version: 2 };
    case 'memberReturn.reject':
      return { id: await freshReturn('submitted'), version: 2, reason: '不予退库' };
    case 'memberReturn.ship':
      return { id: await freshReturn('approved'), requestId: `perm-${n}` };
    case 'memberReturn.cancel':
      return { id: await freshReturn('draft'), version: 1, reason: '测试作废' };
    case 'report.monthly':
    case 'report.monthlyExport':
      return { month: STATEMENT_MONTH };
    case 'vbp.trace':
      // own.item carries both townships' agreed volumes; ownBatch put it in the member's own store this year.
      return { itemId: own.item, unitId: own.unit };
    case 'vbp.settings.save':
      return { marginPp: 10 };
    case 'report.trace':
      return { month: STATEMENT_MONTH, unitId: own.unit, figure: 'inflow' };
    case 'medins.units':
    case 'medins.report':
    case 'medins.export':
      // unit.update's sample clears the townships' 定点医药机构编码: give it back before each 3501–3506 call.
      insuranceCodes();
      return name === 'medins.units' ? {} : name === 'medins.report' ? { unitId: own.unit, month: STATEMENT_MONTH } : { unitId: own.unit, month: STATEMENT_MONTH, format: 'json', report: '3502', skipUnreportable: true };
    case 'alertSettings.save':
      return ALERT_SETTINGS_SAMPLE;
    case 'alertSettings.test':
      // A configured robot that nobody listens on: the test is made, and reports that it failed.
      await ok(env.db, 'alertSettings.save', ALERT_SETTINGS_SAMPLE, as('admin'));
      return { channel: 'wecom' };
    case 'platformProfile.get':
      return { name: 'national' };
    case 'platformProfile.validate':
      return builtinProfiles()[0];
    case 'platformProfile.save': {
      const { profile } = await ok(env.db, 'platformProfile.get', { name: 'sichuan' }, as('admin'));
      return { name: profile.name, label: profile.label, account: profile.account, exchanges: profile.exchanges, version: profile.version };
    }
    case 'platformExchange.list':
      return { limit: 5 };
    case 'platform.exportOrders':
      return { profile: 'national-tps', orderIds: [await platformOrderSample()], format: 'csv' };
    case 'platform.exportReceiptConfirmations':
    case 'platform.exportReturns':
    case 'platform.exportSettlement':
      // No imported platform shipment lines here: refused for want of rows (NEEDS_DATA).
      return { profile: 'national', from: '2000-01-01', to: '2099-12-31' };
    case 'platformImport.preview':
    case 'platformImport.commit': {
      // A header-only file of a type the role may import.
      const exchange = role === 'storekeeper' ? 'shipments_in' : role === 'finance' ? 'settlements_in' : 'order_feedback_in';
      const profile = builtinProfiles().find((p) => p.name === 'national')!;
      const file = await writeExchange(profile, exchange, [], 'csv');
      return { profile: 'national', exchange, fileName: 'perm.csv', contentBase64: file.toString('base64'), ...(name === 'platformImport.commit' ? { requestId: `perm-${n}` } : {}) };
    }
    default:
      return {};
  }
}

/** 平台采购订单 samples: the national-tps profile (its account, the member store's 收货地址ID) and a fresh approved order on it. */
async function platformOrderSample(): Promise<number> {
  const { profiles } = await ok(env.db, 'platformProfile.list', {}, as('admin'));
  if (!profiles.some((p) => p.name === 'national-tps')) {
    const account = { medinsCode: '', conerName: '李明', conerTel: '0571-88886666', invottl: '', addresses: [{ storeId: own.store, addrId: 'A-1' }] };
    await ok(env.db, 'platformProfile.save', { ...builtinProfiles()[0]!, name: 'national-tps', label: '国家平台（权限矩阵）', account, version: 0 }, as('admin'));
  }
  await ok(env.db, 'formulary.setPlatformIds', { itemId: own.item, platformIds: [{ profile: 'national-tps', productId: 'P-MATRIX' }] }, as('pharmacy_officer'));
  const { order } = await ok(env.db, 'purchaseOrder.create', { ...orderInput(own.store), platformProfile: 'national-tps' }, as('pharmacy_officer'));
  await ok(env.db, 'purchaseOrder.approve', { id: order.id }, as('pharmacy_officer'));
  return order.id;
}

const ALERT_SETTINGS_SAMPLE = {
  wecom: { enabled: true, url: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=perm' },
  dingtalk: { enabled: false },
  smtp: { enabled: false, host: '', port: 25, secure: false, user: '', from: '', to: [] },
  kinds: [],
  scanMinutes: 0,
  publicUrl: '',
  licenceDays: 30,
  payableDays: 7,
  discrepancyDays: 3,
} satisfies OpInput<'alertSettings.save'>;

/** A plain unplanned receipt of the township item into `storeId`. */
function receiptInput(storeId: number) {
  return { supplierId, storeId, unplannedReason: '补货', lines: [{ itemId: own.item, batchNo: 'P1', expiry: '2029-12', quantity: 24, priceMicro: 3_000_000, traceCodes: [] }] };
}

/** A new draft receipt into the member's own store (by the role when it may receive, else the storekeeper); posted when asked. */
async function freshReceipt(role: Role, post = false): Promise<number> {
  const who = role === 'member_pharmacist' || role === 'storekeeper' ? role : 'storekeeper';
  const { receipt } = await ok(env.db, 'receipt.create', receiptInput(own.store), as(who));
  if (post) await ok(env.db, 'receipt.post', { id: receipt.id, requestId: `perm-post-${receipt.id}` }, as(who));
  return receipt.id;
}

/** A 直配 purchase order of the township item to `storeId`. */
function orderInput(storeId: number) {
  return { supplierId, storeId, lines: [{ itemId: own.item, quantity: 24, priceMicro: 3_000_000 }] };
}

/** A new purchase order to the member's own store by the pharmacy officer, approved when asked. */
async function freshOrder(state: 'draft' | 'approved'): Promise<number> {
  const { order } = await ok(env.db, 'purchaseOrder.create', orderInput(own.store), as('pharmacy_officer'));
  if (state === 'approved') await ok(env.db, 'purchaseOrder.approve', { id: order.id }, as('pharmacy_officer'));
  return order.id;
}

/** The options of a call: the role's session, and the file for operations that take one. */
function optionsFor(contract: OperationContract, token: string) {
  if (!contract.upload) return { sessionToken: token };
  return { sessionToken: token, attachment: contract.name === 'dictionary.import' ? dictionaryFile : contract.name === 'consumption.import' ? consumptionFile : csvUpload };
}

describe('permission matrix', () => {
  const guarded = contracts.filter((c) => typeof c.access === 'object');
  for (const role of Object.keys(EXPECTED) as Role[]) {
    for (const contract of guarded) {
      const allowed = EXPECTED[role].includes(contract.name);
      it(`${role} ${allowed ? 'may' : 'may not'} call ${contract.name}`, async () => {
        const result = await call(env.db, contract.name, await sampleInput(contract.name, role), optionsFor(contract, tokens[role]));
        // Allowed means it worked, not merely "was not refused": an INTERNAL error fails here.
        if (allowed && NEEDS_DATA.has(contract.name)) expect(result.ok || result.error.code, JSON.stringify(result.ok || result.error)).toSatisfy((r) => r === true || r === 'VALIDATION');
        else if (allowed) expect(result.ok ? 'ok' : result.error).toBe('ok');
        else expect(!result.ok && result.error.code).toBe('FORBIDDEN');
      });
    }
  }

  it('every role in the table, and every permission-guarded operation in some role or none on purpose', () => {
    const guardedNames = new Set(guarded.map((c) => c.name));
    for (const names of Object.values(EXPECTED)) for (const name of names) expect(guardedNames.has(name), name).toBe(true);
  });

  it('an auditor changes nothing: every mutating operation except their own password and logout is refused', async () => {
    const mutating = contracts.filter((c) => c.mutates && typeof c.access === 'object');
    expect(mutating.length).toBeGreaterThan(10);
    for (const c of mutating) {
      const result = await call(env.db, c.name, await sampleInput(c.name, 'auditor'), optionsFor(c, tokens.auditor));
      expect(!result.ok && result.error.code, c.name).toBe('FORBIDDEN');
    }
  });
});

describe('every operation declares its scope', () => {
  it('as the independently written table says, and the table knows every operation', () => {
    expect(Object.keys(SCOPES).sort()).toEqual(contracts.map((c) => c.name).sort());
    for (const contract of contracts) expect(kindOf(contract.scope), contract.name).toBe(SCOPES[contract.name]);
  });

  it('public and self-scoped operations are the ones without a permission', () => {
    for (const contract of contracts) {
      // alert.list is the session user's own alerts (by their role's permissions), with a units output scope as a
      // second guard that nothing of another unit leaks.
      const open = SCOPES[contract.name] === 'public' || SCOPES[contract.name] === 'self' || contract.name === 'alert.list';
      expect(typeof contract.access !== 'object', contract.name).toBe(open);
    }
  });
});

/** Sets the value at a dot path (creating objects on the way). */
function withValue(input: unknown, ref: InputRef, value: number): unknown {
  const copy = structuredClone(input ?? {}) as Record<string, unknown>;
  const keys = ref.path.split('.');
  let holder = copy;
  for (const key of keys.slice(0, -1)) holder = (holder[key] ??= {}) as Record<string, unknown>;
  // A ref into a list (lines.id) names every row of it.
  if (Array.isArray(holder)) for (const row of holder as Record<string, unknown>[]) row[keys.at(-1)!] = value;
  else holder[keys.at(-1)!] = value;
  return copy;
}

for (const role of UNIT_SCOPED_ROLES) {
  describe(`a ${role} is confined to their own unit and level (generated from the contracts)`, () => {
    const reachable = contracts.filter((c) => EXPECTED[role].includes(c.name));

    it('names at least the records the issue lists', () => {
      const refs = reachable.flatMap((c) => (bindingOf(c.scope)?.input ?? []).map((ref) => `${c.name}:${ref.path}:${ref.record}`));
      for (const expected of ['unit.get:id:unit', 'store.list:unitId:unit', 'store.create:unitId:unit', 'store.update:id:store', 'formulary.get:id:item', 'changeRequest.withdraw:id:changeRequest']) {
        expect(refs).toContain(expected);
      }
    });

    for (const contract of reachable) {
      for (const ref of bindingOf(contract.scope)?.input ?? []) {
        it(`${contract.name}: naming another unit's ${ref.record} in ${ref.path} is refused, and nothing changes`, async () => {
          const input = withValue(await sampleInput(contract.name, role), ref, other[ref.record]);
          const before = (env.db.$client.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
          const result = await call(env.db, contract.name, input, optionsFor(contract, tokens[role]));
          expect(!result.ok && result.error.code).toBe('FORBIDDEN');
          expect((env.db.$client.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(before);
          // The same call with the caller's own record goes through: the refusal is about the other unit.
          const mine = await call(env.db, contract.name, withValue(await sampleInput(contract.name, role), ref, own[ref.record]), optionsFor(contract, tokens[role]));
          expect(mine.ok ? 'ok' : mine.error).toBe('ok');
        });
      }
      for (const out of bindingOf(contract.scope)?.output ?? []) {
        if (!contract.mutates) {
          it(`${contract.name}: ${out.rows} holds only the caller's own ${out.unit ? 'unit' : 'level'}`, async () => {
            const result = await call(env.db, contract.name, await sampleInput(contract.name, role), optionsFor(contract, tokens[role]));
            expect(result.ok ? 'ok' : result.error).toBe('ok');
            const rows = rowsAt(result.ok ? result.output : null, out.rows);
            // The fixture has rows of both units (and levels), so an unfiltered answer would fail here.
            expect(rows.length).toBeGreaterThan(0);
            for (const row of rows) {
              if (out.unit) expect(row[out.unit]).toBe(own.unit);
              if (out.levels) expect((row[out.levels] as Record<string, boolean>).township).toBe(true);
            }
          });
        }
      }
    }

    it('community-wide management (centre) is refused outright', async () => {
      const centre = contracts.filter((c) => SCOPES[c.name] === 'centre');
      expect(centre.length).toBeGreaterThan(5);
      for (const c of centre) {
        const result = await call(env.db, c.name, await sampleInput(c.name, role), optionsFor(c, tokens[role]));
        expect(!result.ok && result.error.code, c.name).toBe('FORBIDDEN');
      }
    });
  });
}

function rowsAt(root: unknown, dotPath: string): Record<string, unknown>[] {
  let current: unknown[] = [root];
  for (const key of dotPath.split('.')) {
    current = current.flatMap((value) => {
      const child = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
      return Array.isArray(child) ? child : child === undefined || child === null ? [] : [child];
    });
  }
  return current as Record<string, unknown>[];
}

describe('what the review found', () => {
  it("formulary.get follows the level rule: a county-only item and its price history do not reach a township pharmacist", async () => {
    const refused = await call(env.db, 'formulary.get', { id: other.item }, as('member_pharmacist'));
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');
    expect(JSON.stringify(refused)).not.toContain('3000000');
    const allowed = await ok(env.db, 'formulary.get', { id: other.item }, as('storekeeper'));
    expect(allowed.prices.map((p) => p.priceMicro)).toEqual([3_000_000]);
  });

  it("other units' agreed 集采 volumes do not reach a member pharmacist; the officer sees all", async () => {
    const mine = await ok(env.db, 'formulary.get', { id: own.item }, as('member_pharmacist'));
    expect(mine.item.vbp?.unitVolumes).toEqual([{ unitId: own.unit, volume: 2_400 }]);
    const listed = (await ok(env.db, 'formulary.list', {}, as('member_pharmacist'))).items.find((i) => i.id === own.item)!;
    expect(listed.vbp?.unitVolumes).toEqual([{ unitId: own.unit, volume: 2_400 }]);
    const officer = await ok(env.db, 'formulary.get', { id: own.item }, as('pharmacy_officer'));
    expect(officer.item.vbp?.unitVolumes).toHaveLength(2);
  });

  it('the community bank account reaches administrators, finance and the pharmacy officer only', async () => {
    const account = SETUP_INPUT.community.bankAccountNo;
    for (const role of ['admin', 'finance', 'pharmacy_officer'] as const) {
      expect((await ok(env.db, 'community.get', {}, as(role))).community.bankAccountNo, role).toBe(account);
    }
    for (const role of ['member_pharmacist', 'storekeeper', 'auditor'] as const) {
      const { community } = await ok(env.db, 'community.get', {}, as(role));
      expect(community.name, role).toBe('清源县医疗健康集团');
      expect('bankAccountNo' in community, role).toBe(false);
    }
  });

  it('a member pharmacist cannot widen the scope with a list filter', async () => {
    const r = await ok(env.db, 'unit.list', { level: 'township' }, as('member_pharmacist'));
    expect(r.units.map((u) => u.id)).toEqual([own.unit]);
    const requests = await ok(env.db, 'changeRequest.list', {}, as('member_pharmacist'));
    expect(requests.requests.map((q) => q.proposerUnitId).every((u) => u === own.unit)).toBe(true);
    expect(requests.requests.map((q) => q.id)).not.toContain(other.changeRequest);
  });
});

describe('a deactivated unit', () => {
  it("ends its users' sessions at once and refuses their logins", async () => {
    const fresh = await initialised();
    try {
      const unitId = (await ok(fresh.db, 'unit.create', { code: 'WS09', name: '红岩镇卫生院', kind: 'township_hospital' }, { sessionToken: fresh.admin })).unit.id;
      const member = await userWithSession(fresh.db, fresh.admin, { username: 'hongyan', displayName: '红岩药师', role: 'member_pharmacist', unitId });
      expect((await call(fresh.db, 'auth.me', {}, { sessionToken: member.token })).ok).toBe(true);
      const { unit } = await ok(fresh.db, 'unit.setActive', { id: unitId, active: false }, { sessionToken: fresh.admin });
      expect(unit.active).toBe(false);
      const after = await call(fresh.db, 'auth.me', {}, { sessionToken: member.token });
      expect(!after.ok && after.error.code).toBe('UNAUTHENTICATED');
      expect(fresh.db.$client.prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ?').get(member.userId)).toEqual({ n: 0 });
      const again = await call(fresh.db, 'auth.login', { username: 'hongyan', password: member.password });
      expect(again.ok).toBe(false);
      expect(again.session.issue).toBeUndefined();
      // Re-activating the unit lets them back in.
      await ok(fresh.db, 'unit.setActive', { id: unitId, active: true }, { sessionToken: fresh.admin });
      expect(await login(fresh.db, 'hongyan', member.password)).toEqual(expect.any(String));
    } finally {
      fresh.dispose();
    }
  });
});

describe('the system actor', () => {
  it('is named in the audit log and cannot be reached from a session', async () => {
    const fresh = freshDb();
    try {
      const result = await executeOperation(fresh.db, 'dictionary.import', {}, { system: systemActor('cli'), attachment: dictionaryFile });
      expect(result.ok).toBe(true);
      const entry = fresh.db.$client.prepare("SELECT user_id AS userId, username, unit_id AS unitId FROM audit_log WHERE operation = 'dictionary.import'").get();
      expect(entry).toEqual({ userId: null, username: '命令行 (cli)', unitId: null });
      // A made-up token resolves to nobody, whatever it claims to be.
      const forged = await executeOperation(fresh.db, 'dictionary.status', {}, { sessionToken: 'system:cli' });
      expect(!forged.ok && forged.error.code).toBe('UNAUTHENTICATED');
    } finally {
      fresh.dispose();
    }
  });
});

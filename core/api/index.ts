import type { z } from 'zod';
import { auditOperations } from './audit.js';
import { authOperations, userOperations } from './auth.js';
import { setupOperations } from './setup.js';
import { unitOperations } from './units.js';
import { formularyOperations } from './formulary.js';
import { dictionaryOperations } from './dictionary.js';
import { importOperations } from './imports.js';
import { supplierOperations } from './suppliers.js';
import { stockOperations } from './stock.js';
import { purchaseOrderOperations } from './purchasing.js';
import { receivingOperations } from './receiving.js';
import { adjustmentOperations } from './adjustments.js';
import { requisitionOperations } from './requisitions.js';
import { shipmentOperations } from './shipments.js';
import { memberStockOperations } from './member-stock.js';
import { recallOperations } from './recalls.js';
import { invoiceOperations } from './invoices.js';
import { payableOperations } from './payables.js';
import { booksOperations } from './books.js';
import { voucherOperations } from './vouchers.js';
import { platformOperations } from './platform.js';
import { platformImportOperations } from './platform-imports.js';
import { medinsOperations } from './medins.js';
import { vbpOperations } from './vbp.js';
import { ledgerOperations } from './ledger.js';
import { alertOperations } from './alerts.js';
import { reportOperations } from './reports.js';

export * from './operation.js';
export * from './roles.js';
export * from './codes.js';
export * from './common.js';
export * from './units.js';
export * from './setup.js';
export * from './auth.js';
export * from './audit.js';
export * from './packs.js';
export * from './money.js';
export * from './expiry.js';
export * from './scan.js';
export * from './formulary.js';
export * from './dictionary.js';
export * from './imports.js';
export * from './labels.js';
export * from './documents.js';
export * from './suppliers.js';
export * from './stock.js';
export * from './purchasing.js';
export * from './receiving.js';
export * from './adjustments.js';
export * from './distribution.js';
export * from './requisitions.js';
export * from './shipments.js';
export * from './member-stock.js';
export * from './recalls.js';
export * from './finance.js';
export * from './invoices.js';
export * from './payables.js';
export * from './books.js';
export * from './vouchers.js';
export * from './platform.js';
export * from './platform-imports.js';
export * from './medins.js';
export * from './vbp.js';
export * from './ledger.js';
export * from './alerts.js';
export * from './reports.js';

/** Every operation the hub offers. The registry in core/ must implement exactly these. */
export const contracts = [...setupOperations, ...authOperations, ...userOperations, ...unitOperations,
  ...auditOperations,
  ...formularyOperations,
  ...dictionaryOperations,
  ...importOperations,
  ...supplierOperations,
  ...stockOperations,
  ...purchaseOrderOperations,
  ...receivingOperations,
  ...adjustmentOperations,
  ...requisitionOperations,
  ...shipmentOperations,
  ...memberStockOperations,
  ...recallOperations,
  ...invoiceOperations,
  ...payableOperations,
  ...booksOperations,
  ...voucherOperations,
  ...platformOperations,
  ...platformImportOperations,
  ...medinsOperations,
  ...vbpOperations,
  ...ledgerOperations,
  ...alertOperations,
  ...reportOperations,
] as const;

type Contract = (typeof contracts)[number];
export type OperationName = Contract['name'];
export type ContractOf<N extends OperationName> = Extract<Contract, { name: N }>;
/** What a caller passes (before defaults and transforms). */
export type OpInput<N extends OperationName> = z.input<ContractOf<N>['input']>;
/** What a handler receives (after parsing). */
export type OpParsedInput<N extends OperationName> = z.output<ContractOf<N>['input']>;
export type OpOutput<N extends OperationName> = z.output<ContractOf<N>['output']>;

export const contractByName: ReadonlyMap<string, Contract> = new Map(contracts.map((c) => [c.name, c]));
export * from './zod-locale.js';
export * from './calendar.js';

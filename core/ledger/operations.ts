import type { HandlerMap } from '../handler.js';
import { runIntegrity } from './integrity.js';
import { procurementLedger } from './procurement.js';
import { ledgerTrace } from './trace.js';

type LedgerOps = 'ledger.procurement' | 'ledger.trace' | 'integrity.run';

/** 采购台账与完整性检查（审计）: all read-only. */
export const ledgerHandlers: HandlerMap<LedgerOps> = {
  'ledger.procurement': (ctx, input) => procurementLedger(ctx, input),
  'ledger.trace': (ctx, { documentId }) => ledgerTrace(ctx, documentId),
  'integrity.run': (ctx, { limit }) => runIntegrity(ctx, limit),
};

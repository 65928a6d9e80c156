import type { HandlerMap } from '../handler.js';
import { runIntegrity } from './integrity.js';
import { procurementLedger } from './procurement.js';
import { ledgerTrace } from './trace.js';

type LedgerOps = 'ledger.procurement' | 'ledger.trace' | 'integrity.run';

/** 采购台账与完整性检查（审计）: all read-only. */
export const ledgerHandlers: HandlerMap<LedgerOps> = {
  'ledger.procurement': (ctx, input) => procurementLedger(ctx, input),
  'ledger.trace': (ctx, { documentId }) => ledgerTrace(ctx, documentId),
  'integrity.run': {
    // Seconds on a year of data (the audit chain rehashes every entry, stock replays every move): the call runs in a
    // worker thread with its own connection (core/worker/), so the hub keeps answering meanwhile.
    thread: 'worker',
    prepare: () => Promise.resolve(null),
    run: (ctx, { limit }) => runIntegrity(ctx, limit),
  },
};

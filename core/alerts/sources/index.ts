import { batchConditions } from './batches.js';
import { discrepancyConditions } from './discrepancies.js';
import { licenceConditions } from './licences.js';
import { payableConditions } from './payables.js';
import type { AlertSource } from './types.js';
import { vbpConditions } from './vbp.js';

/** Every source of alert conditions, one module per kind (the payables module raises both due and overdue). */
export const ALERT_SOURCES: readonly AlertSource[] = [licenceConditions, batchConditions, payableConditions, vbpConditions, discrepancyConditions];

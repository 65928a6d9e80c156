import { batchConditions } from './batches.js';
import { discrepancyConditions } from './discrepancies.js';
import { licenceConditions } from './licences.js';
import { payableConditions } from './payables.js';
import type { AlertSource } from './types.js';

/**
 * Every source of alert conditions. 集采进度落后 (vbp_behind) joins once core/vbp/monitoring.ts's `vbpBehind` is in
 * place; until then no condition of that kind is raised.
 */
export const ALERT_SOURCES: readonly AlertSource[] = [licenceConditions, batchConditions, payableConditions, discrepancyConditions];

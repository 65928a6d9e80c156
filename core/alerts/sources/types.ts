import type { Db } from '../../../db/open.js';
import type { AlertKind, AlertSeverity } from '../../api/alerts.js';
import type { Permission } from '../../api/roles.js';
import type { OperationContext } from '../../context.js';
import type { AlertSettings } from '../settings.js';

/**
 * One condition that holds now and needs someone to act. `key` names it stably (the same condition on the next
 * scan has the same key, so it is raised once); `permission` is who must act, `unitId` the unit it belongs to
 * (a unit-confined role sees only its own unit's; null: community-wide).
 */
export interface AlertCondition {
  key: string;
  kind: AlertKind;
  severity: AlertSeverity;
  unitId: number | null;
  permission: Permission;
  title: string;
  action: string;
  link: string;
  data: Record<string, unknown>;
}

/** What a source needs: the database, the instant of the scan and the thresholds of the settings. */
export interface SourceInput {
  db: Db;
  now: Date;
  settings: AlertSettings;
}

export type AlertSource = (input: SourceInput) => AlertCondition[];

/**
 * A read context for the existing read functions the sources reuse (stock.nearExpiry's banding, the payables
 * query): the hub looking at the whole community, no caller, nothing audited — the scan runs in its own
 * transaction and the sources only read.
 */
export function communityReadContext(db: Db, now: Date): OperationContext {
  return {
    db,
    now,
    actor: null,
    scope: { units: null, levels: null },
    clientAddress: 'alerts',
    operation: 'alert.scan',
    audit: () => {
      throw new Error('alert sources only read');
    },
    session: {},
    onRollback: () => undefined,
    attachment: null,
    progress: () => undefined,
  };
}

import { prepared } from '../../db/statements.js';
import type { RequisitionState } from '../api/distribution.js';
import type { OperationContext } from '../context.js';
import { applyTransition, loadDocument } from '../documents/lifecycle.js';
import { requisitionType } from './document-types.js';

/** The states an approved requisition moves between as its shipments do (closed, rejected … stay put). */
const FOLLOWS_SHIPMENTS: readonly RequisitionState[] = ['approved', 'allocated', 'shipped', 'received'];

const TRANSITION_TO = { allocated: 'allocate', shipped: 'ship', received: 'receive', approved: 'unallocate' } as const;

/**
 * What an approved requisition's state is, from its transfer shipments: 已配货 while one is allocated and not yet
 * shipped, else 已发出 while one is on its way, else 已签收 when some arrived, else 已审核 (nothing allocated, or
 * every allocation cancelled).
 */
export function requisitionStateFromShipments(ctx: OperationContext, requisitionId: number): 'approved' | 'allocated' | 'shipped' | 'received' {
  const row = prepared(
    ctx.db.$client,
    `SELECT SUM(d.state = 'allocated') AS allocated, SUM(d.state = 'shipped') AS shipped, SUM(d.state = 'received') AS received
     FROM shipments s JOIN documents d ON d.id = s.document_id WHERE s.requisition_id = ? AND s.kind = 'transfer'`,
  ).get(requisitionId) as { allocated: number | null; shipped: number | null; received: number | null };
  if (row.allocated) return 'allocated';
  if (row.shipped) return 'shipped';
  if (row.received) return 'received';
  return 'approved';
}

/**
 * Moves the requisition to the state its shipments say, in the caller's transaction, after a shipment is
 * allocated, cancelled, shipped or confirmed: one declared transition (with its permission, event and audit
 * entry), or nothing when the state is already right or the requisition no longer follows its shipments (已关闭).
 */
export function refreshRequisitionProgress(ctx: OperationContext, requisitionId: number): void {
  const requisition = loadDocument(ctx.db, requisitionType, requisitionId);
  if (!FOLLOWS_SHIPMENTS.includes(requisition.state as RequisitionState)) return;
  const target = requisitionStateFromShipments(ctx, requisitionId);
  if (target === requisition.state) return;
  applyTransition(ctx, requisitionType, { id: requisitionId, version: requisition.version, transition: TRANSITION_TO[target] });
}

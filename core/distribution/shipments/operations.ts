import type { OperationContext } from '../../context.js';
import { once } from '../../documents/requests.js';
import type { HandlerMap } from '../../handler.js';
import { allocate } from './allocation.js';
import { confirmShipment } from './confirmation.js';
import { approveWriteOff, rejectWriteOff, resolveDiscrepancy } from './discrepancies.js';
import { cancelTransfer, eligibleBatches, swapBatch } from './picking.js';
import { allocationQueue, listDiscrepancies, listShipments, readDiscrepancy, readShipment } from './read.js';
import { closeReturn, transitionReturn, updateReturn, writeReturn } from './returns.js';
import { shipShipment } from './shipping.js';

type ShipmentOps =
  | 'shipment.allocate'
  | 'shipment.get'
  | 'shipment.list'
  | 'shipment.queue'
  | 'shipment.eligibleBatches'
  | 'shipment.swapBatch'
  | 'shipment.cancel'
  | 'shipment.ship'
  | 'shipment.confirm'
  | 'discrepancy.list'
  | 'discrepancy.resolve'
  | 'discrepancy.approveWriteOff'
  | 'discrepancy.rejectWriteOff'
  | 'memberReturn.create'
  | 'memberReturn.update'
  | 'memberReturn.submit'
  | 'memberReturn.approve'
  | 'memberReturn.reject'
  | 'memberReturn.ship'
  | 'memberReturn.cancel';

const out = (ctx: OperationContext, id: number) => ({ shipment: readShipment(ctx.db, id) });

export const shipmentHandlers: HandlerMap<ShipmentOps> = {
  'shipment.allocate': (ctx, { requisitionId }) => {
    const { shipmentId, unfilled } = allocate(ctx, requisitionId);
    return { shipment: readShipment(ctx.db, shipmentId), unfilled };
  },

  'shipment.get': (ctx, { id }) => out(ctx, id),

  'shipment.list': (ctx, filter) => listShipments(ctx.db, ctx.scope, filter),

  'shipment.queue': (ctx) => ({ requisitions: allocationQueue(ctx.db) }),

  'shipment.eligibleBatches': (ctx, { id, lineId }) => ({ batches: eligibleBatches(ctx, id, lineId) }),

  'shipment.swapBatch': (ctx, input) => {
    swapBatch(ctx, input);
    return out(ctx, input.id);
  },

  'shipment.cancel': (ctx, input) => {
    cancelTransfer(ctx, input);
    return out(ctx, input.id);
  },

  'shipment.ship': (ctx, input) =>
    once(ctx, { requestId: input.requestId, documentId: input.id }, () => {
      shipShipment(ctx, 'transfer', input);
      return out(ctx, input.id);
    }),

  'shipment.confirm': (ctx, input) => {
    const work = () => {
      confirmShipment(ctx, { id: input.id, version: input.version, lines: input.lines?.map((l) => ({ ...l, reason: l.reason })) });
      return out(ctx, input.id);
    };
    return input.requestId ? once(ctx, { requestId: input.requestId, documentId: input.id }, work) : work();
  },

  'discrepancy.list': (ctx, filter) => ({ discrepancies: listDiscrepancies(ctx.db, ctx.scope, filter) }),

  'discrepancy.resolve': (ctx, input) => {
    resolveDiscrepancy(ctx, input);
    return { discrepancy: readDiscrepancy(ctx.db, input.id) };
  },

  'discrepancy.approveWriteOff': (ctx, input) => {
    approveWriteOff(ctx, input);
    return { discrepancy: readDiscrepancy(ctx.db, input.id) };
  },

  'discrepancy.rejectWriteOff': (ctx, input) => {
    rejectWriteOff(ctx, input);
    return { discrepancy: readDiscrepancy(ctx.db, input.id) };
  },

  'memberReturn.create': (ctx, input) => out(ctx, writeReturn(ctx, input).id),

  'memberReturn.update': (ctx, input) => {
    updateReturn(ctx, input);
    return out(ctx, input.id);
  },

  'memberReturn.submit': (ctx, input) => {
    transitionReturn(ctx, input, 'submit');
    return out(ctx, input.id);
  },

  'memberReturn.approve': (ctx, input) => {
    transitionReturn(ctx, { id: input.id, version: input.version, reason: input.note }, 'approve');
    return out(ctx, input.id);
  },

  'memberReturn.reject': (ctx, input) => {
    closeReturn(ctx, input, 'reject');
    return out(ctx, input.id);
  },

  'memberReturn.ship': (ctx, input) =>
    once(ctx, { requestId: input.requestId, documentId: input.id }, () => {
      shipShipment(ctx, 'return', input);
      return out(ctx, input.id);
    }),

  'memberReturn.cancel': (ctx, input) => {
    closeReturn(ctx, input, 'cancel');
    return out(ctx, input.id);
  },
};

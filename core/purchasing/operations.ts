import type { HandlerMap } from '../handler.js';

export const purchaseOrderHandlers: HandlerMap<never> = {};

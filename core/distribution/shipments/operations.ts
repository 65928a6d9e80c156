import type { HandlerMap } from '../../handler.js';

export const shipmentHandlers: HandlerMap<never> = {};

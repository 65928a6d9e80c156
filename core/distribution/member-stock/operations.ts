import type { HandlerMap } from '../../handler.js';

export const memberStockHandlers: HandlerMap<never> = {};

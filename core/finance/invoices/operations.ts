import type { HandlerMap } from '../../handler.js';

export const invoiceHandlers: Partial<HandlerMap> = {};

import type { HandlerMap } from '../../handler.js';

export const voucherHandlers: Partial<HandlerMap> = {};

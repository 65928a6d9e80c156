import type { HandlerMap } from '../handler.js';

export const supplierHandlers: HandlerMap<never> = {};

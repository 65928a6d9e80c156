import type { HandlerMap } from '../handler.js';

// Being written: handlers for the formulary contracts in core/api.
export const formularyHandlers: Partial<HandlerMap> = {};

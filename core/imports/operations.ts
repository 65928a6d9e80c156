import type { HandlerMap } from '../handler.js';

// Being written: handlers for the imports contracts in core/api.
export const importHandlers: Partial<HandlerMap> = {};

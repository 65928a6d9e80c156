import type { HandlerMap } from '../handler.js';

// Being written: handlers for the dictionary contracts in core/api.
export const dictionaryHandlers: Partial<HandlerMap> = {};

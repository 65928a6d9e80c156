import type { HandlerMap } from '../../handler.js';

export const recallHandlers: HandlerMap<never> = {};

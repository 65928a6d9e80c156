import type { HandlerMap } from '../handler.js';

export const receivingHandlers: HandlerMap<never> = {};

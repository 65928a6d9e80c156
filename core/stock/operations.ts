import type { HandlerMap } from '../handler.js';

export const stockHandlers: HandlerMap<never> = {};

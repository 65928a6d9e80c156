import type { HandlerMap } from '../../handler.js';

export const requisitionHandlers: HandlerMap<never> = {};

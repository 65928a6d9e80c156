import type { HandlerMap } from '../../handler.js';

export const payableHandlers: Partial<HandlerMap> = {};

import type { HandlerMap } from '../../handler.js';

export const booksHandlers: Partial<HandlerMap> = {};

import type { HandlerMap } from '../handler.js';

/** 医保进销存上报 3501–3506. */
export const medinsHandlers: Partial<HandlerMap> = {};

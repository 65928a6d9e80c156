import type { HandlerMap } from '../handler.js';

/** 采购台账与完整性检查（审计）. */
export const ledgerHandlers: Partial<HandlerMap> = {};

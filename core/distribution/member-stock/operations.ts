import type { HandlerMap } from '../../handler.js';
import { stockAlertHandlers } from './alerts.js';
import { consumptionHandlers } from './consumption.js';
import { stocktakeHandlers } from './stocktake.js';

type MemberStockOps = keyof typeof stocktakeHandlers | keyof typeof consumptionHandlers | keyof typeof stockAlertHandlers;

export const memberStockHandlers: HandlerMap<MemberStockOps> = { ...stocktakeHandlers, ...consumptionHandlers, ...stockAlertHandlers };

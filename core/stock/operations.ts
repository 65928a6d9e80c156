import type { HandlerMap } from '../handler.js';
import { saveStockSettings, stockSettings, type StockSettings } from './settings.js';
import { ledgerCard, nearExpiry, onHand } from './views.js';

type StockOps = 'stock.onHand' | 'stock.ledger' | 'stock.nearExpiry' | 'stock.settings.get' | 'stock.settings.update';

export const stockHandlers: HandlerMap<StockOps> = {
  'stock.onHand': onHand,
  'stock.ledger': ledgerCard,
  'stock.nearExpiry': nearExpiry,

  'stock.settings.get': (ctx) => ({ settings: stockSettings(ctx.db) }),

  // The pharmacy officer (stock.approve) sets the community's stock rules; the audit entry keeps before and after.
  'stock.settings.update': (ctx, input) => {
    const before = stockSettings(ctx.db);
    const after: StockSettings = {
      minShelfLifeMonths: { ...before.minShelfLifeMonths, ...input.minShelfLifeMonths },
      nearExpiryMonths: input.nearExpiryMonths ? [...input.nearExpiryMonths].sort((a, b) => b - a) : before.nearExpiryMonths,
    };
    saveStockSettings(ctx.db, after, ctx.now);
    ctx.audit({ target: 'hub_settings:stock.settings', summary: { before, after } });
    return { settings: after };
  },
};

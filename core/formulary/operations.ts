import type { HandlerMap } from '../handler.js';
import { requireActor, unitScope } from '../scope.js';
import type { Actor, OperationContext } from '../context.js';
import type { UnitLevel } from '../api/units.js';
import { catalogueItems, catalogueRow } from './catalogue.js';
import { decide, listRequests, propose, unitLevelOf, withdraw } from './change-requests.js';
import { getItem, setPlatformIds } from './items.js';
import { priceHistory, recordPrice } from './prices.js';
import { formularyHits, searchFormulary } from './search.js';
import { listVersions } from './versions.js';

type FormularyOps =
  | 'formulary.list'
  | 'formulary.catalogue'
  | 'formulary.get'
  | 'formulary.search'
  | 'formulary.setPrice'
  | 'formulary.setPlatformIds'
  | 'formulary.versions'
  | 'changeRequest.propose'
  | 'changeRequest.list'
  | 'changeRequest.decide'
  | 'changeRequest.withdraw';

/** A member pharmacist always sees their own unit's level sub-catalogue, whatever level they ask for. */
function levelFor(ctx: OperationContext, actor: Actor, asked: UnitLevel | undefined): UnitLevel | undefined {
  return unitScope(actor) === null ? asked : unitLevelOf(ctx.db, actor.unitId);
}

export const formularyHandlers: HandlerMap<FormularyOps> = {
  'formulary.list': (ctx, input) => {
    const actor = requireActor(ctx);
    return catalogueItems(ctx.db, { ...input, level: levelFor(ctx, actor, input.level) }, ctx.now);
  },

  'formulary.catalogue': (ctx, input) => {
    const actor = requireActor(ctx);
    const { items } = catalogueItems(ctx.db, { ...input, level: levelFor(ctx, actor, input.level) }, ctx.now);
    return { rows: items.map(catalogueRow) };
  },

  'formulary.get': (ctx, { id }) => ({ item: getItem(ctx.db, id, ctx.now), prices: priceHistory(ctx.db, id) }),

  'formulary.search': (ctx, { q, limit, level, includeInactive }) => {
    const actor = requireActor(ctx);
    const matches = searchFormulary(ctx.db, q, { limit, level: levelFor(ctx, actor, level), includeInactive });
    return { hits: formularyHits(ctx.db, matches) };
  },

  'formulary.setPrice': (ctx, input) => ({ price: recordPrice(ctx, input) }),

  'formulary.setPlatformIds': (ctx, { itemId, platformIds }) => ({ item: setPlatformIds(ctx, itemId, platformIds) }),

  'formulary.versions': (ctx) => ({ versions: listVersions(ctx.db) }),

  'changeRequest.propose': (ctx, input) => ({ request: propose(ctx, requireActor(ctx), input) }),

  'changeRequest.list': (ctx, { status }) => ({ requests: listRequests(ctx.db, requireActor(ctx), status) }),

  'changeRequest.decide': (ctx, input) => ({ request: decide(ctx, requireActor(ctx), input) }),

  'changeRequest.withdraw': (ctx, { id }) => ({ request: withdraw(ctx, requireActor(ctx), id) }),
};

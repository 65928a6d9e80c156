import type { HandlerMap } from '../handler.js';
import { inUnits, requireUser } from '../scope.js';
import type { OperationContext } from '../context.js';
import type { Item } from '../api/formulary.js';
import type { UnitLevel } from '../api/units.js';
import { catalogueItems, catalogueRow, gridItems } from './catalogue.js';
import { applyBatch } from './batch.js';
import { decide, getRequest, getRequestWithRows, listRequests, propose, withdraw } from './change-requests.js';
import { getItem, setPlatformIds } from './items.js';
import { priceHistory, recordPrice } from './prices.js';
import { formularyHits, formularyIndexReady, searchFormulary } from './search.js';
import type { SearchIndex } from '../search/index.js';
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
  | 'changeRequest.get'
  | 'changeRequest.decide'
  | 'changeRequest.withdraw'
  | 'changeRequest.adoptBatch';

/** A member pharmacist always sees their own unit's level sub-catalogue, whatever level they ask for. */
function levelFor(ctx: OperationContext, asked: UnitLevel | undefined): UnitLevel | undefined {
  return ctx.scope.levels === null ? asked : ctx.scope.levels[0];
}

/** Other units' agreed 集采 volumes are theirs: a unit-confined caller sees only their own units'. */
function ownVolumes<T extends Pick<Item, 'vbp'>>(ctx: OperationContext, item: T): T {
  if (!item.vbp || ctx.scope.units === null) return item;
  return { ...item, vbp: { ...item.vbp, unitVolumes: item.vbp.unitVolumes.filter((v) => inUnits(ctx.scope, v.unitId)) } };
}

export const formularyHandlers: HandlerMap<FormularyOps> = {
  'formulary.list': (ctx, input) => {
    // Grid rows, not whole items: the grid's columns only (formulary.get has the rest).
    const { items, ...rest } = gridItems(ctx.db, { ...input, level: levelFor(ctx, input.level) }, ctx.now);
    return { ...rest, items: items.map((row) => ownVolumes(ctx, row)) };
  },

  'formulary.catalogue': (ctx, input) => {
    const { items } = catalogueItems(ctx.db, { ...input, level: levelFor(ctx, input.level) }, ctx.now);
    return { rows: items.map(catalogueRow) };
  },

  'formulary.get': (ctx, { id }) => ({ item: ownVolumes(ctx, getItem(ctx.db, id, ctx.now)), prices: priceHistory(ctx.db, id) }),

  'formulary.search': {
    // A stale index is rebuilt in slices before the search, not inside it.
    prepare: (ctx) => formularyIndexReady(ctx.db),
    run: (ctx, { q, limit, level, includeInactive }, index: SearchIndex<number>) => {
      const matches = searchFormulary(ctx.db, q, { limit, level: levelFor(ctx, level), includeInactive }, index);
      return { hits: formularyHits(ctx.db, matches) };
    },
  },

  'formulary.setPrice': (ctx, input) => ({ price: recordPrice(ctx, input) }),

  'formulary.setPlatformIds': (ctx, { itemId, platformIds }) => ({ item: setPlatformIds(ctx, itemId, platformIds) }),

  'formulary.versions': (ctx) => ({ versions: listVersions(ctx.db) }),

  'changeRequest.propose': (ctx, input) => ({ request: propose(ctx, requireUser(ctx), input) }),

  'changeRequest.list': (ctx, { status }) => ({ requests: listRequests(ctx.db, ctx.scope, status) }),

  'changeRequest.get': (ctx, { id }) => getRequestWithRows(ctx.db, id),

  'changeRequest.decide': (ctx, input) => ({ request: decide(ctx, requireUser(ctx), input) }),

  'changeRequest.withdraw': (ctx, { id }) => ({ request: withdraw(ctx, requireUser(ctx), id) }),

  'changeRequest.adoptBatch': (ctx, { reason, resolutionNo, resolutionDate, items }) => {
    const { requestId, version } = applyBatch(ctx, {
      reason,
      resolutionNo,
      resolutionDate,
      versionNote: reason,
      rows: items.map(({ item, prices }) => ({ itemId: null, fields: item, fieldsChanged: true, prices, changes: [], sourceRow: null })),
    });
    return { request: getRequest(ctx.db, requestId), version };
  },
};

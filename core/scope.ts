import { UNIT_SCOPED_ROLES } from './api/roles.js';
import type { Actor, OperationContext } from './context.js';
import { DomainError, forbidden } from './errors.js';

export function requireActor(ctx: OperationContext): Actor {
  if (!ctx.actor) throw new DomainError('UNAUTHENTICATED', '请先登录');
  return ctx.actor;
}

/** The one unit whose data the actor is confined to, or null when they may see every unit. */
export function unitScope(actor: Actor): number | null {
  return UNIT_SCOPED_ROLES.includes(actor.role) ? actor.unitId : null;
}

/** Refuses when the actor is confined to a unit other than `unitId`. */
export function assertUnitAccess(actor: Actor, unitId: number): void {
  const scope = unitScope(actor);
  if (scope !== null && scope !== unitId) throw forbidden('只能查看或修改本单位的数据');
}

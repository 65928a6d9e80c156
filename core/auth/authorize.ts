import { roleHas, type Permission } from '../api/roles.js';
import type { Db } from '../../db/open.js';
import type { Actor } from '../context.js';
import { DomainError } from '../errors.js';
import { resolveSession } from './sessions.js';

/**
 * The same session and permission checks executeOperation makes, for the few HTTP routes that are not
 * operations (raw file uploads streamed to an import). Throws a DomainError the route maps to a status.
 */
export function authorize(db: Db, token: string | undefined, permission: Permission, now = new Date()): Actor {
  const actor = token ? resolveSession(db, token, now) : null;
  if (!actor) throw new DomainError('UNAUTHENTICATED', '请先登录（或登录已超时）');
  if (actor.mustChangePassword) throw new DomainError('PASSWORD_CHANGE_REQUIRED', '请先修改初始密码');
  if (!roleHas(actor.role, permission)) throw new DomainError('FORBIDDEN', '没有权限执行此操作');
  return actor;
}

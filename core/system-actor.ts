import { PERMISSIONS } from './api/roles.js';
import type { SystemActor } from './context.js';

const NAMES: Record<SystemActor['name'], string> = {
  cli: '命令行 (cli)',
  seed: '示例数据 (seed)',
  seed_review: '示例数据复核 (seed)',
};

/**
 * The hub acting for itself: the administrator at the hub's console, or the demo seed. Holds every permission
 * and every unit; only code inside the hub process can make one (the HTTP adapter never does).
 */
export function systemActor(name: SystemActor['name']): SystemActor {
  return { kind: 'system', name, username: NAMES[name], permissions: PERMISSIONS };
}

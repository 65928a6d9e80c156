import type { Db } from '../../../db/open.js';
import type { PlatformProfile } from '../../api/platform.js';
import { DomainError } from '../../errors.js';
import { platformProfiles } from '../store.js';

/** The profile an import reads its file through, by name: a stored one, else a starting profile never saved. */
export function platformProfileFor(db: Db, name: string): PlatformProfile {
  const found = platformProfiles({ db }).find((p) => p.name === name);
  if (!found) {
    const message = `平台配置「${name}」不存在`;
    throw new DomainError('VALIDATION', message, [{ path: 'profile', message }]);
  }
  const { version: _v, builtIn: _b, updatedAt: _u, ...profile } = found;
  return profile;
}

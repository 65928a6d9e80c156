import { prepared } from '../../db/statements.js';
import { platformProfileShape, type PlatformProfile, type PlatformProfileRecord } from '../api/platform.js';
import type { OperationContext } from '../context.js';
import { DomainError, conflict, notFound } from '../errors.js';
import { BUILTIN_PROFILE_NAMES, builtinProfiles } from './builtin.js';
import { validateProfile } from './profile.js';

/**
 * The platform profiles, kept as one JSON array in hub_settings (like the bank-file profiles of
 * core/finance/payables/terms.ts). The built-ins are there until an administrator saves their own version.
 */
export const PLATFORM_PROFILES_KEY = 'platform.profiles';

interface Stored extends PlatformProfile {
  version: number;
  updatedAt: string;
}

function stored(ctx: Pick<OperationContext, 'db'>): Stored[] {
  const row = prepared(ctx.db.$client, 'SELECT value FROM hub_settings WHERE name = ?').get(PLATFORM_PROFILES_KEY) as { value: string } | undefined;
  if (!row) return [];
  return (JSON.parse(row.value) as Stored[]).map((p) => ({ ...platformProfileShape.parse(p), version: p.version, updatedAt: p.updatedAt }));
}

const isBuiltIn = (name: string) => (BUILTIN_PROFILE_NAMES as readonly string[]).includes(name);

/** Every profile: the stored ones, then the built-ins never saved (version 0). */
export function platformProfiles(ctx: Pick<OperationContext, 'db'>): PlatformProfileRecord[] {
  const saved = stored(ctx);
  const names = new Set(saved.map((p) => p.name));
  const records: PlatformProfileRecord[] = saved.map((p) => ({ ...p, builtIn: isBuiltIn(p.name) }));
  for (const p of builtinProfiles()) if (!names.has(p.name)) records.push({ ...p, version: 0, builtIn: true, updatedAt: null });
  const order = (r: PlatformProfileRecord) => (isBuiltIn(r.name) ? BUILTIN_PROFILE_NAMES.indexOf(r.name as (typeof BUILTIN_PROFILE_NAMES)[number]) : 100);
  return records.sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name));
}

export function platformProfile(ctx: Pick<OperationContext, 'db'>, name: string): PlatformProfileRecord {
  const found = platformProfiles(ctx).find((p) => p.name === name);
  if (!found) throw notFound(`平台配置「${name}」`);
  return found;
}

/** Stores that do not exist, as problems on their paths. */
function storeProblems(ctx: OperationContext, profile: PlatformProfile) {
  return profile.account.addresses.flatMap((a, i) =>
    prepared(ctx.db.$client, 'SELECT 1 FROM stores WHERE id = ?').get(a.storeId) ? [] : [{ path: `account.addresses.${i}.storeId`, message: '库房不存在' }],
  );
}

export function checkProfile(ctx: OperationContext, profile: PlatformProfile) {
  return [...validateProfile(profile), ...storeProblems(ctx, profile)];
}

/**
 * Saves a profile: validated (every problem at once), then checked against the version the editor loaded — a
 * save over someone else's newer one is CONFLICT. Audited with the before and after.
 */
export function savePlatformProfile(ctx: OperationContext, input: PlatformProfile & { version: number }): PlatformProfileRecord {
  const { version, ...profile } = input;
  const problems = checkProfile(ctx, profile);
  if (problems.length) {
    const more = problems.length > 1 ? `（另有 ${problems.length - 1} 处问题）` : '';
    throw new DomainError('VALIDATION', `${problems[0]!.message}${more}`, problems);
  }
  const all = stored(ctx);
  const current = platformProfiles(ctx).find((p) => p.name === profile.name) ?? null;
  const currentVersion = current?.version ?? 0;
  if (version !== currentVersion) {
    throw conflict(
      current
        ? `平台配置「${current.label}」已被他人修改（当前第 ${currentVersion} 版，您编辑的是第 ${version} 版），请重新打开后再保存`
        : `平台配置「${profile.name}」不存在，不能按第 ${version} 版保存`,
    );
  }
  const saved: Stored = { ...profile, version: currentVersion + 1, updatedAt: ctx.now.toISOString() };
  const next = all.some((p) => p.name === profile.name) ? all.map((p) => (p.name === profile.name ? saved : p)) : [...all, saved];
  prepared(
    ctx.db.$client,
    `INSERT INTO hub_settings (name, value, updated_at) VALUES (@name, @value, @at)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run({ name: PLATFORM_PROFILES_KEY, value: JSON.stringify(next), at: ctx.now.toISOString() });
  const before = current ? { ...current } : null;
  ctx.audit({ target: `settings:platformProfile:${profile.name}`, summary: { before, after: saved } });
  return { ...saved, builtIn: isBuiltIn(saved.name) };
}

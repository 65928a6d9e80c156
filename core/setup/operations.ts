import { eq } from 'drizzle-orm';
import { community, stores, units, users } from '../../db/schema.js';
import { hashPassword } from '../auth/passwords.js';
import { checkSetupCode, consumeSetupCode, hubInitialized } from './setup-code.js';
import { conflict, DomainError } from '../errors.js';
import type { HandlerMap } from '../handler.js';
import type { Db } from '../../db/open.js';
import type { Community } from '../api/setup.js';
import { diffFields } from '../audit/diff.js';

function readCommunity(db: Db): Community | null {
  const row = db
    .select({ c: community, leadUnitName: units.name })
    .from(community)
    .innerJoin(units, eq(units.id, community.leadUnitId))
    .where(eq(community.id, 1))
    .get();
  if (!row) return null;
  const { c } = row;
  return {
    name: c.name,
    institutionCode: c.institutionCode,
    bankName: c.bankName,
    bankAccountName: c.bankAccountName,
    bankAccountNo: c.bankAccountNo,
    leadUnitId: c.leadUnitId,
    leadUnitName: row.leadUnitName,
    createdAt: c.createdAt,
  };
}

function requireCommunity(db: Db): Community {
  const c = readCommunity(db);
  if (!c) throw new DomainError('NOT_FOUND', '系统尚未初始化');
  return c;
}

function refuseIfInitialized(db: Db): void {
  if (hubInitialized(db)) throw conflict('系统已初始化，不能重复初始化');
}

export const setupHandlers: HandlerMap<'setup.status' | 'setup.initialize' | 'community.get' | 'community.update'> = {
  'setup.status': (ctx) => {
    const c = readCommunity(ctx.db);
    return { initialized: c !== null, communityName: c?.name ?? null };
  },

  /**
   * The setup wizard's one command: the community, its lead hospital (总医院) with the central store (中心药库),
   * and the first administrator — together or not at all. Only on a database that has none yet, and only with
   * the one-time setup code the hub printed on its console (setup-code.ts), so it can be public without letting
   * whoever reaches a new hub first take it over. The administrator's password is hashed in `prepare`.
   */
  'setup.initialize': {
    // The code is checked before the slow hash (a caller without it costs no hashing) and again in the transaction.
    async prepare(ctx, input): Promise<{ passwordHash: string }> {
      refuseIfInitialized(ctx.db);
      checkSetupCode(ctx, input.setupCode);
      return { passwordHash: await hashPassword(input.admin.password) };
    },
    run(ctx, input, { passwordHash }) {
      refuseIfInitialized(ctx.db);
      checkSetupCode(ctx, input.setupCode);
      const at = ctx.now.toISOString();
      const lead = ctx.db
        .insert(units)
        .values({
          ...input.leadUnit,
          kind: 'county_hospital',
          level: 'county',
          isLead: 1,
          active: 1,
          createdAt: at,
          updatedAt: at,
        })
        .returning()
        .get();
      ctx.db
        .insert(stores)
        .values({ unitId: lead.id, ...input.centralStore, isCentral: 1, active: 1, createdAt: at })
        .run();
      ctx.db
        .insert(community)
        .values({ id: 1, ...input.community, leadUnitId: lead.id, createdAt: at, updatedAt: at })
        .run();
      const admin = ctx.db
        .insert(users)
        .values({
          username: input.admin.username,
          displayName: input.admin.displayName,
          role: 'admin',
          unitId: lead.id,
          passwordHash,
          mustChangePassword: 0,
          createdAt: at,
          updatedAt: at,
        })
        .returning()
        .get();
      const as = { userId: admin.id, username: admin.username, unitId: lead.id };
      ctx.audit({
        target: 'community',
        summary: { created: input.community, leadUnit: input.leadUnit, centralStore: input.centralStore },
        as,
      });
      ctx.audit({ target: `user:${admin.username}`, summary: { created: { username: admin.username, role: 'admin' } }, as });
      consumeSetupCode(ctx.db);
      return { ok: true as const };
    },
  },

  'community.get': (ctx) => ({ community: requireCommunity(ctx.db) }),

  'community.update': (ctx, fields) => {
    const before = requireCommunity(ctx.db);
    ctx.db
      .update(community)
      .set({ ...fields, updatedAt: ctx.now.toISOString() })
      .where(eq(community.id, 1))
      .run();
    const changes = diffFields(before, fields, Object.keys(fields) as (keyof typeof fields)[]);
    ctx.audit({ target: 'community', summary: { changes } });
    return { community: requireCommunity(ctx.db) };
  },
};

import { prepared } from '../../db/statements.js';
import { hashPassword } from '../auth/passwords.js';
import { checkSetupCode, consumeSetupCode, hubInitialized } from './setup-code.js';
import { conflict, DomainError } from '../errors.js';
import type { HandlerMap } from '../handler.js';
import type { Db } from '../../db/open.js';
import type { Community } from '../api/setup.js';
import { diffFields } from '../audit/diff.js';

function readCommunity(db: Db): Community | null {
  const row = prepared(
    db.$client,
    `SELECT c.name, c.institution_code AS institutionCode, c.bank_name AS bankName, c.bank_account_name AS bankAccountName,
            c.bank_account_no AS bankAccountNo, c.lead_unit_id AS leadUnitId, u.name AS leadUnitName, c.created_at AS createdAt
       FROM community c JOIN units u ON u.id = c.lead_unit_id WHERE c.id = 1`,
  ).get() as Community | undefined;
  return row ?? null;
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
      const sqlite = ctx.db.$client;
      const lead = prepared(
        sqlite,
        `INSERT INTO units (code, name, kind, level, uscc, insurance_code, address, contact_name, contact_phone, is_lead, active, created_at, updated_at)
         VALUES (@code, @name, 'county_hospital', 'county', @uscc, @insuranceCode, @address, @contactName, @contactPhone, 1, 1, @at, @at) RETURNING id`,
      ).get({ ...input.leadUnit, at }) as { id: number };
      prepared(sqlite, 'INSERT INTO stores (unit_id, code, name, is_central, active, created_at) VALUES (?, ?, ?, 1, 1, ?)').run(
        lead.id,
        input.centralStore.code,
        input.centralStore.name,
        at,
      );
      prepared(
        sqlite,
        `INSERT INTO community (id, name, institution_code, bank_name, bank_account_name, bank_account_no, lead_unit_id, created_at, updated_at)
         VALUES (1, @name, @institutionCode, @bankName, @bankAccountName, @bankAccountNo, @leadUnitId, @at, @at)`,
      ).run({ ...input.community, leadUnitId: lead.id, at });
      const admin = prepared(
        sqlite,
        `INSERT INTO users (username, display_name, role, unit_id, password_hash, must_change_password, created_at, updated_at)
         VALUES (?, ?, 'admin', ?, ?, 0, ?, ?) RETURNING id, username`,
      ).get(input.admin.username, input.admin.displayName, lead.id, passwordHash, at, at) as { id: number; username: string };
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
    prepared(
      ctx.db.$client,
      `UPDATE community SET name = @name, institution_code = @institutionCode, bank_name = @bankName, bank_account_name = @bankAccountName,
         bank_account_no = @bankAccountNo, updated_at = @at WHERE id = 1`,
    ).run({ ...fields, at: ctx.now.toISOString() });
    const changes = diffFields(before, fields, Object.keys(fields) as (keyof typeof fields)[]);
    ctx.audit({ target: 'community', summary: { changes } });
    return { community: requireCommunity(ctx.db) };
  },
};

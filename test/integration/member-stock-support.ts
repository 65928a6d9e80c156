import type { Db } from '../../db/open.js';
import type { OpInput } from '../../core/api/index.js';
import { call, initialised, ok, userWithSession } from '../support/db.js';
import { insertItem } from '../support/stock.js';

/**
 * A community for the member-stock tests (盘点, 消耗出库, 预警): the central store, 青石镇卫生院 (own) and 白沙镇卫生院
 * (other) with their stores, a storekeeper and a pharmacy officer of the lead unit, a member pharmacist of each
 * township, and two items written directly (codes YP0001 / YP0002, 医保代码 on the first).
 */
export async function memberStockCommunity() {
  const env = await initialised();
  const admin = { sessionToken: env.admin };
  const leadId = (await ok(env.db, 'unit.list', {}, admin)).units[0]!.id;
  const centralStore = (await ok(env.db, 'store.list', { unitId: leadId }, admin)).stores[0]!.id;
  const ownUnit = (await ok(env.db, 'unit.create', { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' }, admin)).unit.id;
  const otherUnit = (await ok(env.db, 'unit.create', { code: 'WS02', name: '白沙镇卫生院', kind: 'township_hospital' }, admin)).unit.id;
  const ownStore = (await ok(env.db, 'store.list', { unitId: ownUnit }, admin)).stores[0]!.id;
  const otherStore = (await ok(env.db, 'store.list', { unitId: otherUnit }, admin)).stores[0]!.id;
  const tokens: Record<string, string> = {};
  for (const [username, role, unitId] of [
    ['keeper', 'storekeeper', leadId],
    ['officer', 'pharmacy_officer', leadId],
    ['member', 'member_pharmacist', ownUnit],
    ['baisha', 'member_pharmacist', otherUnit],
    ['auditor', 'auditor', leadId],
  ] as const) {
    tokens[username] = (await userWithSession(env.db, env.admin, { username, displayName: username, role, unitId })).token;
  }
  const amoxicillin = insertItem(env.db, { code: 'YP0001', name: '阿莫西林胶囊', spec: '0.25g', baseUnit: '粒', packs: [{ unit: '盒', factor: 24 }, { unit: '件', factor: 50 }], initials: 'amxljn' });
  env.db.$client.prepare("UPDATE formulary_items SET insurance_code = 'XJ01CAA040E001010101445' WHERE id = ?").run(amoxicillin);
  const ibuprofen = insertItem(env.db, { code: 'YP0002', name: '布洛芬缓释胶囊', spec: '0.3g', baseUnit: '粒', packs: [{ unit: '盒', factor: 20 }], initials: 'blfhsjn' });
  env.db.$client.prepare("UPDATE formulary_items SET category = 'chinese_patent' WHERE id = ?").run(ibuprofen);
  let seq = 0;
  const as = (who: string) => ({ sessionToken: tokens[who]! });
  return {
    env,
    db: env.db,
    leadId,
    centralStore,
    ownUnit,
    otherUnit,
    ownStore,
    otherStore,
    amoxicillin,
    ibuprofen,
    as,
    requestId: () => `ms-${Date.now()}-${++seq}`,
    ok: <N extends Parameters<typeof ok>[1]>(name: N, input: OpInput<N>, who = 'member') => ok(env.db, name, input, as(who)),
    call: (name: Parameters<typeof call>[1], input: unknown, who = 'member') => call(env.db, name, input, as(who)),
  };
}

export const locationOf = (db: Db, storeId: number): number => (db.$client.prepare('SELECT id FROM stock_locations WHERE store_id = ?').get(storeId) as { id: number }).id;

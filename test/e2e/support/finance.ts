import type { Db } from '../../../db/open.js';
import { ADMIN_PASSWORD, login as apiLogin, ok, userWithSession } from '../../support/db.js';
import { addedItem, type FormularyPeople } from '../formulary-support.js';

/**
 * What the finance pages' tests buy with, through the operations: the lead hospital's central store, its storekeeper
 * 周库管 (kuguan) and two finance users — 刘芳 (caiwu) who registers and prepares, 张敏 (caiwu.shenhe) who approves —
 * and 头孢呋辛酯片 0.25g (片, 盒 of 24) added by 李药师 under 药事会 resolution R1 with its 挂网价 per 盒.
 */
export async function financeCommunity(db: Db, people: FormularyPeople, listedPriceMicro: number) {
  const admin = { sessionToken: await apiLogin(db, 'admin', ADMIN_PASSWORD) };
  const officer = { sessionToken: await apiLogin(db, people.officer.username, people.officer.password) };
  const lead = (await ok(db, 'unit.list', {}, admin)).units.find((u) => u.isLead)!;
  const central = (await ok(db, 'store.list', { unitId: lead.id }, admin)).stores[0]!.id;
  const user = (username: string, displayName: string, role: 'storekeeper' | 'finance' | 'auditor') =>
    userWithSession(db, admin.sessionToken, { username, displayName, role, unitId: lead.id });
  const keeper = await user('kuguan', '周库管', 'storekeeper');
  const caiwu = await user('caiwu', '刘芳', 'finance');
  const shenhe = await user('caiwu.shenhe', '张敏', 'finance');
  const itemId = await addedItem(db, officer, {
    kind: 'add',
    reason: '测试',
    item: {
      genericName: '头孢呋辛酯片',
      spec: '0.25g',
      manufacturer: '华北制药股份有限公司',
      approvalNo: '国药准字H13023964',
      category: 'western',
      baseUnit: '片',
      packs: [{ unit: '盒', factor: 24 }],
      purchaseUnit: '盒',
      issueUnit: '盒',
      levels: { county: true, township: true, village: true },
    },
  });
  await ok(db, 'formulary.setPrice', { itemId, kind: 'listed', priceMicro: listedPriceMicro, effectiveFrom: '2026-01-01' }, officer);
  return { admin, officer, lead, central, keeper, caiwu, shenhe, itemId, user };
}

import type { ItemFieldsInput, OpInput } from '../../core/api/index.js';
import { initialised, ok, userWithSession } from '../support/db.js';

/** A valid 西药 item; override what a test is about. */
export function amoxicillin(overrides: Partial<ItemFieldsInput> = {}): ItemFieldsInput {
  return {
    genericName: '阿莫西林胶囊',
    tradeName: '',
    dosageForm: '胶囊剂',
    spec: '0.25g',
    packMaterial: '铝塑',
    manufacturer: '华北制药股份有限公司',
    approvalNo: '国药准字H13023964',
    standardCode: '86900483000019',
    insuranceCode: 'XJ01CAA001B001010101021',
    category: 'western',
    baseUnit: '粒',
    packs: [
      { unit: '盒', factor: 24 },
      { unit: '件', factor: 200 },
    ],
    purchaseUnit: '盒',
    issueUnit: '盒',
    insuranceClass: 'A',
    essential: true,
    antibacterialTier: 'unrestricted',
    levels: { county: true, township: true, village: true },
    ...overrides,
  };
}

/**
 * A community with the lead hospital, a township centre and a village clinic under it; the pharmacy
 * officer at the lead, a member pharmacist at the township and one at the village, all signed in.
 */
export async function formularyCommunity() {
  const env = await initialised();
  const { db, admin } = env;
  const leadId = (await ok(db, 'unit.list', {}, { sessionToken: admin })).units[0]!.id;
  const townshipId = (await ok(db, 'unit.create', { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' }, { sessionToken: admin })).unit
    .id;
  const villageId = (await ok(
    db,
    'unit.create',
    { code: 'CWS01', name: '青石村卫生室', kind: 'village_clinic', parentId: townshipId },
    { sessionToken: admin },
  )).unit.id;
  const user = async (input: OpInput<'user.create'>) => (await userWithSession(db, admin, input)).token;
  return {
    ...env,
    leadId,
    townshipId,
    villageId,
    officer: await user({ username: 'officer', displayName: '李药师', role: 'pharmacy_officer', unitId: leadId }),
    township: await user({ username: 'township', displayName: '张药师', role: 'member_pharmacist', unitId: townshipId }),
    village: await user({ username: 'village', displayName: '赵医生', role: 'member_pharmacist', unitId: villageId }),
    auditor: await user({ username: 'auditor', displayName: '审计员', role: 'auditor', unitId: leadId }),
  };
}

/** Adds an item the governed way: the officer proposes and approves it. Returns the new item's id. */
export async function addApproved(env: Awaited<ReturnType<typeof formularyCommunity>>, item: ItemFieldsInput, resolutionNo = 'YSH2026-01'): Promise<number> {
  const t = { sessionToken: env.officer };
  const { request } = await ok(env.db, 'changeRequest.propose', { kind: 'add', item, reason: '临床需要' }, t);
  const decided = await ok(env.db, 'changeRequest.decide', { id: request.id, approve: true, resolutionNo, resolutionDate: '2026-03-02' }, t);
  return decided.request.itemId!;
}

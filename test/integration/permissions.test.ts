import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contracts, type ItemFieldsInput, type OperationName, type Role } from '../../core/api/index.js';
import { call, initialised, ok, userWithSession } from '../support/db.js';

/**
 * The permission matrix, written out independently of core/api/roles.ts so that a change to the role
 * table has to be made here too, on purpose. Operations open to every signed-in user (profile, logout)
 * and public ones (login, setup) are not in it.
 */
const READ = ['community.get', 'unit.list', 'unit.get', 'store.list'] as const;
/** formulary.read: every role reads the formulary, its requests, the dictionary and the saved mappings. */
const FORMULARY_READ = [
  'formulary.list',
  'formulary.catalogue',
  'formulary.get',
  'formulary.search',
  'formulary.versions',
  'changeRequest.list',
  'dictionary.search',
  'dictionary.get',
  'dictionary.status',
  'importMapping.list',
] as const;
/** formulary.propose: 提出目录变更申请 (and withdraw one's own). */
const PROPOSE = ['changeRequest.propose', 'changeRequest.withdraw'] as const;
/** formulary.manage: 药事会 decisions, prices, platform ids, imports — the pharmacy officer alone. */
const MANAGE = [
  'changeRequest.decide',
  'formulary.setPrice',
  'formulary.setPlatformIds',
  'formularyImport.inspect',
  'formularyImport.preview',
  'formularyImport.commit',
  'importMapping.save',
] as const;
const EXPECTED: Record<Role, readonly OperationName[]> = {
  admin: [
    ...READ,
    ...FORMULARY_READ,
    'community.update',
    'unit.create',
    'unit.update',
    'unit.setActive',
    'store.create',
    'store.update',
    'user.list',
    'user.create',
    'user.update',
    'user.resetPassword',
    'audit.list',
    'audit.verify',
  ],
  pharmacy_officer: [...READ, ...FORMULARY_READ, ...PROPOSE, ...MANAGE, 'user.list'],
  storekeeper: [...READ, ...FORMULARY_READ],
  finance: [...READ, ...FORMULARY_READ],
  member_pharmacist: [...READ, ...FORMULARY_READ, ...PROPOSE, 'store.create', 'store.update'],
  auditor: [...READ, ...FORMULARY_READ, 'user.list', 'audit.list', 'audit.verify'],
};

/**
 * Operations whose valid input needs an uploaded file or a dictionary row (the import area's fixtures):
 * for these an allowed call must get past the permission check, whatever it then says about the input.
 */
const NEEDS_UPLOAD: readonly OperationName[] = [
  'formularyImport.inspect',
  'formularyImport.preview',
  'formularyImport.commit',
  'dictionary.get',
];

const env = initialised();
const tokens = {} as Record<Role, string>;
let townshipId = 0;
let otherTownshipId = 0;
let storeOfTownship = 0;
/** A user the administrator's calls may edit without disturbing the signed-in test users. */
let bystanderId = 0;
/** A formulary item available at township level, for the formulary operations. */
let itemId = 0;

beforeAll(() => {
  const { db, admin } = env;
  const leadId = ok(db, 'unit.list', {}, { sessionToken: admin }).units[0]!.id;
  townshipId = ok(db, 'unit.create', { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' }, { sessionToken: admin }).unit.id;
  otherTownshipId = ok(db, 'unit.create', { code: 'WS02', name: '白沙镇卫生院', kind: 'township_hospital' }, { sessionToken: admin }).unit
    .id;
  storeOfTownship = ok(db, 'store.list', { unitId: townshipId }, { sessionToken: admin }).stores[0]!.id;
  tokens.admin = admin;
  bystanderId = ok(
    db,
    'user.create',
    { username: 'bystander', displayName: '旁观者', role: 'finance', unitId: leadId },
    { sessionToken: admin },
  ).user.id;
  for (const role of ['pharmacy_officer', 'storekeeper', 'finance', 'member_pharmacist', 'auditor'] as const) {
    const unitId = role === 'member_pharmacist' ? townshipId : leadId;
    tokens[role] = userWithSession(env.db, admin, { username: role.replace('_', ''), displayName: '测试', role, unitId }).token;
  }
  const { request } = ok(
    db,
    'changeRequest.propose',
    { kind: 'add', item: ITEM, reason: '测试' },
    { sessionToken: tokens.pharmacy_officer },
  );
  itemId = ok(
    db,
    'changeRequest.decide',
    { id: request.id, approve: true, resolutionNo: 'R1', resolutionDate: '2026-03-01' },
    { sessionToken: tokens.pharmacy_officer },
  ).request.itemId!;
});

const ITEM: ItemFieldsInput = {
  genericName: '阿莫西林胶囊',
  spec: '0.25g',
  manufacturer: '华北制药股份有限公司',
  approvalNo: '国药准字H13023964',
  category: 'western',
  baseUnit: '粒',
  packs: [{ unit: '盒', factor: 24 }],
  purchaseUnit: '盒',
  issueUnit: '盒',
  levels: { county: true, township: true, village: true },
};

/** A fresh submitted request by `role` (when they may propose), so decide and withdraw have one each time. */
function freshRequest(role: Role): number {
  const result = call(env.db, 'changeRequest.propose', { kind: 'suspend', itemId, reason: '测试' }, { sessionToken: tokens[role] });
  return result.ok ? (result.output as { request: { id: number } }).request.id : 1;
}
afterAll(() => env.dispose());

/** Inputs that are valid for each operation, so an allowed call is not stopped by validation alone. */
function sampleInput(name: OperationName, role: Role = 'admin'): unknown {
  const unitId = townshipId;
  const n = Math.floor(Math.random() * 1e9);
  switch (name) {
    case 'unit.get':
      return { id: unitId };
    case 'unit.create':
      return { code: `T${n}`, name: '测试卫生院', kind: 'township_hospital' };
    case 'unit.update':
      return { id: otherTownshipId, fields: { code: 'WS02', name: '白沙镇卫生院', kind: 'township_hospital' } };
    case 'unit.setActive':
      return { id: otherTownshipId, active: true };
    case 'store.list':
      return { unitId };
    case 'store.create':
      return { unitId, code: `S${n}`, name: '二级库' };
    case 'store.update':
      return { id: storeOfTownship, name: '药房', active: true };
    case 'user.create':
      return { username: `u${n}`, displayName: '新用户', role: 'finance', unitId };
    case 'user.update':
      return { id: bystanderId, displayName: '旁观者', role: 'finance', unitId: 1, active: true };
    case 'user.resetPassword':
      return { id: bystanderId };
    case 'community.update':
      return {
        name: '清源县医疗健康集团',
        institutionCode: 'H33010200001',
        bankName: '农行',
        bankAccountName: '清源县人民医院',
        bankAccountNo: '6228480012345678901',
      };
    case 'formulary.get':
      return { id: itemId };
    case 'formulary.search':
    case 'dictionary.search':
      return { q: 'amxl' };
    case 'formulary.setPrice':
      return { itemId, kind: 'listed', priceMicro: 12_500_000, effectiveFrom: '2026-03-01' };
    case 'formulary.setPlatformIds':
      return { itemId, platformIds: [{ profile: 'national-tps', productId: `P${n}` }] };
    case 'changeRequest.propose':
      return { kind: 'suspend', itemId, reason: '供应短缺' };
    case 'changeRequest.decide':
      return { id: freshRequest('pharmacy_officer'), approve: false, resolutionNo: `R${n}`, resolutionDate: '2026-03-02' };
    case 'changeRequest.withdraw':
      return { id: freshRequest(role) };
    case 'dictionary.get':
      return { code: 'XJ01CAA001B001010101021' };
    case 'formularyImport.inspect':
      return { uploadId: 1 };
    case 'formularyImport.preview':
      return { uploadId: 1, sheet: 'Sheet1', headerRow: 1, mapping: {} };
    case 'formularyImport.commit':
      return { uploadId: 1, sheet: 'Sheet1', headerRow: 1, mapping: {}, reason: '测试' };
    case 'importMapping.save':
      return { name: `映射${n}`, mapping: { genericName: '通用名' } };
    default:
      return {};
  }
}

describe('permission matrix', () => {
  const guarded = contracts.filter((c) => typeof c.access === 'object');
  for (const role of Object.keys(EXPECTED) as Role[]) {
    for (const contract of guarded) {
      const allowed = EXPECTED[role].includes(contract.name);
      it(`${role} ${allowed ? 'may' : 'may not'} call ${contract.name}`, () => {
        const result = call(env.db, contract.name, sampleInput(contract.name, role), { sessionToken: tokens[role] });
        if (allowed && NEEDS_UPLOAD.includes(contract.name)) expect(!result.ok && result.error.code).not.toBe('FORBIDDEN');
        else if (allowed) expect(result.ok ? 'ok' : result.error).toBe('ok');
        else expect(!result.ok && result.error.code).toBe('FORBIDDEN');
      });
    }
  }

  it('an auditor changes nothing: every mutating operation except their own password and logout is refused', () => {
    const mutating = contracts.filter((c) => c.mutates && typeof c.access === 'object');
    expect(mutating.length).toBeGreaterThan(5);
    for (const c of mutating) {
      const result = call(env.db, c.name, sampleInput(c.name, 'auditor'), { sessionToken: tokens.auditor });
      expect(!result.ok && result.error.code).toBe('FORBIDDEN');
    }
  });
});

describe('a member pharmacist is confined to their own unit', () => {
  it('sees only their unit in lists', () => {
    const { units } = ok(env.db, 'unit.list', { includeInactive: true }, { sessionToken: tokens.member_pharmacist });
    expect(units.map((u) => u.id)).toEqual([townshipId]);
    const { stores } = ok(env.db, 'store.list', {}, { sessionToken: tokens.member_pharmacist });
    expect(new Set(stores.map((s) => s.unitId))).toEqual(new Set([townshipId]));
  });

  it("is refused another unit's details, stores and changes", () => {
    const t = { sessionToken: tokens.member_pharmacist };
    for (const [name, input] of [
      ['unit.get', { id: otherTownshipId }],
      ['store.list', { unitId: otherTownshipId }],
      ['store.create', { unitId: otherTownshipId, code: 'X1', name: '越权库房' }],
    ] as const) {
      const result = call(env.db, name, input, t);
      expect(!result.ok && result.error.code, name).toBe('FORBIDDEN');
    }
    const otherStore = ok(env.db, 'store.list', { unitId: otherTownshipId }, { sessionToken: tokens.admin }).stores[0]!;
    const rename = call(env.db, 'store.update', { id: otherStore.id, name: '改名', active: true }, t);
    expect(!rename.ok && rename.error.code).toBe('FORBIDDEN');
    expect(ok(env.db, 'store.list', { unitId: otherTownshipId }, { sessionToken: tokens.admin }).stores[0]!.name).toBe(otherStore.name);
  });

  it('gets their own level’s sub-catalogue and can propose but not apply a change', () => {
    const t = { sessionToken: tokens.member_pharmacist };
    expect(ok(env.db, 'formulary.list', { level: 'county' }, t).items.every((i) => i.levels.township)).toBe(true);
    const decide = call(
      env.db,
      'changeRequest.decide',
      { id: freshRequest('member_pharmacist'), approve: true, resolutionNo: 'R', resolutionDate: '2026-03-02' },
      t,
    );
    expect(!decide.ok && decide.error.code).toBe('FORBIDDEN');
  });

  it('cannot widen the scope by sending another unit id in a list filter', () => {
    const r = call(env.db, 'unit.list', { level: 'township' }, { sessionToken: tokens.member_pharmacist });
    expect(r.ok && (r.output as { units: { id: number }[] }).units.map((u) => u.id)).toEqual([townshipId]);
  });
});

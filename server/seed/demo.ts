/**
 * The demo community, built through the real operations as an administrator would build it: setup wizard,
 * sign-in, units, stores, users; the formulary is one approved batch 目录变更申请 (初始目录) applied as one
 * version, so every item has its code, pinyin, history, prices and audit entries. Every write is a registered
 * operation. Used by `npm run cli -- seed-demo` and the benchmarks.
 */
import { randomInt } from 'node:crypto';
import { executeOperation } from '../../core/registry.js';
import type { Db } from '../../db/open.js';
import { communityDate } from '../../core/time.js';
import { systemActor } from '../../core/system-actor.js';
import { ensureSetupCode } from '../../core/setup/setup-code.js';
import {
  allSampleUnits,
  COMMUNITY_SAMPLE,
  setupInitializeInput,
  storeCreateInput,
  unitFieldsInput,
  userCreateInput,
  type CommunitySample,
} from './community-sample.js';
import { FORMULARY_SAMPLE } from './nhsa-sample.js';
import { seedBuying } from './buying.js';
import { seedDistribution } from './distribution.js';
import { seedFinance } from './finance.js';

export interface DemoUser {
  username: string;
  role: string;
  unit: string;
  password: string;
}

export interface DemoResult {
  users: DemoUser[];
}

export class DemoSeedError extends Error {
  override name = 'DemoSeedError';
}

const LETTERS = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ';
const DIGITS = '23456789';

/** 16 characters from a CSPRNG, with letters and digits as the password policy wants. */
export function randomAdminPassword(): string {
  const alphabet = LETTERS + DIGITS;
  for (;;) {
    const candidate = Array.from({ length: 16 }, () => alphabet[randomInt(alphabet.length)]).join('');
    if (/[A-Za-z]/.test(candidate) && /[0-9]/.test(candidate)) return candidate;
  }
}

/** Runs one operation and returns its output, or stops the seed with the hub's own Chinese error. */
async function call<T>(db: Db, name: string, input: unknown, sessionToken?: string): Promise<{ output: T; issued?: string }> {
  const result = await executeOperation(db, name, input, { sessionToken, clientAddress: 'seed-demo' });
  if (!result.ok) {
    const fields = result.error.fields?.map((f) => `${f.path}：${f.message}`).join('；');
    throw new DemoSeedError(`${name} 失败（${result.error.code}）：${result.error.message}${fields ? `（${fields}）` : ''}`);
  }
  return { output: result.output as T, ...(result.session.issue ? { issued: result.session.issue } : {}) };
}

/** True when the database holds no community and no user: the only state seedDemo may start from. */
export async function isEmptyHub(db: Db): Promise<boolean> {
  return !(await call<{ initialized: boolean }>(db, 'setup.status', {})).output.initialized;
}

export async function seedDemo(db: Db, sample: CommunitySample = COMMUNITY_SAMPLE): Promise<DemoResult> {
  if (!(await isEmptyHub(db))) throw new DemoSeedError('数据库已初始化，seed-demo 只能用于新的空数据库');
  const admin = sample.users.find((u) => u.role === 'admin');
  if (!admin) throw new DemoSeedError('示例数据缺少系统管理员');

  const adminPassword = randomAdminPassword();
  // The seed runs at the hub's console, where the setup code is shown anyway.
  await call(db, 'setup.initialize', setupInitializeInput(adminPassword, ensureSetupCode(db) ?? '', sample));
  const token = (await call(db, 'auth.login', { username: admin.username, password: adminPassword })).issued;
  if (!token) throw new DemoSeedError('登录未返回会话');

  const unitIds = new Map<string, number>();
  const unitNames = new Map<string, string>();
  const lead = (await call<{ units: { id: number; code: string; isLead: boolean }[] }>(db, 'unit.list', {}, token)).output.units.find(
    (u) => u.isLead,
  );
  if (!lead) throw new DemoSeedError('初始化后找不到总医院');
  // setup.initialize takes no 医保编码 or address details beyond the basics; complete the lead unit.
  await call(db, 'unit.update', { id: lead.id, fields: unitFieldsInput(sample.leadUnit, null) }, token);
  unitIds.set(sample.leadUnit.code, lead.id);

  for (const unit of sample.members) {
    const parentId = unit.parentCode === null ? null : (unitIds.get(unit.parentCode) ?? null);
    if (unit.parentCode !== null && parentId === null) throw new DemoSeedError(`${unit.name} 的上级单位 ${unit.parentCode} 尚未创建`);
    const created = (await call<{ unit: { id: number } }>(db, 'unit.create', unitFieldsInput(unit, parentId), token)).output.unit;
    unitIds.set(unit.code, created.id);
  }

  // unit.create gives every unit its 药房 and setup its 中心药库; create whatever else the sample lists.
  const existing = new Set(
    (await call<{ stores: { code: string }[] }>(db, 'store.list', { includeInactive: true }, token)).output.stores.map((s) => s.code),
  );
  for (const unit of allSampleUnits(sample)) {
    unitNames.set(unit.code, unit.name);
    for (const store of unit.stores) {
      if (existing.has(store.code)) continue;
      await call(db, 'store.create', storeCreateInput(store, unitIds.get(unit.code)!), token);
    }
  }

  const users: DemoUser[] = [
    { username: admin.username, role: admin.role, unit: unitNames.get(admin.unitCode) ?? '', password: adminPassword },
  ];
  for (const user of sample.users) {
    if (user === admin) continue;
    const unitId = unitIds.get(user.unitCode);
    if (unitId === undefined) throw new DemoSeedError(`用户 ${user.username} 的单位 ${user.unitCode} 不存在`);
    const { oneTimePassword } = (await call<{ oneTimePassword: string }>(db, 'user.create', userCreateInput(user, unitId), token)).output;
    users.push({ username: user.username, role: user.role, unit: unitNames.get(user.unitCode) ?? '', password: oneTimePassword });
  }

  // The formulary (and its prices) in force four months ago, so that three months of buying can follow it.
  const now = new Date();
  await seedFormulary(db, new Date(now.getTime() - 120 * 86_400_000));
  await seedBuying(db, now);
  await seedDistribution(db, now);
  await seedFinance(db, now);
  await call(db, 'auth.logout', {}, token);
  return { users };
}

/**
 * The ~300 sample items as version 1: one batch 目录变更申请 "初始目录" adopted by a (sample) 药事会 resolution,
 * all or none, with 挂网价 / 议价 / 集采价 / 限价 in force from today — the registered operation
 * `changeRequest.adoptBatch`, run as the system actor `示例数据 (seed)`.
 */
export async function seedFormulary(db: Db, now: Date): Promise<void> {
  const today = communityDate(now);
  const price = (kind: 'listed' | 'negotiated' | 'vbp' | 'limit', priceMicro: number) => ({ kind, priceMicro, effectiveFrom: today, note: '初始目录' });
  const items = FORMULARY_SAMPLE.map(({ listedPriceMicro, negotiatedPriceMicro, limitPriceMicro, ...item }) => {
    const prices = [price('listed', listedPriceMicro)];
    if (limitPriceMicro !== null) prices.push(price('limit', limitPriceMicro));
    if (negotiatedPriceMicro !== null) prices.push(price('negotiated', negotiatedPriceMicro));
    if (item.vbp) prices.push(price('vbp', item.vbp.agreedPriceMicro));
    return { item, prices };
  });
  const input = { reason: '初始目录', resolutionNo: `示例药事会〔${today.slice(0, 4)}〕1号`, resolutionDate: today, items };
  const result = await executeOperation(db, 'changeRequest.adoptBatch', input, { system: systemActor('seed'), now });
  if (!result.ok) throw new DemoSeedError(`初始目录导入失败（${result.error.code}）：${result.error.message}`);
}

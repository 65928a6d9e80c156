import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../core/api/index.js';
import { createDocument } from '../../core/documents/lifecycle.js';
import { shipmentType } from '../../core/distribution/document-types.js';
import { backOrders } from '../../core/distribution/requisitions/progress.js';
import { purchaseNeeds } from '../../core/purchasing/suggestions.js';
import { systemActor } from '../../core/system-actor.js';
import { inTransaction } from '../../core/transaction.js';
import { call, initialised, ok, userWithSession } from '../support/db.js';
import { approvedRequisitionForTest } from '../support/distribution.js';
import { insertItem, moveStock, receive, reverseSlip, testContext } from '../support/stock.js';

/**
 * 请领单 and budgets through executeOperation: whole issue packs, the requesting unit's level, own stores only,
 * versions, approval with reasons, the township's review of its villages, the budget rules (block, warn, no
 * budget), the stock hints and back-orders of a line, and back-orders in 采购建议.
 */
const env = await initialised();
afterAll(() => env.dispose());

const system = { system: systemActor('cli') };
const tokens: Record<string, string> = {};
const as = (who: string) => ({ sessionToken: tokens[who]! });
const w = { lead: 0, central: 0, own: 0, ownStore: 0, other: 0, otherStore: 0, village: 0, villageStore: 0, otherVillage: 0 };
/** 盒 of 24 粒, issued by the 盒; township and village. */
let item = 0;
let item2 = 0;
/** Township and county only. */
let townshipOnly = 0;
let countyOnly = 0;
let suspended = 0;

const BOX = 24;
const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));

function setLevels(id: number, county: number, township: number, village: number) {
  env.db.$client.prepare('UPDATE formulary_items SET level_county = ?, level_township = ?, level_village = ?, issue_unit = ? WHERE id = ?').run(county, township, village, '盒', id);
}

async function setBudget(unitId: number, amountYuan: number, overRule: 'block' | 'warn') {
  await ok(env.db, 'budget.set', { unitId, year, amountMicro: amountYuan * 1_000_000, overRule, note: '' }, as('officer'));
}

const setting = async (change: Record<string, unknown>) => ok(env.db, 'distribution.settings.update', change, as('officer'));

beforeAll(async () => {
  const a = { sessionToken: env.admin };
  w.lead = (await ok(env.db, 'unit.list', {}, a)).units[0]!.id;
  w.central = (await ok(env.db, 'store.list', { unitId: w.lead }, a)).stores[0]!.id;
  w.own = (await ok(env.db, 'unit.create', { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' }, a)).unit.id;
  w.other = (await ok(env.db, 'unit.create', { code: 'WS02', name: '白沙镇卫生院', kind: 'township_hospital' }, a)).unit.id;
  w.village = (await ok(env.db, 'unit.create', { code: 'CW01', name: '青石村卫生室', kind: 'village_clinic', parentId: w.own }, a)).unit.id;
  w.otherVillage = (await ok(env.db, 'unit.create', { code: 'CW02', name: '白沙村卫生室', kind: 'village_clinic', parentId: w.other }, a)).unit.id;
  const storeOf = async (unitId: number) => (await ok(env.db, 'store.list', { unitId }, a)).stores[0]!.id;
  w.ownStore = await storeOf(w.own);
  w.otherStore = await storeOf(w.other);
  w.villageStore = await storeOf(w.village);
  const users: [string, Role, number][] = [
    ['officer', 'pharmacy_officer', w.lead],
    ['finance', 'finance', w.lead],
    ['keeper', 'storekeeper', w.lead],
    ['member', 'member_pharmacist', w.own],
    ['otherMember', 'member_pharmacist', w.other],
    ['villager', 'member_pharmacist', w.village],
  ];
  for (const [username, role, unitId] of users) tokens[username] = (await userWithSession(env.db, env.admin, { username: username.toLowerCase(), displayName: username, role, unitId })).token;
  item = insertItem(env.db, { code: 'QL0001', name: '阿莫西林胶囊' });
  item2 = insertItem(env.db, { code: 'QL0002', name: '布洛芬缓释胶囊' });
  townshipOnly = insertItem(env.db, { code: 'QL0003', name: '头孢呋辛酯片' });
  countyOnly = insertItem(env.db, { code: 'QL0004', name: '注射用美罗培南' });
  suspended = insertItem(env.db, { code: 'QL0005', name: '停用药品' });
  setLevels(item, 1, 1, 1);
  setLevels(item2, 1, 1, 1);
  setLevels(townshipOnly, 1, 1, 0);
  setLevels(countyOnly, 1, 0, 0);
  setLevels(suspended, 1, 1, 1);
  env.db.$client.prepare("UPDATE formulary_items SET status = 'suspended' WHERE id = ?").run(suspended);
  // The central store's stock: 12.50 ¥ a box of 24 (FEFO prices the back-orders and the value).
  for (const id of [item, item2, townshipOnly, countyOnly]) receive(env.db, { itemId: id, storeId: w.central, quantity: 100 * BOX, batchNo: `C${id}`, expiry: '2029-06-30' });
});

describe('requisition.create: the lines and the store', () => {
  it('a member pharmacist creates a draft of whole boxes for their store; the stable fields are there', async () => {
    const { requisition } = await ok(env.db, 'requisition.create', { storeId: w.ownStore, lines: [{ itemId: item, quantity: 2 * BOX }] }, as('member'));
    expect(requisition).toMatchObject({ status: 'draft', state: 'draft', stateLabel: '草稿', unitId: w.own, storeId: w.ownStore, version: 1, lineCount: 1 });
    expect(requisition.number).toMatch(/^QL\d{4}-\d{6}$/);
    expect(requisition.lines[0]).toMatchObject({ id: expect.any(Number), requested: 48, approved: null, issueUnit: '盒', issuePackFactor: 24 });
    // 2 boxes at the FEFO batch's 12.50 ¥ a box.
    expect(requisition.valueMicro).toBe(25_000_000);
  });

  it('refuses a quantity that is not whole issue packs, on the line', async () => {
    const r = await call(env.db, 'requisition.create', { storeId: w.ownStore, lines: [{ itemId: item, quantity: BOX }, { itemId: item2, quantity: 30 }] }, as('member'));
    expect(!r.ok && r.error.code).toBe('VALIDATION');
    expect(!r.ok && r.error.fields?.map((f) => f.path)).toEqual(['lines.1.quantity']);
    expect(!r.ok && r.error.fields?.[0]?.message).toContain('须按整盒请领');
  });

  it('refuses an item twice, a suspended item, and an item outside the unit’s level — for the system actor too', async () => {
    const twice = await call(env.db, 'requisition.create', { storeId: w.ownStore, lines: [{ itemId: item, quantity: BOX }, { itemId: item, quantity: BOX }] }, as('member'));
    expect(!twice.ok && twice.error.fields?.[0]).toMatchObject({ path: 'lines.1.itemId', message: expect.stringContaining('重复') });
    const off = await call(env.db, 'requisition.create', { storeId: w.ownStore, lines: [{ itemId: suspended, quantity: BOX }] }, as('member'));
    expect(!off.ok && off.error.fields?.[0]).toMatchObject({ path: 'lines.0.itemId', message: expect.stringContaining('不是在用品种') });
    // A village clinic asking for a township-only item: refused by the unit's level, whoever calls.
    const village = await call(env.db, 'requisition.create', { storeId: w.villageStore, lines: [{ itemId: item, quantity: BOX }, { itemId: townshipOnly, quantity: BOX }] }, system);
    expect(!village.ok && village.error.fields?.[0]).toMatchObject({ path: 'lines.1.itemId', message: expect.stringContaining('不在村目录中') });
    // The township asking for a county-only item.
    const county = await call(env.db, 'requisition.create', { storeId: w.ownStore, lines: [{ itemId: countyOnly, quantity: BOX }] }, system);
    expect(!county.ok && county.error.fields?.[0]).toMatchObject({ path: 'lines.0.itemId', message: expect.stringContaining('不在乡镇目录中') });
    // The village pharmacist's own call: the registry's level scope refuses first.
    const mine = await call(env.db, 'requisition.create', { storeId: w.villageStore, lines: [{ itemId: countyOnly, quantity: BOX }] }, as('villager'));
    expect(!mine.ok && ['FORBIDDEN', 'VALIDATION'].includes(mine.error.code)).toBe(true);
  });

  it('only a store of the caller’s unit, never the central store', async () => {
    const other = await call(env.db, 'requisition.create', { storeId: w.otherStore, lines: [{ itemId: item, quantity: BOX }] }, as('member'));
    expect(!other.ok && other.error.code).toBe('FORBIDDEN');
    const central = await call(env.db, 'requisition.create', { storeId: w.central, lines: [{ itemId: item, quantity: BOX }] }, system);
    expect(!central.ok && central.error.fields?.[0]).toMatchObject({ path: 'storeId', message: expect.stringContaining('中心药库不能请领') });
  });
});

describe('editing, submitting and versions', () => {
  it('update edits the draft whole (version + 1, an edit event); a stale version is a CONFLICT', async () => {
    await setBudget(w.own, 100_000, 'block');
    const { requisition } = await ok(env.db, 'requisition.create', { storeId: w.ownStore, lines: [{ itemId: item, quantity: BOX }] }, as('member'));
    const updated = await ok(env.db, 'requisition.update', { id: requisition.id, version: 1, note: '补货', lines: [{ itemId: item, quantity: 3 * BOX }, { itemId: item2, quantity: BOX }] }, as('member'));
    expect(updated.requisition).toMatchObject({ version: 2, note: '补货', lineCount: 2 });
    expect(updated.requisition.events.map((e) => e.transition)).toEqual(['create', 'edit']);
    const stale = await call(env.db, 'requisition.update', { id: requisition.id, version: 1, lines: [{ itemId: item, quantity: BOX }] }, as('member'));
    expect(!stale.ok && stale.error.code).toBe('CONFLICT');
    const staleSubmit = await call(env.db, 'requisition.submit', { id: requisition.id, version: 1 }, as('member'));
    expect(!staleSubmit.ok && staleSubmit.error.code).toBe('CONFLICT');
    // A script sends only the id.
    const submitted = await ok(env.db, 'requisition.submit', { id: requisition.id }, as('member'));
    expect(submitted.requisition.status).toBe('submitted');
    expect(submitted.budgetWarning).toBeNull();
    const again = await call(env.db, 'requisition.update', { id: requisition.id, version: 3, lines: [{ itemId: item, quantity: BOX }] }, as('member'));
    expect(!again.ok && again.error.code).toBe('CONFLICT');
  });

  it('cancel withdraws a submitted one with a reason; the member sees who and why', async () => {
    const { requisition } = await ok(env.db, 'requisition.create', { storeId: w.ownStore, lines: [{ itemId: item, quantity: BOX }] }, as('member'));
    await ok(env.db, 'requisition.submit', { id: requisition.id }, as('member'));
    const noReason = await call(env.db, 'requisition.cancel', { id: requisition.id }, as('member'));
    expect(!noReason.ok && noReason.error.fields?.[0]?.path).toBe('reason');
    const cancelled = await ok(env.db, 'requisition.cancel', { id: requisition.id, reason: '重复提交' }, as('member'));
    expect(cancelled.requisition.status).toBe('cancelled');
    expect(cancelled.requisition.events.at(-1)).toMatchObject({ transition: 'cancel', actorName: 'member', reason: '重复提交', toStateLabel: '已撤销' });
  });
});

describe('approval by the pharmacy officer', () => {
  it('a reduced line needs its reason (lines.N.reason); lines not named are approved as requested; back-orders follow', async () => {
    const { requisition } = await ok(env.db, 'requisition.create', { storeId: w.ownStore, lines: [{ itemId: item, quantity: 10 * BOX }, { itemId: item2, quantity: 4 * BOX }] }, as('member'));
    await ok(env.db, 'requisition.submit', { id: requisition.id }, as('member'));
    const [first] = requisition.lines;
    const noReason = await call(env.db, 'requisition.approve', { id: requisition.id, lines: [{ id: first!.id, approvedQuantity: 6 * BOX }] }, as('officer'));
    expect(!noReason.ok && noReason.error.code).toBe('VALIDATION');
    expect(!noReason.ok && noReason.error.fields?.[0]?.path).toBe('lines.0.reason');
    const notWhole = await call(env.db, 'requisition.approve', { id: requisition.id, lines: [{ id: first!.id, approvedQuantity: 100, reason: '库存不足' }] }, as('officer'));
    expect(!notWhole.ok && notWhole.error.fields?.[0]?.path).toBe('lines.0.approvedQuantity');
    const member = await call(env.db, 'requisition.approve', { id: requisition.id }, as('member'));
    expect(!member.ok && member.error.code).toBe('FORBIDDEN');
    const approved = await ok(env.db, 'requisition.approve', { id: requisition.id, lines: [{ id: first!.id, approvedQuantity: 6 * BOX, reason: '中心库存紧张' }] }, as('officer'));
    expect(approved.requisition.status).toBe('approved');
    // The member reads the change and its reason in the history.
    expect(approved.requisition.events.at(-1)).toMatchObject({ transition: 'approve', actorName: 'officer', reason: '阿莫西林胶囊 核准 6盒（请领 10盒）：中心库存紧张' });
    expect(approved.requisition.lines.map((l) => [l.approved, l.approveReason, l.backOrder])).toEqual([
      [144, '中心库存紧张', 144],
      [96, '', 96],
    ]);
    expect(backOrders(env.db, requisition.id)).toEqual([
      { requisitionLineId: first!.id, itemId: item, quantity: 144 },
      { requisitionLineId: requisition.lines[1]!.id, itemId: item2, quantity: 96 },
    ]);
    const owed = await ok(env.db, 'requisition.backOrders', {}, as('member'));
    expect(owed.backOrders.filter((b) => b.requisitionId === requisition.id).map((b) => b.quantity)).toEqual([144, 96]);
    // Closed: nothing is owed any more.
    await ok(env.db, 'requisition.close', { id: requisition.id, reason: '不再配送' }, as('officer'));
    expect(backOrders(env.db, requisition.id)).toEqual([]);
  });

  it('reject needs a reason', async () => {
    const { requisition } = await ok(env.db, 'requisition.create', { storeId: w.ownStore, lines: [{ itemId: item, quantity: BOX }] }, as('member'));
    await ok(env.db, 'requisition.submit', { id: requisition.id }, as('member'));
    const bare = await call(env.db, 'requisition.reject', { id: requisition.id }, as('officer'));
    expect(!bare.ok && bare.error.fields?.[0]?.path).toBe('reason');
    const rejected = await ok(env.db, 'requisition.reject', { id: requisition.id, reason: '请合并到月度请领' }, as('officer'));
    expect(rejected.requisition.status).toBe('rejected');
    expect(rejected.requisition.events.at(-1)?.reason).toBe('请合并到月度请领');
  });
});

describe('the township reviews its village clinics', () => {
  it('not configured: no review, the village requisition goes straight to the officer', async () => {
    await setBudget(w.village, 100_000, 'block');
    const { requisition } = await ok(env.db, 'requisition.create', { storeId: w.villageStore, lines: [{ itemId: item, quantity: BOX }] }, as('villager'));
    const submitted = await ok(env.db, 'requisition.submit', { id: requisition.id }, as('villager'));
    expect(submitted.requisition.reviewUnitId).toBeNull();
    const review = await call(env.db, 'requisition.review', { id: requisition.id }, as('member'));
    // Without the setting the township does not reach the village's records at all.
    expect(!review.ok && review.error.code).toBe('FORBIDDEN');
    const bySystem = await call(env.db, 'requisition.review', { id: requisition.id }, system);
    expect(!bySystem.ok && bySystem.error.code).toBe('CONFLICT');
    expect((await ok(env.db, 'requisition.approve', { id: requisition.id }, as('officer'))).requisition.status).toBe('approved');
  });

  it('configured: reviewed by its own township only, before the officer; sent back to draft with a reason', async () => {
    await setting({ villageViaTownship: true });
    try {
      const { requisition } = await ok(env.db, 'requisition.create', { storeId: w.villageStore, lines: [{ itemId: item, quantity: BOX }] }, as('villager'));
      const submitted = await ok(env.db, 'requisition.submit', { id: requisition.id }, as('villager'));
      expect(submitted.requisition).toMatchObject({ reviewUnitId: w.own, reviewUnitName: '青石镇卫生院' });
      const early = await call(env.db, 'requisition.approve', { id: requisition.id }, as('officer'));
      expect(!early.ok && early.error.code).toBe('CONFLICT');
      expect(!early.ok && early.error.message).toContain('须先由青石镇卫生院审核');
      // Another township, and the village itself, may not review it.
      const otherTownship = await call(env.db, 'requisition.review', { id: requisition.id }, as('otherMember'));
      expect(!otherTownship.ok && otherTownship.error.code).toBe('FORBIDDEN');
      const self = await call(env.db, 'requisition.review', { id: requisition.id }, as('villager'));
      expect(!self.ok && self.error.code).toBe('FORBIDDEN');
      // The township's pending list shows it.
      const pending = await ok(env.db, 'requisition.list', { states: ['submitted'], unitId: w.village }, as('member'));
      expect(pending.requisitions.map((r) => r.id)).toContain(requisition.id);
      const sentBack = await ok(env.db, 'requisition.sendBack', { id: requisition.id, reason: '数量偏大，请核对' }, as('member'));
      expect(sentBack.requisition.status).toBe('draft');
      await ok(env.db, 'requisition.submit', { id: requisition.id }, as('villager'));
      const reviewed = await ok(env.db, 'requisition.review', { id: requisition.id, reason: '同意' }, as('member'));
      expect(reviewed.requisition).toMatchObject({ status: 'reviewed', stateLabel: '乡镇已审核' });
      expect((await ok(env.db, 'requisition.approve', { id: requisition.id }, as('officer'))).requisition.status).toBe('approved');
      const history = (await ok(env.db, 'requisition.get', { id: requisition.id }, as('villager'))).requisition.events;
      expect(history.map((e) => [e.transition, e.actorName])).toEqual([
        ['create', 'villager'],
        ['submit', 'villager'],
        ['send_back', 'member'],
        ['submit', 'villager'],
        ['review', 'member'],
        ['approve', 'officer'],
      ]);
      // Text is normalised (full-width punctuation to ASCII) on the way in.
      expect(history[2]!.reason).toBe('数量偏大,请核对');
      // The township reads its village's requisitions and reviews them, but requests and changes only for itself.
      expect((await ok(env.db, 'requisition.get', { id: requisition.id }, as('member'))).requisition.unitId).toBe(w.village);
      const forVillage = await call(env.db, 'requisition.create', { storeId: w.villageStore, lines: [{ itemId: item, quantity: BOX }] }, as('member'));
      expect(!forVillage.ok && forVillage.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('只能为本单位') });
      const draft = (await ok(env.db, 'requisition.create', { storeId: w.villageStore, lines: [{ itemId: item, quantity: BOX }] }, as('villager'))).requisition;
      const withdraw = await call(env.db, 'requisition.cancel', { id: draft.id, reason: '代撤' }, as('member'));
      expect(!withdraw.ok && withdraw.error.code).toBe('FORBIDDEN');
    } finally {
      await setting({ villageViaTownship: false });
    }
  });
});

describe('budgets', () => {
  it('no budget set: the community rule (block by default) with remaining 0 — never unlimited', async () => {
    const { requisition } = await ok(env.db, 'requisition.create', { storeId: w.otherStore, lines: [{ itemId: item, quantity: BOX }] }, as('otherMember'));
    const blocked = await call(env.db, 'requisition.submit', { id: requisition.id }, as('otherMember'));
    expect(!blocked.ok && blocked.error.code).toBe('VALIDATION');
    expect(!blocked.ok && blocked.error.message).toContain('未设预算（可用 0）');
    expect(!blocked.ok && blocked.error.message).toContain('12.50');
    const row = (await ok(env.db, 'budget.list', { year }, as('otherMember'))).budgets;
    expect(row).toEqual([expect.objectContaining({ unitId: w.other, amountMicro: null, remainingMicro: 0, overRule: 'block', ruleSource: 'community' })]);
    // The community says warn: it goes through with the warning, recorded on the event.
    await setting({ budgetRule: 'warn' });
    try {
      const warned = await ok(env.db, 'requisition.submit', { id: requisition.id }, as('otherMember'));
      expect(warned.budgetWarning).toContain('超出预算');
      expect(warned.requisition.events.at(-1)?.reason).toContain('超出预算');
    } finally {
      await setting({ budgetRule: 'block' });
    }
  });

  it('a budget with block refuses what exceeds the remaining (naming budget, remaining, value); with warn it passes with a warning', async () => {
    const { budget } = await ok(env.db, 'budget.set', { unitId: w.other, year, amountMicro: 20_000_000, overRule: 'block', note: '试行' }, as('finance'));
    expect(budget).toMatchObject({ amountMicro: 20_000_000, ruleSource: 'own' });
    const remaining = budget.remainingMicro;
    const { requisition } = await ok(env.db, 'requisition.create', { storeId: w.otherStore, lines: [{ itemId: item2, quantity: 4 * BOX }] }, as('otherMember'));
    const blocked = await call(env.db, 'requisition.submit', { id: requisition.id }, as('otherMember'));
    expect(!blocked.ok && blocked.error.message).toMatch(/金额 50\.00 元，超出预算：白沙镇卫生院 \d{4} 年度预算可用 [\d.-]+ 元/);
    expect(remaining).toBeLessThan(50_000_000);
    await ok(env.db, 'budget.set', { unitId: w.other, year, amountMicro: 20_000_000, overRule: 'warn', note: '' }, as('officer'));
    const warned = await ok(env.db, 'requisition.submit', { id: requisition.id }, as('otherMember'));
    expect(warned.budgetWarning).toContain('超预算提醒');
    // Raised: the officer's approval is within it.
    await ok(env.db, 'budget.set', { unitId: w.other, year, amountMicro: 1_000_000_000, overRule: 'block', note: '' }, as('officer'));
    const approved = await ok(env.db, 'requisition.approve', { id: requisition.id }, as('officer'));
    expect(approved.budgetWarning).toBeNull();
    const after = (await ok(env.db, 'budget.list', { year }, as('officer'))).budgets.find((b) => b.unitId === w.other)!;
    // The earlier warned requisition (1 box, submitted) is not committed until approved; this one is (4 boxes).
    expect(after.committedMicro).toBe(50_000_000);
    expect(after.remainingMicro).toBe(1_000_000_000 - 50_000_000);
    const audit = env.db.$client.prepare("SELECT summary FROM audit_log WHERE target = ? ORDER BY seq").all(`budget:${w.other}:${year}`) as { summary: string }[];
    expect(JSON.parse(audit[1]!.summary)).toMatchObject({ before: { amountMicro: 20_000_000, overRule: 'block' }, after: { overRule: 'warn' } });
  });

  it('budget.set is for budget.manage holders only, and a member sees only their own units', async () => {
    const member = await call(env.db, 'budget.set', { unitId: w.own, year, amountMicro: 1, overRule: 'block' }, as('member'));
    expect(!member.ok && member.error.code).toBe('FORBIDDEN');
    const keeper = await call(env.db, 'budget.set', { unitId: w.own, year, amountMicro: 1, overRule: 'block' }, as('keeper'));
    expect(!keeper.ok && keeper.error.code).toBe('FORBIDDEN');
    const rows = (await ok(env.db, 'budget.list', { year }, as('member'))).budgets;
    expect(rows.map((r) => r.unitId)).toEqual([w.own]);
    const all = (await ok(env.db, 'budget.list', { year }, as('officer'))).budgets;
    expect(all.map((r) => r.unitId).sort()).toEqual([w.own, w.other, w.village, w.otherVillage].sort());
  });
});

/** A transfer shipment of a requisition line written straight (the shipments module is another's). */
function shipmentFor(requisitionId: number, lineId: number, itemId: number, quantity: number, state: 'allocated' | 'shipped' | 'received' | 'cancelled', received?: number) {
  const ctx = testContext(env.db);
  return inTransaction(env.db.$client, true, () => {
    const doc = createDocument(ctx, shipmentType);
    const transit = ctx.db.$client.prepare("SELECT id FROM stock_locations WHERE kind = 'transit' AND unit_id = ?").get(w.own) as { id: number } | undefined;
    const transitId =
      transit?.id ??
      Number(ctx.db.$client.prepare("INSERT INTO stock_locations (kind, store_id, unit_id, name, created_at) VALUES ('transit', NULL, ?, '在途', ?)").run(w.own, ctx.now.toISOString()).lastInsertRowid);
    ctx.db.$client
      .prepare("INSERT INTO shipments (document_id, kind, requisition_id, from_store_id, to_store_id, member_unit_id, transit_location_id) VALUES (?, 'transfer', ?, ?, ?, ?, ?)")
      .run(doc.id, requisitionId, w.central, w.ownStore, w.own, transitId);
    const batch = (ctx.db.$client.prepare('SELECT id FROM stock_batches WHERE item_id = ? ORDER BY id LIMIT 1').get(itemId) as { id: number }).id;
    const slId = Number(
      ctx.db.$client
        .prepare('INSERT INTO shipment_lines (document_id, line_no, requisition_line_id, item_id, batch_id, quantity, amount_micro) VALUES (?, 1, ?, ?, ?, ?, ?)')
        .run(doc.id, lineId, itemId, batch, quantity, (quantity / BOX) * 12_500_000).lastInsertRowid,
    );
    if (received !== undefined) {
      ctx.db.$client.prepare("INSERT INTO shipment_receipts (shipment_line_id, document_id, received_quantity, at, actor_name) VALUES (?, ?, ?, ?, 'test')").run(slId, doc.id, received, ctx.now.toISOString());
    }
    const at = new Date().toISOString();
    if (state !== 'allocated') {
      ctx.db.$client.prepare("UPDATE documents SET state = ?, version = version + 1, posted = 1 WHERE id = ?").run(state, doc.id);
      ctx.db.$client
        .prepare("INSERT INTO document_events (document_id, version, transition, from_state, to_state, actor_name, at) VALUES (?, 2, ?, 'allocated', ?, 'test', ?)")
        .run(doc.id, state === 'cancelled' ? 'cancel' : 'ship', state, at);
    }
    return { shipmentId: doc.id, shipmentLineId: slId };
  });
}

describe('the centre’s stock hints', () => {
  it('each line says what the central store can send now; the list counts the lines it cannot cover', async () => {
    const { requisition } = await ok(env.db, 'requisition.create', { storeId: w.ownStore, lines: [{ itemId: item2, quantity: 2 * BOX }, { itemId: townshipOnly, quantity: 120 * BOX }] }, as('member'));
    await ok(env.db, 'requisition.submit', { id: requisition.id }, as('member'));
    const got = (await ok(env.db, 'requisition.get', { id: requisition.id }, as('officer'))).requisition;
    // 100 boxes each at the centre: the second line (120 boxes) is short.
    expect(got.lines.map((l) => l.centralAvailable)).toEqual([100 * BOX, 100 * BOX]);
    expect(got.centralShortLines).toBe(1);
    const listed = (await ok(env.db, 'requisition.list', { states: ['submitted'] }, as('officer'))).requisitions.find((r) => r.id === requisition.id)!;
    expect(listed.centralShortLines).toBe(1);
    await ok(env.db, 'requisition.reject', { id: requisition.id, reason: '测试' }, as('officer'));
  });
});

describe('a line’s stock hints and progress', () => {
  it('on hand, average monthly consumption (107 out, reversals net out), incoming, suggested; allocated, shipped, received, back-order with 重新发货', async () => {
    const hinted = insertItem(env.db, { code: 'QL0100', name: '二甲双胍片' });
    setLevels(hinted, 1, 1, 1);
    receive(env.db, { itemId: hinted, storeId: w.central, quantity: 50 * BOX, batchNo: 'H1', expiry: '2029-01-31' });
    // The township has 2 boxes; it issued 30 boxes to patients over three months (one 6-box issue reversed).
    const { batchId } = receive(env.db, { itemId: hinted, storeId: w.ownStore, quantity: 40 * BOX, batchNo: 'T1', expiry: '2028-12-31' });
    const location = (env.db.$client.prepare('SELECT id FROM stock_locations WHERE store_id = ?').get(w.ownStore) as { id: number }).id;
    moveStock(env.db, [{ itemId: hinted, batchId, fromLocationId: location, toLocationId: null, quantity: 30 * BOX, changeType: '107' }]);
    const wrong = moveStock(env.db, [{ itemId: hinted, batchId, fromLocationId: location, toLocationId: null, quantity: 6 * BOX, changeType: '107' }]);
    reverseSlip(env.db, wrong.documentId);
    // Another approved requisition of the store still owes 18 boxes of it.
    const owing = approvedRequisitionForTest(env.db, { unitId: w.own, storeId: w.ownStore, lines: [{ itemId: hinted, quantity: 20 * BOX, approved: 18 * BOX }] });
    const fixture = approvedRequisitionForTest(env.db, { unitId: w.own, storeId: w.ownStore, lines: [{ itemId: item, quantity: 20 * BOX, approved: 18 * BOX }] });
    const [lineId] = fixture.lineIds;
    shipmentFor(fixture.id, lineId!, item, 10 * BOX, 'received', 9 * BOX);
    const short = shipmentFor(fixture.id, lineId!, item, 4 * BOX, 'shipped');
    shipmentFor(fixture.id, lineId!, item, 2 * BOX, 'allocated');
    shipmentFor(fixture.id, lineId!, item, 2 * BOX, 'cancelled');
    env.db.$client
      .prepare(
        "INSERT INTO shipment_discrepancies (document_id, shipment_line_id, kind, quantity, reason, opened_at, opened_by, status, resolution, resolved_by, resolved_at) VALUES (?, ?, 'short', ?, '短少', ?, 'test', 'resolved', 'reshipped', 'test', ?)",
      )
      .run(short.shipmentId, short.shipmentLineId, BOX, new Date().toISOString(), new Date().toISOString());
    const line = (await ok(env.db, 'requisition.get', { id: fixture.id }, as('member'))).requisition.lines[0]!;
    // approved 18, allocated 10 + 4 + 2 (the cancelled one not), shipped 14, received 9, back-order 18 − 16 + 1 reshipped = 3 boxes.
    expect([line.approved, line.allocated, line.shipped, line.received, line.backOrder].map((q) => q! / BOX)).toEqual([18, 16, 14, 9, 3]);
    expect(backOrders(env.db, fixture.id)).toEqual([{ requisitionLineId: lineId, itemId: item, quantity: 3 * BOX }]);

    // on hand 10 boxes, 30 boxes issued in three months = 10 a month, township target 2 months: 20 − 10 − 18 owed < 0.
    const hints = (await ok(env.db, 'requisition.suggest', { storeId: w.ownStore, itemIds: [hinted] }, as('member'))).suggestions[0]!;
    expect(hints).toMatchObject({ onHand: 10 * BOX, avgMonthly: 10 * BOX, otherBackOrders: 18 * BOX, suggested: 0 });
    // Without the back-order: 20 − 10 = 10 boxes.
    await ok(env.db, 'requisition.close', { id: owing.id, reason: '测试' }, as('officer'));
    const after = (await ok(env.db, 'requisition.suggest', { storeId: w.ownStore, itemIds: [hinted] }, as('member'))).suggestions[0]!;
    expect(after).toMatchObject({ otherBackOrders: 0, suggested: 10 * BOX });
    const fresh = await ok(env.db, 'requisition.create', { storeId: w.ownStore, lines: [{ itemId: hinted, quantity: BOX }] }, as('member'));
    expect(fresh.requisition.lines[0]).toMatchObject({ onHand: 240, avgMonthly: 240, otherBackOrders: 0, suggested: 240 });
  });

  it('suggest lists every item of the unit’s level with stock or consumption, in whole issue packs', async () => {
    const { suggestions, targetMonths } = await ok(env.db, 'requisition.suggest', { storeId: w.ownStore }, as('member'));
    expect(targetMonths).toBe(2);
    expect(suggestions.length).toBeGreaterThan(0);
    for (const s of suggestions) {
      expect(s.unitId).toBe(w.own);
      expect(s.suggested % s.issuePackFactor).toBe(0);
      expect(s.suggested).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('back-orders in 采购建议', () => {
  it('purchaseNeeds returns every open back-order for the central store, nothing for a member store; 采购建议 suggests what stock does not cover', async () => {
    const scarce = insertItem(env.db, { code: 'QL0200', name: '缺货药品' });
    setLevels(scarce, 1, 1, 1);
    receive(env.db, { itemId: scarce, storeId: w.central, quantity: 2 * BOX, batchNo: 'S1', expiry: '2029-01-31' });
    const fixture = approvedRequisitionForTest(env.db, { unitId: w.own, storeId: w.ownStore, lines: [{ itemId: scarce, quantity: 5 * BOX }] });
    const needs = purchaseNeeds(env.db, w.central).filter((n) => n.itemId === scarce);
    expect(needs).toEqual([{ itemId: scarce, quantity: 5 * BOX, source: expect.stringMatching(/^请领单 QL\d{4}-\d{6} 青石镇卫生院$/) }]);
    expect(purchaseNeeds(env.db, w.ownStore)).toEqual([]);
    const { rows } = await ok(env.db, 'purchaseOrder.suggestions', {}, as('officer'));
    const row = rows.find((s) => s.itemId === scarce);
    // 5 boxes owed, 2 on hand: 3 boxes to buy.
    expect(row?.suggested).toBe(3 * BOX);
    await ok(env.db, 'requisition.close', { id: fixture.id, reason: '测试结束' }, as('officer'));
    expect(purchaseNeeds(env.db, w.central).filter((n) => n.itemId === scarce)).toEqual([]);
  });
});

describe('distribution settings', () => {
  it('the officer changes them (audited with before and after); Chinese validation; a member may not', async () => {
    const bad = await call(env.db, 'distribution.settings.update', { targetMonths: { county: 1, township: -1, village: 1 } }, as('officer'));
    expect(!bad.ok && bad.error.fields?.[0]).toMatchObject({ path: 'targetMonths.township', message: expect.stringContaining('不能为负') });
    const member = await call(env.db, 'distribution.settings.update', { villageViaTownship: true }, as('member'));
    expect(!member.ok && member.error.code).toBe('FORBIDDEN');
    const { settings } = await setting({ targetMonths: { county: 1, township: 3, village: 1 } });
    expect(settings.targetMonths.township).toBe(3);
    const audit = env.db.$client.prepare("SELECT summary FROM audit_log WHERE target = 'settings:distribution' ORDER BY seq DESC LIMIT 1").get() as { summary: string };
    expect(JSON.parse(audit.summary)).toMatchObject({ before: { targetMonths: { township: 2 } }, after: { targetMonths: { township: 3 } } });
    expect((await ok(env.db, 'distribution.settings.get', {}, as('member'))).settings.targetMonths.township).toBe(3);
    await setting({ targetMonths: { county: 1, township: 2, village: 1 } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vbpTerms } from '../../core/api/formulary.js';
import { agreementYear, VBP_BOUGHT_SQL, vbpBehind, vbpMonitor } from '../../core/vbp/monitoring.js';
import { emptyItemValues, itemFormValues, toItemInput } from '../../renderer/src/pages/formulary/itemFormValues.js';
import { memberStockCommunity } from './member-stock-support.js';
import { seedVbpFixture, type VbpFixture } from './vbp-support.js';

/**
 * 集采监测 figures against hand-computed expectations (vbp-support.ts lists the moves), as of 2026-07-01.
 *
 * Calendar 2026 (氨氯地平片): 365 days, 1 January … 1 July = 182 elapsed → 182 / 365 = 49.86 % → 4986 bp.
 *   community: 280 (1 January, 01:00 local) + 14,000 + 5,600 − 560 (退货) + 1,960 (直配 B) = 21,280 of 36,500
 *     → 5830 bp; projection ⌊21,280 × 365 / 182⌋ = 42,676; savings (28.00 − 2.80) ÷ 28 × 21,280 = 0.90 × 21,280 = 19,152 元.
 *   unit A: 2,800 (签收) − 280 (退库) = 2,520 of 7,300 → 3452 bp, 15.3 points behind → behind at 10, not at 20;
 *     projection ⌊2,520 × 365 / 182⌋ = 5,053; savings 2,268 元. (The 1,400 shipped on 28 June is still in transit.)
 *   unit B: 1,960 of 3,650 → 5369 bp, ahead; projection ⌊1,960 × 365 / 182⌋ = 3,930; savings 1,764 元.
 * From 1 April 2026 (二甲双胍片): 365 days, 92 elapsed → 2520 bp.
 *   community: 600 + 300 − 300 (冲销) = 600 of 10,950 → 547 bp, 19.7 points behind → behind at 10, not at 20;
 *     projection ⌊600 × 365 / 92⌋ = 2,380; savings (6.00 − 1.50) ÷ 30 × 600 = 90 元.
 *   unit A: 0 of 3,650 → behind (25.2 points) at 10 and at 20.
 */
let c: Awaited<ReturnType<typeof memberStockCommunity>>;
let fx: VbpFixture;
const asOf = '2026-07-01';

beforeAll(async () => {
  c = await memberStockCommunity();
  fx = seedVbpFixture(c.db, { leadId: c.leadId, centralStore: c.centralStore, unitA: { id: c.ownUnit, store: c.ownStore }, unitB: { id: c.otherUnit, store: c.otherStore } });
});
afterAll(() => c.env.dispose());

describe('agreement year', () => {
  it('defaults to the calendar year, else runs from yearStart to the day before its anniversary', () => {
    expect(agreementYear(undefined, '2026-07-01')).toEqual({ start: '2026-01-01', end: '2026-12-31', days: 365, elapsedDays: 182 });
    expect(agreementYear('2025-04-01', '2026-03-31')).toEqual({ start: '2025-04-01', end: '2026-03-31', days: 365, elapsedDays: 365 });
    expect(agreementYear('2025-04-01', '2026-04-01')).toEqual({ start: '2026-04-01', end: '2027-03-31', days: 365, elapsedDays: 1 });
    // Before the agreement starts: its first year, nothing elapsed.
    expect(agreementYear('2026-09-01', '2026-07-01')).toEqual({ start: '2026-09-01', end: '2027-08-31', days: 365, elapsedDays: 0 });
    // A leap year has 366 days.
    expect(agreementYear('2027-03-01', '2028-02-29')).toMatchObject({ start: '2027-03-01', end: '2028-02-29', days: 366, elapsedDays: 366 });
  });
});

describe('vbp terms', () => {
  it('old terms without the issue-10 fields still parse; the new ones are checked', () => {
    const old = vbpTerms.parse({ batch: '第五批', agreedPriceMicro: 1_000_000, annualVolume: 1_000, unitVolumes: [] });
    expect(old.yearStart).toBeUndefined();
    expect(old.referencePriceMicro).toBeUndefined();
    expect(vbpTerms.parse({ batch: '第五批', agreedPriceMicro: 1, annualVolume: 1 }).unitVolumes).toEqual([]);
    const bad = vbpTerms.safeParse({ batch: '第五批', agreedPriceMicro: 1, annualVolume: 1, yearStart: '2028-02-29', referencePriceMicro: -5 });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['yearStart', '协议年度起始日不能是 2 月 29 日'],
      ['referencePriceMicro', '金额不能为负'],
    ]);
    expect(vbpTerms.safeParse({ batch: '第五批', agreedPriceMicro: 1, annualVolume: 1, yearStart: '2026-13-01' }).error!.issues[0]!.message).toBe('协议年度起始日不是有效日期');
  });
});

describe('the item form', () => {
  it('edits the two new terms as text and leaves them out when blank', () => {
    const terms = { batch: '第七批', agreedPriceMicro: 2_800_000, annualVolume: 36_500, unitVolumes: [], yearStart: '2026-04-01', referencePriceMicro: 28_000_000 };
    const values = itemFormValues({ vbp: terms });
    expect(values.vbp).toMatchObject({ agreedPriceMicro: '2.80', yearStart: '2026-04-01', referencePriceMicro: '28.00' });
    expect(toItemInput(values).vbp).toEqual(terms);
    const blank = { ...emptyItemValues(), vbpEnabled: true, vbp: { ...values.vbp, yearStart: ' ', referencePriceMicro: '' } };
    expect(toItemInput(blank).vbp).toEqual({ batch: '第七批', agreedPriceMicro: 2_800_000, annualVolume: 36_500, unitVolumes: [] });
    // Old terms load with both blank.
    expect(itemFormValues({ vbp: { batch: '第五批', agreedPriceMicro: 1_000_000, annualVolume: 10, unitVolumes: [] } }).vbp).toMatchObject({ yearStart: '', referencePriceMicro: '' });
    // An unreadable price is sent as -1, for the contract's own message.
    expect(toItemInput({ ...blank, vbp: { ...blank.vbp, referencePriceMicro: '2.8元x' } }).vbp?.referencePriceMicro).toBe(-1);
  });
});

describe('vbp.monitor', () => {
  it('computes completion, elapsed share, projection, behind and savings as worked out by hand', async () => {
    const out = await c.ok('vbp.monitor', { asOf }, 'officer');
    expect(out.marginPp).toBe(10);
    const [al, ej] = out.products;
    expect(al).toMatchObject({
      itemId: fx.amlodipine,
      yearStart: '2026-01-01',
      yearEnd: '2026-12-31',
      calendarYear: true,
      agreed: 36_500,
      bought: 21_280,
      completionBp: 5830,
      elapsedBp: 4986,
      gap: 15_220,
      projection: 42_676,
      behind: false,
      savingsMicro: 19_152_000_000,
      boughtAmountMicro: 2_128_000_000,
      agreedAmountMicro: 3_650_000_000,
    });
    expect(al!.units).toEqual([
      { unitId: c.ownUnit, unitCode: 'WS01', unitName: '青石镇卫生院', agreed: 7_300, bought: 2_520, completionBp: 3452, elapsedBp: 4986, gap: 4_780, projection: 5_053, behind: true, savingsMicro: 2_268_000_000, boughtAmountMicro: 252_000_000 },
      { unitId: c.otherUnit, unitCode: 'WS02', unitName: '白沙镇卫生院', agreed: 3_650, bought: 1_960, completionBp: 5369, elapsedBp: 4986, gap: 1_690, projection: 3_930, behind: false, savingsMicro: 1_764_000_000, boughtAmountMicro: 196_000_000 },
    ]);
    expect(ej).toMatchObject({ itemId: fx.metformin, yearStart: '2026-04-01', yearEnd: '2027-03-31', calendarYear: false, agreed: 10_950, bought: 600, completionBp: 547, elapsedBp: 2520, projection: 2_380, behind: true, savingsMicro: 90_000_000 });
    expect(ej!.units).toEqual([
      { unitId: c.ownUnit, unitCode: 'WS01', unitName: '青石镇卫生院', agreed: 3_650, bought: 0, completionBp: 0, elapsedBp: 2520, gap: 3_650, projection: 0, behind: true, savingsMicro: 0, boughtAmountMicro: 0 },
    ]);
    expect(out.totals).toEqual({
      products: 2,
      behindProducts: 1,
      behindUnits: 2,
      agreedAmountMicro: 4_197_500_000,
      boughtAmountMicro: 2_158_000_000,
      completionByAmountBp: 5141,
      savingsMicro: 19_242_000_000,
    });
    // The export: each product's community row, then its units'.
    expect(out.rows.map((r) => [r.scopeText, r.itemName, r.completionText, r.elapsedText, r.behindText, r.savingsText])).toEqual([
      ['全医共体', '氨氯地平片', '58.3%', '49.8%', '正常', '19152.00'],
      ['青石镇卫生院', '氨氯地平片', '34.5%', '49.8%', '落后', '2268.00'],
      ['白沙镇卫生院', '氨氯地平片', '53.6%', '49.8%', '正常', '1764.00'],
      ['全医共体', '二甲双胍片', '5.4%', '25.2%', '落后', '90.00'],
      ['青石镇卫生院', '二甲双胍片', '0%', '25.2%', '落后', '0.00'],
    ]);
  });

  it('decides behind by the saved margin, and only behind rows with behindOnly', async () => {
    expect((await c.call('vbp.settings.save', { marginPp: 20 }, 'officer')).ok).toBe(true);
    try {
      const out = await c.ok('vbp.monitor', { asOf }, 'officer');
      expect(out.marginPp).toBe(20);
      expect(out.products.map((p) => [p.behind, ...p.units.map((u) => u.behind)])).toEqual([
        [false, false, false],
        [false, true],
      ]);
      const behind = await c.ok('vbp.monitor', { asOf, behindOnly: true }, 'officer');
      expect(behind.products.map((p) => [p.itemId, p.units.map((u) => u.unitId)])).toEqual([[fx.metformin, [c.ownUnit]]]);
    } finally {
      await c.ok('vbp.settings.save', { marginPp: 10 }, 'officer');
    }
  });

  it('before the agreement year starts nothing is bought or behind; one unit can be chosen', async () => {
    const early = vbpMonitor(c.db, '2026-03-31', { units: null, itemId: fx.metformin });
    // 二甲双胍片's year containing 31 March 2026 would start 1 April 2025, before its first start: its first year.
    expect(early.products[0]).toMatchObject({ yearStart: '2026-04-01', bought: 0, elapsedBp: 0, projection: null, behind: false });
    const one = await c.ok('vbp.monitor', { asOf, unitId: c.otherUnit }, 'officer');
    expect(one.products.map((p) => p.units.map((u) => u.unitId))).toEqual([[c.otherUnit], []]);
    expect(one.rows.map((r) => r.scopeText)).toEqual(['白沙镇卫生院']);
  });
});

describe('vbpBehind (for the 集采 behind alerts)', () => {
  it('lists every behind product and unit with title-ready figures', () => {
    const entries = vbpBehind(c.db, asOf);
    expect(entries.map((e) => [e.kind, e.itemId, e.unitId, e.completionText, e.elapsedText])).toEqual([
      ['unit', fx.amlodipine, c.ownUnit, '34.5%', '49.8%'],
      ['product', fx.metformin, null, '5.4%', '25.2%'],
      ['unit', fx.metformin, c.ownUnit, '0%', '25.2%'],
    ]);
    expect(entries[0]).toMatchObject({
      key: `vbp:${fx.amlodipine}:${c.ownUnit}:2026-01-01`,
      title: '集采进度落后：氨氯地平片 5mg（青石镇卫生院）',
      detail: '第七批国家组织药品集采 协议年度 2026-01-01 至 2026-12-31：已完成 34.5%，时间已过 49.8%（落后超过 10 个百分点）；已采 2,520 / 7,300 片，预计年底 5,053 片',
      link: '/vbp-monitoring',
    });
  });
});

describe('vbp.trace', () => {
  it('lists the lines each figure was computed from, with their document numbers; they add up to the figure', async () => {
    const community = await c.ok('vbp.trace', { itemId: fx.amlodipine, asOf }, 'officer');
    expect(community.lines.map((l) => [l.documentNumber, l.changeType, l.quantity, l.date])).toEqual([
      [fx.documents['alNewYear'], '108', 280, '2026-01-01'],
      [fx.documents['alFeb'], '108', 14_000, '2026-02-10'],
      [fx.documents['alMar'], '108', 5_600, '2026-03-05'],
      [fx.documents['alReturn'], '109', -560, '2026-05-20'],
      [fx.documents['alDirectB'], '108', 1_960, '2026-06-15'],
    ]);
    expect(community.total).toBe(21_280);
    const unitA = await c.ok('vbp.trace', { itemId: fx.amlodipine, unitId: c.ownUnit, asOf }, 'officer');
    expect(unitA.lines.map((l) => [l.documentNumber, l.changeType, l.quantity, l.unitName])).toEqual([
      [fx.documents['alConfirmA'], '101', 2_800, '青石镇卫生院'],
      [fx.documents['alMemberReturnA'], '102', -280, '青石镇卫生院'],
    ]);
    expect(unitA.total).toBe(2_520);
    const ej = await c.ok('vbp.trace', { itemId: fx.metformin, asOf }, 'officer');
    expect(ej.lines.map((l) => [l.documentNumber, l.quantity, l.reversal])).toEqual([
      [fx.documents['ejApr'], 600, false],
      [fx.documents['ejJun'], 300, false],
      [fx.documents['ejJunReversal'], -300, true],
    ]);
    expect(ej.total).toBe(600);
  });
});

describe('permissions', () => {
  it('a member pharmacist sees only their own unit’s rows and traces only their own unit', async () => {
    const out = await c.ok('vbp.monitor', { asOf }, 'member');
    expect(out.products.map((p) => p.units.map((u) => u.unitId))).toEqual([[c.ownUnit], [c.ownUnit]]);
    expect(out.rows.every((r) => r.unitId === c.ownUnit)).toBe(true);
    expect(out.rows).toHaveLength(2);
    // Their totals are their own unit's: 7,300 × 0.10 + 3,650 × 0.05 = 912.50 元 agreed, 252 元 bought, 2,268 元 saved.
    expect(out.totals).toEqual({ products: 2, behindProducts: 2, behindUnits: 2, agreedAmountMicro: 912_500_000, boughtAmountMicro: 252_000_000, completionByAmountBp: 2761, savingsMicro: 2_268_000_000 });
    const other = await c.call('vbp.monitor', { asOf, unitId: c.otherUnit }, 'member');
    expect(other.ok ? null : other.error.code).toBe('FORBIDDEN');
    const mine = await c.ok('vbp.trace', { itemId: fx.amlodipine, unitId: c.ownUnit, asOf }, 'member');
    expect(mine.total).toBe(2_520);
    for (const input of [{ itemId: fx.amlodipine, asOf }, { itemId: fx.amlodipine, unitId: c.otherUnit, asOf }]) {
      const refused = await c.call('vbp.trace', input, 'member');
      expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');
    }
    const save = await c.call('vbp.settings.save', { marginPp: 5 }, 'member');
    expect(save.ok ? null : save.error.code).toBe('FORBIDDEN');
  });

  it('the auditor reads everything and changes nothing; a storekeeper without vbp.read is refused', async () => {
    const out = await c.ok('vbp.monitor', { asOf }, 'auditor');
    expect(out.products.flatMap((p) => p.units).length).toBe(3);
    expect((await c.ok('vbp.settings.get', {}, 'auditor')).settings).toEqual({ marginPp: 10 });
    const save = await c.call('vbp.settings.save', { marginPp: 5 }, 'auditor');
    expect(save.ok ? null : save.error.code).toBe('FORBIDDEN');
    for (const [name, input] of [['vbp.monitor', { asOf }], ['vbp.trace', { itemId: fx.amlodipine }], ['vbp.settings.get', {}]] as const) {
      const refused = await c.call(name, input, 'keeper');
      expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');
    }
  });

  it('settings are validated with the field path and audited with before and after', async () => {
    const bad = await c.call('vbp.settings.save', { marginPp: 150 }, 'officer');
    expect(bad.ok ? null : bad.error.fields).toEqual([{ path: 'marginPp', message: '落后阈值最多 100 个百分点' }]);
    await c.ok('vbp.settings.save', { marginPp: 15 }, 'officer');
    const entry = c.db.$client.prepare("SELECT summary FROM audit_log WHERE target = 'settings:vbp' ORDER BY seq DESC LIMIT 1").get() as { summary: string };
    expect(JSON.parse(entry.summary)).toMatchObject({ before: { marginPp: 10 }, after: { marginPp: 15 } });
    await c.ok('vbp.settings.save', { marginPp: 10 }, 'officer');
  });
});

describe('old terms', () => {
  it('an item whose terms predate the new fields is monitored on the calendar year, without savings', () => {
    const id = c.db.$client.prepare("SELECT id FROM formulary_items WHERE code = 'YP0002'").get() as { id: number };
    c.db.$client.prepare('UPDATE formulary_items SET vbp = ? WHERE id = ?').run(JSON.stringify({ batch: '第五批', agreedPriceMicro: 1_000_000, annualVolume: 1_000, unitVolumes: [] }), id.id);
    try {
      const p = vbpMonitor(c.db, asOf, { units: null, itemId: id.id }).products[0]!;
      expect(p).toMatchObject({ calendarYear: true, yearStart: '2026-01-01', referencePriceMicro: null, savingsMicro: null, bought: 0, behind: true });
    } finally {
      c.db.$client.prepare('UPDATE formulary_items SET vbp = NULL WHERE id = ?').run(id.id);
    }
  });
});

describe('query plans', () => {
  it('the bought figures read one item’s moves through its index, not every receipt of the year nor the whole ledger', () => {
    for (const sql of Object.values(VBP_BOUGHT_SQL)) {
      const plan = (c.db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ itemId: fx.amlodipine, from: '2026-01-01', to: '2026-07-02' }) as { detail: string }[]).map((r) => r.detail);
      expect(plan[0], plan.join(' | ')).toMatch(/^SEARCH m USING (COVERING )?INDEX stock_moves_item_idx \(item_id=\?\)/);
      expect(plan.join(' | ')).not.toMatch(/SCAN m\b/);
    }
  });
});

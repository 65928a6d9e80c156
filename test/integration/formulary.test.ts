import { afterAll, describe, expect, it } from 'vitest';
import { call, ok } from '../support/db.js';
import { addApproved, amoxicillin, formularyCommunity } from './formulary-fixtures.js';
import { PRICE_IN_FORCE_SQL } from '../../core/formulary/prices.js';

const env = await formularyCommunity();
afterAll(() => env.dispose());
const as = (sessionToken: string) => ({ sessionToken });
const officer = () => as(env.officer);

const nifedipine = {
  ...amoxicillin(),
  genericName: '硝苯地平缓释片(Ⅱ)',
  dosageForm: '缓释片',
  spec: '20mg',
  manufacturer: '扬子江药业集团有限公司',
  approvalNo: '国药准字H32026215',
  standardCode: '86902611000017',
  insuranceCode: 'XC08CAN020A005010102611',
  baseUnit: '片',
  packs: [{ unit: '盒', factor: 30 }],
  antibacterialTier: '' as const,
  levels: { county: true, township: true, village: false },
};
const syringe = {
  ...amoxicillin(),
  genericName: '一次性使用无菌注射器',
  dosageForm: '',
  spec: '5ml 带针',
  manufacturer: '山东威高集团医用高分子制品股份有限公司',
  approvalNo: '国械注准20193140123',
  standardCode: '',
  insuranceCode: 'C13010100101001013701',
  category: 'consumable' as const,
  baseUnit: '支',
  packs: [{ unit: '盒', factor: 100 }],
  issueUnit: '支',
  insuranceClass: '' as const,
  essential: false,
  antibacterialTier: '' as const,
};

const amoxId = await addApproved(env, amoxicillin());
const nifeId = await addApproved(env, nifedipine);
const syringeId = await addApproved(env, { ...syringe, insuranceCode: 'C1301010010100101370' });

describe('item validation', () => {
  it('reports every bad code on its own field, not just the first', async () => {
    const item = amoxicillin({
      insuranceCode: 'X123',
      approvalNo: '国药准字123',
      standardCode: '12345',
      packs: [{ unit: '盒', factor: 0 }],
      purchaseUnit: '箱',
      coldChain: true,
    });
    const r = await call(env.db, 'changeRequest.propose', { kind: 'add', item, reason: '测试' }, officer());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    const paths = r.error.fields!.map((f) => f.path).sort();
    expect(paths).toEqual(
      [
        'item.approvalNo',
        'item.insuranceCode',
        'item.packs.0.factor',
        'item.purchaseUnit',
        'item.standardCode',
        'item.storageTempMin',
      ].sort(),
    );
    for (const f of r.error.fields!) expect(f.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('checks consumable codes and registrations with the device rules', async () => {
    const r = await call(
      env.db,
      'changeRequest.propose',
      { kind: 'add', item: { ...syringe, insuranceCode: 'XJ01CAA001B001010101021', approvalNo: '国药准字H13023964' }, reason: '测试' },
      officer(),
    );
    expect(!r.ok && r.error.fields!.map((f) => f.path).sort()).toEqual(['item.approvalNo', 'item.insuranceCode']);
  });

  it('refuses controlled drugs at village level and an item with no level', async () => {
    const r = await call(
      env.db,
      'changeRequest.propose',
      { kind: 'add', item: amoxicillin({ controlledClass: 'psychotropic2', insuranceCode: '' }), reason: '测试' },
      officer(),
    );
    expect(!r.ok && r.error.fields).toEqual([{ path: 'item.levels', message: expect.stringContaining('村卫生室') }]);
    const none = await call(
      env.db,
      'changeRequest.propose',
      { kind: 'add', item: amoxicillin({ insuranceCode: '', levels: { county: false, township: false, village: false } }), reason: '测试' },
      officer(),
    );
    expect(!none.ok && none.error.fields?.[0]?.path).toBe('item.levels');
  });

  it('numbers drugs YP and consumables HC, gap-free', async () => {
    expect((await ok(env.db, 'formulary.get', { id: amoxId }, officer())).item.code).toBe('YP000001');
    expect((await ok(env.db, 'formulary.get', { id: nifeId }, officer())).item.code).toBe('YP000002');
    expect((await ok(env.db, 'formulary.get', { id: syringeId }, officer())).item.code).toBe('HC000001');
  });
});

describe('level sub-catalogues', () => {
  it('a village pharmacist sees only village-level items, whatever level they ask for', async () => {
    const codes = async (token: string, input = {}) => (await ok(env.db, 'formulary.list', input, as(token))).items.map((i) => i.code);
    expect(await codes(env.village)).toEqual(['HC000001', 'YP000001']);
    expect(await codes(env.village, { level: 'county' })).toEqual(['HC000001', 'YP000001']);
    expect(await codes(env.township)).toEqual(['HC000001', 'YP000001', 'YP000002']);
    expect(await codes(env.officer, { level: 'village' })).toEqual(['HC000001', 'YP000001']);
    const search = (await ok(env.db, 'formulary.search', { q: 'xbdp', level: 'county' }, as(env.village))).hits;
    expect(search).toEqual([]);
  });

  it('prints the catalogue with Chinese texts, pack text and prices in yuan', async () => {
    await ok(env.db, 'formulary.setPrice', { itemId: amoxId, kind: 'listed', priceMicro: 12_500_000, effectiveFrom: '2026-01-01' }, officer());
    const [row] = (await ok(env.db, 'formulary.catalogue', { level: 'village' }, as(env.village))).rows.filter((r) => r.code === 'YP000001');
    expect(row).toMatchObject({
      packText: '24粒/盒，200盒/件',
      categoryText: '西药',
      flagsText: '基药、医保甲、抗菌非限制',
      levelsText: '县/乡/村',
      listedPrice: '12.50',
      statusText: '在用',
    });
  });
});

describe('versions', () => {
  it('a past version shows the old name and levels after a change', async () => {
    const before = (await ok(env.db, 'formulary.get', { id: nifeId }, officer())).item;
    const { request } = await ok(
      env.db,
      'changeRequest.propose',
      {
        kind: 'change',
        itemId: nifeId,
        item: { ...nifedipine, tradeName: '伲福达', levels: { county: true, township: false, village: false } },
        reason: '更正',
      },
      officer(),
    );
    const applied = (await ok(
      env.db,
      'changeRequest.decide',
      { id: request.id, approve: true, resolutionNo: 'YSH2026-09', resolutionDate: '2026-03-09' },
      officer(),
    )).request;
    expect(applied.appliedVersion).toBeGreaterThan(before.version);
    const now = await ok(env.db, 'formulary.list', {}, officer());
    expect(now.version).toBe(applied.appliedVersion);
    expect(now.items.find((i) => i.id === nifeId)).toMatchObject({
      tradeName: '伲福达',
      levels: { county: true, township: false, village: false },
    });
    const past = await ok(env.db, 'formulary.list', { version: applied.appliedVersion! - 1 }, officer());
    expect(past.version).toBe(applied.appliedVersion! - 1);
    expect(past.items.find((i) => i.id === nifeId)).toMatchObject({
      tradeName: '',
      levels: { county: true, township: true, village: false },
      version: before.version,
    });
    // The township's view of that version still had it; today's does not.
    expect(
      (await ok(env.db, 'formulary.list', { level: 'township', version: applied.appliedVersion! - 1 }, officer())).items.map((i) => i.id),
    ).toContain(nifeId);
    expect((await ok(env.db, 'formulary.list', {}, as(env.township))).items.map((i) => i.id)).not.toContain(nifeId);
    // Version 1 held only the first item.
    expect((await ok(env.db, 'formulary.list', { version: 1 }, officer())).items.map((i) => i.code)).toEqual(['YP000001']);
    const bad = await call(env.db, 'formulary.list', { version: 999 }, officer());
    expect(!bad.ok && bad.error.fields?.[0]?.path).toBe('version');
  });
});

describe('prices', () => {
  it('keeps every price; the current one is the latest effective on or before today, a future one waits', async () => {
    const now = new Date('2026-03-10T04:00:00Z');
    const set = async (priceMicro: number, effectiveFrom: string, kind: 'listed' | 'negotiated' = 'listed', note = '') =>
      await call(env.db, 'formulary.setPrice', { itemId: nifeId, kind, priceMicro, effectiveFrom, note }, { ...officer(), now });
    expect((await set(30_000_000, '2026-01-01')).ok).toBe(true);
    expect((await set(28_000_000, '2026-03-01')).ok).toBe(true);
    expect((await set(26_000_000, '2026-04-01')).ok).toBe(true);
    const { item, prices } = await ok(env.db, 'formulary.get', { id: nifeId }, { ...officer(), now });
    expect(item.currentPrices.listed?.priceMicro).toBe(28_000_000);
    expect(item.currentPrices.listed?.unit).toBe('盒');
    expect(prices.map((p) => [p.effectiveFrom, p.priceMicro])).toEqual([
      ['2026-04-01', 26_000_000],
      ['2026-03-01', 28_000_000],
      ['2026-01-01', 30_000_000],
    ]);
    const later = await ok(env.db, 'formulary.get', { id: nifeId }, { ...officer(), now: new Date('2026-04-01T00:00:00Z') });
    expect(later.item.currentPrices.listed?.priceMicro).toBe(26_000_000);
  });

  it('refuses a negotiated price above the 挂网价 without a note, on the note field', async () => {
    const now = new Date('2026-03-10T04:00:00Z');
    const high = await call(
      env.db,
      'formulary.setPrice',
      { itemId: nifeId, kind: 'negotiated', priceMicro: 29_000_000, effectiveFrom: '2026-03-10' },
      { ...officer(), now },
    );
    expect(!high.ok && high.error.fields).toEqual([{ path: 'note', message: expect.stringContaining('挂网价 28.00') }]);
    const explained = await call(
      env.db,
      'formulary.setPrice',
      { itemId: nifeId, kind: 'negotiated', priceMicro: 29_000_000, effectiveFrom: '2026-03-10', note: '短缺药品，临时议价' },
      { ...officer(), now },
    );
    expect(explained.ok).toBe(true);
    expect(
      (await call(
        env.db,
        'formulary.setPrice',
        { itemId: nifeId, kind: 'negotiated', priceMicro: 27_000_000, effectiveFrom: '2026-03-10' },
        { ...officer(), now },
      )).ok,
    ).toBe(true);
  });

  it('holds consumables to their 限价', async () => {
    await ok(env.db, 'formulary.setPrice', { itemId: syringeId, kind: 'limit', priceMicro: 50_000_000, effectiveFrom: '2026-01-01' }, officer());
    const r = await call(
      env.db,
      'formulary.setPrice',
      { itemId: syringeId, kind: 'negotiated', priceMicro: 51_000_000, effectiveFrom: '2026-02-01' },
      officer(),
    );
    expect(!r.ok && r.error.fields?.[0]).toMatchObject({ path: 'note', message: expect.stringContaining('限价') });
  });

  it('looks the price in force up through its index', () => {
    // The very statement priceInForce runs, not a copy of it.
    const plan = env.db.$client.prepare(`EXPLAIN QUERY PLAN ${PRICE_IN_FORCE_SQL}`).all(1, 'listed', '2026-03-01') as { detail: string }[];
    const text = plan.map((p) => p.detail).join('\n');
    expect(text).toMatch(/USING (COVERING )?INDEX item_prices_item_kind_idx/);
    expect(text).not.toMatch(/SCAN item_prices(?! USING)/);
  });
});

describe('platform identities', () => {
  it('replaces an item’s platform ids and refuses a profile twice', async () => {
    const platformIds = [{ profile: 'national-tps', productId: 'P123456', distributors: [{ name: '国药控股清源有限公司', code: 'D001' }] }];
    expect((await ok(env.db, 'formulary.setPlatformIds', { itemId: amoxId, platformIds }, officer())).item.platformIds).toEqual(platformIds);
    const twice = await call(
      env.db,
      'formulary.setPlatformIds',
      { itemId: amoxId, platformIds: [...platformIds, { profile: 'national-tps', productId: 'P2' }] },
      officer(),
    );
    expect(!twice.ok && twice.error.fields?.[0]?.path).toBe('platformIds.1.profile');
  });
});

describe('search', () => {
  it('finds 阿莫西林 first by pinyin initials, full pinyin, code and substring', async () => {
    const first = async (q: string) => (await ok(env.db, 'formulary.search', { q }, officer())).hits[0];
    expect(await first('amxl')).toMatchObject({ genericName: '阿莫西林胶囊', matched: 'initials', packText: '24粒/盒，200盒/件' });
    expect(await first('AMOXILIN')).toMatchObject({ genericName: '阿莫西林胶囊', matched: 'pinyin' });
    expect(await first('ＸＪ01CAA001B001010101021')).toMatchObject({ code: 'YP000001', matched: 'insuranceCode' });
    expect(await first('86900483000019')).toMatchObject({ code: 'YP000001', matched: 'standardCode' });
    expect(await first('国药准字H13023964')).toMatchObject({ code: 'YP000001', matched: 'approvalNo' });
    expect(await first('YP00000')).toMatchObject({ matched: 'code' });
    expect(await first('西林')).toMatchObject({ genericName: '阿莫西林胶囊', matched: 'name' });
    expect(await first('威高')).toMatchObject({ genericName: '一次性使用无菌注射器', matched: 'manufacturer' });
    expect((await ok(env.db, 'formulary.search', { q: 'zzz' }, officer())).hits).toEqual([]);
  });

  it('sees a new item at once, and no longer offers a retired one unless asked', async () => {
    const id = await addApproved(
      env,
      amoxicillin({
        genericName: '阿莫西林颗粒',
        dosageForm: '颗粒剂',
        spec: '0.125g',
        insuranceCode: 'XJ01CAA001C001010101021',
        baseUnit: '袋',
        packs: [{ unit: '盒', factor: 12 }],
      }),
    );
    expect((await ok(env.db, 'formulary.search', { q: 'amxl' }, officer())).hits.map((h) => h.id)).toContain(id);
    const { request } = await ok(env.db, 'changeRequest.propose', { kind: 'retire', itemId: id, reason: '淘汰' }, officer());
    await ok(
      env.db,
      'changeRequest.decide',
      { id: request.id, approve: true, resolutionNo: 'R-retire', resolutionDate: '2026-03-10' },
      officer(),
    );
    expect((await ok(env.db, 'formulary.search', { q: 'amxl' }, officer())).hits.map((h) => h.id)).not.toContain(id);
    expect((await ok(env.db, 'formulary.search', { q: 'amxl', includeInactive: true }, officer())).hits.map((h) => h.id)).toContain(id);
  });

  it('ranks ties by the shorter name, then the code; a better rank beats a shorter name', async () => {
    const short = await addApproved(
      env,
      amoxicillin({ genericName: '阿莫西林片', dosageForm: '片剂', insuranceCode: 'XJ01CAA001A001010101021', baseUnit: '片' }),
    );
    const hits = (await ok(env.db, 'formulary.search', { q: 'amxl', includeInactive: true }, officer())).hits.map((h) => h.genericName);
    expect(hits).toEqual(['阿莫西林片', '阿莫西林胶囊', '阿莫西林颗粒']);
    // 'amx' is a prefix of the initials of all three, but the exact 医保代码 of the longest name comes first.
    const byCode = (await ok(env.db, 'formulary.search', { q: 'XJ01CAA001C001010101021', includeInactive: true }, officer())).hits;
    expect(byCode[0]?.genericName).toBe('阿莫西林颗粒');
    expect(short).toBeGreaterThan(0);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { call, ok } from '../support/db.js';
import { addApproved, amoxicillin, formularyCommunity } from './formulary-fixtures.js';
import type { ItemFieldsInput } from '../../core/api/index.js';

const env = await formularyCommunity();
afterAll(() => env.dispose());
const as = (sessionToken: string) => ({ sessionToken });
const officer = as(env.officer);
let serial = 0;
/** A distinct item each time (its own 医保代码 and name). */
const freshItem = (overrides: Partial<ItemFieldsInput> = {}) => {
  serial++;
  return amoxicillin({ genericName: `阿莫西林胶囊${serial}`, insuranceCode: `XJ01CAA001B0010101010${String(serial).padStart(2, '0')}`, ...overrides });
};
const resolution = (n: number) => ({ resolutionNo: `YSH2026-${n}`, resolutionDate: '2026-03-02' });

async function proposeChange(itemId: number, item: ItemFieldsInput, who = officer) {
  return (await ok(env.db, 'changeRequest.propose', { kind: 'change', itemId, item, reason: '说明书更新' }, who)).request;
}
async function approve(id: number, n: number, extra: Record<string, unknown> = {}) {
  return call(env.db, 'changeRequest.decide', { id, approve: true, ...resolution(n), ...extra }, officer);
}
const itemOf = async (id: number) => (await ok(env.db, 'formulary.get', { id }, officer)).item;
const versionCount = () => (env.db.$client.prepare('SELECT count(*) AS n FROM formulary_versions').get() as { n: number }).n;

describe('approving a change request that is out of date', () => {
  it('refuses with CONFLICT naming the fields changed since it was proposed, changing nothing', async () => {
    const base = freshItem();
    const id = await addApproved(env, base);
    const stale = await proposeChange(id, { ...base, tradeName: '阿莫仙' }, as(env.township));
    // Meanwhile another request changes two fields and is approved.
    const other = await proposeChange(id, { ...base, essential: false, dosageForm: '胶囊' });
    expect((await approve(other.id, 11)).ok).toBe(true);

    const versionsBefore = versionCount();
    const refused = await approve(stale.id, 12);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('CONFLICT');
    expect(refused.error.message).toBe(`申请 ${stale.number} 提出后，品种的剂型、国家基本药物已被修改；批准将改回申请中的值。请核对后确认覆盖再批准`);
    expect(refused.error.fields).toEqual([
      { path: 'item.dosageForm', message: '剂型在申请提出后已被修改' },
      { path: 'item.essential', message: '国家基本药物在申请提出后已被修改' },
    ]);
    const item = await itemOf(id);
    expect([item.tradeName, item.dosageForm, item.essential]).toEqual(['', '胶囊', false]);
    expect(versionCount()).toBe(versionsBefore);
    const still = (await ok(env.db, 'changeRequest.list', {}, officer)).requests.find((r) => r.id === stale.id)!;
    expect(still.status).toBe('submitted');
  });

  it('applies it when the officer confirms the overwrite, and audits which fields were set back', async () => {
    const base = freshItem();
    const id = await addApproved(env, base);
    const stale = await proposeChange(id, { ...base, tradeName: '阿莫仙' });
    expect((await approve((await proposeChange(id, { ...base, essential: false })).id, 21)).ok).toBe(true);
    expect((await approve(stale.id, 22)).ok).toBe(false);

    const done = await approve(stale.id, 22, { confirmOverwrite: true });
    expect(done.ok && done.output).toMatchObject({ request: { status: 'approved', resolutionNo: 'YSH2026-22' } });
    const item = await itemOf(id);
    expect([item.tradeName, item.essential]).toEqual(['阿莫仙', true]);
    const entry = env.db.$client
      .prepare("SELECT summary FROM audit_log WHERE operation = 'changeRequest.decide' AND target = ? ORDER BY seq DESC LIMIT 1")
      .get(`changeRequest:${stale.number}`) as { summary: string };
    expect(JSON.parse(entry.summary)).toMatchObject({ decision: 'approved', overwritten: ['essential'] });
  });

  it('does not object when nothing would be set back: a status change, the same value, or a rejection', async () => {
    const base = freshItem();
    const id = await addApproved(env, base);
    const first = await proposeChange(id, { ...base, tradeName: '阿莫仙', spec: '0.25 g' });
    const second = await proposeChange(id, { ...base, tradeName: '阿莫仙' });
    // 暂停采购 changes the item's version but none of its fields.
    const suspend = (await ok(env.db, 'changeRequest.propose', { kind: 'suspend', itemId: id, reason: '缺货' }, officer)).request;
    expect((await approve(suspend.id, 31)).ok).toBe(true);
    expect((await approve(second.id, 32)).ok).toBe(true);
    // The first also sets 商品名 to what it now is; the only field it changes (规格) nobody touched since.
    const firstDone = await approve(first.id, 33);
    expect(firstDone.ok).toBe(true);
    expect((await itemOf(id)).spec).toBe('0.25 g');
    // A rejection applies nothing, so it never conflicts.
    const stale = await proposeChange(id, { ...base, essential: false });
    expect((await approve((await proposeChange(id, { ...base, spec: '0.25 g', tradeName: '阿莫仙', essential: true, dosageForm: '硬胶囊' })).id, 34)).ok).toBe(true);
    const rejected = await ok(env.db, 'changeRequest.decide', { id: stale.id, approve: false, ...resolution(35) }, officer);
    expect(rejected.request.status).toBe('rejected');
  });

  it('catches a levels request whose levels were changed since', async () => {
    const base = freshItem();
    const id = await addApproved(env, base);
    const propose = async (levels: { county: boolean; township: boolean; village: boolean }) =>
      (await ok(env.db, 'changeRequest.propose', { kind: 'levels', itemId: id, levels, reason: '调整' }, officer)).request;
    const stale = await propose({ county: true, township: true, village: false });
    expect((await approve((await propose({ county: true, township: false, village: true })).id, 41)).ok).toBe(true);
    const refused = await approve(stale.id, 42);
    expect(!refused.ok && [refused.error.code, refused.error.fields]).toEqual([
      'CONFLICT',
      [{ path: 'item.levels', message: '可用层级在申请提出后已被修改' }],
    ]);
    expect((await approve(stale.id, 42, { confirmOverwrite: true })).ok).toBe(true);
    expect((await itemOf(id)).levels).toEqual({ county: true, township: true, village: false });
  });
});

describe('an item in use keeps its pack', () => {
  const packsMessage = '该品种已有价格、订单、入库或库存记录，最小制剂单位和包装系数不能再更改；不同的包装是新的品规，请新增品种';

  it('refuses a proposal to change the base unit or a pack factor once the item has a price; renaming a pack is fine', async () => {
    const base = freshItem();
    const id = await addApproved(env, base);
    // Before any price the pack may still be corrected.
    const early = await proposeChange(id, { ...base, packs: [{ unit: '盒', factor: 12 }, { unit: '件', factor: 200 }] });
    await ok(env.db, 'formulary.setPrice', { itemId: id, kind: 'listed', priceMicro: 12_500_000, effectiveFrom: '2026-03-01', note: '' }, officer);

    for (const item of [{ ...base, packs: [{ unit: '盒', factor: 48 }, { unit: '件', factor: 200 }] }, { ...base, baseUnit: '片' }]) {
      const refused = await call(env.db, 'changeRequest.propose', { kind: 'change', itemId: id, item, reason: '换包装' }, officer);
      expect(!refused.ok && [refused.error.code, refused.error.fields]).toEqual(['VALIDATION', [{ path: 'item.packs', message: packsMessage }]]);
    }
    // The request proposed before the price was recorded is refused when approved.
    const late = await approve(early.id, 51);
    expect(!late.ok && [late.error.code, late.error.message, late.error.fields]).toEqual(['VALIDATION', packsMessage, [{ path: 'packs', message: packsMessage }]]);
    expect((await itemOf(id)).packs).toEqual([{ unit: '盒', factor: 24 }, { unit: '件', factor: 200 }]);

    const renamed = await proposeChange(id, { ...base, packs: [{ unit: '小盒', factor: 24 }, { unit: '件', factor: 200 }], purchaseUnit: '小盒', issueUnit: '小盒' });
    expect((await approve(renamed.id, 52)).ok).toBe(true);
    expect((await itemOf(id)).packs).toEqual([{ unit: '小盒', factor: 24 }, { unit: '件', factor: 200 }]);
  });

  it('counts stock as use: an item without prices but with a batch keeps its pack, in core and in the database', async () => {
    const base = freshItem();
    const id = await addApproved(env, base);
    const sqlite = env.db.$client;
    sqlite
      .prepare(
        `INSERT INTO stock_batches (item_id, batch_no, production_date, expiry, cost_micro, cost_unit, cost_pack_factor, supplier_id, status, created_at)
         VALUES (?, 'B1', NULL, '2028-01-31', 1000000, '盒', 24, NULL, 'normal', '2026-03-01T00:00:00Z')`,
      )
      .run(id);
    const refused = await call(env.db, 'changeRequest.propose', { kind: 'change', itemId: id, item: { ...base, baseUnit: '片' }, reason: '换单位' }, officer);
    expect(!refused.ok && [refused.error.code, refused.error.fields]).toEqual(['VALIDATION', [{ path: 'item.packs', message: packsMessage }]]);
    expect(() => sqlite.prepare("UPDATE formulary_items SET base_unit = '片' WHERE id = ?").run(id)).toThrow(/pack factors cannot change/);
  });

  it('records each price with the pack and factor it was quoted in, and the database refuses a new pack under it', async () => {
    const id = await addApproved(env, freshItem({ purchaseUnit: '件' }));
    const { price } = await ok(env.db, 'formulary.setPrice', { itemId: id, kind: 'listed', priceMicro: 2_400_000_000, effectiveFrom: '2026-03-01', note: '' }, officer);
    expect([price.unit, price.packFactor]).toEqual(['件', 4800]);
    expect(() =>
      env.db.$client.prepare(`UPDATE formulary_items SET packs = '[{"unit":"盒","factor":24},{"unit":"件","factor":100}]' WHERE id = ?`).run(id),
    ).toThrow(/pack factors cannot change/);
  });
});

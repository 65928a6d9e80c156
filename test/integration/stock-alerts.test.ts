import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../core/time.js';
import { communityDate } from '../../core/time.js';
import { receive } from '../support/stock.js';
import { memberStockCommunity } from './member-stock-support.js';

/** 库存预警 per unit: 近效期 and 已过期 batches (stock.nearExpiry's bands), 低于下限 items (3 months' 107 × minStockMonths). */
const c = await memberStockCommunity();
afterAll(() => c.env.dispose());

const today = communityDate(new Date());
const period = { periodFrom: '2026-11-01', periodTo: '2026-11-30', target: 'patients' as const, department: '', note: '' };

beforeAll(async () => {
  receive(c.db, { itemId: c.amoxicillin, storeId: c.ownStore, quantity: 30, batchNo: 'NEAR-1', expiry: addMonths(today, 2) });
  receive(c.db, { itemId: c.amoxicillin, storeId: c.ownStore, quantity: 5, batchNo: 'GONE-1', expiry: addMonths(today, -1) });
  receive(c.db, { itemId: c.amoxicillin, storeId: c.ownStore, quantity: 40, batchNo: 'FAR-1', expiry: addMonths(today, 30) });
  receive(c.db, { itemId: c.ibuprofen, storeId: c.ownStore, quantity: 100, batchNo: 'IBU-1', expiry: addMonths(today, 30) });
  receive(c.db, { itemId: c.ibuprofen, storeId: c.otherStore, quantity: 10, batchNo: 'OTHER-NEAR', expiry: addMonths(today, 1) });
  // 90 粒 of 布洛芬 to patients in the last 3 months: 30 a month; 10 left < 1 month (township) → 低于下限.
  const ibu = await c.ok('consumption.create', { storeId: c.ownStore, ...period, lines: [{ itemId: c.ibuprofen, quantity: 90 }] });
  await c.ok('consumption.post', { id: ibu.consumption.id, version: 1, requestId: c.requestId() });
  // 15 粒 of 阿莫西林 (first expiry first: from NEAR-1): 5 a month, 55 on hand in date → not below.
  const amx = await c.ok('consumption.create', { storeId: c.ownStore, ...period, lines: [{ itemId: c.amoxicillin, quantity: 15 }] });
  await c.ok('consumption.post', { id: amx.consumption.id, version: 1, requestId: c.requestId() });
});

describe('stockAlert.list', () => {
  it('gives a member pharmacist the three kinds for their own unit only, with counts for the badge', async () => {
    const { rows, counts, nearExpiryMonths, consumptionMonths } = await c.ok('stockAlert.list', {});
    expect({ nearExpiryMonths, consumptionMonths }).toEqual({ nearExpiryMonths: 6, consumptionMonths: 3 });
    expect(rows.every((r) => r.unitId === c.ownUnit)).toBe(true);
    expect(counts).toEqual({ near_expiry: 1, expired: 1, below_minimum: 1 });
    expect(rows.find((r) => r.kind === 'expired')).toMatchObject({ kindLabel: '已过期', batchNo: 'GONE-1', bandLabel: '已过期', quantity: 5 });
    expect(rows.find((r) => r.kind === 'near_expiry')).toMatchObject({ kindLabel: '近效期', batchNo: 'NEAR-1', bandLabel: '≤3个月', quantity: 15 });
    expect(rows.find((r) => r.kind === 'below_minimum')).toMatchObject({
      kindLabel: '低于下限',
      itemId: c.ibuprofen,
      batchId: null,
      quantity: 10,
      averageMonthly: 30,
      minimum: 30,
      storeId: c.ownStore,
    });
  });

  it('filters by kind, keeping the counts of all kinds', async () => {
    const { rows, counts } = await c.ok('stockAlert.list', { kind: 'below_minimum' });
    expect(rows.map((r) => r.kind)).toEqual(['below_minimum']);
    expect(counts.near_expiry).toBe(1);
  });

  it('the minimum follows the level’s minStockMonths of the distribution settings', async () => {
    c.db.$client
      .prepare("INSERT INTO hub_settings (name, value, updated_at) VALUES ('distribution.settings', ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")
      .run(JSON.stringify({ minStockMonths: { township: 0.25 } }), new Date().toISOString());
    const { counts } = await c.ok('stockAlert.list', {});
    expect(counts.below_minimum).toBe(0);
    c.db.$client.prepare("DELETE FROM hub_settings WHERE name = 'distribution.settings'").run();
  });

  it('the officer sees every unit; naming another unit is refused to a member pharmacist', async () => {
    const { rows } = await c.ok('stockAlert.list', {}, 'officer');
    expect(new Set(rows.map((r) => r.unitId))).toEqual(new Set([c.ownUnit, c.otherUnit]));
    const { rows: other } = await c.ok('stockAlert.list', { unitId: c.otherUnit }, 'officer');
    expect(other.map((r) => r.batchNo)).toEqual(['OTHER-NEAR']);
    const refused = await c.call('stockAlert.list', { storeId: c.otherStore }, 'member');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('FORBIDDEN');
  });
});

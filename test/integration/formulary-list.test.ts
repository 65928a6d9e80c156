import { afterEach, describe, expect, it } from 'vitest';
import type { FormularyRow, Item } from '../../core/api/index.js';
import { formularyRow } from '../../core/api/index.js';
import { gridRow } from '../../core/formulary/catalogue.js';
import { ok } from '../support/db.js';
import { addApproved, amoxicillin, formularyCommunity } from './formulary-fixtures.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('formulary.list: the grid rows', () => {
  it('answers each item as formulary.get has it, cut to the grid columns, for today and for a past version', async () => {
    const env = await formularyCommunity();
    cleanups.push(env.dispose);
    const officer = { sessionToken: env.officer };
    const plain = await addApproved(env, amoxicillin());
    const vbp = await addApproved(
      env,
      amoxicillin({
        genericName: '盐酸二甲双胍片',
        approvalNo: '国药准字H20023370',
        insuranceCode: '',
        standardCode: '',
        tradeName: '格华止',
        essential: true,
        coldChain: true,
        storageTempMin: 2,
        storageTempMax: 8,
        vbp: {
          batch: '第九批',
          agreedPriceMicro: 1_200_000,
          annualVolume: 12_000,
          unitVolumes: [{ unitId: env.townshipId, volume: 2_400 }],
          yearStart: '2026-04-01',
          referencePriceMicro: 4_800_000,
        },
        levels: { county: true, township: true, village: false },
      }),
      'YSH2026-02',
    );
    await ok(
      env.db,
      'formulary.setPrice',
      { itemId: vbp, kind: 'listed', priceMicro: 12_500_000, effectiveFrom: '2026-01-01', note: '' },
      officer,
    );
    await ok(
      env.db,
      'formulary.setPrice',
      { itemId: vbp, kind: 'vbp', priceMicro: 9_800_000, effectiveFrom: '2026-01-01', note: '集采' },
      officer,
    );

    const detail = async (id: number): Promise<Item> => (await ok(env.db, 'formulary.get', { id }, officer)).item;
    const list = await ok(env.db, 'formulary.list', {}, officer);
    expect(list.items).toEqual([gridRow(await detail(plain)), gridRow(await detail(vbp))]);
    // The grid row carries the 集采 terms whole, the agreement year and the reference price too.
    expect(list.items[1]!.vbp).toMatchObject({ yearStart: '2026-04-01', referencePriceMicro: 4_800_000 });
    const row = list.items.find((r) => r.id === vbp)!;
    expect(row.currentPrices).toEqual({
      listed: { priceMicro: 12_500_000, unit: '盒' },
      limit: null,
      negotiated: null,
      vbp: { priceMicro: 9_800_000, unit: '盒' },
    });
    // Only what the grid shows: no price history, notes or platform ids; formulary.get has those.
    expect(Object.keys(row).sort()).toEqual(Object.keys(formularyRow.shape).sort());
    expect(row).not.toHaveProperty('platformIds');

    const past = await ok(env.db, 'formulary.list', { version: list.version - 1 }, officer);
    expect(past.items.map((r: FormularyRow) => r.id)).toEqual([plain]);
    expect(Object.keys(past.items[0]!).sort()).toEqual(Object.keys(formularyRow.shape).sort());
  });
});

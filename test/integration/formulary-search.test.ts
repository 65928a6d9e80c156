import { afterAll, describe, expect, it } from 'vitest';
import { itemFields } from '../../core/api/index.js';
import type { Db } from '../../db/open.js';
import { openDatabase } from '../../db/open.js';
import type { OperationContext } from '../../core/context.js';
import { createItem } from '../../core/formulary/items.js';
import { searchFormulary } from '../../core/formulary/search.js';
import { pinyinKeys, SearchIndex, type SearchDoc } from '../../core/search/index.js';
import { ok } from '../support/db.js';
import { addApproved, amoxicillin, formularyCommunity } from './formulary-fixtures.js';

describe('SearchIndex ranking', () => {
  const doc = (key: string, name: string, codes: string[] = [], manufacturer = ''): SearchDoc<string> => ({
    key,
    codes: [codes[0] ?? '', codes[1] ?? ''],
    names: [name],
    manufacturer,
    sortCode: key,
  });
  const index = new SearchIndex(
    ['insuranceCode', 'approvalNo'],
    [
      doc('maker', '维生素C片', [], '阿莫西林制药厂'), // manufacturer substring only
      doc('infix', '复方阿莫西林胶囊'), // initials 'ffamxljn': substring only; name substring of 阿莫西林
      doc('full', '阿莫西林分散片'), // initials prefix amxl
      doc('prefix', '甲硝唑片', ['AMXL0001']), // code prefix
      doc('exact', '氯化钠注射液', ['AMXL']), // exact code
    ],
  );

  it('orders exact code > code prefix > initials prefix > name substring > initials substring > manufacturer', () => {
    expect(index.search('amxl', 10)).toEqual([
      { key: 'exact', matched: 'insuranceCode' },
      { key: 'prefix', matched: 'insuranceCode' },
      { key: 'full', matched: 'initials' },
      { key: 'infix', matched: 'initials' },
    ]);
    expect(index.search('阿莫西林', 10).map((m) => [m.key, m.matched])).toEqual([
      ['full', 'name'],
      ['infix', 'name'],
      ['maker', 'manufacturer'],
    ]);
    expect(index.search('amoxilin', 10).map((m) => m.key)).toEqual(['full']);
    expect(index.search('amxl', 2).map((m) => m.key)).toEqual(['exact', 'prefix']);
  });

  it('folds full-width and case, and types ü as v', () => {
    expect(index.search('ＡＭＸＬ', 1)).toEqual([{ key: 'exact', matched: 'insuranceCode' }]);
    expect(pinyinKeys('绿豆')).toEqual({ initials: 'ld', full: 'lvdou' });
    expect(pinyinKeys('女贞子').full).toBe('nvzhenzi');
    expect(pinyinKeys('维生素B1片').initials).toBe('wssb1p');
  });
});

describe('the formulary index follows the database', async () => {
  const env = await formularyCommunity();
  afterAll(() => env.dispose());
  const t = { sessionToken: env.officer };
  await addApproved(env, amoxicillin());

  function contextFor(db: Db): OperationContext {
    const rollback: ((db: Db) => void)[] = [];
    return {
      db,
      now: new Date(),
      actor: {
        kind: 'user',
        userId: 1,
        username: 'admin',
        role: 'pharmacy_officer',
        unitId: 1,
        permissions: [],
        mustChangePassword: false,
        sessionTokenHash: '',
      },
      scope: { units: null, levels: null },
      attachment: null,
      progress: () => undefined,
      clientAddress: '',
      operation: 'test',
      audit: () => undefined,
      session: {},
      onRollback: (work) => rollback.push(work),
      // Kept for the test to run, as the registry does after a rollback.
      ...{ rollback },
    } as OperationContext;
  }

  it('forgets an item whose transaction rolled back, even if a search saw it inside', async () => {
    const ctx = contextFor(env.db);
    const fields = itemFields.parse(amoxicillin({ genericName: '阿莫西林干混悬剂', insuranceCode: 'XJ01CAA001D001010101021' }));
    expect(() =>
      env.db.$client.transaction(() => {
        createItem(ctx, fields, '测试');
        expect(searchFormulary(env.db, 'amxlghxj', { limit: 5, includeInactive: false })).toHaveLength(1);
        throw new Error('rollback');
      })(),
    ).toThrow('rollback');
    for (const work of (ctx as unknown as { rollback: ((db: Db) => void)[] }).rollback) work(env.db);
    expect(searchFormulary(env.db, 'amxlghxj', { limit: 5, includeInactive: false })).toEqual([]);
    expect((await ok(env.db, 'formulary.search', { q: 'amxl' }, t)).hits.map((h) => h.genericName)).toEqual(['阿莫西林胶囊']);
  });

  it('sees items another connection committed (the CLI importing while the hub runs)', async () => {
    expect((await ok(env.db, 'formulary.search', { q: 'tbfx' }, t)).hits).toEqual([]);
    const other = openDatabase(env.file);
    try {
      const fields = itemFields.parse(
        amoxicillin({ genericName: '头孢呋辛酯片', dosageForm: '片剂', insuranceCode: 'XJ01DCC003A001010104425', baseUnit: '片' }),
      );
      other.$client.transaction(() => createItem(contextFor(other), fields, '另一连接'))();
    } finally {
      other.$client.close();
    }
    expect((await ok(env.db, 'formulary.search', { q: 'tbfx' }, t)).hits.map((h) => h.genericName)).toEqual(['头孢呋辛酯片']);
  });
});

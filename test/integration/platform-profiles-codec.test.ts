import { describe, expect, it } from 'vitest';
import { PLATFORM_EXCHANGES, type PlatformExchange, type PlatformProfile } from '../../core/api/platform.js';
import { builtinProfiles } from '../../core/platform/builtin.js';
import { canonicalValue, readExchange, writeExchange, type ExchangeRow } from '../../core/platform/codec.js';
import { fieldsOf, platformField } from '../../core/platform/fields.js';
import { validateProfile } from '../../core/platform/profile.js';

/** Rows that use every field of the exchange: leading zeros in codes, fractions of a fen, every mappable code. */
function sampleRows(profile: PlatformProfile, exchange: PlatformExchange, count = 4): ExchangeRow[] {
  const layout = profile.exchanges[exchange];
  return Array.from({ length: count }, (_, i) => {
    const row: Record<string, string | number> = {};
    for (const field of fieldsOf(exchange)) {
      if (field.codes) {
        const map = layout.valueMaps.find((m) => m.field === field.field);
        const codes = map ? map.entries.map((e) => e.internal) : field.codes.map((c) => c.value);
        row[field.field] = codes[i % codes.length]!;
      } else if (field.type === 'int') row[field.field] = 1000 + i * 7;
      else if (field.type === 'money') row[field.field] = 12_345_600 + i * 1_010_101; // ¥12.3456, ¥13.355701 …
      else if (field.type === 'date') row[field.field] = `2026-1${i % 3}-0${i + 1}`;
      else row[field.field] = `00${i}-${field.field}，含"引号"`;
    }
    return row;
  });
}

const expected = (profile: PlatformProfile, exchange: PlatformExchange, rows: ExchangeRow[]) =>
  rows.map((row) =>
    Object.fromEntries(profile.exchanges[exchange].columns.map((c) => [c.field, canonicalValue(platformField(exchange, c.field)!, row[c.field])])),
  );

describe('platform file codec', () => {
  it('both built-in profiles are valid', () => {
    for (const profile of builtinProfiles()) expect(validateProfile(profile), profile.name).toEqual([]);
  });

  for (const profile of builtinProfiles()) {
    for (const exchange of PLATFORM_EXCHANGES) {
      for (const format of ['xlsx', 'csv'] as const) {
        it(`round trip: ${profile.name} ${exchange} ${format}`, async () => {
          const rows = sampleRows(profile, exchange);
          const file = await writeExchange(profile, exchange, rows, format);
          const read = await readExchange(profile, exchange, file, `${exchange}.${format}`);
          expect(read.problems).toEqual([]);
          expect(read.rows.map((r) => r.values)).toEqual(expected(profile, exchange, rows));
          const headerRow = profile.exchanges[exchange].headerRow;
          expect(read.rows.map((r) => r.rowNumber)).toEqual(rows.map((_, i) => headerRow + 1 + i));
        });
      }
    }
  }

  it('writes the platform codes of the value map and the file titles of the profile', async () => {
    const sichuan = builtinProfiles().find((p) => p.name === 'sichuan')!;
    const file = await writeExchange(sichuan, 'orders_out', [{ ordType: 'vbp', purcCnt: 3, hospPurcPric: 1_500_000 }], 'csv');
    const lines = file.toString('utf8').replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toContain('四川');
    const titles = lines[1]!.split(',');
    const cells = lines[2]!.split(',');
    expect(cells[titles.indexOf('订单类型')]).toBe('5');
    expect(cells[titles.indexOf('采购数量')]).toBe('3');
    expect(cells[titles.indexOf('采购单价')]).toBe('1.50');
    expect(file.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('reports a missing required column once and every bad cell on its row', async () => {
    const national = builtinProfiles().find((p) => p.name === 'national')!;
    const csv = [
      'shpId,shpCnt,shpPric,manuLotnum,expyEndtime,delventpCode,hospPurcDetlId',
      'S1,10,12.5,L1,2027-01-31,D1,H1',
      'S2,ten,12.5,L2,2027-02-30,D1,H2',
      ',,,,,,',
      ',5,abc,L3,2027/3/1,D1,H3',
    ].join('\n');
    const read = await readExchange(national, 'shipments_in', Buffer.from(csv, 'utf8'), 'shp.csv');
    expect(read.rows.map((r) => r.rowNumber)).toEqual([2, 3, 5]);
    expect(read.rows[0]!.values).toMatchObject({ shpId: 'S1', shpCnt: '10', shpPric: '12500000', expyEndtime: '2027-01-31' });
    expect(read.rows[2]!.values.expyEndtime).toBe('2027-03-01');
    expect(read.problems.map((p) => [p.row, p.field])).toEqual([
      [1, 'hospListId'],
      [3, 'shpCnt'],
      [3, 'expyEndtime'],
      [5, 'shpId'],
      [5, 'shpPric'],
    ]);
    expect(read.problems[0]!.message).toContain('缺少必填列');
  });

  it('applies value maps in reverse and refuses an unknown platform code', async () => {
    const sichuan = builtinProfiles().find((p) => p.name === 'sichuan')!;
    const csv = ['四川 订单回执', '订单编号,订单明细编号,医院明细编号,订单状态', 'O1,D1,H1,9', 'O1,D2,H2,8', 'O1,D3,H3,77'].join('\r\n');
    const read = await readExchange(sichuan, 'order_feedback_in', Buffer.from(csv, 'utf8'), 'fb.csv');
    expect(read.rows.map((r) => r.values.lineState)).toEqual(['5', 'received', '']);
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]).toMatchObject({ row: 5, column: '订单状态', field: 'lineState' });
  });

  it('refuses to write or read through an invalid profile', async () => {
    const national = builtinProfiles().find((p) => p.name === 'national')!;
    national.exchanges.orders_out.headerRow = 0;
    await expect(writeExchange(national, 'orders_out', [], 'xlsx')).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(readExchange(national, 'orders_out', Buffer.from('a,b'), 'x.csv')).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe('profile validation', () => {
  const base = () => builtinProfiles().find((p) => p.name === 'sichuan')!;
  const paths = (p: PlatformProfile) => validateProfile(p).map((x) => x.path);

  it('a required field with no column', () => {
    const p = base();
    p.exchanges.orders_out.columns = p.exchanges.orders_out.columns.filter((c) => c.field !== 'purcCnt');
    const problems = validateProfile(p);
    expect(problems).toEqual([{ path: 'exchanges.orders_out.columns', message: expect.stringContaining('采购数量') }]);
  });

  it('a column title twice and a field twice', () => {
    const p = base();
    const cols = p.exchanges.returns_out.columns;
    cols[1] = { ...cols[1]!, title: cols[0]!.title };
    cols.push({ title: '又一列', field: 'shpId' });
    expect(paths(p)).toEqual(['exchanges.returns_out.columns.1.title', `exchanges.returns_out.columns.${cols.length - 1}.field`]);
  });

  it('a value map missing an internal value, an unknown internal value, a code twice', () => {
    const p = base();
    const map = p.exchanges.orders_out.valueMaps[0]!;
    map.entries = map.entries.filter((e) => e.internal !== 'filing');
    map.entries.push({ internal: 'bogus', file: '0' });
    const problems = validateProfile(p);
    expect(problems.map((x) => x.path)).toEqual([
      'exchanges.orders_out.valueMaps.0.entries.4.internal',
      'exchanges.orders_out.valueMaps.0.entries.4.file',
      'exchanges.orders_out.valueMaps.0.entries',
    ]);
    expect(problems[2]!.message).toContain('备案');
  });

  it('header row below 1, an empty sheet name, an unknown field, a bad name — all at once', () => {
    const p = base();
    p.name = 'Sichuan 2';
    p.exchanges.catalogue_in.headerRow = 0;
    p.exchanges.settlements_in.sheetName = ' ';
    p.exchanges.shipments_in.columns.push({ title: '奇怪', field: 'nope' });
    expect(paths(p)).toEqual([
      'name',
      'exchanges.catalogue_in.headerRow',
      `exchanges.shipments_in.columns.${p.exchanges.shipments_in.columns.length - 1}.field`,
      'exchanges.settlements_in.sheetName',
    ]);
  });

  it('a coded column in a file we write needs its value map', () => {
    const p = builtinProfiles().find((x) => x.name === 'national')!;
    p.exchanges.orders_out.columns.push({ title: 'ordType', field: 'ordType' });
    expect(validateProfile(p)).toEqual([{ path: `exchanges.orders_out.columns.${p.exchanges.orders_out.columns.length - 1}.field`, message: expect.stringContaining('代码对照') }]);
  });
});

import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoucherRow } from '../../core/api/index.js';
import { postEntry, type EntryLineInput } from '../../core/finance/books/journal.js';
import { fenLines } from '../../core/finance/vouchers/export.js';
import { inTransaction } from '../../core/transaction.js';
import { call, initialised, ok, userWithSession } from '../support/db.js';
import { testContext } from '../support/stock.js';
import { supplierInput } from '../support/suppliers.js';

/**
 * 记账凭证: the journal of a unit and month as vouchers with the administrator's account codes, exported through a
 * column profile as xlsx and CSV that balance voucher by voucher; refused while an account used is unmapped; who may
 * list, export and configure.
 */
const env = await initialised();
afterAll(() => env.dispose());

const tokens: Record<string, string> = {};
const as = (who: string) => ({ sessionToken: tokens[who]! });
let leadId = 0;
let memberId = 0;
let supplierId = 0;
let supplierUscc = '';
const MONTH = '2026-12';

/** One journal entry written as a booking command would (the clock of testContext is in December 2026). */
function book(unitId: number, kind: 'purchase' | 'transfer', summary: string, lines: EntryLineInput[], reversesEntryId: number | null = null): number {
  const ctx = testContext(env.db);
  return inTransaction(env.db.$client, true, () => postEntry(ctx, { unitId, kind, documentId: null, summary, lines, reversesEntryId }))!.id;
}

const MAP = {
  accounts: [
    { account: 'inventory' as const, code: '1302', name: '库存物品' },
    { account: 'grni' as const, code: '230299', name: '应付账款—暂估' },
    { account: 'interunit' as const, code: '2307', name: '' },
  ],
  unitOverrides: [] as { unitId: number; accounts: { account: 'inventory'; code: string; name: string }[] }[],
  auxiliary: { supplierSource: 'uscc' as const, supplierCodes: [], unitSource: 'code' as const, unitCodes: [] },
};

beforeAll(async () => {
  const admin = { sessionToken: env.admin };
  tokens.admin = env.admin;
  leadId = (await ok(env.db, 'unit.list', {}, admin)).units[0]!.id;
  memberId = (await ok(env.db, 'unit.create', { code: 'QY-WS01', name: '青石镇中心卫生院', kind: 'township_hospital' }, admin)).unit.id;
  for (const [username, role, unitId] of [
    ['officer', 'pharmacy_officer', leadId],
    ['caiwu', 'finance', leadId],
    ['shenji', 'auditor', leadId],
    ['yaoshi', 'member_pharmacist', memberId],
  ] as const) {
    tokens[username] = (await userWithSession(env.db, env.admin, { username, displayName: username, role, unitId })).token;
  }
  const input = supplierInput(7);
  supplierUscc = input.uscc;
  supplierId = (await ok(env.db, 'supplier.create', input, as('officer'))).supplier.id;

  // The centre: a receipt at 1,234.56 and its red-ink reversal of 500.00 (负数 on the same sides).
  const receipt = book(leadId, 'purchase', '入库验收单 RK2026-000001 过账', [
    { account: 'inventory', debitMicro: 1_234_560_000, supplierId, itemCategory: 'western' },
    { account: 'grni', creditMicro: 1_234_560_000, supplierId },
  ]);
  book(
    leadId,
    'purchase',
    '冲销 RK2026-000001',
    [
      { account: 'inventory', debitMicro: -500_000_000, supplierId, itemCategory: 'western' },
      { account: 'grni', creditMicro: -500_000_000, supplierId },
    ],
    receipt,
  );
  // The member: a shipment at batch costs finer than the fen (1/3 yuan three times makes 1.00).
  book(memberId, 'transfer', '调拨单 DB2026-000001 签收', [
    { account: 'inventory', debitMicro: 333_333, itemCategory: 'western' },
    { account: 'inventory', debitMicro: 333_333, itemCategory: 'chinese_patent' },
    { account: 'inventory', debitMicro: 333_334, itemCategory: 'consumable' },
    { account: 'interunit', creditMicro: 1_000_000, counterUnitId: leadId },
  ]);
});

async function exportFile(who: string, unitId: number, format: 'xlsx' | 'csv', profileId = 1) {
  return await call(env.db, 'voucher.export', { unitId, month: MONTH, profileId, format }, as(who));
}

/** Rows of the xlsx as arrays of cell values (header first). */
async function readXlsx(base64: string): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** Σ debit = Σ credit (in fen) for every voucher number of a file's rows. */
function balancedPerVoucher(rows: unknown[][], header: unknown[], numberHeader: string, debitHeader: string, creditHeader: string): Map<number, number> {
  const n = header.indexOf(numberHeader);
  const d = header.indexOf(debitHeader);
  const c = header.indexOf(creditHeader);
  expect(Math.min(n, d, c)).toBeGreaterThanOrEqual(0);
  const fen = (v: unknown) => (v === null || v === undefined || v === '' ? 0 : Math.round(Number(v) * 100));
  const sums = new Map<number, { d: number; c: number }>();
  for (const row of rows) {
    const key = Number(row[n]);
    const s = sums.get(key) ?? { d: 0, c: 0 };
    s.d += fen(row[d]);
    s.c += fen(row[c]);
    sums.set(key, s);
  }
  const totals = new Map<number, number>();
  for (const [key, s] of sums) {
    expect(s.d, `voucher ${key}`).toBe(s.c);
    totals.set(key, s.d);
  }
  return totals;
}

describe('vouchers of a unit and month', () => {
  it('lists one voucher per entry, numbered per unit and month in booking order, and names the unmapped accounts', async () => {
    const list = await ok(env.db, 'voucher.list', { unitId: leadId, month: MONTH }, as('caiwu'));
    expect(list.total).toBe(2);
    expect(list.vouchers.map((v) => [v.number, v.summary, v.reversal])).toEqual([
      [1, '入库验收单 RK2026-000001 过账', false],
      [2, '冲销 RK2026-000001', true],
    ]);
    expect(list.debitMicro).toBe(734_560_000);
    expect(list.creditMicro).toBe(734_560_000);
    expect(list.unmapped.map((u) => u.account).sort()).toEqual(['grni', 'inventory']);
    expect(list.vouchers[0]!.lines[0]).toMatchObject({ account: 'inventory', accountLabel: '库存物资—药品耗材', accountCode: '', supplierId, supplierCode: supplierUscc });
    expect(list.profiles.map((p) => p.name)).toEqual(['用友 U8 凭证引入', '金蝶 K/3 凭证引入']);

    const member = await ok(env.db, 'voucher.list', { unitId: memberId, month: MONTH }, as('caiwu'));
    expect(member.vouchers.map((v) => v.number)).toEqual([1]);
    const page2 = await ok(env.db, 'voucher.list', { unitId: leadId, month: MONTH, page: 2, pageSize: 1 }, as('caiwu'));
    expect(page2.vouchers.map((v) => v.number)).toEqual([2]);
    expect(page2.total).toBe(2);
    const empty = await ok(env.db, 'voucher.list', { unitId: leadId, month: '2026-10' }, as('caiwu'));
    expect([empty.total, empty.vouchers.length, empty.unmapped.length]).toEqual([0, 0, 0]);
  });

  it('refuses the export while an account used in the month is unmapped, naming it in Chinese', async () => {
    const result = await exportFile('caiwu', leadId, 'xlsx');
    expect(!result.ok && result.error.code).toBe('VALIDATION');
    expect(!result.ok && result.error.message).toMatch(/库存物资—药品耗材/);
    expect(!result.ok && result.error.message).toMatch(/应付账款—暂估/);
    const bad = await call(env.db, 'voucher.list', { unitId: leadId, month: '2026-13' }, as('caiwu'));
    expect(!bad.ok && bad.error.fields?.[0]).toMatchObject({ path: 'month', message: '月份格式应为 2026-11' });
  });

  it('maps accounts community-wide with a per-unit override, and a partial map still refuses', async () => {
    const partial = await ok(env.db, 'accountMap.save', { ...MAP, accounts: MAP.accounts.slice(0, 1) }, as('caiwu'));
    expect(partial.rows.find((r) => r.account === 'inventory')).toMatchObject({ code: '1302', suggestedCode: '1302' });
    const refused = await exportFile('caiwu', leadId, 'csv');
    expect(!refused.ok && refused.error.message).toMatch(/应付账款—暂估/);
    expect(!refused.ok && refused.error.message).not.toMatch(/库存物资/);

    const twice = await call(env.db, 'accountMap.save', { ...MAP, accounts: [...MAP.accounts, MAP.accounts[0]!] }, as('caiwu'));
    expect(!twice.ok && twice.error.code).toBe('VALIDATION');

    const saved = await ok(env.db, 'accountMap.save', { ...MAP, unitOverrides: [{ unitId: memberId, accounts: [{ account: 'inventory', code: '1301', name: '药品' }] }] }, as('admin'));
    expect(saved.map.unitOverrides).toHaveLength(1);
    const member = await ok(env.db, 'voucher.list', { unitId: memberId, month: MONTH }, as('caiwu'));
    expect(member.unmapped).toEqual([]);
    expect(member.vouchers[0]!.lines.map((l) => [l.accountCode, l.accountName])).toEqual([
      ['1301', '药品'],
      ['1301', '药品'],
      ['1301', '药品'],
      ['2307', '内部往来'],
    ]);
    expect(member.vouchers[0]!.lines[3]!.counterUnitCode).toBe('QY-XRMYY');
    const lead = await ok(env.db, 'voucher.list', { unitId: leadId, month: MONTH }, as('caiwu'));
    expect(lead.vouchers[0]!.lines[0]!.accountCode).toBe('1302');
  });

  it('exports xlsx (用友 U8 layout): the profile headers, one row per line, red ink negative, every voucher balanced', async () => {
    const result = await exportFile('caiwu', leadId, 'xlsx');
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const file = result.output as { fileName: string; mimeType: string; contentBase64: string; voucherCount: number; lineCount: number };
    expect(file.fileName).toBe('记账凭证-QY-XRMYY-2026-12.xlsx');
    expect([file.voucherCount, file.lineCount]).toEqual([2, 4]);
    const [header, ...rows] = await readXlsx(file.contentBase64);
    expect(header).toEqual(['制单日期', '凭证类别', '凭证号', '附单据数', '摘要', '科目编码', '科目名称', '借方金额', '贷方金额', '供应商编码', '往来单位编码', '制单人', '单据号']);
    expect(rows).toHaveLength(4);
    expect(rows[0]!.slice(0, 9)).toEqual(['2026-12-01', '记', 1, 0, '入库验收单 RK2026-000001 过账', '1302', '库存物品', 1234.56, 0]);
    expect(rows[0]![9]).toBe(supplierUscc);
    expect(rows[2]!.slice(5, 9)).toEqual(['1302', '库存物品', -500, 0]);
    const totals = balancedPerVoucher(rows, header!, '凭证号', '借方金额', '贷方金额');
    expect([...totals]).toEqual([
      [1, 123_456],
      [2, -50_000],
    ]);
  });

  it('exports CSV (金蝶 K/3 layout) in UTF-8 with a BOM; amounts finer than the fen still balance to the fen', async () => {
    const result = await exportFile('shenji', memberId, 'csv', 2);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const bytes = Buffer.from((result.output as { contentBase64: string }).contentBase64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n').map((l) => l.split(','));
    const [header, ...rows] = lines;
    expect(header!.slice(0, 11)).toEqual(['凭证日期', '会计年度', '会计期间', '凭证字', '凭证号', '分录序号', '凭证摘要', '科目代码', '科目名称', '借方', '贷方']);
    expect(rows.map((r) => [r[0], r[4], r[5], r[7], r[9], r[10]])).toEqual([
      ['2026/12/01', '1', '1', '1301', '0.33', ''],
      ['2026/12/01', '1', '2', '1301', '0.34', ''],
      ['2026/12/01', '1', '3', '1301', '0.33', ''],
      ['2026/12/01', '1', '4', '2307', '', '1.00'],
    ]);
    expect(rows[3]![12]).toBe('QY-XRMYY');
    balancedPerVoucher(rows, header!, '凭证号', '借方', '贷方');
  });

  it('auxiliary codes by the map: an entered supplier code, and the export refused while a used supplier has none', async () => {
    const { map } = await ok(env.db, 'accountMap.get', {}, as('caiwu'));
    const entered = { ...map, auxiliary: { ...map.auxiliary, supplierSource: 'entered' as const } };
    await ok(env.db, 'accountMap.save', entered, as('caiwu'));
    const refused = await exportFile('caiwu', leadId, 'csv');
    expect(!refused.ok && refused.error.message).toMatch(/辅助核算没有编码.*清源医药有限公司7/);
    await ok(env.db, 'accountMap.save', { ...entered, auxiliary: { ...entered.auxiliary, supplierCodes: [{ supplierId, code: 'GYS001' }] } }, as('caiwu'));
    const result = await exportFile('caiwu', leadId, 'csv');
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const text = Buffer.from((result.output as { contentBase64: string }).contentBase64, 'base64').toString('utf8');
    expect(text.split('\r\n')[1]!.split(',')[9]).toBe('GYS001');
  });

  it('column profiles: the defaults, a new one saved and used, a broken one refused with its field', async () => {
    const { profiles } = await ok(env.db, 'voucherProfile.list', {}, as('caiwu'));
    expect(profiles.map((p) => [p.id, p.builtIn])).toEqual([
      [1, true],
      [2, true],
    ]);
    const columns = [
      { field: 'number' as const, header: '号' },
      { field: 'accountCode' as const, header: '科目' },
      { field: 'debit' as const, header: '借' },
      { field: 'credit' as const, header: '贷' },
    ];
    const dup = await call(env.db, 'voucherProfile.save', { name: '简表', columns: [...columns, columns[0]], voucherWord: '记', dateFormat: 'YYYYMMDD', zeroAs: 'zero' }, as('caiwu'));
    expect(!dup.ok && dup.error.fields?.[0]).toMatchObject({ path: 'columns', message: '同一列不能出现两次' });
    const noCredit = await call(env.db, 'voucherProfile.save', { name: '简表', columns: columns.slice(0, 3), voucherWord: '记', dateFormat: 'YYYYMMDD', zeroAs: 'zero' }, as('caiwu'));
    expect(!noCredit.ok && noCredit.error.fields?.[0]?.message).toBe('须包含借方金额和贷方金额两列');
    const { profile } = await ok(env.db, 'voucherProfile.save', { name: '简表', columns, voucherWord: '转', dateFormat: 'YYYYMMDD', zeroAs: 'zero' }, as('caiwu'));
    expect([profile.id, profile.builtIn]).toEqual([3, false]);
    const missing = await call(env.db, 'voucherProfile.save', { id: 99, name: '简表', columns, voucherWord: '记', dateFormat: 'YYYYMMDD', zeroAs: 'zero' }, as('caiwu'));
    expect(!missing.ok && missing.error.code).toBe('NOT_FOUND');
    const result = await exportFile('caiwu', memberId, 'csv', 3);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const text = Buffer.from((result.output as { contentBase64: string }).contentBase64, 'base64').subarray(3).toString('utf8');
    expect(text.split('\r\n').slice(0, 2)).toEqual(['号,科目,借,贷', '1,1301,0.33,0.00']);
  });
});

describe('who may', () => {
  it('a member pharmacist neither lists nor exports vouchers nor reads the map', async () => {
    for (const [name, input] of [
      ['voucher.list', { unitId: memberId, month: MONTH }],
      ['voucher.export', { unitId: memberId, month: MONTH, profileId: 1, format: 'csv' }],
      ['accountMap.get', {}],
    ] as const) {
      const result = await call(env.db, name, input, as('yaoshi'));
      expect(!result.ok && result.error.code, name).toBe('FORBIDDEN');
    }
  });

  it('the auditor exports but saves neither the map nor a profile; the administrator maps but reads no vouchers', async () => {
    expect((await exportFile('shenji', leadId, 'xlsx')).ok).toBe(true);
    const save = await call(env.db, 'accountMap.save', MAP, as('shenji'));
    expect(!save.ok && save.error.code).toBe('FORBIDDEN');
    const profile = await call(env.db, 'voucherProfile.save', { name: 'x', columns: [{ field: 'accountCode', header: 'a' }, { field: 'debit', header: 'b' }, { field: 'credit', header: 'c' }], voucherWord: '记', dateFormat: 'YYYYMMDD', zeroAs: 'zero' }, as('shenji'));
    expect(!profile.ok && profile.error.code).toBe('FORBIDDEN');
    expect((await call(env.db, 'accountMap.get', {}, as('admin'))).ok).toBe(true);
    const list = await call(env.db, 'voucher.list', { unitId: leadId, month: MONTH }, as('admin'));
    expect(!list.ok && list.error.code).toBe('FORBIDDEN');
  });
});

describe('rounding to the fen', () => {
  it('keeps every balanced entry balanced in fen, however fine its amounts and whatever their signs', () => {
    const amount = fc.integer({ min: -50_000_000, max: 50_000_000 }).filter((n) => n !== 0);
    fc.assert(
      fc.property(fc.array(amount, { minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 8 }), (debits, weights) => {
        // Credits split the debits' total by the weights, the remainder on the last line: Σ credit = Σ debit exactly.
        const total = debits.reduce((a, b) => a + b, 0);
        const w = weights.reduce((a, b) => a + b, 0);
        const credits = weights.map((x) => Math.trunc((total * x) / w));
        credits[credits.length - 1]! += total - credits.reduce((a, b) => a + b, 0);
        const lines = [
          ...debits.map((d, i) => ({ lineNo: i + 1, debitMicro: d, creditMicro: 0 })),
          ...credits.filter((c) => c !== 0).map((c, i) => ({ lineNo: debits.length + i + 1, debitMicro: 0, creditMicro: c })),
        ];
        const fen = fenLines({ lines } as unknown as VoucherRow);
        const d = fen.reduce((s, l) => s + l.debitFen, 0);
        const c = fen.reduce((s, l) => s + l.creditFen, 0);
        expect(d).toBe(c);
        expect(Math.abs(d * 10_000 - total)).toBeLessThanOrEqual(5_000);
      }),
      { numRuns: 300 },
    );
  });
});

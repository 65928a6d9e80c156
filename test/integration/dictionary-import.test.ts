import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DICTIONARY_COLUMNS } from '../../core/api/dictionary.js';
import { statSync } from 'node:fs';
import type { OpOutput } from '../../core/api/index.js';
import type { DictionaryProgress } from '../../core/dictionary/import.js';
import { executeOperation } from '../../core/registry.js';
import { systemActor } from '../../core/system-actor.js';
import type { Db } from '../../db/open.js';
import { call, ok, userWithSession } from '../support/db.js';
import { count, withOfficer } from './import-support.js';
import {
  DICTIONARY_HEADER,
  dictionaryCode,
  dictionaryRow,
  generatedRows,
  writeDictionaryXlsx,
} from '../../scripts/bench/make-dictionary-xlsx.js';

const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-dict-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
async function setup() {
  const env = await withOfficer();
  cleanups.push(env.dispose);
  return env;
}
/**
 * The registered operation `dictionary.import`, as the CLI runs it (the system actor) or, with a token, as a
 * signed-in user; a refusal throws its message.
 */
async function importDictionary(
  db: Db,
  file: string,
  options: { filename?: string; edition?: string; sessionToken?: string; onProgress?: (p: DictionaryProgress) => void } = {},
): Promise<OpOutput<'dictionary.import'>> {
  const result = await executeOperation(db, 'dictionary.import', options.edition ? { edition: options.edition } : {}, {
    ...(options.sessionToken ? { sessionToken: options.sessionToken } : { system: systemActor('cli') }),
    attachment: { path: file, filename: options.filename ?? path.basename(file), size: statSync(file).size },
    onProgress: (p) => options.onProgress?.(p as DictionaryProgress),
  });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.output as OpOutput<'dictionary.import'>;
}
let files = 0;
async function xlsx(rows: Iterable<(string | number)[]>, options: Parameters<typeof writeDictionaryXlsx>[2] = {}): Promise<string> {
  const file = path.join(dir, `d${++files}.xlsx`);
  await writeDictionaryXlsx(file, rows, options);
  return file;
}
const present = (db: Awaited<ReturnType<typeof setup>>['db'], code: string) =>
  (db.$client.prepare('SELECT present FROM dictionary_entries WHERE code = ?').get(code) as { present: number } | undefined)?.present;

describe('dictionary import', () => {
  it('streams a 总表 with a title row, reports bad rows by number, and stores every good one', async () => {
    const { db } = await setup();
    const rows = [...generatedRows(12)];
    rows.splice(3, 0, ['', '国家药监局', '无代码药']); // row 7
    rows.splice(5, 0, ['XA01', '国家药监局', '短代码药']); // row 9
    rows.splice(7, 0, [...dictionaryRow(0)]); // row 11: duplicate of row 4
    const progress: DictionaryProgress[] = [];
    // Title row 1, blank row 2, header row 3: data starts at row 4.
    const result = await importDictionary(db, await xlsx(rows), { filename: 'nhsa.xlsx', onProgress: (p) => progress.push(p) });
    expect(result).toEqual({
      edition: '2025年第3期',
      added: 12,
      changed: 0,
      unchanged: 0,
      gone: 0,
      missingColumns: [],
      rejected: [
        { row: 7, column: '药品代码', reason: '缺少药品代码' },
        { row: 9, column: '药品代码', reason: '药品代码格式不正确：XA01（西药 X+22 位，中成药 Z+19 位）' },
        { row: 11, column: '药品代码', reason: `药品代码 ${dictionaryCode(0)} 与第 4 行重复` },
      ],
    });
    expect(progress.at(-1)).toEqual({ stage: 'write', rows: 12 });
    const stored = db.$client
      .prepare('SELECT standard_code AS s, registered_name AS n, insurance_class AS c FROM dictionary_entries WHERE code = ?')
      .get(dictionaryCode(0));
    expect(stored).toEqual({ s: '86900000000000', n: '阿莫西林胶囊', c: '甲' });
    const audit = db.$client
      .prepare("SELECT username, user_id AS userId, target FROM audit_log WHERE operation = 'dictionary.import'")
      .get();
    expect(audit).toEqual({ username: '命令行 (cli)', userId: null, target: 'dictionary:2025年第3期' });
  });

  it('re-importing a newer edition updates changed rows, marks missing codes, and brings back returning ones', async () => {
    const { db, officer } = await setup();
    await importDictionary(db, await xlsx(generatedRows(30)), { filename: 'e1.xlsx', edition: '第1期' });
    // Edition 2: rows 0..24 only (25..29 gone), rows with i % 7 === 0 changed (备注), plus 30..31 new.
    const second = await importDictionary(db, await xlsx(generatedRows(32, 2), { title: null }), { filename: 'e2.xlsx', edition: '第2期' });
    expect(second).toMatchObject({ added: 2, changed: 5, unchanged: 25, gone: 0 });
    const third = await importDictionary(db, await xlsx(generatedRows(25, 2)), { filename: 'e3.xlsx', edition: '第3期' });
    expect(third).toMatchObject({ added: 0, changed: 0, unchanged: 25, gone: 7 });
    expect(present(db, dictionaryCode(26))).toBe(0);
    expect(await ok(db, 'dictionary.status', {}, { sessionToken: officer })).toMatchObject({
      rows: 32,
      present: 25,
      gone: 7,
      edition: '第3期',
    });
    const fourth = await importDictionary(db, await xlsx(generatedRows(27, 2)), { filename: 'e4.xlsx', edition: '第4期' });
    expect(fourth).toMatchObject({ added: 0, changed: 2, unchanged: 25, gone: 0 });
    expect(present(db, dictionaryCode(26))).toBe(1);
    expect(count(db, 'dictionary_imports')).toBe(4);
  });

  it('maps columns by header text: reordered and extra columns, 甲乙类 of another year, missing columns reported', async () => {
    const { db } = await setup();
    const order = [...DICTIONARY_HEADER.keys()].reverse();
    const header = order.map((i) => (DICTIONARY_HEADER[i] === '2025版甲乙类' ? '2024版甲乙类' : DICTIONARY_HEADER[i]!));
    header.splice(3, 1); // drop one column
    const rows = [...generatedRows(3)].map((r) => {
      const reordered = order.map((i) => r[i]!);
      reordered.splice(3, 1);
      return [...reordered, '多余列'];
    });
    const result = await importDictionary(db, await xlsx(rows, { header: [...header, '附加说明'] }), { filename: 'x.xlsx' });
    const dropped = DICTIONARY_HEADER[order[3]!]!;
    expect(result).toMatchObject({ added: 3, rejected: [], missingColumns: [dropped] });
    expect(
      db.$client.prepare('SELECT insurance_class AS c, manufacturer AS m FROM dictionary_entries WHERE code = ?').get(dictionaryCode(1)),
    ).toEqual({
      c: '乙',
      m: '华北制药股份有限公司',
    });
  });

  it("takes a signed-in officer's file, refuses a file without good rows or header, and a user without dictionary.manage", async () => {
    const { db, officer, admin } = await setup();
    const one = await xlsx([dictionaryRow(5)], { title: null });
    await expect(importDictionary(db, one, { filename: 'rows.xlsx', sessionToken: officer })).resolves.toMatchObject({
      added: 1,
      edition: 'rows',
    });
    await expect(importDictionary(db, await xlsx([['XA01', '坏']]), { filename: 'bad.xlsx' })).rejects.toThrow(/没有可导入的药品代码行/);
    await expect(importDictionary(db, await xlsx([], { header: ['名称', '规格'] }), { filename: 'h.xlsx' })).rejects.toThrow(
      /没有找到表头/,
    );
    const auditor = await userWithSession(db, admin, { username: 'shenji', displayName: '审计', role: 'auditor', unitId: 1 });
    await expect(importDictionary(db, one, { sessionToken: auditor.token })).rejects.toThrow(/^FORBIDDEN: 没有权限/);
    expect(DICTIONARY_COLUMNS).toHaveLength(26);
  });
  it("runs in a worker thread on its own connection, and the hub's search index then sees the new edition", async () => {
    const { db, officer } = await setup();
    const as = { sessionToken: officer };
    const changes = () => (db.$client.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    await importDictionary(db, await xlsx(generatedRows(30)), { filename: 'e1.xlsx', edition: '第1期' });
    // Two searches at once share one (sliced) build of the index.
    const [first, again] = await Promise.all([
      ok(db, 'dictionary.search', { q: dictionaryCode(31), limit: 5 }, as),
      ok(db, 'dictionary.search', { q: dictionaryCode(3), limit: 5 }, as),
    ]);
    expect(first.hits).toEqual([]);
    expect(again.hits.map((h) => h.code)).toEqual([dictionaryCode(3)]);
    const before = changes();
    const second = await importDictionary(db, await xlsx(generatedRows(32, 2)), { filename: 'e2.xlsx', edition: '第2期' });
    expect(second).toMatchObject({ added: 2, changed: 5, unchanged: 25 });
    // Every row was written through another connection: this one changed nothing.
    expect(changes()).toBe(before);
    expect((await ok(db, 'dictionary.search', { q: dictionaryCode(31), limit: 5 }, as)).hits.map((h) => h.code)).toEqual([
      dictionaryCode(31),
    ]);
    const audit = db.$client.prepare("SELECT count(*) AS n FROM audit_log WHERE operation = 'dictionary.import'").get() as { n: number };
    expect(audit.n).toBe(2);
  });
});

describe('dictionary operations', () => {
  it('searches by pinyin initials, name and code; gets an entry with the item draft; says which are in the formulary', async () => {
    const { db, officer } = await setup();
    const as = { sessionToken: officer };
    await importDictionary(db, await xlsx(generatedRows(40)), { filename: 'e1.xlsx' });
    const byInitials = (await ok(db, 'dictionary.search', { q: 'dklahp', limit: 5 }, as)).hits;
    expect(byInitials.length).toBe(4);
    expect(byInitials.every((h) => h.registeredName === '地喹氯铵含片' && h.matched === 'initials')).toBe(true);
    const byCode = (await ok(db, 'dictionary.search', { q: dictionaryCode(7), limit: 5 }, as)).hits;
    expect(byCode[0]).toMatchObject({
      code: dictionaryCode(7),
      matched: 'insuranceCode',
      packText: '48袋/盒',
      formularyItemId: null,
      present: true,
    });

    const { entry, draft } = await ok(db, 'dictionary.get', { code: dictionaryCode(1).toLowerCase() }, as);
    expect(entry.code).toBe(dictionaryCode(1));
    expect(draft).toEqual({
      genericName: '地喹氯铵含片',
      tradeName: '',
      dosageForm: '胶囊剂',
      spec: '0.5g',
      packMaterial: '铝塑',
      manufacturer: '华北制药股份有限公司',
      holder: '华北制药股份有限公司',
      approvalNo: '国药准字H20000001',
      standardCode: '86900000000001',
      insuranceCode: dictionaryCode(1),
      category: 'western',
      baseUnit: '粒',
      packs: [{ unit: '盒', factor: 24 }],
      purchaseUnit: '盒',
      issueUnit: '粒',
      insuranceClass: 'B',
    });
    // The draft is a valid item as it stands: add it through the formulary's own path and the hit links to it.
    const proposed = (await ok(db, 'changeRequest.propose', { kind: 'add', item: draft, reason: '新增' }, as)).request;
    await ok(
      db,
      'changeRequest.decide',
      { id: proposed.id, approve: true, resolutionNo: '药事会〔2025〕3号', resolutionDate: '2025-03-01' },
      as,
    );
    const linked = (await ok(db, 'dictionary.search', { q: dictionaryCode(1), limit: 1 }, as)).hits[0]!;
    expect(linked.formularyItemId).toBe((await ok(db, 'formulary.list', {}, as)).items[0]!.id);
    expect(await call(db, 'dictionary.get', { code: 'XA01' }, as)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

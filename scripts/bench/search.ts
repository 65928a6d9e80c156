/**
 * Search benchmark (`npx tsx scripts/bench/search.ts`): a generated 270,000-row dictionary and a 4,000-item
 * formulary in a fresh database; p50/p95/p99 of formulary.search and dictionary.search through
 * executeOperation (session, access check, zod, transaction, output check) for pinyin-initial and Chinese
 * substring queries, after warm-up. The raw limit measured in the same run: a bare JS loop doing
 * String.includes over the same 270k names. Target: p95 ≤ 30 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { executeOperation } from '../../core/registry.js';
import { signedInDatabase } from './support.js';
import { pinyinColumns } from '../../core/formulary/items.js';
import { pinyinKeys } from '../../core/search/index.js';
import type { Db } from '../../db/open.js';

const DICTIONARY_ROWS = 270_000;
const FORMULARY_ITEMS = 4_000;
const QUERIES = 250;
const WARMUP = 30;

// prettier-ignore
const STEMS = ['阿莫西林', '头孢呋辛', '头孢克洛', '头孢克肟', '头孢拉定', '头孢曲松', '头孢唑林', '青霉素', '阿奇霉素', '左氧氟沙星', '甲硝唑', '克林霉素', '奥司他韦', '阿昔洛韦', '氟康唑',
  '硝苯地平', '氨氯地平', '非洛地平', '卡托普利', '依那普利', '缬沙坦', '厄贝沙坦', '氯沙坦', '美托洛尔', '比索洛尔', '氢氯噻嗪', '呋塞米', '螺内酯', '阿托伐他汀', '瑞舒伐他汀', '辛伐他汀',
  '阿司匹林', '氯吡格雷', '单硝酸异山梨酯', '硝酸甘油', '地高辛', '华法林', '二甲双胍', '格列美脲', '格列齐德', '阿卡波糖', '胰岛素', '左甲状腺素', '甲泼尼龙', '泼尼松', '地塞米松',
  '奥美拉唑', '雷贝拉唑', '泮托拉唑', '铝碳酸镁', '蒙脱石', '多潘立酮', '莫沙必利', '双歧杆菌', '氨溴索', '孟鲁司特', '沙丁胺醇', '布地奈德', '氯雷他定', '西替利嗪', '布洛芬',
  '对乙酰氨基酚', '双氯芬酸', '塞来昔布', '甲钴胺', '维生素B1', '维生素C', '叶酸', '琥珀酸亚铁', '碳酸钙', '艾司唑仑', '氟桂利嗪', '氯化钾', '氯化钠', '葡萄糖', '复方丹参', '银杏叶',
  '血塞通', '通心络', '参松养心', '麝香保心', '速效救心', '连花清瘟', '蒲地蓝', '板蓝根', '感冒灵', '藿香正气', '六味地黄', '逍遥', '补中益气', '香砂养胃', '牛黄解毒', '云南白药', '马应龙'];
const SALTS = ['', '盐酸', '复方', '注射用', '小儿', '硫酸', '马来酸'];
const FORMS = ['片', '胶囊', '缓释片', '肠溶片', '颗粒', '注射液', '分散片', '口服溶液', '软胶囊', '滴丸'];
const SPECS = ['5mg', '10mg', '20mg', '0.1g', '0.25g', '0.5g'];
const CITIES = [
  '北京',
  '上海',
  '天津',
  '重庆',
  '石家庄',
  '济南',
  '南京',
  '杭州',
  '广州',
  '深圳',
  '成都',
  '武汉',
  '长沙',
  '西安',
  '沈阳',
  '哈尔滨',
  '昆明',
  '贵阳',
  '南昌',
  '郑州',
];
const MAKER_WORDS = ['制药有限公司', '药业股份有限公司', '医药集团有限公司', '生物制药有限公司', '药业有限公司'];

/** A deterministic pseudo-random sequence, so every run searches the same data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const names: string[] = [];
for (const salt of SALTS) for (const stem of STEMS) for (const form of FORMS) names.push(`${salt}${stem}${form}`);
const makers: string[] = [];
for (const city of CITIES) for (const word of MAKER_WORDS) makers.push(`${city}${word.slice(0, 2)}${city.length}${word}`);

function fillDictionary(db: Db): void {
  const random = rng(1);
  const insert = db.$client.prepare(
    `INSERT INTO dictionary_entries (code, registered_name, trade_name, dosage_form, spec, manufacturer, approval_no, standard_code,
       min_pack_quantity, base_unit, pack_unit, market_status, edition, updated_at)
     VALUES (?, ?, '', ?, ?, ?, ?, ?, '24', '片', '盒', '上市', 'bench', '2026-01-01T00:00:00Z')`,
  );
  db.$client.transaction(() => {
    for (let i = 0; i < DICTIONARY_ROWS; i++) {
      const name = names[i % names.length]!;
      const maker = makers[Math.floor(random() * makers.length)]!;
      const code = `XA${String(i).padStart(8, '0')}BENCH${String(i % 97).padStart(8, '0')}`.slice(0, 23);
      insert.run(
        code,
        name,
        FORMS[i % FORMS.length],
        SPECS[i % SPECS.length],
        maker,
        `国药准字H${String(20000000 + i)}`,
        `869${String(i).padStart(11, '0')}`,
      );
    }
  })();
}

function fillFormulary(db: Db): void {
  const insert = db.$client.prepare(
    `INSERT INTO formulary_items (code, insurance_code, generic_name, spec, manufacturer, approval_no, category, base_unit, packs,
       purchase_unit, issue_unit, level_county, level_township, level_village, status, pinyin_initials, pinyin_full, version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'western', '片', '[{"unit":"盒","factor":24}]', '盒', '盒', 1, 1, ?, 'active', ?, ?, 0, ?, ?)`,
  );
  const at = new Date().toISOString();
  db.$client.transaction(() => {
    for (let i = 0; i < FORMULARY_ITEMS; i++) {
      const genericName = names[(i * 7) % names.length]!;
      const { pinyinInitials, pinyinFull } = pinyinColumns({ genericName, tradeName: '' });
      insert.run(
        `YP${String(i + 1).padStart(6, '0')}`,
        `XB${String(i).padStart(21, '0')}`,
        genericName,
        SPECS[i % SPECS.length],
        makers[i % makers.length],
        `国药准字H${30000000 + i}`,
        i % 3 === 0 ? 1 : 0,
        pinyinInitials,
        pinyinFull,
        at,
        at,
      );
    }
  })();
}

/** Queries as people type them: 3–5 pinyin initials of a name, and 2–4 Chinese characters out of one. */
function queries(kind: 'initials' | 'substring', count: number, seed: number): string[] {
  const random = rng(seed);
  return Array.from({ length: count }, () => {
    const name = names[Math.floor(random() * names.length)]!;
    if (kind === 'initials') {
      const initials = pinyinKeys(name).initials;
      return initials.slice(0, Math.min(initials.length, 3 + Math.floor(random() * 3)));
    }
    const length = 2 + Math.floor(random() * 3);
    const start = Math.floor(random() * Math.max(1, name.length - length));
    return name.slice(start, start + length);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summarise(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1]!),
  };
}

async function measure(db: Db, token: string, op: 'formulary.search' | 'dictionary.search', qs: string[]): Promise<{ samples: number[]; empty: number }> {
  let empty = 0;
  for (const q of qs.slice(0, WARMUP)) await executeOperation(db, op, { q, limit: 20 }, { sessionToken: token });
  const samples: number[] = [];
  for (const q of qs) {
    const start = performance.now();
    const result = await executeOperation(db, op, { q, limit: 20 }, { sessionToken: token });
    samples.push(performance.now() - start);
    if (!result.ok) throw new Error(`${op} ${q}: ${JSON.stringify(result.error)}`);
    if ((result.output as { hits: unknown[] }).hits.length === 0) empty++;
  }
  return { samples, empty };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-bench-search-'));
  try {
    const { db, token } = await signedInDatabase(dir);
    let t = performance.now();
    fillDictionary(db);
    fillFormulary(db);
    const fillMs = performance.now() - t;

    // The first search of each kind builds its index; reported apart from the per-query figures.
    t = performance.now();
    const firstDictionary = await executeOperation(db, 'dictionary.search', { q: 'amxl', limit: 20 }, { sessionToken: token });
    const dictionaryBuildMs = performance.now() - t;
    if (!firstDictionary.ok) throw new Error(`dictionary.search: ${JSON.stringify(firstDictionary.error)}`);
    t = performance.now();
    await executeOperation(db, 'formulary.search', { q: 'amxl', limit: 20 }, { sessionToken: token });
    const formularyBuildMs = performance.now() - t;

    const initials = queries('initials', QUERIES, 7);
    const substrings = queries('substring', QUERIES, 11);
    const results: Record<string, ReturnType<typeof summarise> & { empty: number }> = {};
    for (const op of ['formulary.search', 'dictionary.search'] as const) {
      for (const [kind, qs] of [
        ['pinyin-initials', initials],
        ['substring', substrings],
      ] as const) {
        const { samples, empty } = await measure(db, token, op, qs);
        results[`${op} ${kind}`] = { ...summarise(samples), empty };
      }
    }

    // The raw limit: the same 270k names, a bare loop of String.includes per substring query.
    const allNames = (db.$client.prepare('SELECT registered_name FROM dictionary_entries').raw().all() as [string][]).map((r) => r[0]);
    const raw: number[] = [];
    let sink = 0;
    for (const q of substrings) {
      const start = performance.now();
      for (const name of allNames) if (name.includes(q)) sink++;
      raw.push(performance.now() - start);
    }
    results['raw String.includes loop (270k names)'] = { ...summarise(raw), empty: sink < 0 ? 1 : 0 };

    // Not a search, but what the formulary grid loads first: the whole list through the operation.
    const listSamples: number[] = [];
    for (let i = 0; i < 12; i++) {
      const start = performance.now();
      const list = await executeOperation(db, 'formulary.list', {}, { sessionToken: token });
      if (i >= 2) listSamples.push(performance.now() - start);
      if (!list.ok) throw new Error(`formulary.list: ${JSON.stringify(list.error)}`);
    }
    const listing = summarise(listSamples);

    const target = 30;
    console.log(
      `search benchmark: ${DICTIONARY_ROWS} dictionary rows, ${FORMULARY_ITEMS} formulary items, ${QUERIES} queries per row after ${WARMUP} warm-up`,
    );
    console.log(
      `data generated in ${Math.round(fillMs)} ms; first search built the dictionary index in ${Math.round(dictionaryBuildMs)} ms, the formulary index in ${Math.round(formularyBuildMs)} ms`,
    );
    console.log('');
    console.log(`${'case'.padEnd(42)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'max ms'.padStart(9)}  no-hit`);
    for (const [name, r] of Object.entries(results)) {
      console.log(
        `${name.padEnd(42)}${r.p50.toFixed(2).padStart(9)}${r.p95.toFixed(2).padStart(9)}${r.p99.toFixed(2).padStart(9)}${r.max.toFixed(2).padStart(9)}  ${r.empty}`,
      );
    }
    const rawP95 = results['raw String.includes loop (270k names)']!.p95;
    const dictionarySubstring = results['dictionary.search substring']!.p95;
    const worstP95 = Math.max(
      ...Object.entries(results)
        .filter(([k]) => !k.startsWith('raw'))
        .map(([, r]) => r.p95),
    );
    console.log('');
    console.log(
      `worst p95 at the operation level: ${worstP95.toFixed(2)} ms (target ≤ ${target} ms: ${worstP95 <= target ? 'met' : 'NOT met'})`,
    );
    console.log(`dictionary substring p95 / raw includes-loop p95 = ${(dictionarySubstring / rawP95).toFixed(2)}`);
    console.log(
      `formulary.list of ${FORMULARY_ITEMS} items: p50 ${listing.p50.toFixed(1)} ms, max ${listing.max.toFixed(1)} ms (10 calls)`,
    );
    console.log(
      JSON.stringify({
        dictionaryRows: DICTIONARY_ROWS,
        formularyItems: FORMULARY_ITEMS,
        queries: QUERIES,
        indexBuildMs: { dictionary: Math.round(dictionaryBuildMs), formulary: Math.round(formularyBuildMs) },
        results,
        worstP95,
        targetMs: target,
        met: worstP95 <= target,
        substringRatioToRawLoop: dictionarySubstring / rawP95,
        formularyListMs: listing,
      }),
    );
    db.$client.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

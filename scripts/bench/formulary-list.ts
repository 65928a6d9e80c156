/**
 * formulary.list at the operation level (`npx tsx scripts/bench/formulary-list.ts [ITEMS]`): 4,000 items with
 * trade names, three current prices each and 集采 terms on every fifth, in a fresh database; the time of
 * executeOperation (session, access, transaction, output contract, scope) and the size of its JSON, against
 * formulary.get of one item for the detail the grid no longer carries. Median of 10 calls after 2 warm-ups.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { executeOperation } from '../../core/registry.js';
import { median, signedInDatabase } from './support.js';
import { pinyinColumns } from '../../core/formulary/items.js';
import type { Db } from '../../db/open.js';

const ITEMS = Number(process.argv[2] ?? 4_000);
const NAMES = [
  '阿莫西林胶囊',
  '盐酸二甲双胍片',
  '硝苯地平缓释片',
  '阿托伐他汀钙片',
  '头孢克肟分散片',
  '奥美拉唑肠溶胶囊',
  '氯化钠注射液',
  '布洛芬缓释胶囊',
];

function fill(db: Db): void {
  const sqlite = db.$client;
  const insert = sqlite.prepare(
    `INSERT INTO formulary_items (code, insurance_code, generic_name, trade_name, spec, dosage_form, manufacturer, holder, approval_no, standard_code,
       category, base_unit, packs, purchase_unit, issue_unit, essential, insurance_class, vbp, level_county, level_township, level_village, status,
       pinyin_initials, pinyin_full, version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, '片剂', ?, ?, ?, ?, 'western', '片', '[{"unit":"板","factor":12},{"unit":"盒","factor":24}]', '盒', '片', ?, 'B', ?, 1, 1, ?, 'active', ?, ?, 0, ?, ?)`,
  );
  const price = sqlite.prepare(
    `INSERT INTO item_prices (item_id, kind, price_micro, unit, pack_factor, effective_from, note, recorded_at, recorded_by) VALUES (?, ?, ?, '盒', 24, '2026-01-01', ?, ?, '药学部 王药师')`,
  );
  const at = new Date().toISOString();
  sqlite.transaction(() => {
    for (let i = 0; i < ITEMS; i++) {
      const genericName = NAMES[i % NAMES.length]!;
      const tradeName = `商品${i % 50}`;
      const { pinyinInitials, pinyinFull } = pinyinColumns({ genericName, tradeName });
      const vbp =
        i % 5 === 0
          ? JSON.stringify({
              batch: '第九批',
              agreedPriceMicro: 1_200_000,
              annualVolume: 12_000,
              unitVolumes: [{ unitId: 1, volume: 12_000 }],
            })
          : null;
      const { lastInsertRowid } = insert.run(
        `YP${String(i + 1).padStart(6, '0')}`,
        `XB${String(i).padStart(21, '0')}`,
        genericName,
        tradeName,
        ['5mg', '10mg', '0.25g'][i % 3],
        `${['华北', '石药', '恒瑞', '齐鲁'][i % 4]}制药股份有限公司`,
        `${['华北', '石药', '恒瑞', '齐鲁'][i % 4]}制药股份有限公司`,
        `国药准字H${30000000 + i}`,
        `869${String(i).padStart(11, '0')}`,
        i % 2,
        vbp,
        i % 3 === 0 ? 1 : 0,
        pinyinInitials,
        pinyinFull,
        at,
        at,
      );
      price.run(lastInsertRowid, 'listed', 2_000_000 + i, '', at);
      price.run(lastInsertRowid, 'negotiated', 1_800_000 + i, '议价低于挂网价', at);
      if (vbp) price.run(lastInsertRowid, 'vbp', 1_200_000, '', at);
    }
  })();
}

async function timed(
  db: Db,
  token: string,
  name: 'formulary.list' | 'formulary.get',
  input: unknown,
): Promise<{ ms: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 12; i++) {
    const start = performance.now();
    const result = await executeOperation(db, name, input, { sessionToken: token });
    if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
    const json = JSON.stringify(result.output);
    if (i >= 2) times.push(performance.now() - start);
    bytes = Buffer.byteLength(json);
  }
  return { ms: Number(median(times).toFixed(1)), bytes };
}

const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-bench-list-'));
try {
  const { db, token } = await signedInDatabase(dir);
  fill(db);
  const list = await timed(db, token, 'formulary.list', {});
  const get = await timed(db, token, 'formulary.get', { id: 1 });
  console.table([
    {
      operation: `formulary.list (${ITEMS} items)`,
      medianMs: list.ms,
      jsonBytes: list.bytes,
      perItemBytes: Math.round(list.bytes / ITEMS),
    },
    { operation: 'formulary.get (one item, detail)', medianMs: get.ms, jsonBytes: get.bytes, perItemBytes: get.bytes },
  ]);
  console.log(
    JSON.stringify({
      benchmark: 'formulary.list',
      items: ITEMS,
      listMs: list.ms,
      listBytes: list.bytes,
      getMs: get.ms,
      getBytes: get.bytes,
    }),
  );
  db.$client.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

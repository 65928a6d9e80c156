/**
 * The formulary grid with 4,000 items in Chromium (1366×768): time from navigation to the rows shown, and
 * quick-filter response (type a query, wait until the grid's displayed row count changes). Medians of
 * several runs. Needs `npm run build` first.   npx tsx scripts/bench/formulary-grid.ts [--items 4000] [--runs 7]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { chromium } from 'playwright-core';
import { startHub } from '../../server/hub.js';
import { ADMIN_PASSWORD, login, ok, setupInput, userWithSession } from '../../test/support/db.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '4000' },
    runs: { type: 'string', default: '7' },
    detail: { type: 'boolean', default: false },
  },
});
const ITEMS = Number(values.items);
const RUNS = Number(values.runs);

const NAMES = [
  '阿莫西林胶囊',
  '布洛芬缓释胶囊',
  '盐酸二甲双胍片',
  '苯磺酸氨氯地平片',
  '阿托伐他汀钙片',
  '头孢克肟分散片',
  '奥美拉唑肠溶胶囊',
  '硝苯地平控释片',
  '左氧氟沙星片',
  '阿司匹林肠溶片',
  '氯沙坦钾片',
  '甲硝唑片',
  '蒙脱石散',
  '维生素C片',
  '对乙酰氨基酚片',
  '格列美脲片',
  '瑞舒伐他汀钙片',
  '厄贝沙坦片',
  '头孢呋辛酯片',
  '氨溴索口服溶液',
];
const MAKERS = [
  '华北制药股份有限公司',
  '石药集团欧意药业有限公司',
  '中美天津史克制药有限公司',
  '以岭药业股份有限公司',
  '珠海联邦制药股份有限公司',
  '扬子江药业集团有限公司',
  '齐鲁制药有限公司',
  '华润双鹤药业股份有限公司',
];
const SPECS = ['0.25g', '0.5g', '10mg', '20mg', '0.3g', '5mg', '40mg', '0.1g'];
const HEADER = [
  '医保代码',
  '通用名',
  '规格',
  '生产企业',
  '批准文号',
  '类别',
  '最小制剂单位',
  '最小包装数量',
  '最小包装单位',
  '可用层级',
  '挂网价',
];

async function workbook(count: number): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('目录');
  sheet.addRow(HEADER);
  for (let i = 0; i < count; i++) {
    const levels = ['县 乡 村', '县 乡', '县'][i % 3]!;
    sheet.addRow([
      `XA01ABD${String(i).padStart(16, '0')}`,
      NAMES[i % NAMES.length],
      SPECS[Math.floor(i / NAMES.length) % SPECS.length],
      MAKERS[Math.floor(i / (NAMES.length * SPECS.length)) % MAKERS.length] +
        (i >= NAMES.length * SPECS.length * MAKERS.length ? `（${Math.floor(i / 1280)}厂）` : ''),
      `国药准字H${String(20000000 + i)}`,
      '西药',
      '片',
      12 * ((i % 4) + 1),
      '盒',
      levels,
      `${(i % 90) + 1}.${String(i % 100).padStart(2, '0')}`,
    ]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;

const dataDir = mkdtempSync(path.join(tmpdir(), 'tongcai-grid-bench-'));
const hub = await startHub({ dataDir, port: 0 });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  await ok(hub.db, 'setup.initialize', setupInput(hub.db));
  const admin = await login(hub.db, 'admin', ADMIN_PASSWORD);
  const lead = (await ok(hub.db, 'unit.list', {}, { sessionToken: admin })).units.find((u) => u.isLead)!;
  const officer = await userWithSession(hub.db, admin, { username: 'bench', displayName: '压测药师', role: 'pharmacy_officer', unitId: lead.id });

  // Seeded through the real import path: upload, then one commit of every row.
  const session = `tongcai_session=${officer.token}`;
  const upload = await fetch(`${hub.url}/api/op/formularyImport.upload?filename=bench.xlsx`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', cookie: session },
    body: new Uint8Array(await workbook(ITEMS)),
  });
  const { uploadId } = (await upload.json()) as { uploadId: number };
  const mapping = Object.fromEntries(
    [
      'insuranceCode',
      'genericName',
      'spec',
      'manufacturer',
      'approvalNo',
      'category',
      'baseUnit',
      'packFactor',
      'packUnit',
      'levels',
      'listedPrice',
    ].map((k, i) => [k, i]),
  );
  const seedStart = performance.now();
  const committed = await ok(
    hub.db,
    'formularyImport.commit',
    { uploadId, sheet: '目录', headerRow: 1, mapping, reason: '压测数据', resolutionNo: 'BENCH-1', resolutionDate: '2026-03-01' },
    { sessionToken: officer.token },
  );
  if (committed.new !== ITEMS) throw new Error(`seeded ${committed.new} of ${ITEMS}: ${JSON.stringify(committed.rejected.slice(0, 3))}`);
  console.log(`已导入 ${committed.new} 个品种（${ms(performance.now() - seedStart)}）`);

  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', baseURL: hub.url });
  await context.addCookies([{ name: 'tongcai_session', value: officer.token, url: hub.url }]);
  const page = await context.newPage();
  const count = page.getByTestId('formulary-count');
  const shown = async () => (await count.textContent()) ?? '';

  // Navigation → rows shown: a fresh page load each run (the browser cache keeps the bundle, as for a user).
  const loads: number[] = [];
  // Where the time goes, from the page's own clock: the bundle, the list's answer, and the grid after it.
  const bundles: number[] = [];
  const answers: number[] = [];
  const asks: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    await page.goto('about:blank');
    const start = performance.now();
    await page.goto('/formulary');
    await page.waitForFunction(
      (n) =>
        document.querySelector('[data-testid="formulary-count"]')?.textContent?.includes(`共 ${n} 个品种`) &&
        document.querySelector('[data-testid="formulary-grid"] .ag-row') !== null,
      ITEMS,
      { polling: 'raf', timeout: 60_000 },
    );
    const total = performance.now() - start;
    // One expression, no inner function: tsx would wrap a named one in a helper the page does not have.
    const timing = await page.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).reduce(
        (acc, e) =>
          // The renderer is split by route: the last script chunk the page fetched.
          e.name.includes('/assets/') && e.name.endsWith('.js')
            ? { ...acc, bundle: Math.max(acc.bundle, e.responseEnd) }
            : e.name.includes('/api/op/formulary.list')
              ? { ...acc, asked: e.requestStart, list: e.responseEnd }
              : acc,
        { bundle: 0, asked: 0, list: 0 },
      ),
    );
    if (run > 0) {
      // run 0 warms the browser cache
      loads.push(total);
      bundles.push(timing.bundle);
      answers.push(timing.list);
      asks.push(timing.asked);
    }
  }

  if (values.detail) {
    // The last load's requests on the page's clock: what waits for what before the rows can show.
    const entries = await page.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map(
        (e) => [e.name.replace(location.origin, ''), Math.round(e.requestStart), Math.round(e.responseEnd)] as const,
      ),
    );
    for (const [name, start, end] of entries) console.log(`    ${name}  ${start} → ${end} ms`);
  }

  // Quick filter: each query typed at once into the box; done when the displayed count has changed.
  const queries = ['amxl', '阿托伐他汀', 'XA01ABD00000000000012', '华北制药', 'gmml', '0.5g', 'blf', '瑞舒'];
  const filters: number[] = [];
  const box = page.getByTestId('formulary-quick');
  for (let run = 0; run < RUNS; run++) {
    for (const q of queries) {
      const before = await shown();
      const start = performance.now();
      await box.fill(q);
      await page.waitForFunction((text) => document.querySelector('[data-testid="formulary-count"]')?.textContent !== text, before, {
        polling: 'raf',
        timeout: 30_000,
      });
      filters.push(performance.now() - start);
      await box.fill('');
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid="formulary-count"]')?.textContent?.startsWith(`显示 ${n} `),
        ITEMS,
        { polling: 'raf' },
      );
    }
  }
  console.log(`统一用药目录网格（${ITEMS} 个品种，Chromium 1366×768）`);
  console.log(`  导航到行显示：中位数 ${ms(median(loads))}（${RUNS} 次：${loads.map((x) => x.toFixed(0)).join(' / ')} ms）`);
  console.log(
    `    其中：脚本下载完成 ${ms(median(bundles))}，formulary.list 发出 ${ms(median(asks))}、应答完成 ${ms(median(answers))}（页面时钟，中位数）`,
  );
  console.log(
    `  快速筛选响应：中位数 ${ms(median(filters))}，最慢 ${ms(Math.max(...filters))}（${filters.length} 次，${queries.length} 个查询）`,
  );
} finally {
  await browser.close();
  await hub.close();
  rmSync(dataDir, { recursive: true, force: true });
}

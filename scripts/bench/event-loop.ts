/**
 * Never frozen: an authenticated `unit.list` over HTTP, asked by a few clients at a steady pace, while an
 * administrator imports a 270,000-row NHSA dictionary (POST /api/op/dictionary.import, NDJSON progress) and the
 * first dictionary searches build the 270k search index (before and after the import) — against the same
 * `unit.list` with nothing else running, in the same run. Target: p99 ≤ 100 ms while loaded.
 *
 *   npx tsx scripts/bench/event-loop.ts [--rows 270000] [--clients 4] [--interval 20] [--hub .vite/build/hub.js]
 *
 * The hub runs as its own process (`tsx server/main.ts`, or a bundled hub.js with --hub) on a demo community
 * whose dictionary already holds edition 1 (imported by the CLI before the hub starts, so its first search
 * has 270k rows to index); the import over HTTP is edition 2 (every 7th row changed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generatedRows, writeDictionaryXlsx } from './make-dictionary-xlsx.js';
import { runToEnd, signIn, spawnHub, stop } from './support.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '270000' },
    clients: { type: 'string', default: '4' },
    interval: { type: 'string', default: '20' },
    hub: { type: 'string' },
  },
});
const ROWS = Number(values.rows);
const CLIENTS = Number(values.clients);
/** Each client asks, waits for the answer, then waits this long: a steady load that does not saturate the hub. */
const INTERVAL_MS = Number(values.interval);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Latencies {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

function summary(samples: number[]): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  const round = (ms: number) => Number(ms.toFixed(1));
  return { count: sorted.length, p50: round(at(50)), p99: round(at(99)), max: round(sorted.at(-1) ?? 0) };
}

/** `CLIENTS` loops asking `unit.list` until `until` settles; the latency of each answer. */
async function unitListLoad(
  url: string,
  cookie: string,
  until: Promise<unknown>,
  slowest?: { at: number; ms: number }[],
): Promise<number[]> {
  let done = false;
  void until.finally(() => (done = true));
  const samples: number[] = [];
  const origin = performance.now();
  const client = async () => {
    while (!done) {
      const start = performance.now();
      const response = await fetch(`${url}/api/op/unit.list`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: '{}',
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`unit.list answered ${response.status}`);
      const ms = performance.now() - start;
      samples.push(ms);
      slowest?.push({ at: Math.round(start - origin), ms: Math.round(ms) });
      await sleep(INTERVAL_MS);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return samples;
}

async function post(url: string, cookie: string, name: string, input: unknown): Promise<{ ms: number; body: unknown }> {
  const start = performance.now();
  const response = await fetch(`${url}/api/op/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as unknown;
  if (response.status !== 200) throw new Error(`${name} answered ${response.status}: ${JSON.stringify(body)}`);
  return { ms: performance.now() - start, body };
}

// The upload runs in a child process: sending 30 MB from this one would stall its own measurements.
const UPLOAD = `
const [url, cookie, file, name] = process.argv.slice(1);
const body = require('node:fs').readFileSync(file);
fetch(url + '/api/op/dictionary.import?filename=' + encodeURIComponent(name), {
  method: 'POST', headers: { 'content-type': 'application/octet-stream', cookie }, body,
}).then(async (response) => { const text = await response.text(); console.log(JSON.stringify({ status: response.status, text })); });
`;

/** The dictionary import over HTTP, its NDJSON read to the last line. */
async function importOverHttp(
  url: string,
  cookie: string,
  file: string,
): Promise<{ ms: number; lines: number; last: Record<string, unknown> }> {
  const start = performance.now();
  const { status, text } = JSON.parse(await runToEnd(['-e', UPLOAD, url, cookie, file, path.basename(file)])) as {
    status: number;
    text: string;
  };
  const lines = text.trim().split('\n');
  const last = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
  if (status !== 200 || last.done !== true) throw new Error(`dictionary.import: ${status} ${lines.at(-1)}`);
  return { ms: performance.now() - start, lines: lines.length, last };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tongcai-bench-loop-'));
  let hub: ReturnType<typeof spawnHub> | undefined;
  try {
    const seeded = JSON.parse(await runToEnd(['--import', 'tsx', 'server/cli.ts', 'seed-demo', '--data', dataDir])) as {
      users: { username: string; role: string; password: string }[];
    };
    const admin = seeded.users.find((u) => u.role === 'admin')!;
    const edition1 = path.join(dataDir, '医保药品分类与代码数据库-1.xlsx');
    const edition2 = path.join(dataDir, '医保药品分类与代码数据库-2.xlsx');
    await writeDictionaryXlsx(edition1, generatedRows(ROWS));
    await writeDictionaryXlsx(edition2, generatedRows(ROWS, 2));
    await runToEnd(['--import', 'tsx', 'server/cli.ts', 'dictionary', 'import', edition1, '--data', dataDir]);
    console.error(`已生成并用命令行导入第 1 期（${ROWS} 行）；启动中心服务…`);

    hub = spawnHub(dataDir, values.hub);
    const url = await hub.ready;
    const cookie = await signIn(url, admin.username, admin.password);

    // Loaded: the first search (it builds the 270k index; the hub's own warm-up may join it), the import
    // of edition 2 over HTTP, then a search after it (the index is built again for the new edition).
    // A warm hub (JIT, prepared statements), as in the idle phase; short enough that its own index warm-up
    // (a second after start) has not begun, so the first search below is the one that builds the index.
    for (let i = 0; i < 20; i++)
      await (
        await fetch(`${url}/api/op/unit.list`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' })
      ).arrayBuffer();
    const loadedStart = performance.now();
    const marks: Record<string, number> = {};
    const mark = <T>(name: string, promise: Promise<T>) =>
      promise.finally(() => (marks[name] = Math.round(performance.now() - loadedStart)));
    const work = (async () => {
      const [firstSearch, imported] = await Promise.all([
        mark('first search answered', post(url, cookie, 'dictionary.search', { q: 'amxl', limit: 20 })),
        mark('import answered', importOverHttp(url, cookie, edition2)),
      ]);
      const searchAfter = await mark('search after import answered', post(url, cookie, 'dictionary.search', { q: '阿莫西林', limit: 20 }));
      return { firstSearch, imported, searchAfter };
    })();
    const slow: { at: number; ms: number }[] = [];
    const loadedSamples = await unitListLoad(url, cookie, work, slow);
    const { firstSearch, imported, searchAfter } = await work;
    const loadedMs = performance.now() - loadedStart;

    // Idle: the same clients for the same time, nothing else running.
    const idleSamples = await unitListLoad(url, cookie, sleep(loadedMs));

    const idle = summary(idleSamples);
    const loaded = summary(loadedSamples);
    const ratio = idle.p99 > 0 ? loaded.p99 / idle.p99 : null;
    console.log(`unit.list：${CLIENTS} 个客户端，每次应答后间隔 ${INTERVAL_MS} ms；导入 ${ROWS} 行（第 2 期）并首次检索 ${ROWS} 行字典`);
    console.table([
      { phase: 'idle (nothing else)', ...idle },
      { phase: 'import + first search', ...loaded },
    ]);
    console.table([
      {
        step: 'dictionary.import over HTTP (NDJSON)',
        ms: Math.round(imported.ms),
        note: `${imported.lines} lines; changed ${String(imported.last.changed)}`,
      },
      { step: 'first dictionary.search (index build)', ms: Math.round(firstSearch.ms), note: '' },
      { step: 'dictionary.search after the import (rebuild)', ms: Math.round(searchAfter.ms), note: '' },
    ]);
    const slowest = slow.sort((a, b) => b.ms - a.ms).slice(0, 8);
    console.log(
      `最慢的 unit.list（发出时刻 ms → 耗时 ms）：${slowest.map((s) => `${s.at}→${s.ms}`).join('，')}；${Object.entries(marks)
        .map(([k, v]) => `${k} @${v}`)
        .join('，')}`,
    );
    console.log(
      JSON.stringify({
        benchmark: 'event-loop.unit.list',
        rows: ROWS,
        clients: CLIENTS,
        intervalMs: INTERVAL_MS,
        hub: values.hub ?? 'tsx server/main.ts',
        idle,
        loaded,
        p99Ratio: ratio === null ? null : Number(ratio.toFixed(2)),
        importMs: Math.round(imported.ms),
        firstSearchMs: Math.round(firstSearch.ms),
        searchAfterImportMs: Math.round(searchAfter.ms),
        target: { loadedP99Ms: 100 },
        ok: loaded.p99 <= 100,
      }),
    );
    if (/worker entry .* is missing|failed in its worker/.test(hub.log())) console.error(hub.log());
  } finally {
    if (hub) await stop(hub.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();

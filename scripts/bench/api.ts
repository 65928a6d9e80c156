/**
 * API throughput: an authenticated read (POST /api/op/unit.list with the session cookie) against the real
 * hub process, and the same JSON bytes from a bare node:http server, measured in the same run so the
 * ratio means something on a noisy machine. `npm run bench:api [-- --duration 10 --connections 50]`
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { figures, runToEnd, signIn, spawnNode, stop } from './support.js';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '50' } } });
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);

// The bare limit: node:http answering the identical bytes with no routing, parsing, session or database.
const BARE_SERVER = `
const http = require('node:http');
const body = require('node:fs').readFileSync(process.argv[1]);
http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length }); res.end(body); });
}).listen(0, '127.0.0.1', function () { console.log('http://127.0.0.1:' + this.address().port); });
`;

interface Figures {
  requestsPerSecond: number;
  p99Ms: number;
  averageMs: number;
  non2xx: number;
  errors: number;
}

async function measure(url: string, headers: Record<string, string>, duration: number, method: 'GET' | 'POST' = 'POST'): Promise<Figures> {
  const result = await autocannon({
    url,
    method,
    headers,
    ...(method === 'POST' ? { body: '{}' } : {}),
    connections: CONNECTIONS,
    duration,
  });
  return figures(result);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tongcai-bench-'));
  const children: ChildProcess[] = [];
  try {
    const seeded = JSON.parse(await runToEnd(['--import', 'tsx', 'server/cli.ts', 'seed-demo', '--data', dataDir])) as {
      users: { username: string; role: string; password: string }[];
    };
    const admin = seeded.users.find((u) => u.role === 'admin')!;

    const hub = spawnNode(['--import', 'tsx', 'server/main.ts', '--data', dataDir], /^(http:\/\/\S+)$/m);
    children.push(hub.child);
    const hubUrl = await hub.ready;

    const cookie = await signIn(hubUrl, admin.username, admin.password);
    const headers = { 'content-type': 'application/json', cookie };
    const sample = await fetch(`${hubUrl}/api/op/unit.list`, { method: 'POST', headers, body: '{}' });
    const bytes = Buffer.from(await sample.arrayBuffer());
    if (sample.status !== 200) throw new Error(`unit.list failed: ${sample.status}`);
    const units = (JSON.parse(bytes.toString('utf8')) as { units: unknown[] }).units.length;

    const bodyFile = path.join(dataDir, 'unit-list.json');
    writeFileSync(bodyFile, bytes);
    const bare = spawnNode(['-e', BARE_SERVER, bodyFile], /^(http:\/\/\S+)$/m);
    children.push(bare.child);
    const bareUrl = await bare.ready;

    const hubOp = `${hubUrl}/api/op/unit.list`;
    // Warm both up (JIT, prepared statements, sockets) before measuring.
    await measure(hubOp, headers, 2);
    await measure(bareUrl, headers, 2);
    const hubFigures = await measure(hubOp, headers, DURATION);
    const bareFigures = await measure(bareUrl, headers, DURATION);
    // The HTTP layer alone (routing, hooks, headers, two tiny queries), to tell it apart from the operation.
    const healthFigures = await measure(`${hubUrl}/api/health`, {}, Math.max(2, Math.round(DURATION / 2)), 'GET');
    if (hubFigures.non2xx > 0 || hubFigures.errors > 0)
      throw new Error(`hub answered ${hubFigures.non2xx} non-2xx, ${hubFigures.errors} errors`);

    const ratios = {
      requestsPerSecond: hubFigures.requestsPerSecond / bareFigures.requestsPerSecond,
      // autocannon reports whole milliseconds; a bare p99 of 0 has no meaningful ratio.
      p99: bareFigures.p99Ms > 0 ? hubFigures.p99Ms / bareFigures.p99Ms : null,
    };
    const row = (name: string, f: Figures) =>
      `${name.padEnd(22)}${f.requestsPerSecond.toFixed(0).padStart(10)}${f.p99Ms.toFixed(1).padStart(10)}${f.averageMs.toFixed(2).padStart(10)}`;
    console.log(`unit.list（${units} 个单位，响应 ${bytes.length} 字节），${CONNECTIONS} 个并发连接，每项 ${DURATION} 秒`);
    console.log(`${'server'.padEnd(22)}${'req/s'.padStart(10)}${'p99 ms'.padStart(10)}${'avg ms'.padStart(10)}`);
    console.log(row('hub unit.list', hubFigures));
    console.log(row('bare node:http', bareFigures));
    console.log(row('hub GET /api/health', healthFigures));
    console.log(
      `${'hub / bare'.padEnd(22)}${ratios.requestsPerSecond.toFixed(3).padStart(10)}${(ratios.p99 === null ? 'n/a' : ratios.p99.toFixed(2)).padStart(10)}`,
    );
    console.log(
      JSON.stringify({
        benchmark: 'api.unit.list',
        connections: CONNECTIONS,
        durationSeconds: DURATION,
        responseBytes: bytes.length,
        hub: hubFigures,
        bare: bareFigures,
        hubHealth: healthFigures,
        ratios,
      }),
    );
  } finally {
    await Promise.all(children.map(stop));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();

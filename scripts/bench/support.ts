/**
 * What the benchmarks share: the repository root, child hub processes, and a signed-in database for operation-
 * level measurements. Each benchmark still measures its own raw limit in the same run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { executeOperation } from '../../core/registry.js';
import { ensureSetupCode } from '../../core/setup/setup-code.js';
import { migrate } from '../../db/migrate.js';
import { openDatabase, type Db } from '../../db/open.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a node child to the end; resolves with its stdout, rejects with its stderr on a non-zero exit. */
export function runToEnd(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${args.join(' ')} exited ${code}\n${stderr}`))));
  });
}

/** A child node process; `ready` resolves with the first capture of `pattern` on its stdout. */
export function spawnNode(args: string[], pattern: RegExp): { child: ChildProcess; ready: Promise<string>; log: () => string } {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      output += d;
      const match = pattern.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('close', (code) => reject(new Error(`${args.join(' ')} exited ${code}\n${output}`)));
  });
  return { child, ready, log: () => output };
}

/** A hub on `dataDir` (from source under tsx, or a bundled `hub.js`); `ready` resolves with its URL. */
export function spawnHub(dataDir: string, bundled?: string): { child: ChildProcess; ready: Promise<string>; log: () => string } {
  const args = bundled ? [bundled, '--data', dataDir] : ['--import', 'tsx', 'server/main.ts', '--data', dataDir];
  return spawnNode(args, /^(http:\/\/\S+)$/m);
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('close', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A migrated database in `dir`, set up through the wizard, with its administrator signed in. */
export async function signedInDatabase(dir: string): Promise<{ db: Db; token: string }> {
  const db = openDatabase(path.join(dir, 'tongcai.db'));
  migrate(db.$client);
  const password = 'Bench2026pass';
  const init = await executeOperation(db, 'setup.initialize', {
    setupCode: ensureSetupCode(db) ?? '',
    community: { name: '基准医共体', institutionCode: 'H33010200001', bankName: '银行', bankAccountName: '医院', bankAccountNo: '6228480012345678901' },
    leadUnit: { code: 'LEAD', name: '县人民医院', uscc: '' },
    centralStore: { code: 'ZXYK', name: '中心药库' },
    admin: { username: 'admin', displayName: '管理员', password },
  });
  if (!init.ok) throw new Error(JSON.stringify(init.error));
  const login = await executeOperation(db, 'auth.login', { username: 'admin', password });
  if (!login.ok || !login.session.issue) throw new Error('login failed');
  return { db, token: login.session.issue };
}

/** Signs in over HTTP and returns the session cookie (`tongcai_session=…`) for the requests that follow. */
export async function signIn(url: string, username: string, password: string): Promise<string> {
  const login = await fetch(`${url}/api/op/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  return login.headers
    .getSetCookie()
    .find((c) => c.startsWith('tongcai_session='))!
    .split(';')[0]!;
}

/** The figures of one autocannon run. */
export function figures(result: { requests: { average: number }; latency: { p99: number; average: number }; non2xx: number; errors: number }) {
  return { requestsPerSecond: result.requests.average, p99Ms: result.latency.p99, averageMs: result.latency.average, non2xx: result.non2xx, errors: result.errors };
}

/** A numeric command-line flag (`--moves 1000000`), or the fallback when it is not given. */
export const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

/** The middle of the measurements (the upper one of an even count). */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

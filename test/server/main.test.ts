import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { request } from 'node:https';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startHub } from '../../server/hub.js';
import { ADMIN, setupInputFor, tempDir } from './helpers.js';
import { selfSignedCertificate } from '../support/certificates.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
const dir = (prefix: string) => {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function startServerProcess(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const started = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /^(https?:\/\/\S+)$/m.exec(stdout);
      if (match) resolve(match[1]!);
    });
    exited.then((code) => reject(new Error(`server exited ${code}: ${stderr}`)));
  });
  // Tests that expect an early exit never await `started`.
  started.catch(() => undefined);
  return { child, started, exited, output: () => ({ stdout, stderr }) };
}

describe('npm run server', () => {
  it('prints the URL, serves, and stops cleanly with exit 0 on SIGTERM', async () => {
    const server = startServerProcess(['--data', dir('tongcai-main-')]);
    const url = await server.started;
    expect(server.output().stdout).toContain(`统采中心服务已启动：${url}`);
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('shows usage and exits 2 without --data', async () => {
    const server = startServerProcess([]);
    expect(await server.exited).toBe(2);
    expect(server.output().stderr).toContain('用法');
  });

  it('refuses plain http on a LAN address, in Chinese, with exit 1', async () => {
    const server = startServerProcess(['--data', dir('tongcai-main-'), '--host', '0.0.0.0']);
    expect(await server.exited).toBe(1);
    expect(server.output().stderr).toMatch(/证书/);
  });
});

describe('startHub', () => {
  it('refuses a database from a newer build with the migration message', async () => {
    const dataDir = dir('tongcai-newer-');
    const first = await startHub({ dataDir, port: 0 });
    first.db.$client.prepare("INSERT INTO schema_migrations (idx, tag, hash, applied_at) VALUES (999, '9999_future', 'x', 'now')").run();
    await first.close();
    await expect(startHub({ dataDir, port: 0 })).rejects.toThrow(/更新的版本/);
  });

  it('serves https with a certificate and marks the session cookie Secure', async () => {
    const certDir = dir('tongcai-cert-');
    const { cert, key } = selfSignedCertificate(certDir, 'hub', 'IP:127.0.0.1');
    const hub = await startHub({ dataDir: dir('tongcai-https-'), port: 0, tlsCert: cert, tlsKey: key });
    try {
      expect(hub.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const post = (name: string, input: unknown) =>
        new Promise<{ status: number; setCookie: string[] }>((resolve, reject) => {
          const body = JSON.stringify(input);
          const req = request(
            `${hub.url}/api/op/${name}`,
            {
              method: 'POST',
              ca: cert,
              headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
            },
            (res) => {
              res.resume();
              res.on('end', () => resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [] }));
            },
          );
          req.on('error', reject);
          req.end(body);
        });
      expect((await post('setup.initialize', setupInputFor(hub))).status).toBe(200);
      const login = await post('auth.login', { username: ADMIN.username, password: ADMIN.password });
      expect(login.status).toBe(200);
      const line = login.setCookie.find((c) => c.startsWith('tongcai_session='));
      expect(line).toMatch(/;\s*Secure/i);
      expect(line).toMatch(/;\s*HttpOnly/i);
    } finally {
      await hub.close();
    }
  });
});

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli.js';
import { ensureSetupCode, formatSetupCode } from '../../core/setup/setup-code.js';
import { COMPRESSIBLE_TYPES } from '../../server/compression.js';
import { selfSignedCertificate } from '../support/certificates.js';
import { adminSession, startTestHub, tempDir, type TestHub } from './helpers.js';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * One request with exactly the headers given (fetch will not let a test choose Host). Under TLS the certificate is
 * trusted by its CA but not matched against the Host a test sends on purpose.
 */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; ca?: string } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      target,
      {
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
        ...(options.ca ? { ca: options.ca, checkServerIdentity: () => undefined } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
const json = (r: Raw) => JSON.parse(r.body.toString('utf8')) as { error: { code: string; message: string } };
const CJK = /[\u4e00-\u9fff]/;

describe('Host and Origin checks (loopback mode)', () => {
  let hub: TestHub;
  let port: number;
  beforeAll(async () => {
    hub = await startTestHub();
    port = hub.port;
  });
  afterAll(() => hub.dispose());

  it('answers 127.0.0.1, localhost and [::1] on its port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      expect((await raw(`${hub.url}/api/health`, { headers: { host } })).status, host).toBe(200);
    }
  });

  it('refuses any other name, another port or no port with 421 and a Chinese JSON error', async () => {
    for (const host of [
      `evil.example:${port}`,
      'evil.example',
      `127.0.0.1:${port + 1}`,
      '127.0.0.1',
      `127.0.0.1.evil.example:${port}`,
      `192.168.1.20:${port}`,
    ]) {
      const res = await raw(`${hub.url}/api/health`, { headers: { host } });
      expect(res.status, host).toBe(421);
      expect(json(res).error.code).toBe('FORBIDDEN');
      expect(json(res).error.message).toMatch(CJK);
      expect(res.body.toString()).not.toContain('evil');
    }
    // Operations too, before anything else runs.
    const op = await raw(`${hub.url}/api/op/setup.status`, {
      method: 'POST',
      headers: { host: `rebind.example:${port}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(op.status).toBe(421);
  });

  it('refuses a state-changing request from a foreign Origin with 403, and accepts its own or none', async () => {
    const post = (origin?: string) =>
      raw(`${hub.url}/api/op/setup.status`, {
        method: 'POST',
        headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', ...(origin ? { origin } : {}) },
        body: '{}',
      });
    for (const origin of [
      `http://evil.example:${port}`,
      'null',
      `https://127.0.0.1:${port}`,
      `http://127.0.0.1:${port + 1}`,
      'http://127.0.0.1',
    ]) {
      const res = await post(origin);
      expect(res.status, origin).toBe(403);
      expect(json(res).error.message).toMatch(CJK);
    }
    for (const origin of [undefined, `http://127.0.0.1:${port}`, `http://localhost:${port}`])
      expect((await post(origin)).status, String(origin)).toBe(200);
    // A GET with a foreign Origin is only a read; the Host rule still applies to it.
    expect((await raw(`${hub.url}/api/health`, { headers: { host: `127.0.0.1:${port}`, origin: 'http://evil.example' } })).status).toBe(
      200,
    );
  });

  it('sends no HSTS over plain http', async () => {
    expect(
      (await raw(`${hub.url}/api/health`, { headers: { host: `127.0.0.1:${port}` } })).headers['strict-transport-security'],
    ).toBeUndefined();
  });
});

describe('Host checks and HSTS under TLS', () => {
  it('answers only the configured public names, and sends HSTS', async () => {
    const dir = tempDir('tongcai-tls-names-');
    const { cert, key } = selfSignedCertificate(dir, 'hub', 'IP:127.0.0.1,DNS:tongcai.qy.local');
    const hub = await startTestHub({ tlsCert: cert, tlsKey: key, publicNames: ['tongcai.qy.local', '127.0.0.1'] });
    try {
      const get = (host: string) => raw(`${hub.url}/api/health`, { headers: { host }, ca: cert });
      const ok = await get(`tongcai.qy.local:${hub.port}`);
      expect(ok.status).toBe(200);
      expect(ok.headers['strict-transport-security']).toBe('max-age=31536000');
      expect((await get(`127.0.0.1:${hub.port}`)).status).toBe(200);
      // Not configured: refused, and the refusal carries HSTS too.
      const refused = await get(`localhost:${hub.port}`);
      expect(refused.status).toBe(421);
      expect(refused.headers['strict-transport-security']).toBe('max-age=31536000');
      const origin = await raw(`${hub.url}/api/op/setup.status`, {
        method: 'POST',
        headers: {
          host: `tongcai.qy.local:${hub.port}`,
          origin: `http://tongcai.qy.local:${hub.port}`,
          'content-type': 'application/json',
        },
        body: '{}',
        ca: cert,
      });
      expect(origin.status).toBe(403);
    } finally {
      await hub.dispose();
    }
  });
});

describe('compression', () => {
  let hub: TestHub;
  let cookie: string;
  beforeAll(async () => {
    hub = await startTestHub();
    cookie = await adminSession(hub);
  });
  afterAll(() => hub.dispose());

  it('compresses a large JSON answer with br or gzip when the client accepts it, and not otherwise', async () => {
    const plain = await raw(`${hub.url}/api/openapi.json`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(50_000);
    const br = await raw(`${hub.url}/api/openapi.json`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body.length).toBeLessThan(plain.body.length / 4);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    const gzip = await raw(`${hub.url}/api/openapi.json`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    expect(String(gzip.headers.vary)).toMatch(/accept-encoding/i);
  });

  it('compresses operation answers too, but never an xlsx export', async () => {
    const op = await raw(`${hub.url}/api/op/unit.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'accept-encoding': 'gzip' },
      body: '{}',
    });
    expect(op.status).toBe(200);
    // Small answers stay as they are (under the 1 KiB threshold); the point is that the route takes part.
    if (op.headers['content-encoding']) expect(JSON.parse(gunzipSync(op.body).toString()).units).toBeDefined();
    const xlsx = await raw(`${hub.url}/api/export/audit.list?input=%7B%7D`, { headers: { cookie, 'accept-encoding': 'gzip, br' } });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    expect(xlsx.headers['content-encoding']).toBeUndefined();
  });

  it('leaves NDJSON progress streams and xlsx out by type', () => {
    expect(COMPRESSIBLE_TYPES.test('application/json; charset=utf-8')).toBe(true);
    expect(COMPRESSIBLE_TYPES.test('text/html; charset=utf-8')).toBe(true);
    expect(COMPRESSIBLE_TYPES.test('application/javascript')).toBe(true);
    expect(COMPRESSIBLE_TYPES.test('application/x-ndjson; charset=utf-8')).toBe(false);
    expect(COMPRESSIBLE_TYPES.test('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe(false);
  });
});

describe('the setup code at the console', () => {
  it('is printed by npm run cli -- setup-code, the same as the hub holds, and refused once the hub is set up', async () => {
    const hub = await startTestHub();
    try {
      const out: string[] = [];
      const err: string[] = [];
      const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
      expect(hub.setupCode).not.toBeNull();
      expect(await runCli(['setup-code', '--data', hub.dataDir], io)).toBe(0);
      expect(out).toEqual([formatSetupCode(hub.setupCode!)]);
      expect(ensureSetupCode(hub.db)).toBe(hub.setupCode);
      await adminSession(hub);
      expect(await runCli(['setup-code', '--data', hub.dataDir], io)).toBe(1);
      expect(err.join('\n')).toMatch(/已初始化/);
    } finally {
      await hub.dispose();
    }
  });
});

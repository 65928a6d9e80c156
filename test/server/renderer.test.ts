import type { ApiErrorBody } from '../../core/api/index.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, tempDir, type TestHub } from './helpers.js';

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/app-1a2b.js"></script></head><body><div id="root"></div></body></html>';

describe('serving the renderer', () => {
  let hub: TestHub;
  beforeAll(async () => {
    const dir = tempDir('tongcai-renderer-');
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), INDEX);
    writeFileSync(path.join(dir, 'assets', 'app-1a2b.js'), 'console.log("统采");');
    hub = await startTestHub({ staticDir: dir });
  });
  afterAll(() => hub.dispose());

  it('serves index.html at / and for client-side routes, never cached', async () => {
    for (const p of ['/', '/units/12', '/audit?from=2026-01-01']) {
      const res = await fetch(`${hub.url}${p}`);
      expect(res.status, p).toBe(200);
      expect(res.headers.get('content-type'), p).toMatch(/text\/html/);
      expect(res.headers.get('cache-control'), p).toBe('no-cache');
      expect(res.headers.get('content-security-policy'), p).toContain("script-src 'self'");
      expect(await res.text(), p).toBe(INDEX);
    }
  });

  it('serves hashed assets as immutable, and a missing one as 404 rather than HTML', async () => {
    const asset = await fetch(`${hub.url}/assets/app-1a2b.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
    const missing = await fetch(`${hub.url}/assets/app-gone.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).not.toMatch(/html/);
  });

  it('keeps /api paths out of the fallback', async () => {
    const res = await fetch(`${hub.url}/api/op/unit.list`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as ApiErrorBody).error.code).toBe('NOT_FOUND');
  });
});

describe('without a built renderer', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.dispose());

  it('answers / with a Chinese page asking for npm run build', async () => {
    const res = await fetch(`${hub.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const text = await res.text();
    expect(text).toContain('npm run build');
    expect(text).toMatch(/界面/);
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminSession, startTestHub, type TestHub } from './helpers.js';

const GENERIC = { error: { code: 'INTERNAL', message: '系统内部错误，已记录，请联系管理员' } };

async function rawOp(hub: TestHub, name: string, cookie: string) {
  const res = await fetch(`${hub.url}/api/op/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: '{}',
  });
  return { status: res.status, text: await res.text() };
}

function expectNoLeak(text: string) {
  expect(text).not.toMatch(/\bat\s+\S+\s*\(|\.ts:\d+|node_modules|Sqlite|SQLITE|no such table|stack|database connection/i);
}

describe('internal errors', () => {
  let hub: TestHub;
  let cookie: string;
  const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  beforeAll(async () => {
    hub = await startTestHub();
    cookie = await adminSession(hub);
  });
  afterEach(() => logged.mockClear());
  afterAll(async () => {
    logged.mockRestore();
    await hub.dispose();
  });

  it('a failing handler answers 500 with a generic Chinese message and logs the detail on the hub', async () => {
    hub.db.$client.exec('ALTER TABLE stores RENAME TO stores_gone');
    try {
      const res = await rawOp(hub, 'unit.list', cookie);
      expect(res.status).toBe(500);
      expect(JSON.parse(res.text)).toEqual(GENERIC);
      expectNoLeak(res.text);
      expect(logged.mock.calls.flat().map(String).join(' ')).toMatch(/stores/);
    } finally {
      hub.db.$client.exec('ALTER TABLE stores_gone RENAME TO stores');
    }
  });

  it('an exception outside the registry (database gone) is answered the same way', async () => {
    hub.db.$client.close();
    const res = await rawOp(hub, 'unit.list', cookie);
    expect(res.status).toBe(500);
    expect(JSON.parse(res.text)).toEqual(GENERIC);
    expectNoLeak(res.text);
    expect(logged).toHaveBeenCalled();
  });
});

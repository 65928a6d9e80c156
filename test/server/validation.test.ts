import type { ApiErrorBody } from '../../core/api/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, callOp, setupInput, startTestHub, type TestHub } from './helpers.js';

const CJK = /[\u4e00-\u9fa5]/;

describe('input problems', () => {
  let hub: TestHub;
  let cookie: string;
  beforeAll(async () => {
    hub = await startTestHub();
    cookie = await adminSession(hub);
  });
  afterAll(() => hub.dispose());

  it('reports every bad field at once, each with its path and a Chinese message', async () => {
    const res = await callOp(
      hub,
      'unit.create',
      { code: '有 空格', name: '', kind: 'hospital', uscc: '123', insuranceCode: 'X1', contactPhone: 'abc' },
      cookie,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(res.body.error.message).toMatch(CJK);
    const paths = (res.body.error.fields as { path: string; message: string }[]).map((f) => f.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['code', 'name', 'kind', 'uscc', 'insuranceCode', 'contactPhone']));
    for (const field of res.body.error.fields ?? []) expect(field.message, field.path).toMatch(CJK);
  });

  it('names nested paths in the setup wizard and says what is missing', async () => {
    const input = setupInput({ admin: { username: 'Admin!', displayName: '', password: 'short' } }) as Partial<
      ReturnType<typeof setupInput>
    >;
    delete input.centralStore;
    const res = await callOp(hub, 'setup.initialize', input);
    expect(res.status).toBe(400);
    const fields = res.body.error.fields as { path: string; message: string }[];
    const byPath = new Map(fields.map((f) => [f.path, f.message]));
    expect([...byPath.keys()]).toEqual(expect.arrayContaining(['admin.username', 'admin.displayName', 'admin.password', 'centralStore']));
    expect(byPath.get('centralStore')).toBe('此项为必填项');
    expect(byPath.get('admin.password')).toMatch(/密码/);
  });

  it('answers malformed JSON with 400 VALIDATION in Chinese', async () => {
    const res = await fetch(`${hub.url}/api/op/unit.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: '{"includeInactive": tru',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ApiErrorBody;
    expect(body).toEqual({ error: { code: 'VALIDATION', message: '请求内容不是有效的 JSON' } });
  });

  it('treats an empty JSON body as an empty input', async () => {
    const res = await fetch(`${hub.url}/api/op/unit.list`, { method: 'POST', headers: { 'content-type': 'application/json', cookie } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { units: unknown[] }).units.length).toBe(1);
  });

  it('refuses anything but application/json (a cross-site form cannot post JSON)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await fetch(`${hub.url}/api/op/unit.create`, { method: 'POST', headers: { 'content-type': type, cookie }, body: '{}' });
      expect(res.status, type).toBe(415);
      expect(((await res.json()) as ApiErrorBody).error.code).toBe('VALIDATION');
    }
    const none = await fetch(`${hub.url}/api/op/unit.list`, { method: 'POST', headers: { cookie } });
    expect(none.status).toBe(415);
  });

  it('answers an unknown operation and an unknown API path with 404', async () => {
    const op = await callOp(hub, 'unit.explode', {}, cookie);
    expect(op.status).toBe(404);
    expect(op.body.error.code).toBe('NOT_FOUND');
    const path = await fetch(`${hub.url}/api/nothing-here`);
    expect(path.status).toBe(404);
    expect(((await path.json()) as ApiErrorBody).error.code).toBe('NOT_FOUND');
  });

  it('refuses a body over 10 MB', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(11 * 1024 * 1024) });
    const res = await fetch(`${hub.url}/api/op/unit.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: big,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as ApiErrorBody).error.message).toMatch(/10 MB/);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ApiErrorBody, OperationName, OpOutput } from '../../core/api/index.js';
import { startHub, type Hub, type HubOptions } from '../../server/hub.js';
import { ensureSetupCode } from '../../core/setup/setup-code.js';

export interface TestHub extends Hub {
  dataDir: string;
  /** Stops the hub and removes its data directory. */
  dispose(): Promise<void>;
}

export function tempDir(prefix = 'tongcai-server-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A hub on a random port over a fresh data directory; no renderer unless a staticDir is given. */
export async function startTestHub(options: Partial<HubOptions> = {}): Promise<TestHub> {
  const dataDir = options.dataDir ?? tempDir();
  const hub = await startHub({ staticDir: path.join(dataDir, 'no-renderer'), ...options, dataDir, port: 0 });
  return {
    ...hub,
    dataDir,
    async dispose() {
      await hub.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A success body typed from the contract; `error` is only there when the status is 4xx/5xx. */
export type OpBody<N extends string> = (N extends OperationName ? OpOutput<N> : Record<string, unknown>) & ApiErrorBody;

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
  setCookie: string[];
}

/** POST /api/op/<name> as the renderer does it. */
export async function callOp<N extends string>(hub: Hub, name: N, input: unknown, cookie?: string): Promise<ApiResponse<OpBody<N>>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (cookie) headers.cookie = cookie;
  const res = await fetch(`${hub.url}/api/op/${name}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers, setCookie: res.headers.getSetCookie() };
}

export const ADMIN = { username: 'admin', password: 'Admin-pass-2026' } as const;

/** A valid setup.initialize input; `overrides` replaces whole sections. */
export function setupInput(overrides: Record<string, unknown> = {}) {
  return {
    community: {
      name: '清源县医疗健康集团',
      institutionCode: 'H51000000001',
      bankName: '中国农业银行清源县支行',
      bankAccountName: '清源县医疗健康集团',
      bankAccountNo: '6228480000000000001',
    },
    leadUnit: { code: 'QY-XRMYY', name: '清源县人民医院' },
    centralStore: { code: 'QY-ZXYK', name: '中心药库' },
    admin: { username: ADMIN.username, displayName: '系统管理员', password: ADMIN.password },
    ...overrides,
  };
}

/** `tongcai_session=<token>` from a response's Set-Cookie, ready for a Cookie header. */
export function sessionCookie(res: ApiResponse<unknown>): string {
  const line = res.setCookie.find((c) => c.startsWith('tongcai_session='));
  if (!line) throw new Error(`no session cookie in response ${res.status} ${JSON.stringify(res.body)}`);
  return line.split(';')[0]!;
}

/** setupInput with the hub's one-time setup code, read from its database as the console would show it. */
export function setupInputFor(hub: Hub, overrides: Record<string, unknown> = {}) {
  const setupCode = ensureSetupCode(hub.db);
  if (setupCode === null) throw new Error('the hub is already initialised');
  return { setupCode, ...setupInput(overrides) };
}

export async function initializeHub(hub: Hub): Promise<void> {
  const res = await callOp(hub, 'setup.initialize', setupInputFor(hub));
  if (res.status !== 200) throw new Error(`setup.initialize failed: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function login(hub: Hub, username: string, password: string): Promise<string> {
  const res = await callOp(hub, 'auth.login', { username, password });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return sessionCookie(res);
}

/** Initialises the hub and signs the administrator in. */
export async function adminSession(hub: Hub): Promise<string> {
  await initializeHub(hub);
  return await login(hub, ADMIN.username, ADMIN.password);
}

export async function createUnit(hub: Hub, cookie: string, fields: Record<string, unknown>): Promise<number> {
  const res = await callOp(hub, 'unit.create', fields, cookie);
  if (res.status !== 200) throw new Error(`unit.create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.unit.id;
}

/** Creates a user, signs them in with the one-time password and changes it; returns their session cookie. */
export async function userWithRole(hub: Hub, adminCookie: string, username: string, role: string, unitId: number): Promise<string> {
  const created = await callOp(hub, 'user.create', { username, displayName: '测试用户', role, unitId }, adminCookie);
  if (created.status !== 200) throw new Error(`user.create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const cookie = await login(hub, username, created.body.oneTimePassword);
  const newPassword = 'Changed-pass-2026';
  const changed = await callOp(hub, 'auth.changePassword', { currentPassword: created.body.oneTimePassword, newPassword }, cookie);
  if (changed.status !== 200) throw new Error(`changePassword failed: ${changed.status} ${JSON.stringify(changed.body)}`);
  // A password change may end the session; sign in again with the new password either way.
  return await login(hub, username, newPassword);
}

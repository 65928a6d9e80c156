import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../db/open.js';
import { migrate } from '../../db/migrate.js';
import { executeOperation, type CallOptions, type CallResult } from '../../core/registry.js';
import type { OperationName, OpInput, OpOutput } from '../../core/api/index.js';
import { applyChineseValidationMessages } from '../../core/api/index.js';
import { ensureSetupCode } from '../../core/setup/setup-code.js';

applyChineseValidationMessages();

/** A fresh database file with every migration applied, deleted by `dispose`. */
export function freshDb(): { db: Db; file: string; dir: string; dispose: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-test-'));
  const file = path.join(dir, 'tongcai.db');
  const db = openDatabase(file);
  migrate(db.$client);
  return {
    db,
    file,
    dir,
    dispose: () => {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const ADMIN_PASSWORD = 'Admin2026pass';

/** The wizard's answers without the one-time code; `setupInput(db)` adds the code of that database. */
export const SETUP_INPUT: Omit<OpInput<'setup.initialize'>, 'setupCode'> = {
  community: {
    name: '清源县医疗健康集团',
    institutionCode: 'H33010200001',
    bankName: '中国农业银行清源县支行',
    bankAccountName: '清源县人民医院',
    bankAccountNo: '6228480012345678901',
  },
  leadUnit: { code: 'QY-XRMYY', name: '清源县人民医院', uscc: '' },
  centralStore: { code: 'ZXYK', name: '中心药库' },
  admin: { username: 'admin', displayName: '王建国', password: ADMIN_PASSWORD },
};

/** The setup code of an uninitialised database, as the hub would print it (made if there is none yet). */
export function setupCodeOf(db: Db): string {
  const code = ensureSetupCode(db);
  if (code === null) throw new Error('the database is already initialised: it has no setup code');
  return code;
}

/** SETUP_INPUT with this database's setup code. */
export function setupInput(db: Db): OpInput<'setup.initialize'> {
  return { ...SETUP_INPUT, setupCode: setupCodeOf(db) };
}

/** Calls an operation and fails the test on an error result. */
export async function ok<N extends OperationName>(db: Db, name: N, input: OpInput<N>, options: CallOptions = {}): Promise<OpOutput<N>> {
  const result = await executeOperation(db, name, input, options);
  if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
  return result.output as OpOutput<N>;
}

export async function call<N extends OperationName>(db: Db, name: N, input: OpInput<N> | unknown, options: CallOptions = {}): Promise<CallResult> {
  return await executeOperation(db, name, input, options);
}

/** Logs in and returns the session token. */
export async function login(db: Db, username: string, password: string, now?: Date): Promise<string> {
  const result = await executeOperation(db, 'auth.login', { username, password }, now ? { now } : {});
  if (!result.ok || !result.session.issue) throw new Error(`login ${username} failed: ${JSON.stringify(result.ok ? result : result.error)}`);
  return result.session.issue;
}

/** Creates a user, changes their one-time password, and returns a session token. */
export async function userWithSession(db: Db, adminToken: string, input: OpInput<'user.create'>): Promise<{ token: string; userId: number; password: string }> {
  const { user, oneTimePassword } = await ok(db, 'user.create', input, { sessionToken: adminToken });
  const first = await login(db, user.username, oneTimePassword);
  const password = `${user.username}Pass2026`;
  await ok(db, 'auth.changePassword', { currentPassword: oneTimePassword, newPassword: password }, { sessionToken: first });
  return { token: first, userId: user.id, password };
}

/** An initialised community with the admin signed in. */
export async function initialised(): Promise<ReturnType<typeof freshDb> & { admin: string }> {
  const fresh = freshDb();
  await ok(fresh.db, 'setup.initialize', setupInput(fresh.db));
  return { ...fresh, admin: await login(fresh.db, 'admin', ADMIN_PASSWORD) };
}

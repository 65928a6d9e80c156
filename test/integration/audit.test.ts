import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { verifyAuditChain } from '../../core/audit/chain.js';
import { ADMIN_PASSWORD, SETUP_INPUT, call, freshDb, initialised, login, ok, setupInput } from '../support/db.js';
import type { Db } from '../../db/open.js';
import { AUTH_POLICY } from '../../core/auth/policy.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
async function setup() {
  const env = await initialised();
  cleanups.push(env.dispose);
  return { ...env, as: { sessionToken: env.admin } };
}

/** An initialised community whose every entry so far was written at `now` (no dependence on the clock). */
async function setupAt(now: Date) {
  const env = freshDb();
  cleanups.push(env.dispose);
  await ok(env.db, 'setup.initialize', setupInput(env.db), { now });
  const admin = await login(env.db, 'admin', ADMIN_PASSWORD, now);
  return { ...env, as: { sessionToken: admin, now } };
}

const count = (db: Db, table: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
/** Every row of the tables a failed command might have touched. */
const snapshot = (db: Db) =>
  ['units', 'stores', 'users', 'community', 'audit_log'].map((t) => db.$client.prepare(`SELECT * FROM ${t} ORDER BY 1`).all());

describe('audit log', () => {
  it('records who, from which unit, what operation, on what, with a summary', async () => {
    const { db, as } = await setup();
    await ok(db, 'unit.create', { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' }, as);
    const { entries } = await ok(db, 'audit.list', {}, as);
    const [latest] = entries;
    expect(latest).toMatchObject({ username: 'admin', unitName: '清源县人民医院', operation: 'unit.create', operationTitle: '新增成员单位', target: 'unit:WS01' });
    expect(JSON.parse(latest!.summary).created.name).toBe('青石镇卫生院');
    // setup (2 entries), login, unit.create
    expect(entries.map((e) => e.operation)).toEqual(['unit.create', 'auth.login', 'setup.initialize', 'setup.initialize']);
  });

  it('filters by operation, user and date', async () => {
    // 11:00 in China and 03:00 UTC: the same calendar day either way, whatever the machine's clock and zone.
    const { db, as } = await setupAt(new Date('2026-03-10T03:00:00.000Z'));
    const later = { sessionToken: await login(db, 'admin', ADMIN_PASSWORD, new Date('2026-03-12T03:00:00.000Z')), now: new Date('2026-03-12T03:00:05.000Z') };
    expect((await ok(db, 'audit.list', { operation: 'auth.login' }, later)).entries.map((e) => e.at)).toEqual([
      '2026-03-12T03:00:00.000Z',
      '2026-03-10T03:00:00.000Z',
    ]);
    expect((await ok(db, 'audit.list', { username: 'nobody' }, later)).total).toBe(0);
    expect((await ok(db, 'audit.list', { username: 'admin' }, later)).total).toBe(4);
    expect((await ok(db, 'audit.list', { to: '2026-03-09' }, later)).total).toBe(0);
    expect((await ok(db, 'audit.list', { from: '2026-03-10', to: '2026-03-10' }, later)).total).toBe(3);
    expect((await ok(db, 'audit.list', { from: '2026-03-11', to: '2026-03-11' }, later)).total).toBe(0);
    expect((await ok(db, 'audit.list', { from: '2026-03-11' }, later)).entries.map((e) => e.operation)).toEqual(['auth.login']);
    expect((await ok(db, 'audit.list', { from: '2026-03-13' }, later)).total).toBe(0);
    expect(as.now.toISOString()).toBe('2026-03-10T03:00:00.000Z');
  });

  it('refuses UPDATE and DELETE at the database level', async () => {
    const { db } = await setup();
    expect(() => db.$client.prepare("UPDATE audit_log SET username = 'x'").run()).toThrow(/append-only/);
    expect(() => db.$client.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('verify detects an edited entry and a deleted entry made around the triggers', async () => {
    const { db, as } = await setup();
    await ok(db, 'unit.create', { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' }, as);
    await ok(db, 'unit.create', { code: 'WS02', name: '白沙镇卫生院', kind: 'township_hospital' }, as);
    expect(verifyAuditChain(db.$client)).toMatchObject({ ok: true, firstBad: null });
    db.$client.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    db.$client.prepare("UPDATE audit_log SET summary = replace(summary, '青石镇', '黑石镇') WHERE target = 'unit:WS01'").run();
    const edited = verifyAuditChain(db.$client);
    expect(edited.ok).toBe(false);
    expect(edited.firstBad).toEqual({ seq: 4, reason: '记录内容与哈希不符（已被修改）' });
    expect((await ok(db, 'audit.verify', {}, as)).ok).toBe(false);
    db.$client.prepare("UPDATE audit_log SET summary = replace(summary, '黑石镇', '青石镇') WHERE target = 'unit:WS01'").run();
    expect(verifyAuditChain(db.$client).ok).toBe(true);
    db.$client.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(verifyAuditChain(db.$client).firstBad).toEqual({ seq: 2, reason: '缺少第 2 条记录（已被删除）' });
  });

  it('a command that fails half-way leaves the database exactly as it was', async () => {
    const { db, as } = await setup();
    // Make the second write of unit.create (its default store) fail, after the unit row is written.
    db.$client.exec("CREATE TEMP TRIGGER fail_store BEFORE INSERT ON stores BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    const before = snapshot(db);
    const quiet = console.error;
    console.error = () => {};
    const result = await call(db, 'unit.create', { code: 'WS09', name: '半途失败卫生院', kind: 'township_hospital' }, as);
    console.error = quiet;
    expect(!result.ok && result.error).toEqual({ code: 'INTERNAL', message: '系统内部错误，已记录，请联系管理员' });
    expect(JSON.stringify(result)).not.toMatch(/disk full|SQLITE|at .*\.ts/);
    expect(snapshot(db)).toEqual(before);
  });

  it('property: on a fresh database per run, any sequence of commands, failed logins included, leaves a chain that verifies and holds exactly the expected entries', async () => {
    type Command =
      | { op: 'unit.create'; input: { code: string; name: string; kind: string } }
      | { op: 'unit.setActive'; input: { id: number; active: boolean } }
      | { op: 'store.create'; input: { unitId: number; code: string; name: string } }
      | { op: 'login.wrong'; password: string }
      | { op: 'login.right' };
    const command: fc.Arbitrary<Command> = fc.oneof(
      fc
        .record({
          code: fc.constantFrom('WS01', 'WS02', 'WS03', 'bad code!', ''),
          name: fc.constantFrom('青石镇卫生院', '白沙镇卫生院', ''),
          kind: fc.constantFrom('township_hospital', 'community_center', 'village_clinic', 'hospital'),
        })
        .map((input) => ({ op: 'unit.create' as const, input })),
      fc.record({ id: fc.integer({ min: 1, max: 4 }), active: fc.boolean() }).map((input) => ({ op: 'unit.setActive' as const, input })),
      fc
        .record({ unitId: fc.integer({ min: 1, max: 6 }), code: fc.constantFrom('K1', 'K2', 'K3'), name: fc.constantFrom('药库', '') })
        .map((input) => ({ op: 'store.create' as const, input })),
      // Weighted so that runs reach the lockout threshold.
      {
        arbitrary: fc.constantFrom('Wrong2026pass', 'admin2026pass', `${ADMIN_PASSWORD} `).map((password) => ({ op: 'login.wrong' as const, password })),
        weight: 5,
      },
      fc.constant({ op: 'login.right' as const }),
    );
    type Expected = { operation: string; username: string; target: string; summary?: Record<string, unknown> };
    const userState = (db: Db) =>
      db.$client.prepare("SELECT failed_attempts AS failedAttempts, locked_until AS lockedUntil FROM users WHERE username = 'admin'").get();
    const business = (db: Db) => ['units', 'stores', 'community'].map((t) => db.$client.prepare(`SELECT * FROM ${t} ORDER BY 1`).all());
    const from = '10.0.0.7';

    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 30 }), async (commands) => {
        // A database of its own for every run, so no run depends on what an earlier one left behind.
        const env = freshDb();
        try {
          const { db } = env;
          let clock = Date.parse('2026-03-10T03:00:00.000Z');
          await ok(db, 'setup.initialize', setupInput(db), { now: new Date(clock) });
          const token = await login(db, 'admin', ADMIN_PASSWORD, new Date(clock));
          const baseline = count(db, 'audit_log');
          const expected: Expected[] = [];
          const model = { failures: 0, lockedUntil: null as number | null, unitCodes: [SETUP_INPUT.leadUnit.code] };

          for (const cmd of commands) {
            clock += 1000;
            if ((cmd.op === 'login.wrong' || cmd.op === 'login.right') && model.lockedUntil !== null) {
              // Wait the lock out rather than knock on a locked account; keep the admin's session alive meanwhile.
              clock = model.lockedUntil + 1000;
              model.lockedUntil = null;
              await ok(db, 'auth.me', {}, { sessionToken: token, now: new Date(clock) });
            }
            const now = new Date(clock);
            const before = business(db);
            const auditBefore = count(db, 'audit_log');

            if (cmd.op === 'login.wrong') {
              const result = await call(db, 'auth.login', { username: 'admin', password: cmd.password }, { now, clientAddress: from });
              expect(!result.ok && result.error.code).toBe('UNAUTHENTICATED');
              // The transaction rolled back, yet the failure is counted and audited.
              model.failures += 1;
              const locked = model.failures >= AUTH_POLICY.lockoutThreshold;
              expected.push({ operation: 'auth.login', username: 'admin', target: 'user:admin', summary: { result: 'failed', attempts: model.failures, locked, from } });
              if (locked) {
                model.failures = 0;
                model.lockedUntil = clock + AUTH_POLICY.lockoutMs;
              }
              expect(userState(db)).toEqual({
                failedAttempts: model.failures,
                lockedUntil: model.lockedUntil === null ? null : new Date(model.lockedUntil).toISOString(),
              });
              expect(count(db, 'audit_log')).toBe(auditBefore + 1);
              expect(business(db)).toEqual(before);
            } else if (cmd.op === 'login.right') {
              const result = await call(db, 'auth.login', { username: 'admin', password: ADMIN_PASSWORD }, { now, clientAddress: from });
              expect(result.ok).toBe(true);
              model.failures = 0;
              expected.push({ operation: 'auth.login', username: 'admin', target: 'user:admin', summary: { result: 'ok', from } });
              expect(userState(db)).toEqual({ failedAttempts: 0, lockedUntil: null });
            } else {
              const all = snapshot(db);
              const result = await call(db, cmd.op, cmd.input, { sessionToken: token, now });
              if (result.ok) {
                let target: string;
                if (cmd.op === 'unit.create') {
                  target = `unit:${cmd.input.code}`;
                  model.unitCodes.push(cmd.input.code);
                } else if (cmd.op === 'unit.setActive') target = `unit:${model.unitCodes[cmd.input.id - 1]}`;
                else target = `store:${cmd.input.code}`;
                expected.push({ operation: cmd.op, username: 'admin', target });
                expect(count(db, 'audit_log')).toBe(auditBefore + 1);
              } else {
                // A refused command, never a broken session or an internal error, and it leaves no trace.
                expect(['VALIDATION', 'NOT_FOUND', 'CONFLICT']).toContain(result.error.code);
                expect(snapshot(db)).toEqual(all);
              }
            }
          }

          expect(verifyAuditChain(db.$client)).toMatchObject({ ok: true, firstBad: null });
          const rows = db.$client
            .prepare('SELECT operation, username, target, summary FROM audit_log WHERE seq > ? ORDER BY seq')
            .all(baseline) as { operation: string; username: string; target: string; summary: string }[];
          expect(rows.map(({ operation, username, target }) => ({ operation, username, target }))).toEqual(
            expected.map(({ operation, username, target }) => ({ operation, username, target })),
          );
          rows.forEach((row, i) => {
            const summary = expected[i]!.summary;
            if (summary) expect(JSON.parse(row.summary)).toMatchObject(summary);
          });
        } finally {
          env.dispose();
        }
      }),
      { numRuns: 30 },
    );
  });
});

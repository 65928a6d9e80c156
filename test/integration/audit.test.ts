import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { verifyAuditChain } from '../../core/audit/chain.js';
import { call, initialised, ok } from '../support/db.js';
import type { Db } from '../../db/open.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
function setup() {
  const env = initialised();
  cleanups.push(env.dispose);
  return { ...env, as: { sessionToken: env.admin } };
}

const count = (db: Db, table: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
/** Every row of the tables a failed command might have touched. */
const snapshot = (db: Db) =>
  ['units', 'stores', 'users', 'community', 'audit_log'].map((t) => db.$client.prepare(`SELECT * FROM ${t} ORDER BY 1`).all());

describe('audit log', () => {
  it('records who, from which unit, what operation, on what, with a summary', () => {
    const { db, as } = setup();
    ok(db, 'unit.create', { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' }, as);
    const { entries } = ok(db, 'audit.list', {}, as);
    const [latest] = entries;
    expect(latest).toMatchObject({ username: 'admin', unitName: '清源县人民医院', operation: 'unit.create', operationTitle: '新增成员单位', target: 'unit:WS01' });
    expect(JSON.parse(latest!.summary).created.name).toBe('青石镇卫生院');
    // setup (2 entries), login, unit.create
    expect(entries.map((e) => e.operation)).toEqual(['unit.create', 'auth.login', 'setup.initialize', 'setup.initialize']);
  });

  it('filters by operation, user and date', () => {
    const { db, as } = setup();
    expect(ok(db, 'audit.list', { operation: 'auth.login' }, as).entries).toHaveLength(1);
    expect(ok(db, 'audit.list', { username: 'nobody' }, as).total).toBe(0);
    expect(ok(db, 'audit.list', { to: '2000-01-01' }, as).total).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(ok(db, 'audit.list', { from: today, to: today }, as).total).toBe(3);
  });

  it('refuses UPDATE and DELETE at the database level', () => {
    const { db } = setup();
    expect(() => db.$client.prepare("UPDATE audit_log SET username = 'x'").run()).toThrow(/append-only/);
    expect(() => db.$client.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('verify detects an edited entry and a deleted entry made around the triggers', () => {
    const { db, as } = setup();
    ok(db, 'unit.create', { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' }, as);
    ok(db, 'unit.create', { code: 'WS02', name: '白沙镇卫生院', kind: 'township_hospital' }, as);
    expect(verifyAuditChain(db.$client)).toMatchObject({ ok: true, firstBad: null });
    db.$client.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    db.$client.prepare("UPDATE audit_log SET summary = replace(summary, '青石镇', '黑石镇') WHERE target = 'unit:WS01'").run();
    const edited = verifyAuditChain(db.$client);
    expect(edited.ok).toBe(false);
    expect(edited.firstBad).toEqual({ seq: 4, reason: '记录内容与哈希不符（已被修改）' });
    expect(ok(db, 'audit.verify', {}, as).ok).toBe(false);
    db.$client.prepare("UPDATE audit_log SET summary = replace(summary, '黑石镇', '青石镇') WHERE target = 'unit:WS01'").run();
    expect(verifyAuditChain(db.$client).ok).toBe(true);
    db.$client.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(verifyAuditChain(db.$client).firstBad).toEqual({ seq: 2, reason: '缺少第 2 条记录（已被删除）' });
  });

  it('a command that fails half-way leaves the database exactly as it was', () => {
    const { db, as } = setup();
    // Make the second write of unit.create (its default store) fail, after the unit row is written.
    db.$client.exec("CREATE TEMP TRIGGER fail_store BEFORE INSERT ON stores BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    const before = snapshot(db);
    const quiet = console.error;
    console.error = () => {};
    const result = call(db, 'unit.create', { code: 'WS09', name: '半途失败卫生院', kind: 'township_hospital' }, as);
    console.error = quiet;
    expect(!result.ok && result.error).toEqual({ code: 'INTERNAL', message: '系统内部错误，已记录，请联系管理员' });
    expect(JSON.stringify(result)).not.toMatch(/disk full|SQLITE|at .*\.ts/);
    expect(snapshot(db)).toEqual(before);
  });

  it('property: after any sequence of commands, good or bad, the chain verifies and holds one entry per successful change', () => {
    const { db, as } = setup();
    const unitCommand = fc.record({
      code: fc.constantFrom('WS01', 'WS02', 'WS03', 'bad code!', ''),
      name: fc.constantFrom('青石镇卫生院', '白沙镇卫生院', ''),
      kind: fc.constantFrom('township_hospital', 'community_center', 'village_clinic', 'hospital'),
    });
    const command = fc.oneof(
      unitCommand.map((u) => ['unit.create', u] as const),
      fc.record({ id: fc.integer({ min: 1, max: 6 }), active: fc.boolean() }).map((i) => ['unit.setActive', i] as const),
      fc.record({ unitId: fc.integer({ min: 1, max: 6 }), code: fc.constantFrom('K1', 'K2', 'K3'), name: fc.constantFrom('药库', '') }).map((i) => ['store.create', i] as const),
    );
    fc.assert(
      fc.property(fc.array(command, { maxLength: 25 }), (commands) => {
        for (const [name, input] of commands) {
          const auditBefore = count(db, 'audit_log');
          const before = snapshot(db);
          const result = call(db, name, input, as);
          if (result.ok) expect(count(db, 'audit_log')).toBe(auditBefore + 1);
          else expect(snapshot(db)).toEqual(before);
        }
        expect(verifyAuditChain(db.$client).ok).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});

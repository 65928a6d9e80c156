import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ok } from '../support/db.js';
import { payablesCommunity, type PayablesCommunity } from './payables-support.js';

/**
 * 完整性检查: integrity.run runs the audit chain, stock and books verifications and reports each — passing on a
 * database the operations built, and finding what raw SQL did behind their back (this test's own database).
 */
let env: PayablesCommunity;
const auditCount = () => (env.db.$client.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
const run = async () => (await ok(env.db, 'integrity.run', {}, env.auditor)).checks;
const byKey = async () => Object.fromEntries((await run()).map((c) => [c.key, c]));

beforeAll(async () => {
  env = await payablesCommunity();
  await env.invoiced({ packs: [10, 2] });
}, 120_000);
afterAll(() => env?.dispose());

describe('integrity.run', () => {
  it('passes on a clean database, with what each check read and how long it took', async () => {
    const out = await ok(env.db, 'integrity.run', {}, env.auditor);
    expect(out.ok).toBe(true);
    expect(out.checks.map((c) => [c.key, c.title, c.ok, c.problemCount])).toEqual([
      ['audit', '审计日志哈希链', true, 0],
      ['stock', '库存台账', true, 0],
      ['books', '财务账簿', true, 0],
    ]);
    const [audit, stock, books] = out.checks;
    expect(audit!.checked).toEqual([{ label: '审计记录', count: auditCount() }]);
    const moves = (env.db.$client.prepare('SELECT COUNT(*) AS n FROM stock_moves').get() as { n: number }).n;
    expect(moves).toBeGreaterThan(0);
    expect(stock!.checked).toContainEqual({ label: '库存变动', count: moves });
    const entries = (env.db.$client.prepare('SELECT COUNT(*) AS n FROM journal_entries').get() as { n: number }).n;
    expect(books!.checked).toContainEqual({ label: '记账凭证', count: entries });
    for (const check of out.checks) expect(check.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('is for the auditor and the admin only, and writes nothing', async () => {
    const before = auditCount();
    expect((await call(env.db, 'integrity.run', {}, { sessionToken: env.admin })).ok).toBe(true);
    for (const who of [{ sessionToken: env.officer }, env.caiwu, { sessionToken: env.township }]) {
      const refused = await call(env.db, 'integrity.run', {}, who);
      expect(refused.ok === false && refused.error.code).toBe('FORBIDDEN');
    }
    expect(auditCount()).toBe(before);
  });

  it('finds a stock balance changed by raw SQL', async () => {
    env.db.$client.prepare('UPDATE stock_balances SET quantity = quantity + 5 WHERE rowid = (SELECT MIN(rowid) FROM stock_balances)').run();
    const checks = await byKey();
    expect(checks.audit!.ok).toBe(true);
    expect(checks.stock).toMatchObject({ ok: false, problemCount: 1 });
    expect(checks.stock!.problems[0]!.kind).toBe('balance_different');
    expect(checks.stock!.problems[0]!.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('finds a dropped books trigger, and caps the problems it lists', async () => {
    env.db.$client.exec('DROP TRIGGER journal_lines_no_update; DROP TRIGGER journal_lines_no_delete;');
    const checks = await byKey();
    expect(checks.books).toMatchObject({ ok: false });
    expect(checks.books!.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['trigger_missing']));
    expect(checks.books!.problems[0]!.message).toContain('journal_lines_no_update');
    const capped = (await ok(env.db, 'integrity.run', { limit: 1 }, env.auditor)).checks.find((c) => c.key === 'books')!;
    expect(capped.problems).toHaveLength(1);
    expect(capped.problemCount).toBeGreaterThanOrEqual(2);
  });

  it('finds an audit entry edited around its trigger', async () => {
    const seq = 3;
    env.db.$client.exec('DROP TRIGGER audit_log_no_update');
    env.db.$client.prepare(`UPDATE audit_log SET summary = '{"tampered":true}' WHERE seq = ?`).run(seq);
    const out = await ok(env.db, 'integrity.run', {}, env.auditor);
    expect(out.ok).toBe(false);
    const audit = out.checks.find((c) => c.key === 'audit')!;
    expect(audit).toMatchObject({ ok: false, problemCount: 1, checked: [{ label: '审计记录', count: seq - 1 }] });
    expect(audit.problems[0]!.message).toBe(`第 ${seq} 条：记录内容与哈希不符（已被修改）`);
  });
});

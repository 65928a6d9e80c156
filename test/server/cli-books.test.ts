import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from './cli-process.js';
import { tempDir } from './helpers.js';

/**
 * `books verify` as an operator runs it, on the demo community (three months of receipts, shipments, invoices,
 * payment batches, a 医保 settlement and last month's confirmed statements): intact → exit 0; tampered with by
 * someone with file access — an unbalanced entry written straight in, a trigger dropped, a payable's amount or a
 * confirmed statement edited with its trigger bypassed and put back — exit 1 with the problem named.
 */
describe('cli books verify', () => {
  const dataDir = tempDir('tongcai-books-verify-');
  beforeAll(async () => {
    const seeded = await runCliProcess(['seed-demo', '--data', dataDir]);
    expect(seeded.code, seeded.stderr).toBe(0);
  }, 60_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** A copy of the intact database to tamper with. */
  function copy(): { dir: string; db: Database.Database } {
    const dir = tempDir('tongcai-books-tamper-');
    mkdirSync(dir, { recursive: true });
    const source = new Database(path.join(dataDir, 'tongcai.db'));
    source.pragma('wal_checkpoint(TRUNCATE)');
    source.close();
    copyFileSync(path.join(dataDir, 'tongcai.db'), path.join(dir, 'tongcai.db'));
    return { dir, db: new Database(path.join(dir, 'tongcai.db')) };
  }

  /** Runs `work` with a trigger dropped, then puts the trigger back as it was (nothing shows it was ever gone). */
  function bypassing(db: Database.Database, trigger: string, work: () => void) {
    const { sql } = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").get(trigger) as { sql: string };
    db.exec(`DROP TRIGGER ${trigger}`);
    work();
    db.exec(sql);
  }

  async function verify(dir: string) {
    const run = await runCliProcess(['books', 'verify', '--data', dir]);
    const lines = run.stdout.trim().split('\n');
    return { ...run, first: run.code === 1 ? (JSON.parse(lines.at(-1)!) as Record<string, unknown>) : null };
  }

  it('passes the intact demo books with exit 0', async () => {
    const run = await verify(dataDir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^账簿完整：已校验 \d+ 笔分录、\d+ 家供应商的应付账款、\d+ 个月的内部往来、\d+ 张内部结算单，借贷平衡/);
    expect(run.stdout).not.toContain('非错误');
  });

  it('an unbalanced entry written straight into the journal (inserts pass the triggers): exit 1, the entry named', async () => {
    const { dir, db } = copy();
    const lead = db.prepare('SELECT id FROM units WHERE is_lead = 1').get() as { id: number };
    const at = new Date().toISOString();
    const bookedOn = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const { id } = db
      .prepare(
        `INSERT INTO journal_entries (unit_id, booked_on, month, kind, document_id, summary, at, actor_name) VALUES (?, ?, ?, 'payment', NULL, '手工补记', ?, 'someone') RETURNING id`,
      )
      .get(lead.id, bookedOn, bookedOn.slice(0, 7), at) as { id: number };
    db.prepare(`INSERT INTO journal_lines (entry_id, line_no, unit_id, month, kind, account, debit_micro, credit_micro) VALUES (?, 1, ?, ?, 'payment', 'bank', 1000000, 0)`).run(
      id,
      lead.id,
      bookedOn.slice(0, 7),
    );
    db.close();
    const run = await verify(dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/账簿不一致：发现 1 处问题/);
    expect(run.first).toMatchObject({ kind: 'entry_unbalanced', entryId: id, expected: 1_000_000, actual: 0 });
    expect(run.first!.message).toBe(`分录 #${id}（手工补记）借贷不平：借方 1.00 元，贷方 0.00 元`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a dropped trigger is named first; the line edited behind it unbalances its entry and the supplier’s payable', async () => {
    const { dir, db } = copy();
    expect(() => db.prepare('UPDATE journal_lines SET credit_micro = credit_micro + 1 WHERE id = 1').run()).toThrow(/append-only/);
    db.exec('DROP TRIGGER journal_lines_no_update');
    const line = db.prepare("SELECT id, entry_id AS entryId FROM journal_lines WHERE account = 'accounts_payable' AND credit_micro > 0 ORDER BY id LIMIT 1").get() as { id: number; entryId: number };
    db.prepare('UPDATE journal_lines SET credit_micro = credit_micro + 10000 WHERE id = ?').run(line.id);
    db.close();
    const run = await verify(dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/发现 3 处问题/);
    expect(run.first).toMatchObject({ kind: 'trigger_missing', trigger: 'journal_lines_no_update' });
    expect(run.stdout).toContain('触发器 journal_lines_no_update 不存在');
    rmSync(dir, { recursive: true, force: true });
  });

  it('a payable’s amount altered with its trigger bypassed: exit 1, the supplier named with both figures', async () => {
    const { dir, db } = copy();
    const payable = db.prepare('SELECT p.id, p.supplier_id AS supplierId, s.name FROM payables p JOIN suppliers s ON s.id = p.supplier_id ORDER BY p.id LIMIT 1').get() as {
      id: number;
      supplierId: number;
      name: string;
    };
    bypassing(db, 'payables_no_update', () => db.prepare('UPDATE payables SET amount_micro = amount_micro + 50000 WHERE id = ?').run(payable.id));
    db.close();
    const run = await verify(dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/发现 1 处问题/);
    expect(run.first).toMatchObject({ kind: 'payable_mismatch', supplierId: payable.supplierId });
    expect((run.first!.expected as number) - (run.first!.actual as number)).toBe(50_000);
    expect(run.first!.message).toMatch(new RegExp(`^${payable.name} 的应付账款在账上为 .+ 元，按应付款 .+ 元 − 已付/已结 .+ 元 应为 .+ 元$`));
    rmSync(dir, { recursive: true, force: true });
  });

  it('a confirmed statement edited with its trigger bypassed: exit 1, the statement and the figure named', async () => {
    const { dir, db } = copy();
    const statement = db
      .prepare("SELECT d.id, d.number FROM settlement_statements s JOIN documents d ON d.id = s.document_id WHERE d.state = 'confirmed' AND s.received_micro > 0 ORDER BY d.id LIMIT 1")
      .get() as { id: number; number: string };
    bypassing(db, 'settlement_statements_posted_no_update', () =>
      db.prepare('UPDATE settlement_statements SET received_micro = received_micro + 10000, closing_micro = closing_micro + 10000 WHERE document_id = ?').run(statement.id),
    );
    db.close();
    const run = await verify(dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/发现 1 处问题/);
    expect(run.first).toMatchObject({ kind: 'statement_mismatch', statementId: statement.id });
    expect(run.first!.message).toMatch(new RegExp(`内部结算单 ${statement.number}（已确认）与账簿不符，且确认后没有新的记账：本月领入单上 .+ 元、按账簿 .+ 元；期末`));
    rmSync(dir, { recursive: true, force: true });
  });

  it('wrong usage', async () => {
    const noSub = await runCliProcess(['books', 'check', '--data', dataDir]);
    expect(noSub.code).toBe(2);
    expect(noSub.stderr).toContain('未知的 books 子命令：check');
    const noData = await runCliProcess(['books', 'verify']);
    expect(noData.code).toBe(2);
    expect(noData.stderr).toContain('缺少 --data');
  });
});

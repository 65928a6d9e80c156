import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from './cli-process.js';
import { adminSession, createUnit, startTestHub, tempDir, type TestHub } from './helpers.js';

describe('cli audit verify', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
    const admin = await adminSession(hub);
    await createUnit(hub, admin, { code: 'QY-WS01', name: '青石镇卫生院', kind: 'township_hospital' });
    await createUnit(hub, admin, { code: 'QY-WS02', name: '河口镇卫生院', kind: 'township_hospital' });
  });
  afterAll(() => hub.dispose());

  it('passes an intact chain with exit 0', async () => {
    const run = await runCliProcess(['audit', 'verify', '--data', hub.dataDir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/审计日志完整：已校验 \d+ 条记录/);
  });

  it('catches an entry edited behind the triggers: exit 1 naming its seq', async () => {
    // Copy the database whole (WAL folded in) and tamper with the copy, as an attacker with file access would.
    const copyDir = tempDir('tongcai-tamper-');
    const copyFile = path.join(copyDir, 'tongcai.db');
    await hub.db.$client.backup(copyFile);
    const db = new Database(copyFile);
    const target = db.prepare("SELECT seq FROM audit_log WHERE operation = 'unit.create' ORDER BY seq LIMIT 1").get() as { seq: number };
    expect(() => db.prepare('UPDATE audit_log SET summary = ? WHERE seq = ?').run('{}', target.seq)).toThrow(/append-only/);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET summary = replace(summary, '青石镇', '某某镇') WHERE seq = ?").run(target.seq);
    db.close();

    const run = await runCliProcess(['audit', 'verify', '--data', copyDir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`seq=${target.seq}`);
    expect(run.stdout).toMatch(/已被修改/);
    expect(run.stdout).not.toMatch(/\bat\s+\S+\s*\(/);
    rmSync(copyDir, { recursive: true, force: true });
  });

  it('explains a missing database with exit 1, and wrong usage with exit 2', async () => {
    const empty = tempDir('tongcai-empty-');
    mkdirSync(empty, { recursive: true });
    const missing = await runCliProcess(['audit', 'verify', '--data', empty]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('找不到数据库');
    rmSync(empty, { recursive: true, force: true });

    const unknown = await runCliProcess(['explode']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('未知命令：explode');
    expect(unknown.stderr).toContain('用法');

    const noData = await runCliProcess(['audit', 'verify']);
    expect(noData.code).toBe(2);
  });
});

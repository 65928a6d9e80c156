import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../core/audit/chain.js';
import { runCliProcess } from './cli-process.js';
import { adminSession, callOp, createUnit, startTestHub, tempDir, type TestHub } from './helpers.js';

describe('cli backup', () => {
  let hub: TestHub;
  let admin: string;
  let outDir: string;
  beforeAll(async () => {
    hub = await startTestHub();
    admin = await adminSession(hub);
    outDir = tempDir('tongcai-backup-');
    for (let i = 1; i <= 5; i++) await createUnit(hub, admin, { code: `QY-WS0${i}`, name: `第${i}镇卫生院`, kind: 'township_hospital' });
  });
  afterAll(async () => {
    await hub.dispose();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('copies a running hub consistently while it keeps writing', async () => {
    const out = path.join(outDir, 'tongcai-backup.db');
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        const res = await callOp(hub, 'store.create', { unitId: 1, code: `ZK-${written}`, name: `周转库${written}` }, admin);
        expect(res.status).toBe(200);
        written++;
      }
    })();
    const run = await runCliProcess(['backup', '--data', hub.dataDir, '--out', out]);
    writing = false;
    await writer;

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/备份完成.*完整性检查通过/);
    expect(written).toBeGreaterThan(0);

    // The copy is one self-contained file: no -wal beside it, opens read-only, and holds the data.
    expect(existsSync(`${out}-wal`)).toBe(false);
    const copy = new Database(out, { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const codes = (copy.prepare('SELECT code FROM units ORDER BY code').all() as { code: string }[]).map((r) => r.code);
      expect(codes).toEqual(expect.arrayContaining(['QY-WS01', 'QY-WS05', 'QY-XRMYY']));
      const verify = verifyAuditChain(copy);
      expect(verify.ok).toBe(true);
      // Every store in the snapshot has its audit entry: the copy is one instant, not a torn mix.
      const stores = copy.prepare("SELECT count(*) AS n FROM stores WHERE code LIKE 'ZK-%'").get() as { n: number };
      const audits = copy.prepare("SELECT count(*) AS n FROM audit_log WHERE operation = 'store.create'").get() as { n: number };
      expect(audits.n).toBe(stores.n);
    } finally {
      copy.close();
    }
  });

  it('refuses to overwrite an existing file', async () => {
    const out = path.join(outDir, 'exists.db');
    const first = await runCliProcess(['backup', '--data', hub.dataDir, '--out', out]);
    expect(first.code).toBe(0);
    const second = await runCliProcess(['backup', '--data', hub.dataDir, '--out', out]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('已存在');
  });
});

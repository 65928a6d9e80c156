import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from './cli-process.js';
import { tempDir } from './helpers.js';
import { initialised, ok } from '../support/db.js';
import { insertItem, locationOf, moveStock, receive, reverseSlip } from '../support/stock.js';

describe('cli stock verify', () => {
  let dataDir = '';
  beforeAll(async () => {
    const env = await initialised();
    const { db, admin } = env;
    const central = (await ok(db, 'store.list', {}, { sessionToken: admin })).stores[0]!.id;
    const unit = (await ok(db, 'unit.create', { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' }, { sessionToken: admin })).unit.id;
    const town = (await ok(db, 'store.list', { unitId: unit }, { sessionToken: admin })).stores[0]!.id;
    const item = insertItem(db);
    const r = receive(db, { itemId: item, storeId: central, quantity: 480 });
    moveStock(db, [{ itemId: item, batchId: r.batchId, fromLocationId: locationOf(db, central), toLocationId: locationOf(db, town), quantity: 48, changeType: '102' }]);
    const extra = receive(db, { itemId: item, storeId: town, quantity: 24, batchNo: 'X9', changeType: '106' });
    reverseSlip(db, extra.documentId);
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    dataDir = tempDir('tongcai-stock-verify-');
    mkdirSync(dataDir, { recursive: true });
    await db.$client.backup(path.join(dataDir, 'tongcai.db'));
    env.dispose();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** A copy of the intact database to tamper with, as someone with file access would. */
  function copy(): { dir: string; db: Database.Database } {
    const dir = tempDir('tongcai-stock-tamper-');
    mkdirSync(dir, { recursive: true });
    copyFileSync(path.join(dataDir, 'tongcai.db'), path.join(dir, 'tongcai.db'));
    return { dir, db: new Database(path.join(dir, 'tongcai.db')) };
  }

  it('passes an intact ledger with exit 0', async () => {
    const run = await runCliProcess(['stock', 'verify', '--data', dataDir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/库存账完整：已校验 4 笔移动、3 条结存/);
  });

  it('catches a balance edited behind the ledger: exit 1 with the first difference as JSON', async () => {
    const { dir, db } = copy();
    db.prepare('UPDATE stock_balances SET quantity = quantity + 1 WHERE rowid = (SELECT min(rowid) FROM stock_balances WHERE quantity > 0)').run();
    db.close();
    const run = await runCliProcess(['stock', 'verify', '--data', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/库存账不一致：发现 1 处问题/);
    const first = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(first).toMatchObject({ kind: 'balance_different', expected: 432, actual: 433 });
    expect(first.message).toMatch(/按移动重算应为 432/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('catches a move edited with its trigger dropped: the reversal no longer mirrors its original, and the balance differs', async () => {
    const { dir, db } = copy();
    expect(() => db.prepare('UPDATE stock_moves SET quantity = 1 WHERE id = 1').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM stock_moves WHERE id = 1').run()).toThrow(/append-only/);
    db.exec('DROP TRIGGER stock_moves_no_update');
    const reversal = db.prepare('SELECT id FROM stock_moves WHERE reverses_move_id IS NOT NULL').get() as { id: number };
    db.prepare('UPDATE stock_moves SET quantity = -20 WHERE id = ?').run(reversal.id);
    db.close();
    const run = await runCliProcess(['stock', 'verify', '--data', dir]);
    expect(run.code).toBe(1);
    const first = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(first).toMatchObject({ kind: 'reversal_mismatch', moveId: reversal.id });
    expect(run.stdout).toMatch(/发现 2 处问题/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a missing balance row, and wrong usage', async () => {
    const { dir, db } = copy();
    db.prepare('DELETE FROM stock_balances WHERE location_id = (SELECT max(location_id) FROM stock_balances)').run();
    db.close();
    const run = await runCliProcess(['stock', 'verify', '--data', dir]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toMatchObject({ kind: 'balance_missing' });
    rmSync(dir, { recursive: true, force: true });
    const noSub = await runCliProcess(['stock', 'check', '--data', dataDir]);
    expect(noSub.code).toBe(2);
    expect(noSub.stderr).toContain('未知的 stock 子命令：check');
  });
});

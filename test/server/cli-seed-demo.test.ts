import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../core/audit/chain.js';
import { executeOperation } from '../../core/registry.js';
import { systemActor } from '../../core/system-actor.js';
import { runCliProcess, type CliRun } from './cli-process.js';
import { callOp, login, startTestHub, tempDir, type TestHub } from './helpers.js';

interface SeededUser {
  username: string;
  role: string;
  unit: string;
  password: string;
}

describe('cli seed-demo', () => {
  const dataDir = tempDir('tongcai-seed-');
  let run: CliRun;
  let users: SeededUser[];
  let hub: TestHub;

  beforeAll(async () => {
    run = await runCliProcess(['seed-demo', '--data', dataDir]);
    users = run.code === 0 ? (JSON.parse(run.stdout) as { users: SeededUser[] }).users : [];
    hub = await startTestHub({ dataDir });
  }, 60_000);
  afterAll(async () => {
    await hub.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints only the users JSON on stdout: one per role (two member pharmacists: a township and one of its villages; two finance users for the two-person rule), each with a password', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(() => JSON.parse(run.stdout)).not.toThrow();
    expect(Object.keys(JSON.parse(run.stdout))).toEqual(['users']);
    expect(users.map((u) => u.role).sort()).toEqual([
      'admin',
      'auditor',
      'finance',
      'finance',
      'member_pharmacist',
      'member_pharmacist',
      'pharmacy_officer',
      'storekeeper',
    ]);
    for (const u of users) {
      expect(Object.keys(u).sort()).toEqual(['password', 'role', 'unit', 'username']);
      expect(u.password).toMatch(/^(?=.*[A-Za-z])(?=.*\d).{8,}$/);
      expect(u.unit).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(new Set(users.map((u) => u.password)).size).toBe(users.length);
    expect(users.filter((u) => u.role === 'member_pharmacist').map((u) => u.unit)).toEqual([expect.stringMatching(/卫生院$/), expect.stringMatching(/卫生室$/)]);
  });

  it('tells three months of distribution: a budget per member unit, requisitions shipped and confirmed, one rejected, one waiting, one on its way, an open discrepancy, near-expiry stock at a village', () => {
    const sqlite = hub.db.$client;
    const count = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
    const members = count("SELECT count(*) AS n FROM units WHERE is_lead = 0 AND level <> 'county'");
    expect(count('SELECT count(DISTINCT unit_id) AS n FROM unit_budgets')).toBe(members);
    const states = Object.fromEntries(
      (sqlite.prepare("SELECT state, count(*) AS n FROM documents WHERE type = 'requisition' GROUP BY state").all() as { state: string; n: number }[]).map((r) => [r.state, r.n]),
    );
    expect(states['received']).toBeGreaterThanOrEqual(20);
    expect(states['rejected']).toBe(1);
    expect(states['submitted']).toBe(1);
    expect(count("SELECT count(*) AS n FROM documents WHERE type = 'shipment' AND state = 'shipped'")).toBe(1);
    const span = sqlite.prepare("SELECT min(created_at) AS first, max(created_at) AS last FROM documents WHERE type = 'requisition'").get() as { first: string; last: string };
    expect(Date.parse(span.last) - Date.parse(span.first)).toBeGreaterThan(60 * 86_400_000);
    expect(sqlite.prepare('SELECT kind, status FROM shipment_discrepancies').all()).toEqual([{ kind: 'short', status: 'open' }]);
    const nearExpiry = count(
      `SELECT count(*) AS n FROM stock_balances sb JOIN stock_locations l ON l.id = sb.location_id JOIN units u ON u.id = l.unit_id
       JOIN stock_batches b ON b.id = sb.batch_id WHERE u.level = 'village' AND sb.quantity > 0 AND b.expiry < date('now', '+180 days')`,
    );
    expect(nearExpiry).toBeGreaterThan(0);
  });

  it('tells the money side: invoices approved (two waiting on an exception), a paid and an approved batch, a 医保-settled 集采 line, overdue small-supplier lines, last month confirmed by every member, balanced books', async () => {
    const sqlite = hub.db.$client;
    const count = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
    const invoices = Object.fromEntries(
      (sqlite.prepare("SELECT state, count(*) AS n FROM documents WHERE type = 'supplier_invoice' GROUP BY state").all() as { state: string; n: number }[]).map((r) => [r.state, r.n]),
    );
    expect(invoices['approved']).toBeGreaterThanOrEqual(8);
    expect(invoices['registered']).toBeGreaterThanOrEqual(1);
    expect(count("SELECT count(*) AS n FROM documents WHERE type = 'payment_batch' AND state = 'paid'")).toBe(1);
    expect(count("SELECT count(*) AS n FROM documents WHERE type = 'payment_batch' AND state = 'approved'")).toBe(1);
    const members = count('SELECT count(*) AS n FROM units WHERE is_lead = 0');
    expect(count("SELECT count(*) AS n FROM documents WHERE type = 'settlement_statement' AND state = 'confirmed'")).toBe(members);
    // Double entry: every entry's debits equal its credits, to the micro-yuan.
    const unbalanced = sqlite.prepare('SELECT entry_id FROM journal_lines GROUP BY entry_id HAVING sum(debit_micro) <> sum(credit_micro)').all();
    expect(unbalanced).toEqual([]);
    expect(count('SELECT count(*) AS n FROM journal_entries')).toBeGreaterThan(50);
    expect(count("SELECT count(*) AS n FROM journal_lines WHERE kind = 'insurance'")).toBeGreaterThan(0);
    // A small supplier's lines past their due date, unpaid, accruing the statutory interest finance is shown.
    const open = await executeOperation(hub.db, 'payable.list', { status: 'open', pageSize: 500 }, { system: systemActor('cli') });
    expect(open.ok).toBe(true);
    const rows = open.ok ? (open.output as { rows: { sme: boolean; overdueDays: number; interestMicro: number }[] }).rows : [];
    expect(rows.filter((r) => r.sme && r.overdueDays > 0 && r.interestMicro > 0).length).toBeGreaterThan(0);
  });

  it('built the community through the operations: 20 units in a tree, a store each, the formulary, a sound audit chain', () => {
    const sqlite = hub.db.$client;
    const units = sqlite.prepare('SELECT id, name, kind, parent_id AS parentId, is_lead AS isLead FROM units').all() as {
      id: number;
      name: string;
      kind: string;
      parentId: number | null;
      isLead: number;
    }[];
    expect(units).toHaveLength(20);
    expect(units.filter((u) => u.isLead === 1).map((u) => u.name)).toEqual([expect.stringContaining('县人民医院')]);
    expect(units.filter((u) => u.kind === 'county_hospital').map((u) => u.name)).toContainEqual(expect.stringContaining('县中医院'));
    expect(units.filter((u) => u.kind === 'township_hospital')).toHaveLength(6);
    const villages = units.filter((u) => u.kind === 'village_clinic');
    expect(villages).toHaveLength(12);
    const townshipIds = new Set(units.filter((u) => u.kind === 'township_hospital').map((u) => u.id));
    for (const v of villages) expect(townshipIds.has(v.parentId!)).toBe(true);

    const withoutStore = sqlite.prepare('SELECT count(*) AS n FROM units WHERE id NOT IN (SELECT unit_id FROM stores)').get() as {
      n: number;
    };
    expect(withoutStore.n).toBe(0);
    const central = sqlite.prepare('SELECT name FROM stores WHERE is_central = 1').all() as { name: string }[];
    expect(central).toEqual([{ name: '中心药库' }]);

    const formulary = sqlite.prepare('SELECT count(*) AS n FROM formulary_items').get() as { n: number };
    expect(formulary.n).toBeGreaterThanOrEqual(280);

    const creations = sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE operation = 'unit.create'").get() as { n: number };
    expect(creations.n).toBe(19);
    expect(verifyAuditChain(sqlite).ok).toBe(true);
  });

  it('gives every ordered item a platform id and every supplier a platform code under both starting profiles (national, sichuan)', () => {
    const sqlite = hub.db.$client;
    const ordered = sqlite.prepare('SELECT DISTINCT item_id AS itemId FROM purchase_order_lines').all() as { itemId: number }[];
    expect(ordered.length).toBeGreaterThan(10);
    for (const profile of ['national', 'sichuan']) {
      const ids = new Set((sqlite.prepare('SELECT item_id AS itemId FROM item_platform_ids WHERE profile = ?').all(profile) as { itemId: number }[]).map((r) => r.itemId));
      expect(ordered.filter((o) => !ids.has(o.itemId)), profile).toEqual([]);
      const uncoded = sqlite.prepare('SELECT count(*) AS n FROM suppliers WHERE id NOT IN (SELECT supplier_id FROM supplier_platform_codes WHERE profile = ?)').get(profile) as { n: number };
      expect(uncoded.n, profile).toBe(0);
    }
  });

  it('every printed user can log in; those with one-time passwords must change them first', async () => {
    for (const u of users) {
      const cookie = await login(hub, u.username, u.password);
      const me = await callOp(hub, 'auth.me', {}, cookie);
      expect(me.status).toBe(200);
      expect(me.body.user.role).toBe(u.role);
      const list = await callOp(hub, 'unit.list', {}, cookie);
      if (u.role === 'admin') {
        expect(me.body.user.mustChangePassword).toBe(false);
        expect(list.status).toBe(200);
      } else {
        expect(me.body.user.mustChangePassword, u.username).toBe(true);
        expect(list.status, u.username).toBe(403);
        expect(list.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
      }
    }
  });

  it('refuses an initialised database with exit 1, leaving it unchanged', async () => {
    const before = hub.db.$client.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number };
    const again = await runCliProcess(['seed-demo', '--data', dataDir]);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/已初始化/);
    const after = hub.db.$client.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number };
    expect(after.n).toBe(before.n);
  });

  it('generates a different administrator password each time', async () => {
    const other = tempDir('tongcai-seed2-');
    try {
      const second = await runCliProcess(['seed-demo', '--data', other]);
      expect(second.code).toBe(0);
      const admin2 = (JSON.parse(second.stdout) as { users: SeededUser[] }).users.find((u) => u.role === 'admin')!;
      expect(admin2.password).not.toBe(users.find((u) => u.role === 'admin')!.password);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

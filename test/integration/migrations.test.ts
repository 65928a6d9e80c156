import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openDatabase } from '../../db/open.js';
import { currentSchema, knownMigrations, migrate, MigrationError, MIGRATIONS_DIR } from '../../db/migrate.js';
import { verifyAuditChain } from '../../core/audit/chain.js';
import { freshDb } from '../support/db.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function emptyFile() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-mig-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'tongcai.db');
}

describe('migrations', () => {
  it('apply in order to an empty database and record the latest schema', () => {
    const db = openDatabase(emptyFile());
    cleanups.unshift(() => db.$client.close());
    const known = knownMigrations();
    const result = migrate(db.$client);
    expect(result.applied).toEqual(known.map((m) => m.tag));
    expect(currentSchema(db.$client)).toBe(known.at(-1)!.tag);
    // Running again applies nothing.
    expect(migrate(db.$client).applied).toEqual([]);
  });

  it('make every table STRICT, with WAL and foreign keys on', () => {
    const { db, dispose } = freshDb();
    cleanups.push(dispose);
    const tables = db.$client.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
      strict: number;
    }[];
    expect(tables.length).toBeGreaterThan(5);
    expect(tables.filter((t) => t.strict !== 1).map((t) => t.name)).toEqual([]);
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('refuse a database written by a newer version, changing nothing', () => {
    const db = openDatabase(emptyFile());
    cleanups.unshift(() => db.$client.close());
    migrate(db.$client);
    db.$client.prepare("INSERT INTO schema_migrations VALUES (999, '0999_future', 'x', '2030-01-01')").run();
    const before = db.$client.prepare('SELECT count(*) AS n FROM schema_migrations').get();
    expect(() => migrate(db.$client)).toThrow(MigrationError);
    try {
      migrate(db.$client);
    } catch (e) {
      expect((e as MigrationError).code).toBe('DATABASE_TOO_NEW');
      expect((e as Error).message).toContain('更新的版本');
    }
    expect(db.$client.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual(before);
  });

  it('refuse a database whose applied migrations are not a prefix of the known ones', () => {
    const db = openDatabase(emptyFile());
    cleanups.unshift(() => db.$client.close());
    migrate(db.$client);
    db.$client.prepare("UPDATE schema_migrations SET hash = 'tampered' WHERE idx = 0").run();
    expect(() => migrate(db.$client)).toThrow(/迁移记录与本程序不一致/);
  });

});

/**
 * Committed migrations never change: a database created from one must upgrade with the next build.
 * A new migration adds a line here; editing a committed one fails this test (and MIGRATIONS_DIVERGED
 * would refuse every database created from it).
 */
const PINNED: Record<string, string> = {
  '0000_foundation': '454c8e6593d0eb8a354a3b63e60ad264878dad218a1e35aac24f1ba6ca4606d6',
  '0001_hardening': '4f0b2d10aaf40e123060763a023f31b9efec0bca4fd0501b7bc9361fc02ca375',
  '0002_system_uploads': 'ff5c76495976ed5f0d685daa0d25a160ebdde21e03328aa1dba1cc8cad66fe49',
  '0003_documents': '27013ed2d1c92c88d396be6a37c8643f48b274774f2f83afe8f2648f29b6e561',
  '0004_buying_stock': 'fd1b0e7aeea2a0bce2bafa7833dbbe9c93077a0d24f441333594031ac553794a',
  '0005_distribution': '8b5489c580ad5d9f4c2c9e2ed1ba127f5d099e5966fc2e311770a28c4d5524d9',
  '0006_payment_books': '55447c99e716ead7f098559de8c24591bac36e1e73322bbc2433734d72d46f1f',
  '0007_platform_alerts': 'd5af35042dc66daf8c2947a3073cf095e713f3477e5d4281594f729d415f9fcd',
  '0008_alert_episodes': '65d5adfbb77bceb726cac37ce11877320a321022f4a657f5d8b39ac4097a7740',
};

describe('committed migrations', () => {
  it('are exactly the pinned files, byte for byte', () => {
    const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'));
    const onDisk = Object.fromEntries(files.map((f) => [f.replace(/\.sql$/, ''), createHash('sha256').update(readFileSync(path.join(MIGRATIONS_DIR, f))).digest('hex')]));
    expect(onDisk).toEqual(PINNED);
    // The journal lists the same migrations in the same order, and the runner records the same hashes.
    expect(knownMigrations().map((m) => [m.tag, m.hash])).toEqual(Object.entries(PINNED));
  });
});

const FIXTURE = fileURLToPath(new URL('../fixtures/tongcai-0000.db', import.meta.url));
/** The fixture is a database from the first release: rebuilding it changes what this test proves. */
const FIXTURE_SHA256 = '48a8bd1eeea6b376411cf5df07d91510615edb666344e91b029171369f3bf38c';

type Row = Record<string, unknown>;

function upgradedFixture() {
  const file = emptyFile();
  copyFileSync(FIXTURE, file);
  const before = new Database(file, { readonly: true });
  const tables = (before.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map(
    (t) => t.name,
  );
  const rows: Record<string, Row[]> = {};
  for (const table of tables) rows[table] = before.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all() as Row[];
  before.close();
  const db = openDatabase(file);
  cleanups.unshift(() => db.$client.close());
  const result = migrate(db.$client);
  return { db, sqlite: db.$client, tables, rows, result };
}

const refuses = (sqlite: Database.Database, sql: string, message: RegExp) => expect(() => sqlite.exec(sql)).toThrow(message);

describe('upgrading a database from the first release (test/fixtures/tongcai-0000.db)', () => {
  it('is the committed fixture, at migration 0000 only, with rows in every table', () => {
    expect(createHash('sha256').update(readFileSync(FIXTURE)).digest('hex')).toBe(FIXTURE_SHA256);
    const sqlite = new Database(FIXTURE, { readonly: true });
    cleanups.unshift(() => sqlite.close());
    expect(sqlite.prepare('SELECT idx, tag, hash FROM schema_migrations').all()).toEqual([{ idx: 0, tag: '0000_foundation', hash: PINNED['0000_foundation'] }]);
    const empty = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[])
      .map((t) => t.name)
      .filter((name) => (sqlite.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n === 0);
    expect(empty).toEqual([]);
  });

  it('applies every later migration and keeps every row of every table, column for column', () => {
    const { sqlite, tables, rows, result } = upgradedFixture();
    expect(result.applied).toEqual(knownMigrations().slice(1).map((m) => m.tag));
    expect(tables.length).toBe(18); // 17 tables of 0000 and schema_migrations
    for (const table of tables) {
      if (table === 'schema_migrations') continue;
      const columns = Object.keys(rows[table]![0]!);
      const after = sqlite.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}" ORDER BY rowid`).all();
      expect({ table, rows: after }).toEqual({ table, rows: rows[table] });
    }
    expect(sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    // The audit chain written by the first release still verifies.
    expect(verifyAuditChain(sqlite)).toMatchObject({ ok: true, checked: 5 });
  });

  it('fills the new columns from the old rows: each price keeps the factor of the pack it was quoted in, each open request its base version', () => {
    const { sqlite } = upgradedFixture();
    expect(sqlite.prepare('SELECT id, unit, pack_factor AS factor FROM item_prices ORDER BY id').all()).toEqual([
      { id: 1, unit: '盒', factor: 24 },
      { id: 2, unit: '盒', factor: 24 },
      { id: 3, unit: '盒', factor: 24 },
      { id: 4, unit: '支', factor: 1 },
      { id: 5, unit: '件', factor: 30 },
    ]);
    // Request 2 was proposed after version 1 and before version 2 changed the item; 3 after version 2.
    expect(sqlite.prepare('SELECT number, base_version AS base, proposed_by_system AS system FROM formulary_change_requests ORDER BY id').all()).toEqual([
      { number: 'ML2026-000001', base: 1, system: null },
      { number: 'ML2026-000002', base: 1, system: null },
      { number: 'ML2026-000003', base: 2, system: null },
      { number: 'ML2026-000004', base: null, system: null },
      { number: 'ML2026-000005', base: 1, system: null },
    ]);
  });

  it('ends with the same schema as a new database: tables, STRICT, indexes and triggers', () => {
    const { sqlite } = upgradedFixture();
    const { db: fresh, dispose } = freshDb();
    cleanups.push(dispose);
    const schema = (s: Database.Database) =>
      s.prepare("SELECT type, name, tbl_name AS tbl, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();
    expect(schema(sqlite)).toEqual(schema(fresh.$client));
    const triggers = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    expect(triggers).toEqual([
      'alert_deliveries_no_delete',
      'alert_deliveries_no_update',
      'audit_log_no_delete',
      'audit_log_no_update',
      'consumption_lines_posted_no_delete',
      'consumption_lines_posted_no_insert',
      'consumption_lines_posted_no_update',
      'consumptions_posted_no_delete',
      'consumptions_posted_no_insert',
      'consumptions_posted_no_update',
      'document_events_no_delete',
      'document_events_no_update',
      'document_requests_no_delete',
      'document_requests_no_update',
      'documents_no_delete',
      'documents_posted_immutable',
      'documents_version_advances',
      'formulary_items_packs_in_use',
      'invoice_exception_approvals_no_delete',
      'invoice_exception_approvals_no_update',
      'item_prices_no_delete',
      'item_prices_no_update',
      'journal_entries_no_delete',
      'journal_entries_no_update',
      'journal_lines_no_delete',
      'journal_lines_no_update',
      'payable_settlements_no_delete',
      'payable_settlements_no_update',
      'payables_no_delete',
      'payables_no_update',
      'payment_batch_lines_posted_no_delete',
      'payment_batch_lines_posted_no_insert',
      'payment_batch_lines_posted_no_update',
      'payment_batches_posted_no_delete',
      'payment_batches_posted_no_insert',
      'payment_batches_posted_no_update',
      'platform_exchanges_no_delete',
      'platform_exchanges_no_update',
      'purchase_order_lines_posted_no_delete',
      'purchase_order_lines_posted_no_insert',
      'purchase_order_lines_posted_no_update',
      'purchase_order_platform_feedback_no_delete',
      'purchase_order_platform_feedback_no_update',
      'purchase_orders_posted_no_delete',
      'purchase_orders_posted_no_insert',
      'purchase_orders_posted_no_update',
      'recall_batches_posted_no_delete',
      'recall_batches_posted_no_insert',
      'recall_batches_posted_no_update',
      'recalls_posted_no_delete',
      'recalls_posted_no_insert',
      'recalls_posted_no_update',
      'receipt_line_invoices_no_delete',
      'receipt_line_invoices_no_update',
      'receipt_lines_posted_no_delete',
      'receipt_lines_posted_no_insert',
      'receipt_lines_posted_no_update',
      'receipts_posted_no_delete',
      'receipts_posted_no_insert',
      'receipts_posted_no_update',
      'requisition_lines_posted_no_delete',
      'requisition_lines_posted_no_insert',
      'requisition_lines_posted_no_update',
      'requisitions_posted_no_delete',
      'requisitions_posted_no_insert',
      'requisitions_posted_no_update',
      'settlement_statements_posted_no_delete',
      'settlement_statements_posted_no_insert',
      'settlement_statements_posted_no_update',
      'shipment_discrepancies_fixed',
      'shipment_discrepancies_no_delete',
      'shipment_line_codes_posted_no_delete',
      'shipment_line_codes_posted_no_insert',
      'shipment_line_codes_posted_no_update',
      'shipment_lines_posted_no_delete',
      'shipment_lines_posted_no_insert',
      'shipment_lines_posted_no_update',
      'shipment_receipts_no_delete',
      'shipment_receipts_no_update',
      'shipments_posted_no_delete',
      'shipments_posted_no_insert',
      'shipments_posted_no_update',
      'stock_adjustment_lines_posted_no_delete',
      'stock_adjustment_lines_posted_no_insert',
      'stock_adjustment_lines_posted_no_update',
      'stock_adjustments_posted_no_delete',
      'stock_adjustments_posted_no_insert',
      'stock_adjustments_posted_no_update',
      'stock_batches_no_delete',
      'stock_batches_status_only',
      'stock_locations_keep_identity',
      'stock_locations_no_delete',
      'stock_moves_no_delete',
      'stock_moves_no_update',
      'stocktake_lines_posted_no_delete',
      'stocktake_lines_posted_no_insert',
      'stocktake_lines_posted_no_update',
      'stocktakes_posted_no_delete',
      'stocktakes_posted_no_insert',
      'stocktakes_posted_no_update',
      'stores_stock_location',
      'supplier_invoice_lines_posted_no_delete',
      'supplier_invoice_lines_posted_no_insert',
      'supplier_invoice_lines_posted_no_update',
      'supplier_invoices_posted_no_delete',
      'supplier_invoices_posted_no_insert',
      'supplier_invoices_posted_no_update',
      'suppliers_no_delete',
      'trace_codes_no_delete',
      'trace_codes_release_only',
    ]);
    const strict = sqlite.prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND strict = 0 AND name NOT LIKE 'sqlite_%'").all();
    expect(strict).toEqual([]);
  });

  it('still refuses edits of the append-only tables, and an item in use still keeps its pack', () => {
    const { sqlite } = upgradedFixture();
    refuses(sqlite, "UPDATE audit_log SET summary = '{}' WHERE seq = 1", /audit_log is append-only/);
    refuses(sqlite, 'DELETE FROM audit_log WHERE seq = 5', /audit_log is append-only/);
    refuses(sqlite, 'UPDATE item_prices SET price_micro = 1 WHERE id = 1', /item_prices is append-only/);
    refuses(sqlite, 'DELETE FROM item_prices WHERE id = 1', /item_prices is append-only/);
    refuses(sqlite, `UPDATE formulary_items SET packs = '[{"unit":"盒","factor":48},{"unit":"件","factor":200}]' WHERE id = 1`, /pack factors cannot change/);
    refuses(sqlite, "UPDATE formulary_items SET base_unit = '片' WHERE id = 3", /pack factors cannot change/);
    // Renaming a pack level keeps its factor, so it is allowed; so is any other field.
    sqlite.exec(`UPDATE formulary_items SET packs = '[{"unit":"小盒","factor":24},{"unit":"件","factor":200}]', spec = '0.25 g' WHERE id = 1`);
    expect(sqlite.prepare('SELECT spec FROM formulary_items WHERE id = 1').get()).toEqual({ spec: '0.25 g' });
  });

  it('enforces the CHECK constraints on upgraded tables', () => {
    const { sqlite } = upgradedFixture();
    const check = /CHECK constraint failed/;
    refuses(sqlite, "UPDATE users SET role = 'superuser' WHERE id = 1", check);
    refuses(sqlite, 'UPDATE users SET active = 2 WHERE id = 1', check);
    refuses(sqlite, 'UPDATE users SET failed_attempts = -1 WHERE id = 1', check);
    refuses(sqlite, "UPDATE units SET kind = 'pharmacy' WHERE id = 2", check);
    refuses(sqlite, "UPDATE units SET level = 'province' WHERE id = 2", check);
    refuses(sqlite, 'UPDATE units SET is_lead = 5 WHERE id = 2', check);
    refuses(sqlite, 'UPDATE stores SET is_central = -1 WHERE id = 2', check);
    refuses(sqlite, "UPDATE formulary_items SET status = 'deleted' WHERE id = 2", check);
    refuses(sqlite, "UPDATE formulary_items SET category = 'food' WHERE id = 2", check);
    refuses(sqlite, "UPDATE formulary_items SET controlled_class = 'x' WHERE id = 2", check);
    refuses(sqlite, 'UPDATE formulary_items SET level_village = 2 WHERE id = 2', check);
    refuses(sqlite, "UPDATE formulary_items SET packs = 'not json' WHERE id = 2", /CHECK constraint failed|malformed JSON/);
    refuses(sqlite, "UPDATE formulary_change_requests SET status = 'done' WHERE id = 2", check);
    refuses(sqlite, "UPDATE formulary_change_requests SET kind = 'delete' WHERE id = 2", check);
    refuses(sqlite, 'UPDATE formulary_change_requests SET proposed_by = NULL WHERE id = 2', check);
    refuses(sqlite, 'UPDATE dictionary_entries SET present = 3', check);
    const price = (kind: string, micro: number, factor: number) =>
      `INSERT INTO item_prices (item_id, kind, price_micro, unit, pack_factor, effective_from, note, recorded_at, recorded_by)
       VALUES (1, '${kind}', ${micro}, '盒', ${factor}, '2026-02-01', '', '2026-02-01T00:00:00Z', 'x')`;
    refuses(sqlite, price('listed', -1, 24), check);
    refuses(sqlite, price('retail', 100, 24), check);
    refuses(sqlite, price('listed', 100, 0), check);
    sqlite.exec(price('listed', 100, 24));
    // A request the system proposed has no user, but names the system.
    sqlite.exec(`UPDATE formulary_change_requests SET proposed_by = NULL, proposed_by_system = '命令行 (cli)' WHERE id = 2`);
  });
});

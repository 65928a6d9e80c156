import type { Db } from '../../db/open.js';
import type { ChangeType } from '../../core/api/stock.js';
import type { Actor, OperationContext } from '../../core/context.js';
import { createDocument, defineDocumentType } from '../../core/documents/lifecycle.js';
import { batchFor, postMoves, reverseMovesOf, storeLocationId, type MoveInput, type StoredMove } from '../../core/stock/ledger.js';
import { systemActor } from '../../core/system-actor.js';
import { inTransaction } from '../../core/transaction.js';

/**
 * Stock for tests that are not about a document type: moves posted through the ledger (core/stock/ledger.ts)
 * under a test slip, each call one IMMEDIATE transaction as an operation would run it.
 */
export const testSlip = defineDocumentType({
  type: 'stock_test_slip',
  label: '测试出入库单',
  series: 'QT',
  createPermission: 'stock.adjust',
  initial: 'draft',
  states: { draft: { label: '草稿' }, posted: { label: '已过账', posted: true } },
  transitions: { post: { label: '过账', from: ['draft'], to: 'posted', permission: 'stock.adjust', posts: true } },
});

let clock = Date.parse('2026-12-01T02:00:00Z');

export function testContext(db: Db, actor: Actor = systemActor('cli'), now = new Date((clock += 1000))): OperationContext {
  return {
    db,
    now,
    actor,
    scope: { units: null, levels: null },
    clientAddress: '',
    operation: 'test.stock',
    audit: () => undefined,
    session: {},
    onRollback: () => undefined,
    attachment: null,
    progress: () => undefined,
  };
}

/** Runs `work` in one IMMEDIATE transaction with a fresh test slip's document id. */
export function inSlip<T>(db: Db, work: (ctx: OperationContext, documentId: number) => T): T {
  const ctx = testContext(db);
  return inTransaction(db.$client, true, () => work(ctx, createDocument(ctx, testSlip).id));
}

/** A formulary item written directly (no governance): for ledger tests only. */
export function insertItem(db: Db, fields: { name?: string; spec?: string; code?: string; baseUnit?: string; packs?: { unit: string; factor: number }[]; initials?: string } = {}): number {
  const at = new Date().toISOString();
  const n = (db.$client.prepare('SELECT count(*) AS n FROM formulary_items').get() as { n: number }).n + 1;
  const { lastInsertRowid } = db.$client
    .prepare(
      `INSERT INTO formulary_items (code, insurance_code, generic_name, trade_name, spec, dosage_form, manufacturer, holder, approval_no, standard_code,
         category, base_unit, packs, purchase_unit, issue_unit, essential, insurance_class, vbp, level_county, level_township, level_village, status,
         pinyin_initials, pinyin_full, version, created_at, updated_at)
       VALUES (@code, '', @name, '', @spec, '片剂', '华北制药股份有限公司', '', '', '', 'western', @baseUnit, @packs, @purchaseUnit, @baseUnit, 0, '', NULL, 1, 1, 1,
         'active', @initials, @full, 0, @at, @at)`,
    )
    .run({
      code: fields.code ?? `TS${String(n).padStart(6, '0')}`,
      name: fields.name ?? '阿莫西林胶囊',
      spec: fields.spec ?? '0.25g',
      baseUnit: fields.baseUnit ?? '粒',
      packs: JSON.stringify(fields.packs ?? [{ unit: '盒', factor: 24 }]),
      purchaseUnit: (fields.packs ?? [{ unit: '盒' }]).at(-1)?.unit ?? fields.baseUnit ?? '粒',
      initials: fields.initials ?? (fields.name ? '' : 'amxljn'),
      full: fields.initials ?? (fields.name ? '' : 'amoxilinjiaonang'),
      at,
    });
  return Number(lastInsertRowid);
}

export interface ReceiveInput {
  itemId: number;
  storeId: number;
  quantity: number;
  batchNo?: string;
  expiry?: string;
  costMicro?: number;
  costPackFactor?: number;
  changeType?: ChangeType;
}

/** Stock arriving from outside into a store (default 108, 12.50 ¥ per box of 24). */
export function receive(db: Db, input: ReceiveInput): { batchId: number; documentId: number; moves: StoredMove[] } {
  return inSlip(db, (ctx, documentId) => {
    const batchId = batchFor(ctx, {
      itemId: input.itemId,
      batchNo: input.batchNo ?? 'B001',
      productionDate: null,
      expiry: input.expiry ?? '2028-06-30',
      costMicro: input.costMicro ?? 12_500_000,
      costUnit: '盒',
      costPackFactor: input.costPackFactor ?? 24,
      supplierId: null,
    });
    const moves = postMoves(ctx, [
      { itemId: input.itemId, batchId, fromLocationId: null, toLocationId: storeLocationId(ctx.db, input.storeId), quantity: input.quantity, changeType: input.changeType ?? '108', documentId, documentLineId: null },
    ]);
    return { batchId, documentId, moves };
  });
}

/** Any moves under one new slip (locations by id). */
export function moveStock(db: Db, moves: Omit<MoveInput, 'documentId' | 'documentLineId'>[]): { documentId: number; moves: StoredMove[] } {
  return inSlip(db, (ctx, documentId) => ({ documentId, moves: postMoves(ctx, moves.map((m) => ({ ...m, documentId, documentLineId: null }))) }));
}

/** 冲销 of a slip's moves under a new slip. */
export function reverseSlip(db: Db, originalDocumentId: number): { documentId: number; moves: StoredMove[] } {
  return inSlip(db, (ctx, documentId) => ({ documentId, moves: reverseMovesOf(ctx, originalDocumentId, documentId) }));
}

export const locationOf = (db: Db, storeId: number): number =>
  (db.$client.prepare('SELECT id FROM stock_locations WHERE store_id = ?').get(storeId) as { id: number }).id;

/** An in-transit location for goods on their way to `unitId`. */
export function transitLocation(db: Db, unitId: number, name = '在途（测试）'): number {
  return Number(
    db.$client.prepare(`INSERT INTO stock_locations (kind, store_id, unit_id, name, created_at) VALUES ('transit', NULL, ?, ?, ?)`).run(unitId, name, new Date().toISOString())
      .lastInsertRowid,
  );
}

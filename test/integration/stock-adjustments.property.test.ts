import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemFieldsInput } from '../../core/api/index.js';
import { verifyStock } from '../../core/stock/verify.js';
import { call, initialised, ok, userWithSession } from '../support/db.js';
import { balanceOf, receiveForTest } from '../support/adjustments.js';
import { supplierInput } from '../support/suppliers.js';

/**
 * 退货 / 报损 / 其他出入库 and their 冲销 in random order, through the registered operations against one store: every
 * step succeeds exactly when a model of the balances says it can, a refused step leaves no document and no move,
 * the balances always equal the model's, and `stock verify` agrees after every sequence.
 */
const env = await initialised();
afterAll(() => env.dispose());

const tokens: Record<string, string> = {};
const as = (who: string) => ({ sessionToken: tokens[who]! });
let storeId = 0;
let itemId = 0;
let suppliers: number[] = [];
let seq = 0;
const requestId = () => `prop-${++seq}-${Date.now()}`;

const ITEM: ItemFieldsInput = {
  genericName: '布洛芬缓释胶囊',
  spec: '0.3g',
  manufacturer: '中美天津史克制药有限公司',
  approvalNo: '国药准字H10900089',
  category: 'western',
  baseUnit: '粒',
  packs: [{ unit: '盒', factor: 20 }],
  purchaseUnit: '盒',
  issueUnit: '盒',
  levels: { county: true, township: true, village: true },
};

beforeAll(async () => {
  const admin = { sessionToken: env.admin };
  const leadId = (await ok(env.db, 'unit.list', {}, admin)).units[0]!.id;
  storeId = (await ok(env.db, 'store.list', { unitId: leadId }, admin)).stores[0]!.id;
  for (const [username, role] of [
    ['officer', 'pharmacy_officer'],
    ['keeper', 'storekeeper'],
  ] as const) {
    tokens[username] = (await userWithSession(env.db, env.admin, { username, displayName: username, role, unitId: leadId })).token;
  }
  const { request } = await ok(env.db, 'changeRequest.propose', { kind: 'add', item: ITEM, reason: '测试' }, as('officer'));
  itemId = (await ok(env.db, 'changeRequest.decide', { id: request.id, approve: true, resolutionNo: 'R1', resolutionDate: '2026-03-01' }, as('officer'))).request.itemId!;
  suppliers = [
    (await ok(env.db, 'supplier.create', supplierInput(21), as('officer'))).supplier.id,
    (await ok(env.db, 'supplier.create', supplierInput(22), as('officer'))).supplier.id,
  ];
});

type Step =
  | { op: 'receive'; supplier: number; quantity: number }
  | { op: 'return' | 'loss' | 'other_out'; batch: number; quantity: number }
  | { op: 'other_in'; quantity: number; batchNo: number }
  | { op: 'reverse'; doc: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('receive' as const), supplier: fc.nat(1), quantity: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constantFrom('return' as const, 'loss' as const, 'other_out' as const), batch: fc.nat(9), quantity: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ op: fc.constant('other_in' as const), quantity: fc.integer({ min: 1, max: 30 }), batchNo: fc.nat(2) }),
  fc.record({ op: fc.constant('reverse' as const), doc: fc.nat(9) }),
);

interface Posted {
  id: number;
  version: number;
  batchId: number;
  /** The balance change the document made (negative for out kinds). */
  delta: number;
  reversed: boolean;
}

const count = (table: string) => (env.db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('adjustments under random sequences', () => {
  it('post and reverse exactly when the stock allows, and the ledger stays consistent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 16 }), async (steps) => {
        // This run's own batches (each run starts with none of its own) and the model of their balances.
        const batches: { id: number; supplierId: number | null }[] = [];
        const model = new Map<number, number>();
        const posted: Posted[] = [];
        const run = ++seq;
        for (const s of steps) {
          const before = { documents: count('documents'), moves: count('stock_moves') };
          if (s.op === 'receive') {
            const id = receiveForTest(env.db, { itemId, storeId, quantity: s.quantity, supplierId: suppliers[s.supplier]!, batchNo: `P${run}-${batches.length}` });
            batches.push({ id, supplierId: suppliers[s.supplier]! });
            model.set(id, (model.get(id) ?? 0) + s.quantity);
          } else if (s.op === 'other_in') {
            const { adjustment } = await ok(
              env.db,
              'stockAdjustment.create',
              { kind: 'other_in', storeId, reason: '其他入库', lines: [{ itemId, batchNo: `Q${run}-${s.batchNo}`, expiry: '2028-06', costMicro: 9_000_000, quantity: s.quantity }] },
              as('keeper'),
            );
            const done = await ok(env.db, 'stockAdjustment.post', { id: adjustment.id, version: 1, requestId: requestId() }, as('keeper'));
            const batchId = done.adjustment.lines[0]!.batchId!;
            if (!batches.some((b) => b.id === batchId)) batches.push({ id: batchId, supplierId: null });
            model.set(batchId, (model.get(batchId) ?? 0) + s.quantity);
            posted.push({ id: adjustment.id, version: 2, batchId, delta: s.quantity, reversed: false });
          } else if (s.op === 'reverse') {
            const doc = posted[s.doc % Math.max(posted.length, 1)];
            if (!doc) continue;
            const feasible = !doc.reversed && (model.get(doc.batchId) ?? 0) - doc.delta >= 0;
            const result = await call(env.db, 'stockAdjustment.reverse', { id: doc.id, version: doc.version, requestId: requestId(), reason: '冲销' }, as('keeper'));
            expect(result.ok, JSON.stringify(result.ok ? null : result.error)).toBe(feasible);
            if (feasible) {
              doc.reversed = true;
              model.set(doc.batchId, (model.get(doc.batchId) ?? 0) - doc.delta);
            } else expect({ documents: count('documents'), moves: count('stock_moves') }).toEqual(before);
          } else {
            const batch = batches[s.batch % Math.max(batches.length, 1)];
            if (!batch) continue;
            const onHand = model.get(batch.id) ?? 0;
            // A return needs a batch bought from a supplier; every out kind needs the stock.
            const feasible = s.quantity <= onHand && onHand > 0 && (s.op !== 'return' || batch.supplierId !== null);
            const created = await call(env.db, 'stockAdjustment.create', { kind: s.op, storeId, reason: '测试', lines: [{ itemId, batchId: batch.id, quantity: s.quantity }] }, as('keeper'));
            expect(created.ok, JSON.stringify(created.ok ? null : created.error)).toBe(feasible);
            if (!created.ok) {
              expect({ documents: count('documents'), moves: count('stock_moves') }).toEqual(before);
              continue;
            }
            const id = (created.output as { adjustment: { id: number } }).adjustment.id;
            if (s.op === 'loss') {
              await ok(env.db, 'stockAdjustment.submit', { id, version: 1 }, as('keeper'));
              await ok(env.db, 'stockAdjustment.approve', { id, version: 2, requestId: requestId() }, as('officer'));
              posted.push({ id, version: 3, batchId: batch.id, delta: -s.quantity, reversed: false });
            } else {
              await ok(env.db, 'stockAdjustment.post', { id, version: 1, requestId: requestId() }, as('keeper'));
              posted.push({ id, version: 2, batchId: batch.id, delta: -s.quantity, reversed: false });
            }
            model.set(batch.id, onHand - s.quantity);
          }
          for (const [batchId, quantity] of model) expect(balanceOf(env.db, batchId, storeId)).toBe(quantity);
        }
        const verified = verifyStock(env.db.$client);
        expect(verified.problems).toEqual([]);
        expect(verified.ok).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

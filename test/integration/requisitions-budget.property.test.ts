import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetRowOf, budgetVerdict } from '../../core/distribution/requisitions/budget.js';
import { systemActor } from '../../core/system-actor.js';
import { call, initialised, ok } from '../support/db.js';
import { approvedRequisitionForTest } from '../support/distribution.js';
import { insertItem, receive } from '../support/stock.js';

/**
 * The budget rules, as properties: remaining = budget − committed − actual with NO budget counting as 0 (never
 * unlimited); a requisition within what remains passes, one over it follows the rule in force (the unit's own
 * when it has a budget, else the community's) — refused with block, passed with a warning with warn. Then the
 * same through requisition.submit on random units, budgets, rules, earlier approvals and sizes.
 */
const env = await initialised();
afterAll(() => env.dispose());
const system = { system: systemActor('cli') };
const BOX = 24;
/** 12.50 ¥ a box at the central store. */
const BOX_MICRO = 12_500_000;
let item = 0;
let central = 0;
let units = 0;
const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));

beforeAll(async () => {
  const admin = { sessionToken: env.admin };
  const leadId = (await ok(env.db, 'unit.list', {}, admin)).units[0]!.id;
  central = (await ok(env.db, 'store.list', { unitId: leadId }, admin)).stores[0]!.id;
  item = insertItem(env.db, { code: 'YS0001', name: '阿莫西林胶囊' });
  env.db.$client.prepare("UPDATE formulary_items SET issue_unit = '盒' WHERE id = ?").run(item);
  receive(env.db, { itemId: item, storeId: central, quantity: 100_000 * BOX, batchNo: 'YS1', expiry: '2029-06-30', costMicro: BOX_MICRO });
});

const rule = fc.constantFrom('block' as const, 'warn' as const);

describe('budget rules (pure)', () => {
  it('remaining, and within / block / warn by the rule in force; no budget is remaining 0', () => {
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 0, max: 10 ** 12 }), { nil: null }),
        rule,
        rule,
        fc.integer({ min: 0, max: 10 ** 11 }),
        fc.integer({ min: -(10 ** 10), max: 10 ** 11 }),
        fc.integer({ min: 0, max: 10 ** 11 }),
        (amountMicro, ownRule, communityRule, committed, actual, value) => {
          const row = budgetRowOf(
            { unitId: 1, unitName: '测试卫生院', unitLevel: 'township', amountMicro, overRule: amountMicro === null ? null : ownRule, note: null, updatedAt: null, updatedBy: null },
            year,
            communityRule,
            { committed: new Map([[1, committed]]), actual: new Map([[1, actual]]) },
          );
          expect(row.remainingMicro).toBe((amountMicro ?? 0) - committed - actual);
          const inForce = amountMicro === null ? communityRule : ownRule;
          expect(row.overRule).toBe(inForce);
          const verdict = budgetVerdict(row, value, 'QL2026-000001');
          if (value === 0 || value <= row.remainingMicro) expect(verdict.outcome).toBe('within');
          else {
            expect(verdict.outcome).toBe(inForce);
            // The message names the budget (or its absence), what remains and the value.
            const message = (verdict as { message: string }).message;
            expect(message).toContain(amountMicro === null ? '未设预算（可用 0）' : '年度预算可用');
            expect(message).toContain('元');
          }
          // No budget, nothing committed or spent: any requisition with a value is over — never unlimited.
          if (amountMicro === null && committed === 0 && actual >= 0 && value > 0) expect(verdict.outcome).not.toBe('within');
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('budget rules through requisition.submit', () => {
  it('a submit passes, warns or is refused exactly as the model says', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
        rule,
        rule,
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 30 }),
        async (budgetBoxes, ownRule, communityRule, approvedBoxes, boxes) => {
          const n = ++units;
          const unitId = (await ok(env.db, 'unit.create', { code: `YS${n}`, name: `预算测试卫生院${n}`, kind: 'township_hospital' }, system)).unit.id;
          const storeId = (await ok(env.db, 'store.list', { unitId }, system)).stores[0]!.id;
          await ok(env.db, 'distribution.settings.update', { budgetRule: communityRule }, system);
          if (budgetBoxes !== null) await ok(env.db, 'budget.set', { unitId, year, amountMicro: budgetBoxes * BOX_MICRO, overRule: ownRule, note: '' }, system);
          // An earlier approved requisition, nothing shipped: committed at estimated cost.
          if (approvedBoxes > 0) approvedRequisitionForTest(env.db, { unitId, storeId, lines: [{ itemId: item, quantity: approvedBoxes * BOX }] });
          const { requisition } = await ok(env.db, 'requisition.create', { storeId, lines: [{ itemId: item, quantity: boxes * BOX }] }, system);
          const result = await call(env.db, 'requisition.submit', { id: requisition.id }, system);
          const remaining = (budgetBoxes ?? 0) - approvedBoxes;
          const inForce = budgetBoxes === null ? communityRule : ownRule;
          if (boxes <= remaining) {
            expect(result.ok && (result.output as { budgetWarning: string | null }).budgetWarning).toBeNull();
          } else if (inForce === 'warn') {
            expect(result.ok && (result.output as { budgetWarning: string | null }).budgetWarning).toContain('超出预算');
          } else {
            expect(!result.ok && result.error.code).toBe('VALIDATION');
            // Refused: still a draft.
            expect((await ok(env.db, 'requisition.get', { id: requisition.id }, system)).requisition.status).toBe('draft');
          }
          const row = (await ok(env.db, 'budget.list', { year }, system)).budgets.find((b) => b.unitId === unitId)!;
          expect(row.committedMicro).toBe(approvedBoxes * BOX_MICRO);
          expect(row.remainingMicro).toBe(remaining * BOX_MICRO);
        },
      ),
      { numRuns: 30 },
    );
  });
});

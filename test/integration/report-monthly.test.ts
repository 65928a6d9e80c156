import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonthlyFigureRow } from '../../core/api/index.js';
import { createDocument } from '../../core/documents/lifecycle.js';
import { batchFor, postMoves, storeLocationId, type MoveInput } from '../../core/stock/ledger.js';
import { systemActor } from '../../core/system-actor.js';
import { inTransaction } from '../../core/transaction.js';
import { testContext, testSlip, transitLocation } from '../support/stock.js';
import { memberStockCommunity } from './member-stock-support.js';

/**
 * 月报 figures against hand-computed expectations. The ledger of a small community, each move at a known instant:
 *   10-20 the centre receives 240 粒 of 阿莫西林 (batch A, 12.50 ¥ per box of 24)                  → opening 125.00
 *   11-05 the centre receives 480 粒 (batch B)                                                       → inflow 250.00
 *   11-10 the centre ships 48 粒 of B to 青石镇 (102 to its in-transit, 101 into its store)         → 25.00 each way
 *   11-12 the centre receives 100 粒 of 布洛芬 (10.00 ¥ per box of 20, expiring 2027-01-31)         → inflow 50.00
 *   11-15 the centre ships 40 粒 of 布洛芬 to 青石镇                                                  → 20.00
 *   11-20 青石镇 consumes 24 粒 of 阿莫西林 (107)                                                     → outflow 12.50
 *   12-02 the centre receives 24 粒 more (batch C): after the month, in none of its figures.
 * 阿莫西林 is a 基本药物; 布洛芬 is not in the township sub-catalogue (so outside 目录内 at 青石镇).
 */
type Env = Awaited<ReturnType<typeof memberStockCommunity>>;
let env: Env;
const at = (date: string) => new Date(`${date}T02:00:00Z`);
const yuan = (y: number) => Math.round(y * 1_000_000);

function post(date: string, moves: (Omit<MoveInput, 'documentId' | 'documentLineId' | 'batchId'> & { batch: { no: string; expiry: string; costMicro: number; factor: number } })[]) {
  const ctx = testContext(env.db, systemActor('cli'), at(date));
  inTransaction(env.db.$client, true, () => {
    const documentId = createDocument(ctx, testSlip).id;
    postMoves(
      ctx,
      moves.map(({ batch, ...m }) => ({
        ...m,
        batchId: batchFor(ctx, { itemId: m.itemId, batchNo: batch.no, productionDate: null, expiry: batch.expiry, costMicro: batch.costMicro, costUnit: '盒', costPackFactor: batch.factor, supplierId: null }),
        documentId,
        documentLineId: null,
      })),
    );
  });
}

beforeAll(async () => {
  env = await memberStockCommunity();
  const { db, amoxicillin: amox, ibuprofen: ibu } = env;
  db.$client.prepare('UPDATE formulary_items SET essential = 1 WHERE id = ?').run(amox);
  db.$client.prepare('UPDATE formulary_items SET level_township = 0 WHERE id = ?').run(ibu);
  // 中选: 2,400 粒 a year for the community, 240 for 青石镇, at 625.00 ¥ per 件 of 1,200 粒 (the same 12.50 ¥ a box).
  const vbp = { batch: '第九批国家组织药品集采', agreedPriceMicro: 625_000_000, annualVolume: 2400, unitVolumes: [{ unitId: env.ownUnit, volume: 240 }] };
  db.$client.prepare('UPDATE formulary_items SET vbp = ? WHERE id = ?').run(JSON.stringify(vbp), amox);
  const centre = storeLocationId(db, env.centralStore);
  const own = storeLocationId(db, env.ownStore);
  const transit = transitLocation(db, env.ownUnit);
  const A = { no: 'A', expiry: '2028-06-30', costMicro: 12_500_000, factor: 24 };
  const B = { ...A, no: 'B' };
  const C = { ...A, no: 'C' };
  const I = { no: 'I1', expiry: '2027-01-31', costMicro: 10_000_000, factor: 20 };
  post('2026-10-20', [{ itemId: amox, batch: A, fromLocationId: null, toLocationId: centre, quantity: 240, changeType: '108' }]);
  post('2026-11-05', [{ itemId: amox, batch: B, fromLocationId: null, toLocationId: centre, quantity: 480, changeType: '108' }]);
  post('2026-11-10', [{ itemId: amox, batch: B, fromLocationId: centre, toLocationId: transit, quantity: 48, changeType: '102' }]);
  post('2026-11-10', [{ itemId: amox, batch: B, fromLocationId: transit, toLocationId: own, quantity: 48, changeType: '101' }]);
  post('2026-11-12', [{ itemId: ibu, batch: I, fromLocationId: null, toLocationId: centre, quantity: 100, changeType: '108' }]);
  post('2026-11-15', [{ itemId: ibu, batch: I, fromLocationId: centre, toLocationId: transit, quantity: 40, changeType: '102' }]);
  post('2026-11-15', [{ itemId: ibu, batch: I, fromLocationId: transit, toLocationId: own, quantity: 40, changeType: '101' }]);
  post('2026-11-20', [{ itemId: amox, batch: B, fromLocationId: own, toLocationId: null, quantity: 24, changeType: '107' }]);
  post('2026-12-02', [{ itemId: amox, batch: C, fromLocationId: null, toLocationId: centre, quantity: 24, changeType: '108' }]);
}, 60_000);
afterAll(() => env?.env.dispose());

const rowOf = (rows: MonthlyFigureRow[], unitId: number) => rows.find((r) => r.unitId === unitId)!;

describe('report.monthly', () => {
  it('computes the centre’s and a member’s month by hand: inflow, 目录内, 基本药物, outflow, opening, closing, near expiry, turnover', async () => {
    const report = await env.ok('report.monthly', { month: '2026-11' }, 'officer');
    expect(report).toMatchObject({ firstDay: '2026-11-01', lastDay: '2026-11-30' });
    const centre = rowOf(report.units, env.leadId);
    expect(centre).toMatchObject({
      scope: 'unit',
      inflowMicro: yuan(300),
      formularyMicro: yuan(300),
      formularyShareBp: 10_000,
      varieties: 2,
      essentialVarieties: 1,
      essentialVarietyShareBp: 5_000,
      essentialMicro: yuan(250),
      essentialAmountShareBp: 8_333,
      platformMicro: 0,
      platformShareBp: 0,
      outflowMicro: yuan(45),
      openingMicro: yuan(125),
      closingMicro: yuan(380),
      nearExpiryMicro: yuan(30),
      expiredMicro: 0,
      turnoverDays: 168.3,
    });
    const own = rowOf(report.units, env.ownUnit);
    expect(own).toMatchObject({
      inflowMicro: yuan(45),
      formularyMicro: yuan(25),
      formularyShareBp: 5_556,
      varieties: 2,
      essentialVarieties: 1,
      essentialMicro: yuan(25),
      outflowMicro: yuan(12.5),
      openingMicro: 0,
      closingMicro: yuan(32.5),
      nearExpiryMicro: yuan(20),
      turnoverDays: 39,
    });
    expect(rowOf(report.units, env.otherUnit)).toMatchObject({ inflowMicro: 0, formularyShareBp: null, turnoverDays: null, closingMicro: 0 });
    // The township level: both townships; its varieties are distinct items, not a sum.
    const township = report.levels.find((l) => l.level === 'township')!;
    expect(township).toMatchObject({ scope: 'level', unitCount: 2, inflowMicro: yuan(45), varieties: 2, essentialVarieties: 1, closingMicro: yuan(32.5) });
    expect(report.community).toMatchObject({ scope: 'community', inflowMicro: yuan(345), closingMicro: yuan(412.5), varieties: 2 });
    // 集采 at 11-30, from 集采监测: the community bought 720 粒 this year (10-20 and 11-05) of 2,400 = 375.00 of
    // 1,250.00 ¥; 青石镇 signed for 48 of 240 = 25.00 of 125.00 ¥; 334 of 365 days of the calendar year have passed.
    expect(report.community).toMatchObject({ vbpAgreedMicro: yuan(1250), vbpBoughtMicro: yuan(375), vbpCompletionBp: 3_000, vbpElapsedBp: 9_150, vbpProductsBehind: 1 });
    expect(own).toMatchObject({ vbpAgreedMicro: yuan(125), vbpBoughtMicro: yuan(25), vbpCompletionBp: 2_000, vbpProductsBehind: 1 });
    expect(centre).toMatchObject({ vbpAgreedMicro: 0, vbpCompletionBp: null });
    expect(report.payments).toMatchObject({ paidMicro: 0, overdueMicro: 0, averageDays: null });
    expect(report.definitions.map((d) => d.figure)).toContain('turnover');
  });

  it('traces a figure to the lines it was computed from, and the lines add up to it', async () => {
    const inflow = await env.ok('report.trace', { month: '2026-11', unitId: env.ownUnit, figure: 'inflow' }, 'officer');
    expect(inflow.total).toBe(2);
    expect(inflow.totalMicro).toBe(yuan(45));
    expect(inflow.lines.map((l) => [l.changeType, l.batchNo, l.quantity, l.valueMicro])).toEqual([
      ['101', 'B', 48, yuan(25)],
      ['101', 'I1', 40, yuan(20)],
    ]);
    const formulary = await env.ok('report.trace', { month: '2026-11', unitId: env.ownUnit, figure: 'formulary' }, 'officer');
    expect(formulary.lines.map((l) => l.batchNo)).toEqual(['B']);
    const near = await env.ok('report.trace', { month: '2026-11', unitId: env.ownUnit, figure: 'nearExpiry' }, 'officer');
    expect(near.lines.map((l) => [l.batchNo, l.expiry, l.quantity, l.valueMicro])).toEqual([['I1', '2027-01-31', 40, yuan(20)]]);
    const outflow = await env.ok('report.trace', { month: '2026-11', unitId: env.leadId, figure: 'outflow' }, 'officer');
    expect(outflow.totalMicro).toBe(yuan(45));
    expect(outflow.lines.every((l) => l.changeType === '102')).toBe(true);
    const closing = await env.ok('report.trace', { month: '2026-11', unitId: env.leadId, figure: 'closing' }, 'officer');
    // Batch C arrived after the month: not held at its end.
    expect(closing.lines.map((l) => l.batchNo).sort()).toEqual(['A', 'B', 'I1']);
    expect(closing.totalMicro).toBe(yuan(380));
  });

  it('gives a member pharmacist only their own unit, and refuses another unit and the community workbook', async () => {
    const mine = await env.ok('report.monthly', { month: '2026-11' }, 'member');
    expect(mine.units.map((u) => u.unitId)).toEqual([env.ownUnit]);
    expect(mine.levels).toEqual([]);
    expect(mine.community).toBeNull();
    expect(mine.payments).toBeNull();
    // The member's own row is the same figure the centre sees for it.
    expect(mine.units[0]!.inflowMicro).toBe(yuan(45));
    const other = await env.call('report.monthly', { month: '2026-11', unitId: env.otherUnit }, 'member');
    expect(other.ok).toBe(false);
    const trace = await env.call('report.trace', { month: '2026-11', unitId: env.otherUnit, figure: 'inflow' }, 'member');
    expect(trace.ok).toBe(false);
    const workbook = await env.call('report.monthlyExport', { month: '2026-11' }, 'member');
    expect(workbook.ok).toBe(false);
    const keeper = await env.call('report.monthly', { month: '2026-11' }, 'keeper');
    expect(keeper.ok).toBe(false);
  });

  it('refuses a malformed month with a Chinese message on its field', async () => {
    const bad = await env.call('report.monthly', { month: '2026-13' }, 'officer');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.fields).toEqual([{ path: 'month', message: '月份格式应为 2026-11' }]);
  });

  it('exports the workbook: one sheet per topic, the payments and the definitions, with the figures of the report', async () => {
    const file = await env.ok('report.monthlyExport', { month: '2026-11' }, 'auditor');
    expect(file.fileName).toBe('月报-2026-11.xlsx');
    expect(file.sheets).toEqual(['目录内采购占比', '集采完成', '基本药物', '网上采购率', '预算执行', '院内制剂调拨', '近效期与过期', '库存周转', '回款与逾期', '指标口径']);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('库存周转')!;
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    const centreRow = rows.find((r) => String(r[1]).includes('人民医院'))!;
    // 单位, 层级, 范围, 期初, 期末, 出库, 周转天数
    expect(centreRow.slice(4, 8)).toEqual([125, 380, 45, 168.3]);
    const total = rows.find((r) => r[3] === '医共体合计')!;
    expect(total[5]).toBe(412.5);
  });
});

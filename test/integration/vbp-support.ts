import type { Db } from '../../db/open.js';
import { systemActor } from '../../core/system-actor.js';
import { createDocument } from '../../core/documents/lifecycle.js';
import { batchFor, postMoves, reverseMovesOf, storeLocationId } from '../../core/stock/ledger.js';
import { inTransaction } from '../../core/transaction.js';
import type { ChangeType } from '../../core/api/stock.js';
import { insertItem, testContext, testSlip } from '../support/stock.js';

/**
 * The 集采 monitoring fixture: two 中选 products and stock moves on known dates, posted through the ledger under
 * test slips (each its own document number), for figures worked out by hand in vbp-monitoring.test.ts.
 *
 * 氨氯地平片 5mg (片, 盒 of 28; terms without yearStart → calendar 2026): agreed 36,500 片 (unit A 7,300, unit B 3,650),
 * agreed 2.80 元/盒, reference 28.00 元/盒.
 * 二甲双胍片 0.5g (片, 盒 of 30; yearStart 2026-04-01): agreed 10,950 片 (unit A 3,650), agreed 1.50 元/盒,
 * reference 6.00 元/盒.
 */
export interface VbpPlaces {
  leadId: number;
  centralStore: number;
  unitA: { id: number; store: number };
  unitB: { id: number; store: number };
}

export interface VbpFixture {
  amlodipine: number;
  metformin: number;
  /** Document numbers of the slips, by a short name. */
  documents: Record<string, string>;
}

/** A UTC instant from a community (UTC+8) date and hour. */
const at = (date: string, hour = 10) => new Date(Date.parse(`${date}T00:00:00Z`) + (hour - 8) * 3_600_000);

function slip(db: Db, when: Date, work: (ctx: ReturnType<typeof testContext>, documentId: number) => void): string {
  const ctx = testContext(db, systemActor('cli'), when);
  return inTransaction(db.$client, true, () => {
    const document = createDocument(ctx, testSlip);
    work(ctx, document.id);
    return document.number;
  });
}

export function seedVbpFixture(db: Db, places: VbpPlaces): VbpFixture {
  const amlodipine = insertItem(db, { code: 'JC0001', name: '氨氯地平片', spec: '5mg', baseUnit: '片', packs: [{ unit: '盒', factor: 28 }], initials: 'aldpp' });
  const metformin = insertItem(db, { code: 'JC0002', name: '二甲双胍片', spec: '0.5g', baseUnit: '片', packs: [{ unit: '盒', factor: 30 }], initials: 'ejsgp' });
  const setVbp = db.$client.prepare('UPDATE formulary_items SET vbp = ? WHERE id = ?');
  setVbp.run(
    JSON.stringify({
      batch: '第七批国家组织药品集采',
      agreedPriceMicro: 2_800_000,
      annualVolume: 36_500,
      unitVolumes: [
        { unitId: places.unitA.id, volume: 7_300 },
        { unitId: places.unitB.id, volume: 3_650 },
      ],
      referencePriceMicro: 28_000_000,
    }),
    amlodipine,
  );
  setVbp.run(
    JSON.stringify({
      batch: '第一批国家组织药品集采',
      agreedPriceMicro: 1_500_000,
      annualVolume: 10_950,
      unitVolumes: [{ unitId: places.unitA.id, volume: 3_650 }],
      yearStart: '2026-04-01',
      referencePriceMicro: 6_000_000,
    }),
    metformin,
  );

  const central = storeLocationId(db, places.centralStore);
  const storeA = storeLocationId(db, places.unitA.store);
  const storeB = storeLocationId(db, places.unitB.store);
  const transitOf = (unitId: number) => {
    const row = db.$client.prepare("SELECT id FROM stock_locations WHERE kind = 'transit' AND unit_id = ?").get(unitId) as { id: number } | undefined;
    if (row) return row.id;
    return Number(
      db.$client.prepare("INSERT INTO stock_locations (kind, store_id, unit_id, name, created_at) VALUES ('transit', NULL, ?, '在途', ?)").run(unitId, new Date().toISOString())
        .lastInsertRowid,
    );
  };
  const transitA = transitOf(places.unitA.id);
  const transitLead = transitOf(places.leadId);
  const batches = new Map<number, number>();
  const batchOf = (ctx: ReturnType<typeof testContext>, itemId: number) => {
    let id = batches.get(itemId);
    if (id === undefined) {
      id = batchFor(ctx, { itemId, batchNo: itemId === amlodipine ? 'AL2601' : 'EJ2601', productionDate: null, expiry: '2028-06-30', costMicro: itemId === amlodipine ? 2_800_000 : 1_500_000, costUnit: '盒', costPackFactor: itemId === amlodipine ? 28 : 30, supplierId: null });
      batches.set(itemId, id);
    }
    return id;
  };
  const documents: Record<string, string> = {};
  const move = (name: string, when: Date, itemId: number, from: number | null, to: number | null, quantity: number, changeType: ChangeType) => {
    documents[name] = slip(db, when, (ctx, documentId) => {
      postMoves(ctx, [{ itemId, batchId: batchOf(ctx, itemId), fromLocationId: from, toLocationId: to, quantity, changeType, documentId, documentLineId: null }]);
    });
  };

  // 氨氯地平片, calendar year 2026.
  move('alBeforeYear', at('2025-12-31', 23), amlodipine, null, central, 280, '108'); // 2025-12-31 23:00 local: last year
  move('alNewYear', at('2026-01-01', 1), amlodipine, null, central, 280, '108'); // 2026-01-01 01:00 local (2025-12-31 17:00 UTC): this year
  move('alFeb', at('2026-02-10'), amlodipine, null, central, 14_000, '108');
  move('alMar', at('2026-03-05'), amlodipine, null, central, 5_600, '108');
  move('alShipA', at('2026-03-10'), amlodipine, central, transitA, 2_800, '102'); // 调拨 to A, shipped …
  move('alConfirmA', at('2026-03-12'), amlodipine, transitA, storeA, 2_800, '101'); // … and 签收 by A
  move('alReturn', at('2026-05-20'), amlodipine, central, null, 560, '109'); // 退货 to the supplier
  move('alMemberReturnA', at('2026-06-01'), amlodipine, storeA, transitLead, 280, '102'); // 退库 A → centre
  move('alDirectB', at('2026-06-15'), amlodipine, null, storeB, 1_960, '108'); // 直配 into B's store
  move('alShipA2', at('2026-06-28'), amlodipine, central, transitA, 1_400, '102'); // shipped, not yet 签收: not A's
  move('alAfter', at('2026-07-02'), amlodipine, null, central, 2_800, '108'); // after asOf

  // 二甲双胍片, agreement year from 2026-04-01.
  move('ejBeforeYear', at('2026-03-20'), metformin, null, central, 3_000, '108');
  move('ejApr', at('2026-04-15'), metformin, null, central, 600, '108');
  move('ejJun', at('2026-06-10'), metformin, null, central, 300, '108');
  documents['ejJunReversal'] = slip(db, at('2026-06-11'), (ctx, documentId) => {
    const original = db.$client.prepare('SELECT id FROM documents WHERE number = ?').get(documents['ejJun']) as { id: number };
    reverseMovesOf(ctx, original.id, documentId);
  });
  return { amlodipine, metformin, documents };
}

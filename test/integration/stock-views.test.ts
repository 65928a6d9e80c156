import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineAmountMicro } from '../../core/api/money.js';
import { contractByName } from '../../core/api/index.js';
import { exportRows } from '../../server/xlsx-export.js';
import { systemActor } from '../../core/system-actor.js';
import { verifyStock } from '../../core/stock/verify.js';
import { call, initialised, ok, userWithSession } from '../support/db.js';
import { insertItem, locationOf, moveStock, receive, reverseSlip, transitLocation } from '../support/stock.js';

const env = await initialised();
afterAll(() => env.dispose());
const cli = { system: systemActor('cli') };

let centralStore = 0;
let townUnit = 0;
let townStore = 0;
let otherUnit = 0;
let otherStore = 0;
let item = 0;
let quiet = 0;
let transit = 0;
let pharmacist = '';
let officer = '';
let storekeeper = '';

beforeAll(async () => {
  const { db, admin } = env;
  centralStore = (await ok(db, 'store.list', {}, { sessionToken: admin })).stores[0]!.id;
  townUnit = (await ok(db, 'unit.create', { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' }, { sessionToken: admin })).unit.id;
  otherUnit = (await ok(db, 'unit.create', { code: 'WS02', name: '白沙镇卫生院', kind: 'township_hospital' }, { sessionToken: admin })).unit.id;
  townStore = (await ok(db, 'store.list', { unitId: townUnit }, { sessionToken: admin })).stores[0]!.id;
  otherStore = (await ok(db, 'store.list', { unitId: otherUnit }, { sessionToken: admin })).stores[0]!.id;
  pharmacist = (await userWithSession(db, admin, { username: 'qsyaoshi', displayName: '青石药师', role: 'member_pharmacist', unitId: townUnit })).token;
  const lead = (await ok(db, 'unit.list', {}, { sessionToken: admin })).units.find((u) => u.isLead)!.id;
  officer = (await userWithSession(db, admin, { username: 'yaoshib', displayName: '药事部', role: 'pharmacy_officer', unitId: lead })).token;
  storekeeper = (await userWithSession(db, admin, { username: 'kuguan', displayName: '库管', role: 'storekeeper', unitId: lead })).token;
  item = insertItem(db, { name: '阿莫西林胶囊', initials: 'amxljn', packs: [{ unit: '盒', factor: 24 }, { unit: '件', factor: 200 }] });
  quiet = insertItem(db, { name: '布洛芬缓释胶囊', code: 'TS-BLF', initials: 'blfhsjn' });
  transit = transitLocation(db, townUnit, '在途：中心药库 → 青石镇卫生院');
});

describe('stock.onHand', () => {
  it('lists balances per batch and location with item, pack and value; grouped by item, location and unit', async () => {
    const { db } = env;
    const central = locationOf(db, centralStore);
    const a = receive(db, { itemId: item, storeId: centralStore, quantity: 4810, batchNo: 'A1', expiry: '2028-01-31', costMicro: 12_500_000 });
    receive(db, { itemId: item, storeId: centralStore, quantity: 100, batchNo: 'B2', expiry: '2027-06-30', costMicro: 12_000_000 });
    moveStock(db, [{ itemId: item, batchId: a.batchId, fromLocationId: central, toLocationId: locationOf(db, townStore), quantity: 240, changeType: '102' }]);
    moveStock(db, [{ itemId: item, batchId: a.batchId, fromLocationId: central, toLocationId: transit, quantity: 10, changeType: '102' }]);
    receive(db, { itemId: quiet, storeId: otherStore, quantity: 5, batchNo: 'Q1' });

    const byBatch = await ok(db, 'stock.onHand', { itemId: item }, cli);
    expect(byBatch.rows.map((r) => [r.batchNo, r.locationName, r.storeId, r.locationKind, r.quantity])).toEqual([
      ['B2', '中心药库', centralStore, 'store', 100],
      ['A1', '中心药库', centralStore, 'store', 4560],
      ['A1', '药房', townStore, 'store', 240],
      ['A1', '在途：中心药库 → 青石镇卫生院', null, 'transit', 10],
    ]);
    const first = byBatch.rows[1]!;
    expect(first).toMatchObject({ itemName: '阿莫西林胶囊', baseUnit: '粒', packText: '24粒/盒，200盒/件', batchStatusText: '正常', costMicro: 12_500_000, costPackFactor: 24, reserved: 0, available: 4560 });
    expect(first.quantityText).toBe('4560 粒（190 盒）');
    expect(first.valueMicro).toBe(lineAmountMicro(4560, { priceMicro: 12_500_000, packFactor: 24 }));
    expect(first.valueText).toBe('2375.00');
    expect(byBatch.totals.quantity).toBe(4910);
    expect(byBatch.totals.valueMicro).toBe(byBatch.rows.reduce((s, r) => s + r.valueMicro, 0));

    const byItem = await ok(db, 'stock.onHand', { by: 'item' }, cli);
    expect(byItem.rows.map((r) => [r.itemName, r.quantity, r.batches, r.expiry, r.storeId, r.batchNo])).toEqual([
      ['阿莫西林胶囊', 4910, 4, '2027-06-30', null, null],
      ['布洛芬缓释胶囊', 5, 1, '2028-06-30', null, null],
    ]);
    const byLocation = await ok(db, 'stock.onHand', { itemId: item, by: 'location' }, cli);
    expect(byLocation.rows.map((r) => [r.locationName, r.quantity, r.batches])).toEqual([
      ['中心药库', 4660, 2],
      ['药房', 240, 1],
      ['在途：中心药库 → 青石镇卫生院', 10, 1],
    ]);
    const byUnit = await ok(db, 'stock.onHand', { itemId: item, by: 'unit' }, cli);
    expect(byUnit.rows.map((r) => [r.unitId, r.quantity])).toEqual([
      [expect.any(Number), 4660],
      [townUnit, 250],
    ]);
    expect(verifyStock(db.$client).ok).toBe(true);
  });

  it('filters by store, unit, status and quick search (pinyin initials, code, 批号), pages, and hides zero balances unless asked', async () => {
    const { db } = env;
    const town = await ok(db, 'stock.onHand', { unitId: townUnit }, cli);
    expect(town.rows.map((r) => r.quantity)).toEqual([240, 10]);
    expect((await ok(db, 'stock.onHand', { storeId: townStore }, cli)).rows.map((r) => r.quantity)).toEqual([240]);
    expect((await ok(db, 'stock.onHand', { q: 'amx' }, cli)).rows.length).toBe(4);
    expect((await ok(db, 'stock.onHand', { q: 'TS-BLF' }, cli)).rows.map((r) => r.batchNo)).toEqual(['Q1']);
    expect((await ok(db, 'stock.onHand', { q: 'b2' }, cli)).rows.map((r) => r.batchNo)).toEqual(['B2']);
    expect((await ok(db, 'stock.onHand', { q: '%' }, cli)).rows).toEqual([]);
    const paged = await ok(db, 'stock.onHand', { itemId: item, page: 2, pageSize: 3 }, cli);
    expect([paged.total, paged.rows.length, paged.totals.quantity]).toEqual([4, 1, 4910]);

    db.$client.prepare("UPDATE stock_batches SET status = 'on_hold' WHERE batch_no = 'B2'").run();
    const held = await ok(db, 'stock.onHand', { status: 'on_hold' }, cli);
    expect(held.rows.map((r) => [r.batchNo, r.batchStatusText])).toEqual([['B2', '冻结']]);
    expect((await ok(db, 'stock.onHand', { itemId: item, by: 'item' }, cli)).rows[0]!.batchStatusText).toBe('冻结');
    db.$client.prepare("UPDATE stock_batches SET status = 'normal' WHERE batch_no = 'B2'").run();

    const q1 = db.$client.prepare("SELECT id FROM stock_batches WHERE batch_no = 'Q1'").get() as { id: number };
    moveStock(db, [{ itemId: quiet, batchId: q1.id, fromLocationId: locationOf(db, otherStore), toLocationId: null, quantity: 5, changeType: '107' }]);
    expect((await ok(db, 'stock.onHand', { itemId: quiet }, cli)).rows).toEqual([]);
    expect((await ok(db, 'stock.onHand', { itemId: quiet, includeZero: true }, cli)).rows.map((r) => [r.quantity, r.valueMicro])).toEqual([[0, 0]]);
  });

  it('a member pharmacist sees only their own unit, whatever they ask for', async () => {
    const { db } = env;
    const mine = await ok(db, 'stock.onHand', {}, { sessionToken: pharmacist });
    expect(new Set(mine.rows.map((r) => r.unitId))).toEqual(new Set([townUnit]));
    expect(mine.rows.map((r) => r.quantity)).toEqual([240, 10]);
    const grouped = await ok(db, 'stock.onHand', { by: 'item' }, { sessionToken: pharmacist });
    expect(grouped.rows.map((r) => [r.unitId, r.quantity])).toEqual([[townUnit, 250]]);
    const refused = await call(db, 'stock.onHand', { storeId: centralStore }, { sessionToken: pharmacist });
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');
  });

  it('refuses bad input with the field and a Chinese message', async () => {
    const result = await call(env.db, 'stock.onHand', { by: 'shelf', pageSize: 0 }, cli);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const fields = Object.fromEntries((result.error.fields ?? []).map((f) => [f.path, f.message]));
    expect(fields.by).toBe('分组应为 batch、item、location 或 unit');
    expect(fields.pageSize).toBe('每页至少 1 条');
  });
});

describe('stock.ledger (流水账)', () => {
  let ledgerItem = 0;
  beforeAll(() => {
    const { db } = env;
    ledgerItem = insertItem(db, { name: '盐酸二甲双胍片', code: 'TS-EJSG', baseUnit: '片' });
    const central = locationOf(db, centralStore);
    const town = locationOf(db, townStore);
    const r = receive(db, { itemId: ledgerItem, storeId: centralStore, quantity: 1000, batchNo: 'L1' });
    for (let i = 0; i < 30; i++) {
      moveStock(db, [{ itemId: ledgerItem, batchId: r.batchId, fromLocationId: central, toLocationId: town, quantity: 10 + i, changeType: '102' }]);
      if (i % 3 === 0) moveStock(db, [{ itemId: ledgerItem, batchId: r.batchId, fromLocationId: town, toLocationId: null, quantity: 5, changeType: '107' }]);
    }
    const other = receive(db, { itemId: ledgerItem, storeId: centralStore, quantity: 50, batchNo: 'L2', changeType: '106' });
    reverseSlip(db, other.documentId);
  });

  it('pages newest first with a running balance that ends at the current balance and chains across pages', async () => {
    const { db } = env;
    const card = await ok(db, 'stock.ledger', { itemId: ledgerItem, storeId: centralStore, pageSize: 10 }, cli);
    const onHandCentral = (await ok(db, 'stock.onHand', { itemId: ledgerItem, storeId: centralStore }, cli)).totals.quantity;
    expect(card.currentBalance).toBe(onHandCentral);
    expect(card.rows[0]!.balance).toBe(onHandCentral);
    expect(card.rows[0]).toMatchObject({ changeType: '106', changeTypeLabel: '其他入库', quantity: -50, moved: -50, inQuantity: 0, outQuantity: 50, documentTypeLabel: '其他出入库单' });
    expect(card.rows[0]!.reversesMoveId).toBe(card.rows[1]!.moveId);
    expect(card.rows[1]).toMatchObject({ quantity: 50, balance: onHandCentral + 50 });
    expect(card.rows[2]).toMatchObject({ changeType: '102', changeTypeLabel: '调拨出库', quantity: -39, fromLocationName: '中心药库', internal: false });
    expect(card.rows[0]!.documentNumber).toMatch(/^QT\d{4}-\d{6}$/);
    expect(card.hasMore).toBe(true);
    for (let i = 1; i < card.rows.length; i++) expect(card.rows[i]!.balance).toBe(card.rows[i - 1]!.balance - card.rows[i - 1]!.quantity);

    let previous = card;
    let all = [...card.rows];
    for (let page = 2; previous.hasMore; page++) {
      const next = await ok(db, 'stock.ledger', { itemId: ledgerItem, storeId: centralStore, page, pageSize: 10 }, cli);
      expect(next.rows[0]!.balance).toBe(previous.openingBalance);
      all = all.concat(next.rows);
      previous = next;
    }
    expect(all.length).toBe(33);
    expect(previous.openingBalance).toBe(0);
    expect(all.at(-1)).toMatchObject({ quantity: 1000, balance: 1000, changeType: '108', toLocationName: '中心药库', fromLocationName: null });
  });

  it('for the whole community a transfer between two stores is internal: shown, but it does not change the total', async () => {
    const { db } = env;
    const card = await ok(db, 'stock.ledger', { itemId: ledgerItem, pageSize: 100 }, cli);
    const transfers = card.rows.filter((r) => r.changeType === '102');
    expect(transfers.length).toBe(30);
    expect(transfers.every((r) => r.internal && r.quantity === 0 && r.inQuantity === 0 && r.outQuantity === 0 && r.moved > 0)).toBe(true);
    expect(card.rows[0]!.balance).toBe(card.currentBalance);
    expect(card.currentBalance).toBe(1000 - 50);
    expect(card.openingBalance).toBe(0);
    const town = await ok(db, 'stock.ledger', { itemId: ledgerItem, storeId: townStore, pageSize: 100 }, cli);
    expect(town.rows.filter((r) => r.changeType === '102').every((r) => r.quantity > 0 && !r.internal)).toBe(true);
    expect(town.rows[0]!.balance).toBe(town.currentBalance);
    expect(town.openingBalance).toBe(0);
  });

  it('a member pharmacist sees their own unit\'s side only', async () => {
    const { db } = env;
    const mine = await ok(db, 'stock.ledger', { itemId: ledgerItem }, { sessionToken: pharmacist });
    expect(mine.rows.length).toBe(40);
    expect(mine.rows.every((r) => r.unitId === townUnit)).toBe(true);
    expect(mine.rows[0]!.balance).toBe(mine.currentBalance);
    expect(mine.openingBalance).toBe(0);
    const refused = await call(db, 'stock.ledger', { itemId: ledgerItem, storeId: centralStore }, { sessionToken: pharmacist });
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');
    const missing = await call(db, 'stock.ledger', { itemId: 999_999 }, cli);
    expect(!missing.ok && missing.error.code).toBe('NOT_FOUND');
  });

  it('reads through the indexes: no full scan of moves or balances, whatever the view', () => {
    const sqlite = env.db.$client;
    const WALKED = 'id, from_location_id AS fromLocationId, to_location_id AS toLocationId, quantity';
    const plan = (sql: string, ...params: unknown[]) =>
      (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
    const queries = [
      plan(`SELECT ${WALKED} FROM stock_moves WHERE to_location_id = 1 AND item_id = 1 UNION SELECT ${WALKED} FROM stock_moves WHERE from_location_id = 1 AND item_id = 1 ORDER BY id DESC LIMIT 51`),
      plan(`SELECT ${WALKED} FROM stock_moves WHERE item_id = ? ORDER BY id DESC LIMIT ?`, 1, 51),
      plan('SELECT COALESCE(SUM(quantity), 0) AS n FROM stock_balances WHERE item_id = ? AND location_id IN (SELECT value FROM json_each(?))', 1, '[1]'),
      plan('SELECT COALESCE(SUM(quantity), 0) AS n FROM stock_balances WHERE item_id = ?', 1),
      plan('SELECT * FROM stock_moves m WHERE m.id IN (SELECT value FROM json_each(?)) ORDER BY m.id DESC', '[1,2]'),
      plan('SELECT * FROM stock_balances sb JOIN stock_batches b ON b.id = sb.batch_id WHERE sb.item_id = ? AND sb.quantity > 0', 1),
    ];
    for (const detail of queries) {
      expect(detail).not.toMatch(/SCAN (stock_moves|stock_balances|m|sb)\b(?! USING)/);
      expect(detail).not.toMatch(/SCAN stock_moves$|SCAN stock_balances$/m);
    }
    // The page of one store's card is a merge of two ordered walks of covering indexes (no row read, no sort of the
    // item's history); the community card walks (item_id, id) the same way.
    expect(queries[0]).toMatch(/MERGE \(UNION\)/);
    expect(queries[0]).toMatch(/USING COVERING INDEX stock_moves_to_idx/);
    expect(queries[0]).toMatch(/USING COVERING INDEX stock_moves_from_idx/);
    expect(queries[0]).not.toMatch(/TEMP B-TREE/);
    expect(queries[1]).toMatch(/USING COVERING INDEX stock_moves_item_idx/);
  });
});

describe('stock.nearExpiry', () => {
  it('bands batches by the thresholds (≤1 / ≤3 / ≤6 months), lists the expired ones, with value', async () => {
    const { db } = env;
    const nearItem = insertItem(db, { name: '头孢克肟分散片', code: 'TS-TBKW', baseUnit: '片' });
    // "Today" in these tests is the wall clock; dates are relative to the community's date.
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const shift = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const cases = [
      ['E0', shift(-1)],
      ['E1', shift(20)],
      ['E3', shift(70)],
      ['E6', shift(150)],
      ['E9', shift(300)],
    ] as const;
    for (const [batchNo, expiry] of cases) receive(db, { itemId: nearItem, storeId: townStore, quantity: 24, batchNo, expiry });
    const list = await ok(db, 'stock.nearExpiry', {}, cli);
    const mine = list.rows.filter((r) => r.itemId === nearItem);
    expect(mine.map((r) => [r.batchNo, r.withinMonths, r.bandLabel])).toEqual([
      ['E0', null, '已过期'],
      ['E1', 1, '≤1个月'],
      ['E3', 3, '≤3个月'],
      ['E6', 6, '≤6个月'],
    ]);
    expect(mine[0]!.daysLeft).toBe(-1);
    expect(mine[1]!.valueText).toBe('12.50');
    expect(list.thresholds).toEqual([6, 3, 1]);
    expect(list.months).toBe(6);
    expect(list.bands.map((b) => b.label)).toEqual(['已过期', '≤1个月', '≤3个月', '≤6个月']);
    const within3 = await ok(db, 'stock.nearExpiry', { months: 3, includeExpired: false, unitId: townUnit }, cli);
    expect(within3.rows.filter((r) => r.itemId === nearItem).map((r) => r.batchNo)).toEqual(['E1', 'E3']);
    const town = await ok(db, 'stock.nearExpiry', {}, { sessionToken: pharmacist });
    expect(town.rows.every((r) => r.unitId === townUnit)).toBe(true);
  });
});

describe('stock.settings', () => {
  it('every stock reader reads them; only the pharmacy officer (stock.approve) changes them, audited', async () => {
    const { db } = env;
    expect((await ok(db, 'stock.settings.get', {}, { sessionToken: storekeeper })).settings.nearExpiryMonths).toEqual([6, 3, 1]);
    const denied = await call(db, 'stock.settings.update', { nearExpiryMonths: [2] }, { sessionToken: storekeeper });
    expect(!denied.ok && denied.error.code).toBe('FORBIDDEN');
    const bad = await call(db, 'stock.settings.update', { nearExpiryMonths: [3, 3], minShelfLifeMonths: { western: -1 } }, { sessionToken: officer });
    expect(!bad.ok && Object.fromEntries((bad.error.fields ?? []).map((f) => [f.path, f.message]))).toEqual({
      nearExpiryMonths: '近效期阈值不能重复',
      'minShelfLifeMonths.western': '最低剩余效期不能为负',
    });
    const updated = await ok(db, 'stock.settings.update', { nearExpiryMonths: [1, 12, 3], minShelfLifeMonths: { herbal: 3 } }, { sessionToken: officer });
    expect(updated.settings.nearExpiryMonths).toEqual([12, 3, 1]);
    expect(updated.settings.minShelfLifeMonths).toMatchObject({ herbal: 3, western: 6 });
    const audit = db.$client.prepare("SELECT summary FROM audit_log WHERE operation = 'stock.settings.update'").all() as { summary: string }[];
    expect(audit.length).toBe(1);
    expect(JSON.parse(audit[0]!.summary)).toMatchObject({ before: { nearExpiryMonths: [6, 3, 1] }, after: { nearExpiryMonths: [12, 3, 1] } });
    const list = await ok(db, 'stock.nearExpiry', {}, cli);
    expect([list.thresholds, list.months]).toEqual([[12, 3, 1], 12]);
    await ok(db, 'stock.settings.update', { nearExpiryMonths: [6, 3, 1] }, { sessionToken: officer });
  });
});

describe('xlsx exports', () => {
  it('every stock list names columns its rows have, in Chinese', async () => {
    const { db } = env;
    const outputs = {
      'stock.onHand': await ok(db, 'stock.onHand', {}, cli),
      'stock.ledger': await ok(db, 'stock.ledger', { itemId: item }, cli),
      'stock.nearExpiry': await ok(db, 'stock.nearExpiry', { months: 60 }, cli),
    } as const;
    for (const [name, output] of Object.entries(outputs)) {
      const spec = contractByName.get(name)!.export!;
      const rows = exportRows(spec, output);
      expect(rows.length, name).toBeGreaterThan(0);
      for (const column of spec.columns) {
        expect(column.key in rows[0]!, `${name}: ${column.key}`).toBe(true);
        expect(column.header).toMatch(/[\u4e00-\u9fa5]/);
      }
    }
  });
});

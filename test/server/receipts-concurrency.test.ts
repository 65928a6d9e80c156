import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supplierInput } from '../support/suppliers.js';
import { adminSession, callOp, userWithRole, startTestHub, type TestHub } from './helpers.js';

/**
 * Several storekeepers (each their own session) create and post receipts at the same time through a real hub:
 * no move is lost or doubled, balances equal the sum of the moves, and the RK numbers have no gaps.
 */
let hub: TestHub;
let clients: string[] = [];
let officer = '';
let supplierId = 0;
let storeId = 0;
let itemIds: number[] = [];

const ok = async <T = Record<string, unknown>>(name: string, input: unknown, cookie: string): Promise<T> => {
  const res = await callOp(hub, name, input, cookie);
  if (res.status !== 200) throw new Error(`${name} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
};

beforeAll(async () => {
  hub = await startTestHub();
  const admin = await adminSession(hub);
  const leadId = ((await ok<{ units: { id: number }[] }>('unit.list', {}, admin)).units[0]!).id;
  storeId = (await ok<{ stores: { id: number }[] }>('store.list', { unitId: leadId }, admin)).stores[0]!.id;
  officer = await userWithRole(hub, admin, 'officer', 'pharmacy_officer', leadId);
  clients = [];
  for (let i = 0; i < 4; i++) clients.push(await userWithRole(hub, admin, `keeper${i}`, 'storekeeper', leadId));
  supplierId = (await ok<{ supplier: { id: number } }>('supplier.create', supplierInput(7), officer)).supplier.id;
  itemIds = [];
  for (let i = 0; i < 3; i++) {
    const item = {
      genericName: `测试片${i}`,
      spec: `${i + 1}0mg`,
      manufacturer: '华北制药股份有限公司',
      approvalNo: `国药准字H1302396${i}`,
      category: 'western',
      baseUnit: '片',
      packs: [{ unit: '盒', factor: 10 }],
      purchaseUnit: '盒',
      issueUnit: '盒',
      levels: { county: true, township: true, village: true },
    };
    const { request } = await ok<{ request: { id: number } }>('changeRequest.propose', { kind: 'add', item, reason: '测试' }, officer);
    const decided = await ok<{ request: { itemId: number } }>('changeRequest.decide', { id: request.id, approve: true, resolutionNo: `R${i}`, resolutionDate: '2026-03-01' }, officer);
    itemIds.push(decided.request.itemId);
  }
}, 60_000);

afterAll(async () => hub?.dispose());

describe('receipts posted by several clients at once', () => {
  it('lose or double no move; balances are the sum of the moves; numbers are gap-free', async () => {
    const perClient = 6;
    let sequence = 0;
    const work = clients.map(async (cookie, c) => {
      const posted: number[] = [];
      for (let r = 0; r < perClient; r++) {
        const lines = itemIds.map((itemId, i) => ({
          itemId,
          batchNo: `C${c}R${r % 2}I${i}`,
          expiry: '2029-06',
          quantity: 10 * (i + 1),
          priceMicro: 5_000_000,
          traceCodes: [],
        }));
        const { receipt } = await ok<{ receipt: { id: number } }>('receipt.create', { supplierId, storeId, unplannedReason: '并发测试', lines }, cookie);
        const requestId = `conc-${c}-${r}-${++sequence}`;
        // The same request sent twice at once (a double click) posts once.
        const [a, b] = await Promise.all([
          callOp(hub, 'receipt.post', { id: receipt.id, requestId }, cookie),
          callOp(hub, 'receipt.post', { id: receipt.id, requestId }, cookie),
        ]);
        expect([a.status, b.status]).toEqual([200, 200]);
        expect(a.body).toEqual(b.body);
        posted.push(receipt.id);
      }
      return posted;
    });
    const posted = (await Promise.all(work)).flat();
    expect(posted).toHaveLength(clients.length * perClient);

    const db = hub.db.$client;
    const moves = db.prepare(`SELECT count(*) AS n, SUM(quantity) AS q FROM stock_moves WHERE change_type = '108'`).get() as { n: number; q: number };
    expect(moves.n).toBe(posted.length * itemIds.length);
    expect(moves.q).toBe(posted.length * (10 + 20 + 30));
    const drift = db
      .prepare(
        `SELECT b.batch_id, b.location_id, b.quantity, COALESCE(m.q, 0) AS moved FROM stock_balances b
         LEFT JOIN (SELECT batch_id, to_location_id AS location_id, SUM(quantity) AS q FROM stock_moves GROUP BY batch_id, to_location_id) m
           ON m.batch_id = b.batch_id AND m.location_id = b.location_id
         WHERE b.quantity <> COALESCE(m.q, 0)`,
      )
      .all();
    expect(drift).toEqual([]);
    const numbers = (db.prepare(`SELECT seq FROM documents WHERE series = 'RK' ORDER BY seq`).all() as { seq: number }[]).map((r) => r.seq);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
    const states = db.prepare(`SELECT state, count(*) AS n FROM documents WHERE type = 'receipt' GROUP BY state`).all();
    expect(states).toEqual([{ state: 'posted', n: posted.length }]);
  }, 120_000);

  it('exports the receipts grid as xlsx', async () => {
    const res = await fetch(`${hub.url}/api/export/receipt.list?input=${encodeURIComponent(JSON.stringify({ state: 'posted' }))}`, { headers: { cookie: clients[0]! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpOutput } from '../../core/api/index.js';
import { call, ok, userWithSession } from '../support/db.js';
import { AMOX_LIST_ID, COLD_LIST_ID, SUPPLIER_CODE, platformCommunity, platformFile, sentOrder, written, type PlatformCommunity, type ProfileName } from './platform-imports-support.js';

let env: PlatformCommunity;
let keeper: { sessionToken: string };
let officer: { sessionToken: string };
beforeAll(async () => {
  env = await platformCommunity();
  keeper = { sessionToken: env.keeper.token };
  officer = { sessionToken: env.officer };
}, 60_000);
afterAll(() => env?.dispose());

let seq = 0;
const shp = () => `SHP${String(++seq).padStart(6, '0')}`;

type Order = OpOutput<'purchaseOrder.send'>['order'];
/** One 配送明细 row of an order line: `packs` platform packs (1 盒 = 24 粒 for 阿莫西林). */
function shipmentRow(profile: ProfileName, order: Order, lineIndex: number, packs: number, extra: Record<string, string | number> = {}) {
  const line = order.lines[lineIndex]!;
  return {
    shpId: shp(),
    shpCode: 'PS-001',
    hospPurcDetlId: line.hospitalLineId,
    hospListId: line.itemId === env.amoxId ? AMOX_LIST_ID[profile] : COLD_LIST_ID[profile],
    shpCnt: packs,
    shpPric: 12_500_000,
    shpAmt: packs * 12_500_000,
    manuLotnum: 'B2601',
    expyEndtime: '2028-09-30',
    invoiceCode: '',
    invoiceId: '12345678901234567890',
    delventpCode: SUPPLIER_CODE[profile],
    ...extra,
  };
}

const receipt = async (id: number) => (await ok(env.db, 'receipt.get', { id }, keeper)).receipt;

describe('配送明细 import', () => {
  it('previews, then creates receipt drafts per order and delivery note with quantities, batches, prices and invoice numbers', async () => {
    const order = await sentOrder(env, 'national', [
      { itemId: env.amoxId, quantity: 240 },
      { itemId: env.coldId, quantity: 20 },
    ]);
    const rows = [
      shipmentRow('national', order, 0, 4, { manuLotnum: 'A1', expyEndtime: '2028-06-30' }),
      shipmentRow('national', order, 0, 2, { manuLotnum: 'A2' }),
      shipmentRow('national', order, 1, 5, { shpCode: 'PS-002', manuLotnum: 'C1', invoiceId: '09876543210987654321' }),
    ];
    const file = await platformFile('national', 'shipments_in', rows);
    const preview = await ok(env.db, 'platformImport.preview', file, keeper);
    expect(preview.rejected).toEqual([]);
    expect(preview.rowCount).toBe(3);
    expect(preview.changes.map((c) => [c.row, c.key, c.group])).toEqual([
      [2, rows[0]!.shpId, `订单 ${order.number} 配送单 PS-001`],
      [3, rows[1]!.shpId, `订单 ${order.number} 配送单 PS-001`],
      [4, rows[2]!.shpId, `订单 ${order.number} 配送单 PS-002`],
    ]);
    expect(preview.counts).toEqual({ receipts: 2, lines: 3 });
    const before = written(env);
    const done = await ok(env.db, 'platformImport.commit', file, keeper);
    expect(done.documents.map((d) => d.kind)).toEqual(['receipt', 'receipt']);
    const [first, second] = await Promise.all(done.documents.map((d) => receipt(d.id)));
    expect(first!.state).toBe('draft');
    expect(first!.orderId).toBe(order.id);
    expect(first!.lines.map((l) => [l.orderLineId, l.batchNo, l.expiry, l.quantity, l.priceMicro, l.packUnit, l.deliveryNoteNo, l.distributorInvoiceNo])).toEqual([
      [order.lines[0]!.id, 'A1', '2028-06-30', 96, 12_500_000, '盒', 'PS-001', '12345678901234567890'],
      [order.lines[0]!.id, 'A2', '2028-09-30', 48, 12_500_000, '盒', 'PS-001', '12345678901234567890'],
    ]);
    expect(second!.lines.map((l) => [l.orderLineId, l.batchNo, l.quantity, l.priceMicro, l.deliveryNoteNo, l.distributorInvoiceNo])).toEqual([
      [order.lines[1]!.id, 'C1', 5, 12_500_000, 'PS-002', '09876543210987654321'],
    ]);
    const lines = env.db.$client
      .prepare('SELECT shp_id AS shpId, quantity, platform_quantity AS packs, receipt_line_id AS receiptLineId, exchange_id AS exchangeId FROM platform_shipment_lines ORDER BY id')
      .all() as { shpId: string; quantity: number; packs: number; receiptLineId: number; exchangeId: number }[];
    expect(lines.map((l) => [l.shpId, l.quantity, l.packs, l.receiptLineId, l.exchangeId])).toEqual([
      [rows[0]!.shpId, 96, 4, first!.lines[0]!.id, done.exchangeId],
      [rows[1]!.shpId, 48, 2, first!.lines[1]!.id, done.exchangeId],
      [rows[2]!.shpId, 5, 5, second!.lines[0]!.id, done.exchangeId],
    ]);
    const after = written(env);
    expect(after.platform_exchanges! - before.platform_exchanges!).toBe(1);
    expect(after.receipts! - before.receipts!).toBe(2);
    // The file is logged among those read from the platform, not among those written for it.
    const incoming = (await ok(env.db, 'platformExchange.list', { direction: 'in', limit: 50 }, keeper)).exchanges;
    expect(incoming[0]).toMatchObject({ id: done.exchangeId, exchange: 'shipments_in', actorName: 'keeper' });
    expect(incoming[0]!.actorDisplayName).toBe('周库管');
    expect(incoming.every((e) => e.exchange.endsWith('_in'))).toBe(true);
    expect((await ok(env.db, 'platformExchange.list', { direction: 'out', limit: 50 }, keeper)).exchanges.map((e) => e.id)).not.toContain(done.exchangeId);

    // The same shpId again is refused, row and column named.
    const again = await call(env.db, 'platformImport.commit', file, keeper);
    expect(again.ok).toBe(false);
    const refused = await ok(env.db, 'platformImport.preview', file, keeper);
    expect(refused.rejected.map((p) => [p.row, p.column])).toEqual([
      [2, 'shpId'],
      [3, 'shpId'],
      [4, 'shpId'],
    ]);
    expect(refused.rejected[0]!.message).toContain('已于');
    expect(written(env)).toEqual(after);

    // The drafts count as awaited: more than the rest of the line is refused even before they are accepted.
    const more = await ok(env.db, 'platformImport.preview', await platformFile('national', 'shipments_in', [shipmentRow('national', order, 0, 5)]), keeper);
    expect(more.rejected.map((p) => [p.row, p.column])).toEqual([[2, 'shpCnt']]);
    expect(more.rejected[0]!.message).toContain('尚未到货的 96 粒');
  });

  it('reports every rejected row with its row and column, and one bad row writes nothing', async () => {
    const order = await sentOrder(env, 'national', [{ itemId: env.amoxId, quantity: 240 }]);
    const approvedOnly = (await ok(
      env.db,
      'purchaseOrder.approve',
      { id: (await ok(env.db, 'purchaseOrder.create', { supplierId: env.supplierId, storeId: env.centralStoreId, channel: 'platform', platformProfile: 'national', lines: [{ itemId: env.amoxId, quantity: 48, priceMicro: 12_500_000 }] }, officer)).order.id },
      officer,
    )).order;
    const good = shipmentRow('national', order, 0, 2);
    const rows = [
      good,
      { ...shipmentRow('national', order, 0, 1), hospPurcDetlId: 'NO-SUCH-LINE' },
      shipmentRow('national', order, 0, 1, { delventpCode: 'OTHER' }),
      shipmentRow('national', order, 0, 11),
      shipmentRow('national', order, 0, 1, { shpAmt: 99_000_000 }),
      { ...shipmentRow('national', order, 0, 1), shpId: good.shpId },
      shipmentRow('national', approvedOnly, 0, 1),
      shipmentRow('national', order, 0, 1, { expyEndtime: '' }),
    ];
    const file = await platformFile('national', 'shipments_in', rows);
    const preview = await ok(env.db, 'platformImport.preview', file, keeper);
    expect(preview.rejected.map((p) => [p.row, p.column])).toEqual([
      [3, 'hospPurcDetlId'],
      [4, 'delventpCode'],
      [5, 'shpCnt'],
      [6, 'shpAmt'],
      [7, 'shpId'],
      [8, 'hospPurcDetlId'],
      [9, 'expyEndtime'],
    ]);
    const messages = preview.rejected.map((p) => p.message);
    expect(messages[0]).toContain('不是本院的采购订单明细');
    expect(messages[1]).toContain('与订单');
    expect(messages[2]).toContain('超过');
    expect(messages[3]).toContain('不一致');
    expect(messages[4]).toContain('第 2 行和第 7 行');
    expect(messages[5]).toContain('尚未发送到平台');
    expect(preview.changes.map((c) => c.row)).toEqual([2]);
    const before = written(env);
    const result = await call(env.db, 'platformImport.commit', file, keeper);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('VALIDATION');
      expect(result.error.fields!.map((f) => f.path)).toEqual([
        'rows.3.hospPurcDetlId',
        'rows.4.delventpCode',
        'rows.5.shpCnt',
        'rows.6.shpAmt',
        'rows.7.shpId',
        'rows.8.hospPurcDetlId',
        'rows.9.expyEndtime',
      ]);
    }
    expect(written(env)).toEqual(before);
  });

  it('commits what the preview checked only while nothing was written since: a change in between is found again', async () => {
    // Twice the same file and preview; the first commit follows its preview at once, the second after the order was cancelled.
    const kept = await sentOrder(env, 'national', [{ itemId: env.amoxId, quantity: 48 }]);
    const keptFile = await platformFile('national', 'shipments_in', [shipmentRow('national', kept, 0, 2)]);
    expect((await ok(env.db, 'platformImport.preview', keptFile, keeper)).rejected).toEqual([]);
    const done = await ok(env.db, 'platformImport.commit', keptFile, keeper);
    expect((await receipt(done.documents[0]!.id)).lines.map((l) => [l.orderLineId, l.quantity])).toEqual([[kept.lines[0]!.id, 48]]);

    const cancelled = await sentOrder(env, 'national', [{ itemId: env.amoxId, quantity: 48 }]);
    const file = await platformFile('national', 'shipments_in', [shipmentRow('national', cancelled, 0, 2)]);
    expect((await ok(env.db, 'platformImport.preview', file, keeper)).rejected).toEqual([]);
    await ok(env.db, 'purchaseOrder.cancel', { id: cancelled.id, version: cancelled.version, reason: '平台撤单' }, officer);
    const before = written(env);
    const result = await call(env.db, 'platformImport.commit', file, keeper);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('VALIDATION');
      expect(result.error.fields!.map((f) => f.path)).toEqual(['rows.2.hospPurcDetlId']);
      expect(result.error.fields![0]!.message).toContain('不能再收货');
    }
    expect(written(env)).toEqual(before);
  });

  it('round-trips a file written through each starting profile (xlsx and csv), matching by the platform line id too', async () => {
    for (const profile of ['national', 'sichuan'] as const) {
      for (const format of ['xlsx', 'csv'] as const) {
        const order = await sentOrder(env, profile, [{ itemId: env.amoxId, quantity: 96 }]);
        const line = order.lines[0]!;
        const platformLineId = `ORD-${profile}-${format}-1`;
        await ok(env.db, 'purchaseOrder.recordPlatformFeedback', { id: order.id, orderCode: `ORD-${profile}-${format}`, lines: [{ lineId: line.id, platformLineId, lineState: '1' }] }, officer);
        const row = { ...shipmentRow(profile, order, 0, 4), hospPurcDetlId: '', ordDetlId: platformLineId };
        const file = await platformFile(profile, 'shipments_in', [row], format);
        const done = await ok(env.db, 'platformImport.commit', file, keeper);
        expect(done.rejected).toEqual([]);
        const r = await receipt(done.documents[0]!.id);
        expect(r.lines.map((l) => [l.orderLineId, l.quantity, l.batchNo, l.expiry])).toEqual([[line.id, 96, 'B2601', '2028-09-30']]);
      }
    }
  });
});

describe('挂网目录, 订单回执 and 结算单 imports', () => {
  it('appends 挂网价 rows only where the price differs and sets the platform id found by 医保代码', async () => {
    const priceRows = () => (env.db.$client.prepare("SELECT item_id AS itemId, price_micro AS price, effective_from AS f FROM item_prices WHERE kind = 'listed' ORDER BY id").all() as { itemId: number; price: number }[]);
    const before = priceRows().length;
    const rows = [
      // Same price as in force (12.50 per 盒 of 24): unchanged. By platform id.
      { hospListId: AMOX_LIST_ID.national, prodCode: 'X', pubonlnPric: 12_500_000, convrat: 24, delventpCode: SUPPLIER_CODE.national, delventpName: '清源医药' },
      // The insulin at a new price: a new row. By platform id.
      { hospListId: COLD_LIST_ID.national, prodCode: 'Y', pubonlnPric: 31_000_000, convrat: 1, delventpCode: SUPPLIER_CODE.national, delventpName: '清源医药' },
      // Unknown.
      { hospListId: 'NOPE', prodCode: 'NOPE', pubonlnPric: 1_000_000 },
    ];
    const file = await platformFile('national', 'catalogue_in', rows);
    const preview = await ok(env.db, 'platformImport.preview', file, officer);
    expect(preview.rejected.map((p) => [p.row, p.column])).toEqual([[4, 'hospListId']]);
    expect(preview.unchanged).toBe(1);
    expect(preview.changes.map((c) => c.row)).toEqual([3]);
    expect((await call(env.db, 'platformImport.commit', file, officer)).ok).toBe(false);
    expect(priceRows().length).toBe(before);

    // By 医保代码, with a new platform id and a price per 件-less pack: 0.60 per 粒 ×24 = 14.40 per 盒.
    const byCode = await platformFile('national', 'catalogue_in', [rows[1]!, { hospListId: 'HL-AMOX-NEW', prodCode: 'XJ01CAA001B001010101021', pubonlnPric: 600_000, convrat: 1 }]);
    const done = await ok(env.db, 'platformImport.commit', byCode, officer);
    expect(done.counts).toEqual({ items: 2, prices: 2, platformIds: 1 });
    const added = priceRows().slice(before);
    expect(added.map((p) => [p.itemId, p.price])).toEqual([
      [env.coldId, 31_000_000],
      [env.amoxId, 14_400_000],
    ]);
    const item = (await ok(env.db, 'formulary.get', { id: env.amoxId }, officer)).item;
    expect(item.platformIds.find((p) => p.profile === 'national')!.productId).toBe('HL-AMOX-NEW');
    expect(item.platformIds.find((p) => p.profile === 'sichuan')!.productId).toBe(AMOX_LIST_ID.sichuan);
    // Put it back for the other tests.
    await ok(env.db, 'platformImport.commit', await platformFile('national', 'catalogue_in', [{ hospListId: AMOX_LIST_ID.national, prodCode: 'XJ01CAA001B001010101021', pubonlnPric: 12_500_000, convrat: 24 }]), officer);
  });

  it('records order feedback through the order, the Sichuan states through its value map', async () => {
    const order = await sentOrder(env, 'sichuan', [{ itemId: env.amoxId, quantity: 48 }, { itemId: env.coldId, quantity: 4 }]);
    const rows = [
      { ordCode: 'SC-ORD-1', ordDetlId: 'SC-D-1', hospPurcDetlId: order.lines[0]!.hospitalLineId, lineState: 'received' },
      { ordCode: 'SC-ORD-1', ordDetlId: 'SC-D-2', hospPurcDetlId: order.lines[1]!.hospitalLineId, lineState: '5' },
    ];
    const file = await platformFile('sichuan', 'order_feedback_in', rows);
    const preview = await ok(env.db, 'platformImport.preview', file, officer);
    expect(preview.rejected).toEqual([]);
    expect(preview.changes.map((c) => c.change)).toEqual(['平台订单号 SC-ORD-1，明细ID SC-D-1，状态 已收货', '平台订单号 SC-ORD-1，明细ID SC-D-2，状态 已撤销']);
    await ok(env.db, 'platformImport.commit', file, officer);
    const after = (await ok(env.db, 'purchaseOrder.get', { id: order.id }, officer)).order;
    expect(after.orderCode).toBe('SC-ORD-1');
    expect(after.lines.map((l) => [l.feedback?.platformLineId, l.feedback?.lineState])).toEqual([
      ['SC-D-1', 'received'],
      ['SC-D-2', '5'],
    ]);
    const twice = await ok(env.db, 'platformImport.preview', file, officer);
    expect([twice.changes.length, twice.unchanged]).toEqual([0, 2]);
  });

  it('matches a settlement statement to the supplier and logs the reconciliation once', async () => {
    const rows = [
      { payOrdId: 'PAY-1', delventpCode: SUPPLIER_CODE.national, shppAmt: 10_000_000, retnAmt: 0 },
      { payOrdId: 'PAY-2', delventpCode: 'NOBODY', shppAmt: 10_000_000 },
    ];
    const preview = await ok(env.db, 'platformImport.preview', await platformFile('national', 'settlements_in', rows), officer);
    expect(preview.rejected.map((p) => [p.row, p.column])).toEqual([[3, 'delventpCode']]);
    expect(preview.changes[0]!.change).toContain('差额 10.00 元');
    const file = await platformFile('national', 'settlements_in', [rows[0]!]);
    await ok(env.db, 'platformImport.commit', file, officer);
    const again = await ok(env.db, 'platformImport.preview', file, officer);
    expect(again.rejected.map((p) => [p.row, p.column])).toEqual([[2, 'payOrdId']]);
  });
});

describe('who may import', () => {
  it('refuses a member pharmacist and the auditor, and a storekeeper the catalogue', async () => {
    const file = await platformFile('national', 'catalogue_in', [{ hospListId: AMOX_LIST_ID.national, prodCode: 'X', pubonlnPric: 12_500_000 }]);
    for (const token of [env.township, env.auditor]) {
      for (const op of ['platformImport.preview', 'platformImport.commit'] as const) {
        const result = await call(env.db, op, file, { sessionToken: token });
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.code).toBe('FORBIDDEN');
      }
    }
    const byKeeper = await call(env.db, 'platformImport.commit', file, keeper);
    expect(byKeeper.ok).toBe(false);
    if (!byKeeper.ok) expect(byKeeper.error.code).toBe('FORBIDDEN');
    const member = await userWithSession(env.db, env.admin, { username: 'finance1', displayName: '钱会计', role: 'finance', unitId: env.leadId });
    const shipments = await platformFile('national', 'shipments_in', []);
    const byFinance = await call(env.db, 'platformImport.commit', shipments, { sessionToken: member.token });
    expect(byFinance.ok).toBe(false);
    if (!byFinance.ok) expect(byFinance.error.code).toBe('FORBIDDEN');
  });
});

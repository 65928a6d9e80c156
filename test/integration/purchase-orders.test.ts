import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemFieldsInput, OpInput } from '../../core/api/index.js';
import type { OperationContext } from '../../core/context.js';
import { createDocument, defineDocumentType } from '../../core/documents/lifecycle.js';
import { orderLinesForReceiving, assertOrderReceivable } from '../../core/purchasing/progress.js';
import { CONSUMPTION_SQL } from '../../core/purchasing/suggestions.js';
import { batchFor, postMoves, storeLocationId } from '../../core/stock/ledger.js';
import { systemActor } from '../../core/system-actor.js';
import { inTransaction } from '../../core/transaction.js';
import { call, initialised, ok, userWithSession } from '../support/db.js';
import { supplierInput } from '../support/suppliers.js';

const env = await initialised();
afterAll(() => env.dispose());

const tokens: Record<string, string> = {};
const as = (who: string) => ({ sessionToken: tokens[who]! });
const ids = { lead: 0, central: 0, member: 0, memberStore: 0, otherMember: 0, otherStore: 0, leadPharmacy: 0 };
const items = { amox: 0, ibu: 0, suspended: 0, gauze: 0, platformOnly: 0, countyOnly: 0 };
const suppliers = { good: 0, other: 0, expired: 0 };

const ITEM = (overrides: Partial<ItemFieldsInput>): ItemFieldsInput => ({
  genericName: '阿莫西林胶囊',
  spec: '0.25g',
  dosageForm: '胶囊剂',
  manufacturer: '华北制药股份有限公司',
  approvalNo: '国药准字H13023964',
  category: 'western',
  baseUnit: '粒',
  packs: [{ unit: '盒', factor: 24 }],
  purchaseUnit: '盒',
  issueUnit: '盒',
  levels: { county: true, township: true, village: false },
  ...overrides,
});

const itemId = (spec: string) => (env.db.$client.prepare('SELECT id FROM formulary_items WHERE spec = ?').get(spec) as { id: number }).id;

beforeAll(async () => {
  const admin = { sessionToken: env.admin };
  ids.lead = (await ok(env.db, 'unit.list', {}, admin)).units[0]!.id;
  ids.central = (env.db.$client.prepare('SELECT id FROM stores WHERE is_central = 1').get() as { id: number }).id;
  ids.leadPharmacy = (await ok(env.db, 'store.create', { unitId: ids.lead, code: 'MZYF', name: '门诊药房' }, admin)).store.id;
  ids.member = (await ok(env.db, 'unit.create', { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' }, admin)).unit.id;
  ids.otherMember = (await ok(env.db, 'unit.create', { code: 'WS02', name: '白沙镇卫生院', kind: 'township_hospital' }, admin)).unit.id;
  ids.memberStore = (await ok(env.db, 'store.list', { unitId: ids.member }, admin)).stores[0]!.id;
  ids.otherStore = (await ok(env.db, 'store.list', { unitId: ids.otherMember }, admin)).stores[0]!.id;
  for (const [name, role, unitId] of [
    ['officer', 'pharmacy_officer', ids.lead],
    ['officer2', 'pharmacy_officer', ids.lead],
    ['keeper', 'storekeeper', ids.lead],
    ['member', 'member_pharmacist', ids.member],
  ] as const) {
    tokens[name] = (await userWithSession(env.db, env.admin, { username: name, displayName: `测试${name}`, role, unitId })).token;
  }
  const price = (priceMicro: number, kind: 'listed' | 'limit' | 'vbp' = 'listed') => ({ kind, priceMicro, effectiveFrom: '2026-01-01' });
  await ok(
    env.db,
    'changeRequest.adoptBatch',
    {
      reason: '测试目录',
      resolutionNo: 'YSH-T1',
      resolutionDate: '2026-01-01',
      items: [
        { item: ITEM({}), prices: [price(12_500_000)] },
        { item: ITEM({ genericName: '布洛芬缓释胶囊', spec: '0.3g', approvalNo: '国药准字H10900089' }), prices: [price(8_000_000)] },
        {
          item: ITEM({
            genericName: '头孢克肟片',
            spec: '0.1g',
            approvalNo: '国药准字H20030001',
            baseUnit: '片',
            packs: [{ unit: '盒', factor: 6 }],
          }),
          prices: [price(20_000_000)],
        },
        {
          item: ITEM({
            genericName: '医用脱脂纱布',
            spec: '8cm×10cm',
            category: 'consumable',
            approvalNo: '',
            baseUnit: '片',
            packs: [{ unit: '包', factor: 10 }],
            purchaseUnit: '包',
            issueUnit: '包',
          }),
          prices: [price(5_000_000), price(4_000_000, 'limit')],
        },
        {
          item: ITEM({
            genericName: '注射用头孢曲松钠',
            spec: '1g',
            dosageForm: '注射剂',
            approvalNo: '国药准字H20000002',
            baseUnit: '支',
            packs: [{ unit: '盒', factor: 10 }],
            levels: { county: true, township: false, village: false },
          }),
          prices: [price(30_000_000)],
        },
        {
          item: ITEM({
            genericName: '奥美拉唑肠溶胶囊',
            spec: '20mg',
            approvalNo: '国药准字H20033130',
            packs: [{ unit: '盒', factor: 14 }],
          }),
          prices: [price(9_000_000)],
        },
      ],
    },
    as('officer'),
  );
  items.amox = itemId('0.25g');
  items.ibu = itemId('0.3g');
  items.suspended = itemId('0.1g');
  items.gauze = itemId('8cm×10cm');
  items.platformOnly = itemId('20mg');
  items.countyOnly = itemId('1g');
  const { request } = await ok(
    env.db,
    'changeRequest.propose',
    { kind: 'suspend', itemId: items.suspended, reason: '停产' },
    as('officer'),
  );
  await ok(
    env.db,
    'changeRequest.decide',
    { id: request.id, approve: true, resolutionNo: 'YSH-T2', resolutionDate: '2026-02-01' },
    as('officer'),
  );
  await ok(
    env.db,
    'formulary.setPlatformIds',
    {
      itemId: items.platformOnly,
      platformIds: [{ profile: 'national-tps', productId: 'P20033130', distributors: [{ name: '白沙医药', code: 'PS2' }] }],
    },
    as('officer'),
  );
  await ok(
    env.db,
    'formulary.setPlatformIds',
    { itemId: items.amox, platformIds: [{ profile: 'national-tps', productId: 'P13023964' }] },
    as('officer'),
  );

  suppliers.good = (await ok(env.db, 'supplier.create', supplierInput(1), as('officer'))).supplier.id;
  suppliers.other = (await ok(env.db, 'supplier.create', supplierInput(2, { name: '白沙医药有限公司' }), as('officer'))).supplier.id;
  suppliers.expired = (
    await ok(
      env.db,
      'supplier.create',
      supplierInput(3, {
        name: '过期医药有限公司',
        qualifications: [
          { kind: 'business_licence', number: 'YYZZ3', expiresOn: null },
          { kind: 'drug_trade_licence', number: '浙AA5713', expiresOn: '2026-01-31' },
        ],
      }),
      as('officer'),
    )
  ).supplier.id;
});

const orderInput = (overrides: Partial<OpInput<'purchaseOrder.create'>> = {}): OpInput<'purchaseOrder.create'> => ({
  supplierId: suppliers.good,
  storeId: ids.central,
  lines: [
    { itemId: items.amox, quantity: 240, priceMicro: 12_000_000 },
    { itemId: items.ibu, quantity: 48, priceMicro: 8_000_000 },
  ],
  ...overrides,
});

async function refusal(input: unknown, who = 'officer', name: 'purchaseOrder.create' | 'purchaseOrder.approve' = 'purchaseOrder.create') {
  const result = await call(env.db, name, input, as(who));
  if (result.ok) throw new Error(`expected ${name} to be refused`);
  return result.error;
}

describe('purchase orders', () => {
  it('create → approve → send, with the platform fields on every line and numbers in series', async () => {
    const { order } = await ok(
      env.db,
      'purchaseOrder.create',
      orderInput({ platformProfile: 'national-tps', lines: [{ itemId: items.amox, quantity: 240, priceMicro: 12_000_000 }] }),
      as('officer'),
    );
    expect(order).toMatchObject({
      status: 'draft',
      stateLabel: '草稿',
      version: 1,
      supplierName: '清源医药有限公司1',
      storeName: '中心药库',
      direct: false,
      channel: 'platform',
    });
    expect(order.number).toMatch(/^CG\d{4}-\d{6}$/);
    const [line] = order.lines;
    expect(line).toMatchObject({
      genericName: '阿莫西林胶囊',
      spec: '0.25g',
      quantity: 240,
      packUnit: '盒',
      packFactor: 24,
      packQuantity: 10,
      amountMicro: 120_000_000,
      ceilingMicro: 12_500_000,
      platformProductId: 'P13023964',
      supplierPlatformCode: 'PS1',
      platformQuantity: 10,
      hospitalLineId: `${order.number}-001`,
      received: 0,
      outstanding: 240,
    });
    expect(order.totalMicro).toBe(120_000_000);

    const approved = await ok(env.db, 'purchaseOrder.approve', { id: order.id }, as('officer'));
    expect(approved.order.status).toBe('approved');
    expect(approved.order.approvedBy).toBe('测试officer');
    const sent = await ok(env.db, 'purchaseOrder.send', { id: order.id, version: approved.order.version }, as('officer'));
    expect(sent.order.status).toBe('sent');

    const got = await ok(env.db, 'purchaseOrder.get', { id: order.id }, as('keeper'));
    expect(got.events.map((e) => e.transition)).toEqual(['create', 'approve', 'send']);
    expect(got.order.lines[0]!.id).toBe(line!.id);
    expect(orderLinesForReceiving(env.db, order.id)[0]).toMatchObject({ ordered: 240, received: 0, outstanding: 240, packFactor: 24 });
    expect(() => assertOrderReceivable(env.db, order.id, 'orderId')).not.toThrow();

    const feedback = await ok(
      env.db,
      'purchaseOrder.recordPlatformFeedback',
      { id: order.id, orderCode: 'ORD-001', lines: [{ hospitalLineId: line!.hospitalLineId, platformLineId: 'D-1', lineState: '1' }] },
      as('officer'),
    );
    expect(feedback.order.orderCode).toBe('ORD-001');
    expect(feedback.order.lines[0]!.feedback).toMatchObject({
      orderCode: 'ORD-001',
      platformLineId: 'D-1',
      lineState: '1',
      lineStateText: '待发货',
    });
    const again = await ok(
      env.db,
      'purchaseOrder.recordPlatformFeedback',
      { id: order.id, orderCode: 'ORD-001', lines: [{ lineId: line!.id, platformLineId: 'D-1', lineState: '2' }] },
      as('officer'),
    );
    expect(again.order.lines[0]!.feedback!.lineStateText).toBe('全部发货');
    expect((env.db.$client.prepare('SELECT count(*) AS n FROM purchase_order_platform_feedback').get() as { n: number }).n).toBe(2);
  });

  it('numbers are gap-free: a refused create takes no number', async () => {
    const before = (await ok(env.db, 'purchaseOrder.create', orderInput(), as('officer'))).order.number;
    await refusal(orderInput({ lines: [{ itemId: items.suspended, quantity: 6, priceMicro: 1 }] }));
    const after = (await ok(env.db, 'purchaseOrder.create', orderInput(), as('officer'))).order.number;
    const seq = (n: string) => Number(n.slice(-6));
    expect(seq(after)).toBe(seq(before) + 1);
    const all = (env.db.$client.prepare("SELECT seq FROM documents WHERE series = 'CG' ORDER BY seq").all() as { seq: number }[]).map(
      (r) => r.seq,
    );
    expect(all).toEqual(all.map((_, i) => i + 1));
  });

  it('refuses an item that is not 在用, on its line', async () => {
    const error = await refusal(
      orderInput({
        lines: [
          { itemId: items.amox, quantity: 24, priceMicro: 12_000_000 },
          { itemId: items.suspended, quantity: 6, priceMicro: 20_000_000 },
        ],
      }),
    );
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toContainEqual({ path: 'lines.1.itemId', message: '「头孢克肟片 0.1g」当前为「暂停采购」，只能采购在用品种' });
  });

  it('refuses a supplier whose licence has expired, and one the platform does not list for the item', async () => {
    const expired = await refusal(orderInput({ supplierId: suppliers.expired }));
    expect(expired.fields?.[0]?.path).toBe('supplierId');
    expect(expired.fields?.[0]?.message).toContain('药品经营许可证已于 2026-01-31 过期');

    const notListed = await refusal(
      orderInput({ platformProfile: 'national-tps', lines: [{ itemId: items.platformOnly, quantity: 14, priceMicro: 9_000_000 }] }),
    );
    expect(notListed.fields).toEqual([
      {
        path: 'lines.0.itemId',
        message: '供应商「清源医药有限公司1」不是「奥美拉唑肠溶胶囊 20mg」在平台 national-tps 上的配送企业（可选：白沙医药）',
      },
    ]);
    const listed = await ok(
      env.db,
      'purchaseOrder.create',
      orderInput({
        supplierId: suppliers.other,
        platformProfile: 'national-tps',
        lines: [{ itemId: items.platformOnly, quantity: 14, priceMicro: 9_000_000 }],
      }),
      as('officer'),
    );
    expect(listed.order.lines[0]).toMatchObject({ supplierPlatformCode: 'PS2', platformProductId: 'P20033130', platformQuantity: 1 });
  });

  it('refuses a price above the 挂网价 (限价 for consumables) without a reason, and keeps the reason and the ceiling', async () => {
    const error = await refusal(orderInput({ lines: [{ itemId: items.amox, quantity: 24, priceMicro: 12_600_000 }] }));
    expect(error.fields).toEqual([{ path: 'lines.0.priceMicro', message: '单价 12.60 元/盒高于挂网价 12.50 元/盒，须填写超限价原因' }]);
    const gauze = await refusal(orderInput({ lines: [{ itemId: items.gauze, quantity: 10, priceMicro: 4_500_000 }] }));
    expect(gauze.fields).toEqual([{ path: 'lines.0.priceMicro', message: '单价 4.50 元/包高于限价 4.00 元/包，须填写超限价原因' }]);
    const { order } = await ok(
      env.db,
      'purchaseOrder.create',
      orderInput({ lines: [{ itemId: items.amox, quantity: 24, priceMicro: 12_600_000, priceReason: '短缺 平台无货' }] }),
      as('officer'),
    );
    expect(order.lines[0]).toMatchObject({ priceReason: '短缺 平台无货', ceilingMicro: 12_500_000 });
  });

  it('refuses a quantity that is not whole purchase packs', async () => {
    const error = await refusal(orderInput({ lines: [{ itemId: items.amox, quantity: 250, priceMicro: 12_000_000 }] }));
    expect(error.fields).toEqual([
      { path: 'lines.0.quantity', message: '「阿莫西林胶囊 0.25g」按盒采购（1 盒 = 24 粒），250 粒（10 盒 + 10 粒）不是整盒' },
    ]);
  });

  it('refuses a store of the lead hospital that is not the central store', async () => {
    const error = await refusal(orderInput({ storeId: ids.leadPharmacy }));
    expect(error.fields?.[0]?.path).toBe('storeId');
  });

  it('an offline order needs a reason and a second person to approve it', async () => {
    const noReason = await refusal(orderInput({ channel: 'offline' }));
    expect(noReason.fields).toEqual([
      { path: 'channelReason', message: '线下采购须填写原因（计入网上采购率统计，并须由编制人以外的人审核）' },
    ]);
    const { order } = await ok(
      env.db,
      'purchaseOrder.create',
      orderInput({ channel: 'emergency', channelReason: '急诊抢救 平台缺货' }),
      as('officer'),
    );
    const byCreator = await refusal({ id: order.id }, 'officer', 'purchaseOrder.approve');
    expect(byCreator).toMatchObject({
      code: 'VALIDATION',
      fields: [{ path: 'id', message: `应急采购订单须由编制人以外的人审核（${order.number} 由您本人编制）` }],
    });
    const approved = await ok(env.db, 'purchaseOrder.approve', { id: order.id }, as('officer2'));
    expect(approved.order).toMatchObject({
      status: 'approved',
      approvedBy: '测试officer2',
      channel: 'emergency',
      channelReason: '急诊抢救 平台缺货',
    });
    const listed = await ok(env.db, 'purchaseOrder.list', { channel: 'emergency' }, as('keeper'));
    expect(listed.orders.map((o) => o.id)).toContain(order.id);
    expect(listed.orders.find((o) => o.id === order.id)!.channelText).toBe('应急采购');
  });

  it('a stale version is a CONFLICT; update replaces the lines of a draft only', async () => {
    const { order } = await ok(env.db, 'purchaseOrder.create', orderInput(), as('officer'));
    const updated = await ok(
      env.db,
      'purchaseOrder.update',
      { ...orderInput({ lines: [{ itemId: items.ibu, quantity: 96, priceMicro: 7_900_000 }] }), id: order.id, version: 1 },
      as('officer'),
    );
    expect(updated.order.version).toBe(2);
    expect(updated.order.lines.map((l) => [l.genericName, l.quantity])).toEqual([['布洛芬缓释胶囊', 96]]);
    const stale = await call(env.db, 'purchaseOrder.update', { ...orderInput(), id: order.id, version: 1 }, as('officer'));
    expect(!stale.ok && stale.error.code).toBe('CONFLICT');
    expect(!stale.ok && stale.error.fields?.[0]?.path).toBe('version');
    const staleApprove = await call(env.db, 'purchaseOrder.approve', { id: order.id, version: 1 }, as('officer'));
    expect(!staleApprove.ok && staleApprove.error.code).toBe('CONFLICT');
    await ok(env.db, 'purchaseOrder.approve', { id: order.id, version: 2 }, as('officer'));
    const late = await call(env.db, 'purchaseOrder.update', { ...orderInput(), id: order.id, version: 3 }, as('officer'));
    expect(!late.ok && late.error.code).toBe('CONFLICT');
    const audit = env.db.$client
      .prepare("SELECT summary FROM audit_log WHERE operation = 'purchaseOrder.update' ORDER BY seq DESC LIMIT 1")
      .get() as { summary: string };
    expect(audit.summary).toContain('7.90');
  });

  it('the lines of an approved order are immutable in the database too', async () => {
    const { order } = await ok(env.db, 'purchaseOrder.create', orderInput(), as('officer'));
    await ok(env.db, 'purchaseOrder.approve', { id: order.id }, as('officer'));
    expect(() => env.db.$client.prepare('UPDATE purchase_order_lines SET quantity = 1 WHERE document_id = ?').run(order.id)).toThrow(
      /posted/,
    );
    expect(() => env.db.$client.prepare('DELETE FROM purchase_order_lines WHERE document_id = ?').run(order.id)).toThrow(/posted/);
    expect(() => env.db.$client.prepare("UPDATE purchase_orders SET note = 'x' WHERE document_id = ?").run(order.id)).toThrow(/posted/);
  });

  it('cancel needs a reason; discard closes a draft', async () => {
    const { order } = await ok(env.db, 'purchaseOrder.create', orderInput(), as('officer'));
    const discarded = await ok(env.db, 'purchaseOrder.discard', { id: order.id }, as('officer'));
    expect(discarded.order.status).toBe('discarded');
    const second = (await ok(env.db, 'purchaseOrder.create', orderInput(), as('officer'))).order;
    await ok(env.db, 'purchaseOrder.approve', { id: second.id }, as('officer'));
    const noReason = await call(env.db, 'purchaseOrder.cancel', { id: second.id, reason: ' ' }, as('officer'));
    expect(!noReason.ok && noReason.error.fields?.[0]?.path).toBe('reason');
    const cancelled = await ok(env.db, 'purchaseOrder.cancel', { id: second.id, reason: '供应商无货' }, as('officer'));
    expect(cancelled.order.status).toBe('cancelled');
    expect(() => assertOrderReceivable(env.db, second.id, 'orderId')).toThrow(/已撤销/);
  });

  it('a member pharmacist sees only the 直配 orders to their own unit', async () => {
    const mine = (await ok(env.db, 'purchaseOrder.create', orderInput({ storeId: ids.memberStore }), as('officer'))).order;
    expect(mine).toMatchObject({ direct: true, unitName: '青石镇卫生院' });
    const theirs = (await ok(env.db, 'purchaseOrder.create', orderInput({ storeId: ids.otherStore }), as('officer'))).order;
    const listed = await ok(env.db, 'purchaseOrder.list', {}, as('member'));
    expect(listed.orders.map((o) => o.id)).toEqual([mine.id]);
    expect(listed.total).toBe(1);
    expect((await ok(env.db, 'purchaseOrder.get', { id: mine.id }, as('member'))).order.id).toBe(mine.id);
    const other = await call(env.db, 'purchaseOrder.get', { id: theirs.id }, as('member'));
    expect(!other.ok && other.error.code).toBe('FORBIDDEN');
    // 直配 only of items in the member's level sub-catalogue.
    const countyOnly = await refusal(
      orderInput({ storeId: ids.memberStore, lines: [{ itemId: items.countyOnly, quantity: 10, priceMicro: 30_000_000 }] }),
    );
    expect(countyOnly.fields).toEqual([
      { path: 'lines.0.itemId', message: '「注射用头孢曲松钠 1g」不在乡级目录中，不能直配到「青石镇卫生院」' },
    ]);
    const officerList = await ok(env.db, 'purchaseOrder.list', { pageSize: 2 }, as('officer'));
    expect(officerList.orders).toHaveLength(2);
    expect(officerList.total).toBeGreaterThan(5);
  });
});

/* ───────────── suggestions ───────────── */

const slip = defineDocumentType({
  type: 'po_test_slip',
  label: '测试出库单',
  series: 'QT',
  createPermission: 'stock.adjust',
  initial: 'draft',
  states: { draft: { label: '草稿' }, posted: { label: '已过账', posted: true } },
  transitions: { post: { label: '过账', from: ['draft'], to: 'posted', permission: 'stock.adjust', posts: true } },
});

function ctxAt(now: Date): OperationContext {
  return {
    db: env.db,
    now,
    actor: systemActor('cli'),
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

/** Receives `quantity` of an item into the central store, then issues `issued` out of it (107), at `at`. */
function ledger(item: number, received: number, issues: { quantity: number; at: string }[]) {
  const location = storeLocationId(env.db, ids.central);
  inTransaction(env.db.$client, true, () => {
    const ctx = ctxAt(new Date('2026-08-01T00:00:00Z'));
    const documentId = createDocument(ctx, slip).id;
    const batchId = batchFor(ctx, {
      itemId: item,
      batchNo: `B${item}`,
      productionDate: null,
      expiry: '2029-12-31',
      costMicro: 8_000_000,
      costUnit: '盒',
      costPackFactor: 24,
      supplierId: suppliers.other,
    });
    postMoves(ctx, [
      {
        itemId: item,
        batchId,
        fromLocationId: null,
        toLocationId: location,
        quantity: received,
        changeType: '106',
        documentId,
        documentLineId: null,
      },
    ]);
    for (const issue of issues) {
      postMoves(ctxAt(new Date(issue.at)), [
        {
          itemId: item,
          batchId,
          fromLocationId: location,
          toLocationId: null,
          quantity: issue.quantity,
          changeType: '107',
          documentId,
          documentLineId: null,
        },
      ]);
    }
  });
}

describe('purchase suggestions', () => {
  it('average consumption over 3 months, on hand, on order → whole purchase packs; grouped into orders by supplier', async () => {
    const now = new Date('2026-12-01T02:00:00Z');
    // 布洛芬 (24 粒/盒): 900 received; 300 + 300 issued in the window, 500 before it (not counted) → avg 200/month.
    ledger(items.ibu, 1_300, [
      { quantity: 500, at: '2026-08-15T00:00:00Z' },
      { quantity: 300, at: '2026-09-15T00:00:00Z' },
      { quantity: 300, at: '2026-11-15T00:00:00Z' },
    ]);
    const first = await ok(env.db, 'purchaseOrder.suggestions', { all: true }, { ...as('officer'), now });
    expect(first).toMatchObject({ storeName: '中心药库', months: 3, minMonths: 1, maxMonths: 2 });
    const ibu = first.rows.find((r) => r.itemId === items.ibu)!;
    // On hand 200 and on order: the approved central-store orders of the tests above that still have 布洛芬 outstanding.
    const onOrder = ibu.onOrder;
    expect(ibu).toMatchObject({
      consumed: 600,
      avgMonthly: 200,
      onHand: 200,
      packFactor: 24,
      packUnit: '盒',
      supplierId: expect.any(Number),
    });
    expect(onOrder).toBeGreaterThan(0);
    // Below 1 month (200) → up to 2 months (400), in whole boxes; else nothing.
    expect(ibu.suggested).toBe(200 + onOrder < 200 ? Math.ceil((400 - 200 - onOrder) / 24) * 24 : 0);

    // A fresh item with no orders: 奥美拉唑 (14 粒/盒), avg 100/month, 50 on hand → 200 − 50 = 150 → 11 盒 = 154.
    ledger(items.platformOnly, 350, [
      { quantity: 150, at: '2026-10-01T00:00:00Z' },
      { quantity: 150, at: '2026-11-20T00:00:00Z' },
    ]);
    const withEverything = await ok(env.db, 'purchaseOrder.suggestions', { all: true }, { ...as('officer'), now });
    const omep = withEverything.rows.find((r) => r.itemId === items.platformOnly)!;
    expect(omep).toMatchObject({
      consumed: 300,
      avgMonthly: 100,
      onHand: 50,
      needs: 0,
      suggested: 154,
      suggestedPacks: 11,
      monthsOfStock: 0.5,
    });
    // Its last order was to 白沙医药 (the platform test above); that order is a draft, so nothing is on order.
    expect(omep.supplierSource).toBe('order');
    // Tighter limits: below 0.25 months nothing is suggested.
    const relaxed = await ok(env.db, 'purchaseOrder.suggestions', { minMonths: 0.25, maxMonths: 1 }, { ...as('officer'), now });
    expect(relaxed.rows.find((r) => r.itemId === items.platformOnly)).toBeUndefined();

    const created = await ok(
      env.db,
      'purchaseOrder.createFromSuggestions',
      {
        storeId: ids.central,
        lines: [
          { itemId: items.platformOnly, quantity: 154, supplierId: suppliers.other, priceMicro: 9_000_000 },
          { itemId: items.ibu, quantity: 240, supplierId: suppliers.good, priceMicro: 8_000_000 },
          { itemId: items.amox, quantity: 48, supplierId: suppliers.other, priceMicro: 12_000_000 },
        ],
      },
      as('officer'),
    );
    expect(created.orders.map((o) => [o.supplierName, o.lines.map((l) => l.genericName)])).toEqual([
      ['白沙医药有限公司', ['奥美拉唑肠溶胶囊', '阿莫西林胶囊']],
      ['清源医药有限公司1', ['布洛芬缓释胶囊']],
    ]);
    expect(created.orders.every((o) => o.status === 'draft')).toBe(true);

    // A refusal names the line as the caller sent it, and creates nothing.
    const before = (env.db.$client.prepare("SELECT count(*) AS n FROM documents WHERE series = 'CG'").get() as { n: number }).n;
    const refused = await call(
      env.db,
      'purchaseOrder.createFromSuggestions',
      {
        storeId: ids.central,
        lines: [
          { itemId: items.ibu, quantity: 24, supplierId: suppliers.good, priceMicro: 8_000_000 },
          { itemId: items.amox, quantity: 25, supplierId: suppliers.other, priceMicro: 12_000_000 },
        ],
      },
      as('officer'),
    );
    expect(!refused.ok && refused.error.fields?.[0]?.path).toBe('lines.1.quantity');
    expect((env.db.$client.prepare("SELECT count(*) AS n FROM documents WHERE series = 'CG'").get() as { n: number }).n).toBe(before);
  });
});

describe('receiving moves the order along', () => {
  it('部分到货 after the first delivery, 已完成 after the second, back to 部分到货 when it is reversed; on order follows', async () => {
    const { order } = await ok(
      env.db,
      'purchaseOrder.create',
      orderInput({ lines: [{ itemId: items.amox, quantity: 240, priceMicro: 12_000_000 }] }),
      as('officer'),
    );
    await ok(env.db, 'purchaseOrder.approve', { id: order.id }, as('officer'));
    const lineId = order.lines[0]!.id;
    const receive = async (quantity: number, batchNo: string) => {
      const { receipt } = await ok(
        env.db,
        'receipt.create',
        {
          supplierId: suppliers.good,
          storeId: ids.central,
          orderId: order.id,
          lines: [
            { itemId: items.amox, orderLineId: lineId, batchNo, expiry: '2029-12', quantity, priceMicro: 12_000_000, traceCodes: [] },
          ],
        },
        as('keeper'),
      );
      await ok(env.db, 'receipt.post', { id: receipt.id, requestId: `po-test-${batchNo}` }, as('keeper'));
      return receipt.id;
    };
    await receive(96, 'A1');
    let got = (await ok(env.db, 'purchaseOrder.get', { id: order.id }, as('officer'))).order;
    expect(got).toMatchObject({ status: 'partly_received' });
    expect(got.lines[0]).toMatchObject({ received: 96, outstanding: 144 });
    const second = await receive(144, 'A2');
    got = (await ok(env.db, 'purchaseOrder.get', { id: order.id }, as('officer'))).order;
    expect(got).toMatchObject({ status: 'completed' });
    expect(got.lines[0]).toMatchObject({ received: 240, outstanding: 0 });
    await ok(env.db, 'receipt.reverse', { id: second, reason: '批号录错', requestId: 'po-test-rev-A2' }, as('keeper'));
    const after = await ok(env.db, 'purchaseOrder.get', { id: order.id }, as('officer'));
    expect(after.order).toMatchObject({ status: 'partly_received' });
    expect(after.order.lines[0]).toMatchObject({ received: 96, outstanding: 144 });
    expect(after.events.map((e) => e.transition)).toEqual(['create', 'approve', 'receive_part', 'receive_all', 'receive_part']);
  });
});

describe('query plans', () => {
  it("the consumption of a store's items reads moves through an index, not a scan of the ledger", () => {
    const plan = (
      env.db.$client.prepare(`EXPLAIN QUERY PLAN ${CONSUMPTION_SQL}`).all({ since: '2026-09-01T00:00:00.000Z', locationId: 1 }) as {
        detail: string;
      }[]
    )
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toMatch(/stock_moves USING (COVERING )?INDEX (stock_moves_type_at_idx|stock_moves_from_idx)/);
    expect(plan).not.toMatch(/SCAN stock_moves(?! USING)/);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpInput, OpOutput } from '../../core/api/index.js';
import { builtinProfiles } from '../../core/platform/builtin.js';
import { readExchange } from '../../core/platform/codec.js';
import { runCli } from '../../server/cli.js';
import { call, ok, userWithSession } from '../support/db.js';
import { codes, receivingCommunity, type ReceivingCommunity } from '../support/receiving.js';
import { supplierInput } from '../support/suppliers.js';

let env: ReceivingCommunity;
let codedSupplierId = 0;
let auditor = '';
let member = '';
const as = (token: string) => ({ sessionToken: token });
const officer = () => as(env.officer);
const keeper = () => as(env.keeper.token);
let requestSeq = 0;
const requestId = () => `platform-${++requestSeq}`;
const PERIOD = { from: '2000-01-01', to: '2099-12-31' };
const national = () => builtinProfiles().find((p) => p.name === 'national')!;
const exchanges = () => (env.db.$client.prepare('SELECT count(*) AS n FROM platform_exchanges').get() as { n: number }).n;

async function read(output: OpOutput<'platform.exportOrders'>, exchange: Parameters<typeof readExchange>[1], format = 'xlsx') {
  const profile = (await ok(env.db, 'platformProfile.get', { name: 'national' }, keeper())).profile;
  const result = await readExchange(profile, exchange, Buffer.from(output.contentBase64, 'base64'), `f.${format}`);
  expect(result.problems).toEqual([]);
  return result.rows.map((r) => r.values);
}

function refusal(result: Awaited<ReturnType<typeof call>>) {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

beforeAll(async () => {
  env = await receivingCommunity();
  codedSupplierId = (
    await ok(env.db, 'supplier.create', supplierInput(5, { platformCodes: [{ profile: 'national', code: 'PS-5' }] }), officer())
  ).supplier.id;
  await ok(env.db, 'formulary.setPlatformIds', { itemId: env.amoxId, platformIds: [{ profile: 'national', productId: 'HL-AMOX' }, { profile: 'national-tps', productId: 'P13023964' }] }, officer());
  await ok(env.db, 'formulary.setPlatformIds', { itemId: env.coldId, platformIds: [{ profile: 'national', productId: 'HL-COLD' }] }, officer());
  await ok(env.db, 'formulary.setTracing', { itemId: env.amoxId, tracePrefix: '' }, officer());
  auditor = (await userWithSession(env.db, env.admin, { username: 'auditor1', displayName: '钱审计', role: 'auditor', unitId: env.leadId })).token;
  member = (await userWithSession(env.db, env.admin, { username: 'member1', displayName: '孙药师', role: 'member_pharmacist', unitId: env.townshipId })).token;
}, 60_000);
afterAll(() => env?.dispose());

describe('platform profiles', () => {
  it('lists the built-ins until saved; a save is validated, versioned, audited; a stale save is CONFLICT', async () => {
    const { profiles } = await ok(env.db, 'platformProfile.list', {}, keeper());
    expect(profiles.map((p) => [p.name, p.version, p.builtIn, p.problems.length])).toEqual([
      ['national', 0, true, 0],
      ['sichuan', 0, true, 0],
    ]);
    const input: OpInput<'platformProfile.save'> = {
      ...national(),
      account: { medinsCode: '', conerName: '周库管', conerTel: '0571-88880000', invottl: '清源县人民医院', addresses: [{ storeId: env.centralStoreId, addrId: 'ADDR-1' }] },
      version: 0,
    };
    const auditBefore = (env.db.$client.prepare("SELECT count(*) AS n FROM audit_log WHERE target = 'settings:platformProfile:national'").get() as { n: number }).n;
    const saved = (await ok(env.db, 'platformProfile.save', input, officer())).profile;
    expect(saved).toMatchObject({ name: 'national', version: 1, builtIn: true });
    expect((env.db.$client.prepare("SELECT count(*) AS n FROM audit_log WHERE target = 'settings:platformProfile:national'").get() as { n: number }).n).toBe(auditBefore + 1);
    const stale = refusal(await call(env.db, 'platformProfile.save', { ...input, label: '改名' }, officer()));
    expect(stale.code).toBe('CONFLICT');
    expect((await ok(env.db, 'platformProfile.get', { name: 'national' }, keeper())).profile.label).toBe(national().label);
  });

  it('an invalid save is refused with every problem on its path; validate reports the same without saving', async () => {
    const profile = national();
    profile.exchanges.orders_out.columns[1]!.title = profile.exchanges.orders_out.columns[0]!.title;
    profile.exchanges.returns_out.headerRow = 0;
    profile.exchanges.shipments_in.columns = profile.exchanges.shipments_in.columns.filter((c) => c.field !== 'shpCnt');
    profile.account.addresses = [{ storeId: 999_999, addrId: 'X' }];
    const expected = ['account.addresses.0.storeId', 'exchanges.orders_out.columns.1.title', 'exchanges.shipments_in.columns', 'exchanges.returns_out.headerRow'].sort();
    const error = refusal(await call(env.db, 'platformProfile.save', { ...profile, name: 'county-test', version: 0 }, officer()));
    expect(error.code).toBe('VALIDATION');
    expect(error.fields!.map((f) => f.path).sort()).toEqual(expected);
    const { problems } = await ok(env.db, 'platformProfile.validate', profile, keeper());
    expect(problems.map((p) => p.path).sort()).toEqual(expected);
    expect(problems.find((p) => p.path === 'exchanges.shipments_in.columns')!.message).toContain('配送数量');
    expect(refusal(await call(env.db, 'platformProfile.get', { name: 'county-test' }, keeper())).code).toBe('NOT_FOUND');
  });

  it('a new profile saves at version 0 and is listed after the built-ins', async () => {
    const profile = { ...builtinProfiles()[1]!, name: 'sichuan-test', label: '四川（测试）', version: 0 };
    await ok(env.db, 'platformProfile.save', profile, officer());
    const { profiles } = await ok(env.db, 'platformProfile.list', {}, keeper());
    expect(profiles.map((p) => p.name)).toEqual(['national', 'sichuan', 'sichuan-test']);
  });

  it('permissions: the storekeeper reads and exports, the auditor reads but cannot save or export, a member cannot reach', async () => {
    expect(refusal(await call(env.db, 'platformProfile.save', { ...national(), version: 1 }, as(auditor))).code).toBe('FORBIDDEN');
    expect(refusal(await call(env.db, 'platformProfile.save', { ...national(), version: 1 }, keeper())).code).toBe('FORBIDDEN');
    await ok(env.db, 'platformProfile.list', {}, as(auditor));
    expect(refusal(await call(env.db, 'platform.exportOrders', { profile: 'national', ...PERIOD }, as(auditor))).code).toBe('FORBIDDEN');
    expect(refusal(await call(env.db, 'platformProfile.list', {}, as(member))).code).toBe('FORBIDDEN');
    expect(refusal(await call(env.db, 'platform.exportOrders', { profile: 'national', ...PERIOD }, as(member))).code).toBe('FORBIDDEN');
  });
});

let goodOrder: OpOutput<'purchaseOrder.approve'>['order'];

describe('files going out', () => {
  it('orders: every approved platform order line of the profile, header repeated, platform packs and prices', async () => {
    const { order } = await ok(
      env.db,
      'purchaseOrder.create',
      { supplierId: codedSupplierId, storeId: env.centralStoreId, platformProfile: 'national', lines: [{ itemId: env.amoxId, quantity: 240, priceMicro: 12_000_000, memo: '急用' }] },
      officer(),
    );
    goodOrder = (await ok(env.db, 'purchaseOrder.approve', { id: order.id }, officer())).order;
    const before = exchanges();
    const out = await ok(env.db, 'platform.exportOrders', { profile: 'national', ...PERIOD }, keeper());
    expect(out).toMatchObject({ rowCount: 1, summary: { documents: [goodOrder.number], lineCount: 1, amountMicro: 120_000_000 } });
    expect(out.fileName).toMatch(/^采购订单-national-20000101-20991231-\d{14}\.xlsx$/);
    expect(await read(out, 'orders_out')).toEqual([
      {
        medinsCode: 'H33010200001',
        planSumamt: '120000000',
        addrId: 'ADDR-1',
        conerName: '周库管',
        conerTel: '0571-88880000',
        invottl: '清源县人民医院',
        hospListId: 'HL-AMOX',
        delventpCode: 'PS-5',
        purcCnt: '10',
        hospPurcPric: '12000000',
        hospPurcDetlId: goodOrder.lines[0]!.hospitalLineId,
        planDetlMemo: '急用',
      },
    ]);
    expect(exchanges()).toBe(before + 1);
    const log = env.db.$client.prepare('SELECT profile, exchange, row_count AS rowCount, actor_name AS actor FROM platform_exchanges ORDER BY id DESC LIMIT 1').get();
    expect(log).toEqual({ profile: 'national', exchange: 'orders_out', rowCount: 1, actor: 'keeper' });
    const csv = await ok(env.db, 'platform.exportOrders', { profile: 'national', orderIds: [goodOrder.id], format: 'csv' }, keeper());
    expect(await read(csv, 'orders_out', 'csv')).toEqual(await read(out, 'orders_out'));
  });

  it('orders: refused with every reason — item with no platform id, supplier with no platform code, store with no address, an order of another profile', async () => {
    const lapsed = (await ok(env.db, 'supplier.create', supplierInput(6, { platformCodes: [{ profile: 'national', code: 'PS-6' }] }), officer())).supplier;
    const { order } = await ok(
      env.db,
      'purchaseOrder.create',
      { supplierId: lapsed.id, storeId: env.townshipStoreId, platformProfile: 'national', lines: [{ itemId: env.coldId, quantity: 5, priceMicro: 12_500_000 }] },
      officer(),
    );
    await ok(env.db, 'formulary.setPlatformIds', { itemId: env.coldId, platformIds: [] }, officer());
    // Older data: the order's lines never had the platform ids, and the supplier's code has since been removed.
    env.db.$client.prepare("UPDATE purchase_order_lines SET platform_product_id = '', supplier_platform_code = '' WHERE document_id = ?").run(order.id);
    env.db.$client.prepare('DELETE FROM supplier_platform_codes WHERE supplier_id = ?').run(lapsed.id);
    const bad = (await ok(env.db, 'purchaseOrder.approve', { id: order.id }, officer())).order;
    const { order: other } = await ok(
      env.db,
      'purchaseOrder.create',
      { supplierId: env.supplierId, storeId: env.centralStoreId, platformProfile: 'national-tps', lines: [{ itemId: env.amoxId, quantity: 24, priceMicro: 12_000_000 }] },
      officer(),
    );
    await ok(env.db, 'purchaseOrder.approve', { id: other.id }, officer());
    const before = exchanges();
    const error = refusal(await call(env.db, 'platform.exportOrders', { profile: 'national', orderIds: [goodOrder.id, bad.id, other.id] }, keeper()));
    expect(error.code).toBe('VALIDATION');
    const messages = error.fields!.map((f) => f.message);
    expect(messages).toHaveLength(4);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`采购订单 ${other.number} 是平台「national-tps」的订单`),
        expect.stringContaining('品种「重组人胰岛素注射液 3ml:300IU」没有平台'),
        expect.stringContaining('供应商「清源医药有限公司6」没有平台'),
        expect.stringContaining(`收货库房`),
      ]),
    );
    expect(error.fields!.find((f) => f.message.includes('品种'))!.path).toBe(`orders.${bad.number}.lines.1.itemId`);
    expect(exchanges()).toBe(before);
    // The same period without naming orders: the bad one is in it, so nothing is written either.
    expect(refusal(await call(env.db, 'platform.exportOrders', { profile: 'national', ...PERIOD }, keeper())).fields).toHaveLength(3);
  });

  it('an invalid stored profile refuses every export', async () => {
    const current = (await ok(env.db, 'platformProfile.get', { name: 'sichuan-test' }, keeper())).profile;
    const broken = structuredClone(current);
    broken.exchanges.orders_out.columns = broken.exchanges.orders_out.columns.filter((c) => c.field !== 'hospListId');
    // Stored directly (the save refuses it): a profile from an older version of the catalogue.
    const row = env.db.$client.prepare("SELECT value FROM hub_settings WHERE name = 'platform.profiles'").get() as { value: string };
    const all = (JSON.parse(row.value) as { name: string }[]).map((p) => (p.name === 'sichuan-test' ? { ...broken, builtIn: undefined } : p));
    env.db.$client.prepare("UPDATE hub_settings SET value = ? WHERE name = 'platform.profiles'").run(JSON.stringify(all));
    const error = refusal(await call(env.db, 'platform.exportOrders', { profile: 'sichuan-test', ...PERIOD }, keeper()));
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toEqual([{ path: 'exchanges.orders_out.columns', message: expect.stringContaining('本院目录ID') }]);
  });

  let batchId = 0;
  it('receipt confirmations: accepted lines from imported platform shipment lines, in platform packs', async () => {
    const none = refusal(await call(env.db, 'platform.exportReceiptConfirmations', { profile: 'national', ...PERIOD }, keeper()));
    expect(none.fields![0]!.message).toContain('没有来自平台配送明细');
    const line = goodOrder.lines[0]!;
    const { receipt } = await ok(
      env.db,
      'receipt.create',
      {
        supplierId: codedSupplierId,
        storeId: env.centralStoreId,
        orderId: goodOrder.id,
        lines: [{ itemId: env.amoxId, orderLineId: line.id, batchNo: 'PS-B1', expiry: '2028-09', quantity: 240, priceMicro: 12_000_000, traceCodes: codes('6901234', 1, 10) }],
      },
      keeper(),
    );
    const posted = (await ok(env.db, 'receipt.post', { id: receipt.id, requestId: requestId() }, keeper())).receipt;
    batchId = posted.lines[0]!.batchId!;
    env.db.$client
      .prepare(
        `INSERT INTO platform_shipment_lines (profile, shp_id, shp_code, order_line_id, receipt_line_id, item_id, supplier_id, quantity, platform_quantity,
           price_micro, amount_micro, batch_no, expiry, imported_at, imported_by)
         VALUES ('national', 'SHP-0001', 'PSD-1', ?, ?, ?, ?, 240, 10, 12000000, 120000000, 'PS-B1', '2028-09-30', ?, 'test')`,
      )
      .run(line.id, posted.lines[0]!.id, env.amoxId, codedSupplierId, new Date().toISOString());
    const out = await ok(env.db, 'platform.exportReceiptConfirmations', { profile: 'national', ...PERIOD }, keeper());
    expect(out.summary.documents).toEqual([posted.number]);
    const rows = await read(out, 'receipt_confirmations_out');
    expect(rows).toEqual([{ shpId: 'SHP-0001', shppCnt: '10', hospListId: 'HL-AMOX', manuLotnum: 'PS-B1', delventpCode: 'PS-5', rcvDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }]);
  });

  it('returns: posted 退货单 lines of platform batches → shpId, retnCnt in platform packs, retnRea; not whole packs is refused', async () => {
    const { adjustment } = await ok(env.db, 'stockAdjustment.create', { kind: 'return', storeId: env.centralStoreId, reason: '包装破损退货', lines: [{ itemId: env.amoxId, batchId, quantity: 48 }] }, keeper());
    await ok(env.db, 'stockAdjustment.post', { id: adjustment.id, version: 1, requestId: requestId() }, keeper());
    const out = await ok(env.db, 'platform.exportReturns', { profile: 'national', ...PERIOD, format: 'csv' }, keeper());
    expect(await read(out, 'returns_out', 'csv')).toEqual([
      { shpId: 'SHP-0001', retnCnt: '2', retnRea: '包装破损退货', hospListId: 'HL-AMOX', manuLotnum: 'PS-B1', delventpCode: 'PS-5', retnDate: expect.any(String) },
    ]);
    const odd = (await ok(env.db, 'stockAdjustment.create', { kind: 'return', storeId: env.centralStoreId, reason: '拆零退货', lines: [{ itemId: env.amoxId, batchId, quantity: 30 }] }, keeper())).adjustment;
    await ok(env.db, 'stockAdjustment.post', { id: odd.id, version: 1, requestId: requestId() }, keeper());
    const error = refusal(await call(env.db, 'platform.exportReturns', { profile: 'national', ...PERIOD }, keeper()));
    expect(error.fields).toEqual([{ path: `returns.${odd.number}.lines.1.quantity`, message: expect.stringContaining('不是平台包装的整数倍') }]);
  });

  it('settlement: per distributor, received and returned amounts of the period', async () => {
    const out = await ok(env.db, 'platform.exportSettlement', { profile: 'national', ...PERIOD }, keeper());
    const rows = await read(out, 'settlements_out');
    expect(rows).toEqual([
      {
        medinsCode: 'H33010200001',
        delventpCode: 'PS-5',
        delventpName: '清源医药有限公司5',
        periodFrom: '2000-01-01',
        periodTo: '2099-12-31',
        shppAmt: '120000000',
        retnAmt: String(78 * 500_000),
        stlmAmt: String(120_000_000 - 78 * 500_000),
        lineCount: '3',
      },
    ]);
    const list = await ok(env.db, 'platformExchange.list', { limit: 50 }, as(auditor));
    expect(list.exchanges[0]).toMatchObject({ exchange: 'settlements_out', profile: 'national', actorName: 'keeper' });
    // By direction: every file here was written for upload; none was read from the platform.
    const outgoing = await ok(env.db, 'platformExchange.list', { direction: 'out', limit: 50 }, as(auditor));
    expect(outgoing.exchanges.map((e) => e.id)).toEqual(list.exchanges.map((e) => e.id));
    expect(outgoing.exchanges.every((e) => e.exchange.endsWith('_out'))).toBe(true);
    expect((await ok(env.db, 'platformExchange.list', { direction: 'in', limit: 50 }, as(auditor))).exchanges).toEqual([]);
  });
});

describe('cli platform export', () => {
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  };

  it('writes the file and prints a JSON summary; exit 2 with every reason when nothing was written', async () => {
    const { order } = await ok(
      env.db,
      'purchaseOrder.create',
      { supplierId: codedSupplierId, storeId: env.centralStoreId, platformProfile: 'national', lines: [{ itemId: env.amoxId, quantity: 48, priceMicro: 12_000_000 }] },
      officer(),
    );
    const fresh = (await ok(env.db, 'purchaseOrder.approve', { id: order.id }, officer())).order;
    const file = path.join(env.dir, 'orders.csv');
    const done = await run(['platform', 'export', 'orders', '--profile', 'national', '--orders', String(fresh.id), '--data', env.dir, '--out', file]);
    expect(done.err).toEqual([]);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.out[0]!)).toMatchObject({ written: true, rowCount: 1, summary: { documents: [fresh.number] } });
    const rows = (await readExchange((await ok(env.db, 'platformProfile.get', { name: 'national' }, keeper())).profile, 'orders_out', readFileSync(file), 'orders.csv')).rows;
    expect(rows.map((r) => r.values.hospListId)).toEqual(['HL-AMOX']);
    const refused = await run(['platform', 'export', 'orders', '--profile', 'national', '--from', PERIOD.from, '--to', PERIOD.to, '--data', env.dir, '--out', path.join(env.dir, 'x.xlsx')]);
    expect(refused.code).toBe(2);
    const reasons = (JSON.parse(refused.err[0]!) as { written: boolean; reasons: string[] }).reasons;
    expect(reasons.join('\n')).toMatch(/没有平台[\s\S]*配送企业编码[\s\S]*收货地址ID/);
    expect(existsSync(path.join(env.dir, 'x.xlsx'))).toBe(false);
  });
});

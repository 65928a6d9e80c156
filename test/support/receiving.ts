import type { Db } from '../../db/open.js';
import type { ItemFieldsInput, OpInput } from '../../core/api/index.js';
import { amoxicillin, addApproved, formularyCommunity } from '../integration/formulary-fixtures.js';
import { ok, userWithSession } from './db.js';
import { supplierInput } from './suppliers.js';

/**
 * A community to receive into: the central store and a township's store, a storekeeper and a second
 * storekeeper (双人验收) at the lead hospital, a usable supplier, and items (traced per box, one cold-chain,
 * one 麻醉) with prices — all made through the operations.
 */
export async function receivingCommunity() {
  const env = await formularyCommunity();
  const { db, admin } = env;
  const user = async (input: OpInput<'user.create'>) => userWithSession(db, admin, input);
  const keeper = await user({ username: 'keeper', displayName: '周库管', role: 'storekeeper', unitId: env.leadId });
  const keeper2 = await user({ username: 'keeper2', displayName: '吴库管', role: 'storekeeper', unitId: env.leadId });
  const centralStoreId = (await ok(db, 'store.list', { unitId: env.leadId }, { sessionToken: admin })).stores[0]!.id;
  const townshipStoreId = (await ok(db, 'store.list', { unitId: env.townshipId }, { sessionToken: admin })).stores[0]!.id;
  const officer = { sessionToken: env.officer };
  const supplierId = (await ok(db, 'supplier.create', supplierInput(1), officer)).supplier.id;
  const item = async (fields: Partial<ItemFieldsInput>, resolution: string) => {
    const id = await addApproved(env, amoxicillin(fields), resolution);
    await ok(db, 'formulary.setPrice', { itemId: id, kind: 'listed', priceMicro: 12_500_000, effectiveFrom: '2026-01-01' }, officer);
    return id;
  };
  // 阿莫西林: 24 粒/盒, traced per box.
  const amoxId = await item({}, 'YSH-1');
  await ok(db, 'formulary.setTracing', { itemId: amoxId, tracePack: '盒' }, officer);
  const coldId = await item(
    { genericName: '重组人胰岛素注射液', dosageForm: '注射剂', spec: '3ml:300IU', insuranceCode: '', standardCode: '', approvalNo: '国药准字S10950011', baseUnit: '支', packs: [{ unit: '盒', factor: 1 }], purchaseUnit: '盒', issueUnit: '盒', coldChain: true, storageTempMin: 2, storageTempMax: 8, antibacterialTier: '', udiDi: '06901234567892' },
    'YSH-2',
  );
  const narcoticId = await item(
    { genericName: '盐酸吗啡注射液', dosageForm: '注射剂', spec: '1ml:10mg', insuranceCode: '', standardCode: '', approvalNo: '国药准字H21022436', baseUnit: '支', packs: [{ unit: '盒', factor: 10 }], purchaseUnit: '盒', issueUnit: '盒', controlledClass: 'narcotic', antibacterialTier: '', levels: { county: true, township: true, village: false } },
    'YSH-3',
  );
  return { ...env, keeper, keeper2, centralStoreId, townshipStoreId, supplierId, amoxId, coldId, narcoticId };
}

export type ReceivingCommunity = Awaited<ReturnType<typeof receivingCommunity>>;

/** An approved purchase order (made by the officer, approved by the officer). */
export async function approvedOrder(env: ReceivingCommunity, storeId: number, lines: { itemId: number; quantity: number; priceMicro?: number }[]) {
  const officer = { sessionToken: env.officer };
  const { order } = await ok(
    env.db,
    'purchaseOrder.create',
    { supplierId: env.supplierId, storeId, lines: lines.map((l) => ({ priceMicro: 12_500_000, ...l })) },
    officer,
  );
  return (await ok(env.db, 'purchaseOrder.approve', { id: order.id }, officer)).order;
}

/** 20-digit trace codes of a 7-digit prefix: prefix + 13-digit serial from `start`. */
export const codes = (prefix: string, start: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(start + i).padStart(13, '0')}`);

export const counts = (db: Db) =>
  Object.fromEntries(
    ['documents', 'document_events', 'receipt_lines', 'receipts', 'stock_batches', 'stock_moves', 'stock_balances', 'trace_codes', 'document_requests', 'audit_log'].map(
      (t) => [t, (db.$client.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n],
    ).concat([['numbers taken', (db.$client.prepare('SELECT COALESCE(SUM(last), 0) AS n FROM number_series').get() as { n: number }).n]]),
  );

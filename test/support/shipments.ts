import type { Db } from '../../db/open.js';
import type { Role } from '../../core/api/index.js';
import { ok, userWithSession } from './db.js';
import { insertItem, receive } from './stock.js';

/**
 * A community for the shipment tests: the lead hospital's central store, two township hospitals (青石 = own,
 * 白沙 = other) and a village clinic, and users of each role (two officers and two storekeepers for the
 * second-person and concurrency rules). Items are written straight (no governance) with a 盒 of 24.
 */
export interface ShipmentWorld {
  leadUnit: number;
  centralStore: number;
  ownUnit: number;
  ownStore: number;
  otherUnit: number;
  otherStore: number;
  villageUnit: number;
  villageStore: number;
  tokens: Record<string, string>;
}

export async function shipmentWorld(db: Db, admin: string): Promise<ShipmentWorld> {
  const a = { sessionToken: admin };
  const leadUnit = (await ok(db, 'unit.list', {}, a)).units[0]!.id;
  const centralStore = (await ok(db, 'store.list', { unitId: leadUnit }, a)).stores[0]!.id;
  const ownUnit = (await ok(db, 'unit.create', { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital' }, a)).unit.id;
  const otherUnit = (await ok(db, 'unit.create', { code: 'WS02', name: '白沙镇卫生院', kind: 'township_hospital' }, a)).unit.id;
  const villageUnit = (await ok(db, 'unit.create', { code: 'CW01', name: '青石村卫生室', kind: 'village_clinic', parentId: ownUnit }, a)).unit.id;
  const storeOf = async (unitId: number) => (await ok(db, 'store.list', { unitId }, a)).stores[0]!.id;
  const users: [string, Role, number][] = [
    ['officer', 'pharmacy_officer', leadUnit],
    ['officer2', 'pharmacy_officer', leadUnit],
    ['keeper', 'storekeeper', leadUnit],
    ['keeper2', 'storekeeper', leadUnit],
    ['member', 'member_pharmacist', ownUnit],
    ['otherMember', 'member_pharmacist', otherUnit],
    ['auditor', 'auditor', leadUnit],
  ];
  const tokens: Record<string, string> = {};
  for (const [username, role, unitId] of users) tokens[username] = (await userWithSession(db, admin, { username: username.toLowerCase(), displayName: username, role, unitId })).token;
  return {
    leadUnit,
    centralStore,
    ownUnit,
    ownStore: await storeOf(ownUnit),
    otherUnit,
    otherStore: await storeOf(otherUnit),
    villageUnit,
    villageStore: await storeOf(villageUnit),
    tokens,
  };
}

let items = 0;
/** A new item (盒 of 24 粒); `tracePack` makes it traced (one code per box). */
export function newItem(db: Db, tracePack = ''): number {
  const id = insertItem(db, { code: `SH${String(++items).padStart(5, '0')}`, name: `测试药品${items}`, spec: '0.25g' });
  if (tracePack) db.$client.prepare('UPDATE formulary_items SET trace_pack = ? WHERE id = ?').run(tracePack, id);
  return id;
}

/** A batch of `quantity` base units arriving in a store (12.50 ¥ per box of 24 unless given). */
export function stock(db: Db, input: { itemId: number; storeId: number; quantity: number; batchNo: string; expiry: string; costMicro?: number; status?: 'on_hold' | 'recalled' }): number {
  const { batchId } = receive(db, input);
  if (input.status) db.$client.prepare('UPDATE stock_batches SET status = ? WHERE id = ?').run(input.status, batchId);
  return batchId;
}

export const balance = (db: Db, batchId: number, locationId: number): { quantity: number; reserved: number } =>
  (db.$client.prepare('SELECT quantity, reserved FROM stock_balances WHERE batch_id = ? AND location_id = ?').get(batchId, locationId) as
    | { quantity: number; reserved: number }
    | undefined) ?? { quantity: 0, reserved: 0 };

export const storeLocation = (db: Db, storeId: number): number =>
  (db.$client.prepare('SELECT id FROM stock_locations WHERE store_id = ?').get(storeId) as { id: number }).id;

export const transitOf = (db: Db, unitId: number): number | null =>
  (db.$client.prepare("SELECT id FROM stock_locations WHERE kind = 'transit' AND unit_id = ?").get(unitId) as { id: number } | undefined)?.id ?? null;

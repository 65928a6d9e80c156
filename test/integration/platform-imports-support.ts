import type { OpInput } from '../../core/api/index.js';
import { builtinProfiles } from '../../core/platform/builtin.js';
import { writeExchange, type ExchangeRow } from '../../core/platform/codec.js';
import type { PlatformImportExchange } from '../../core/api/platform-imports.js';
import { ok } from '../support/db.js';
import { receivingCommunity, type ReceivingCommunity } from '../support/receiving.js';

/** The supplier's delventpCode and the items' hospListId under each starting profile. */
export const SUPPLIER_CODE = { national: 'PS1001', sichuan: '91510100MA6CXXXX1X' } as const;
export type ProfileName = keyof typeof SUPPLIER_CODE;
export const AMOX_LIST_ID = { national: 'HL-AMOX', sichuan: 'SC-AMOX' } as const;
export const COLD_LIST_ID = { national: 'HL-INS', sichuan: 'SC-INS' } as const;

/**
 * The receiving community with what the platform knows of it: the supplier's codes and the items' platform ids
 * under both starting profiles (through the operations, except the supplier code, which is a fixture row).
 */
export async function platformCommunity() {
  const env = await receivingCommunity();
  const officer = { sessionToken: env.officer };
  for (const profile of ['national', 'sichuan'] as const) {
    env.db.$client.prepare('INSERT INTO supplier_platform_codes (supplier_id, profile, code) VALUES (?, ?, ?)').run(env.supplierId, profile, SUPPLIER_CODE[profile]);
  }
  const ids = (map: Record<ProfileName, string>) =>
    (['national', 'sichuan'] as const).map((profile) => ({ profile, productId: map[profile], distributors: [{ name: '清源医药', code: SUPPLIER_CODE[profile] }] }));
  await ok(env.db, 'formulary.setPlatformIds', { itemId: env.amoxId, platformIds: ids(AMOX_LIST_ID) }, officer);
  await ok(env.db, 'formulary.setPlatformIds', { itemId: env.coldId, platformIds: ids(COLD_LIST_ID) }, officer);
  return env;
}
export type PlatformCommunity = ReceivingCommunity;

/** A purchase order placed on the platform profile, approved and sent. */
export async function sentOrder(env: PlatformCommunity, profile: ProfileName, lines: { itemId: number; quantity: number; priceMicro?: number }[]) {
  const officer = { sessionToken: env.officer };
  const { order } = await ok(
    env.db,
    'purchaseOrder.create',
    {
      supplierId: env.supplierId,
      storeId: env.centralStoreId,
      channel: 'platform',
      platformProfile: profile,
      lines: lines.map((l) => ({ priceMicro: 12_500_000, ...l })),
    } as OpInput<'purchaseOrder.create'>,
    officer,
  );
  await ok(env.db, 'purchaseOrder.approve', { id: order.id }, officer);
  return (await ok(env.db, 'purchaseOrder.send', { id: order.id }, officer)).order;
}

export const profileNamed = (name: ProfileName) => builtinProfiles().find((p) => p.name === name)!;

/** A platform file of the exchange, written through the starting profile, as the op's input. */
export async function platformFile(profile: ProfileName, exchange: PlatformImportExchange, rows: ExchangeRow[], format: 'xlsx' | 'csv' = 'xlsx') {
  const buffer = await writeExchange(profileNamed(profile), exchange, rows, format);
  return { profile, exchange, fileName: `${exchange}.${format}`, contentBase64: buffer.toString('base64') };
}

/** Rows of tables an import writes, to prove a refused commit wrote nothing. */
export const written = (env: PlatformCommunity) =>
  Object.fromEntries(
    ['documents', 'receipts', 'receipt_lines', 'platform_shipment_lines', 'platform_exchanges', 'item_prices', 'purchase_order_platform_feedback', 'audit_log'].map((t) => [
      t,
      (env.db.$client.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n,
    ]),
  );

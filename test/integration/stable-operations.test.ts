import { afterAll, describe, expect, it } from 'vitest';
import { call } from '../support/db.js';
import { codes, receivingCommunity } from '../support/receiving.js';
import { validUscc } from '../support/suppliers.js';

/**
 * The stable operations of issue 7, called the way the hospital's HIS and scripts call them: plain JSON with
 * only the fields the published table names (no version, no optional fields), read back by the names the
 * table promises. A rename or a newly required field fails here before it breaks a script outside this
 * repository. Inputs go through `call` untyped on purpose: the point is the wire shape, not our types.
 */
const env = await receivingCommunity();
afterAll(() => env.dispose());

const as = (sessionToken: string) => ({ sessionToken });
async function wire(name: string, input: unknown, sessionToken: string): Promise<Record<string, unknown>> {
  const result = await call(env.db, name as never, input, as(sessionToken));
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.output as Record<string, unknown>;
}

describe('stable buying and stock operations', () => {
  it('create a supplier, order, approve, receive, post, and read stock and the ledger by the published fields', async () => {
    const supplier = (await wire(
      'supplier.create',
      {
        name: '稳定接口医药有限公司',
        uscc: validUscc(9001),
        kind: 'distributor',
        sme: true,
        qualifications: [
          { kind: 'business_licence', number: 'YYZZ-1', expiresOn: null },
          { kind: 'drug_trade_licence', number: 'YPJY-1', expiresOn: '2030-12-31' },
        ],
      },
      env.officer,
    )) as { supplier: { id: number } };
    expect(supplier.supplier.id).toBeGreaterThan(0);
    const listed = (await wire('supplier.list', {}, env.keeper.token)) as { suppliers: { id: number; qualifications: unknown[] }[] };
    expect(listed.suppliers.find((s) => s.id === supplier.supplier.id)?.qualifications).toHaveLength(2);
    const got = (await wire('supplier.get', { id: supplier.supplier.id }, env.keeper.token)) as { supplier: { id: number } };
    expect(got.supplier.id).toBe(supplier.supplier.id);

    const created = (await wire(
      'purchaseOrder.create',
      { supplierId: supplier.supplier.id, storeId: env.centralStoreId, lines: [{ itemId: env.amoxId, quantity: 48, priceMicro: 12_500_000 }] },
      env.officer,
    )) as { order: { id: number; number: string; status: string; lines: { id: number }[] } };
    expect(created.order).toMatchObject({ number: expect.stringMatching(/^CG\d{4}-\d{6}$/), status: 'draft' });
    const approved = (await wire('purchaseOrder.approve', { id: created.order.id }, env.officer)) as { order: { status: string } };
    expect(approved.order.status).toBe('approved');

    const receipt = (await wire(
      'receipt.create',
      {
        supplierId: supplier.supplier.id,
        storeId: env.centralStoreId,
        orderId: created.order.id,
        lines: [
          {
            itemId: env.amoxId,
            orderLineId: created.order.lines[0]!.id,
            batchNo: 'W240915',
            expiry: '有效期至2028年09月',
            quantity: 48,
            priceMicro: 12_500_000,
            traceCodes: codes('8699999', 1, 2),
          },
        ],
      },
      env.keeper.token,
    )) as { receipt: { id: number; number: string; lines: { id: number }[] } };
    expect(receipt.receipt.number).toMatch(/^RK\d{4}-\d{6}$/);
    expect(receipt.receipt.lines).toHaveLength(1);
    const posted = (await wire('receipt.post', { id: receipt.receipt.id, requestId: 'stable-0001' }, env.keeper.token)) as { receipt: { status: string } };
    expect(posted.receipt.status).toBe('posted');
    const again = (await wire('receipt.post', { id: receipt.receipt.id, requestId: 'stable-0001' }, env.keeper.token)) as { receipt: { status: string } };
    expect(again.receipt.status).toBe('posted');

    const order = (await wire('purchaseOrder.get', { id: created.order.id }, env.officer)) as { order: { status: string; lines: unknown[] } };
    expect(order.order.status).toBe('completed');
    const read = (await wire('receipt.get', { id: receipt.receipt.id }, env.officer)) as { receipt: { lines: unknown[] } };
    expect(read.receipt.lines).toHaveLength(1);

    const onHand = (await wire('stock.onHand', { itemId: env.amoxId }, env.officer)) as { rows: Record<string, unknown>[] };
    expect(onHand.rows).toEqual([expect.objectContaining({ itemId: env.amoxId, batchNo: 'W240915', expiry: '2028-09-30', storeId: env.centralStoreId, quantity: 48 })]);
    const ledger = (await wire('stock.ledger', { itemId: env.amoxId }, env.officer)) as { rows: Record<string, unknown>[] };
    expect(ledger.rows).toEqual([expect.objectContaining({ quantity: 48, balance: 48, changeType: '108' })]);
  });
});

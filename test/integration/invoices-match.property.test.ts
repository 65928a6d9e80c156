import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineAmountMicro, MICRO_PER_FEN } from '../../core/api/money.js';
import { evaluateLine, type ReceiptLineFacts } from '../../core/finance/invoices/match.js';

/**
 * The three-way match as a pure function, over random receipt lines and invoice lines: each kind of mismatch is an
 * exception exactly when it should be — quantity beyond what is open, a price off the order's by more than the
 * tolerance per pack (either way), above the ceiling or the 集采价, and the missing manufacturer's invoice on a drug.
 */
const TOLERANCE = 10_000;

function facts(f: { accepted: number; returned: number; elsewhere: number; packFactor: number; orderPrice: number; ceiling: number | null; vbp: number | null; drug: boolean; manufacturerInvoiceNo: string }): ReceiptLineFacts {
  return {
    receiptLineId: 1,
    receiptId: 1,
    receiptNumber: 'RK2026-000001',
    receiptState: 'posted',
    supplierId: 1,
    arrivedOn: '2026-11-01',
    acceptedOn: '2026-11-01',
    orderId: 2,
    orderNumber: 'CG2026-000001',
    orderLineId: 3,
    itemId: 4,
    itemCode: 'YP000004',
    itemName: '头孢呋辛酯片',
    spec: '0.25g',
    manufacturer: '华北制药股份有限公司',
    category: f.drug ? 'western' : 'consumable',
    baseUnit: '片',
    packs: [{ unit: '盒', factor: f.packFactor }],
    batchNo: 'B1',
    expiry: '2028-09-30',
    batchId: 5,
    accepted: f.accepted,
    returned: f.returned,
    priceMicro: f.orderPrice,
    packUnit: '盒',
    packFactor: f.packFactor,
    orderPrice: { priceMicro: f.orderPrice, packFactor: f.packFactor },
    ceiling: f.ceiling === null ? null : { id: 1, kind: 'listed', priceMicro: f.ceiling, unit: '盒', packFactor: f.packFactor, effectiveFrom: '2026-01-01', note: '', recordedAt: '', recordedBy: '' },
    vbpPrice: f.vbp === null ? null : { priceMicro: f.vbp, packFactor: f.packFactor },
    twoInvoiceRequired: f.drug,
    manufacturerInvoiceNo: f.manufacturerInvoiceNo,
    invoiceLines: f.elsewhere > 0 ? [{ documentId: 99, quantity: f.elsewhere, amountMicro: 0, state: 'approved', redOfId: null }] : [],
  };
}

const arbitrary = fc.record({
  accepted: fc.integer({ min: 1, max: 5_000 }),
  returned: fc.integer({ min: 0, max: 200 }),
  elsewhere: fc.integer({ min: 0, max: 2_000 }),
  packFactor: fc.constantFrom(1, 10, 24, 100),
  orderPrice: fc.integer({ min: 10_000, max: 500_000_000 }),
  ceilingDelta: fc.option(fc.integer({ min: -50_000_000, max: 50_000_000 })),
  vbpDelta: fc.option(fc.integer({ min: -50_000_000, max: 50_000_000 })),
  drug: fc.boolean(),
  manufacturerInvoiceNo: fc.constantFrom('', '44000000000000000001'),
  quantity: fc.integer({ min: 1, max: 6_000 }),
  /** How far the invoice is from the order price, per pack, in micro-yuan. */
  perPackOff: fc.integer({ min: -5_000_000, max: 5_000_000 }),
});

describe('three-way match (pure)', () => {
  it('each kind of mismatch is an exception exactly when it is one', () => {
    fc.assert(
      fc.property(arbitrary, (a) => {
        const ceiling = a.ceilingDelta === null ? null : Math.max(0, a.orderPrice + a.ceilingDelta);
        const vbp = a.vbpDelta === null ? null : Math.max(0, a.orderPrice + a.vbpDelta);
        const f = facts({ ...a, ceiling, vbp });
        const invoicePrice = Math.max(0, a.orderPrice + a.perPackOff);
        const amount = lineAmountMicro(a.quantity, { priceMicro: invoicePrice, packFactor: a.packFactor });
        const kinds = evaluateLine({ quantity: a.quantity, amountMicro: amount, redOfId: null }, f, { documentId: 1, toleranceMicro: TOLERANCE }, null).map((e) => e.kind);

        expect(kinds.includes('quantity')).toBe(a.quantity > a.accepted - a.returned - a.elsewhere);
        // Beyond the tolerance per pack (and beyond one fen of rounding on the line), either way.
        const beyond = (reference: number) => {
          const diff = Math.abs(amount - lineAmountMicro(a.quantity, { priceMicro: reference, packFactor: a.packFactor }));
          return diff > MICRO_PER_FEN && BigInt(diff) * BigInt(a.packFactor) > BigInt(TOLERANCE) * BigInt(a.quantity);
        };
        expect(kinds.includes('price_order')).toBe(beyond(a.orderPrice));
        const above = (cap: number | null) => cap !== null && amount > lineAmountMicro(a.quantity, { priceMicro: cap, packFactor: a.packFactor }) && beyond(cap);
        expect(kinds.includes('price_ceiling')).toBe(above(ceiling));
        expect(kinds.includes('price_vbp')).toBe(above(vbp));
        expect(kinds.includes('two_invoice')).toBe(a.drug && a.manufacturerInvoiceNo === '');
        // An invoice at exactly the order price is never a price_order exception.
        const exact = lineAmountMicro(a.quantity, { priceMicro: a.orderPrice, packFactor: a.packFactor });
        const atOrder = evaluateLine({ quantity: a.quantity, amountMicro: exact, redOfId: null }, f, { documentId: 1, toleranceMicro: TOLERANCE }, null);
        expect(atOrder.some((e) => e.kind === 'price_order')).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('a red-letter line is checked against what its blue invoice may still offset and at its price (not the order, ceiling or 集采价), never for 两票制', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1_000_000, max: 20_000_000 }), fc.boolean(), (quantity, left, bluePrice, off) => {
        const f = facts({ accepted: 500, returned: 0, elsewhere: 0, packFactor: 24, orderPrice: 12_000_000, ceiling: 5_000_000, vbp: 5_000_000, drug: true, manufacturerInvoiceNo: '' });
        const blue = { quantity: 500, amountMicro: lineAmountMicro(500, { priceMicro: bluePrice, packFactor: 24 }), left };
        const price = off ? bluePrice + 1_000_000 : bluePrice;
        const amount = -lineAmountMicro(quantity, { priceMicro: price, packFactor: 24 });
        const kinds = evaluateLine({ quantity: -quantity, amountMicro: amount, redOfId: 7 }, f, { documentId: 1, toleranceMicro: TOLERANCE }, blue).map((e) => e.kind);
        const expected = [...(quantity > left ? ['quantity'] : []), ...(off && quantity >= 1 && Math.abs(amount) - lineAmountMicro(quantity, { priceMicro: bluePrice, packFactor: 24 }) > MICRO_PER_FEN ? ['price_order'] : [])];
        expect(kinds).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

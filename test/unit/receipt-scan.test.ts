import { describe, expect, it } from 'vitest';
import { emptyLine, expectedCodes, placeScan, type EditLine, type LineItem } from '../../renderer/src/pages/receipts/receiptModel.js';

const item = (overrides: Partial<LineItem>): LineItem => ({
  id: 1,
  genericName: '阿莫西林胶囊',
  spec: '0.25g',
  manufacturer: '华北制药',
  dosageForm: '胶囊剂',
  category: 'western',
  baseUnit: '粒',
  packs: [{ unit: '盒', factor: 24 }],
  purchaseUnit: '盒',
  coldChain: false,
  storageTempMin: null,
  storageTempMax: null,
  controlledClass: '',
  tracePrefix: '8690483',
  tracePack: '盒',
  udiDi: '',
  standardCode: '',
  ...overrides,
});

const amox = item({});
const insulin = item({ id: 2, genericName: '胰岛素', tracePrefix: '', tracePack: '', udiDi: '06901234567892', baseUnit: '支', packs: [{ unit: '盒', factor: 1 }] });
const lines = (): EditLine[] => [emptyLine(amox, { batchNo: 'A1', acceptedPacks: 2 }), emptyLine(insulin, { batchNo: 'C1', acceptedPacks: 5 })];

describe('where a scan lands on the receiving grid', () => {
  it('a 追溯码 goes to the line of its 药品标识码, whatever line is selected', () => {
    const outcome = placeScan('86904830000000000001', lines(), 1);
    expect(outcome).toMatchObject({ kind: 'code', row: 0 });
    if (outcome.kind === 'code') expect(outcome.lines[0]!.traceCodes).toEqual(['86904830000000000001']);
  });

  it('a code scanned twice is refused; an unknown prefix goes to the selected line of an item without one', () => {
    const once = placeScan('86904830000000000001', lines(), null);
    if (once.kind !== 'code') throw new Error('expected a code');
    expect(placeScan('86904830000000000001', once.lines, null)).toMatchObject({ kind: 'problem', messageKey: 'receiving.scan.duplicate' });
    expect(placeScan('12345670000000000001', lines(), 1)).toMatchObject({ kind: 'code', row: 1 });
    expect(placeScan('12345670000000000001', lines(), null)).toMatchObject({ kind: 'problem', messageKey: 'receiving.scan.noLine' });
  });

  it('a GS1 UDI fills the batch and dates of its item, or adds a second batch line', () => {
    const same = placeScan('(01)06901234567892(10)C1(11)260101(17)280600', lines(), null);
    expect(same).toMatchObject({ kind: 'udi', row: 1, added: false });
    if (same.kind === 'udi') expect(same.lines[1]).toMatchObject({ batchNo: 'C1', productionDate: '2026-01-01', expiry: '2028-06-30' });
    const other = placeScan('0106901234567892\u001d10C2\u001d17280600', lines(), null);
    expect(other).toMatchObject({ kind: 'udi', row: 2, added: true });
    if (other.kind === 'udi') expect(other.lines.map((l) => l.batchNo)).toEqual(['A1', 'C1', 'C2']);
    expect(placeScan('(01)06901234567885(10)X', lines(), null)).toMatchObject({ kind: 'needItem', gtin: '06901234567885' });
    expect(placeScan('(01)06901234567891(10)X', lines(), null)).toMatchObject({ kind: 'problem' });
  });

  it('fills the batch lines of one item in turn: the selected one while it lacks codes, then the next', () => {
    let current: EditLine[] = [emptyLine(amox, { batchNo: 'A1', acceptedPacks: 2 }), emptyLine(amox, { batchNo: 'A2', acceptedPacks: 2 })];
    const rows: number[] = [];
    for (let n = 1; n <= 4; n++) {
      const outcome = placeScan(`869048300000000000${String(n).padStart(2, '0')}`, current, 0);
      if (outcome.kind !== 'code') throw new Error('expected a code');
      rows.push(outcome.row);
      current = outcome.lines;
    }
    expect(rows).toEqual([0, 0, 1, 1]);
  });

  it('expects one code per box of the accepted quantity', () => {
    expect(expectedCodes(lines()[0]!)).toBe(2);
    expect(expectedCodes(lines()[1]!)).toBe(0);
  });
});

import {
  baseUnitsPer,
  formatYuan,
  parseYuan,
  readScan,
  type OpInput,
  type PackLevel,
  type Receipt,
  type ReceivingItem,
} from '../../../../core/api/index.js';
import { ApiError, type FieldError } from '../../api/client.js';

/** What the grid knows of a line's item (from receipt.items or a saved line). */
export interface LineItem {
  id: number;
  genericName: string;
  spec: string;
  manufacturer: string;
  dosageForm: string;
  category: string;
  baseUnit: string;
  packs: PackLevel[];
  purchaseUnit: string;
  coldChain: boolean;
  storageTempMin: number | null;
  storageTempMax: number | null;
  controlledClass: string;
  tracePrefix: string;
  tracePack: string;
  udiDi: string;
  standardCode: string;
}

/** One line being entered: quantities in whole packs of `packUnit`, price as typed (yuan per pack). */
export interface EditLine {
  key: string;
  id: number | null;
  item: LineItem | null;
  orderLineId: number | null;
  /** The order line's figures (base units), for the hint under the quantity. */
  ordered: { ordered: number; received: number; outstanding: number } | null;
  packUnit: string;
  packFactor: number;
  batchNo: string;
  productionDate: string;
  expiry: string;
  acceptedPacks: number | null;
  rejectedPacks: number | null;
  rejectReason: string;
  priceText: string;
  deliveryNoteNo: string;
  distributorInvoiceNo: string;
  manufacturerInvoiceNo: string;
  traceCodes: string[];
  arrivalTemp: number | null;
  secondInspectorUserId: number | null;
  shortExpiryReason: string;
}

export interface EditHeader {
  supplierId: number | null;
  storeId: number | null;
  orderId: number | null;
  orderNumber: string | null;
  unplannedReason: string;
  arrivedOn: string;
  note: string;
}

let nextKey = 1;
export const newKey = () => `r${nextKey++}`;

export const lineItemOf = (item: ReceivingItem): LineItem => ({ ...item });

export function emptyLine(item: LineItem | null = null, patch: Partial<EditLine> = {}): EditLine {
  const packUnit = item?.purchaseUnit ?? '';
  return {
    key: newKey(),
    id: null,
    item,
    orderLineId: null,
    ordered: null,
    packUnit,
    packFactor: item ? (baseUnitsPer(item.baseUnit, item.packs, packUnit) ?? 1) : 1,
    batchNo: '',
    productionDate: '',
    expiry: '',
    acceptedPacks: null,
    rejectedPacks: null,
    rejectReason: '',
    priceText: '',
    deliveryNoteNo: '',
    distributorInvoiceNo: '',
    manufacturerInvoiceNo: '',
    traceCodes: [],
    arrivalTemp: null,
    secondInspectorUserId: null,
    shortExpiryReason: '',
    ...patch,
  };
}

/** Base units as whole packs when they divide, else the base quantity written in packs with a fraction. */
const toPacks = (base: number, factor: number) => (factor > 0 ? base / factor : base);

export function linesFromReceipt(receipt: Receipt): EditLine[] {
  return receipt.lines.map((l) => ({
    key: newKey(),
    id: l.id,
    item: {
      id: l.itemId,
      genericName: l.genericName,
      spec: l.spec,
      manufacturer: l.manufacturer,
      dosageForm: l.dosageForm,
      category: l.category,
      baseUnit: l.baseUnit,
      packs: l.packs,
      purchaseUnit: l.packUnit,
      coldChain: l.coldChain,
      storageTempMin: l.storageTempMin,
      storageTempMax: l.storageTempMax,
      controlledClass: l.controlledClass,
      tracePrefix: l.tracePrefix,
      tracePack: l.tracePack,
      udiDi: l.udiDi,
      standardCode: l.standardCode,
    },
    orderLineId: l.orderLineId,
    ordered: null,
    packUnit: l.packUnit,
    packFactor: l.packFactor,
    batchNo: l.batchNo,
    productionDate: l.productionDate ?? '',
    expiry: l.expiry,
    acceptedPacks: toPacks(l.acceptedQuantity, l.packFactor),
    rejectedPacks: l.rejectedQuantity ? toPacks(l.rejectedQuantity, l.packFactor) : null,
    rejectReason: l.rejectReason,
    priceText: formatYuan(l.priceMicro),
    deliveryNoteNo: l.deliveryNoteNo,
    distributorInvoiceNo: l.distributorInvoiceNo,
    manufacturerInvoiceNo: l.manufacturerInvoiceNo,
    traceCodes: l.traceCodes,
    arrivalTemp: l.arrivalTempTenths === null ? null : l.arrivalTempTenths / 10,
    secondInspectorUserId: l.secondInspectorUserId,
    shortExpiryReason: l.shortExpiryReason,
  }));
}

export const headerFromReceipt = (r: Receipt): EditHeader => ({
  supplierId: r.supplierId,
  storeId: r.storeId,
  orderId: r.orderId,
  orderNumber: r.orderNumber,
  unplannedReason: r.unplannedReason,
  arrivedOn: r.arrivedOn,
  note: r.note,
});

export const baseOf = (packs: number | null, factor: number) => Math.round((packs ?? 0) * factor);

/** The lines to send (those with an item) and, for each, its row in the editor (for the hub's field paths). */
export function receiptInput(header: EditHeader, lines: EditLine[]): { input: OpInput<'receipt.create'>; rows: number[] } {
  const rows: number[] = [];
  const sent = lines.flatMap((l, i) => {
    if (!l.item) return [];
    rows.push(i);
    const rejected = baseOf(l.rejectedPacks, l.packFactor);
    return [
      {
        itemId: l.item.id,
        orderLineId: l.orderLineId,
        batchNo: l.batchNo,
        expiry: l.expiry,
        productionDate: l.productionDate || null,
        quantity: baseOf(l.acceptedPacks, l.packFactor),
        rejectedQuantity: rejected,
        rejectReason: l.rejectReason,
        priceMicro: parseYuan(l.priceText) ?? -1,
        packUnit: l.packUnit || null,
        traceCodes: l.traceCodes,
        deliveryNoteNo: l.deliveryNoteNo,
        distributorInvoiceNo: l.distributorInvoiceNo,
        manufacturerInvoiceNo: l.manufacturerInvoiceNo,
        arrivalTemp: l.arrivalTemp,
        shortExpiryReason: l.shortExpiryReason,
        secondInspectorUserId: l.secondInspectorUserId,
      },
    ];
  });
  return {
    input: {
      supplierId: header.supplierId ?? 0,
      storeId: header.storeId ?? 0,
      orderId: header.orderId,
      unplannedReason: header.unplannedReason,
      arrivedOn: header.arrivedOn || null,
      note: header.note,
      lines: sent,
    },
    rows,
  };
}

/** The hub's refusals by field: header fields by name, line fields by editor row (`3.expiry`, `3.traceCodes.7`). */
export function fieldErrors(error: unknown, rows: number[]): Map<string, string> {
  const map = new Map<string, string>();
  if (!(error instanceof ApiError)) return map;
  for (const f of error.fields as FieldError[]) {
    const m = /^lines\.(\d+)\.(.+)$/.exec(f.path);
    const key = m ? `${rows[Number(m[1])] ?? m[1]}.${m[2]}` : f.path;
    if (!map.has(key)) map.set(key, f.message);
  }
  return map;
}

/** The errors of one line's trace codes: index → message. */
export function codeErrors(errors: Map<string, string>, row: number): Map<number, string> {
  const out = new Map<number, string>();
  const prefix = `${row}.traceCodes.`;
  for (const [key, message] of errors) if (key.startsWith(prefix)) out.set(Number(key.slice(prefix.length)), message);
  return out;
}

export type ScanOutcome =
  | { kind: 'code'; lines: EditLine[]; row: number; code: string }
  | { kind: 'udi'; lines: EditLine[]; row: number; added: boolean; batch: string; expiry: string }
  | { kind: 'needItem'; gtin: string; batch: string | null; production: string | null; expiry: string | null }
  | { kind: 'problem'; message: string; messageKey?: string; values?: Record<string, string | number> };

const gtinMatches = (item: LineItem, gtin: string) =>
  [item.udiDi, item.standardCode].filter(Boolean).some((c) => c === gtin || `0${c}` === gtin || c === gtin.replace(/^0/, ''));

/**
 * Where a scanned line lands (the same reading as the hub's, core/api/scan.ts): a 追溯码 on the line of the item
 * whose 药品标识码 it carries (or whose codes share it), else on the selected line; a GS1 UDI fills the batch and
 * dates of the item's line with that batch (or an empty one), or adds a second batch line of the same item.
 */
export function placeScan(raw: string, lines: EditLine[], selected: number | null): ScanOutcome {
  const scan = readScan(raw);
  if (scan.kind === 'invalid') return { kind: 'problem', message: scan.reason };
  if (scan.kind === 'trace') {
    const at = lines.findIndex((l) => l.traceCodes.includes(scan.code));
    if (at >= 0) return { kind: 'problem', message: '', messageKey: 'receiving.scan.duplicate', values: { code: scan.code, line: at + 1 } };
    let row = lines.findIndex((l) => l.item?.tracePrefix === scan.productPrefix);
    if (row < 0) row = lines.findIndex((l) => l.item?.tracePrefix === '' && l.traceCodes.some((c) => c.startsWith(scan.productPrefix)));
    if (row < 0 && selected !== null && lines[selected]?.item) {
      const sel = lines[selected].item!;
      if (sel.tracePrefix === '' || sel.tracePrefix === scan.productPrefix) row = selected;
    }
    if (row < 0) return { kind: 'problem', message: '', messageKey: 'receiving.scan.noLine', values: { prefix: scan.productPrefix } };
    // Several batch lines of one item: the selected one while it still lacks codes, else the first that does.
    const same = lines.map((l, i) => ({ l, i })).filter(({ l }) => l.item?.id === lines[row]!.item?.id);
    if (same.length > 1) {
      const open = same.filter(({ l }) => l.traceCodes.length < expectedCodes(l));
      const pick = open.find(({ i }) => i === selected) ?? open[0] ?? same.find(({ i }) => i === selected) ?? same[0]!;
      row = pick.i;
    }
    const next = lines.map((l, i) => (i === row ? { ...l, traceCodes: [...l.traceCodes, scan.code] } : l));
    return { kind: 'code', lines: next, row, code: scan.code };
  }
  const ofItem = lines.map((l, i) => ({ l, i })).filter(({ l }) => l.item && gtinMatches(l.item, scan.gtin));
  if (ofItem.length === 0) return { kind: 'needItem', gtin: scan.gtin, batch: scan.batch, production: scan.production, expiry: scan.expiry };
  const fill = (l: EditLine): EditLine => ({
    ...l,
    batchNo: scan.batch ?? l.batchNo,
    productionDate: scan.production ?? l.productionDate,
    expiry: scan.expiry ?? l.expiry,
    traceCodes: scan.serial && l.item && (l.item.category === 'consumable' || l.item.category === 'reagent') && !l.traceCodes.includes(scan.serial) ? [...l.traceCodes, scan.serial] : l.traceCodes,
  });
  const same = ofItem.find(({ l }) => scan.batch === null || l.batchNo === scan.batch) ?? ofItem.find(({ l }) => l.batchNo === '');
  if (same) {
    const next = lines.map((l, i) => (i === same.i ? fill(l) : l));
    return { kind: 'udi', lines: next, row: same.i, added: false, batch: scan.batch ?? '', expiry: scan.expiry ?? '' };
  }
  const model = ofItem[0]!.l;
  const added = fill(
    emptyLine(model.item, {
      orderLineId: model.orderLineId,
      ordered: model.ordered,
      packUnit: model.packUnit,
      packFactor: model.packFactor,
      priceText: model.priceText,
      deliveryNoteNo: model.deliveryNoteNo,
      distributorInvoiceNo: model.distributorInvoiceNo,
      manufacturerInvoiceNo: model.manufacturerInvoiceNo,
      arrivalTemp: model.arrivalTemp,
      secondInspectorUserId: model.secondInspectorUserId,
    }),
  );
  const at = ofItem[ofItem.length - 1]!.i + 1;
  const next = [...lines.slice(0, at), added, ...lines.slice(at)];
  return { kind: 'udi', lines: next, row: at, added: true, batch: scan.batch ?? '', expiry: scan.expiry ?? '' };
}

/** How many codes a line needs when its item is traced per box (else 0: no count check). */
export function expectedCodes(line: EditLine): number {
  const item = line.item;
  if (!item || !item.tracePack) return 0;
  const per = baseUnitsPer(item.baseUnit, item.packs, item.tracePack);
  return per ? Math.round(baseOf(line.acceptedPacks, line.packFactor) / per) : 0;
}

/** A base quantity as packs (10盒), or in base units when it does not divide (5粒). */
export const formatPackQty = (base: number, factor: number, packUnit: string, baseUnit: string) =>
  factor > 0 && base % factor === 0 ? `${base / factor}${packUnit}` : `${base}${baseUnit}`;

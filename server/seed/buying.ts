/**
 * The demo community's buying history: suppliers with their 首营资料 (one licence running out within the month,
 * so the alert shows), and three months of purchase orders for the central store, each received in one or two
 * deliveries and accepted batch by batch, with some 科室领用 issues so that the suggestions have a consumption
 * to work from; the latest order is still on its way and one delivery waits for acceptance. Every write is a
 * registered operation run as the system actor `示例数据 (seed)`, dated when it happened (`now`).
 */
import { executeOperation } from '../../core/registry.js';
import { systemActor } from '../../core/system-actor.js';
import { communityDate } from '../../core/time.js';
import { usccCheckChar } from '../../core/api/codes.js';
import type { Db } from '../../db/open.js';

export class BuyingSeedError extends Error {
  override name = 'BuyingSeedError';
}

const DAY = 86_400_000;

async function run<T>(db: Db, name: string, input: unknown, now: Date): Promise<T> {
  const result = await executeOperation(db, name, input, { system: systemActor('seed'), now, clientAddress: 'seed-demo' });
  if (!result.ok) {
    const fields = result.error.fields?.map((f) => `${f.path}：${f.message}`).join('；');
    throw new BuyingSeedError(`${name} 失败（${result.error.code}）：${result.error.message}${fields ? `（${fields}）` : ''}`);
  }
  return result.output as T;
}

/** A valid 统一社会信用代码 from its first 17 characters. */
function uscc(first17: string): string {
  const check = usccCheckChar(first17);
  if (check === null) throw new BuyingSeedError(`示例统一社会信用代码 ${first17} 无效`);
  return first17 + check;
}

const plusDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY);
const dateText = (date: Date) => communityDate(date);

interface SampleSupplier {
  name: string;
  uscc: string;
  kind: 'distributor' | 'manufacturer';
  sme: boolean;
  code: string;
  devices: boolean;
  /** Days from today until the 药品/器械经营许可证 expires. */
  licenceDays: number;
  /** The account finance pays into (a payment batch refuses a supplier without one). */
  bank: string;
  account: string;
}

const SUPPLIERS: SampleSupplier[] = [
  { name: '国药控股清源医药有限公司', uscc: uscc('91360799MA35K0G1X'), kind: 'distributor', sme: false, code: 'PS3607990001', bank: '中国工商银行清源县支行', account: '1507210109200138866', devices: false, licenceDays: 900 },
  { name: '华润赣州医药有限公司', uscc: uscc('91360700MA38B2Q7L'), kind: 'distributor', sme: false, code: 'PS3607990002', bank: '中国建设银行赣州分行营业部', account: '36050170012300000521', devices: false, licenceDays: 600 },
  { name: '清源县康达医药有限公司', uscc: uscc('91360799MA39Y3T5P'), kind: 'distributor', sme: true, code: 'PS3607990003', bank: '江西清源农村商业银行城关支行', account: '1402 0001 2201 0045 678', devices: false, licenceDays: 20 },
  { name: '江西瑞康医疗器械有限公司', uscc: uscc('91360700MA3AQ4W8R'), kind: 'distributor', sme: true, code: 'PS3607990004', bank: '中国银行赣州章贡支行', account: '1918 2733 6021', devices: true, licenceDays: 400 },
];

interface GridItem {
  id: number;
  genericName: string;
  category: string;
  status: string;
  controlledClass: string;
  coldChain: boolean;
  storageTempMin: number | null;
  storageTempMax: number | null;
  packs: { unit: string; factor: number }[];
  currentPrices: Record<string, { priceMicro: number; unit: string } | null>;
  vbp: unknown;
}

/** Deterministic pseudo-random numbers, so every demo database tells the same story. */
function sequence(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** The first pack level above the base unit (the box that carries a 追溯码). */
const firstPack = (item: GridItem) => {
  const pack = item.packs[0];
  return pack && purchasePack(item)?.unit === pack.unit ? purchasePack(item) : null;
};

const isDevice = (item: GridItem) => item.category === 'consumable' || item.category === 'reagent';

/** The purchase pack of an item's listed price: its factor in base units. */
function purchasePack(item: GridItem): { unit: string; factor: number } | null {
  const price = item.currentPrices['listed'];
  if (!price) return null;
  let factor = 1;
  for (const pack of item.packs) {
    factor *= pack.factor;
    if (pack.unit === price.unit) return { unit: pack.unit, factor };
  }
  return null;
}

export async function seedBuying(db: Db, now: Date): Promise<void> {
  const start = plusDays(now, -92);
  const suppliers: { id: number; sample: SampleSupplier }[] = [];
  for (const sample of SUPPLIERS) {
    const licence = sample.devices ? 'device_trade_licence' : 'drug_trade_licence';
    const created = await run<{ supplier: { id: number } }>(
      db,
      'supplier.create',
      {
        name: sample.name,
        uscc: sample.uscc,
        kind: sample.kind,
        sme: sample.sme,
        contactName: '业务员',
        contactPhone: '0797-8881234',
        bankName: sample.bank,
        bankAccountName: sample.name,
        bankAccountNo: sample.account,
        // The national TPS code, and Sichuan's, which is the supplier's 统一社会信用代码 there (delventpCode is opaque).
        platformCodes: [
          { profile: 'national', code: sample.code },
          { profile: 'sichuan', code: sample.uscc },
        ],
        qualifications: [
          { kind: 'business_licence', number: sample.uscc, expiresOn: null },
          { kind: licence, number: `赣${sample.devices ? '食药监械经营许' : 'AA'}${sample.code.slice(-6)}`, expiresOn: dateText(plusDays(now, sample.licenceDays)) },
          { kind: 'gsp', number: `GSP-${sample.code.slice(-4)}`, expiresOn: dateText(plusDays(now, sample.licenceDays + 180)) },
          { kind: 'authorization', number: `SQ-${sample.code.slice(-4)}`, expiresOn: dateText(plusDays(now, 365)) },
        ],
      },
      start,
    );
    suppliers.push({ id: created.supplier.id, sample });
  }

  const store = (await run<{ stores: { id: number; isCentral: boolean }[] }>(db, 'store.list', {}, start)).stores.find((s) => s.isCentral);
  if (!store) throw new BuyingSeedError('找不到中心药库');
  const items = (await run<{ items: GridItem[] }>(db, 'formulary.list', {}, start)).items.filter(
    (i) => i.status === 'active' && i.category !== 'preparation' && i.category !== 'herbal' && i.controlledClass === '' && purchasePack(i) !== null,
  );
  // Each item's 挂网 identity on both starting platform profiles, with the distributors that deliver it there.
  for (const [index, item] of items.entries()) {
    const deliverers = suppliers.filter((s) => s.sample.devices === isDevice(item));
    await run(
      db,
      'formulary.setPlatformIds',
      {
        itemId: item.id,
        platformIds: [
          { profile: 'national', productId: `GW${String(100_000 + index)}`, distributors: deliverers.map((s) => ({ name: s.sample.name, code: s.sample.code })) },
          { profile: 'sichuan', productId: `SC51${String(200_000 + index)}`, distributors: deliverers.map((s) => ({ name: s.sample.name, code: s.sample.uscc })) },
        ],
      },
      start,
    );
  }
  const drugs = items.filter((i) => !isDevice(i));
  // 追溯码 per box for the western drugs sold in boxes: the 药品标识码 is set, each box's code scanned at receipt.
  const traced = new Map<number, string>();
  for (const item of drugs.filter((i) => i.category === 'western' && firstPack(i) !== null)) {
    const prefix = String(8_100_000 + traced.size * 37);
    traced.set(item.id, prefix);
    await run(db, 'formulary.setTracing', { itemId: item.id, tracePrefix: prefix, tracePack: purchasePack(item)!.unit }, start);
  }
  let serial = 0;
  const codesFor = (itemId: number, boxes: number): string[] => {
    const prefix = traced.get(itemId);
    if (!prefix) return [];
    return Array.from({ length: boxes }, () => prefix + String(++serial).padStart(13, '0'));
  };
  const devices = items.filter(isDevice);
  const vbpDrugs = drugs.filter((i) => i.vbp !== null && i.vbp !== undefined);
  const random = sequence(20_261_201);
  const pick = <T>(list: T[], count: number): T[] => {
    const copy = [...list];
    const chosen: T[] = [];
    while (chosen.length < count && copy.length > 0) chosen.push(copy.splice(Math.floor(random() * copy.length), 1)[0]!);
    return chosen;
  };

  // One order a week for twelve weeks, rotating over the suppliers; the last one is still on its way.
  const weeks = 12;
  for (let week = 0; week < weeks; week++) {
    const orderedAt = plusDays(start, week * 7 + 1);
    const { id: supplierId, sample } = suppliers[week % suppliers.length]!;
    const chosen = pick(sample.devices ? devices : drugs, sample.devices ? 6 : 10);
    // Every drug order carries a 中选 product (集采: its 30-day payment rule, its volumes), rotating over them.
    if (!sample.devices && vbpDrugs.length > 0 && !chosen.some((i) => vbpDrugs.includes(i))) chosen[chosen.length - 1] = vbpDrugs[week % vbpDrugs.length]!;
    const lines = chosen.map((item) => {
      const pack = purchasePack(item)!;
      return { item, pack, quantity: pack.factor * (5 + Math.floor(random() * 20)), priceMicro: item.currentPrices['listed']!.priceMicro };
    });
    if (lines.length === 0) continue;
    const { order } = await run<{ order: { id: number; lines: { id: number }[] } }>(
      db,
      'purchaseOrder.create',
      { supplierId, storeId: store.id, platformProfile: 'national', lines: lines.map((l) => ({ itemId: l.item.id, quantity: l.quantity, priceMicro: l.priceMicro })) },
      orderedAt,
    );
    await run(db, 'purchaseOrder.approve', { id: order.id }, plusDays(orderedAt, 0.1));
    if (week === weeks - 1) continue;

    // Delivered two days later; every third order in two deliveries, the second a new batch of the first lines.
    const split = week % 3 === 0;
    const deliveries = split ? 2 : 1;
    for (let delivery = 0; delivery < deliveries; delivery++) {
      const arrivedAt = plusDays(orderedAt, 2 + delivery * 3);
      const receiptLines = lines.flatMap((line, index) => {
        const share = split ? (delivery === 0 ? Math.ceil(line.quantity / line.pack.factor / 2) * line.pack.factor : line.quantity - Math.ceil(line.quantity / line.pack.factor / 2) * line.pack.factor) : line.quantity;
        if (share <= 0) return [];
        const expiry = plusDays(arrivedAt, 365 + Math.floor(random() * 700));
        const temp = line.item.coldChain ? { arrivalTemp: ((line.item.storageTempMin ?? 2) + (line.item.storageTempMax ?? 8)) / 2 } : {};
        return [
          {
            itemId: line.item.id,
            orderLineId: order.lines[index]!.id,
            batchNo: `${dateText(arrivedAt).replace(/-/g, '').slice(2)}${String(index + 1).padStart(2, '0')}${delivery}`,
            productionDate: dateText(plusDays(arrivedAt, -60 - Math.floor(random() * 120))),
            expiry: dateText(expiry).slice(0, 7),
            quantity: share,
            priceMicro: line.priceMicro,
            traceCodes: codesFor(line.item.id, share / line.pack.factor),
            deliveryNoteNo: `SH${dateText(arrivedAt).replace(/-/g, '')}${week}${delivery}`,
            distributorInvoiceNo: `2436${String(week).padStart(2, '0')}${String(delivery)}${'0'.repeat(13)}`.slice(0, 20),
            // 两票制: the manufacturer's invoice to the distributor travels with the goods — but week 5's delivery came
            // without it for its first line, so that distributor invoice waits (the finance demo shows the exception).
            manufacturerInvoiceNo: week === 5 && index === 0 ? '' : `3644${String(week).padStart(2, '0')}${String(delivery)}${String(index + 1).padStart(3, '0')}${'0'.repeat(10)}`.slice(0, 20),
            ...temp,
          },
        ];
      });
      const { receipt } = await run<{ receipt: { id: number } }>(
        db,
        'receipt.create',
        { supplierId, storeId: store.id, orderId: order.id, arrivedOn: dateText(arrivedAt), lines: receiptLines },
        arrivedAt,
      );
      // The most recent delivery waits for the storekeeper's acceptance.
      if (week === weeks - 2 && delivery === deliveries - 1) continue;
      await run(db, 'receipt.post', { id: receipt.id, requestId: `seed-receipt-${week}-${delivery}` }, plusDays(arrivedAt, 0.2));
    }
  }

  // 科室领用 from the central store every other week: the consumption the suggestions average.
  for (let week = 1; week < weeks - 1; week += 2) {
    const at = plusDays(start, week * 7 + 5);
    const batches = (
      await run<{ rows: { itemId: number; batchId?: number; quantity: number; storeId: number | null }[] }>(db, 'stock.onHand', { storeId: store.id }, at)
    ).rows.filter((r) => r.quantity > 10 && r.batchId !== undefined);
    const lines = pick(batches, 6).map((row) => ({ itemId: row.itemId, batchId: row.batchId!, quantity: Math.max(1, Math.floor(row.quantity / 4)) }));
    if (lines.length === 0) continue;
    const created = await run<{ adjustment: { id: number; version: number } }>(
      db,
      'stockAdjustment.create',
      { kind: 'other_out', storeId: store.id, reason: '院内科室领用', lines },
      at,
    );
    await run(db, 'stockAdjustment.post', { id: created.adjustment.id, version: created.adjustment.version, requestId: `seed-issue-${week}` }, plusDays(at, 0.05));
  }
}

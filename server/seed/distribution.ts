/**
 * The demo community's distribution history: a budget per member unit, village requisitions routed through their
 * township (乡村一体化), and three months of requisitions from three township centres and two village clinics —
 * approved (now and then with a line reduced), allocated first-expiry-first from the central store, shipped and
 * confirmed — with the members' consumption posted from their HIS totals and a stocktake. It leaves what a
 * pharmacy officer finds on a real Monday: a requisition waiting for review, one rejected, one shipment on its
 * way, one confirmed short with its discrepancy open, and near-expiry stock at a village clinic. Every write is
 * a registered operation run as the system actor `示例数据 (seed)`, dated when it happened.
 */
import { executeOperation } from '../../core/registry.js';
import { systemActor } from '../../core/system-actor.js';
import { communityDate, communityYear } from '../../core/time.js';
import type { Db } from '../../db/open.js';

export class DistributionSeedError extends Error {
  override name = 'DistributionSeedError';
}

const DAY = 86_400_000;
const plusDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY);

async function run<T>(db: Db, name: string, input: unknown, now: Date): Promise<T> {
  const result = await executeOperation(db, name, input, { system: systemActor('seed'), now, clientAddress: 'seed-demo' });
  if (!result.ok) {
    const fields = result.error.fields?.map((f) => `${f.path}：${f.message}`).join('；');
    throw new DistributionSeedError(`${name} 失败（${result.error.code}）：${result.error.message}${fields ? `（${fields}）` : ''}`);
  }
  return result.output as T;
}

interface Unit {
  id: number;
  code: string;
  name: string;
  level: 'county' | 'township' | 'village';
  parentId: number | null;
  isLead: boolean;
}
interface Store {
  id: number;
  unitId: number;
  isCentral: boolean;
}
interface ItemRow {
  id: number;
  status: string;
  category: string;
  controlledClass: string;
  levels: Record<Unit['level'], boolean>;
  currentPrices: Record<string, { priceMicro: number; unit: string } | null>;
}
interface StockRow {
  itemId: number;
  quantity: number;
}
interface Suggestion {
  itemId: number;
  issuePackFactor: number;
}
interface RequisitionOut {
  requisition: { id: number; version: number; lines: { id: number; itemId: number; requested: number }[] };
}
interface ShipmentOut {
  shipment: { id: number; version: number; lines: { id: number; itemId: number; quantity: number }[] };
}

/** Deterministic pseudo-random numbers, so every demo database tells the same story. */
function sequence(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** The units that request stock in the demo: three township centres and two villages of the first. */
const REQUESTERS = ['QY-WS01', 'QY-WS02', 'QY-WS03', 'QY-CS0101', 'QY-CS0102'];

export async function seedDistribution(db: Db, now: Date): Promise<void> {
  const start = plusDays(now, -84);
  const random = sequence(20_261_202);
  const units = (await run<{ units: Unit[] }>(db, 'unit.list', {}, start)).units;
  const stores = (await run<{ stores: Store[] }>(db, 'store.list', {}, start)).stores;
  const central = stores.find((s) => s.isCentral);
  if (!central) throw new DistributionSeedError('找不到中心药库');
  const storeOf = (unitId: number) => stores.find((s) => s.unitId === unitId && !s.isCentral)!;
  const byCode = new Map(units.map((u) => [u.code, u]));
  const requesters = REQUESTERS.map((code) => byCode.get(code)).filter((u): u is Unit => u !== undefined);

  // 乡村一体化: the villages' requisitions go through their township centre.
  await run(db, 'distribution.settings.update', { villageViaTownship: true }, start);
  // A budget per member unit for every year the history touches; one township only warns when over.
  for (const year of new Set([communityYear(start), communityYear(now)])) {
    for (const unit of units.filter((u) => !u.isLead && u.level !== 'county')) {
      const amountYuan = unit.level === 'township' ? 30_000 : 3_000;
      await run(
        db,
        'budget.set',
        {
          unitId: unit.id,
          year,
          amountMicro: amountYuan * 1_000_000,
          overRule: unit.code === 'QY-WS03' ? 'warn' : 'block',
          note: `${year}年度药品耗材预算`,
        },
        start,
      );
    }
  }

  const items = (await run<{ items: ItemRow[] }>(db, 'formulary.list', {}, start)).items.filter(
    (i) => i.status === 'active' && i.controlledClass === '' && i.category !== 'preparation' && i.category !== 'herbal',
  );

  // Near-expiry stock for a village clinic: a delivery into the central store of a batch with about seven
  // months left, which FEFO sends first to the village (just above the village minimum) and which is within
  // the near-expiry band by now.
  const villageItem = items.find((i) => i.levels.village && i.category === 'chinese_patent' && i.currentPrices['listed']);
  const supplier = (await run<{ suppliers: { id: number; name: string }[] }>(db, 'supplier.list', {}, start)).suppliers[0];
  if (villageItem && supplier) {
    const arrived = plusDays(start, 3);
    const price = villageItem.currentPrices['listed']!;
    const suggestion = await suggest(db, storeOf(byCode.get('QY-CS0101')!.id).id, [villageItem.id], arrived);
    const quantity = (suggestion[0]?.issuePackFactor ?? 1) * 40;
    const { receipt } = await run<{ receipt: { id: number } }>(
      db,
      'receipt.create',
      {
        supplierId: supplier.id,
        storeId: central.id,
        unplannedReason: '供应商调剂补货（近效期批次，按村卫生室用量分配）',
        arrivedOn: communityDate(arrived),
        lines: [
          {
            itemId: villageItem.id,
            batchNo: `JX${communityDate(arrived).replace(/-/g, '').slice(2)}`,
            expiry: communityDate(plusDays(now, 150)),
            quantity: quantity * 2,
            priceMicro: price.priceMicro,
            traceCodes: [],
          },
        ],
      },
      arrived,
    );
    await run(db, 'receipt.post', { id: receipt.id, requestId: 'seed-near-expiry-receipt' }, plusDays(arrived, 0.1));
  }

  let requestSerial = 0;
  const rounds = 6;
  for (let round = 0; round < rounds; round++) {
    const day = 7 + round * 14;
    const last = round === rounds - 1;
    for (const [index, unit] of requesters.entries()) {
      const at = plusDays(start, day + index * 0.2);
      const store = storeOf(unit.id);
      // What the central store has of the unit's level today, a few items per requisition.
      const onHand: StockRow[] = (
        await run<{ rows: StockRow[] }>(db, 'stock.onHand', { storeId: central.id, by: 'item', pageSize: 10_000 }, at)
      ).rows.filter((r) => r.quantity > 200);
      const allowed = new Set(items.filter((i) => i.levels[unit.level]).map((i) => i.id));
      const candidates = onHand.filter((r) => allowed.has(r.itemId));
      const chosen: StockRow[] = [];
      if (round === 0 && unit.code === 'QY-CS0101' && villageItem) {
        const near = candidates.find((c) => c.itemId === villageItem.id);
        if (near) chosen.push(near);
      }
      while (chosen.length < (unit.level === 'village' ? 3 : 6) && candidates.length > chosen.length) {
        const next = candidates[Math.floor(random() * candidates.length)]!;
        if (!chosen.includes(next)) chosen.push(next);
      }
      if (chosen.length === 0) continue;
      const packs = new Map(
        (
          await suggest(
            db,
            store.id,
            chosen.map((c) => c.itemId),
            at,
          )
        ).map((s) => [s.itemId, s.issuePackFactor]),
      );
      const lines = chosen
        .map((c) => {
          const factor = packs.get(c.itemId) ?? 1;
          // The near-expiry batch goes to the village in quantity: a slow mover there, which is why it ages.
          const wanted =
            c.itemId === villageItem?.id && unit.code === 'QY-CS0101' ? 30 : (unit.level === 'village' ? 2 : 4) + Math.floor(random() * 6);
          return { itemId: c.itemId, quantity: Math.min(wanted, Math.floor(c.quantity / factor / 2)) * factor };
        })
        .filter((l) => l.quantity > 0);
      if (lines.length === 0) continue;
      const created = await run<RequisitionOut>(db, 'requisition.create', { storeId: store.id, lines, note: `第${round + 1}轮请领` }, at);
      const id = created.requisition.id;
      requestSerial += 1;
      await run(db, 'requisition.submit', { id }, plusDays(at, 0.05));
      // The last round's township requisition waits for the officer.
      if (last && unit.code === 'QY-WS02') continue;
      if (unit.level === 'village') {
        await run(db, 'requisition.review', { id, reason: '乡镇卫生院已核对用量' }, plusDays(at, 0.3));
      }
      if (round === 2 && unit.code === 'QY-CS0102') {
        await run(db, 'requisition.reject', { id, reason: '上轮请领尚未用完，请按月用量重新请领' }, plusDays(at, 0.6));
        continue;
      }
      // Every other round the officer reduces the first line by one pack, with the reason.
      const first = created.requisition.lines[0]!;
      const firstFactor = packs.get(first.itemId) ?? 1;
      const reduce = round % 2 === 1 && first.requested > firstFactor;
      await run(
        db,
        'requisition.approve',
        {
          id,
          lines: reduce ? [{ id: first.id, approvedQuantity: first.requested - firstFactor, reason: '中心库存紧张，按用量核减' }] : [],
        },
        plusDays(at, 0.6),
      );
      const allocated = await run<ShipmentOut>(db, 'shipment.allocate', { requisitionId: id }, plusDays(at, 0.8));
      await run(db, 'shipment.ship', { id: allocated.shipment.id, requestId: `seed-ship-${requestSerial}` }, plusDays(at, 1));
      // The last round's first shipment is still on its way.
      if (last && unit.code === 'QY-WS01') continue;
      const short = round === 4 && unit.code === 'QY-WS03';
      const shortLine = allocated.shipment.lines.find((l) => l.quantity > 1);
      await run(
        db,
        'shipment.confirm',
        {
          id: allocated.shipment.id,
          requestId: `seed-confirm-${requestSerial}`,
          lines:
            short && shortLine ? [{ id: shortLine.id, receivedQuantity: shortLine.quantity - 1, reason: '拆零包装破损，短少 1 个最小单位，已拍照' }] : [],
        },
        plusDays(at, 2),
      );
      // Ten days later the unit's HIS totals for the period go in as consumption (about half of what came).
      if (!last) {
        const stock = (
          await run<{ rows: { itemId: number; quantity: number }[] }>(
            db,
            'stock.onHand',
            { storeId: store.id, by: 'item', pageSize: 10_000 },
            plusDays(at, 12),
          )
        ).rows.filter((r) => r.quantity > 1);
        const used = stock.map((r) => ({
          itemId: r.itemId,
          quantity: Math.max(1, Math.floor(r.quantity * (r.itemId === villageItem?.id ? 0.05 : 0.35 + random() * 0.3))),
        }));
        if (used.length > 0) {
          const consumption = await run<{ consumption: { id: number; version: number } }>(
            db,
            'consumption.create',
            {
              storeId: store.id,
              periodFrom: communityDate(plusDays(at, 2)),
              periodTo: communityDate(plusDays(at, 12)),
              target: 'patients',
              lines: used,
              note: 'HIS 发药汇总',
            },
            plusDays(at, 12),
          );
          await run(
            db,
            'consumption.post',
            { id: consumption.consumption.id, version: consumption.consumption.version, requestId: `seed-consumption-${requestSerial}` },
            plusDays(at, 12.1),
          );
        }
      }
    }
  }

  // A stocktake at the first township centre a few days ago, one line two short.
  const township = byCode.get('QY-WS01');
  if (township) {
    const at = plusDays(now, -3);
    const sheet = await run<{ stocktake: { id: number; version: number; lines: { id: number; bookQuantity: number }[] } }>(
      db,
      'stocktake.create',
      { storeId: storeOf(township.id).id, note: '月末盘点' },
      at,
    );
    const counted = sheet.stocktake.lines.map((line, i) =>
      i === 0 && line.bookQuantity > 2
        ? { id: line.id, countedQuantity: line.bookQuantity - 2, reason: '破损未报，盘点发现' }
        : { id: line.id, countedQuantity: line.bookQuantity, reason: '' },
    );
    if (counted.length > 0) {
      const after = await run<{ stocktake: { version: number } }>(
        db,
        'stocktake.count',
        { id: sheet.stocktake.id, version: sheet.stocktake.version, lines: counted },
        plusDays(at, 0.1),
      );
      await run(
        db,
        'stocktake.post',
        { id: sheet.stocktake.id, version: after.stocktake.version, requestId: 'seed-stocktake-ws01' },
        plusDays(at, 0.2),
      );
    }
  }
}

async function suggest(db: Db, storeId: number, itemIds: number[], at: Date): Promise<Suggestion[]> {
  return (await run<{ suggestions: Suggestion[] }>(db, 'requisition.suggest', { storeId, itemIds }, at)).suggestions;
}

import { formatYuan } from '../../api/money.js';
import { nearExpiry } from '../../stock/views.js';
import { stockSettings } from '../../stock/settings.js';
import { communityReadContext, type AlertCondition, type SourceInput } from './types.js';

interface Group {
  unitId: number;
  unitName: string;
  batches: number;
  valueMicro: number;
  earliest: string;
  stores: Set<string>;
}

/**
 * 批次效期 per unit: its stores' batches already expired (critical) and those expiring within the smallest
 * near-expiry threshold of the stock settings (1 month by default; the 库存预警 page lists the wider bands). The
 * batches come from stock.nearExpiry's banding, as the 库存预警 behind stockAlert.list reads them; goods in transit
 * are nobody's shelf and are left out there too. One alert per unit and band, kept up to date while it holds; the
 * unit's stock readers act (stock.read, confined to the unit).
 */
export function batchConditions({ db, now }: SourceInput): AlertCondition[] {
  const thresholds = [...stockSettings(db).nearExpiryMonths].sort((a, b) => a - b);
  const months = thresholds[0] ?? 1;
  const expiry = nearExpiry(communityReadContext(db, now), { months, includeExpired: true });
  const expired = new Map<number, Group>();
  const near = new Map<number, Group>();
  for (const row of expiry.rows) {
    if (row.storeId === null || row.unitId === null) continue;
    const groups = row.withinMonths === null ? expired : near;
    let group = groups.get(row.unitId);
    if (!group) {
      group = { unitId: row.unitId, unitName: row.unitName ?? '', batches: 0, valueMicro: 0, earliest: row.expiry, stores: new Set() };
      groups.set(row.unitId, group);
    }
    group.batches += 1;
    group.valueMicro += row.valueMicro;
    if (row.expiry < group.earliest) group.earliest = row.expiry;
    group.stores.add(row.storeName ?? '');
  }
  const data = (g: Group) => ({ batches: g.batches, valueMicro: g.valueMicro, earliestExpiry: g.earliest, stores: [...g.stores], months });
  return [
    ...[...expired.values()].map(
      (g): AlertCondition => ({
        key: `batch_expiry:${g.unitId}:expired`,
        kind: 'batch_expiry',
        severity: 'critical',
        unitId: g.unitId,
        permission: 'stock.read',
        title: `${g.unitName}有 ${g.batches} 个批次已过期（金额 ${formatYuan(g.valueMicro)} 元）`,
        action: '过期药品不得发放：请立即下架隔离，办理报损或退货',
        link: '/stock-alerts',
        data: data(g),
      }),
    ),
    ...[...near.values()].map(
      (g): AlertCondition => ({
        key: `batch_expiry:${g.unitId}:within`,
        kind: 'batch_expiry',
        severity: 'warning',
        unitId: g.unitId,
        permission: 'stock.read',
        title: `${g.unitName}有 ${g.batches} 个批次将在 ${months} 个月内过期（最早 ${g.earliest}）`,
        action: '请按效期先出优先使用，用不完的及早调剂到其他单位或联系供应商退换',
        link: '/stock-alerts',
        data: data(g),
      }),
    ),
  ];
}

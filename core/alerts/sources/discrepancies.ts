import { listDiscrepancies } from '../../distribution/shipments/read.js';
import { communityDate } from '../../time.js';
import type { AlertCondition, SourceInput } from './types.js';

/**
 * 签收差异未处理: a discrepancy still open (待处理; 报损待审批 waits on its second person) at least
 * `discrepancyDays` days after it was opened. The goods sit in transit until the pharmacy officer resolves it
 * (distribution.resolve); the alert belongs to the member unit that confirmed the shipment.
 */
export function discrepancyConditions({ db, now, settings }: SourceInput): AlertCondition[] {
  const today = communityDate(now);
  const open = listDiscrepancies(db, { units: null, levels: null }, { status: 'open', limit: 5000 });
  return open.flatMap((d): AlertCondition[] => {
    const openedOn = communityDate(new Date(d.openedAt));
    const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${openedOn}T00:00:00Z`)) / 86_400_000);
    if (days < settings.discrepancyDays) return [];
    return [
      {
        key: `discrepancy_open:${d.id}`,
        kind: 'discrepancy_open',
        severity: 'warning',
        unitId: d.unitId,
        permission: 'distribution.resolve',
        title: `${d.unitName}签收的${d.shipmentNumber}有${d.kindLabel}差异（${d.itemName} ${d.quantity}${d.baseUnit}）已 ${days} 天未处理`,
        action: '请核实后处理差异：已找到、退回发货方、重新发货或申请报损',
        link: '/discrepancies',
        data: { discrepancyId: d.id, shipmentId: d.shipmentId, shipmentNumber: d.shipmentNumber, kind: d.kind, quantity: d.quantity, amountMicro: d.amountMicro, openedAt: d.openedAt, days },
      },
    ];
  });
}

import { Tag } from 'antd';
import type { RequisitionState } from '../../../../core/api/index.js';

const STATE_COLORS: Record<RequisitionState, string> = {
  draft: 'default',
  submitted: 'processing',
  reviewed: 'cyan',
  approved: 'blue',
  rejected: 'warning',
  allocated: 'geekblue',
  shipped: 'purple',
  received: 'success',
  cancelled: 'default',
  closed: 'default',
};

/** The requisition's state as its type names it (已提交, 乡镇已审核, 已审核 …), coloured by where it stands. */
export function RequisitionStateTag({ doc }: { doc: { state: RequisitionState; stateLabel: string } }) {
  return (
    <Tag color={STATE_COLORS[doc.state]} data-testid="requisition-state">
      {doc.stateLabel}
    </Tag>
  );
}

/** A base quantity in the line's issue packs (10盒), or in base units when it is not whole packs (5粒). */
export function packText(quantity: number | null | undefined, line: { issuePackFactor: number; issueUnit: string; baseUnit: string }): string {
  if (quantity === null || quantity === undefined) return '';
  if (quantity === 0) return '0';
  if (quantity % line.issuePackFactor === 0) return `${quantity / line.issuePackFactor}${line.issueUnit}`;
  return `${quantity}${line.baseUnit}`;
}

/** Average monthly consumption in issue packs with one decimal (2.5盒). */
export function monthlyText(avg: number, line: { issuePackFactor: number; issueUnit: string }): string {
  if (avg === 0) return '0';
  const packs = avg / line.issuePackFactor;
  return `${Math.round(packs * 10) / 10}${line.issueUnit}`;
}

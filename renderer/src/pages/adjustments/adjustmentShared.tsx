import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AdjustmentKind, AdjustmentState, AdjustmentSummary } from '../../../../core/api/index.js';

const STATE_COLORS: Record<AdjustmentState, string> = {
  draft: 'default',
  submitted: 'processing',
  rejected: 'warning',
  posted: 'success',
  voided: 'default',
  reversed: 'error',
  reversal: 'magenta',
};

/** The document's state as its type names it (已退货, 待审批, 已审批, 已冲销 …), coloured by where it stands. */
export function AdjustmentStateTag({ doc }: { doc: Pick<AdjustmentSummary, 'state' | 'stateLabel'> }) {
  return <Tag color={STATE_COLORS[doc.state]}>{doc.stateLabel}</Tag>;
}

const KIND_COLORS: Record<AdjustmentKind, string> = { return: 'orange', loss: 'red', other_in: 'green', other_out: 'blue' };

export function AdjustmentKindTag({ kind }: { kind: AdjustmentKind }) {
  const { t } = useTranslation();
  return <Tag color={KIND_COLORS[kind]}>{t(`adjustments.kind.${kind}`)}</Tag>;
}

/** 批次状态 as a tag, only when it is not 正常. */
export function BatchStatusTag({ status }: { status: 'normal' | 'on_hold' | 'recalled' | null }) {
  const { t } = useTranslation();
  if (!status || status === 'normal') return null;
  return <Tag color={status === 'recalled' ? 'red' : 'orange'}>{t(`adjustments.status.${status}`)}</Tag>;
}

import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReceiptState } from '../../../../core/api/index.js';

export * from './receiptModel.js';

const STATE_COLORS: Record<ReceiptState, string> = { draft: 'gold', posted: 'green', voided: 'default', reversed: 'red', reversal: 'volcano' };

export function ReceiptStateTag({ state }: { state: ReceiptState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state]} style={{ marginInlineEnd: 0 }} data-testid="receipt-state">
      {t(`receiving.state.${state}`)}
    </Tag>
  );
}


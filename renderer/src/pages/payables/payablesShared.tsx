import { Tag } from 'antd';
import type { PaymentBatchState } from '../../../../core/api/index.js';

export { yuan, newRequestId, communityToday } from '../invoices/invoiceShared.js';
export { downloadBase64 } from '../books/booksShared.js';

const COLORS: Record<PaymentBatchState, string> = {
  draft: 'processing',
  approved: 'blue',
  partly_paid: 'orange',
  paid: 'success',
  cancelled: 'default',
};

export function BatchStateTag({ state, label }: { state: PaymentBatchState; label: string }) {
  return (
    <Tag color={COLORS[state]} data-testid="batch-state">
      {label}
    </Tag>
  );
}

/** Hands the payables ticked on /payables to the batch builder on /payment-batches. */
export const SELECTED_KEY = 'tongcai.payables.selected';

import { useParams } from '@tanstack/react-router';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { FullPageSpin } from '../../layout/FullPageSpin.js';
import { ShipmentView } from './ShipmentView.js';

/** /member-returns/$returnId: one 退库单 — the same view as a transfer, with the return's own actions. */
export function MemberReturnPage() {
  const { t } = useTranslation();
  const { returnId } = useParams({ strict: false });
  const got = useOp('shipment.get', { id: returnId ?? 0 }, { enabled: returnId !== undefined });
  if (got.error) return <Alert type="error" showIcon message={errorMessage(got.error, t)} />;
  if (!got.data) return <FullPageSpin />;
  return <ShipmentView key={`${got.data.shipment.id}-${got.data.shipment.version}`} doc={got.data.shipment} />;
}

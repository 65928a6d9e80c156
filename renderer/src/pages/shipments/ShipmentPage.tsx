import { useParams } from '@tanstack/react-router';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { FullPageSpin } from '../../layout/FullPageSpin.js';
import { ShipmentView } from './ShipmentView.js';

/** /shipments/$shipmentId: one 调拨单 (pick list, shipping, 签收, discrepancies). */
export function ShipmentPage() {
  const { t } = useTranslation();
  const { shipmentId } = useParams({ strict: false });
  const got = useOp('shipment.get', { id: shipmentId ?? 0 }, { enabled: shipmentId !== undefined });
  if (got.error) return <Alert type="error" showIcon message={errorMessage(got.error, t)} />;
  if (!got.data) return <FullPageSpin />;
  return <ShipmentView key={`${got.data.shipment.id}-${got.data.shipment.version}`} doc={got.data.shipment} />;
}

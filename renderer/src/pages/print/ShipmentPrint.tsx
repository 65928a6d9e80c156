import { useParams } from '@tanstack/react-router';
import { useOp } from '../../api/hooks.js';
import { FullPageSpin } from '../../layout/FullPageSpin.js';
import { ShipmentSheet } from './shipmentSheet.js';

/** 调拨单（配送单） (/print/shipments/$shipmentId): see ShipmentSheet. */
export function ShipmentPrint() {
  const { shipmentId } = useParams({ strict: false });
  const got = useOp('shipment.get', { id: shipmentId ?? 0 }, { enabled: shipmentId !== undefined });
  const community = useOp('community.get', {});
  if (!got.data || !community.data) return <FullPageSpin />;
  return <ShipmentSheet shipment={got.data.shipment} mode="delivery" community={community.data.community.name} />;
}

import { useParams } from '@tanstack/react-router';
import { useOp } from '../../api/hooks.js';
import { FullPageSpin } from '../../layout/FullPageSpin.js';
import { ShipmentSheet } from './shipmentSheet.js';

/** 拣货单 (/print/pick-lists/$shipmentId): see ShipmentSheet. */
export function PickListPrint() {
  const { shipmentId } = useParams({ strict: false });
  const got = useOp('shipment.get', { id: shipmentId ?? 0 }, { enabled: shipmentId !== undefined });
  const community = useOp('community.get', {});
  if (!got.data || !community.data) return <FullPageSpin />;
  return <ShipmentSheet shipment={got.data.shipment} mode="pick" community={community.data.community.name} />;
}

import { useParams } from '@tanstack/react-router';
import { useOp } from '../../api/hooks.js';
import { FullPageSpin } from '../../layout/FullPageSpin.js';
import { ShipmentSheet } from './shipmentSheet.js';

/** 退库单 (/print/member-returns/$returnId): see ShipmentSheet. */
export function MemberReturnPrint() {
  const { returnId } = useParams({ strict: false });
  const got = useOp('shipment.get', { id: returnId ?? 0 }, { enabled: returnId !== undefined });
  const community = useOp('community.get', {});
  if (!got.data || !community.data) return <FullPageSpin />;
  return <ShipmentSheet shipment={got.data.shipment} mode="return" community={community.data.community.name} />;
}

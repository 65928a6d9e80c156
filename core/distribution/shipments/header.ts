import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import type { MemberReturnReason, ShipmentKind } from '../../api/distribution.js';
import type { DocumentType } from '../../documents/lifecycle.js';
import { notFound } from '../../errors.js';
import { storeLocationId } from '../../stock/ledger.js';
import { memberReturnType, shipmentType } from '../document-types.js';

/** A shipment's own header row (`shipments`): which way it goes and through which in-transit location. */
export interface ShipmentHeader {
  id: number;
  kind: ShipmentKind;
  requisitionId: number | null;
  fromStoreId: number;
  toStoreId: number;
  fromLocationId: number;
  toLocationId: number;
  memberUnitId: number;
  transitLocationId: number;
  returnReason: MemberReturnReason | '';
  recallId: number | null;
  reshipOfId: number | null;
  note: string;
}

export function shipmentHeader(db: Db, id: number): ShipmentHeader {
  const row = prepared(
    db.$client,
    `SELECT document_id AS id, kind, requisition_id AS requisitionId, from_store_id AS fromStoreId, to_store_id AS toStoreId,
       member_unit_id AS memberUnitId, transit_location_id AS transitLocationId, return_reason AS returnReason, recall_id AS recallId,
       reship_of_id AS reshipOfId, note
     FROM shipments WHERE document_id = ?`,
  ).get(id) as Omit<ShipmentHeader, 'fromLocationId' | 'toLocationId'> | undefined;
  if (!row) throw notFound('调拨单或退库单');
  return { ...row, fromLocationId: storeLocationId(db, row.fromStoreId), toLocationId: storeLocationId(db, row.toStoreId) };
}

/** The document type of a shipment row: 调拨单 for a transfer, 退库单 for a return. */
export const typeOfKind = (kind: ShipmentKind): DocumentType => (kind === 'transfer' ? shipmentType : memberReturnType);

import { approvedRequisitionForTest } from '../support/distribution.js';
import { call, ok } from '../support/db.js';
import { codes, receivingCommunity } from '../support/receiving.js';
import { communityDate } from '../../core/time.js';

/**
 * A small month for the 医保 reports, all through the operations: the lead hospital (定点 H0001) accepts a receipt
 * of 48 粒 阿莫西林 (2 boxes, 12.50 ¥ per box of 24, 2 trace codes) and 10 支 insulin (no 医保代码), and returns
 * 12 粒 to the supplier; 青石镇卫生院 (定点 H0002) confirms a shipment of 24 粒 (1 box, 1 code), consumes 10 and 4
 * (the 4 reversed), returns 5 to the centre (not yet confirmed there) and counts 8 of the 9 left. The village
 * clinic is not 定点.
 */
export async function medinsWorld() {
  const env = await receivingCommunity();
  const { db } = env;
  db.$client.prepare("UPDATE units SET insurance_code = 'H33010200001' WHERE id = ?").run(env.leadId);
  db.$client.prepare("UPDATE units SET insurance_code = 'H33010200002' WHERE id = ?").run(env.townshipId);
  const keeper = { sessionToken: env.keeper.token };
  const township = { sessionToken: env.township };
  const officer = { sessionToken: env.officer };
  let seq = 0;
  const requestId = () => `medins-${++seq}`;
  const prefix = '8123456';
  const traceCodes = codes(prefix, 1, 2);

  const { receipt } = await ok(
    db,
    'receipt.create',
    {
      supplierId: env.supplierId,
      storeId: env.centralStoreId,
      unplannedReason: '临时补货',
      lines: [
        { itemId: env.amoxId, batchNo: 'MA2601', expiry: '2028-09', productionDate: '2026-01-15', quantity: 48, priceMicro: 12_500_000, traceCodes, deliveryNoteNo: 'SX001', distributorInvoiceNo: '12345678901234567890' },
        { itemId: env.coldId, batchNo: 'IN2601', expiry: '2027-12-31', productionDate: '2026-02-01', quantity: 10, priceMicro: 30_000_000, arrivalTemp: 5 },
      ],
    },
    keeper,
  );
  await ok(db, 'receipt.post', { id: receipt.id, requestId: requestId() }, keeper);
  const batchId = (db.$client.prepare('SELECT batch_id AS b FROM receipt_lines WHERE document_id = ? AND line_no = 1').get(receipt.id) as { b: number }).b;

  const { adjustment } = await ok(db, 'stockAdjustment.create', { kind: 'return', storeId: env.centralStoreId, reason: '包装破损退货', lines: [{ itemId: env.amoxId, batchId, quantity: 12 }] }, keeper);
  const returned = await call(db, 'stockAdjustment.post', { id: adjustment.id, version: 1, requestId: requestId() }, keeper);
  if (!returned.ok) throw new Error(JSON.stringify(returned.error));

  const requisition = approvedRequisitionForTest(db, { unitId: env.townshipId, storeId: env.townshipStoreId, lines: [{ itemId: env.amoxId, quantity: 24 }] });
  const { shipment } = await ok(db, 'shipment.allocate', { requisitionId: requisition.id }, keeper);
  await ok(db, 'shipment.ship', { id: shipment.id, version: shipment.version, requestId: requestId() }, keeper);
  await ok(db, 'shipment.confirm', { id: shipment.id, requestId: requestId() }, township);

  const period = { periodFrom: communityDate(new Date()), periodTo: communityDate(new Date()), target: 'patients' as const, department: '' };
  const { consumption: sale } = await ok(db, 'consumption.create', { storeId: env.townshipStoreId, ...period, lines: [{ itemId: env.amoxId, quantity: 10 }], note: 'HIS 门诊发药' }, township);
  await ok(db, 'consumption.post', { id: sale.id, version: 1, requestId: requestId() }, township);
  const { consumption: second } = await ok(db, 'consumption.create', { storeId: env.townshipStoreId, ...period, lines: [{ itemId: env.amoxId, quantity: 4 }], note: '' }, township);
  const posted = await ok(db, 'consumption.post', { id: second.id, version: 1, requestId: requestId() }, township);
  const { reversal } = await ok(db, 'consumption.reverse', { id: second.id, version: posted.consumption.version, requestId: requestId(), reason: '录入重复' }, township);

  const { shipment: back } = await ok(db, 'memberReturn.create', { storeId: env.townshipStoreId, reason: 'overstock', lines: [{ batchId, quantity: 5 }], note: '' }, township);
  await ok(db, 'memberReturn.submit', { id: back.id, version: 1 }, township);
  await ok(db, 'memberReturn.approve', { id: back.id, version: 2 }, officer);
  await ok(db, 'memberReturn.ship', { id: back.id, requestId: requestId() }, township);

  const { stocktake } = await ok(db, 'stocktake.create', { storeId: env.townshipStoreId, note: '月末盘点' }, township);
  const line = stocktake.lines.find((l) => l.batchId === batchId)!;
  const counted = await ok(db, 'stocktake.count', { id: stocktake.id, version: 1, lines: [{ id: line.id, countedQuantity: 8, reason: '破损未报' }] }, township);
  await ok(db, 'stocktake.post', { id: stocktake.id, version: counted.stocktake.version, requestId: requestId() }, township);

  const month = communityDate(new Date()).slice(0, 7);
  return {
    env,
    db,
    month,
    batchId,
    traceCodes,
    receipt,
    adjustment,
    shipment,
    sale,
    second,
    reversal,
    back,
    stocktake,
    tokens: { keeper, township, officer, auditor: { sessionToken: env.auditor }, village: { sessionToken: env.village }, admin: { sessionToken: env.admin } },
  };
}

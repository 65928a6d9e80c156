import type { Db } from '../../db/open.js';
import type { ItemFieldsInput, OpInput } from '../../core/api/index.js';
import { ADMIN_PASSWORD, login as apiLogin, ok, setupInput, userWithSession } from '../support/db.js';
import { amoxicillin } from '../integration/formulary-fixtures.js';
import { supplierInput } from '../support/suppliers.js';

export interface ReceivingPeople {
  keeper: { username: string; password: string; token: string };
  keeper2Id: number;
  officer: string;
  supplierId: number;
  centralStoreId: number;
  townshipStoreId: number;
  amoxId: number;
  coldId: number;
  narcoticId: number;
  amoxPrefix: string;
}

/**
 * A community to receive into, through the operations: a storekeeper (and a second one for 双人验收), the
 * pharmacy officer, a qualified supplier, three items — 阿莫西林 traced per box of 24 with its 药品标识码, a
 * cold-chain insulin with a UDI-DI, a 麻醉 morphine — with prices.
 */
export async function seedReceiving(db: Db): Promise<ReceivingPeople> {
  await ok(db, 'setup.initialize', setupInput(db));
  const admin = await apiLogin(db, 'admin', ADMIN_PASSWORD);
  const t = { sessionToken: admin };
  const lead = (await ok(db, 'unit.list', {}, t)).units.find((u) => u.isLead)!;
  const township = (await ok(db, 'unit.create', { code: 'LSZ', name: '柳树镇卫生院', kind: 'township_hospital' }, t)).unit;
  const centralStoreId = (await ok(db, 'store.list', { unitId: lead.id }, t)).stores[0]!.id;
  const townshipStoreId = (await ok(db, 'store.list', { unitId: township.id }, t)).stores[0]!.id;
  const officer = (await userWithSession(db, admin, { username: 'yaoshi', displayName: '李药师', role: 'pharmacy_officer', unitId: lead.id })).token;
  const keeper = await userWithSession(db, admin, { username: 'kuguan', displayName: '周库管', role: 'storekeeper', unitId: lead.id });
  const keeper2 = await userWithSession(db, admin, { username: 'kuguan2', displayName: '吴库管', role: 'storekeeper', unitId: lead.id });
  const o = { sessionToken: officer };
  const supplierId = (await ok(db, 'supplier.create', supplierInput(3, { name: '国药控股清源医药有限公司' }), o)).supplier.id;
  const add = async (fields: Partial<ItemFieldsInput>, resolutionNo: string, priceMicro: number) => {
    const { request } = await ok(db, 'changeRequest.propose', { kind: 'add', item: amoxicillin(fields), reason: '临床需要' }, o);
    const id = (await ok(db, 'changeRequest.decide', { id: request.id, approve: true, resolutionNo, resolutionDate: '2026-03-02' }, o)).request.itemId!;
    await ok(db, 'formulary.setPrice', { itemId: id, kind: 'listed', priceMicro, effectiveFrom: '2026-01-01' }, o);
    return id;
  };
  const amoxId = await add({}, 'YSH2026-01', 12_500_000);
  const amoxPrefix = '8690483';
  await ok(db, 'formulary.setTracing', { itemId: amoxId, tracePrefix: amoxPrefix, tracePack: '盒' }, o);
  const coldId = await add(
    {
      genericName: '重组人胰岛素注射液',
      dosageForm: '注射剂',
      spec: '3ml:300IU',
      manufacturer: '通化东宝药业股份有限公司',
      insuranceCode: '',
      standardCode: '',
      approvalNo: '国药准字S10950011',
      baseUnit: '支',
      packs: [{ unit: '盒', factor: 1 }],
      purchaseUnit: '盒',
      issueUnit: '盒',
      coldChain: true,
      storageTempMin: 2,
      storageTempMax: 8,
      antibacterialTier: '',
      udiDi: '06901234567892',
    },
    'YSH2026-02',
    45_800_000,
  );
  const narcoticId = await add(
    {
      genericName: '盐酸吗啡注射液',
      dosageForm: '注射剂',
      spec: '1ml:10mg',
      manufacturer: '东北制药集团沈阳第一制药有限公司',
      insuranceCode: '',
      standardCode: '',
      approvalNo: '国药准字H21022436',
      baseUnit: '支',
      packs: [{ unit: '盒', factor: 10 }],
      purchaseUnit: '盒',
      issueUnit: '盒',
      controlledClass: 'narcotic',
      antibacterialTier: '',
      levels: { county: true, township: true, village: false },
    },
    'YSH2026-03',
    38_000_000,
  );
  return {
    keeper: { username: 'kuguan', password: keeper.password, token: keeper.token },
    keeper2Id: keeper2.userId,
    officer,
    supplierId,
    centralStoreId,
    townshipStoreId,
    amoxId,
    coldId,
    narcoticId,
    amoxPrefix,
  };
}

/** An approved order by the officer. */
export async function approvedOrder(db: Db, people: ReceivingPeople, storeId: number, lines: OpInput<'purchaseOrder.create'>['lines']) {
  const o = { sessionToken: people.officer };
  const { order } = await ok(db, 'purchaseOrder.create', { supplierId: people.supplierId, storeId, lines }, o);
  return (await ok(db, 'purchaseOrder.approve', { id: order.id }, o)).order;
}

/** 20-digit codes of a prefix from a serial. */
export const traceCodes = (prefix: string, start: number, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${String(start + i).padStart(13, '0')}`);

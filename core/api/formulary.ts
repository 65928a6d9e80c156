import { z } from 'zod';
import { defineOperation } from './operation.js';
import { id, optionalText, requiredText } from './common.js';
import { isConsumableInsuranceCode, isDeviceRegistrationNo, isDrugApprovalNo, isDrugInsuranceCode, isStandardCode, toHalfWidth } from './codes.js';
import { packLevel } from './packs.js';
import { UNIT_LEVELS } from './units.js';

/* ───────────── vocabularies ───────────── */

export const ITEM_CATEGORIES = ['western', 'chinese_patent', 'herbal', 'consumable', 'reagent', 'preparation'] as const; // 西药 中成药 中药饮片 医用耗材 检验试剂 院内制剂
export type ItemCategory = (typeof ITEM_CATEGORIES)[number];
export const INSURANCE_CLASSES = ['', 'A', 'B', 'C'] as const; // 无 / 甲 / 乙 / 丙
export const CONTROLLED_CLASSES = ['', 'narcotic', 'psychotropic1', 'psychotropic2', 'toxic', 'radioactive', 'precursor'] as const; // 麻醉 精一 精二 医疗用毒性 放射性 易制毒
export const ANTIBACTERIAL_TIERS = ['', 'unrestricted', 'restricted', 'special'] as const; // 非限制 限制 特殊使用级
export const ITEM_STATUSES = ['active', 'suspended', 'retired'] as const; // 在用 暂停采购 停用
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const PRICE_KINDS = ['listed', 'limit', 'negotiated', 'vbp'] as const; // 挂网价 限价 议价 集采价
export type PriceKind = (typeof PRICE_KINDS)[number];

const isDrug = (c: ItemCategory) => c === 'western' || c === 'chinese_patent';
const isDevice = (c: ItemCategory) => c === 'consumable' || c === 'reagent';

/** Codes typed or pasted: full-width folded, blanks trimmed, letters upper-cased. */
const code = z.string().transform((s) => toHalfWidth(s).replace(/\s+/g, '').toUpperCase());
const micro = z.number({ error: '金额须为整数（微元）' }).int('金额须为整数（微元）').nonnegative('金额不能为负').max(Number.MAX_SAFE_INTEGER);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/* ───────────── the item (品规) ───────────── */

export const vbpTerms = z.object({
  /** 集采批次, e.g. 第七批国家组织药品集采 */
  batch: requiredText('集采批次', 60),
  /** 中选价: micro-yuan per the item's purchase unit (采购单位), as core/finance/invoices/match.ts reads it. */
  agreedPriceMicro: micro,
  /** Agreed annual volume for the community, in base units. */
  annualVolume: z.number().int('约定采购量须为整数').nonnegative(),
  unitVolumes: z.array(z.object({ unitId: id, volume: z.number().int('约定采购量须为整数').nonnegative() })).default([]),
  /**
   * 协议期年度起始日 (YYYY-MM-DD): the agreement year runs from this date to the day before its anniversary, and
   * repeats each year (集采 agreements run several years with an annual volume). Absent (terms written before
   * issue 10): January 1 of the year being looked at. Not 29 February, which has no anniversary.
   */
  yearStart: isoDate
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), '协议年度起始日不是有效日期')
    .refine((d) => !d.endsWith('-02-29'), '协议年度起始日不能是 2 月 29 日')
    .optional(),
  /**
   * 集采前参考价: micro-yuan per the item's purchase unit (采购单位) — the same pack as `agreedPriceMicro`, which the
   * invoice match and the demo's 集采价 read per purchase unit. Savings (结余留用) = (reference − agreed) × quantity
   * ÷ base units per purchase unit. Absent: no savings are computed.
   */
  referencePriceMicro: micro.optional(),
});

export const levelAvailability = z.object({ county: z.boolean(), township: z.boolean(), village: z.boolean() });
export type LevelAvailability = z.infer<typeof levelAvailability>;

const itemShape = z.object({
  genericName: requiredText('通用名', 100),
  tradeName: optionalText('商品名', 100),
  dosageForm: optionalText('剂型', 40),
  spec: requiredText('规格', 100),
  packMaterial: optionalText('包装材质', 60),
  manufacturer: requiredText('生产企业', 100),
  holder: optionalText('上市许可持有人', 100),
  /** 批准文号, or 注册证号 for devices. */
  approvalNo: code.default(''),
  /** 药品本位码 */
  standardCode: code.default(''),
  /** 医保代码: X…/Z… for drugs, C… for consumables. */
  insuranceCode: code.default(''),
  category: z.enum(ITEM_CATEGORIES, { error: '请选择类别' }),
  baseUnit: requiredText('最小制剂单位', 8),
  packs: z.array(packLevel).max(4, '包装层级最多 4 级').default([]),
  purchaseUnit: requiredText('采购单位', 8),
  issueUnit: requiredText('发放单位', 8),
  essential: z.boolean().default(false),
  insuranceClass: z.enum(INSURANCE_CLASSES).default(''),
  highAlert: z.boolean().default(false),
  controlledClass: z.enum(CONTROLLED_CLASSES).default(''),
  antibacterialTier: z.enum(ANTIBACTERIAL_TIERS).default(''),
  coldChain: z.boolean().default(false),
  /** Storage temperature range in °C, for cold-chain items. */
  storageTempMin: z.number().int().min(-80).max(40).nullable().default(null),
  storageTempMax: z.number().int().min(-80).max(40).nullable().default(null),
  highValue: z.boolean().default(false),
  /** UDI-DI of a high-value consumable (GS1 GTIN or MA code). */
  udiDi: code.default(''),
  /** 院内制剂: the unit that produces it. */
  preparationUnitId: id.nullable().default(null),
  vbp: vbpTerms.nullable().default(null),
  levels: levelAvailability.default({ county: true, township: true, village: false }),
});

/** Every rule between an item's fields, each reported on its own field. */
export const itemFields = itemShape.superRefine((item, ctx) => {
  const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (item.insuranceCode) {
    if (isDrug(item.category) && !isDrugInsuranceCode(item.insuranceCode)) problem('insuranceCode', '医保药品代码格式不正确（西药 X+22 位，中成药 Z+19 位）');
    if (isDevice(item.category) && !isConsumableInsuranceCode(item.insuranceCode)) problem('insuranceCode', '医保耗材代码格式不正确（C+19 位或 27 位）');
  }
  if (item.approvalNo) {
    if (isDrug(item.category) && !isDrugApprovalNo(item.approvalNo)) problem('approvalNo', '批准文号格式不正确（国药准字 + H/Z/S/J + 8 位数字）');
    if (isDevice(item.category) && !isDeviceRegistrationNo(item.approvalNo)) problem('approvalNo', '注册证号格式不正确（如 国械注准20193130123）');
  } else if (isDrug(item.category)) problem('approvalNo', '药品须填写批准文号');
  if (item.standardCode && !isStandardCode(item.standardCode)) problem('standardCode', '药品本位码应为 86 开头的 14 位数字');
  const units = [item.baseUnit, ...item.packs.map((p) => p.unit)];
  if (new Set(units).size !== units.length) problem('packs', '包装单位不能重复');
  if (!units.includes(item.purchaseUnit)) problem('purchaseUnit', `采购单位须是 ${units.join(' / ')} 之一`);
  if (!units.includes(item.issueUnit)) problem('issueUnit', `发放单位须是 ${units.join(' / ')} 之一`);
  if (item.coldChain) {
    if (item.storageTempMin === null || item.storageTempMax === null) problem('storageTempMin', '冷链品种须填写储存温度范围');
    else if (item.storageTempMin >= item.storageTempMax) problem('storageTempMax', '最高温度须高于最低温度');
  }
  if (item.category === 'preparation' && item.preparationUnitId === null) problem('preparationUnitId', '院内制剂须指定制剂单位');
  if (!item.levels.county && !item.levels.township && !item.levels.village) problem('levels', '至少选择一个可使用层级');
  if (item.controlledClass && item.levels.village) problem('levels', '麻醉、精神等特殊管理药品不能在村卫生室使用');
});
export type ItemFieldsInput = z.input<typeof itemFields>;
export type ItemFields = z.output<typeof itemFields>;

export const price = z.object({
  id,
  kind: z.enum(PRICE_KINDS),
  priceMicro: micro,
  /** The pack unit the price is per (the item's purchase unit when it was recorded) … */
  unit: z.string(),
  /** … and how many base units that pack held then: a cost is a price per its pack plus that pack's factor. */
  packFactor: z.number().int().positive(),
  effectiveFrom: isoDate,
  note: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string(),
});
export type Price = z.infer<typeof price>;

export const platformIdentity = z.object({
  /** Platform profile code, e.g. "national-tps". */
  profile: requiredText('平台', 40),
  /** 挂网产品ID / 流水号 / hospListId */
  productId: requiredText('平台产品ID', 60),
  distributors: z.array(z.object({ name: requiredText('配送企业', 100), code: requiredText('配送企业平台编码', 60) })).default([]),
});
export type PlatformIdentity = z.infer<typeof platformIdentity>;

export const item = itemShape.extend({
  id,
  /** 目录编码: the community's own number for the item. */
  code: z.string(),
  status: z.enum(ITEM_STATUSES),
  /** Current price of each kind, per purchase unit, or null. */
  currentPrices: z.record(z.enum(PRICE_KINDS), price.nullable()),
  platformIds: z.array(platformIdentity),
  pinyinInitials: z.string(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type Item = z.infer<typeof item>;

/**
 * One row of the formulary grid, what formulary.list answers: what the grid shows and filters on, with plain
 * types (the item's own schema re-runs its input clean-ups on every field). The rest — pack material, units of
 * purchase and issue, UDI, platform ids, each price's history and notes — comes with formulary.get.
 */
const gridPrice = z.object({ priceMicro: z.number().int(), unit: z.string() });
export const formularyRow = z.object({
  id,
  code: z.string(),
  status: z.enum(ITEM_STATUSES),
  genericName: z.string(),
  tradeName: z.string(),
  pinyinInitials: z.string(),
  dosageForm: z.string(),
  spec: z.string(),
  manufacturer: z.string(),
  holder: z.string(),
  approvalNo: z.string(),
  standardCode: z.string(),
  insuranceCode: z.string(),
  category: z.enum(ITEM_CATEGORIES),
  baseUnit: z.string(),
  packs: z.array(z.object({ unit: z.string(), factor: z.number().int() })),
  essential: z.boolean(),
  insuranceClass: z.enum(INSURANCE_CLASSES),
  highAlert: z.boolean(),
  controlledClass: z.enum(CONTROLLED_CLASSES),
  antibacterialTier: z.enum(ANTIBACTERIAL_TIERS),
  coldChain: z.boolean(),
  storageTempMin: z.number().int().nullable(),
  storageTempMax: z.number().int().nullable(),
  highValue: z.boolean(),
  vbp: z
    .object({
      batch: z.string(),
      agreedPriceMicro: z.number().int(),
      annualVolume: z.number().int(),
      unitVolumes: z.array(z.object({ unitId: id, volume: z.number().int() })),
      yearStart: z.string().optional(),
      referencePriceMicro: z.number().int().optional(),
    })
    .nullable(),
  levels: levelAvailability,
  /** The price in force of each kind: amount and the pack it is per. */
  currentPrices: z.record(z.enum(PRICE_KINDS), gridPrice.nullable()),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type FormularyRow = z.infer<typeof formularyRow>;

/* ───────────── formulary operations ───────────── */

export const formularyList = defineOperation({
  name: 'formulary.list',
  title: '查询统一用药目录',
  access: { permission: 'formulary.read' },
  mutates: false,
  scope: { level: { output: [{ rows: 'items', levels: 'levels' }, { rows: 'items.vbp.unitVolumes', unit: 'unitId' }] } },
  input: z
    .object({
      /** One level's sub-catalogue; a member pharmacist always gets their own unit's level. */
      level: z.enum(UNIT_LEVELS).optional(),
      status: z.enum(ITEM_STATUSES).optional(),
      /** A past version of the formulary; the current one when absent. */
      version: z.number().int().positive().optional(),
    })
    .default({}),
  output: z.object({ items: z.array(formularyRow), version: z.number().int() }),
});

export const formularyGet = defineOperation({
  name: 'formulary.get',
  title: '查看目录品种',
  access: { permission: 'formulary.read' },
  mutates: false,
  scope: { level: { input: [{ path: 'id', record: 'item' }], output: [{ rows: 'item', levels: 'levels' }, { rows: 'item.vbp.unitVolumes', unit: 'unitId' }] } },
  input: z.object({ id }),
  output: z.object({ item, prices: z.array(price) }),
});

export const searchHit = z.object({
  id,
  code: z.string(),
  genericName: z.string(),
  tradeName: z.string(),
  spec: z.string(),
  dosageForm: z.string(),
  manufacturer: z.string(),
  insuranceCode: z.string(),
  approvalNo: z.string(),
  packText: z.string(),
  status: z.enum(ITEM_STATUSES),
  /** Which field matched: name, pinyin, initials, insuranceCode, standardCode, approvalNo. */
  matched: z.string(),
  levels: levelAvailability,
});

export const searchInput = z.object({
  q: z.string().trim().max(60),
  limit: z.number().int().min(1).max(200).default(20),
});

export const formularySearch = defineOperation({
  name: 'formulary.search',
  title: '检索目录品种',
  access: { permission: 'formulary.read' },
  mutates: false,
  scope: { level: { output: [{ rows: 'hits', levels: 'levels' }] } },
  input: searchInput.extend({ level: z.enum(UNIT_LEVELS).optional(), includeInactive: z.boolean().default(false) }),
  output: z.object({ hits: z.array(searchHit) }),
});

export const formularySetPrice = defineOperation({
  name: 'formulary.setPrice',
  title: '登记价格',
  access: { permission: 'formulary.manage' },
  mutates: true,
  scope: 'centre',
  input: z.object({
    itemId: id,
    kind: z.enum(PRICE_KINDS, { error: '请选择价格类型' }),
    priceMicro: micro,
    effectiveFrom: isoDate,
    note: optionalText('说明', 200),
  }),
  output: z.object({ price }),
});

export const formularySetPlatformIds = defineOperation({
  name: 'formulary.setPlatformIds',
  title: '维护平台标识',
  access: { permission: 'formulary.manage' },
  mutates: true,
  scope: 'centre',
  input: z.object({ itemId: id, platformIds: z.array(platformIdentity) }),
  output: z.object({ item }),
});

export const formularyVersions = defineOperation({
  name: 'formulary.versions',
  title: '目录版本',
  access: { permission: 'formulary.read' },
  mutates: false,
  scope: 'community',
  input: z.object({}).default({}),
  output: z.object({
    versions: z.array(
      z.object({
        version: z.number().int(),
        createdAt: z.string(),
        createdBy: z.string(),
        note: z.string(),
        requestNumber: z.string().nullable(),
        resolutionNo: z.string().nullable(),
        itemCount: z.number().int(),
      }),
    ),
  }),
});

/* ───────────── governance: 目录变更申请 ───────────── */

export const CHANGE_KINDS = ['add', 'change', 'suspend', 'resume', 'retire', 'levels', 'batch'] as const; // 新增 变更 暂停采购 恢复采购 停用 调整使用层级 批量导入
/** What changeRequest.propose offers: a batch request comes only from an import or the initial formulary. */
export const PROPOSABLE_CHANGE_KINDS = ['add', 'change', 'suspend', 'resume', 'retire', 'levels'] as const satisfies readonly ChangeKind[];
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export const CHANGE_STATUSES = ['submitted', 'approved', 'rejected', 'withdrawn'] as const;

export const changeRequest = z.object({
  id,
  /** ML2026-000001 */
  number: z.string(),
  kind: z.enum(CHANGE_KINDS),
  itemId: id.nullable(),
  itemName: z.string(),
  /** The proposed item fields for add/change; the proposed levels for levels. */
  proposal: itemShape.partial().nullable(),
  reason: z.string(),
  status: z.enum(CHANGE_STATUSES),
  proposedBy: z.string(),
  proposerUnitId: id,
  proposerUnitName: z.string(),
  proposedAt: z.string(),
  resolutionNo: z.string().nullable(),
  resolutionDate: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string(),
  appliedVersion: z.number().int().nullable(),
  /** Rows of a batch request (an import, the initial formulary); 0 for the others. */
  rowCount: z.number().int().nonnegative(),
});
export type ChangeRequest = z.infer<typeof changeRequest>;

/** One item a batch request added or changed, with what changed, in the words of the preview. */
export const changeRequestRow = z.object({
  line: z.number().int().positive(),
  kind: z.enum(['add', 'change']),
  itemId: id.nullable(),
  itemCode: z.string(),
  itemName: z.string(),
  /** The row in the imported spreadsheet, as Excel numbers it. */
  sourceRow: z.number().int().nullable(),
  changes: z.array(z.object({ field: z.string(), label: z.string(), from: z.string(), to: z.string() })),
});
export type ChangeRequestRow = z.infer<typeof changeRequestRow>;

export const changeRequestPropose = defineOperation({
  name: 'changeRequest.propose',
  title: '提交目录变更申请',
  access: { permission: 'formulary.propose' },
  mutates: true,
  // The request belongs to the proposer's unit; which items and levels they may propose for is a rule of the handler.
  scope: { units: { output: [{ rows: 'request', unit: 'proposerUnitId' }] } },
  input: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('add'), item: itemFields, reason: requiredText('申请理由', 500) }),
    z.object({ kind: z.literal('change'), itemId: id, item: itemFields, reason: requiredText('申请理由', 500) }),
    z.object({ kind: z.enum(['suspend', 'resume', 'retire']), itemId: id, reason: requiredText('申请理由', 500) }),
    z.object({ kind: z.literal('levels'), itemId: id, levels: levelAvailability, reason: requiredText('申请理由', 500) }),
  ]),
  output: z.object({ request: changeRequest }),
});

/**
 * Items the 药事会 has already adopted, recorded at once as one approved batch 目录变更申请 and applied as one
 * formulary version, with each item's prices: the initial formulary, or a list a HIS or script submits. All or
 * nothing, like a spreadsheet import (which is the same batch, from a file).
 */
export const changeRequestAdoptBatch = defineOperation({
  name: 'changeRequest.adoptBatch',
  title: '录入已决议的批量目录变更',
  access: { permission: 'formulary.manage' },
  mutates: true,
  scope: 'centre',
  input: z.object({
    reason: requiredText('申请理由', 500),
    resolutionNo: requiredText('药事会决议号', 60),
    resolutionDate: isoDate,
    items: z
      .array(
        z.object({
          item: itemFields,
          prices: z
            .array(z.object({ kind: z.enum(PRICE_KINDS, { error: '请选择价格类型' }), priceMicro: micro, effectiveFrom: isoDate, note: optionalText('说明', 200) }))
            .default([]),
        }),
      )
      .min(1, '至少包含一个品种')
      .max(10_000, '一次最多 10000 个品种'),
  }),
  output: z.object({ request: changeRequest, version: z.number().int() }),
});

export const changeRequestList = defineOperation({
  name: 'changeRequest.list',
  title: '查询目录变更申请',
  access: { permission: 'formulary.read' },
  mutates: false,
  scope: { units: { output: [{ rows: 'requests', unit: 'proposerUnitId' }] } },
  input: z.object({ status: z.enum(CHANGE_STATUSES).optional() }).default({}),
  output: z.object({ requests: z.array(changeRequest) }),
});

export const changeRequestGet = defineOperation({
  name: 'changeRequest.get',
  title: '查看目录变更申请',
  access: { permission: 'formulary.read' },
  mutates: false,
  scope: { units: { input: [{ path: 'id', record: 'changeRequest' }], output: [{ rows: 'request', unit: 'proposerUnitId' }] } },
  input: z.object({ id }),
  output: z.object({ request: changeRequest, rows: z.array(changeRequestRow) }),
});

export const changeRequestDecide = defineOperation({
  name: 'changeRequest.decide',
  title: '录入药事会决议',
  access: { permission: 'formulary.manage' },
  mutates: true,
  scope: 'centre',
  input: z.object({
    id,
    approve: z.boolean(),
    /** 药事会决议号 */
    resolutionNo: requiredText('决议号', 40),
    resolutionDate: isoDate,
    note: optionalText('说明', 500),
    /**
     * The item was changed after the request was proposed and approving would set those fields back
     * (refused with CONFLICT naming them): true confirms the officer means to overwrite them.
     */
    confirmOverwrite: z.boolean().default(false),
  }),
  output: z.object({ request: changeRequest }),
});

export const changeRequestWithdraw = defineOperation({
  name: 'changeRequest.withdraw',
  title: '撤回目录变更申请',
  access: { permission: 'formulary.propose' },
  mutates: true,
  scope: { units: { input: [{ path: 'id', record: 'changeRequest' }], output: [{ rows: 'request', unit: 'proposerUnitId' }] } },
  input: z.object({ id }),
  output: z.object({ request: changeRequest }),
});

export const catalogueRow = z.object({
  code: z.string(),
  insuranceCode: z.string(),
  genericName: z.string(),
  tradeName: z.string(),
  dosageForm: z.string(),
  spec: z.string(),
  packText: z.string(),
  manufacturer: z.string(),
  approvalNo: z.string(),
  standardCode: z.string(),
  categoryText: z.string(),
  flagsText: z.string(),
  levelsText: z.string(),
  listedPrice: z.string(),
  negotiatedPrice: z.string(),
  vbpPrice: z.string(),
  statusText: z.string(),
  levels: levelAvailability,
});

/** The formulary (or one level's sub-catalogue, or a past version) as printable rows, for xlsx export. */
export const formularyCatalogue = defineOperation({
  name: 'formulary.catalogue',
  title: '导出统一用药目录',
  access: { permission: 'formulary.read' },
  mutates: false,
  scope: { level: { output: [{ rows: 'rows', levels: 'levels' }] } },
  input: formularyList.input,
  output: z.object({ rows: z.array(catalogueRow) }),
  export: {
    rows: 'rows',
    sheet: '统一用药目录',
    filename: '统一用药目录',
    columns: [
      { key: 'code', header: '目录编码', width: 12 },
      { key: 'insuranceCode', header: '医保代码', width: 26 },
      { key: 'genericName', header: '通用名', width: 22 },
      { key: 'tradeName', header: '商品名', width: 14 },
      { key: 'dosageForm', header: '剂型', width: 10 },
      { key: 'spec', header: '规格', width: 16 },
      { key: 'packText', header: '包装', width: 18 },
      { key: 'manufacturer', header: '生产企业', width: 26 },
      { key: 'approvalNo', header: '批准文号/注册证号', width: 20 },
      { key: 'standardCode', header: '本位码', width: 16 },
      { key: 'categoryText', header: '类别', width: 10 },
      { key: 'flagsText', header: '标识', width: 24 },
      { key: 'levelsText', header: '可用层级', width: 10 },
      { key: 'listedPrice', header: '挂网价(元)', width: 12 },
      { key: 'negotiatedPrice', header: '议价(元)', width: 12 },
      { key: 'vbpPrice', header: '集采价(元)', width: 12 },
      { key: 'statusText', header: '状态', width: 8 },
    ],
  },
});

export const formularyOperations = [
  formularyList,
  formularyCatalogue,
  formularyGet,
  formularySearch,
  formularySetPrice,
  formularySetPlatformIds,
  formularyVersions,
  changeRequestPropose,
  changeRequestAdoptBatch,
  changeRequestList,
  changeRequestGet,
  changeRequestDecide,
  changeRequestWithdraw,
] as const;

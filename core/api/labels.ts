/**
 * The zh-CN name of every enumerated value, defined once. The hub's audit descriptions and xlsx exports and
 * the renderer's zh-CN texts (renderer/src/i18n/zh-CN.ts) all read these; en-US keeps its own English labels
 * under the same keys. Each table is typed by its enum, so a value added without a label (or a label left
 * for a value that no longer exists) is a type error.
 */
import type { Role } from './roles.js';
import type { OrderChannel, OrderState } from './purchasing.js';
import type { QualificationKind, QualificationState, SupplierKind } from './suppliers.js';
import type { AdjustmentKind } from './stock.js';
import type { UnitKind, UnitLevel } from './units.js';
import type { ANTIBACTERIAL_TIERS, CHANGE_STATUSES, CONTROLLED_CLASSES, ChangeKind, INSURANCE_CLASSES, ItemCategory, ItemFields, ItemStatus, PriceKind } from './formulary.js';

type Labels<K extends string> = Readonly<Record<K, string>>;

export const ROLE_LABELS: Labels<Role> = {
  admin: '系统管理员',
  pharmacy_officer: '药事部采购员',
  storekeeper: '库管员',
  finance: '财务',
  member_pharmacist: '成员单位药师',
  auditor: '审计',
};

export const UNIT_KIND_LABELS: Labels<UnitKind> = {
  county_hospital: '县级医院',
  township_hospital: '乡镇卫生院',
  community_center: '社区卫生服务中心',
  village_clinic: '村卫生室',
};

/** One character, as level columns and tags show it: 县 / 乡 / 村. */
export const UNIT_LEVEL_LABELS: Labels<UnitLevel> = { county: '县', township: '乡', village: '村' };

export const ITEM_CATEGORY_LABELS: Labels<ItemCategory> = {
  western: '西药',
  chinese_patent: '中成药',
  herbal: '中药饮片',
  consumable: '医用耗材',
  reagent: '检验试剂',
  preparation: '院内制剂',
};

export const ITEM_STATUS_LABELS: Labels<ItemStatus> = { active: '在用', suspended: '暂停采购', retired: '停用' };

export const PRICE_KIND_LABELS: Labels<PriceKind> = { listed: '挂网价', limit: '限价', negotiated: '议价', vbp: '集采价' };

export const INSURANCE_CLASS_LABELS: Labels<(typeof INSURANCE_CLASSES)[number]> = { '': '非医保', A: '医保甲', B: '医保乙', C: '医保丙' };

export const CONTROLLED_CLASS_LABELS: Labels<(typeof CONTROLLED_CLASSES)[number]> = {
  '': '无',
  narcotic: '麻醉药品',
  psychotropic1: '第一类精神药品',
  psychotropic2: '第二类精神药品',
  toxic: '医疗用毒性药品',
  radioactive: '放射性药品',
  precursor: '药品类易制毒化学品',
};

export const ANTIBACTERIAL_TIER_LABELS: Labels<(typeof ANTIBACTERIAL_TIERS)[number]> = {
  '': '非抗菌药物',
  unrestricted: '非限制使用级',
  restricted: '限制使用级',
  special: '特殊使用级',
};

/** 目录变更申请 kinds. */
export const CHANGE_KIND_LABELS: Labels<ChangeKind> = {
  add: '新增',
  change: '变更',
  suspend: '暂停采购',
  resume: '恢复采购',
  retire: '停用',
  levels: '调整使用层级',
  batch: '批量导入',
};

/** 目录变更申请 states. */
export const CHANGE_STATUS_LABELS: Labels<(typeof CHANGE_STATUSES)[number]> = {
  submitted: '待审议',
  approved: '已批准',
  rejected: '已驳回',
  withdrawn: '已撤回',
};

/** 采购方式: 线下 and 应急 count against the 网上采购率. */
export const ORDER_CHANNEL_LABELS: Labels<OrderChannel> = { platform: '平台采购', offline: '线下采购', emergency: '应急采购' };

/** 采购订单 states (as core/purchasing/order-type.ts declares them). */
export const ORDER_STATE_LABELS: Labels<OrderState> = {
  draft: '草稿',
  approved: '已审核',
  sent: '已发送',
  partly_received: '部分到货',
  completed: '已完成',
  cancelled: '已撤销',
  discarded: '已作废',
};

/** Every item field in the words of the item form (the type makes the list complete). */
export const ITEM_FIELD_LABELS: Readonly<Record<keyof ItemFields, string>> = {
  genericName: '通用名',
  tradeName: '商品名',
  dosageForm: '剂型',
  spec: '规格',
  packMaterial: '包装材质',
  manufacturer: '生产企业',
  holder: '上市许可持有人',
  approvalNo: '批准文号/注册证号',
  standardCode: '药品本位码',
  insuranceCode: '医保代码',
  category: '类别',
  baseUnit: '最小制剂单位',
  packs: '包装',
  purchaseUnit: '采购单位',
  issueUnit: '发放单位',
  essential: '国家基本药物',
  insuranceClass: '医保类别',
  highAlert: '高警示',
  controlledClass: '特殊管理类别',
  antibacterialTier: '抗菌药物分级',
  coldChain: '冷链',
  storageTempMin: '最低储存温度',
  storageTempMax: '最高储存温度',
  highValue: '高值耗材',
  udiDi: 'UDI-DI',
  preparationUnitId: '制剂单位',
  vbp: '集采信息',
  levels: '可用层级',
};

/** 供应商 kinds. */
export const SUPPLIER_KIND_LABELS: Labels<SupplierKind> = { distributor: '配送企业', manufacturer: '生产企业' };

/** 首营资料 kinds. */
export const QUALIFICATION_KIND_LABELS: Labels<QualificationKind> = {
  business_licence: '营业执照',
  drug_trade_licence: '药品经营许可证',
  drug_production_licence: '药品生产许可证',
  device_trade_licence: '医疗器械经营许可证',
  gsp: 'GSP 证书',
  authorization: '授权委托书',
};

/** A qualification's state: 有效 / 30天内到期 / 已过期. */
export const QUALIFICATION_STATE_LABELS: Labels<QualificationState> = { valid: '有效', expiring: '30天内到期', expired: '已过期' };

/** 退货 / 报损 / 其他入库 / 其他出库. */
export const ADJUSTMENT_KIND_LABELS: Labels<AdjustmentKind> = { return: '退货', loss: '报损', other_in: '其他入库', other_out: '其他出库' };

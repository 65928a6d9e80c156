/**
 * Roles and permissions. The role → permission table is part of the contract so the renderer can
 * shape its menu, but the hub alone enforces it (core/registry.ts), from the session — never from
 * anything the client sends.
 */
export const ROLES = [
  'admin', // 系统管理员
  'pharmacy_officer', // 药事部采购员
  'storekeeper', // 库管员
  'finance', // 财务
  'member_pharmacist', // 成员单位药师 (bound to one unit)
  'auditor', // 审计 (read-only)
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'community.read',
  'community.manage',
  /** 查看医共体银行账户（统一支付账户） */
  'community.account',
  'unit.read',
  'unit.manage',
  'store.manage',
  'user.read',
  'user.manage',
  'audit.read',
  'formulary.read',
  /** 提出目录变更申请 */
  'formulary.propose',
  /** 录入药事会决议、维护价格与平台标识、导入目录 */
  'formulary.manage',
  /** 导入医保药品分类与代码数据库 */
  'dictionary.manage',
  /** 查看供应商与首营资料 */
  'supplier.read',
  /** 维护供应商与首营资料 */
  'supplier.manage',
  /** 查看采购订单 */
  'purchase.read',
  /** 编制采购订单、采购建议 */
  'purchase.manage',
  /** 审核采购订单（线下/应急采购须由编制人以外的人审核） */
  'purchase.approve',
  /** 查看库存、批次、流水账、近效期 */
  'stock.read',
  /** 入库验收 */
  'stock.receive',
  /** 退货、报损、其他出入库 */
  'stock.adjust',
  /** 审批报损等须第二人审批的库存单据；库存与配送规则 */
  'stock.approve',
  /** 召回：追溯批次去向、全医共体冻结、生成退库单 */
  'stock.recall',
  /** 查看请领单、调拨单、退库单与签收差异 */
  'requisition.read',
  /** 编制、提交本单位的请领单 */
  'requisition.request',
  /** 乡镇卫生院审核所辖村卫生室的请领单（乡村一体化） */
  'requisition.review',
  /** 审核（调整、驳回）请领单与退库单 */
  'requisition.approve',
  /** 配货、拣货、发货 */
  'distribution.ship',
  /** 处理签收差异（找到、退回、重新发货、报损申请） */
  'distribution.resolve',
  /** 查看预算执行 */
  'budget.read',
  /** 设定各单位年度预算与超预算规则 */
  'budget.manage',
  /** 查看发票、三单匹配、应付款、付款单（全医共体） */
  'invoice.read',
  /** 登记、导入、更正发票 */
  'invoice.manage',
  /** 审核发票、批准匹配例外（须登记人以外的第二人） */
  'invoice.approve',
  /** 编制付款单、导出银行文件、登记付款与医保直接结算、合同付款条款 */
  'payment.manage',
  /** 审核付款单（编制人以外的第二名财务人员） */
  'payment.approve',
  /** 查看账簿、分录、记账凭证（全医共体） */
  'books.read',
  /** 查看内部结算单（成员单位仅本单位） */
  'settlement.read',
  /** 出具内部结算单 */
  'settlement.issue',
  /** 确认本单位的内部结算单 */
  'settlement.confirm',
  /** 付款期限规则、匹配容差、银行文件与凭证格式、会计科目对照 */
  'finance.configure',
  /** 查看平台配置（各省招采平台的文件格式） */
  'platform.read',
  /** 维护平台配置：表头、列与字段对照、值映射 */
  'platform.manage',
  /** 导出上传平台的订单、收货确认、退货文件；导入平台目录、订单回执、配送明细、结算单 */
  'platform.exchange',
  /** 医保进销存上报（3501–3506；成员单位仅本单位） */
  'medins.read',
  /** 查看集采完成进度与结余（成员单位仅本单位） */
  'vbp.read',
  /** 设定集采协议年度、参考价与落后预警幅度 */
  'vbp.manage',
  /** 查看月报与工作台指标（成员单位仅本单位） */
  'report.read',
  /** 采购台账：订单、入库、发票、付款明细及其审计记录（廉政风险） */
  'ledger.read',
  /** 提醒推送：企业微信、钉钉群机器人与邮箱 */
  'alert.configure',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_BASICS: Permission[] = ['community.read', 'unit.read', 'formulary.read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    ...READ_BASICS,
    'community.manage',
    'community.account',
    'unit.manage',
    'store.manage',
    'user.read',
    'user.manage',
    'audit.read',
    'dictionary.manage',
    'finance.configure',
    'platform.read',
    'platform.manage',
    'alert.configure',
  ],
  pharmacy_officer: [
    ...READ_BASICS,
    'community.account',
    'user.read',
    'formulary.propose',
    'formulary.manage',
    'dictionary.manage',
    'supplier.read',
    'supplier.manage',
    'purchase.read',
    'purchase.manage',
    'purchase.approve',
    'stock.read',
    'stock.approve',
    'stock.recall',
    'requisition.read',
    'requisition.approve',
    'distribution.resolve',
    'budget.read',
    'budget.manage',
    'invoice.read',
    'platform.read',
    'platform.manage',
    'platform.exchange',
    'medins.read',
    'vbp.read',
    'vbp.manage',
    'report.read',
    'ledger.read',
  ],
  storekeeper: [
    ...READ_BASICS,
    'supplier.read',
    'purchase.read',
    'stock.read',
    'stock.receive',
    'stock.adjust',
    'requisition.read',
    'distribution.ship',
    'platform.read',
    'platform.exchange',
  ],
  finance: [
    ...READ_BASICS,
    'community.account',
    'supplier.read',
    'purchase.read',
    'stock.read',
    'requisition.read',
    'budget.read',
    'budget.manage',
    'invoice.read',
    'invoice.manage',
    'invoice.approve',
    'payment.manage',
    'payment.approve',
    'books.read',
    'settlement.read',
    'settlement.issue',
    'finance.configure',
    'platform.read',
    'platform.exchange',
    'vbp.read',
    'report.read',
    'ledger.read',
  ],
  // A member pharmacist keeps their own unit's stores and accepts 直配 deliveries into them; scope is enforced per operation.
  // A township pharmacist also reviews their village clinics' requisitions when the community routes them through the township (乡村一体化).
  member_pharmacist: [
    ...READ_BASICS,
    'store.manage',
    'formulary.propose',
    'supplier.read',
    'purchase.read',
    'stock.read',
    'stock.receive',
    'stock.adjust',
    'requisition.read',
    'requisition.request',
    'requisition.review',
    'budget.read',
    'settlement.read',
    'settlement.confirm',
    'medins.read',
    'vbp.read',
    'report.read',
  ],
  auditor: [
    ...READ_BASICS,
    'user.read',
    'audit.read',
    'supplier.read',
    'purchase.read',
    'stock.read',
    'requisition.read',
    'budget.read',
    'invoice.read',
    'books.read',
    'settlement.read',
    'platform.read',
    'medins.read',
    'vbp.read',
    'report.read',
    'ledger.read',
  ],
};

/** Roles whose data access is limited to the user's own unit. */
export const UNIT_SCOPED_ROLES: readonly Role[] = ['member_pharmacist'];

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

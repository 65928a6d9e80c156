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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_BASICS: Permission[] = ['community.read', 'unit.read', 'formulary.read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [...READ_BASICS, 'community.manage', 'community.account', 'unit.manage', 'store.manage', 'user.read', 'user.manage', 'audit.read', 'dictionary.manage'],
  pharmacy_officer: [...READ_BASICS, 'community.account', 'user.read', 'formulary.propose', 'formulary.manage', 'dictionary.manage'],
  storekeeper: [...READ_BASICS],
  finance: [...READ_BASICS, 'community.account'],
  // A member pharmacist keeps their own unit's stores; scope is enforced per operation.
  member_pharmacist: [...READ_BASICS, 'store.manage', 'formulary.propose'],
  auditor: [...READ_BASICS, 'user.read', 'audit.read'],
};

/** Roles whose data access is limited to the user's own unit. */
export const UNIT_SCOPED_ROLES: readonly Role[] = ['member_pharmacist'];

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

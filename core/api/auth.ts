import { z } from 'zod';
import { defineOperation } from './operation.js';
import { id, newPassword, ok, requiredText, username } from './common.js';
import { PERMISSIONS, ROLES } from './roles.js';

export const role = z.enum(ROLES, { error: '请选择角色' });

/** The signed-in user as every client sees it. */
export const sessionUser = z.object({
  id,
  username: z.string(),
  displayName: z.string(),
  role,
  unitId: id,
  unitName: z.string(),
  permissions: z.array(z.enum(PERMISSIONS)),
  mustChangePassword: z.boolean(),
});
export type SessionUser = z.infer<typeof sessionUser>;

export const authLogin = defineOperation({
  name: 'auth.login',
  title: '登录',
  access: 'public',
  mutates: true,
  scope: 'public',
  // The username is not checked against the policy here: a wrong one is just a failed login.
  input: z.object({ username: z.string().trim().toLowerCase().min(1, '请输入用户名'), password: z.string().min(1, '请输入密码') }),
  output: z.object({ user: sessionUser }),
});

export const authLogout = defineOperation({
  name: 'auth.logout',
  title: '退出登录',
  access: 'session',
  mutates: true,
  scope: 'self',
  input: z.object({}).default({}),
  output: ok,
});

export const authMe = defineOperation({
  name: 'auth.me',
  title: '当前用户',
  access: 'session',
  mutates: false,
  scope: 'self',
  input: z.object({}).default({}),
  output: z.object({ user: sessionUser }),
});

export const authChangePassword = defineOperation({
  name: 'auth.changePassword',
  title: '修改密码',
  access: 'session',
  mutates: true,
  scope: 'self',
  input: z
    .object({ currentPassword: z.string().min(1, '请输入当前密码'), newPassword })
    .refine((v) => v.currentPassword !== v.newPassword, { path: ['newPassword'], message: '新密码不能与当前密码相同' }),
  output: ok,
});

export const user = z.object({
  id,
  username: z.string(),
  displayName: z.string(),
  role,
  unitId: id,
  unitName: z.string(),
  active: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof user>;

const userFields = z.object({
  displayName: requiredText('姓名', 30),
  role,
  unitId: id,
});

export const userList = defineOperation({
  name: 'user.list',
  title: '查询用户',
  access: { permission: 'user.read' },
  mutates: false,
  scope: { units: { output: [{ rows: 'users', unit: 'unitId' }] } },
  input: z.object({ includeInactive: z.boolean().default(true) }).default({ includeInactive: true }),
  output: z.object({ users: z.array(user) }),
});

/** Creating a user or resetting a password hands back a one-time password, shown once. */
export const userCreate = defineOperation({
  name: 'user.create',
  title: '新增用户',
  access: { permission: 'user.manage' },
  mutates: true,
  scope: { units: { input: [{ path: 'unitId', record: 'unit' }] } },
  input: userFields.extend({ username }),
  output: z.object({ user, oneTimePassword: z.string() }),
});

export const userUpdate = defineOperation({
  name: 'user.update',
  title: '修改用户',
  access: { permission: 'user.manage' },
  mutates: true,
  scope: { units: { input: [{ path: 'id', record: 'user' }, { path: 'unitId', record: 'unit' }] } },
  input: userFields.extend({ id, active: z.boolean() }),
  output: z.object({ user }),
});

export const userResetPassword = defineOperation({
  name: 'user.resetPassword',
  title: '重置密码',
  access: { permission: 'user.manage' },
  mutates: true,
  scope: { units: { input: [{ path: 'id', record: 'user' }] } },
  input: z.object({ id }),
  output: z.object({ user, oneTimePassword: z.string() }),
});

export const authOperations = [authLogin, authLogout, authMe, authChangePassword] as const;
export const userOperations = [userList, userCreate, userUpdate, userResetPassword] as const;

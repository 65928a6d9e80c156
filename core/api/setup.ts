import { z } from 'zod';
import { defineOperation } from './operation.js';
import { insuranceCode, isoTime, localCode, newPassword, optionalText, phone, requiredText, username, uscc } from './common.js';

export const community = z.object({
  name: z.string(),
  institutionCode: z.string(),
  bankName: z.string(),
  bankAccountName: z.string(),
  /** Only holders of `community.account` (administrators, finance, the pharmacy officer) receive it. */
  bankAccountNo: z.string().optional(),
  leadUnitId: z.number().int(),
  leadUnitName: z.string(),
  createdAt: isoTime,
});
export type Community = z.infer<typeof community>;

export const communityFields = z.object({
  /** 医共体名称 */
  name: requiredText('医共体名称', 60),
  /** 医疗机构代码 on the provincial platform: the single procurement account. */
  institutionCode: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(z.string().min(1, '请填写平台医疗机构代码').regex(/^[A-Z0-9]{6,30}$/, '平台医疗机构代码只能包含字母和数字（6–30 位）')),
  bankName: requiredText('开户银行', 60),
  bankAccountName: requiredText('账户名称', 60),
  bankAccountNo: z
    .string()
    .transform((s) => s.replace(/[\s\u3000]/g, ''))
    .pipe(z.string().regex(/^\d{8,32}$/, '银行账号应为 8–32 位数字')),
});

export const setupStatus = defineOperation({
  name: 'setup.status',
  title: '系统初始化状态',
  access: 'public',
  mutates: false,
  scope: 'public',
  input: z.object({}).default({}),
  output: z.object({ initialized: z.boolean(), communityName: z.string().nullable() }),
});

export const setupInitialize = defineOperation({
  name: 'setup.initialize',
  title: '初始化医共体',
  access: 'public',
  mutates: true,
  scope: 'public',
  input: z.object({
    /** The one-time code the hub printed on its console at start (`npm run cli -- setup-code` shows it again). */
    setupCode: z.string({ error: '请输入初始化码' }).trim().min(1, '请输入初始化码').max(40, '初始化码不正确'),
    community: communityFields,
    leadUnit: z.object({
      code: localCode('总医院编码'),
      name: requiredText('总医院名称', 60),
      uscc: uscc.default(''),
      insuranceCode: insuranceCode.default(''),
      address: optionalText('地址', 200),
      contactName: optionalText('联系人', 30),
      contactPhone: phone.default(''),
    }),
    centralStore: z.object({ code: localCode('中心药库编码'), name: requiredText('中心药库名称', 60) }),
    admin: z.object({ username, displayName: requiredText('姓名', 30), password: newPassword }),
  }),
  output: z.object({ ok: z.literal(true) }),
});

export const communityGet = defineOperation({
  name: 'community.get',
  title: '查看医共体信息',
  access: { permission: 'community.read' },
  mutates: false,
  scope: 'community',
  restricted: [{ path: 'community.bankAccountNo', permission: 'community.account' }],
  input: z.object({}).default({}),
  output: z.object({ community }),
});

export const communityUpdate = defineOperation({
  name: 'community.update',
  title: '修改医共体信息',
  access: { permission: 'community.manage' },
  mutates: true,
  scope: 'centre',
  input: communityFields,
  output: z.object({ community }),
});

export const setupOperations = [setupStatus, setupInitialize, communityGet, communityUpdate] as const;

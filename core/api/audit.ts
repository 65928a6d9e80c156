import { z } from 'zod';
import { defineOperation } from './operation.js';

export const auditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  userId: z.number().int().nullable(),
  username: z.string(),
  unitId: z.number().int().nullable(),
  unitName: z.string(),
  operation: z.string(),
  operationTitle: z.string(),
  target: z.string(),
  /** The recorded change as canonical JSON. */
  summary: z.string(),
  /** The same change in words, zh-CN. */
  summaryText: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditFilter = z
  .object({
    from: z.string().optional(),
    to: z.string().optional(),
    operation: z.string().optional(),
    username: z.string().optional(),
    limit: z.number().int().min(1).max(100_000).default(5000),
  })
  .default({ limit: 5000 });

export const auditList = defineOperation({
  name: 'audit.list',
  title: '查询审计日志',
  access: { permission: 'audit.read' },
  mutates: false,
  scope: 'centre',
  input: auditFilter,
  output: z.object({ entries: z.array(auditEntry), total: z.number().int() }),
  export: {
    rows: 'entries',
    sheet: '审计日志',
    filename: '审计日志',
    columns: [
      { key: 'seq', header: '序号', width: 8 },
      { key: 'at', header: '时间', width: 22 },
      { key: 'username', header: '用户', width: 14 },
      { key: 'unitName', header: '单位', width: 20 },
      { key: 'operationTitle', header: '操作', width: 16 },
      { key: 'operation', header: '操作代码', width: 18 },
      { key: 'target', header: '对象', width: 20 },
      { key: 'summaryText', header: '内容摘要', width: 60 },
      { key: 'summary', header: '原始记录（JSON）', width: 40 },
      { key: 'hash', header: '校验哈希', width: 66 },
    ],
  },
});

export const auditVerify = defineOperation({
  name: 'audit.verify',
  title: '校验审计日志',
  access: { permission: 'audit.read' },
  mutates: false,
  scope: 'centre',
  input: z.object({}).default({}),
  output: z.object({
    ok: z.boolean(),
    checked: z.number().int(),
    firstBad: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
  }),
});

export const auditOperations = [auditList, auditVerify] as const;

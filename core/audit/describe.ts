/**
 * Turns an audit entry's summary (plain data, stored as JSON) into a line an auditor reads:
 * "名称：青石镇卫生院 → 青石镇中心卫生院；联系人：（空） → 周医生". The JSON stays the record; this is its reading.
 */
import { ROLE_LABELS, UNIT_KIND_LABELS, UNIT_LEVEL_LABELS } from '../api/labels.js';

const LABELS: Record<string, string> = {
  code: '编码',
  name: '名称',
  kind: '类型',
  level: '层级',
  parentId: '上级单位',
  uscc: '统一社会信用代码',
  insuranceCode: '医保定点机构编码',
  address: '地址',
  contactName: '联系人',
  contactPhone: '联系电话',
  active: '在用',
  unitId: '单位',
  unit: '单位',
  username: '用户名',
  displayName: '姓名',
  role: '角色',
  institutionCode: '平台医疗机构代码',
  bankName: '开户银行',
  bankAccountName: '账户名称',
  bankAccountNo: '银行账号',
  store: '默认库房',
  leadUnit: '总医院',
  centralStore: '中心药库',
  result: '结果',
  attempts: '连续失败次数',
  locked: '已锁定',
  from: '来源地址',
  passwordChanged: '已修改密码',
  passwordReset: '已重置密码',
  unlocked: '已解锁',
};

/** Enum values in their zh-CN words (core/api/labels.ts), plus a login's result. */
const VALUES: Record<string, string> = {
  ok: '成功',
  failed: '失败',
  ...UNIT_KIND_LABELS,
  ...UNIT_LEVEL_LABELS,
  ...ROLE_LABELS,
};

const label = (key: string) => LABELS[key] ?? key;

function value(v: unknown): string {
  if (v === null || v === undefined || v === '') return '（空）';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'string') return VALUES[v] ?? v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map(value).join('、');
  return fields(v as Record<string, unknown>);
}

const isChange = (v: unknown): v is { from: unknown; to: unknown } =>
  typeof v === 'object' && v !== null && 'from' in v && 'to' in v && Object.keys(v).length === 2;

function fields(obj: Record<string, unknown>): string {
  return Object.entries(obj)
    .filter(([, v]) => v !== '' && v !== undefined)
    .map(([k, v]) => (isChange(v) ? `${label(k)}：${value(v.from)} → ${value(v.to)}` : `${label(k)}：${value(v)}`))
    .join('；');
}

export function describeAuditSummary(summaryJson: string): string {
  let summary: Record<string, unknown>;
  try {
    summary = JSON.parse(summaryJson) as Record<string, unknown>;
  } catch {
    return summaryJson;
  }
  const parts: string[] = [];
  for (const [key, v] of Object.entries(summary)) {
    if (key === 'created' && typeof v === 'object' && v) parts.push(`新建 ${fields(v as Record<string, unknown>)}`);
    else if (key === 'changes' && typeof v === 'object' && v) {
      const text = fields(v as Record<string, unknown>);
      parts.push(text ? `修改 ${text}` : '无字段变化');
    } else parts.push(isChange(v) ? `${label(key)}：${value(v.from)} → ${value(v.to)}` : `${label(key)}：${value(v)}`);
  }
  return parts.join('；');
}

import {
  PLATFORM_EXCHANGE_LABELS,
  PLATFORM_EXCHANGES,
  PROFILE_NAME_PATTERN,
  isOutgoingExchange,
  platformField,
  platformProfileShape,
  type PlatformProfile,
  type PlatformProfileProblem,
} from '../api/platform.js';
import { DomainError } from '../errors.js';
import { fieldsOf } from './fields.js';

const SHEET_NAME_FORBIDDEN = /[\\/?*[\]:]/;

/**
 * Every problem of a profile, each with its path (exchanges.orders_out.columns.3.field …) and a Chinese message:
 * a required field with no column, a field or a column title twice, an unknown field, a header row below 1, a
 * value map on a field that has no codes, naming an unknown internal value, giving a platform code twice, or (in a
 * file we write) leaving an internal value without its code. A profile is validated before any file is written
 * or read with it.
 */
export function validateProfile(profile: PlatformProfile): PlatformProfileProblem[] {
  const problems: PlatformProfileProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  if (!PROFILE_NAME_PATTERN.test(profile.name)) add('name', '配置代号须以小写字母开头，只含小写字母、数字和 -（如 national、sichuan）');
  if (profile.label.trim() === '') add('label', '请填写配置名称');
  const stores = new Set<number>();
  profile.account.addresses.forEach((a, i) => {
    if (stores.has(a.storeId)) add(`account.addresses.${i}.storeId`, '同一库房只能有一个收货地址ID');
    stores.add(a.storeId);
    if (a.addrId.trim() === '') add(`account.addresses.${i}.addrId`, '请填写收货地址ID');
  });
  for (const exchange of PLATFORM_EXCHANGES) {
    const layout = profile.exchanges[exchange];
    const base = `exchanges.${exchange}`;
    const what = PLATFORM_EXCHANGE_LABELS[exchange];
    if (layout.sheetName.trim() === '') add(`${base}.sheetName`, `${what}：请填写工作表名称`);
    else if (layout.sheetName.length > 31 || SHEET_NAME_FORBIDDEN.test(layout.sheetName)) {
      add(`${base}.sheetName`, `${what}：工作表名称最多 31 个字符，且不能包含 \\ / ? * [ ] :`);
    }
    if (layout.headerRow < 1) add(`${base}.headerRow`, `${what}：表头行须不小于 1`);
    else if (layout.headerRow > 20) add(`${base}.headerRow`, `${what}：表头行须不大于 20`);
    if (layout.columns.length === 0) add(`${base}.columns`, `${what}：至少需要一列`);
    const titles = new Map<string, number>();
    const fields = new Map<string, number>();
    layout.columns.forEach((column, i) => {
      const path = `${base}.columns.${i}`;
      const title = column.title.trim();
      if (title === '') add(`${path}.title`, `${what}：第 ${i + 1} 列请填写列标题`);
      else if (titles.has(title)) add(`${path}.title`, `${what}：列标题「${title}」出现了两次（第 ${titles.get(title)! + 1} 列和第 ${i + 1} 列）`);
      else titles.set(title, i);
      const known = platformField(exchange, column.field);
      if (!known) add(`${path}.field`, `${what}：第 ${i + 1} 列「${title}」的字段「${column.field}」不是该文件的字段`);
      else if (fields.has(column.field)) add(`${path}.field`, `${what}：字段「${known.label}」只能对应一列（第 ${fields.get(column.field)! + 1} 列和第 ${i + 1} 列）`);
      else fields.set(column.field, i);
    });
    for (const field of fieldsOf(exchange)) {
      if (field.required && !fields.has(field.field)) add(`${base}.columns`, `${what}：必填字段「${field.label}」（${field.field}）没有对应的列`);
    }
    if (exchange === 'shipments_in' && !fields.has('ordDetlId') && !fields.has('hospPurcDetlId')) {
      add(`${base}.columns`, `${what}：「订单明细ID」和「医院采购明细ID」至少须有一列，才能对上采购订单`);
    }
    const mapped = new Set<string>();
    layout.valueMaps.forEach((map, m) => {
      const path = `${base}.valueMaps.${m}`;
      const known = platformField(exchange, map.field);
      if (!known) return add(`${path}.field`, `${what}：代码对照的字段「${map.field}」不是该文件的字段`);
      if (!known.codes) return add(`${path}.field`, `${what}：字段「${known.label}」不是代码字段，不能设置代码对照`);
      if (mapped.has(map.field)) return add(`${path}.field`, `${what}：字段「${known.label}」的代码对照出现了两次`);
      mapped.add(map.field);
      const internals = new Set(known.codes.map((c) => c.value));
      const files = new Map<string, number>();
      map.entries.forEach((entry, e) => {
        if (!internals.has(entry.internal)) add(`${path}.entries.${e}.internal`, `${what}：「${known.label}」没有内部值「${entry.internal}」`);
        const code = entry.file.trim();
        if (code === '') add(`${path}.entries.${e}.file`, `${what}：「${known.label}」第 ${e + 1} 项请填写平台代码`);
        else if (files.has(code)) add(`${path}.entries.${e}.file`, `${what}：「${known.label}」的平台代码「${code}」出现了两次`);
        else files.set(code, e);
      });
      if (isOutgoingExchange(exchange) && fields.has(map.field)) {
        const given = new Set(map.entries.map((e) => e.internal));
        for (const code of known.codes) {
          if (!given.has(code.value)) add(`${path}.entries`, `${what}：「${known.label}」缺少内部值「${code.label}」（${code.value}）的平台代码`);
        }
      }
    });
    if (isOutgoingExchange(exchange)) {
      for (const [field, i] of fields) {
        const known = platformField(exchange, field)!;
        if (known.codes && !mapped.has(field)) add(`${base}.columns.${i}.field`, `${what}：代码字段「${known.label}」须设置代码对照，才能写出平台的代码`);
      }
    }
  }
  return problems;
}

/** Throws VALIDATION with every problem (each as a field problem with its path) unless the profile is valid. */
export function assertValidProfile(profile: PlatformProfile): void {
  const problems = validateProfile(profile);
  if (problems.length === 0) return;
  const shown = problems.slice(0, 5).map((p) => p.message).join('；');
  const more = problems.length > 5 ? ` 等 ${problems.length} 个问题` : '';
  throw new DomainError('VALIDATION', `平台配置「${profile.label || profile.name}」有误：${shown}${more}`, problems);
}

/** Shape and meaning in one: a profile read from storage or a request, parsed then validated. */
export function parseProfile(input: unknown): { profile: PlatformProfile | null; problems: PlatformProfileProblem[] } {
  const parsed = platformProfileShape.safeParse(input);
  if (!parsed.success) {
    return { profile: null, problems: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  }
  return { profile: parsed.data, problems: validateProfile(parsed.data) };
}

import { z } from 'zod';
import { isValidUscc, toHalfWidth } from './codes.js';

/** Trims and folds full-width characters before checking: what users paste is rarely clean. */
const cleaned = z.string().transform((s) => toHalfWidth(s).trim());

export const id = z.number({ error: '必须是编号' }).int().positive();
export const requiredText = (label: string, max = 100) =>
  cleaned.pipe(z.string().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 个字符`));
export const optionalText = (label: string, max = 200) =>
  cleaned.pipe(z.string().max(max, `${label}不能超过 ${max} 个字符`)).optional().default('');

export const uscc = cleaned
  .transform((s) => s.toUpperCase())
  .pipe(z.string().refine((s) => s === '' || isValidUscc(s), '统一社会信用代码无效（18 位，GB 32100 校验位不符）'));

export const phone = cleaned.pipe(
  z.string().refine((s) => s === '' || /^[0-9+\-() ]{5,20}$/.test(s), '联系电话格式不正确'),
);

/** Codes chosen by the community: letters, digits, '-' and '_'. */
export const localCode = (label: string) =>
  cleaned.pipe(
    z
      .string()
      .min(1, `请填写${label}`)
      .max(32, `${label}不能超过 32 个字符`)
      .regex(/^[A-Za-z0-9_-]+$/, `${label}只能包含字母、数字、- 和 _`),
  );

export const username = cleaned.pipe(
  z
    .string()
    .min(3, '用户名至少 3 个字符')
    .max(32, '用户名不能超过 32 个字符')
    .regex(/^[a-z][a-z0-9_.-]*$/, '用户名须以小写字母开头，只能包含小写字母、数字、.、- 和 _'),
);

/** Password policy: at least 8 characters with both letters and digits. Never trimmed. */
export const newPassword = z
  .string()
  .min(8, '密码至少 8 位')
  .max(128, '密码不能超过 128 位')
  .refine((s) => /[A-Za-z]/.test(s) && /[0-9]/.test(s), '密码须同时包含字母和数字');

export const isoTime = z.string();
export const ok = z.object({ ok: z.literal(true) });
export const empty = z.object({}).strict();

/** 医保定点机构编码, e.g. H51010500123. */
export const insuranceCode = cleaned
  .transform((s) => s.toUpperCase())
  .pipe(z.string().refine((s) => s === '' || /^[A-Z]\d{11}$/.test(s), '医保定点机构编码应为 1 位字母加 11 位数字'));

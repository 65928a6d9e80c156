import type { FormInstance } from 'antd';
import type { z } from 'zod';
import type { FieldError } from '../api/client.js';
import { ApiError } from '../api/client.js';

type NamePath = (string | number)[];

const toNamePath = (path: string): NamePath => path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/** Clears every error the form shows, so a corrected field does not keep a stale message. */
function clearErrors(form: FormInstance): void {
  const stale = form.getFieldsError().filter((f) => f.errors.length > 0);
  if (stale.length > 0) form.setFields(stale.map((f) => ({ name: f.name, errors: [] })));
}

/**
 * Puts field problems onto the form. `prefix` strips a wrapper the form does not have (unit.update puts
 * the fields under `fields.`); `known` limits to fields the form shows. Returns the problems left over.
 */
export function showFieldErrors(
  form: FormInstance,
  problems: readonly FieldError[],
  options: { prefix?: string; known?: (path: NamePath) => boolean } = {},
): FieldError[] {
  const byPath = new Map<string, string[]>();
  const leftOver: FieldError[] = [];
  for (const problem of problems) {
    const path = options.prefix && problem.path.startsWith(options.prefix) ? problem.path.slice(options.prefix.length) : problem.path;
    const name = toNamePath(path);
    if (path === '' || (options.known && !options.known(name))) {
      leftOver.push(problem);
      continue;
    }
    byPath.set(path, [...(byPath.get(path) ?? []), problem.message]);
  }
  form.setFields([...byPath].map(([path, errors]) => ({ name: toNamePath(path), errors })));
  return leftOver;
}

/** Fields the form has registered, so a problem elsewhere is reported rather than silently dropped. */
export function registeredIn(form: FormInstance): (path: NamePath) => boolean {
  const names = new Set(form.getFieldsError().map((f) => JSON.stringify(f.name)));
  return (path) => names.has(JSON.stringify(path));
}

/**
 * Checks values against the operation's own zod schema before anything is sent, showing every problem
 * (in the schema's Chinese) next to its field. Returns the parsed input, or null when it does not pass.
 */
export function validateWith<S extends z.ZodType>(
  form: FormInstance,
  schema: S,
  values: unknown,
  options: { prefix?: string } = {},
): { ok: true; data: z.output<S> } | { ok: false; unplaced: FieldError[] } {
  clearErrors(form);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const problems = result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  return { ok: false, unplaced: showFieldErrors(form, problems, { ...options, known: registeredIn(form) }) };
}

/**
 * Maps a failed call's field errors onto the form. Returns true when every problem found a field, so the
 * caller only needs a toast for what is left (or for an error without fields).
 */
export function showApiError(form: FormInstance, error: unknown, options: { prefix?: string } = {}): boolean {
  if (!(error instanceof ApiError) || error.fields.length === 0) return false;
  const leftOver = showFieldErrors(form, error.fields, { ...options, known: registeredIn(form) });
  return leftOver.length === 0;
}

function changedPaths(value: unknown, prefix: NamePath): NamePath[] {
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => changedPaths(v, [...prefix, key]));
  }
  return [prefix];
}

/**
 * For antd Form's onValuesChange: an edited field drops its old message at once (our errors come from zod,
 * not antd rules, so antd would otherwise keep showing them until the next submit).
 */
export function clearErrorsOnChange(form: FormInstance): (changed: unknown) => void {
  return (changed) => {
    const paths = changedPaths(changed, []).filter((p) => p.length > 0 && form.getFieldError(p).length > 0);
    if (paths.length > 0) form.setFields(paths.map((name) => ({ name, errors: [] })));
  };
}

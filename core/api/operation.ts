import type { z } from 'zod';
import type { Permission } from './roles.js';

/**
 * Who may call an operation:
 * - `public`: anyone, signed in or not (login, setup status);
 * - `session`: any signed-in user (their own profile, logout);
 * - a permission: a signed-in user whose role grants it.
 */
export type Access = 'public' | 'session' | { permission: Permission };

/** An xlsx export of a list operation: which array in its output, and the columns. */
export interface ExportSpec {
  /** Key of the array in the operation's output. */
  rows: string;
  sheet: string;
  filename: string;
  columns: { key: string; header: string; width?: number }[];
}

/**
 * The contract of one operation: everything a client needs to call it, and nothing about how it runs.
 * Handlers live in core/<module>/ and are joined to contracts in core/registry.ts.
 */
export interface OperationContract<
  N extends string = string,
  I extends z.ZodType = z.ZodType,
  O extends z.ZodType = z.ZodType,
> {
  name: N;
  /** One line, zh-CN, for logs, the audit log and docs. */
  title: string;
  input: I;
  output: O;
  access: Access;
  /** A mutating operation must record at least one audit entry and runs in a write transaction. */
  mutates: boolean;
  export?: ExportSpec;
}

export function defineOperation<N extends string, I extends z.ZodType, O extends z.ZodType>(
  contract: OperationContract<N, I, O>,
): OperationContract<N, I, O> {
  return contract;
}

/** The error body every failed call returns. */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    fields?: { path: string; message: string }[];
  };
}

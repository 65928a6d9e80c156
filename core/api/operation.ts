import type { z } from 'zod';
import type { Permission } from './roles.js';

/**
 * Who may call an operation:
 * - `public`: anyone, signed in or not (login, setup status);
 * - `session`: any signed-in user (their own profile, logout);
 * - a permission: a signed-in user whose role grants it.
 */
export type Access = 'public' | 'session' | { permission: Permission };

/** A kind of record an input field can name; core resolves each to the unit (or levels) it belongs to. */
export type RecordKind =
  | 'unit'
  | 'store'
  | 'user'
  | 'changeRequest'
  | 'item'
  | 'purchaseOrder'
  | 'receipt'
  | 'stockAdjustment'
  | 'location'
  | 'requisition'
  | 'requisitionLine'
  | 'shipment'
  | 'shipmentLine'
  | 'discrepancy'
  | 'stocktake'
  | 'consumption'
  | 'statement';

/** An input field (dot path) that names a record; absent or null values are skipped. */
export interface InputRef {
  path: string;
  record: RecordKind;
}

/**
 * Rows of the output that belong to units or levels: `rows` is the dot path of an array (or of one object),
 * `unit` the key of each row's unit id, `levels` the key of its level flags ({county, township, village}).
 */
export interface OutputRef {
  rows: string;
  unit?: string;
  levels?: string;
}

/**
 * How an operation is scoped, enforced by the registry for every caller whose role is confined to a set of
 * units (成员单位药师 today; a township centre acting for its village clinics later):
 * - `public`: no caller needed (login, setup);
 * - `self`: only the caller's own session and profile;
 * - `community`: reference data every holder of the permission reads whole (dictionary, saved mappings);
 * - `centre`: community-wide management; a unit-confined caller is refused outright;
 * - `units`: records that belong to units: every `input` ref must name a record of the caller's units, and
 *   every `output` row must belong to one (the handler filters; the registry refuses a leak);
 * - `level`: the level sub-catalogues: records named in `input` and rows in `output` must be available at
 *   the caller's units' levels.
 */
export type Scope =
  | 'public'
  | 'self'
  | 'community'
  | 'centre'
  | {
      units: {
        input?: readonly InputRef[];
        output?: readonly OutputRef[];
        /** A mutating operation whose input may name records of units the caller reviews (a township's villages), not only its own. */
        reviewedUnits?: boolean;
      };
    }
  | { level: { input?: readonly InputRef[]; output?: readonly OutputRef[] } };

/** An output field only some callers may read; the registry removes it for the others. */
export interface RestrictedField {
  /** Dot path of the field in the output. */
  path: string;
  permission: Permission;
}

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
  /** Required: an operation without a declared scope does not compile, and the permission tests list it. */
  scope: Scope;
  /** Output fields only holders of a permission see (the community's bank account). */
  restricted?: readonly RestrictedField[];
  /**
   * The operation takes a file: over HTTP the raw body (application/octet-stream, at most `maxBytes`) with
   * the JSON input in `?input=`; from the CLI a path. Access is checked before a byte of the body is read.
   */
  upload?: { maxBytes: number };
  /** The operation reports progress: over HTTP its answer is NDJSON lines, then `{done: true, ...output}`. */
  progress?: boolean;
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

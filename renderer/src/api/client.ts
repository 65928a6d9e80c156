import type { ApiErrorBody, OperationName, OpInput, OpOutput } from '../../../core/api/index.js';

export interface FieldError {
  path: string;
  message: string;
}

/** A failed call as the hub reported it: its code, a Chinese message, and the fields at fault. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

type UnauthenticatedListener = () => void;
let onUnauthenticated: UnauthenticatedListener = () => undefined;

/** Who to tell when the hub says the session is gone (set once by the app). */
export function setUnauthenticatedListener(listener: UnauthenticatedListener): void {
  onUnauthenticated = listener;
}

/** Operations whose 401 means "wrong credentials", not "your session expired". */
const SESSIONLESS = new Set<OperationName>(['auth.login', 'setup.initialize', 'setup.status']);

async function errorFrom(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as Partial<ApiErrorBody> | null;
  const error = body?.error;
  if (error && typeof error.code === 'string') {
    return new ApiError(error.code, error.message ?? '', response.status, error.fields ?? []);
  }
  return new ApiError(response.status >= 500 ? 'INTERNAL' : 'HTTP', `HTTP ${response.status}`, response.status);
}

/** Calls one hub operation; the types come from the same contracts the hub checks against. */
export async function call<N extends OperationName>(name: N, input: OpInput<N>): Promise<OpOutput<N>> {
  let response: Response;
  try {
    response = await fetch(`/api/op/${name}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    throw new ApiError('NETWORK', '', 0);
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (response.status === 401 && !SESSIONLESS.has(name)) onUnauthenticated();
    throw error;
  }
  return (await response.json()) as OpOutput<N>;
}

/** The URL of an operation's xlsx export with the given input (the hub streams the file). */
export function exportUrl<N extends OperationName>(name: N, input: OpInput<N>): string {
  return `/api/export/${name}?input=${encodeURIComponent(JSON.stringify(input ?? {}))}`;
}

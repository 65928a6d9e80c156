/** Kinds of failure a caller can act on; the server maps each to an HTTP status. */
export type ErrorCode =
  | 'VALIDATION' // 400: input breaks a rule; `fields` says where
  | 'UNAUTHENTICATED' // 401: no valid session
  | 'FORBIDDEN' // 403: the role or unit may not do this
  | 'PASSWORD_CHANGE_REQUIRED' // 403: a one-time password must be changed first
  | 'NOT_FOUND' // 404
  | 'CONFLICT' // 409: duplicate code, already initialised, state does not allow it
  | 'LOCKED' // 423: account locked after failed logins
  | 'RATE_LIMITED' // 429: too many attempts from this address (logins, the setup code); try again later
  | 'INTERNAL'; // 500: a bug; details go to the hub's log, never to the client

export interface FieldProblem {
  path: string;
  message: string;
}

/** An expected failure with a Chinese message for the user. Anything else thrown is a bug. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldProblem[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what}不存在`);
export const forbidden = (message = '没有权限执行此操作') => new DomainError('FORBIDDEN', message);
export const conflict = (message: string, fields?: FieldProblem[]) => new DomainError('CONFLICT', message, fields);
export const invalid = (path: string, message: string) => new DomainError('VALIDATION', message, [{ path, message }]);

import type { ApiErrorBody } from '../core/api/operation.js';
import type { ErrorCode, FieldProblem } from '../core/errors.js';

/** The HTTP status each domain error code travels under. */
export const STATUS_OF_CODE: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

export const INTERNAL_MESSAGE = '系统内部错误，已记录，请联系管理员';

export function errorBody(code: string, message: string, fields?: FieldProblem[]): ApiErrorBody {
  return { error: fields && fields.length > 0 ? { code, message, fields } : { code, message } };
}

export interface HttpFailure {
  status: number;
  body: ApiErrorBody;
}

export function domainFailure(error: { code: ErrorCode; message: string; fields?: FieldProblem[] }): HttpFailure {
  return { status: STATUS_OF_CODE[error.code] ?? 500, body: errorBody(error.code, error.message, error.fields) };
}

/**
 * Turns anything thrown inside Fastify (a bad body, a bug) into a status and a body a client may see.
 * Fastify's own errors carry a code and a 4xx status; everything else is a bug, answered without detail.
 */
export function frameworkFailure(error: unknown): HttpFailure {
  const e = error as { code?: unknown; statusCode?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500;
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: errorBody('VALIDATION', '请求内容不是有效的 JSON') };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: errorBody('VALIDATION', '请求内容过大（上限 10 MB）') };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: errorBody('VALIDATION', '请求须为 JSON（Content-Type: application/json）') };
  }
  // Prototype-poisoning attempts and other malformed requests come through as plain 400s.
  if (status === 400) return { status: 400, body: errorBody('VALIDATION', '请求格式不正确') };
  if (status >= 400 && status < 500) return { status, body: errorBody('VALIDATION', '请求无法处理') };
  return { status: 500, body: errorBody('INTERNAL', INTERNAL_MESSAGE) };
}

/**
 * The OpenAPI 3.1 description of the hub's HTTP API, generated from the operation contracts (core/api) with
 * zod 4's own JSON Schema output, so it cannot drift from what the hub validates. Served at
 * GET /api/openapi.json; docs/api.md explains how to use it.
 */
import { z } from 'zod';
import { contracts, ROLE_PERMISSIONS, type Access, type ExportSpec, type Role } from '../core/api/index.js';
import type { ErrorCode } from '../core/errors.js';
import { STATUS_OF_CODE } from './api-errors.js';
import { SESSION_COOKIE } from './session-cookie.js';
import pkg from '../package.json' with { type: 'json' };

/** What the generator reads of a contract; `scope`, `restricted`, `upload` and `progress` only when present. */
export interface DescribedContract {
  name: string;
  title: string;
  input: z.ZodType;
  output: z.ZodType;
  access: Access;
  mutates: boolean;
  export?: ExportSpec | undefined;
  scope?: unknown;
  restricted?: readonly { path: string; permission: string }[] | undefined;
  upload?: { maxBytes: number } | undefined;
  progress?: boolean | undefined;
}

type Json = Record<string, unknown>;
export type OpenApiDocument = Json & { openapi: string; paths: Record<string, Json>; components: Json };

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Chinese description of each error code, as the responses list them. */
const ERROR_MEANING: Record<ErrorCode, string> = {
  VALIDATION: '输入不符合规则（fields 逐项给出路径和中文说明）',
  UNAUTHENTICATED: '未登录、会话已过期，或用户名/密码错误',
  FORBIDDEN: '没有权限（角色或单位范围不允许）',
  PASSWORD_CHANGE_REQUIRED: '须先修改一次性密码（auth.changePassword）',
  NOT_FOUND: '记录或操作不存在',
  CONFLICT: '与现有数据冲突（编码重复、状态不允许等）',
  LOCKED: '账号因连续登录失败而暂时锁定',
  RATE_LIMITED: '来自同一地址的尝试过于频繁（登录、初始化码），请稍后再试',
  INTERNAL: '系统内部错误，详情只在中心端日志中',
};

/** Statuses, each with the codes that travel under it (403 carries two). */
function errorStatuses(): Map<number, ErrorCode[]> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const [code, status] of Object.entries(STATUS_OF_CODE) as [ErrorCode, number][]) {
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}

/**
 * One zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect). `io` picks what a caller sends (defaults
 * optional, before transforms) or what the hub answers. Types JSON cannot carry become `{}` rather than
 * failing the document; definitions of recursive schemas move to components and their refs follow.
 */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output', prefix: string, components: Record<string, unknown>): Json {
  const { $schema: _dialect, $defs, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json & {
    $defs?: Record<string, unknown>;
  };
  if (!$defs) return rest;
  const rename = (key: string) => `${prefix}.${key}`.replace(/[^A-Za-z0-9._-]/g, '_');
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) =>
          k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/') ? [k, `#/components/schemas/${rename(v.slice(8))}`] : [k, rewrite(v)],
        ),
      );
    }
    return value;
  };
  for (const [key, def] of Object.entries($defs)) components[rename(key)] = rewrite(def);
  return rewrite(rest) as Json;
}

const rolesWith = (permission: string) =>
  (Object.entries(ROLE_PERMISSIONS) as [Role, readonly string[]][]).filter(([, permissions]) => permissions.includes(permission)).map(([role]) => role);

function accessText(access: Access): string {
  if (access === 'public') return '无需登录。';
  if (access === 'session') return '须登录（任何角色）。';
  return `须登录，且角色具有权限 \`${access.permission}\`（${rolesWith(access.permission).join('、') || '无'}）。`;
}

/** The error responses an operation can give: every call may fail validation or internally. */
function errorResponses(contract: DescribedContract): Json {
  const statuses = new Set([400, 404, 409, 500]);
  if (contract.access !== 'public') [401, 403].forEach((s) => statuses.add(s));
  if (contract.name === 'auth.login') [401, 423, 429].forEach((s) => statuses.add(s));
  if (contract.name === 'setup.initialize') [403, 429].forEach((s) => statuses.add(s));
  return Object.fromEntries([...statuses].sort((a, b) => a - b).map((s) => [String(s), { $ref: `#/components/responses/Error${s}` }]));
}

function extensions(contract: DescribedContract): Json {
  const access = contract.access;
  const x: Json = {
    'x-access': typeof access === 'string' ? access : 'permission',
    'x-mutates': contract.mutates,
  };
  if (typeof access === 'object') {
    x['x-permission'] = access.permission;
    x['x-roles'] = rolesWith(access.permission);
  }
  if (contract.scope !== undefined) x['x-scope'] = contract.scope;
  if (contract.restricted?.length) x['x-restricted-fields'] = contract.restricted;
  if (contract.upload) x['x-upload'] = contract.upload;
  if (contract.progress) x['x-progress'] = true;
  return x;
}

function operationPath(contract: DescribedContract, components: Record<string, unknown>): Json {
  const input = jsonSchema(contract.input, 'input', `${contract.name}.input`, components);
  const output = jsonSchema(contract.output, 'output', `${contract.name}.output`, components);
  const tag = contract.name.split('.')[0]!;
  const lines = [
    accessText(contract.access),
    contract.mutates ? '写操作：一个事务，写入审计日志。' : '只读操作。',
  ];
  const parameters: Json[] = [];
  let requestBody: Json;
  if (contract.upload) {
    lines.push(`上传文件：请求体为文件本身（application/octet-stream，最大 ${contract.upload.maxBytes} 字节），JSON 输入放在 \`?input=\`，文件名放在 \`?filename=\`。`);
    parameters.push(
      { name: 'input', in: 'query', required: false, description: '操作输入（JSON）', content: { 'application/json': { schema: input } } },
      { name: 'filename', in: 'query', required: false, description: '原文件名', schema: { type: 'string' } },
    );
    requestBody = { required: true, content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } } };
  } else {
    requestBody = { required: false, description: '操作输入；空请求体等于 `{}`。', content: { 'application/json': { schema: input } } };
  }
  const ok: Json = contract.progress
    ? {
        description: '进度（NDJSON）：若干进度行，最后一行为 `{"done": true, ...输出}` 或错误体 `{"error": …}`。',
        content: {
          'application/x-ndjson': {
            schema: { type: 'string' },
            'x-last-line': { anyOf: [{ allOf: [output, { type: 'object', properties: { done: { const: true } }, required: ['done'] }] }, { $ref: '#/components/schemas/ErrorBody' }] },
          },
        },
      }
    : { description: '成功', content: { 'application/json': { schema: output } } };
  return {
    post: {
      operationId: contract.name,
      summary: contract.title,
      description: lines.join('\n\n'),
      tags: [tag],
      security: contract.access === 'public' ? [] : [{ session: [] }],
      ...(parameters.length ? { parameters } : {}),
      requestBody,
      responses: { '200': ok, ...errorResponses(contract) },
      ...extensions(contract),
    },
  };
}

function exportPath(contract: DescribedContract, spec: ExportSpec, components: Record<string, unknown>): Json {
  const input = jsonSchema(contract.input, 'input', `${contract.name}.input`, components);
  return {
    get: {
      operationId: `export.${contract.name}`,
      summary: `${contract.title}（导出 xlsx）`,
      description: `${accessText(contract.access)}\n\n以 \`${contract.name}\` 的输入查询，流式返回工作表「${spec.sheet}」：中文表头、冻结首行、自动筛选。`,
      tags: [contract.name.split('.')[0]!],
      security: contract.access === 'public' ? [] : [{ session: [] }],
      parameters: [
        {
          name: 'input',
          in: 'query',
          required: false,
          description: '操作输入（JSON，需 URL 编码）；省略等于 `{}`。',
          content: { 'application/json': { schema: input } },
        },
      ],
      responses: {
        '200': {
          description: `xlsx 文件（${spec.filename}-<日期>.xlsx）`,
          headers: { 'Content-Disposition': { schema: { type: 'string' }, description: 'attachment; filename*=UTF-8\'\'…' } },
          content: { [XLSX]: { schema: { type: 'string', contentMediaType: XLSX } } },
        },
        ...errorResponses(contract),
      },
      'x-export': { rows: spec.rows, sheet: spec.sheet, filename: spec.filename, columns: spec.columns.map(({ key, header }) => ({ key, header })) },
      ...extensions(contract),
    },
  };
}

/** The whole document for a list of contracts; a pure function of its arguments. */
export function buildOpenApiDocument(list: readonly DescribedContract[], version: string): OpenApiDocument {
  const schemas: Record<string, unknown> = {
    ErrorBody: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message'],
          properties: {
            code: { type: 'string', enum: Object.keys(STATUS_OF_CODE) },
            message: { type: 'string', description: '给用户看的中文说明' },
            fields: {
              type: 'array',
              description: '校验失败的字段：path 为输入中的点分路径（数组下标为数字），message 为中文说明',
              items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
            },
          },
        },
      },
      example: { error: { code: 'VALIDATION', message: '输入有误', fields: [{ path: 'code', message: '请输入单位编码' }] } },
    },
  };
  const responses: Record<string, unknown> = {};
  for (const [status, codes] of errorStatuses()) {
    responses[`Error${status}`] = {
      description: codes.map((c) => `${c}：${ERROR_MEANING[c]}`).join('；'),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
    };
  }
  const paths: Record<string, Json> = {
    '/api/health': {
      get: {
        operationId: 'health',
        summary: '健康检查',
        security: [],
        tags: ['hub'],
        responses: {
          '200': {
            description: '中心端在运行',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['ok', 'version', 'schema'],
                  properties: { ok: { const: true }, version: { type: 'string' }, schema: {} },
                },
              },
            },
          },
        },
      },
    },
    '/api/openapi.json': {
      get: {
        operationId: 'openapi',
        summary: '本文档（OpenAPI 3.1）',
        security: [],
        tags: ['hub'],
        responses: { '200': { description: 'OpenAPI 文档', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  };
  const sorted = [...list].sort((a, b) => a.name.localeCompare(b.name));
  for (const contract of sorted) paths[`/api/op/${contract.name}`] = operationPath(contract, schemas);
  for (const contract of sorted) if (contract.export) paths[`/api/export/${contract.name}`] = exportPath(contract, contract.export, schemas);
  const tags = [...new Set(sorted.map((c) => c.name.split('.')[0]!))].map((name) => ({ name }));
  return {
    openapi: '3.1.1',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Tongcai 统采 hub API',
      version,
      description:
        '每个操作一个地址：POST /api/op/{name}，JSON 请求体即输入。登录（auth.login）后中心端设置 HttpOnly 会话 Cookie ' +
        `\`${SESSION_COOKIE}\`，之后的请求带上它即可。POST 须为 Content-Type: application/json。错误体统一为 ` +
        '`{"error": {"code", "message", "fields?"}}`。用法见 docs/api.md。',
    },
    servers: [{ url: '/', description: '本中心端' }],
    tags: [...tags, { name: 'hub' }],
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'auth.login 成功后由 Set-Cookie 下发；空闲 30 分钟失效。' },
      },
      schemas,
      responses,
    },
  };
}

const cache = new WeakMap<readonly DescribedContract[], { version: string; document: OpenApiDocument; json: string }>();

/** The document for these contracts, built once per list (and version), with its JSON text. */
export function openApiDocument(list: readonly DescribedContract[], version: string): { document: OpenApiDocument; json: string } {
  const hit = cache.get(list);
  if (hit && hit.version === version) return hit;
  const document = buildOpenApiDocument(list, version);
  const entry = { version, document, json: JSON.stringify(document) };
  cache.set(list, entry);
  return entry;
}

/** The JSON text of the hub's own document (every registered contract), for GET /api/openapi.json. */
export const hubOpenApiJson = (): string => openApiDocument(contracts, pkg.version).json;

import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contracts, UNIT_KINDS } from '../../core/api/index.js';
import { buildOpenApiDocument, openApiDocument, type DescribedContract, type OpenApiDocument } from '../../server/openapi.js';
import { STATUS_OF_CODE } from '../../server/api-errors.js';
import { startTestHub, type TestHub } from './helpers.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const list = contracts as readonly DescribedContract[];
const doc = buildOpenApiDocument(list, pkg.version);
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking a JSON document

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const operations = (d: OpenApiDocument) =>
  Object.entries(d.paths).flatMap(([path, item]) => METHODS.filter((m) => m in item).map((method) => ({ path, method, op: (item as Json)[method] as Json })));

/** Every `$ref` anywhere in the document. */
function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') found.push(v);
      else refs(v, found);
    }
  }
  return found;
}

/** A validator for one schema of the document, with the document's components reachable by their $refs. */
function validator(schema: Json) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');
  const rewritten = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')) as Json;
  return ajv.compile(rewritten);
}

/** The input schema: the JSON body, or for an upload (the body is the file) the `input` query parameter. */
function body(name: string): Json {
  const op = (doc.paths[`/api/op/${name}`] as Json).post as Json;
  const json = op.requestBody.content['application/json'];
  if (json) return json.schema as Json;
  expect(Object.keys(op.requestBody.content)).toEqual(['application/octet-stream']);
  return (op.parameters as Json[]).find((p) => p.name === 'input')!.content['application/json'].schema as Json;
}
const answer = (name: string) => (doc.paths[`/api/op/${name}`] as Json).post.responses['200'].content['application/json'].schema as Json;

describe('the OpenAPI document', () => {
  it('has the structure of OpenAPI 3.1', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.stringContaining('统采'), version: pkg.version });
    expect(doc.jsonSchemaDialect).toBe('https://json-schema.org/draft/2020-12/schema');
    const ids = new Set<string>();
    for (const { path, op } of operations(doc)) {
      expect(path.startsWith('/api/')).toBe(true);
      expect(typeof op.operationId).toBe('string');
      expect(ids.has(op.operationId)).toBe(false);
      ids.add(op.operationId);
      expect(Object.keys(op.responses).length).toBeGreaterThan(0);
      for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
        expect(status).toMatch(/^[1-5]\d\d$/);
        // A response is either a reference or has the required description.
        expect(typeof (response.$ref ?? response.description)).toBe('string');
      }
      for (const p of (op.parameters ?? []) as Json[]) {
        expect(['query', 'header', 'path', 'cookie']).toContain(p.in);
        expect(Boolean(p.schema) !== Boolean(p.content)).toBe(true); // exactly one of them
      }
      for (const key of Object.keys(op)) {
        expect(['operationId', 'summary', 'description', 'tags', 'security', 'parameters', 'requestBody', 'responses'].includes(key) || key.startsWith('x-')).toBe(true);
      }
    }
    expect(doc.components.securitySchemes).toEqual({ session: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'tongcai_session' }) });
  });

  it('resolves every $ref inside the document, and every schema compiles as JSON Schema 2020-12', () => {
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(contracts.length);
    for (const ref of all) {
      expect(ref.startsWith('#/components/')).toBe(true);
      const target = ref
        .slice(2)
        .split('/')
        .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], doc);
      expect({ ref, found: target !== undefined }).toEqual({ ref, found: true });
    }
    for (const c of contracts) {
      expect(() => validator(body(c.name))).not.toThrow();
      if (!('progress' in c && c.progress)) expect(() => validator(answer(c.name))).not.toThrow();
    }
  });

  it('has one POST path per operation with its title, access and error responses, and GET exports', () => {
    const opPaths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/op/'));
    expect(opPaths.sort()).toEqual(contracts.map((c) => `/api/op/${c.name}`).sort());
    for (const c of contracts) {
      const op = (doc.paths[`/api/op/${c.name}`] as Json).post as Json;
      expect(op).toMatchObject({ operationId: c.name, summary: c.title, 'x-mutates': c.mutates });
      const codes = Object.keys(op.responses);
      expect(codes).toEqual(expect.arrayContaining(['200', '400', '500']));
      if (c.access === 'public') {
        expect(op.security).toEqual([]);
        expect(op['x-access']).toBe('public');
      } else {
        expect(op.security).toEqual([{ session: [] }]);
        expect(codes).toEqual(expect.arrayContaining(['401', '403']));
        expect(op['x-permission']).toBe(typeof c.access === 'object' ? c.access.permission : undefined);
      }
      if ('scope' in c) expect(op['x-scope']).toEqual(c.scope);
    }
    const exports = contracts.filter((c) => c.export).map((c) => c.name);
    expect(exports).toContain('audit.list');
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/export/')).sort()).toEqual(exports.map((n) => `/api/export/${n}`).sort());
    const auditExport = (doc.paths['/api/export/audit.list'] as Json).get as Json;
    expect(Object.keys(auditExport.responses['200'].content)).toEqual(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    expect(auditExport.parameters[0]).toMatchObject({ name: 'input', in: 'query', content: { 'application/json': { schema: { type: 'object' } } } });
    expect(auditExport['x-permission']).toBe('audit.read');
  });

  it('gives auth.login and unit.create their real input fields', () => {
    expect(body('auth.login')).toMatchObject({
      type: 'object',
      properties: { username: { type: 'string', minLength: 1 }, password: { type: 'string', minLength: 1 } },
      required: ['username', 'password'],
    });
    const unit = body('unit.create');
    expect(unit.properties.kind.enum).toEqual([...UNIT_KINDS]);
    expect(unit.required).toEqual(expect.arrayContaining(['code', 'name', 'kind']));
    // What a caller sends: fields with defaults are optional.
    expect(unit.required).not.toContain('parentId');
    const check = validator(unit);
    expect(check({ code: 'QY-WS01', name: '青石镇卫生院', kind: 'township_hospital' })).toBe(true);
    expect(check({ code: 'QY-WS01', name: '青石镇卫生院', kind: 'castle' })).toBe(false);
    expect(check({ name: '青石镇卫生院', kind: 'township_hospital' })).toBe(false);
    expect((doc.paths['/api/op/unit.create'] as Json).post['x-permission']).toBe('unit.manage');
  });

  it('describes the error body and which codes travel under which status', () => {
    const error = doc.components.schemas as Json;
    expect(error.ErrorBody.properties.error.required).toEqual(['code', 'message']);
    expect([...error.ErrorBody.properties.error.properties.code.enum].sort()).toEqual(Object.keys(STATUS_OF_CODE).sort());
    const responses = doc.components.responses as Json;
    expect(Object.keys(responses).sort()).toEqual(['Error400', 'Error401', 'Error403', 'Error404', 'Error409', 'Error423', 'Error429', 'Error500']);
    expect(responses.Error403.description).toMatch(/FORBIDDEN.*PASSWORD_CHANGE_REQUIRED/);
    expect(Object.keys((doc.paths['/api/op/auth.login'] as Json).post.responses)).toEqual(expect.arrayContaining(['401', '423']));
  });

  it('describes uploads, progress streams and scope when a contract declares them', () => {
    const sample: DescribedContract[] = [
      {
        name: 'sample.upload',
        title: '上传样例',
        input: z.object({ sheet: z.string().optional() }),
        output: z.object({ rows: z.number().int() }),
        access: { permission: 'dictionary.manage' },
        mutates: true,
        scope: 'community',
        upload: { maxBytes: 1024 },
        progress: true,
      },
    ];
    const op = (buildOpenApiDocument(sample, '9.9.9').paths['/api/op/sample.upload'] as Json).post as Json;
    expect(Object.keys(op.requestBody.content)).toEqual(['application/octet-stream']);
    expect(op.parameters.map((p: Json) => p.name)).toEqual(['input', 'filename']);
    expect(op.parameters[0].content['application/json'].schema.properties).toEqual({ sheet: { type: 'string' } });
    expect(Object.keys(op.responses['200'].content)).toEqual(['application/x-ndjson']);
    expect(op).toMatchObject({ 'x-upload': { maxBytes: 1024 }, 'x-progress': true, 'x-scope': 'community', 'x-permission': 'dictionary.manage' });
    expect(op.description).toContain('1024');
  });

  it('is built once per contract list', () => {
    expect(openApiDocument(list, pkg.version).document).toBe(openApiDocument(list, pkg.version).document);
    expect(openApiDocument(list, pkg.version).document).toEqual(doc);
  });
});

describe('GET /api/openapi.json', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.dispose());

  it('answers without a session, on a hub not yet set up, with the generated document', async () => {
    const res = await fetch(`${hub.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.json()).toEqual(doc);
  });
});

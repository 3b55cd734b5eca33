import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { changedTables, tableChecksums } from '../testing/checksum';
import { describeEachDatabase } from '../testing/db';

/**
 * A property-based fuzzer over the whole API, derived from its OpenAPI document (the request
 * schemas only): for every route and method, requests with one thing wrong (a wrong type, NUL and
 * lone surrogates, huge and out-of-range numbers, impossible dates, deep nesting, unknown ids,
 * missing and extra fields, bad path parameters, a wrong body), as an admin and unauthenticated.
 * Whatever comes back: never a 5xx; an error in the one shape; a refused request changes no row of
 * any table; an unauthenticated caller gets 401 (and learns no field names) from every route that
 * needs a caller.
 *
 * Bounded: RUNS requests per route and method on each database (FUZZ_RUNS overrides), so the file
 * stays within a few minutes. A failure prints fast-check's seed and path; FUZZ_SEED=<seed> (and
 * FUZZ_ROUTE="POST /api/people") replays it.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const ONLY = process.env.FUZZ_ROUTE;

/** An open event stream never ends: its valid requests are left to its own tests (src/telephony). */
const STREAMING = new Set(['GET /api/events']);
/** Bodies the document does not describe as JSON: a CSV upload and an NDJSON stream. */
const RAW_BODIES: Record<string, string> = {
  'POST /api/imports': 'text/csv',
  'POST /api/interactions/stream': 'application/x-ndjson',
};

interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  pattern?: string;
  nullable?: boolean;
  additionalProperties?: boolean | Schema;
  $ref?: string;
}

interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: Schema;
}

interface Operation {
  method: string;
  path: string;
  key: string;
  params: Parameter[];
  body: Schema | undefined;
  public: boolean;
}

/** A value the schema takes, as plain as possible: the baseline one mutation is applied to. */
function validValue(schema: Schema, ids: string[], depth = 0): unknown {
  if (depth > 6) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    const plain = alternatives.find((s) => s.type !== 'null') ?? alternatives[0];
    return plain ? validValue(plain, ids, depth + 1) : null;
  }
  switch (schema.type) {
    case 'string':
      return validString(schema, ids);
    case 'integer':
    case 'number': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : 1;
      return Math.min(Math.max(min, 1), schema.maximum ?? Number.MAX_SAFE_INTEGER);
    }
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () =>
        validValue(schema.items ?? {}, ids, depth + 1),
      );
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const name of schema.required ?? []) {
        const property = schema.properties?.[name];
        if (property) out[name] = validValue(property, ids, depth + 1);
      }
      return out;
    }
    default:
      return 'x';
  }
}

const PATTERN_EXAMPLES: Record<string, string> = {
  '^[A-Z]{2}$': 'US',
  '^[A-Z]{3}$': 'USD',
  '^[a-z][a-z0-9_-]{0,62}$': 'fuzzrole',
  '^[a-z][a-z0-9_]{0,62}$': 'fuzz_key',
  '^[a-z0-9][a-z0-9_-]{0,49}$': 'fuzz',
  '^\\d{1,16}$': '1',
};

function validString(schema: Schema, ids: string[]): string {
  switch (schema.format) {
    case 'uuid':
      return ids[0] ?? '00000000-0000-4000-8000-000000000000';
    case 'date-time':
      return '2025-01-02T10:00:00Z';
    case 'date':
      return '2025-01-02';
    case 'email':
      return 'fuzz@example.com';
  }
  if (schema.pattern && PATTERN_EXAMPLES[schema.pattern]) return PATTERN_EXAMPLES[schema.pattern] as string;
  return 'fuzz'.padEnd(schema.minLength ?? 1, 'z').slice(0, schema.maxLength ?? 100);
}

/** Every place in a value where a mutation can go: [path, schema]. */
function places(schema: Schema, prefix: string[] = [], depth = 0): [string[], Schema][] {
  const out: [string[], Schema][] = [[prefix, schema]];
  if (depth > 4) return out;
  const plain = schema.anyOf?.find((s) => s.type === 'object') ?? schema;
  for (const [name, property] of Object.entries(plain.properties ?? {}))
    out.push(...places(property, [...prefix, name], depth + 1));
  if (plain.items) out.push(...places(plain.items, [...prefix, '0'], depth + 1));
  return out;
}

/**
 * JSON nested `depth` deep, built only when the request is written: fast-check prints a failing
 * case by walking it, and a 5,000-deep value would overflow that walk and hide the real failure.
 */
class Nested {
  static readonly MARK = '\u0001nested\u0001';
  constructor(readonly depth: number) {}
  /** `[{"d":[{"d":…"deep"…}]}]`, written without recursion (JSON.stringify would overflow too). */
  text(): string {
    let open = '';
    let close = '';
    for (let i = this.depth - 1; i >= 0; i--) open += i % 2 ? '{"d":' : '[';
    for (let i = 0; i < this.depth; i++) close += i % 2 ? '}' : ']';
    return `${open}"deep"${close}`;
  }
  [fc.toStringMethod](): string {
    return `<JSON nested ${this.depth} deep>`;
  }
}

/** Values no route should take, and some it may: each must be answered without a 5xx. */
const badValue = (ids: string[]) =>
  fc.oneof(
    fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\udc00\ud800', ''),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.constantFrom(
      '2024-02-30',
      '0000-01-01',
      '2024-02-30T00:00:00Z',
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59-01:00',
      '2024-13-01T00:00:00Z',
      '275760-09-13T00:00:00Z',
    ),
    fc.constantFrom(
      1e308,
      -1e308,
      2 ** 63,
      -(2 ** 63),
      1e20,
      2 ** 31,
      -1,
      0,
      0.5,
      Number.MAX_SAFE_INTEGER + 2,
    ),
    fc.constantFrom('99999999999999999999', 'NaN', 'Infinity', '-1', '1e400', '0x10'),
    fc.constant(new Nested(5000)),
    fc.uuid(),
    fc.constantFrom(...(ids.length > 0 ? ids : ['00000000-0000-4000-8000-000000000000'])),
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(null, true, false, [], {}, 'x'.repeat(100_000)),
  );

const badParam = (ids: string[]) =>
  fc.oneof(
    fc.constantFrom('not-a-uuid', '%00', '%ED%A0%80', '..', '%2F', 'a'.repeat(300), '%E0%A4%A', '-1', '0'),
    fc.uuid(),
    fc.constantFrom(...(ids.length > 0 ? ids : ['00000000-0000-4000-8000-000000000000'])),
    fc.string({ unit: 'binary', maxLength: 12 }).map(encodeParam),
  );

/** Percent-encodes each UTF-16 unit, a lone surrogate as the bytes a careless client sends (CESU-8). */
function encodeParam(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (code >= 0xd800 && code <= 0xdfff)
      out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`;
    else out += encodeURIComponent(ch);
  }
  return out;
}

type Mutation =
  | { kind: 'set'; where: 'body' | 'query'; place: number; value: unknown }
  | { kind: 'remove'; where: 'body' | 'query'; place: number }
  | { kind: 'extra'; where: 'body' | 'query'; key: string; value: unknown }
  | { kind: 'body'; value: unknown }
  | { kind: 'raw'; text: string }
  | { kind: 'param'; place: number; value: string }
  | { kind: 'none' };

interface FuzzCase {
  auth: boolean;
  mutation: Mutation;
  /** An existing id for each path parameter (or an unknown one). */
  idChoice: number;
}

function arbitraryCase(op: Operation, ids: string[]): fc.Arbitrary<FuzzCase> {
  const where = fc.constantFrom(...(op.body ? (['body', 'query'] as const) : (['query'] as const)));
  const mutations: fc.Arbitrary<Mutation>[] = [
    fc.record({ kind: fc.constant('set' as const), where, place: fc.nat(), value: badValue(ids) }),
    fc.record({ kind: fc.constant('remove' as const), where, place: fc.nat() }),
    fc.record({
      kind: fc.constant('extra' as const),
      where,
      key: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'a\u0000')),
      value: badValue(ids),
    }),
    fc.record({ kind: fc.constant('body' as const), value: fc.oneof(badValue(ids), fc.jsonValue()) }),
    fc.record({
      kind: fc.constant('raw' as const),
      text: fc.oneof(
        fc.constantFrom('{', '{"a":', '[]', 'null', '\u0000', '{"a":"\\ud800"}', `${'['.repeat(100_000)}`),
        fc.string({ unit: 'binary', maxLength: 50 }),
      ),
    }),
    fc.constant({ kind: 'none' as const }),
  ];
  if (op.params.some((p) => p.in === 'path'))
    mutations.push(fc.record({ kind: fc.constant('param' as const), place: fc.nat(), value: badParam(ids) }));
  return fc.record({
    auth: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    mutation: fc.oneof(...mutations),
    idChoice: fc.nat(),
  });
}

interface Built {
  url: string;
  payload: string | Buffer | undefined;
  contentType: string | undefined;
}

/** JSON text of a request value, a Nested value (at most one per request) written as its text. */
function jsonText(value: unknown): string {
  let deep: Nested | undefined;
  const text = JSON.stringify(value, (_key, v) => {
    if (!(v instanceof Nested)) return v;
    deep = v;
    return Nested.MARK;
  });
  return deep ? text.replace(JSON.stringify(Nested.MARK), deep.text()) : text;
}

function buildRequest(op: Operation, c: FuzzCase, ids: string[]): Built {
  const m = c.mutation;
  const pathParams = op.params.filter((p) => p.in === 'path');
  let url = op.path;
  pathParams.forEach((p, i) => {
    const known = p.schema.format === 'uuid' ? (ids[(c.idChoice + i) % Math.max(ids.length, 1)] ?? '') : '';
    const value =
      m.kind === 'param' && m.place % pathParams.length === i
        ? m.value
        : encodeParam(String(known || validValue(p.schema, ids)));
    url = url.replace(`{${p.name}}`, value);
  });

  const query: Record<string, unknown> = {};
  for (const p of op.params.filter((q) => q.in === 'query' && q.required))
    query[p.name] = validValue(p.schema, ids);
  let body: unknown = op.body ? validValue(op.body, ids) : undefined;
  const querySchema: Schema = {
    type: 'object',
    properties: Object.fromEntries(op.params.filter((p) => p.in === 'query').map((p) => [p.name, p.schema])),
  };

  const apply = (target: unknown, schema: Schema): unknown => {
    if (m.kind !== 'set' && m.kind !== 'remove' && m.kind !== 'extra') return target;
    const list = places(schema);
    if (m.kind === 'extra') {
      if (typeof target === 'object' && target !== null && !Array.isArray(target))
        return { ...(target as object), [m.key]: m.value };
      return target;
    }
    const [path] = list[m.place % list.length] as [string[], Schema];
    if (path.length === 0) return m.kind === 'set' ? m.value : undefined;
    const root = structuredClone(target ?? {}) as Record<string, unknown>;
    let node = root;
    for (const key of path.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = /^\d+$/.test(key) ? [] : {};
      node = node[key] as Record<string, unknown>;
    }
    const last = path.at(-1) as string;
    if (m.kind === 'set') node[last] = m.value;
    else delete node[last];
    return root;
  };
  if ((m.kind === 'set' || m.kind === 'remove' || m.kind === 'extra') && m.where === 'body')
    body = apply(body, op.body ?? {});
  if ((m.kind === 'set' || m.kind === 'remove' || m.kind === 'extra') && m.where === 'query')
    Object.assign(query, apply(query, querySchema) as object);
  if (m.kind === 'body') body = m.value;

  const search = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeParam(k)}=${encodeParam(typeof v === 'string' ? v : jsonText(v))}`)
    .join('&');
  const fullUrl = search ? `${url}?${search}` : url;
  const raw = RAW_BODIES[op.key];
  if (raw) {
    const text = m.kind === 'raw' ? m.text : `email,name\n${jsonText(body ?? '')},x\n`;
    return { url: fullUrl, payload: Buffer.from(text, 'utf8'), contentType: raw };
  }
  if (m.kind === 'raw') return { url: fullUrl, payload: m.text, contentType: 'application/json' };
  if (body === undefined || !['POST', 'PUT', 'PATCH', 'DELETE'].includes(op.method))
    return { url: fullUrl, payload: undefined, contentType: undefined };
  return { url: fullUrl, payload: jsonText(body), contentType: 'application/json' };
}

function operationsOf(doc: {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        requestBody?: { content?: Record<string, { schema: Schema }> };
        security?: unknown[];
      }
    >
  >;
}): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const key = `${method.toUpperCase()} ${path}`;
      ops.push({
        method: method.toUpperCase(),
        path,
        key,
        params: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema,
        public: Array.isArray(op.security) && op.security.length === 0,
      });
    }
  }
  return ops;
}

describeEachDatabase('the API under fuzzed input', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let ops: Operation[] = [];
  /** Ids of records of every kind the routes name (none of them the admin's own user, role or token). */
  let ids: string[] = [];

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('fuzz');
    const call = async (method: 'POST' | 'GET', url: string, payload?: object) =>
      (await api.app.inject({ method, url, headers: bearer(a.adminToken), payload })).json();
    const victim = await api.addUser(a, 'sales');
    const person = await call('POST', '/api/people', {
      displayName: 'Fuzz Person',
      emails: ['fz@example.com'],
    });
    const other = await call('POST', '/api/people', { displayName: 'Fuzz Other' });
    const account = await call('POST', '/api/accounts', { name: 'Fuzz Ltd' });
    const product = await call('POST', '/api/products', { sku: 'FZ', name: 'Fuzz', listPrice: 1 });
    const order = await call('POST', '/api/orders', {
      personId: person.id,
      orderedAt: '2025-01-01T10:00:00Z',
      channel: 'web',
      lines: [{ productId: product.id, quantity: 1 }],
    });
    const task = await call('POST', '/api/tasks', {
      title: 'Fuzz',
      dueAt: '2025-01-01T10:00:00Z',
      personId: person.id,
    });
    const team = await call('POST', '/api/teams', { name: 'Fuzz team' });
    const role = await call('POST', '/api/roles', { name: 'fuzzer', grants: { people: { read: 'all' } } });
    const attribute = await call('POST', '/api/attributes', {
      objectType: 'people',
      key: 'fuzz',
      type: 'text',
    });
    const view = await call('POST', '/api/views', {
      objectType: 'people',
      name: 'Fuzz',
      definition: { filters: {} },
    });
    const tokens = (await call('GET', '/api/tokens')).items as { id: string; userId: string }[];
    const victimToken = tokens.find((t) => t.userId === victim.id);
    ids = [
      person.id,
      other.id,
      account.id,
      product.id,
      order.id,
      task.id,
      team.id,
      role.id,
      attribute.id,
      view.id,
      victim.id,
      victimToken?.id,
    ].filter((x): x is string => typeof x === 'string');
    const doc = (await api.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    ops = operationsOf(doc).filter((op) => !ONLY || op.key === ONLY);
  });
  afterAll(() => api.close());

  it('derives every route and method from the OpenAPI document', () => {
    expect(ops.length).toBeGreaterThan(ONLY ? 0 : 100);
  });

  it('answers every fuzzed request without a 5xx, in the one error shape, changing nothing it refuses', async () => {
    const failures: string[] = [];
    let checksums = await tableChecksums(api.database.db);
    for (const op of ops) {
      const property = fc.asyncProperty(arbitraryCase(op, ids), async (c) => {
        if (STREAMING.has(op.key) && c.auth) return;
        const built = buildRequest(op, c, ids);
        const r = await api.app.inject({
          method: op.method as 'GET',
          url: built.url,
          headers: {
            ...(c.auth ? bearer(a.adminToken) : {}),
            ...(built.contentType ? { 'content-type': built.contentType } : {}),
          },
          payload: built.payload,
        });
        const what = `${op.key} as ${c.auth ? 'admin' : 'nobody'}: ${built.url} ${String(built.payload).slice(0, 200)}`;
        expect(r.statusCode, `${what} answered ${r.body.slice(0, 300)}`).toBeLessThan(500);
        const after = await tableChecksums(api.database.db);
        if (r.statusCode >= 400) {
          const body = r.json();
          expect(Object.keys(body), what).toEqual(['error']);
          expect(typeof body.error.code === 'string' && typeof body.error.message === 'string', what).toBe(
            true,
          );
          expect(
            Object.keys(body.error).filter((k) => !['code', 'message', 'field'].includes(k)),
            what,
          ).toEqual([]);
          expect(
            changedTables(checksums, after),
            `${what} was refused (${r.statusCode}) yet changed`,
          ).toEqual([]);
        }
        if (!c.auth && !op.public) {
          // 401 before anything of the request is read; a path that names no route is a 404, a URL the
          // router cannot read a 400 about the URL (both before any route, so no field of one).
          const { field } = r.json().error ?? {};
          expect(r.statusCode === 401 || r.statusCode === 404 || field === 'url', `${what}: ${r.body}`).toBe(
            true,
          );
          expect(field === undefined || field === 'url', `${what}: ${r.body}`).toBe(true);
        }
        checksums = after;
      });
      try {
        await fc.assert(property, {
          numRuns: RUNS,
          seed: SEED,
          endOnFailure: true,
          includeErrorInReport: true,
        });
      } catch (err) {
        failures.push(`${op.key}: ${(err as Error).message.slice(0, 1500)}`);
      }
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
  }, 900_000);
});

describe('the fuzzer itself', () => {
  it('puts a lone surrogate in a URL as the bytes a careless client would send', () => {
    expect(encodeParam('a\ud800')).toBe('a%ed%a0%80');
  });
});

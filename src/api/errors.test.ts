import { Type } from 'typebox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';

let api: TestApi;
let a: TestTenant;

beforeAll(async () => {
  api = await createTestApi('pglite');
  a = await api.addTenant('acme');
});
afterAll(() => api.close());

const post = (url: string, payload: string, contentType = 'application/json') =>
  api.app.inject({
    method: 'POST',
    url,
    headers: { ...bearer(a.adminToken), 'content-type': contentType },
    payload,
  });

async function userCount(): Promise<number> {
  const r = await api.app.inject({ method: 'GET', url: '/api/users', headers: bearer(a.adminToken) });
  return r.json().items.length;
}

it.each([
  ['bad JSON', '{"email": ', 400, 'bad_request', 'body'],
  [
    'an unknown field',
    JSON.stringify({ email: 'x@y.com', role: 'sales', colour: 'red' }),
    400,
    'validation_failed',
    'colour',
  ],
  [
    'a wrong type',
    JSON.stringify({ email: 'x@y.com', role: 'sales', name: 42 }),
    400,
    'validation_failed',
    'name',
  ],
  ['a missing field', JSON.stringify({ role: 'sales' }), 400, 'validation_failed', 'email'],
  [
    'an over-long string',
    JSON.stringify({ email: 'x@y.com', role: 'sales', name: 'n'.repeat(201) }),
    400,
    'validation_failed',
    'name',
  ],
  [
    'an oversize body',
    JSON.stringify({ email: 'x@y.com', role: 'sales', name: 'n'.repeat(2_000_000) }),
    413,
    'payload_too_large',
    'body',
  ],
  [
    'a bad email',
    JSON.stringify({ email: 'not-an-email', role: 'sales' }),
    400,
    'validation_failed',
    'email',
  ],
  ['an unknown role', JSON.stringify({ email: 'x@y.com', role: 'pilot' }), 400, 'validation_failed', 'role'],
  [
    'a short password',
    JSON.stringify({ email: 'x@y.com', role: 'sales', password: 'short' }),
    400,
    'validation_failed',
    'password',
  ],
])(
  'answers %s with one error shape naming the field, and changes nothing',
  async (_case, body, status, code, field) => {
    const before = await userCount();
    const r = await post('/api/users', body);
    expect(r.statusCode).toBe(status);
    expect(r.json()).toEqual({ error: { code, message: expect.any(String), field } });
    expect(await userCount()).toBe(before);
  },
);

it('answers a duplicate with 409 naming the field', async () => {
  const body = JSON.stringify({ email: 'dup@y.com', role: 'sales' });
  expect((await post('/api/users', body)).statusCode).toBe(201);
  const again = await post('/api/users', body);
  expect(again.statusCode).toBe(409);
  expect(again.json().error).toMatchObject({ code: 'conflict', field: 'email' });
});

it('answers an unsupported content type and an unknown route in the same shape', async () => {
  const r = await post('/api/teams', 'name=x', 'text/csv');
  expect(r.statusCode).toBe(415);
  expect(r.json().error.code).toBe('unsupported_media_type');
  const missing = await api.app.inject({
    method: 'GET',
    url: '/api/nothing-here',
    headers: bearer(a.adminToken),
  });
  expect(missing.statusCode).toBe(404);
  expect(missing.json().error.code).toBe('not_found');
});

it('validates path and query parameters', async () => {
  const r = await api.app.inject({
    method: 'GET',
    url: '/api/users/not-a-uuid',
    headers: bearer(a.adminToken),
  });
  expect(r.statusCode).toBe(400);
  expect(r.json().error.field).toBe('id');
  const q = await api.app.inject({
    method: 'GET',
    url: '/api/audit?limit=100000',
    headers: bearer(a.adminToken),
  });
  expect(q.statusCode).toBe(400);
  expect(q.json().error.field).toBe('limit');
});

it('serves health and an OpenAPI 3 document generated from the route schemas', async () => {
  const health = await api.app.inject({ method: 'GET', url: '/api/health' });
  expect(health.json()).toEqual({
    status: 'ok',
    database: 'pglite',
    schemaVersion: expect.stringMatching(/^\d{4}_/),
  });
  const doc = (await api.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  expect(doc.openapi).toMatch(/^3\./);
  const createUser = doc.paths['/api/users'].post;
  expect(createUser.requestBody.content['application/json'].schema.properties.email).toMatchObject({
    type: 'string',
    maxLength: 320,
  });
  expect(createUser.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
  const docs = await api.app.inject({ method: 'GET', url: '/api/docs/' });
  expect(docs.statusCode).toBe(200);
  expect(docs.body).toContain('swagger');
});

it('answers an unexpected failure with a 500 that carries the logged request id, and no internals', async () => {
  const { buildApp } = await import('./app');
  const lines: string[] = [];
  const app = await buildApp({
    database: api.database,
    webDist: '/nonexistent',
    logger: { level: 'error', stream: { write: (line: string) => lines.push(line) } },
  });
  app.get('/api/boom', { schema: { response: { 200: Type.Object({}) } } }, async () => {
    throw new Error('secret internals');
  });
  const r = await app.inject({ method: 'GET', url: '/api/boom', headers: bearer(a.adminToken) });
  await app.close();
  expect(r.statusCode).toBe(500);
  const body = r.json();
  expect(body.error).toMatchObject({ code: 'internal', requestId: r.headers['x-request-id'] });
  expect(r.body).not.toContain('secret internals');
  expect(lines.join('\n')).toContain(body.error.requestId);
  expect(lines.join('\n')).toContain('secret internals');
});

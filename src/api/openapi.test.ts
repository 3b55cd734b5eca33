import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../testing/api';

interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: { in: string; name: string; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** Writes that act on the resource in the path and take no body. */
const NO_BODY = new Set([
  'POST /api/auth/logout',
  'POST /api/users/{id}/password-reset',
  'POST /api/orders/{id}/fulfil',
  'POST /api/duplicates/{a}/{b}/dismiss',
  'POST /api/analytics/scores/recompute',
  'POST /api/people/{id}/erase',
  'POST /api/quotes/{id}/send',
]);

/** The areas of the API, as the tags group them in the document. */
const AREAS = new Set([
  'auth',
  'admin',
  'jobs',
  'system',
  'customers',
  'interactions',
  'telephony',
  'tasks',
  'sales',
  'imports',
  'privacy',
  'analytics',
]);

describe('the OpenAPI document', () => {
  let api: TestApi;
  let paths: Record<string, Record<string, Operation>>;
  beforeAll(async () => {
    api = await createTestApi('pglite');
    const res = await api.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    paths = res.json().paths;
  });
  afterAll(() => api.close());

  const operations = () =>
    Object.entries(paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, path, op })),
    );

  it('lists every route', () => {
    expect(operations().length).toBeGreaterThan(100);
  });

  it('gives every operation a summary and one tag naming its area', () => {
    const missing = operations().flatMap(({ name, op }) => [
      ...(op.summary?.trim() ? [] : [`${name}: no summary`]),
      ...(op.tags?.length === 1 && AREAS.has(op.tags[0] as string) ? [] : [`${name}: tags ${op.tags}`]),
    ]);
    expect(missing).toEqual([]);
  });

  it('describes the answer of every operation (a schema, or 204 with no body)', () => {
    const missing = operations().flatMap(({ name, op }) => {
      const success = Object.entries(op.responses ?? {}).filter(([code]) => /^2/.test(code));
      if (success.length === 0) return [`${name}: no 2xx response`];
      return success.flatMap(([code, response]) => {
        if (code === '204') return response.content ? [`${name}: 204 with a body`] : [];
        const media = Object.values(response.content ?? {});
        return media.length > 0 && media.every((m) => m.schema) ? [] : [`${name}: ${code} without a schema`];
      });
    });
    expect(missing).toEqual([]);
  });

  it('describes the input of every operation: each path parameter, and the body of every write', () => {
    const missing = operations().flatMap(({ name, path, op }) => {
      const declared = new Set((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name));
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
      const out = params.filter((p) => !declared.has(p)).map((p) => `${name}: path parameter ${p}`);
      const write = /^(POST|PUT|PATCH) /.test(name);
      const body = Object.values(op.requestBody?.content ?? {}).some((m) => m.schema);
      if (write && !body && !NO_BODY.has(name)) out.push(`${name}: no request body schema`);
      if (NO_BODY.has(name) && body) out.push(`${name}: has a body (take it off NO_BODY)`);
      return out;
    });
    expect(missing).toEqual([]);
  });
});

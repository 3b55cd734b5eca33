import Fastify from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, NoContent } from '../platform/index';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { buildApp } from './app';
import { requireResponseSchemas } from './route-schemas';

const Answer = Type.Object({ ok: Type.Boolean() });
const answer = async () => ({ ok: true });

describe('an API route registered without a response schema', () => {
  const app: Api = Fastify().withTypeProvider();
  requireResponseSchemas(app);
  afterAll(() => app.close());

  it('is refused, naming the route', () => {
    expect(() => app.get('/api/planted', answer)).toThrow(/GET \/api\/planted has no response schema/);
    expect(() => app.post('/api/planted', { schema: { body: Answer } }, answer)).toThrow(
      /POST \/api\/planted has no response schema/,
    );
  });

  it('is refused when only its errors are declared', () => {
    expect(() => app.get('/api/errors-only', { schema: { response: { 400: Answer } } }, answer)).toThrow(
      /GET \/api\/errors-only declares no success answer .*\(only 400\)/,
    );
  });

  it('is refused when hidden from the OpenAPI document', () => {
    expect(() => app.get('/api/hidden', { schema: { hide: true } }, answer)).toThrow(/GET \/api\/hidden/);
  });

  it('is accepted with a success answer: a 2xx code, 2xx, or 204 with no content', () => {
    expect(() => app.get('/api/declared', { schema: { response: { 200: Answer } } }, answer)).not.toThrow();
    expect(() => app.get('/api/range', { schema: { response: { '2xx': Answer } } }, answer)).not.toThrow();
    expect(() =>
      app.delete('/api/declared', { schema: { response: { 204: NoContent } } }, async () => undefined),
    ).not.toThrow();
  });

  it('is not checked outside /api/ (the web app)', () => {
    expect(() => app.get('/index.html', async () => 'page')).not.toThrow();
  });
});

describe('the Rapport app', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
  });
  afterAll(() => database.close());

  it('starts with every route declaring its answer, and refuses one planted without', async () => {
    const app = await buildApp({ database, webDist: '/nonexistent' });
    try {
      expect(() => app.get('/api/people/:id/planted', answer)).toThrow(
        /GET \/api\/people\/:id\/planted has no response schema/,
      );
      // Every slice's routes were registered under the check: the app got this far, and is ready.
      await app.ready();
    } finally {
      await app.close();
    }
  });
});

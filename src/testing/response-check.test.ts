import { registerAjvFormats, TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, DateTime, jsonSerializer, Nullable } from '../platform/index';
import { checkResponseSchemas } from './response-check';

registerAjvFormats();

describe('the response schema check of the HTTP tests', () => {
  const app: Api = Fastify().withTypeProvider();
  const Person = Type.Object({ id: Type.String(), name: Type.String(), since: Nullable(DateTime) });

  beforeAll(async () => {
    app.setValidatorCompiler(TypeBoxValidatorCompiler);
    const answer = { id: 'p1', name: 'Ada', since: new Date('2024-05-01T12:00:00Z') };
    app.get('/complete', { schema: { response: { 200: Person } } }, async () => answer);
    // A field the schema forgot: fast-json-stringify leaves it out of the answer.
    app.get(
      '/forgot',
      { schema: { response: { 200: Type.Object({ id: Type.String(), since: Nullable(DateTime) }) } } },
      async () => answer,
    );
    app.get(
      '/coerced',
      { schema: { response: { 200: Type.Object({ share: Type.Integer() }) } } },
      async () => ({ share: 0.25 }),
    );
    // Written by JSON.stringify: nothing is dropped, but the schema must still declare the field.
    app.get(
      '/json',
      {
        schema: { response: { 200: Type.Object({ id: Type.String() }) } },
        serializerCompiler: jsonSerializer,
      },
      async () => ({ id: 'p1', extra: true }),
    );
    app.get(
      '/nested',
      { schema: { response: { 200: Type.Object({ items: Type.Array(Person) }) } } },
      async () => ({ items: [answer, { ...answer, since: null, nickname: 'A' }] }),
    );
    checkResponseSchemas(app);
    await app.ready();
  });
  afterAll(() => app.close());

  it('lets a complete schema through unchanged, dates as ISO strings', async () => {
    const res = await app.inject('/complete');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: 'p1', name: 'Ada', since: '2024-05-01T12:00:00.000Z' });
  });

  it('fails an answer whose schema drops a field, naming the route and the field', async () => {
    const res = await app.inject('/forgot');
    expect(res.statusCode).toBe(500);
    expect(res.json().error.message).toContain('GET /forgot');
    expect(res.json().error.message).toContain('.name dropped');
  });

  it('fails an answer whose schema changes a value', async () => {
    const res = await app.inject('/coerced');
    expect(res.statusCode).toBe(500);
    expect(res.json().error.message).toContain('.share: 0.25 sent as 0');
  });

  it('fails an undeclared field of an answer written by JSON.stringify', async () => {
    const res = await app.inject('/json');
    expect(res.statusCode).toBe(500);
    expect(res.json().error.message).toMatch(/schema: .*extra|schema: \(the body\)/);
  });

  it('finds a field dropped deep in a list', async () => {
    const res = await app.inject('/nested');
    expect(res.statusCode).toBe(500);
    expect(res.json().error.message).toContain('.items.1.nickname dropped');
  });
});

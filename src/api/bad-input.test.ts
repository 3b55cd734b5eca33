import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { changedTables, tableChecksums } from '../testing/checksum';
import { describeEachDatabase } from '../testing/db';

/**
 * Input that once answered 500 (issue 18): each is now a 400 naming the field, in the one error
 * shape, and changes nothing.
 */
describeEachDatabase('bad input is a 400 naming the field', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let personId: string;
  let accountId: string;
  const NOBODY = '00000000-0000-4000-8000-000000000000';

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    const person = await send('POST', '/api/people', {
      displayName: 'Ann Example',
      emails: ['ann@example.com'],
    });
    personId = person.json().id;
    accountId = (await send('POST', '/api/accounts', { name: 'Example Ltd' })).json().id;
  });
  afterAll(() => api.close());

  type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** A JSON value, or a raw JSON text (to send what JSON.stringify cannot write, such as a lone surrogate). */
  function send(method: Method, url: string, body?: object | string, headers: Record<string, string> = {}) {
    return api.app.inject({
      method,
      url,
      headers: {
        ...bearer(a.adminToken),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  /** Sends the request and expects a 400 naming `field`, with the database unchanged. */
  async function expectRefused(
    request: () => ReturnType<typeof send>,
    field: string,
    status = 400,
  ): Promise<void> {
    const before = await tableChecksums(api.database.db);
    const r = await request();
    expect({ status: r.statusCode, body: r.json() }).toEqual({
      status,
      body: { error: { code: expect.any(String), message: expect.any(String), field } },
    });
    expect(changedTables(before, await tableChecksums(api.database.db))).toEqual([]);
  }

  const cursor = (text: string) => Buffer.from(text).toString('base64url');

  describe('text PostgreSQL cannot hold, or that is not well-formed Unicode', () => {
    it('refuses a NUL or a lone surrogate at the unauthenticated login', async () => {
      const login = (body: string) => () =>
        api.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          headers: { 'content-type': 'application/json' },
          payload: body,
        });
      await expectRefused(
        login('{"workspace":"acme\\u0000","email":"admin@acme.example.com","password":"x"}'),
        'workspace',
      );
      await expectRefused(
        login('{"workspace":"acme","email":"admin@acme.example.com","password":"p\\ud800"}'),
        'password',
      );
    });

    it('refuses them in a body, a query string and a path parameter', async () => {
      await expectRefused(() => send('POST', '/api/teams', '{"name":"Sales\\u0000"}'), 'name');
      await expectRefused(() => send('POST', '/api/people', '{"displayName":"Ann \\udc00"}'), 'displayName');
      await expectRefused(
        () => send('PATCH', `/api/people/${personId}`, '{"address":{"city":"Le\\ud83d"}}'),
        'address.city',
      );
      await expectRefused(() => send('GET', '/api/people?namePrefix=a%00'), 'namePrefix');
      await expectRefused(() => send('GET', '/api/audit/people/%00'), 'objectId');
    });

    it('refuses them in an object key', async () => {
      await expectRefused(
        () => send('POST', '/api/people', '{"displayName":"Ann","attributes":{"a\\u0000":1}}'),
        'attributes',
      );
    });

    it('refuses JSON nested 5,000 deep', async () => {
      const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
      await expectRefused(() => send('POST', '/api/teams', `{"name":"x","extra":${deep}}`), 'extra');
      await expectRefused(
        () =>
          send(
            'POST',
            '/api/interactions',
            `{"idempotencyKey":"deep-1","channel":"web","type":"visit","occurredAt":"2024-01-01T00:00:00Z",` +
              `"identifiers":{"email":"deep@example.com"},"metadata":{"a":${deep}}}`,
          ),
        'metadata.a',
      );
    });

    it('refuses a JSON body that is not UTF-8', async () => {
      const bytes = Buffer.concat([
        Buffer.from('{"name":"Sales '),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('"}'),
      ]);
      await expectRefused(
        () =>
          api.app.inject({
            method: 'POST',
            url: '/api/teams',
            headers: { ...bearer(a.adminToken), 'content-type': 'application/json' },
            payload: bytes,
          }),
        'body',
      );
    });
  });

  describe('idempotency keys', () => {
    it('refuses a key with a lone surrogate, so a different later key is never taken for a duplicate', async () => {
      const item = (key: string) =>
        `{"idempotencyKey":"${key}","channel":"web","type":"visit","occurredAt":"2024-01-01T00:00:00Z",` +
        `"identifiers":{"email":"keys@example.com"}}`;
      await expectRefused(() => send('POST', '/api/interactions', item('k\\ud800')), 'idempotencyKey');
      await expectRefused(
        () => send('POST', '/api/interactions/bulk', `{"items":[${item('ok-1')},${item('k\\ud801')}]}`),
        'items.1.idempotencyKey',
      );
    });

    it('rejects such an item of an NDJSON stream on its own, naming the field', async () => {
      const line = (key: string) =>
        `{"idempotencyKey":"${key}","channel":"web","type":"visit","occurredAt":"2024-01-01T00:00:00Z",` +
        `"identifiers":{"email":"stream@example.com"}}`;
      const r = await api.app.inject({
        method: 'POST',
        url: '/api/interactions/stream',
        headers: { ...bearer(a.adminToken), 'content-type': 'application/x-ndjson' },
        payload: `${line('s\\ud800')}\n${line('s\\ud801')}\n${line('s-ok')}\n`,
      });
      expect(r.statusCode).toBe(200);
      const lines = r.body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.slice(0, 3).map((l) => [l.index, l.status, l.field])).toEqual([
        [0, 'rejected', 'idempotencyKey'],
        [1, 'rejected', 'idempotencyKey'],
        [2, 'created', undefined],
      ]);
      // A key whose last byte is not UTF-8 (0xff): read as text it would become U+FFFD.
      const bytes = Buffer.from(`${line('s-X')}\n`);
      bytes[bytes.indexOf('s-X') + 2] = 0xff;
      const bad = await api.app.inject({
        method: 'POST',
        url: '/api/interactions/stream',
        headers: { ...bearer(a.adminToken), 'content-type': 'application/x-ndjson' },
        payload: bytes,
      });
      expect(JSON.parse(bad.body.split('\n')[0] as string)).toMatchObject({
        index: 0,
        status: 'rejected',
        field: 'item',
      });
    });
  });

  describe('dates PostgreSQL cannot hold, and impossible dates', () => {
    it('refuses year 0000 in a date and a time', async () => {
      await expectRefused(
        () => send('POST', '/api/people', { displayName: 'Old', birthday: '0000-01-01' }),
        'birthday',
      );
      await expectRefused(
        () => send('POST', '/api/tasks', { title: 'Call', dueAt: '0000-06-01T10:00:00Z' }),
        'dueAt',
      );
    });

    it('refuses an impossible day in an interaction, as orders and tasks do', async () => {
      const item = { channel: 'web', type: 'visit', identifiers: { email: 'feb@example.com' } };
      await expectRefused(
        () =>
          send('POST', '/api/interactions', {
            ...item,
            idempotencyKey: 'feb-1',
            occurredAt: '2025-02-30T10:00:00Z',
          }),
        'occurredAt',
      );
      const bulk = await send('POST', '/api/interactions/bulk', {
        items: [{ ...item, idempotencyKey: 'feb-2', occurredAt: '2025-02-30T10:00:00Z' }],
      });
      expect(bulk.json().items[0]).toMatchObject({
        index: 0,
        status: 'rejected',
        field: 'occurredAt',
      });
      await expectRefused(
        () => send('POST', '/api/tasks', { title: 'Call', dueAt: '2025-02-30T10:00:00Z' }),
        'dueAt',
      );
    });

    it('refuses a cursor that holds an impossible date', async () => {
      const bad = (at: string) => cursor(`${at}|${NOBODY}`);
      await expectRefused(
        () => send('GET', `/api/people/${personId}/timeline?cursor=${bad('2024-02-30T00:00:00Z')}`),
        'cursor',
      );
      await expectRefused(
        () => send('GET', `/api/people/${personId}/orders?cursor=${bad('2024-02-30T00:00:00Z')}`),
        'cursor',
      );
      await expectRefused(
        () => send('GET', `/api/accounts/${accountId}/members?cursor=${bad('0000-01-01T00:00:00Z')}`),
        'cursor',
      );
      const sorted = cursor(JSON.stringify(['-createdAt', '2024-02-30T00:00:00Z', NOBODY]));
      await expectRefused(() => send('GET', `/api/people?cursor=${sorted}`), 'cursor');
    });
  });

  describe('numbers, constraints and references', () => {
    it('refuses an audit cursor beyond any id', async () => {
      await expectRefused(() => send('GET', '/api/audit?before=99999999999999999999'), 'before');
    });

    it('refuses a blank task title', async () => {
      await expectRefused(
        () => send('POST', '/api/tasks', { title: '   ', dueAt: '2025-01-01T10:00:00Z' }),
        'title',
      );
    });

    it('refuses an owner or team that does not exist', async () => {
      await expectRefused(
        () => send('POST', '/api/people', { displayName: 'X', ownerId: NOBODY }),
        'ownerId',
      );
      await expectRefused(() => send('POST', '/api/people', { displayName: 'X', teamId: NOBODY }), 'teamId');
      await expectRefused(() => send('PATCH', `/api/people/${personId}`, { ownerId: NOBODY }), 'ownerId');
      await expectRefused(() => send('PATCH', `/api/accounts/${accountId}`, { teamId: NOBODY }), 'teamId');
    });
  });

  describe("Fastify's own errors", () => {
    it('answer bad URL encoding, over-long parameters, bad JSON, a body too large and an unsupported type in the one shape', async () => {
      const shape = { error: { code: expect.any(String), message: expect.any(String) } };
      const cases = [
        { r: await send('GET', '/api/people/%E0%A4%A'), status: 400 },
        { r: await send('GET', `/api/people/${'a'.repeat(500)}`), status: 400 },
        { r: await send('POST', '/api/teams', '{"name":'), status: 400 },
        { r: await send('POST', '/api/teams', { name: 'x'.repeat(2_000_000) }), status: 413 },
        {
          r: await api.app.inject({
            method: 'POST',
            url: '/api/teams',
            headers: { ...bearer(a.adminToken), 'content-type': 'application/xml' },
            payload: '<team/>',
          }),
          status: 415,
        },
      ];
      for (const { r, status } of cases) {
        expect(r.statusCode).toBe(status);
        expect(Object.keys(r.json())).toEqual(['error']);
        expect(r.json()).toMatchObject(shape);
        expect(Object.keys(r.json().error).every((k) => ['code', 'message', 'field'].includes(k))).toBe(true);
      }
    });
  });

  describe('authentication before validation', () => {
    it('tells an unauthenticated caller no field names', async () => {
      for (const [method, url, body] of [
        ['POST', '/api/users', '{"colour":"red"}'],
        ['GET', '/api/audit?before=abc', undefined],
        ['POST', '/api/teams', '{"name":'],
        ['GET', '/api/users/not-a-uuid', undefined],
      ] as const) {
        const r = await api.app.inject({
          method,
          url,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          payload: body,
        });
        expect(r.statusCode).toBe(401);
        expect(r.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
      }
    });
  });
});

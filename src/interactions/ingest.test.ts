import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withTenant } from '../db/index';
import type { BulkResult } from '../platform/index';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';

/** An item of the bulk answer, its fields read without narrowing on the status. */
type Result = { index: number; status: string; id?: string; personId?: string | null } & Partial<
  Record<'field' | 'reason' | 'code', string>
>;

describeEachDatabase('interaction ingest over HTTP', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let b: TestTenant;

  const post = (token: string, url: string, payload: unknown) =>
    api.app.inject({ method: 'POST', url, headers: bearer(token), payload: payload as object });
  const bulk = async (items: object[], token = a.adminToken) => {
    const res = await post(token, '/api/interactions/bulk', { items });
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json() as BulkResult;
    const counted = { created: 0, duplicate: 0, rejected: 0 };
    for (const r of answer.items) counted[r.status]++;
    expect({ created: answer.created, duplicate: answer.duplicate, rejected: answer.rejected }).toEqual(
      counted,
    );
    return answer.items as Result[];
  };
  const item = (key: string, over: object = {}) => ({
    idempotencyKey: key,
    channel: 'web',
    type: 'page_view',
    direction: 'inbound',
    occurredAt: '2026-01-02T10:00:00Z',
    identifiers: { email: `${key}@example.com` },
    summary: `viewed ${key}`,
    ...over,
  });
  const count = async (where = sql`true`) => {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from interactions where ${where}`.execute(api.database.db);
    return rows[0]?.n ?? 0;
  };

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    b = await api.addTenant('bolt');
  });
  afterAll(() => api.close());

  it('answers a retried batch with duplicates carrying the first ids, and adds no rows or people', async () => {
    const items = [item('retry-1'), item('retry-2'), item('retry-3')];
    const first = await bulk(items);
    expect(first.map((r) => r.status)).toEqual(['created', 'created', 'created']);
    const rows = await count();
    const { rows: people } = await sql<{ n: number }>`select count(*)::int as n from people`.execute(
      api.database.db,
    );
    const second = await bulk(items);
    expect(second).toEqual(
      first.map((r, index) => ({ index, status: 'duplicate', id: r.id, personId: r.personId })),
    );
    expect(await count()).toBe(rows);
    const { rows: after } = await sql<{ n: number }>`select count(*)::int as n from people`.execute(
      api.database.db,
    );
    expect(after[0]?.n).toBe(people[0]?.n);
  });

  it('answers a key repeated within one batch as a duplicate of its first item', async () => {
    const results = await bulk([item('twice'), item('other'), item('twice', { summary: 'again' })]);
    expect(results[0]?.status).toBe('created');
    expect(results[2]).toEqual({
      index: 2,
      status: 'duplicate',
      id: results[0]?.id,
      personId: results[0]?.personId,
    });
    expect(await count(sql`idempotency_key = 'twice'`)).toBe(1);
  });

  it('rejects bad items one by one, naming the field, and keeps the good ones beside them', async () => {
    const future = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString();
    const results = await bulk([
      item('good-1'),
      item('bad-channel', { channel: 'fax' }),
      item('bad-phone', { identifiers: { phone: 'call me maybe' } }),
      item('bad-future', { occurredAt: future }),
      item('bad-none', { identifiers: { name: 'Nobody' } }),
      item('bad-1969', { occurredAt: '1969-12-31T23:59:59Z' }),
      item('bad-field', { colour: 'red' }),
      {
        channel: 'web',
        type: 'visit',
        occurredAt: '2026-01-02T10:00:00Z',
        identifiers: { email: 'k@example.com' },
      },
      item('bad-email', { identifiers: { email: 'not-an-email' } }),
      item('bad-direction', { direction: 'sideways' }),
      item('bad-agent', { agent: 'ghost@example.com' }),
      item('good-2', { channel: 'phone', type: 'call', identifiers: { phone: '(415) 555-0100' } }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['created', ...Array(10).fill('rejected'), 'created']);
    expect(results.slice(1, 11).map((r) => [r.index, r.field])).toEqual([
      [1, 'channel'],
      [2, 'identifiers.phone'],
      [3, 'occurredAt'],
      [4, 'identifiers'],
      [5, 'occurredAt'],
      [6, 'colour'],
      [7, 'idempotencyKey'],
      [8, 'identifiers.email'],
      [9, 'direction'],
      [10, 'agent'],
    ]);
    expect(results[1]?.reason).toContain('web, email, phone');
    expect(results[3]?.reason).toContain('future');
    expect(results[10]?.code).toBe('not_found');
    expect(await count(sql`idempotency_key like 'good-%'`)).toBe(2);
    expect(await count(sql`idempotency_key like 'bad-%'`)).toBe(0);
  });

  it('resolves identities on ingest: email, then email and phone, land on one person with the phone attached', async () => {
    const [first, second] = await bulk([
      item('ann-1', { identifiers: { email: 'Ann.Lee@Example.com', name: 'Ann Lee' } }),
      item('ann-2', {
        channel: 'phone',
        type: 'call',
        identifiers: { email: 'ann.lee@example.com', phone: '415 555 0177' },
      }),
    ]);
    expect(second?.personId).toBe(first?.personId);
    const person = await api.app.inject({
      method: 'GET',
      url: `/api/people/${first?.personId}`,
      headers: bearer(a.adminToken),
    });
    expect(person.json()).toMatchObject({ displayName: 'Ann Lee' });
    expect(
      person
        .json()
        .identities.map((i: { value: string }) => i.value)
        .sort(),
    ).toEqual(['+14155550177', 'ann.lee@example.com']);
    // A later call by phone alone finds her too, and the link says which identifier made it.
    const [third] = await bulk([
      item('ann-3', { channel: 'sms', identifiers: { phone: '+1 (415) 555-0177' } }),
    ]);
    expect(third?.personId).toBe(first?.personId);
    const timeline = await api.app.inject({
      method: 'GET',
      url: `/api/people/${first?.personId}/timeline`,
      headers: bearer(a.adminToken),
    });
    const links = Object.fromEntries(
      timeline.json().items.map((i: { idempotencyKey: string; link: unknown }) => [i.idempotencyKey, i.link]),
    );
    expect(links['ann-1']).toMatchObject({ by: 'identifiers', createdPerson: true });
    expect(links['ann-2']).toMatchObject({
      matchedBy: ['email:ann.lee@example.com'],
      attached: ['phone:+14155550177'],
      createdPerson: false,
    });
    expect(links['ann-3']).toMatchObject({ matchedBy: ['phone:+14155550177'], attached: [] });
  });

  it('takes a personId directly, stores links, metadata and the agent, and refuses another workspace’s person', async () => {
    const person = await post(a.adminToken, '/api/people', { firstName: 'Bo', emails: ['bo@example.com'] });
    const personId = person.json().id as string;
    const [ok] = await bulk([
      item('direct', {
        personId,
        identifiers: undefined,
        links: { orderId: 'ord-1' },
        metadata: { page: '/pricing', ms: 420 },
        agent: a.adminId,
        durationSeconds: 30,
      }),
    ]);
    expect(ok).toMatchObject({ status: 'created', personId });
    const { rows } = await sql<{ links: unknown; metadata: unknown; agent_id: string; resolution: unknown }>`
      select links, metadata, agent_id, resolution from interactions where id = ${ok?.id}`.execute(
      api.database.db,
    );
    expect(rows[0]).toEqual({
      links: { orderId: 'ord-1' },
      metadata: { page: '/pricing', ms: 420 },
      agent_id: a.adminId,
      resolution: { by: 'personId' },
    });
    const [cross] = await bulk([item('cross', { personId, identifiers: undefined })], b.adminToken);
    expect(cross).toMatchObject({ index: 0, status: 'rejected', code: 'not_found', field: 'personId' });
  });

  it('accepts 10,000 items in one call and refuses 10,001 naming items, storing none of them', async () => {
    const items = Array.from({ length: 10_000 }, (_, i) =>
      item(`big-${i}`, { identifiers: { externalId: `shop:${i % 2_500}` } }),
    );
    const results = await bulk(items);
    expect(results).toHaveLength(10_000);
    expect(results.every((r) => r.status === 'created')).toBe(true);
    expect(new Set(results.map((r) => r.personId)).size).toBe(2_500);
    expect(await count(sql`idempotency_key like 'big-%'`)).toBe(10_000);

    const tooMany = await post(a.adminToken, '/api/interactions/bulk', {
      items: Array.from({ length: 10_001 }, (_, i) => item(`huge-${i}`)),
    });
    expect([400, 413]).toContain(tooMany.statusCode);
    expect(tooMany.json().error.field).toBe('items');
    expect(await count(sql`idempotency_key like 'huge-%'`)).toBe(0);
  }, 240_000);

  it('writes an audit entry for every interaction created, saying how it was linked', async () => {
    const results = await bulk([item('audit-1'), item('audit-2'), item('audit-1')]);
    const ids = results.slice(0, 2).map((r) => r.id as string);
    const { rows } = await sql<{
      object_id: string;
      action: string;
      changes: Record<string, { after: unknown }>;
    }>`
      select object_id, action, changes from audit_log
      where object_type = 'interactions' and object_id = any(${ids}::text[]) order by id`.execute(
      api.database.db,
    );
    expect(rows.map((r) => r.object_id).sort()).toEqual([...ids].sort());
    expect(rows.every((r) => r.action === 'create')).toBe(true);
    expect(rows[0]?.changes.idempotency_key?.after).toBe('audit-1');
    expect(rows[0]?.changes.linked_by?.after).toBe('new person');
    // No identifier values in the append-only log: erasure must be able to remove them.
    expect(JSON.stringify(rows)).not.toContain('audit-1@example.com');
  });

  it.runIf(kind === 'postgres')(
    'a key another transaction commits while the batch waits is that row’s duplicate, and is not audited',
    async () => {
      const db = api.database.db;
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let other = '';
      const otherTransaction = withTenant(db, a.workspaceId, async (trx) => {
        const { rows } = await sql<{ id: string }>`
          insert into interactions (workspace_id, channel, direction, type, occurred_at, idempotency_key)
          values (${a.workspaceId}, 'web', 'inbound', 'visit', now(), 'race-2') returning id`.execute(trx);
        other = rows[0]?.id as string;
        await held;
      });
      await expect.poll(() => other).not.toBe('');
      const pending = bulk([item('race-1'), item('race-2'), item('race-3')]);
      // The batch's insert waits on the other transaction's uncommitted key; then that one commits.
      await expect
        .poll(async () => {
          const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
            where wait_event_type = 'Lock' and query like '%insert into interactions%'`.execute(db);
          return rows[0]?.n;
        })
        .toBe(1);
      release();
      await otherTransaction;
      const results = await pending;
      expect(results.map((r) => r.status)).toEqual(['created', 'duplicate', 'created']);
      expect(results[1]?.id).toBe(other);
      const { rows } = await sql<{ object_id: string; key: string }>`
        select object_id, changes->'idempotency_key'->>'after' as key from audit_log
        where object_type = 'interactions' and changes->'idempotency_key'->>'after' like 'race-%' order by id`.execute(
        db,
      );
      expect(rows).toEqual([
        { object_id: results[0]?.id, key: 'race-1' },
        { object_id: results[2]?.id, key: 'race-3' },
      ]);
    },
  );

  it('records one interaction: 201, then 200 with the same id for the same key, 4xx naming the field', async () => {
    const one = item('single', { channel: 'chat', type: 'message' });
    const created = await post(a.adminToken, '/api/interactions', one);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ status: 'created' });
    const again = await post(a.adminToken, '/api/interactions', one);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({
      status: 'duplicate',
      id: created.json().id,
      personId: created.json().personId,
    });
    const bad = await post(a.adminToken, '/api/interactions', {
      ...one,
      idempotencyKey: 'x',
      channel: 'pigeon',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'validation_failed', field: 'channel' });
  });

  it('needs the interactions create permission and a token', async () => {
    const analyst = await api.addUser(a, 'analyst');
    const denied = await post(analyst.token, '/api/interactions/bulk', { items: [item('denied')] });
    expect(denied.statusCode).toBe(403);
    const anonymous = await api.app.inject({
      method: 'POST',
      url: '/api/interactions/bulk',
      payload: { items: [] },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(await count(sql`idempotency_key = 'denied'`)).toBe(0);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';

type Item = { id: string; channel: string; type: string; occurredAt: string; idempotencyKey: string | null };
type Page = { items: Item[]; nextCursor: string | null };

describeEachDatabase('person timeline', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let b: TestTenant;
  let personId: string;
  const channels = ['web', 'email', 'phone', 'store'] as const;
  const types = ['page_view', 'message', 'call', 'visit', 'complaint'] as const;
  /** 30 interactions in pairs sharing their time, so paging must break ties by id. */
  const times = Array.from({ length: 30 }, (_, i) =>
    new Date(Date.UTC(2025, 5, 1, 8, Math.floor(i / 2) * 7)).toISOString(),
  );

  const get = (url: string, token = a.adminToken) =>
    api.app.inject({ method: 'GET', url, headers: bearer(token) });
  const pages = async (query: string, limit: number): Promise<{ items: Item[]; pages: number }> => {
    const items: Item[] = [];
    let cursor: string | null = null;
    let n = 0;
    do {
      const res = await get(
        `/api/people/${personId}/timeline?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as Page;
      expect(page.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.items);
      cursor = page.nextCursor;
      n++;
    } while (cursor && n < 100);
    return { items, pages: n };
  };
  /** Newest first, ties by id descending: what the timeline must answer. */
  const expected = async (where = sql`true`) => {
    const { rows } = await sql<{ id: string }>`
      select id from interactions where person_id = ${personId} and ${where}
      order by occurred_at desc, id desc`.execute(api.database.db);
    return rows.map((r) => r.id);
  };

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    b = await api.addTenant('bolt');
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/interactions/bulk',
      headers: bearer(a.adminToken),
      payload: {
        items: times.map((occurredAt, i) => ({
          idempotencyKey: `t-${i}`,
          channel: channels[i % channels.length],
          type: types[i % types.length],
          occurredAt,
          identifiers: { email: 'tia@example.com' },
          summary: `touch ${i}`,
        })),
      },
    });
    personId = res.json().items[0].personId;
  });
  afterAll(() => api.close());

  it('pages newest first with a cursor, without gaps or repeats, ties broken by id', async () => {
    const { items, pages: n } = await pages('', 7);
    expect(n).toBe(5);
    expect(items.map((i) => i.id)).toEqual(await expected());
    expect(new Set(items.map((i) => i.id)).size).toBe(30);
    expect(items[0]?.occurredAt).toBe(times[29]);
    expect(items.at(-1)?.occurredAt).toBe(times[0]);
  });

  it('filters by several channels and types, repeated or comma-separated', async () => {
    const byChannel = await pages('&channel=web&channel=phone', 4);
    expect(byChannel.items.map((i) => i.id)).toEqual(await expected(sql`channel in ('web', 'phone')`));
    expect(byChannel.items.length).toBe(15);
    const both = await pages('&channel=web,phone&type=page_view,call', 3);
    expect(both.items.map((i) => i.id)).toEqual(
      await expected(sql`channel in ('web', 'phone') and type in ('page_view', 'call')`),
    );
    expect(both.items.every((i) => ['page_view', 'call'].includes(i.type))).toBe(true);
    expect(both.items.length).toBeGreaterThan(0);
    const single = await get(`/api/people/${personId}/timeline?type=complaint`);
    expect(single.json().items.map((i: Item) => i.type)).toEqual(Array(6).fill('complaint'));
  });

  it('names a bad filter or cursor', async () => {
    const channel = await get(`/api/people/${personId}/timeline?channel=fax`);
    expect(channel.statusCode).toBe(400);
    expect(channel.json().error.field).toBe('channel');
    const cursor = await get(`/api/people/${personId}/timeline?cursor=bm9wZQ`);
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().error.field).toBe('cursor');
  });

  it('shows a merged-in person’s history after a merge, and sends the merged id to the survivor', async () => {
    const other = await api.app.inject({
      method: 'POST',
      url: '/api/interactions',
      headers: bearer(a.adminToken),
      payload: {
        idempotencyKey: 'merged-in',
        channel: 'mail',
        type: 'letter',
        occurredAt: '2020-01-01T00:00:00Z',
        identifiers: { email: 'tia.old@example.com' },
      },
    });
    const mergedId = other.json().personId as string;
    const before = await pages('', 50);
    expect(before.items.map((i) => i.idempotencyKey)).not.toContain('merged-in');
    const merge = await api.app.inject({
      method: 'POST',
      url: '/api/people/merge',
      headers: bearer(a.adminToken),
      payload: { survivorId: personId, mergedId, dryRun: false },
    });
    expect(merge.statusCode, merge.body).toBe(200);
    const after = await pages('', 50);
    expect(after.items).toHaveLength(before.items.length + 1);
    expect(after.items.at(-1)?.idempotencyKey).toBe('merged-in');
    const old = await get(`/api/people/${mergedId}/timeline?channel=mail`);
    expect(old.statusCode).toBe(308);
    expect(old.headers.location).toBe(`/api/people/${personId}/timeline?channel=mail`);
  });

  it('includes orders as purchase interactions', async () => {
    const product = await api.app.inject({
      method: 'POST',
      url: '/api/products',
      headers: bearer(a.adminToken),
      payload: { sku: 'MUG-1', name: 'Mug', listPrice: 12.5 },
    });
    expect(product.statusCode, product.body).toBe(201);
    const order = await api.app.inject({
      method: 'POST',
      url: '/api/orders',
      headers: bearer(a.adminToken),
      payload: {
        customer: { email: 'tia@example.com' },
        orderedAt: '2025-07-01T12:00:00Z',
        channel: 'store',
        lines: [{ sku: 'MUG-1', quantity: 1 }],
      },
    });
    expect(order.statusCode, order.body).toBe(201);
    const top = (await get(`/api/people/${personId}/timeline?type=purchase`)).json() as Page & {
      items: (Item & { metadata: { orderId?: string } })[];
    };
    expect(top.items).toHaveLength(1);
    expect(top.items[0]).toMatchObject({ channel: 'store', metadata: { orderId: order.json().id } });
  });

  it('is the workspace’s own: another workspace gets 404, a role without interactions read gets 403', async () => {
    const cross = await get(`/api/people/${personId}/timeline`, b.adminToken);
    expect(cross.statusCode).toBe(404);
    const role = await api.app.inject({
      method: 'POST',
      url: '/api/roles',
      headers: bearer(a.adminToken),
      payload: { name: 'no-history', grants: { people: { read: 'all' } } },
    });
    expect(role.statusCode, role.body).toBe(201);
    const user = await api.addUser(a, 'no-history');
    const denied = await get(`/api/people/${personId}/timeline`, user.token);
    expect(denied.statusCode).toBe(403);
    const missing = await get('/api/people/00000000-0000-4000-8000-000000000000/timeline');
    expect(missing.statusCode).toBe(404);
  });
});

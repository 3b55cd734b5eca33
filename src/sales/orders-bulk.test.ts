import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';

describeEachDatabase('bulk orders over HTTP', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let sales: { id: string; token: string };

  const bulk = (items: unknown[], token = sales.token) =>
    api.app.inject({ method: 'POST', url: '/api/orders/bulk', headers: bearer(token), payload: { items } });
  const count = async (table: string) => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}
      where workspace_id = ${a.workspaceId}`.execute(api.database.db);
    return rows[0]?.n ?? 0;
  };
  const order = (key: string, customer: string, extra: object = {}) => ({
    idempotencyKey: key,
    customer: { externalId: `shop:${customer}` },
    orderedAt: '2024-02-01T08:00:00Z',
    channel: 'web',
    lines: [{ sku: 'CD', quantity: 2, unitPrice: 9.99 }],
    ...extra,
  });

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    sales = await api.addUser(a, 'sales');
    const cd = await api.app.inject({
      method: 'POST',
      url: '/api/products',
      headers: bearer(a.adminToken),
      payload: { sku: 'CD', name: 'Compact disc', listPrice: 12, unitCost: 5 },
    });
    expect(cd.statusCode).toBe(201);
  });
  afterAll(() => api.close());

  it('answers per item: good items created, bad ones rejected one by one with field and reason', async () => {
    const res = await bulk([
      order('b-1', 'c1'),
      order('b-2', 'c1', { lines: [{ sku: 'CD', quantity: -1 }] }),
      order('b-3', 'c2', { channel: 'pigeon' }),
      { ...order('b-4', 'c3'), idempotencyKey: undefined },
      order('b-5', 'c3', { lines: [{ sku: 'NOPE', quantity: 1 }] }),
      order('b-1', 'c9'),
      order('b-6', 'c2'),
      'not an object',
    ]);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ created: 2, duplicate: 0, rejected: 6 });
    expect(body.items).toEqual([
      { index: 0, status: 'created', id: expect.any(String) },
      expect.objectContaining({
        index: 1,
        status: 'rejected',
        field: 'lines.0.quantity',
        code: 'validation_failed',
      }),
      expect.objectContaining({
        index: 2,
        status: 'rejected',
        field: 'channel',
        reason: expect.stringContaining('web'),
      }),
      expect.objectContaining({ index: 3, status: 'rejected', field: 'idempotencyKey' }),
      expect.objectContaining({ index: 4, status: 'rejected', field: 'lines.0.sku', code: 'not_found' }),
      expect.objectContaining({
        index: 5,
        status: 'rejected',
        field: 'idempotencyKey',
        reason: expect.stringContaining('item 0'),
      }),
      { index: 6, status: 'created', id: expect.any(String) },
      expect.objectContaining({ index: 7, status: 'rejected', field: 'item' }),
    ]);
    const { rows } = await sql<{ total: number; n: number }>`
      select total, (select count(*)::int from order_lines l where l.order_id = o.id) as n
      from orders o where id = ${body.items[0].id}`.execute(api.database.db);
    expect(rows).toEqual([{ total: 19.98, n: 1 }]);
  });

  it('never makes a second row for a retried key: the retry is a duplicate naming the first order', async () => {
    const items = [order('r-1', 'r1'), order('r-2', 'r2'), order('r-3', 'r1')];
    const first = (await bulk(items)).json();
    expect(first).toMatchObject({ created: 3, duplicate: 0, rejected: 0 });
    const counts = [
      await count('orders'),
      await count('order_lines'),
      await count('interactions'),
      await count('people'),
    ];
    const retry = (await bulk([...items, order('r-4', 'r4')])).json();
    expect(retry).toMatchObject({ created: 1, duplicate: 3, rejected: 0 });
    expect(retry.items.slice(0, 3)).toEqual(
      first.items.map((r: { index: number; id: string }) => ({
        index: r.index,
        status: 'duplicate',
        id: r.id,
      })),
    );
    expect([
      await count('orders'),
      await count('order_lines'),
      await count('interactions'),
      await count('people'),
    ]).toEqual(counts.map((n) => n + 1));
  });

  it('refuses more than 10,000 items, and a role outside the sales section', async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => ({ idempotencyKey: `x-${i}` }));
    const res = await bulk(many);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('items');
    const marketing = await api.addUser(a, 'marketing');
    expect((await bulk([order('m-1', 'm1')], marketing.token)).statusCode).toBe(403);
  });

  it('loads 10,000 orders in one call, with their customers, lines, timeline entries and audit entries', {
    timeout: 600_000,
  }, async () => {
    const items = Array.from({ length: 10_000 }, (_, i) =>
      order(`load-${i}`, `load-${i % 2500}`, {
        orderedAt: new Date(Date.UTC(2023, 0, 1) + i * 3_600_000).toISOString(),
        lines: [
          { sku: 'CD', quantity: 1 + (i % 3) },
          { sku: 'CD', quantity: 1, unitPrice: 5.5, discount: 0.5 },
        ],
      }),
    );
    const before = await count('orders');
    const audit = await count('audit_log');
    const started = performance.now();
    const res = await bulk(items);
    const seconds = (performance.now() - started) / 1000;
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 10_000, duplicate: 0, rejected: 0 });
    console.log(
      `[${kind}] bulk orders: 10,000 in ${seconds.toFixed(2)} s = ${Math.round(10_000 / seconds)} orders/s`,
    );
    expect(await count('orders')).toBe(before + 10_000);
    expect(await count('audit_log')).toBe(audit + 10_000 + 2_500);
    const { rows } = await sql<{ people: number; revenue: number }>`
      select count(distinct person_id)::int as people, sum(total)::float8 as revenue from orders
      where workspace_id = ${a.workspaceId} and idempotency_key like 'load-%'`.execute(api.database.db);
    // Lines: (1 + i % 3) x 12.00 and 5.50 - 0.50; i % 3 cycles 0, 1, 2 over 9,999 orders plus one more 0.
    expect(rows).toEqual([{ people: 2500, revenue: 3333 * (12 + 24 + 36) + 12 + 10_000 * 5 }]);
    const again = performance.now();
    const retry = (await bulk(items)).json();
    console.log(
      `[${kind}] bulk retry: 10,000 duplicates in ${((performance.now() - again) / 1000).toFixed(2)} s`,
    );
    expect(retry).toMatchObject({ created: 0, duplicate: 10_000 });
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';

describeEachDatabase('orders over HTTP', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let b: TestTenant;
  let sales: { id: string; token: string };
  let mug: string;

  const call = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    api.app.inject({ method, url, headers: bearer(token), payload });
  const count = async (table: string, where = sql`true`) => {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(api.database.db);
    return rows[0]?.n ?? 0;
  };

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    b = await api.addTenant('bolt');
    sales = await api.addUser(a, 'sales');
    const product = await call(a.adminToken, 'POST', '/api/products', {
      sku: 'MUG-1',
      name: 'Mug',
      listPrice: 12.5,
      unitCost: 4,
    });
    expect(product.statusCode).toBe(201);
    mug = product.json().id;
    await call(a.adminToken, 'POST', '/api/products', { sku: 'TEA-1', name: 'Tea', listPrice: 3.2 });
  });
  afterAll(() => api.close());

  it('computes the total server-side, defaults the unit cost from the product, and creates the customer', async () => {
    const res = await call(sales.token, 'POST', '/api/orders', {
      customer: { email: 'Ann@Example.com', name: 'Ann Lee' },
      orderedAt: '2024-03-01T10:00:00Z',
      channel: 'web',
      lines: [
        { productId: mug, quantity: 2, discount: 1 },
        { sku: 'TEA-1', quantity: 3, unitPrice: 3 },
      ],
    });
    expect(res.statusCode).toBe(201);
    const order = res.json();
    expect(order).toMatchObject({
      status: 'placed',
      currency: 'USD',
      total: 33,
      costTotal: null,
      channel: 'web',
    });
    expect(order.lines).toEqual([
      expect.objectContaining({
        lineNo: 1,
        sku: 'MUG-1',
        quantity: 2,
        unitPrice: 12.5,
        discount: 1,
        unitCost: 4,
      }),
      expect.objectContaining({
        lineNo: 2,
        sku: 'TEA-1',
        quantity: 3,
        unitPrice: 3,
        unitCost: null,
        lineTotal: 9,
      }),
    ]);
    // The same email finds the same person: no second person.
    const again = await call(sales.token, 'POST', '/api/orders', {
      customer: { email: 'ann@example.com' },
      orderedAt: '2024-03-02T10:00:00Z',
      channel: 'store',
      lines: [{ sku: 'MUG-1', quantity: 1 }],
    });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ personId: order.personId, total: 12.5, costTotal: 4 });
    const { rows } = await sql<{ display_name: string; value: string }>`
      select p.display_name, i.value from people p join identities i on i.person_id = p.id
      where p.id = ${order.personId}`.execute(api.database.db);
    expect(rows).toEqual([{ display_name: 'Ann Lee', value: 'ann@example.com' }]);
  });

  it('puts each order on the customer timeline as a purchase interaction, in the same transaction', async () => {
    const res = await call(sales.token, 'POST', '/api/orders', {
      customer: { externalId: 'shop:123', phone: '+1 415 555 0100' },
      orderedAt: '2024-04-01T09:30:00Z',
      channel: 'phone',
      lines: [{ sku: 'TEA-1', quantity: 5 }],
    });
    expect(res.statusCode).toBe(201);
    const order = res.json();
    const { rows } = await sql<{
      type: string;
      channel: string;
      occurred_at: Date;
      metadata: unknown;
      links: unknown;
    }>`
      select type, channel, occurred_at, metadata, links from interactions where person_id = ${order.personId}`.execute(
      api.database.db,
    );
    expect(rows).toEqual([
      {
        type: 'purchase',
        channel: 'phone',
        occurred_at: new Date('2024-04-01T09:30:00Z'),
        metadata: { orderId: order.id, total: 16, currency: 'USD' },
        links: { orderId: order.id },
      },
    ]);
    // The person's timeline shows the purchase, linked to the order.
    const timeline = await call(sales.token, 'GET', `/api/people/${order.personId}/timeline`);
    expect(timeline.json().items).toEqual([
      expect.objectContaining({ type: 'purchase', links: { orderId: order.id } }),
    ]);
    const phone = await sql<{ value: string }>`
      select value from identities where person_id = ${order.personId} and kind = 'phone'`.execute(
      api.database.db,
    );
    expect(phone.rows).toEqual([{ value: '+14155550100' }]);
  });

  it('answers a retry with the same idempotency key with the first order, and writes no second row', async () => {
    const body = {
      customer: { externalId: 'shop:77' },
      orderedAt: '2024-05-01T00:00:00Z',
      channel: 'web',
      idempotencyKey: 'checkout-77',
      lines: [{ sku: 'MUG-1', quantity: 1 }],
    };
    const first = await call(sales.token, 'POST', '/api/orders', body);
    expect(first.statusCode).toBe(201);
    const orders = await count('orders');
    const interactions = await count('interactions');
    const retry = await call(sales.token, 'POST', '/api/orders', body);
    expect(retry.statusCode).toBe(200);
    expect(retry.json().id).toBe(first.json().id);
    expect(await count('orders')).toBe(orders);
    expect(await count('interactions')).toBe(interactions);
  });

  it('names the field of bad input with a 4xx and changes nothing', async () => {
    const orders = await count('orders');
    const people = await count('people');
    const cases: [object, number, string][] = [
      [
        { orderedAt: '2024-01-01T00:00:00Z', channel: 'web', lines: [{ sku: 'MUG-1', quantity: 1 }] },
        400,
        'personId',
      ],
      [
        {
          customer: { email: 'x@y.com' },
          orderedAt: 'yesterday',
          channel: 'web',
          lines: [{ sku: 'MUG-1', quantity: 1 }],
        },
        400,
        'orderedAt',
      ],
      [
        {
          customer: { email: 'x@y.com' },
          orderedAt: '2024-01-01T00:00:00Z',
          channel: 'fax',
          lines: [{ sku: 'MUG-1', quantity: 1 }],
        },
        400,
        'channel',
      ],
      [
        {
          customer: { email: 'x@y.com' },
          orderedAt: '2024-01-01T00:00:00Z',
          channel: 'web',
          lines: [{ sku: 'MUG-1', quantity: 0 }],
        },
        400,
        'lines.0.quantity',
      ],
      [
        {
          customer: { email: 'x@y.com' },
          orderedAt: '2024-01-01T00:00:00Z',
          channel: 'web',
          lines: [{ sku: 'NOPE', quantity: 1 }],
        },
        404,
        'lines.0.sku',
      ],
      [
        {
          customer: { email: 'x@y.com' },
          orderedAt: '2024-01-01T00:00:00Z',
          channel: 'web',
          lines: [{ sku: 'MUG-1', quantity: 1, unitPrice: 1.234 }],
        },
        400,
        'lines.0.unitPrice',
      ],
      [
        {
          customer: { email: 'x@y.com' },
          orderedAt: '2024-01-01T00:00:00Z',
          channel: 'web',
          lines: [{ sku: 'MUG-1', quantity: 1, discount: 20 }],
        },
        400,
        'lines.0.discount',
      ],
      [
        {
          customer: { email: 'not-an-email' },
          orderedAt: '2024-01-01T00:00:00Z',
          channel: 'web',
          lines: [{ sku: 'MUG-1', quantity: 1 }],
        },
        400,
        'customer.email',
      ],
      [
        {
          personId: b.adminId,
          orderedAt: '2024-01-01T00:00:00Z',
          channel: 'web',
          lines: [{ sku: 'MUG-1', quantity: 1 }],
        },
        404,
        'personId',
      ],
      [
        {
          personId: crypto.randomUUID(),
          orderedAt: '2024-01-01T00:00:00Z',
          channel: 'web',
          lines: [{ sku: 'MUG-1', quantity: 1 }],
          extra: 1,
        },
        400,
        'extra',
      ],
    ];
    for (const [payload, status, field] of cases) {
      const res = await call(sales.token, 'POST', '/api/orders', payload);
      expect({ status: res.statusCode, field: res.json().error?.field }).toEqual({ status, field });
    }
    expect(await count('orders')).toBe(orders);
    expect(await count('people')).toBe(people);
  });

  it('lists a person’s orders newest first with a cursor, and moves orders through their statuses', async () => {
    const made: string[] = [];
    for (let day = 1; day <= 5; day++) {
      const res = await call(sales.token, 'POST', '/api/orders', {
        customer: { externalId: 'shop:500' },
        orderedAt: `2024-06-0${day}T12:00:00Z`,
        channel: 'web',
        lines: [{ sku: 'MUG-1', quantity: day }],
      });
      made.push(res.json().id);
    }
    const personId = (await call(sales.token, 'GET', `/api/orders/${made[0]}`)).json().personId;
    const first = (await call(sales.token, 'GET', `/api/people/${personId}/orders?limit=2`)).json();
    expect(first.items.map((o: { id: string }) => o.id)).toEqual([made[4], made[3]]);
    const second = (
      await call(sales.token, 'GET', `/api/people/${personId}/orders?limit=2&cursor=${first.nextCursor}`)
    ).json();
    const third = (
      await call(sales.token, 'GET', `/api/people/${personId}/orders?limit=2&cursor=${second.nextCursor}`)
    ).json();
    expect([...second.items, ...third.items].map((o: { id: string }) => o.id)).toEqual([
      made[2],
      made[1],
      made[0],
    ]);
    expect(third.nextCursor).toBeUndefined();
    expect(
      (await call(sales.token, 'GET', `/api/people/${personId}/orders?cursor=nonsense`)).json().error.field,
    ).toBe('cursor');

    const [o1, o2] = made as [string, string];
    expect((await call(sales.token, 'POST', `/api/orders/${o1}/fulfil`)).json().status).toBe('fulfilled');
    const refused = await call(sales.token, 'POST', `/api/orders/${o1}/cancel`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.field).toBe('status');
    expect(
      (await call(sales.token, 'POST', `/api/orders/${o2}/cancel`, { reason: 'changed mind' })).json().status,
    ).toBe('cancelled');
    expect((await call(sales.token, 'POST', `/api/orders/${made[2]}/cancel`)).json().status).toBe(
      'cancelled',
    );
    const tooMuch = await call(sales.token, 'POST', `/api/orders/${o1}/return`, { amount: 13 });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().error.field).toBe('amount');
    const ret = await call(sales.token, 'POST', `/api/orders/${o1}/return`, {
      amount: 10,
      reason: 'chipped',
      idempotencyKey: 'rma-1',
    });
    expect(ret.statusCode).toBe(201);
    expect(ret.json()).toMatchObject({
      status: 'returned',
      refunded: 10,
      returns: [{ amount: 10, reason: 'chipped' }],
    });
    const retried = await call(sales.token, 'POST', `/api/orders/${o1}/return`, {
      amount: 10,
      idempotencyKey: 'rma-1',
    });
    expect(retried.statusCode).toBe(200);
    expect(retried.json().refunded).toBe(10);
    const timeline = await sql<{ type: string; links: Record<string, string> }>`
      select type, links from interactions where person_id = ${personId} and type = 'return'`.execute(
      api.database.db,
    );
    expect(timeline.rows).toEqual([
      { type: 'return', links: { orderId: o1, returnId: ret.json().returns[0].id } },
    ]);
  });

  it('audits each created order and status change', async () => {
    const res = await call(sales.token, 'POST', '/api/orders', {
      customer: { externalId: 'shop:900' },
      orderedAt: '2024-07-01T00:00:00Z',
      channel: 'chat',
      lines: [{ sku: 'MUG-1', quantity: 1 }],
    });
    const id = res.json().id;
    await call(sales.token, 'POST', `/api/orders/${id}/fulfil`);
    const audit = (await call(a.adminToken, 'GET', `/api/audit/orders/${id}`)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    expect(audit[1]).toMatchObject({
      actorUserId: sales.id,
      changes: { total: { before: null, after: 12.5 }, channel: { before: null, after: 'chat' } },
    });
    expect(audit[0].changes).toEqual({ status: { before: 'placed', after: 'fulfilled' } });
    const person = (await call(a.adminToken, 'GET', `/api/audit/people/${res.json().personId}`)).json().items;
    expect(person).toHaveLength(1);
  });

  it('refuses roles outside the sales section and hides other workspaces', async () => {
    const marketing = await api.addUser(a, 'marketing');
    const denied = await call(marketing.token, 'POST', '/api/orders', {
      customer: { email: 'm@example.com' },
      orderedAt: '2024-01-01T00:00:00Z',
      channel: 'web',
      lines: [{ sku: 'MUG-1', quantity: 1 }],
    });
    expect(denied.statusCode).toBe(403);
    const any = (await call(sales.token, 'GET', `/api/people/${await firstPerson(a)}/orders`)).json()
      .items[0];
    expect((await call(b.adminToken, 'GET', `/api/orders/${any.id}`)).statusCode).toBe(404);
    expect((await call(b.adminToken, 'POST', `/api/orders/${any.id}/fulfil`)).statusCode).toBe(404);
    expect((await call(b.adminToken, 'GET', `/api/people/${any.personId}/orders`)).statusCode).toBe(404);
    const cross = await call(b.adminToken, 'POST', '/api/orders', {
      personId: any.personId,
      orderedAt: '2024-01-01T00:00:00Z',
      channel: 'web',
      lines: [{ productId: mug, quantity: 1 }],
    });
    expect(cross.statusCode).toBe(404);
    expect(cross.json().error.field).toBe('lines.0.productId');
  });

  async function firstPerson(tenant: TestTenant): Promise<string> {
    const { rows } = await sql<{ person_id: string }>`
      select person_id from orders where workspace_id = ${tenant.workspaceId} limit 1`.execute(
      api.database.db,
    );
    return rows[0]?.person_id as string;
  }
});

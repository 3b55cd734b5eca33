import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';

describeEachDatabase('costs to serve and payments over HTTP', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let b: TestTenant;
  let accounting: { id: string; token: string };
  let order: { id: string; personId: string; total: number };
  let otherOrder: { id: string; personId: string };

  const call = (token: string, url: string, payload?: unknown) =>
    api.app.inject({ method: 'POST', url, headers: bearer(token), payload: payload as object });

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    b = await api.addTenant('bolt');
    accounting = await api.addUser(a, 'accounting');
    await call(a.adminToken, '/api/products', { sku: 'BOX', name: 'Box', listPrice: 20, unitCost: 8 });
    const place = async (customer: string) =>
      (
        await call(a.adminToken, '/api/orders', {
          customer: { externalId: `shop:${customer}` },
          orderedAt: '2024-01-10T10:00:00Z',
          channel: 'web',
          lines: [{ sku: 'BOX', quantity: 3 }],
        })
      ).json();
    order = await place('1');
    otherOrder = await place('2');
  });
  afterAll(() => api.close());

  it('records a cost by driver: amount = quantity x rate, charged to the order’s customer', async () => {
    const res = await call(accounting.token, '/api/costs', {
      orderId: order.id,
      activity: 'service',
      driver: 'service_minutes',
      quantity: 12,
      rate: 0.75,
      occurredAt: '2024-01-11T09:00:00Z',
      idempotencyKey: 'call-1',
    });
    expect(res.statusCode).toBe(201);
    const { rows } = await sql<{ person_id: string; amount: number; quantity: number; rate: number }>`
      select person_id, amount, quantity, rate from cost_events where id = ${res.json().id}`.execute(
      api.database.db,
    );
    expect(rows).toEqual([{ person_id: order.personId, amount: 9, quantity: 12, rate: 0.75 }]);
    const retry = await call(accounting.token, '/api/costs', {
      orderId: order.id,
      activity: 'service',
      driver: 'service_minutes',
      quantity: 12,
      rate: 0.75,
      occurredAt: '2024-01-11T09:00:00Z',
      idempotencyKey: 'call-1',
    });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().id).toBe(res.json().id);
  });

  it('names the field of a bad cost, and refuses ids of other workspaces', async () => {
    const base = { personId: order.personId, activity: 'shipping', occurredAt: '2024-01-11T00:00:00Z' };
    const cases: [unknown, number, string][] = [
      [{ ...base }, 400, 'amount'],
      [{ ...base, amount: 5, activity: 'lunch' }, 400, 'activity'],
      [{ ...base, amount: 5, quantity: 2, rate: 3, driver: 'parcels' }, 400, 'amount'],
      [{ ...base, quantity: 2, rate: 3 }, 400, 'driver'],
      [{ ...base, amount: 1.234 }, 400, 'amount'],
      [{ activity: 'shipping', occurredAt: '2024-01-11T00:00:00Z', amount: 1 }, 400, 'personId'],
      [{ ...base, amount: 5, orderId: otherOrder.id }, 400, 'orderId'],
      [{ ...base, amount: 5, personId: crypto.randomUUID() }, 404, 'personId'],
    ];
    for (const [payload, status, field] of cases) {
      const res = await call(accounting.token, '/api/costs', payload);
      expect({ status: res.statusCode, field: res.json().error?.field }).toEqual({ status, field });
    }
    const cross = await call(b.adminToken, '/api/costs', { ...base, amount: 5 });
    expect(cross.statusCode).toBe(404);
    expect(
      (
        await call(b.adminToken, '/api/costs', {
          orderId: order.id,
          activity: 'other',
          occurredAt: base.occurredAt,
          amount: 1,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('loads cost events in bulk with per-item results, idempotently', async () => {
    const items = [
      {
        personId: order.personId,
        activity: 'marketing',
        amount: 2.5,
        occurredAt: '2024-02-01T00:00:00Z',
        idempotencyKey: 'm-1',
      },
      {
        personId: order.personId,
        activity: 'returns',
        amount: -1,
        occurredAt: '2024-02-01T00:00:00Z',
        idempotencyKey: 'm-2',
      },
      {
        orderId: otherOrder.id,
        activity: 'shipping',
        driver: 'parcels',
        quantity: 1,
        rate: 4.95,
        occurredAt: '2024-02-02T00:00:00Z',
        idempotencyKey: 'm-3',
      },
      { personId: order.personId, activity: 'other', amount: 1, occurredAt: '2024-02-01T00:00:00Z' },
    ];
    const res = await call(accounting.token, '/api/costs/bulk', { items });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 2, duplicate: 0, rejected: 2 });
    expect(res.json().items[1]).toMatchObject({ status: 'rejected', field: 'amount' });
    expect(res.json().items[3]).toMatchObject({ status: 'rejected', field: 'idempotencyKey' });
    const again = await call(accounting.token, '/api/costs/bulk', { items: items.slice(0, 3) });
    expect(again.json()).toMatchObject({ created: 0, duplicate: 2, rejected: 1 });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from cost_events
      where workspace_id = ${a.workspaceId} and idempotency_key like 'm-%'`.execute(api.database.db);
    expect(rows[0]?.n).toBe(2);
  });

  it('records payments within the order total; only accounting may', async () => {
    const paid = await call(accounting.token, '/api/payments', {
      orderId: order.id,
      amount: 40,
      method: 'card',
      paidAt: '2024-01-10T10:05:00Z',
      idempotencyKey: 'pay-1',
    });
    expect(paid.statusCode).toBe(201);
    expect(paid.json()).toMatchObject({ orderId: order.id, amount: 40, method: 'card' });
    expect(
      (
        await call(accounting.token, '/api/payments', {
          orderId: order.id,
          amount: 40,
          method: 'card',
          idempotencyKey: 'pay-1',
        })
      ).statusCode,
    ).toBe(200);
    const over = await call(accounting.token, '/api/payments', {
      orderId: order.id,
      amount: 20.01,
      method: 'cash',
    });
    expect(over.statusCode).toBe(400);
    expect(over.json().error.field).toBe('amount');
    expect(
      (await call(accounting.token, '/api/payments', { orderId: order.id, amount: 20, method: 'cash' }))
        .statusCode,
    ).toBe(201);
    const view = (
      await api.app.inject({
        method: 'GET',
        url: `/api/orders/${order.id}`,
        headers: bearer(accounting.token),
      })
    ).json();
    expect(view).toMatchObject({ total: 60, paid: 60 });
    expect(
      (
        await call(accounting.token, '/api/payments', { orderId: order.id, amount: 1, method: 'barter' })
      ).json().error.field,
    ).toBe('method');
    const sales = await api.addUser(a, 'sales');
    expect(
      (await call(sales.token, '/api/payments', { orderId: otherOrder.id, amount: 1, method: 'cash' }))
        .statusCode,
    ).toBe(403);
    const cross = await call(b.adminToken, '/api/payments', {
      orderId: otherOrder.id,
      amount: 1,
      method: 'cash',
    });
    expect(cross.statusCode).toBe(404);
    expect(cross.json().error.field).toBe('orderId');
    const audit = (
      await api.app.inject({
        method: 'GET',
        url: `/api/audit/payments/${paid.json().id}`,
        headers: bearer(a.adminToken),
      })
    ).json().items;
    expect(audit).toHaveLength(1);
  });
});

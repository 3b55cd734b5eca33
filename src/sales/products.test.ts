import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';

describeEachDatabase('products over HTTP', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let b: TestTenant;
  let inventory: { id: string; token: string };

  const call = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    api.app.inject({ method, url, headers: bearer(token), payload });

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    b = await api.addTenant('bolt');
    inventory = await api.addUser(a, 'inventory');
  });
  afterAll(() => api.close());

  it('creates, reads, updates and audits a product', async () => {
    const created = await call(inventory.token, 'POST', '/api/products', {
      sku: 'LAMP-01',
      name: 'Desk lamp',
      category: 'lighting',
      listPrice: 39.9,
      unitCost: 18.25,
    });
    expect(created.statusCode).toBe(201);
    const lamp = created.json();
    expect(lamp).toMatchObject({ sku: 'LAMP-01', listPrice: 39.9, unitCost: 18.25, active: true });
    expect((await call(inventory.token, 'GET', `/api/products/${lamp.id}`)).json()).toEqual(lamp);
    const updated = await call(inventory.token, 'PATCH', `/api/products/${lamp.id}`, {
      listPrice: 34.9,
      active: false,
    });
    expect(updated.json()).toMatchObject({ listPrice: 34.9, active: false, name: 'Desk lamp' });
    const audit = (await call(a.adminToken, 'GET', `/api/audit/products/${lamp.id}`)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    expect(audit[0].changes).toEqual({
      list_price: { before: 39.9, after: 34.9 },
      active: { before: true, after: false },
    });
  });

  it('answers a taken SKU with 409 naming sku, and bad values with 400 naming the field', async () => {
    await call(inventory.token, 'POST', '/api/products', { sku: 'DUP', name: 'First', listPrice: 1 });
    const dup = await call(inventory.token, 'POST', '/api/products', {
      sku: 'DUP',
      name: 'Second',
      listPrice: 2,
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'conflict', field: 'sku' });
    const other = (
      await call(inventory.token, 'POST', '/api/products', { sku: 'OTHER', name: 'x', listPrice: 1 })
    ).json();
    const rename = await call(inventory.token, 'PATCH', `/api/products/${other.id}`, { sku: 'DUP' });
    expect(rename.statusCode).toBe(409);
    expect(rename.json().error.field).toBe('sku');
    for (const [body, field] of [
      [{ sku: 'P1', name: 'x', listPrice: -1 }, 'listPrice'],
      [{ sku: 'P1', name: 'x', listPrice: 1.005 }, 'listPrice'],
      [{ sku: 'P 1', name: 'x', listPrice: 1 }, 'sku'],
      [{ sku: 'P1', listPrice: 1 }, 'name'],
      [{ sku: 'P1', name: 'x', listPrice: 1, colour: 'red' }, 'colour'],
    ] as const) {
      const res = await call(inventory.token, 'POST', '/api/products', body);
      expect({ status: res.statusCode, field: res.json().error.field }).toEqual({ status: 400, field });
    }
    // The same SKU in another workspace is another product.
    expect(
      (await call(b.adminToken, 'POST', '/api/products', { sku: 'DUP', name: 'Bolt’s', listPrice: 3 }))
        .statusCode,
    ).toBe(201);
  });

  it('pages through the catalogue by SKU', async () => {
    for (const sku of ['PG-C', 'PG-A', 'PG-E', 'PG-B', 'PG-D']) {
      await call(inventory.token, 'POST', '/api/products', {
        sku,
        name: sku,
        listPrice: 1,
        category: 'paging',
      });
    }
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = (
        await call(
          inventory.token,
          'GET',
          `/api/products?category=paging&limit=2${after ? `&after=${after}` : ''}`,
        )
      ).json();
      seen.push(...page.items.map((p: { sku: string }) => p.sku));
      after = page.nextAfter;
    } while (after);
    expect(seen).toEqual(['PG-A', 'PG-B', 'PG-C', 'PG-D', 'PG-E']);
  });

  it('lets only the inventory section change the catalogue; other workspaces see 404', async () => {
    const marketing = await api.addUser(a, 'marketing');
    const denied = await call(marketing.token, 'POST', '/api/products', {
      sku: 'MKT',
      name: 'x',
      listPrice: 1,
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('forbidden');
    const sales = await api.addUser(a, 'sales');
    expect(
      (await call(sales.token, 'POST', '/api/products', { sku: 'SLS', name: 'x', listPrice: 1 })).statusCode,
    ).toBe(403);
    const list = (await call(marketing.token, 'GET', '/api/products')).json().items;
    expect(list.length).toBeGreaterThan(0);
    const id = list[0].id;
    expect(
      (await call(marketing.token, 'PATCH', `/api/products/${id}`, { name: 'Renamed' })).statusCode,
    ).toBe(403);
    expect((await call(b.adminToken, 'GET', `/api/products/${id}`)).statusCode).toBe(404);
    expect((await call(b.adminToken, 'PATCH', `/api/products/${id}`, { name: 'Taken' })).statusCode).toBe(
      404,
    );
  });
});

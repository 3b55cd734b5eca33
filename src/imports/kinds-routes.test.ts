import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { allJobHandlers } from '../api/index';
import { JobRunner } from '../platform/index';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';

const ORDERS = `Order no,Client,Email,Day,Item,Qty,Unit price
W-1,17,ann@example.com,2025-02-01,TEA,2,4.50
W-1,17,ann@example.com,2025-02-01,CUP,1,12.00
W-2,18,bo@example.com,2025-02-30,TEA,1,4.50
W-3,19,cy@example.com,2025-02-03,TEA,-1,4.50
W-4,17,ann@example.com,2025-02-04,MUG,1,9.00
`;

describeEachDatabase('orders, products and accounts imported over HTTP', (kind) => {
  let api: TestApi;
  let tenant: TestTenant;
  let runner: JobRunner;

  beforeAll(async () => {
    api = await createTestApi(kind);
    tenant = await api.addTenant('kinds');
    runner = new JobRunner(api.database.db, allJobHandlers(), { workerId: 'test' });
  });
  afterAll(() => api.close());

  const post = (query: string, body: string, token = tenant.adminToken) =>
    api.app.inject({
      method: 'POST',
      url: `/api/imports?${query}`,
      headers: { ...bearer(token), 'content-type': 'text/csv' },
      payload: body,
    });
  const get = (url: string, token = tenant.adminToken) =>
    api.app.inject({ method: 'GET', url, headers: bearer(token) });
  const count = async (table: string) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}
        where workspace_id = ${tenant.workspaceId}`.execute(api.database.db)
    ).rows[0]?.n;
  /** Runs the queued import's job and answers the import. */
  const finished = async (response: Awaited<ReturnType<typeof post>>) => {
    expect(response.statusCode, response.body).toBe(202);
    await runner.drain();
    return (await get(`/api/imports/${response.json().id}`)).json();
  };
  const mapping = encodeURIComponent(
    JSON.stringify({
      order: 'Order no',
      customer: 'Client',
      date: 'Day',
      sku: 'Item',
      quantity: 'Qty',
      price: 'Unit price',
    }),
  );

  it('runs an order file as a job: the dry run counts and keeps nothing, the import loads the good lines and lists the bad ones', async () => {
    const missing = await post(`kind=orders&mapping=${mapping}`, ORDERS);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.field).toBe('source');

    const dry = await finished(await post(`kind=orders&source=shop&dryRun=true&mapping=${mapping}`, ORDERS));
    expect(dry).toMatchObject({
      kind: 'orders',
      state: 'succeeded',
      dryRun: true,
      badRows: 2,
      progress: { done: 5, total: 5 },
      counts: { created: 2, unchanged: 0, rejected: 0, customersCreated: 1, productsCreated: 3 },
    });
    expect(dry.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [4, 'Day (date)'],
      [5, 'Qty (quantity)'],
    ]);
    expect([await count('orders'), await count('products'), await count('people')]).toEqual([0, 0, 0]);

    const refused = await finished(await post(`kind=orders&source=shop&mapping=${mapping}`, ORDERS));
    expect(refused).toMatchObject({ state: 'refused', badRows: 2 });
    expect(await count('orders')).toBe(0);

    const done = await finished(
      await post(`kind=orders&source=shop&skipBadRows=true&mapping=${mapping}&fileName=orders.csv`, ORDERS),
    );
    expect(done).toMatchObject({
      state: 'succeeded',
      dryRun: false,
      badRows: 2,
      progress: { done: 5, total: 5 },
      counts: { created: 2, unchanged: 0, rejected: 0, customersCreated: 1, productsCreated: 3 },
    });
    const { rows } = await sql<{ key: string; lines: number; total: number }>`
      select o.idempotency_key as key, (select count(*)::int from order_lines l
        where l.workspace_id = o.workspace_id and l.order_id = o.id) as lines, o.total
      from orders o where o.workspace_id = ${tenant.workspaceId} order by o.ordered_at`.execute(
      api.database.db,
    );
    expect(rows).toEqual([
      { key: 'shop:order:W-1', lines: 2, total: 21 },
      { key: 'shop:order:W-4', lines: 1, total: 9 },
    ]);
    const rejected = await get(`/api/imports/${done.id}/rejected.csv`);
    expect(rejected.body.split('\n').slice(0, 3)).toEqual([
      'Order no,Client,Email,Day,Item,Qty,Unit price,line,field,reason',
      'W-2,18,bo@example.com,2025-02-30,TEA,1,4.50,4,Day (date),"cannot read ""2025-02-30"" as a date between 1900 and a year from now (ISO 8601)"',
      'W-3,19,cy@example.com,2025-02-03,TEA,-1,4.50,5,Qty (quantity),is negative (-1) in a line that is not a return',
    ]);

    // The same file again, as a new upload: every order is already there.
    const again = await finished(
      await post(`kind=orders&source=shop&skipBadRows=true&mapping=${mapping}`, ORDERS),
    );
    expect(again.counts).toMatchObject({ created: 0, unchanged: 2 });
    expect(await count('orders')).toBe(2);
  });

  it('takes the cdnow preset, product and account files; and refuses a role without the permissions', async () => {
    const cdnow =
      ' 00001 19970101  1   11.77\r\n 00002 19970112  3   11.77\r\n 00001 19970201  2   20.00\r\n';
    const preset = await finished(await post('kind=orders&preset=cdnow', cdnow));
    expect(preset).toMatchObject({
      state: 'succeeded',
      counts: { created: 3, customersCreated: 2, productsCreated: 1 },
    });
    expect((await post('kind=people&preset=cdnow', cdnow)).json().error).toMatchObject({ field: 'preset' });

    const products = await finished(
      await post('kind=products', 'sku,name,list price,active\nTEA,Green tea,4.75,yes\nPOT,Teapot,30,\n'),
    );
    expect(products.counts).toEqual({ created: 1, updated: 1, unchanged: 0, rejected: 0 });
    const accounts = await finished(
      await post('kind=accounts&dryRun=true', 'name,domain\nAcme,acme.com\nAcme,acme.com\n'),
    );
    expect(accounts).toMatchObject({ dryRun: true, counts: { created: 1, unchanged: 1 } });
    expect(await count('accounts')).toBe(0);

    const analyst = await api.addUser(tenant, 'analyst');
    for (const k of ['orders&source=shop', 'products', 'accounts'])
      expect((await post(`kind=${k}`, 'x\n1\n', analyst.token)).statusCode).toBe(403);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createWorkspace, SYSTEM_PRINCIPAL } from '../platform/index';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../testing/db';
import type { BadRow } from './csv/errors';
import { type RunInput, runImport } from './run';

const RETAIL = `InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Returned
536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,
536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,
536366,22633,HAND WARMER UNION JACK,6,12/1/2010 8:28,1.85,17850,
536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,13047,
C536379,85123A,WHITE HANGING HEART T-LIGHT HOLDER,-2,12/2/2010 9:41,2.55,17850,yes
`;

const retail = (text: string, overrides: Partial<RunInput> = {}): RunInput => ({
  kind: 'orders',
  open: () => [text],
  fileName: 'retail.csv',
  mapping: {
    customer: 'CustomerID',
    date: 'InvoiceDate',
    quantity: 'Quantity',
    price: 'UnitPrice',
    sku: 'StockCode',
    product: 'Description',
    order: 'InvoiceNo',
    return: 'Returned',
  },
  settings: { source: 'retail', dateFormat: 'M/D/YYYY H:mm', channel: 'store', currency: 'GBP' },
  dryRun: false,
  skipBadRows: false,
  ...overrides,
});

describeEachDatabase('importing orders, products and accounts', (kind) => {
  let database: TestDatabase;
  let workspaceId: string;
  const count = async (table: string, ws = workspaceId) => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}
      where workspace_id = ${ws}`.execute(database.db);
    return rows[0]?.n ?? 0;
  };
  const counts = (ws = workspaceId) =>
    Promise.all(
      [
        'orders',
        'order_lines',
        'order_returns',
        'products',
        'people',
        'interactions',
        'imports',
        'audit_log',
      ].map((t) => count(t, ws)),
    );
  const run = (input: RunInput, bad: BadRow[] = [], ws = workspaceId) =>
    runImport(database.db, SYSTEM_PRINCIPAL(ws), input, { onBadRow: (b) => void bad.push(b) });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    workspaceId = (await createWorkspace(database.db, { slug: 'shop', name: 'Shop' })).id;
  });
  afterAll(() => database.close());

  it('a dry run counts what an order file would create and keeps nothing; the import then does exactly that; a re-run is unchanged', async () => {
    const before = await counts();
    const dry = await run(retail(RETAIL, { dryRun: true }));
    const expected = {
      created: 3,
      unchanged: 0,
      rejected: 0,
      returns: 1,
      customersCreated: 2,
      productsCreated: 4,
    };
    expect(dry).toMatchObject({ rows: 5, badRows: 0, dryRun: true, loaded: false, counts: expected });
    expect(await counts()).toEqual(before);

    const first = await run(retail(RETAIL));
    expect(first).toMatchObject({ rows: 5, badRows: 0, loaded: true, counts: expected });
    const orders = await sql<{ ref: string; lines: number; total: number; status: string; key: string }>`
      select o.external_ref as ref, count(l.*)::int as lines, o.total, o.status, o.idempotency_key as key
      from orders o join order_lines l on l.workspace_id = o.workspace_id and l.order_id = o.id
      where o.workspace_id = ${workspaceId} group by o.workspace_id, o.id order by o.external_ref`.execute(
      database.db,
    );
    expect(orders.rows).toEqual([
      { ref: '536365', lines: 2, total: 35.64, status: 'returned', key: 'retail:order:536365' },
      { ref: '536366', lines: 1, total: 11.1, status: 'fulfilled', key: 'retail:order:536366' },
      { ref: '536367', lines: 1, total: 54.08, status: 'fulfilled', key: 'retail:order:536367' },
    ]);
    const refunds = await sql<{
      amount: number;
    }>`select amount from order_returns where workspace_id = ${workspaceId}`.execute(database.db);
    expect(refunds.rows).toEqual([{ amount: 5.1 }]);
    const timeline = await sql<{ type: string; n: number }>`
      select type, count(*)::int as n from interactions where workspace_id = ${workspaceId} group by type order by type`.execute(
      database.db,
    );
    expect(timeline.rows).toEqual([
      { type: 'purchase', n: 3 },
      { type: 'return', n: 1 },
    ]);
    const audit = await sql<{ object_type: string; n: number }>`
      select object_type, count(*)::int as n from audit_log where workspace_id = ${workspaceId}
        and object_type in ('order_imports', 'products', 'order_returns') group by object_type order by object_type`.execute(
      database.db,
    );
    expect(audit.rows).toEqual([
      { object_type: 'order_imports', n: 1 },
      { object_type: 'order_returns', n: 1 },
      { object_type: 'products', n: 4 },
    ]);

    const loaded = await counts();
    const again = await run(retail(RETAIL, { again: true }));
    expect(again.counts).toEqual({
      created: 0,
      unchanged: 4,
      rejected: 0,
      returns: 0,
      customersCreated: 0,
      productsCreated: 0,
    });
    const dryAgain = await run(retail(RETAIL, { dryRun: true }));
    expect(dryAgain.counts).toMatchObject({ created: 0, unchanged: 4 });
    const after = await counts();
    // Only the second run's record and its chunk's audit entry are new.
    expect(after.slice(0, 6)).toEqual(loaded.slice(0, 6));
    expect(after[6]).toBe((loaded[6] ?? 0) + 1);
  });

  it('names the line and column of a bad date, a negative quantity and an order of two customers; an unknown SKU is refused when products must exist', async () => {
    const ws = (await createWorkspace(database.db, { slug: 'strict', name: 'Strict' })).id;
    const catalogue = await run(
      {
        kind: 'products',
        open: () => ['sku,name,list price\nP-1,Pen,10.00\n'],
        fileName: 'products.csv',
        mapping: {},
        settings: {},
        dryRun: false,
        skipBadRows: false,
      },
      [],
      ws,
    );
    expect(catalogue.counts).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
    const text = `order,customer,date,sku,quantity,price
A1,c1,2024-03-01,P-1,1,10.00
A2,c2,2024-02-30,P-1,1,10.00
A3,c3,2024-03-02,P-1,-2,10.00
A4,c4,2024-03-03,NOPE,1,5.00
A5,c1,2024-03-04,P-1,1,10.00
A5,c9,2024-03-04,P-1,2,10.00
A1,c1,2024-03-01,P-1,3,10.00
`;
    const input: RunInput = {
      kind: 'orders',
      open: () => [text],
      fileName: 'orders.csv',
      mapping: {},
      settings: { source: 'pos', newProducts: 'reject' },
      dryRun: false,
      skipBadRows: false,
    };
    const bad: BadRow[] = [];
    const refused = await run(input, bad, ws);
    expect(refused).toMatchObject({ rows: 7, badRows: 5, loaded: false });
    expect(bad.map(({ line, field, reason }) => [line, field, reason])).toEqual([
      [3, 'date (date)', 'cannot read "2024-02-30" as a date between 1900 and a year from now (ISO 8601)'],
      [4, 'quantity (quantity)', 'is negative (-2) in a line that is not a return'],
      [6, 'order (order)', 'order A5 has lines of two customers'],
      [7, 'order (order)', 'order A5 has lines of two customers'],
      [
        8,
        'order (order)',
        'order A1 began at line 2 and other lines came between: the lines of one must be consecutive',
      ],
    ]);
    expect(await count('orders', ws)).toBe(0);

    const dry = await run({ ...input, dryRun: true }, [], ws);
    expect(dry.counts).toMatchObject({ created: 1, unchanged: 0, rejected: 1, productsCreated: 0 });
    expect(dry.firstErrors.map((e) => [e.line, e.field])).toEqual([
      [3, 'date (date)'],
      [4, 'quantity (quantity)'],
      [5, 'sku (sku)'],
      [6, 'order (order)'],
      [7, 'order (order)'],
      [8, 'order (order)'],
    ]);
    expect(await count('orders', ws)).toBe(0);

    const refusedLines: BadRow[] = [];
    const loaded = await run({ ...input, skipBadRows: true }, refusedLines, ws);
    expect(loaded).toMatchObject({ loaded: true, badRows: 5, counts: { created: 1, rejected: 1 } });
    expect(refusedLines.find((b) => b.line === 5)).toEqual({
      line: 5,
      field: 'sku (sku)',
      reason: 'no product with SKU "NOPE"',
      record: ['A4', 'c4', '2024-03-03', 'NOPE', '1', '5.00'],
    });
    expect([await count('orders', ws), await count('products', ws)]).toEqual([1, 1]);
  });

  it('keeps the lines of an order in one chunk, and resumes between orders', async () => {
    const ws = (await createWorkspace(database.db, { slug: 'chunks', name: 'Chunks' })).id;
    const lines: string[] = [];
    for (let o = 0; o < 40; o++)
      for (let l = 0; l <= o % 3; l++)
        lines.push(`O${o},c${o % 7},2024-01-${String((o % 28) + 1).padStart(2, '0')},${l + 1}.25`);
    const text = `order,customer,date,amount\n${lines.join('\n')}\n`;
    const input: RunInput = {
      kind: 'orders',
      open: () => [text],
      fileName: 'grouped.csv',
      mapping: {},
      settings: { source: 'web' },
      dryRun: false,
      skipBadRows: false,
      chunkSize: 4,
    };
    let chunks = 0;
    await expect(
      runImport(database.db, SYSTEM_PRINCIPAL(ws), input, {
        onCheckpoint: () => {
          chunks++;
          if (chunks === 3) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const resumed = await run(input, [], ws);
    expect(resumed.resumedAfterLine).toBeGreaterThan(1);
    expect(resumed.counts).toMatchObject({ created: 40, unchanged: 0, rejected: 0 });
    const { rows } = await sql<{ n: number; lines: number }>`
      select count(distinct o.id)::int as n, count(*)::int as lines from orders o
      join order_lines l on l.workspace_id = o.workspace_id and l.order_id = o.id
      where o.workspace_id = ${ws}`.execute(database.db);
    expect(rows[0]).toEqual({ n: 40, lines: lines.length });
    const split = await sql<{ ref: string }>`
      select o.external_ref as ref from orders o
      where o.workspace_id = ${ws}
        and (select count(*) from order_lines l where l.workspace_id = o.workspace_id and l.order_id = o.id)
          <> (substring(o.external_ref from 2)::int % 3) + 1`.execute(database.db);
    expect(split.rows).toEqual([]);
  });

  it('imports products by SKU and accounts by domain or name: created, updated, unchanged, refused; a dry run keeps nothing', async () => {
    const ws = (await createWorkspace(database.db, { slug: 'catalogue', name: 'Catalogue' })).id;
    const products = (text: string, overrides: Partial<RunInput> = {}): RunInput => ({
      kind: 'products',
      open: () => [text],
      fileName: 'products.csv',
      mapping: { listPrice: 'Price', unitCost: 'Cost' },
      settings: {},
      dryRun: false,
      skipBadRows: true,
      ...overrides,
    });
    const bad: BadRow[] = [];
    const first = await run(
      products(
        'SKU,Name,Category,Price,Cost,Active\nP-1,Pen,office,1.50,0.40,yes\nP-2,Pad,office,3.00,,\nP-3,,office,,,\nP-4,Bad,office,1.234,,\n',
      ),
      bad,
      ws,
    );
    expect(first).toMatchObject({
      badRows: 1,
      counts: { created: 2, updated: 0, unchanged: 0, rejected: 1 },
    });
    expect(bad.map((b) => [b.line, b.field])).toEqual([
      [5, 'Price (listPrice)'],
      [4, 'Name (name)'],
    ]);
    const second = products('SKU,Price,Active\nP-1,1.75,\nP-2,3.00,no\nP-2,3.00,no\nP-5,2.00,\nP-6,,\n');
    const dry = await run({ ...second, dryRun: true, mapping: { listPrice: 'Price' } }, [], ws);
    expect(dry.counts).toEqual({ created: 0, updated: 2, unchanged: 1, rejected: 2 });
    const withName = products(
      'SKU,Name,Price,Active\nP-1,,1.75,\nP-2,,3.00,no\nP-2,,3.00,no\nP-5,Ink,2.00,\n',
      {
        mapping: { listPrice: 'Price' },
      },
    );
    const dryNamed = await run({ ...withName, dryRun: true }, [], ws);
    expect(dryNamed.counts).toEqual({ created: 1, updated: 2, unchanged: 1, rejected: 0 });
    const stored = async () =>
      (
        await sql<{
          sku: string;
          name: string;
          list_price: number;
          unit_cost: number | null;
          active: boolean;
        }>`
          select sku, name, list_price, unit_cost, active from products where workspace_id = ${ws} order by sku`.execute(
          database.db,
        )
      ).rows;
    expect(await stored()).toEqual([
      { sku: 'P-1', name: 'Pen', list_price: 1.5, unit_cost: 0.4, active: true },
      { sku: 'P-2', name: 'Pad', list_price: 3, unit_cost: null, active: true },
    ]);
    const loaded = await run(withName, [], ws);
    expect(loaded.counts).toEqual({ created: 1, updated: 2, unchanged: 1, rejected: 0 });
    expect(await stored()).toEqual([
      { sku: 'P-1', name: 'Pen', list_price: 1.75, unit_cost: 0.4, active: true },
      { sku: 'P-2', name: 'Pad', list_price: 3, unit_cost: null, active: false },
      { sku: 'P-5', name: 'Ink', list_price: 2, unit_cost: null, active: true },
    ]);
    expect((await run({ ...withName, again: true }, [], ws)).counts).toEqual({
      created: 0,
      updated: 0,
      unchanged: 4,
      rejected: 0,
    });

    const accounts = (text: string, overrides: Partial<RunInput> = {}): RunInput => ({
      kind: 'accounts',
      open: () => [text],
      fileName: 'accounts.csv',
      mapping: { name: 'Company', domain: 'Website' },
      settings: {},
      dryRun: false,
      skipBadRows: true,
      ...overrides,
    });
    const accountBad: BadRow[] = [];
    const a1 = await run(
      accounts(
        'Company,Website,Industry,Size\nAcme Ltd,https://www.Acme.com/about,Manufacturing,51-200\nGlobex,,Energy,\nInitech,not a domain!,,\n',
      ),
      accountBad,
      ws,
    );
    expect(a1.counts).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 0 });
    expect(accountBad.map((b) => [b.line, b.field])).toEqual([[4, 'Website (domain)']]);
    const next = accounts(
      'Company,Website,Size\nACME Limited,acme.com,1000+\nGlobex,globex.com,\nHooli,hooli.xyz,\nGlobex,globex.com,\n',
    );
    const accountsNow = async () =>
      (
        await sql<{ name: string; domain: string | null; industry: string | null; size: string | null }>`
          select name, domain::text as domain, industry, size from accounts where workspace_id = ${ws} order by name`.execute(
          database.db,
        )
      ).rows;
    const before = await accountsNow();
    expect((await run({ ...next, dryRun: true }, [], ws)).counts).toEqual({
      created: 1,
      updated: 2,
      unchanged: 1,
      rejected: 0,
    });
    expect(await accountsNow()).toEqual(before);
    expect((await run(next, [], ws)).counts).toEqual({ created: 1, updated: 2, unchanged: 1, rejected: 0 });
    expect(await accountsNow()).toEqual([
      { name: 'ACME Limited', domain: 'acme.com', industry: 'Manufacturing', size: '1000+' },
      { name: 'Globex', domain: 'globex.com', industry: 'Energy', size: null },
      { name: 'Hooli', domain: 'hooli.xyz', industry: null, size: null },
    ]);
  });
});

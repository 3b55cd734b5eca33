import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, SYSTEM_PRINCIPAL } from '../../platform/index';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../testing/db';
import { buildOrders } from './build';
import { type ImportOptions, importOrders } from './import-orders';
import { parseMapping, resolveMapping } from './mapping';
import { readRecords } from './read';
import { parseRows } from './rows';
import { dateParser } from '../../imports/index';

const RETAIL_CSV = `InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Returned
536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,
536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,
536366,22633,HAND WARMER UNION JACK,6,12/1/2010 8:28,1.85,17850,
536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,13047,
C536379,85123A,WHITE HANGING HEART T-LIGHT HOLDER,-2,12/2/2010 9:41,2.55,17850,yes
`;

const retail = (overrides: Partial<ImportOptions> = {}): ImportOptions => ({
  format: 'csv',
  mapping: parseMapping(
    'customer=CustomerID,date=InvoiceDate,quantity=Quantity,price=UnitPrice,sku=StockCode,product=Description,order=InvoiceNo,return=Returned',
  ),
  dateFormat: 'M/D/YYYY H:mm',
  source: 'retail',
  channel: 'store',
  status: 'fulfilled',
  currency: 'GBP',
  skipBadRows: false,
  ...overrides,
});

describe('reading order files', () => {
  it('reads dates in a format, and refuses impossible ones', () => {
    expect(dateParser('YYYYMMDD')('19970325')?.toISOString()).toBe('1997-03-25T00:00:00.000Z');
    expect(dateParser('M/D/YYYY H:mm')('12/1/2010 8:26')?.toISOString()).toBe('2010-12-01T08:26:00.000Z');
    expect(dateParser('YYYYMMDD')('19970230')).toBeUndefined();
    expect(dateParser(undefined)('2024-05-01T12:00:00+02:00')?.toISOString()).toBe(
      '2024-05-01T10:00:00.000Z',
    );
    expect(dateParser(undefined)('2024-05-01')?.toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(() => dateParser('DD/MM')).toThrow(RangeError);
  });

  it('reads space-padded CRLF columns, skipping a header line, and splits amounts into exact cents', () => {
    const text =
      ' customer_id  date number_of_cds  dollar_value\r\n 00001 19970101  1   11.77\r\n 00002 19970112  3   11.77\r\n';
    const file = readRecords(text, {
      format: 'whitespace',
      columns: ['customer', 'date', 'quantity', 'amount'],
    });
    expect(file.records.map((r) => r.line)).toEqual([2, 3]);
    const mapping = resolveMapping(file.columns, {});
    const { rows, bad } = parseRows(file.records, mapping, dateParser('YYYYMMDD'), 'YYYYMMDD');
    expect(bad).toEqual([]);
    const { orders } = buildOrders(rows, {
      source: 'cdnow',
      channel: 'web',
      status: 'fulfilled',
      currency: 'USD',
    });
    expect(orders.map((o) => o.input.lines)).toEqual([
      [{ sku: 'UNSPECIFIED', quantity: 1, unitPrice: 11.77 }],
      [
        { sku: 'UNSPECIFIED', quantity: 2, unitPrice: 3.92 },
        { sku: 'UNSPECIFIED', quantity: 1, unitPrice: 3.93 },
      ],
    ]);
    expect(orders.map((o) => o.input.idempotencyKey)).toEqual([
      'cdnow:00001:19970101:1',
      'cdnow:00002:19970112:1',
    ]);
  });

  it('names the line and column of each bad row', () => {
    const text =
      'cust,day,amt,qty\nA,2024-01-01,10,1\nB,yesterday,10,1\nC,2024-01-02,ten,1\nD,2024-01-03,5,-2\nE,2024-01-04,5,0\n';
    const file = readRecords(text, { format: 'csv' });
    const mapping = resolveMapping(
      file.columns,
      parseMapping('customer=cust,date=day,amount=amt,quantity=qty'),
    );
    const { rows, bad } = parseRows(file.records, mapping, dateParser(undefined), undefined);
    expect(rows.map((r) => r.customer)).toEqual(['A']);
    expect(bad).toEqual([
      { line: 3, field: 'day (date)', reason: expect.stringContaining('"yesterday"') },
      { line: 4, field: 'amt (amount)', reason: expect.stringContaining('"ten"') },
      { line: 5, field: 'qty (quantity)', reason: expect.stringContaining('not a return') },
      { line: 6, field: 'qty (quantity)', reason: 'is zero' },
    ]);
    expect(() => resolveMapping(file.columns, parseMapping('customer=Customer'))).toThrow(
      /customer: no column "Customer"/,
    );
  });
});

describeEachDatabase('importing orders', (kind) => {
  let database: TestDatabase;
  let workspaceId: string;
  const count = async (table: string) => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}
      where workspace_id = ${workspaceId}`.execute(database.db);
    return rows[0]?.n ?? 0;
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    workspaceId = (await createWorkspace(database.db, { slug: 'shop', name: 'Shop' })).id;
  });
  afterAll(() => database.close());

  it('loads a headed CSV with a mapping: order lines, products, customers, returns; a re-run adds nothing', async () => {
    const actor = SYSTEM_PRINCIPAL(workspaceId);
    const first = await importOrders(database.db, actor, RETAIL_CSV, retail());
    expect(first).toMatchObject({
      rows: 5,
      badRows: [],
      loaded: true,
      orders: { created: 3, duplicate: 0, rejected: 0 },
      returns: { created: 1, duplicate: 0 },
      peopleCreated: 2,
      productsCreated: 4,
    });
    const { rows } = await sql<{
      external_ref: string;
      total: number;
      status: string;
      lines: number;
      who: string;
    }>`
      select o.external_ref, o.total, o.status, count(l.*)::int as lines, i.value as who
      from orders o join order_lines l on l.order_id = o.id
      join identities i on i.person_id = o.person_id and i.kind = 'external'
      where o.workspace_id = ${workspaceId} group by o.workspace_id, o.id, i.value order by o.external_ref`.execute(
      database.db,
    );
    expect(rows).toEqual([
      { external_ref: '536365', total: 35.64, status: 'returned', lines: 2, who: 'retail:17850' },
      { external_ref: '536366', total: 11.1, status: 'fulfilled', lines: 1, who: 'retail:17850' },
      { external_ref: '536367', total: 54.08, status: 'fulfilled', lines: 1, who: 'retail:13047' },
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
      and object_type <> 'workspace' group by object_type order by object_type`.execute(database.db);
    expect(audit.rows).toEqual([
      { object_type: 'order_imports', n: 1 },
      { object_type: 'order_returns', n: 1 },
      { object_type: 'orders', n: 1 },
      { object_type: 'products', n: 4 },
    ]);
    const counts = [
      await count('orders'),
      await count('order_lines'),
      await count('people'),
      await count('interactions'),
    ];
    const again = await importOrders(database.db, actor, RETAIL_CSV, retail());
    expect(again).toMatchObject({
      orders: { created: 0, duplicate: 3 },
      returns: { created: 0, duplicate: 1 },
      peopleCreated: 0,
      productsCreated: 0,
    });
    expect([
      await count('orders'),
      await count('order_lines'),
      await count('people'),
      await count('interactions'),
    ]).toEqual(counts);
  });

  it('loads nothing from a file with bad rows, unless told to skip them', async () => {
    const text = 'customer,date,amount\nX1,2024-03-01,10.00\nX2,2024-13-01,5.00\nX3,2024-03-02,-4\n';
    const options: ImportOptions = { ...retail(), mapping: {}, dateFormat: undefined, source: 'web' };
    const orders = await count('orders');
    const refused = await importOrders(database.db, SYSTEM_PRINCIPAL(workspaceId), text, options);
    expect(refused.loaded).toBe(false);
    expect(refused.badRows.map((b) => [b.line, b.field])).toEqual([
      [3, 'date (date)'],
      [4, 'amount (amount)'],
    ]);
    expect(await count('orders')).toBe(orders);
    const skipped = await importOrders(database.db, SYSTEM_PRINCIPAL(workspaceId), text, {
      ...options,
      skipBadRows: true,
    });
    expect(skipped).toMatchObject({ loaded: true, orders: { created: 1 } });
    expect(await count('orders')).toBe(orders + 1);
  });
});

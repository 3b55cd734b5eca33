import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase, type TestDatabase, createTestDatabase } from '../testing/db';
import { copyRows, copyStatement, encodeRow } from './bulk';

describe('copyRows encoding', () => {
  it('escapes the COPY text format specials and writes NULL as \\N', () => {
    expect(encodeRow(['a\tb', 'line\nbreak\r', 'back\\slash', null, undefined, 3.5, true, false])).toBe(
      'a\\tb\tline\\nbreak\\r\tback\\\\slash\t\\N\t\\N\t3.5\tt\tf\n',
    );
    expect(encodeRow([{ a: 'x\ty' }, new Date('2024-01-02T03:04:05.678Z'), new Uint8Array([0, 255])])).toBe(
      '{"a":"x\\\\ty"}\t2024-01-02T03:04:05.678Z\t\\\\x00ff\n',
    );
  });

  it('accepts only plain lower-case identifiers for the table and columns', () => {
    expect(copyStatement('people', ['workspace_id', 'id'])).toBe('copy "people" ("workspace_id", "id") from');
    expect(() => copyStatement('people; drop table x', ['id'])).toThrow(/invalid table name/);
    expect(() => copyStatement('People', ['id'])).toThrow(/invalid table name/);
    expect(() => copyStatement('people', ['id', 'name"'])).toThrow(/invalid column name/);
    expect(() => copyStatement('people', [])).toThrow(/no columns/);
    expect(() => copyStatement('people', ['id', 'id'])).toThrow(/duplicate/);
  });
});

const COLUMNS = ['id', 'label', 'note', 'amount', 'flag', 'at', 'data', 'raw'];

const TRICKY: unknown[][] = [
  [
    1,
    'tab\there',
    'new\nline and \r carriage',
    12.5,
    true,
    new Date('2024-05-06T07:08:09.123Z'),
    { a: 1 },
    null,
  ],
  [
    2,
    'quote " and \' quotes',
    'back\\slash \\N \\. \\t literally',
    0,
    false,
    null,
    ['x', { y: 'z"\\\t\n' }],
    null,
  ],
  [3, null, '', -1.25, null, null, null, new Uint8Array([0, 1, 2, 254, 255])],
  [
    4,
    'unicode: café 東京 🎉',
    ',;|',
    99999.99,
    true,
    new Date(0),
    { nested: { list: [1, null, 'a\nb'] } },
    null,
  ],
  [5, '\\.', '\\', null, null, null, '{"json as":"text\\t"}', null],
];

describeEachDatabase('copyRows', (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(kind, { migrate: false });
    await sql`create table bulk_probe (
      id integer primary key, label text, note text, amount numeric(12, 2), flag boolean,
      at timestamptz, data jsonb, raw bytea)`.execute(database.db);
  });
  afterAll(async () => {
    await database?.close();
  });

  async function readBack(): Promise<unknown[][]> {
    const { rows } = await sql<Record<string, unknown>>`
      select id, label, note, amount, flag, at, data, encode(raw, 'hex') as raw from bulk_probe order by id`.execute(
      database.db,
    );
    return rows.map((r) => COLUMNS.map((c) => r[c]));
  }

  it('round-trips tabs, newlines, quotes, backslashes, nulls, unicode, jsonb and bytea', async () => {
    await sql`truncate bulk_probe`.execute(database.db);
    expect(await copyRows(database, 'bulk_probe', COLUMNS, TRICKY)).toBe(TRICKY.length);
    const back = await readBack();
    expect(back).toHaveLength(TRICKY.length);
    const expected = TRICKY.map((row) =>
      row.map((v, i) => {
        if (v instanceof Date) return v.toISOString();
        if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
        if (COLUMNS[i] === 'data' && typeof v === 'string') return JSON.parse(v);
        return v;
      }),
    );
    const normalised = back.map((row) => row.map((v) => (v instanceof Date ? v.toISOString() : v)));
    // timestamptz comes back as a Date or an ISO-like string depending on the parser; compare instants.
    for (const [r, row] of normalised.entries()) {
      const at = row[5];
      if (typeof at === 'string') row[5] = new Date(at).toISOString();
      expect(row, `row ${r}`).toEqual(expected[r]);
    }
  });

  it('streams many rows in several chunks into a real table and counts them', async () => {
    await sql`truncate bulk_probe`.execute(database.db);
    function* many() {
      for (let i = 0; i < 20_000; i++)
        yield [i, `label ${i}\t${i % 7}`, null, i / 4, i % 2 === 0, null, { i }, null];
    }
    expect(await copyRows(database, 'bulk_probe', COLUMNS, many(), { chunkBytes: 64 * 1024 })).toBe(20_000);
    const { rows } = await sql<{ n: number; s: number; j: number }>`
      select count(*)::int as n, sum(amount)::float8 as s, sum((data->>'i')::int)::float8 as j from bulk_probe`.execute(
      database.db,
    );
    expect(rows[0]).toEqual({ n: 20_000, s: (19_999 * 20_000) / 2 / 4, j: (19_999 * 20_000) / 2 });
  });

  it('copies nothing for no rows', async () => {
    await sql`truncate bulk_probe`.execute(database.db);
    expect(await copyRows(database, 'bulk_probe', COLUMNS, [])).toBe(0);
  });

  it('loads all rows or none when a later chunk fails, and the database stays usable', async () => {
    await sql`truncate bulk_probe`.execute(database.db);
    function* withDuplicate() {
      for (let i = 0; i < 5_000; i++) yield [i, 'x'.repeat(50), null, 1, true, null, null, null];
      yield [0, 'duplicate key', null, 1, true, null, null, null];
    }
    await expect(
      copyRows(database, 'bulk_probe', COLUMNS, withDuplicate(), { chunkBytes: 16 * 1024 }),
    ).rejects.toThrow(/duplicate key|unique/i);
    const count = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from bulk_probe`.execute(database.db)).rows[0]?.n;
    expect(await count()).toBe(0);
    await copyRows(database, 'bulk_probe', COLUMNS, [[1, 'after', null, 1, true, null, null, null]]);
    expect(await count()).toBe(1);
  });

  it('rejects a row of the wrong width and leaves nothing behind', async () => {
    await sql`truncate bulk_probe`.execute(database.db);
    function* rows() {
      for (let i = 0; i < 3_000; i++) yield [i, 'ok', null, 1, true, null, null, null];
      yield [9_999, 'short'];
    }
    await expect(copyRows(database, 'bulk_probe', COLUMNS, rows(), { chunkBytes: 8 * 1024 })).rejects.toThrow(
      /row 3000 has 2 values for 8 columns/,
    );
    const { rows: n } = await sql<{ n: number }>`select count(*)::int as n from bulk_probe`.execute(
      database.db,
    );
    expect(n[0]?.n).toBe(0);
  });

  it('quotes names, so reserved words work as table and column names', async () => {
    await sql`create table "order" ("select" integer, "from" text)`.execute(database.db);
    expect(await copyRows(database, 'order', ['select', 'from'], [[1, 'a\tb']])).toBe(1);
    const { rows } = await sql<{
      s: number;
      f: string;
    }>`select "select" as s, "from" as f from "order"`.execute(database.db);
    expect(rows).toEqual([{ s: 1, f: 'a\tb' }]);
  });

  it('refuses a table name that is not a plain identifier before touching the database', async () => {
    await expect(copyRows(database, 'bulk_probe; drop table bulk_probe', ['id'], [[1]])).rejects.toThrow(
      /invalid table name/,
    );
  });
});

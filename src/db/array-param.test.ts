import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../testing/db';
import { arrayLiteral, arrayParam } from './array-param';

it('quotes the elements that need it and escapes quotes and backslashes', () => {
  expect(
    arrayLiteral([
      'a',
      null,
      'say "hi"',
      'c:\\x',
      '',
      'NULL',
      'null',
      'Nullish',
      'a b',
      '{x}',
      'a,b',
      3,
      true,
      undefined,
    ]),
  ).toBe('{a,NULL,"say \\"hi\\"","c:\\\\x","","NULL","null",Nullish,"a b","{x}","a,b",3,t,NULL}');
});

describeEachDatabase('array parameters', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind, { migrate: false });
  });
  afterAll(() => database.close());

  it('arrive in PostgreSQL exactly as given, whatever the characters', async () => {
    const texts = [
      'plain',
      'a,b',
      '{braces}',
      'quote " and \\ backslash',
      ' spaced ',
      'tab\there',
      'line\nbreak',
      '',
      'NULL',
      'null',
      'NuLl',
      'nullish',
      'a=b:c;d|e',
      'ü 中文 🙂',
      null,
    ];
    const { rows } = await sql<{ v: string | null; n: number }>`
      select v, n::int from unnest(${arrayParam(texts, 'text')}) with ordinality as t (v, n) order by n`.execute(
      database.db,
    );
    expect(rows.map((r) => r.v)).toEqual(texts);
    const other = await sql<{ j: unknown; d: string; b: boolean; x: number }>`
      select * from unnest(${arrayParam([{ a: 'x"y' }], 'jsonb')}, ${arrayParam([new Date('2026-01-02T03:04:05Z')], 'timestamptz')},
        ${arrayParam([false], 'boolean')}, ${arrayParam([1.5], 'numeric')}) as t (j, d, b, x)`.execute(
      database.db,
    );
    expect(other.rows[0]).toMatchObject({ j: { a: 'x"y' }, b: false, x: 1.5 });
    expect(new Date(other.rows[0]?.d as string).toISOString()).toBe('2026-01-02T03:04:05.000Z');
  });
});

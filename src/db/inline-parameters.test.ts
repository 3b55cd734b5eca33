import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../testing/db';
import { inlineParameters, literalOf } from './inline-parameters';

describe('inlineParameters', () => {
  it('replaces placeholders with quoted literals, leaving strings, identifiers and comments alone', () => {
    const text = `select $1, '$2 in a string', E'it\\'s $2', "col$2", $$ $2 $$, $tag$ $2 $tag$, a$2 -- $2
      /* $2 /* nested $2 */ still $2 */ from t where x = $2 and y = $10`;
    const values = ['a', "it's", 3, 4, 5, 6, 7, 8, 9, null];
    expect(inlineParameters(text, values)).toBe(
      `select 'a', '$2 in a string', E'it\\'s $2', "col$2", $$ $2 $$, $tag$ $2 $tag$, a$2 -- $2
      /* $2 /* nested $2 */ still $2 */ from t where x = 'it''s' and y = null`,
    );
  });

  it('refuses what cannot go into a query text: binary data, NUL characters, too much text', () => {
    expect(literalOf(Buffer.from('x'))).toBeUndefined();
    expect(literalOf('a\u0000b')).toBeUndefined();
    expect(inlineParameters('select $1', ['a\u0000b'])).toBeUndefined();
    expect(inlineParameters('select $1', ['x'.repeat(100)], 50)).toBeUndefined();
    expect(inlineParameters('select $2', ['only one'])).toBeUndefined();
  });

  it('quotes backslashes as E-strings and writes null, numbers, booleans, arrays and objects as node-postgres sends them', () => {
    expect(literalOf('a\\b')).toBe(" E'a\\\\b'");
    expect(literalOf(undefined)).toBe('null');
    expect(literalOf(42)).toBe("'42'");
    expect(literalOf(true)).toBe("'true'");
    expect(literalOf(['a', 'b,c', null])).toBe(`'{"a","b,c",NULL}'`);
    expect(literalOf(['b"c'])).toBe(String.raw` E'{"b\\"c"}'`);
    expect(literalOf({ a: "it's" })).toBe(`'{"a":"it''s"}'`);
  });
});

describeEachDatabase('statements with inlined values read as with parameters', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind, { migrate: false });
  });
  afterAll(() => database.close());

  const values: [string, unknown][] = [
    ['text', 'O\'Brien \\ "quoted" $1 -- not a comment'],
    ['text', 'Ünïcödé 𝄞 ☎'],
    ['integer', 42],
    ['numeric', 12.5],
    ['boolean', false],
    ['timestamptz', new Date('2024-02-29T23:59:59.123Z')],
    ['date', '2024-02-29'],
    ['text[]', ['a', 'b,c', 'd"e', null]],
    ['uuid[]', ['5f0c6a2e-2c1f-4c39-9a57-0a9e0a4e7b11']],
    ['jsonb', { name: "it's", list: [1, 2], nested: { ok: true } }],
    ['text', null],
  ];

  it('returns the same values both ways', async () => {
    for (const [type, value] of values) {
      const query = `select $1::${type} as v`;
      const { rows: params } = await database.pool.query(query, [value]);
      const inlined = inlineParameters(query, [value]);
      expect(inlined).toBeDefined();
      const { rows: literal } = await database.pool.query(inlined as string);
      expect(literal, `${type} ${String(value)}`).toEqual(params);
    }
  });

  it('scopes a tenant transaction with one message: settings and first statement go together', async () => {
    const sent = vi.spyOn(pg.Client.prototype, 'query');
    const result = await database.db.transaction().execute(async (trx) => {
      await sql`/* deferrable */ select set_config('rapport.test', ${'held back'}, true)`.execute(trx);
      const { rows } = await sql<{
        v: string;
      }>`select current_setting('rapport.test') as v, ${"it's"}::text as w`.execute(trx);
      return rows[0];
    });
    const messages = sent.mock.calls.map((call) => String(call[0]));
    sent.mockRestore();
    expect(result).toEqual({ v: 'held back', w: "it's" });
    // begin + settings + the statement, then commit: two round trips.
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(
      /^begin\n;\n\/\* deferrable \*\/ select set_config\('rapport.test', 'held back', true\)\n;\nselect/,
    );
    expect(messages[1]).toBe('commit');
  });

  it('sends nothing for a transaction that ends before its first real statement', async () => {
    const sent = vi.spyOn(pg.Client.prototype, 'query');
    await database.db.transaction().execute(async (trx) => {
      await sql`/* deferrable */ select set_config('rapport.test', 'x', true)`.execute(trx);
    });
    const count = sent.mock.calls.length;
    sent.mockRestore();
    expect(count).toBe(0);
  });
});

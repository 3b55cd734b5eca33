import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RowTable } from '../analytics/index';
import { formatExact, formatSignificant, writeJson } from './json-out';

async function written(value: unknown): Promise<string> {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  await writeJson(stream, value);
  return chunks.join('');
}

describe('writeJson', () => {
  it('writes what JSON.stringify(value, null, 2) writes, tables as arrays of rows', async () => {
    const ids = ['a', 'b"c', 'd\\n', 'é'];
    const table = new RowTable<object>(
      4,
      [
        { name: 'customerId', text: (i) => ids[i] as string },
        { name: 'n', values: Int32Array.from([3, -1, 0, 7]) },
        { name: 'v', values: Float64Array.from([0.1, Number.NaN, 2.5, 1e21]), at: [3, 2, 1, 0] },
        { name: 'none', values: null },
        { name: 'p', values: Float64Array.from([1 / 3, -2 / 7, 123456.7890123456, 0]), computed: true },
      ],
      [2, 0, 3, 1],
    );
    const report = { a: 1, nested: { items: table, total: 4 }, list: [table, new RowTable(0, [])], s: 'x' };
    // Computed numbers to 12 significant digits.
    const rows = table.rows().map((r) => ({ ...r, p: Number(formatSignificant((r as { p: number }).p)) }));
    const expected = JSON.stringify(
      { a: 1, nested: { items: rows, total: 4 }, list: [rows, []], s: 'x' },
      null,
      2,
    );
    expect(await written(report)).toBe(`${expected}\n`);
    expect(expected).toContain('"p": 0.333333333333');
  });
});

describe('number formats', () => {
  it('formatExact writes numbers as JSON does', () => {
    let seed = 1;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const values = [
      0,
      -0,
      1,
      -1,
      0.1,
      0.3,
      29.33,
      38.86,
      2 ** 31,
      2 ** 53,
      1e21,
      1e-7,
      123456789.0123,
      -0.0005,
    ];
    for (let i = 0; i < 20000; i++) {
      values.push(Math.round(next() * 1e6) / 100, (next() - 0.5) * 10 ** Math.floor(next() * 20 - 8), i / 7);
    }
    for (const v of values) expect([v, formatExact(v)]).toEqual([v, JSON.stringify(v)]);
    expect([formatExact(Number.NaN), formatExact(Number.POSITIVE_INFINITY)]).toEqual(['null', 'null']);
  });

  it('formatSignificant rounds to 12 significant digits', () => {
    expect(formatSignificant(0.30532397344628764)).toBe('0.305323973446');
    expect(formatSignificant(456.78000000000003)).toBe('456.78');
    expect(formatSignificant(-1234.5)).toBe('-1234.5');
    expect(formatSignificant(1 - 1e-13)).toBe('1');
    expect(formatSignificant(0.000012345678901234)).toBe('0.0000123456789012');
    expect([formatSignificant(0), formatSignificant(Number.NaN)]).toEqual(['0', 'null']);
    for (const v of [3.3e-9, 7.123456789012345e14, 1e25])
      expect(Number(formatSignificant(v))).toBe(Number(v.toPrecision(12)));
    for (let i = 1; i < 5000; i++) {
      const v = (i * 0.7390851332151607) / (i % 13 === 0 ? 1e5 : 1);
      expect(Math.abs(Number(formatSignificant(v)) - v) / v).toBeLessThan(5e-12);
    }
  });
});
